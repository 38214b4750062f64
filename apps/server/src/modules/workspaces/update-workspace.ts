import type { UpdateWorkspaceBody, WorkspaceDto } from '@rapport/contracts/workspace';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { recordAudit } from '../../platform/events.ts';
import { findWorkspaceById, updateWorkspaceRow } from './workspaces.queries.ts';
import { requestSlaReevaluation } from '../sla/sla.ts';

export async function getWorkspace(deps: AppDeps, actor: Actor): Promise<WorkspaceDto> {
  const row = await findWorkspaceById(deps.db, actor.workspaceId);
  if (!row) throw new Error(`the actor's workspace ${actor.workspaceId} is gone`);
  return row;
}

/** The workspace's time zone: where its days, weeks and months start (limits, reports, escalation notes). */
export async function workspaceTimeZone(db: DbOrTx, workspaceId: string): Promise<string> {
  return (await findWorkspaceById(db, workspaceId))?.timeZone ?? 'UTC';
}

/** Renames the workspace or changes its time zone (validated against the runtime's IANA list by the contract). */
export async function updateWorkspace(deps: AppDeps, actor: Actor, input: UpdateWorkspaceBody): Promise<WorkspaceDto> {
  return deps.db.transaction(async (tx) => {
    const current = await findWorkspaceById(tx, actor.workspaceId, { lock: true });
    if (!current) throw new Error(`the actor's workspace ${actor.workspaceId} is gone`);
    const values: { name?: string; timeZone?: string } = {};
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.name !== undefined && input.name !== current.name) {
      values.name = input.name;
      changes['name'] = { from: current.name, to: input.name };
    }
    if (input.timeZone !== undefined && input.timeZone !== current.timeZone) {
      values.timeZone = input.timeZone;
      changes['timeZone'] = { from: current.timeZone, to: input.timeZone };
    }
    if (Object.keys(changes).length === 0) return current;
    const updated = await updateWorkspaceRow(tx, actor.workspaceId, values);
    if (!updated) throw new Error(`the actor's workspace ${actor.workspaceId} is gone`);
    await recordAudit(tx, actor, { action: 'workspace.updated', subjectType: 'workspace', subjectId: actor.workspaceId, data: { changes } });
    // SLA clocks count business hours in the workspace's time zone.
    if (changes['timeZone']) await requestSlaReevaluation(tx, actor, 'workspace.time_zone_changed');
    return updated;
  });
}
