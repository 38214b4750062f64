/**
 * Playbooks (issue 7 part 8; P24, P27, P30): guided steps for a situation, a suggested macro and
 * the resolution actions allowed. The four built-ins are seeded into every workspace (at
 * provisioning, and lazily for workspaces made before they existed); admins and leads
 * (macro.manage) edit or switch them off and keep their own. Agents start a playbook on a ticket
 * and tick its steps; the run completes when every step is checked.
 */
import { PlaybookKey, ResolutionAction, type CreatePlaybookBody, type PlaybookDto, type PlaybookRunDto, type TicketPlaybooks, type UpdatePlaybookBody } from '@rapport/contracts/playbooks';
import type { Db, DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { lockTicketByRef, requireTicketId } from '../tickets/get-ticket.ts';
import { builtInPlaybooks } from './built-in-playbooks.ts';
import {
  builtInKeysOf,
  deleteCustomPlaybookRow,
  findPlaybookRow,
  findRunRow,
  insertBuiltInPlaybook,
  insertPlaybook,
  insertRunRow,
  insertSharedMacro,
  listPlaybookRows,
  listRunRows,
  loadSuggestionFacts,
  lockRunRow,
  sharedMacroExists,
  updatePlaybookRow,
  updateRunRow,
  type PlaybookRunRow,
  type PlaybookWithMacro,
} from './playbooks.queries.ts';
import { describeSuggestion, suggestPlaybooks } from './suggest-playbooks.ts';

const playbookNotFound = () => new AppError('PLAYBOOK_NOT_FOUND', { message: 'No such playbook in this workspace.' });

// ---- Built-ins ---------------------------------------------------------------------------------

/**
 * Seeds the built-in playbooks a workspace lacks, each with its shared macro. Idempotent and safe
 * under concurrency: the playbook row is claimed first (unique on workspace and key) and only the
 * claimant writes the macro, so a race never leaves a second macro behind. Returns how many it added.
 */
export async function seedBuiltInPlaybooks(tx: DbOrTx, workspaceId: string, now: Date): Promise<number> {
  let added = 0;
  for (const [position, builtIn] of builtInPlaybooks.entries()) {
    // Seeded in order (one millisecond apart), so the list shows them as written.
    const createdAt = new Date(now.getTime() + position);
    const id = await insertBuiltInPlaybook(tx, {
      workspaceId,
      key: builtIn.key,
      name: builtIn.name,
      description: builtIn.description,
      steps: builtIn.steps,
      allowedActions: builtIn.allowedActions,
      enabled: true,
      createdAt,
      updatedAt: createdAt,
    });
    if (!id) continue;
    const macroId = await insertSharedMacro(tx, { workspaceId, name: builtIn.macro.name, body: builtIn.macro.body, actions: builtIn.macro.actions, now });
    await updatePlaybookRow(tx, workspaceId, id, { suggestedMacroId: macroId });
    added += 1;
  }
  return added;
}

/** For workspaces made before playbooks existed: seeds on first read, once. */
async function ensureBuiltIns(db: Db, workspaceId: string, now: Date): Promise<void> {
  const present = new Set(await builtInKeysOf(db, workspaceId));
  if (builtInPlaybooks.every((builtIn) => present.has(builtIn.key))) return;
  await db.transaction((tx) => seedBuiltInPlaybooks(tx, workspaceId, now));
}

// ---- DTOs --------------------------------------------------------------------------------------

function toPlaybookDto(row: PlaybookWithMacro): PlaybookDto {
  const key = PlaybookKey.safeParse(row.key);
  return {
    id: row.id,
    key: key.success ? key.data : null,
    name: row.name,
    description: row.description,
    steps: (row.steps ?? []).map((step) => ({ title: String(step.title ?? ''), detail: String(step.detail ?? '') })),
    suggestedMacro: row.suggestedMacroId && row.suggestedMacroName !== null ? { id: row.suggestedMacroId, name: row.suggestedMacroName } : null,
    allowedActions: row.allowedActions.filter((action): action is ResolutionAction => ResolutionAction.safeParse(action).success),
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toRunDto(run: PlaybookRunRow, playbook: PlaybookWithMacro): PlaybookRunDto {
  const dto = toPlaybookDto(playbook);
  return {
    playbook: dto,
    checkedSteps: run.checkedSteps.filter((index) => index < dto.steps.length).sort((a, b) => a - b),
    startedById: run.startedById,
    startedAt: run.startedAt.toISOString(),
    completedAt: run.completedAt?.toISOString() ?? null,
  };
}

// ---- Playbooks ---------------------------------------------------------------------------------

export async function listPlaybooks(deps: AppDeps, actor: Actor): Promise<{ items: PlaybookDto[] }> {
  await ensureBuiltIns(deps.db, actor.workspaceId, deps.clock.now());
  const rows = await listPlaybookRows(deps.db, actor.workspaceId);
  return { items: rows.map(toPlaybookDto) };
}

async function assertSharedMacro(tx: DbOrTx, workspaceId: string, macroId: string | null | undefined): Promise<void> {
  if (!macroId) return;
  if (!(await sharedMacroExists(tx, workspaceId, macroId))) {
    throw new AppError('MACRO_NOT_FOUND', { message: 'A playbook suggests a shared macro of this workspace; no such shared macro.', details: { suggestedMacroId: macroId } });
  }
}

export async function createPlaybook(deps: AppDeps, actor: Actor, input: CreatePlaybookBody): Promise<PlaybookDto> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    await assertSharedMacro(tx, actor.workspaceId, input.suggestedMacroId);
    const id = await insertPlaybook(tx, {
      workspaceId: actor.workspaceId,
      key: null,
      name: input.name,
      description: input.description ?? '',
      steps: input.steps.map((step) => ({ title: step.title, detail: step.detail ?? '' })),
      suggestedMacroId: input.suggestedMacroId ?? null,
      allowedActions: input.allowedActions ?? [],
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, { action: 'playbook.created', subjectType: 'playbook', subjectId: id, data: { name: input.name } });
    const row = await findPlaybookRow(tx, actor.workspaceId, id);
    if (!row) throw playbookNotFound();
    return toPlaybookDto(row);
  });
}

export async function updatePlaybook(deps: AppDeps, actor: Actor, id: string, input: UpdatePlaybookBody): Promise<PlaybookDto> {
  return deps.db.transaction(async (tx) => {
    const existing = await findPlaybookRow(tx, actor.workspaceId, id);
    if (!existing) throw playbookNotFound();
    await assertSharedMacro(tx, actor.workspaceId, input.suggestedMacroId);
    await updatePlaybookRow(tx, actor.workspaceId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.steps !== undefined ? { steps: input.steps.map((step) => ({ title: step.title, detail: step.detail ?? '' })) } : {}),
      ...(input.suggestedMacroId !== undefined ? { suggestedMacroId: input.suggestedMacroId } : {}),
      ...(input.allowedActions !== undefined ? { allowedActions: input.allowedActions } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, actor, { action: 'playbook.updated', subjectType: 'playbook', subjectId: id, data: { name: existing.name, fields: Object.keys(input) } });
    const row = await findPlaybookRow(tx, actor.workspaceId, id);
    if (!row) throw playbookNotFound();
    return toPlaybookDto(row);
  });
}

export async function deletePlaybook(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const existing = await findPlaybookRow(tx, actor.workspaceId, id);
    if (!existing) throw playbookNotFound();
    if (existing.key !== null) {
      throw new AppError('FORBIDDEN', { message: 'Built-in playbooks can be edited or switched off, not deleted.', details: { key: existing.key } });
    }
    if (!(await deleteCustomPlaybookRow(tx, actor.workspaceId, id))) throw playbookNotFound();
    await recordAudit(tx, actor, { action: 'playbook.deleted', subjectType: 'playbook', subjectId: id, data: { name: existing.name } });
  });
}

// ---- Runs on a ticket --------------------------------------------------------------------------

/** The playbooks started on the ticket, and the enabled ones not started yet that its rules suggest. */
/** The playbooks started on a ticket (their keys and allowed resolution actions), without suggesting others. */
export async function startedPlaybooksOf(db: DbOrTx, workspaceId: string, ticketId: string): Promise<{ key: string | null; allowedActions: string[] }[]> {
  const [rows, runs] = await Promise.all([listPlaybookRows(db, workspaceId), listRunRows(db, workspaceId, ticketId)]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return runs.flatMap((run) => {
    const playbook = byId.get(run.playbookId);
    return playbook ? [{ key: playbook.key, allowedActions: playbook.allowedActions }] : [];
  });
}

export async function ticketPlaybooks(deps: AppDeps, actor: Actor, ref: string): Promise<TicketPlaybooks> {
  const ticketId = await requireTicketId(deps.db, actor, ref);
  await ensureBuiltIns(deps.db, actor.workspaceId, deps.clock.now());
  const [rows, runs, facts] = await Promise.all([
    listPlaybookRows(deps.db, actor.workspaceId),
    listRunRows(deps.db, actor.workspaceId, ticketId),
    loadSuggestionFacts(deps.db, actor.workspaceId, ticketId),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const started = new Set(runs.map((run) => run.playbookId));
  const byKey = new Map(rows.filter((row) => row.key !== null && row.enabled && !started.has(row.id)).map((row) => [row.key, row]));
  const suggested = facts
    ? suggestPlaybooks(facts).flatMap((match) => {
        const playbook = byKey.get(match.key);
        return playbook ? [{ playbookId: playbook.id, key: match.key, name: playbook.name, rule: match.rule, evidence: match.evidence, reason: describeSuggestion(match) }] : [];
      })
    : [];
  return {
    runs: runs.flatMap((run) => {
      const playbook = byId.get(run.playbookId);
      return playbook ? [toRunDto(run, playbook)] : [];
    }),
    suggested,
  };
}

/** Starts a playbook on a ticket; starting one already started returns that run unchanged. */
export async function startPlaybook(deps: AppDeps, actor: Actor, ref: string, playbookId: string): Promise<PlaybookRunDto> {
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const playbook = await findPlaybookRow(tx, actor.workspaceId, playbookId);
    if (!playbook) throw playbookNotFound();
    const existing = await findRunRow(tx, actor.workspaceId, ticket.id, playbookId);
    if (existing) return toRunDto(existing, playbook);
    if (!playbook.enabled) throw new AppError('PLAYBOOK_NOT_FOUND', { message: 'That playbook is switched off in this workspace.' });
    const now = deps.clock.now();
    if (await insertRunRow(tx, { workspaceId: actor.workspaceId, ticketId: ticket.id, playbookId, startedById: actor.userId, now })) {
      await recordAudit(tx, actor, { action: 'playbook.started', subjectType: 'ticket', subjectId: ticket.id, data: { playbookId, name: playbook.name } });
    }
    const run = await findRunRow(tx, actor.workspaceId, ticket.id, playbookId);
    if (!run) throw playbookNotFound();
    return toRunDto(run, playbook);
  });
}

/**
 * Sets which steps of a run are checked (the whole set). Each newly checked step is audited as
 * `playbook.step_checked`; the run completes (`playbook.completed`) when every step is checked,
 * and is open again if one is unchecked later.
 */
export async function checkPlaybookSteps(deps: AppDeps, actor: Actor, ref: string, playbookId: string, checkedSteps: readonly number[]): Promise<PlaybookRunDto> {
  return deps.db.transaction(async (tx) => {
    const ticket = await lockTicketByRef(tx, actor, ref);
    const playbook = await findPlaybookRow(tx, actor.workspaceId, playbookId);
    if (!playbook) throw playbookNotFound();
    const run = await lockRunRow(tx, actor.workspaceId, ticket.id, playbookId);
    if (!run) throw new AppError('PLAYBOOK_NOT_FOUND', { message: 'That playbook has not been started on this ticket.' });
    const stepCount = playbook.steps.length;
    const next = [...new Set(checkedSteps)].sort((a, b) => a - b);
    const outside = next.filter((index) => index >= stepCount);
    if (outside.length > 0) {
      throw new AppError('VALIDATION_FAILED', { message: `This playbook has ${stepCount} steps (0 to ${stepCount - 1}).`, details: { checkedSteps: outside } });
    }
    const before = new Set(run.checkedSteps.filter((index) => index < stepCount));
    const added = next.filter((index) => !before.has(index));
    const removed = [...before].filter((index) => !next.includes(index)).sort((a, b) => a - b);
    const isComplete = stepCount > 0 && next.length === stepCount;
    const now = deps.clock.now();
    const completedAt = isComplete ? (run.completedAt ?? now) : null;
    await updateRunRow(tx, actor.workspaceId, ticket.id, playbookId, { checkedSteps: next, completedAt });
    const base = { playbookId, name: playbook.name };
    for (const index of added) {
      await recordAudit(tx, actor, { action: 'playbook.step_checked', subjectType: 'ticket', subjectId: ticket.id, data: { ...base, step: index, title: playbook.steps[index]?.title ?? '' } });
    }
    if (removed.length > 0) {
      await recordAudit(tx, actor, { action: 'playbook.step_unchecked', subjectType: 'ticket', subjectId: ticket.id, data: { ...base, steps: removed } });
    }
    if (isComplete && !run.completedAt) {
      await recordAudit(tx, actor, { action: 'playbook.completed', subjectType: 'ticket', subjectId: ticket.id, data: base });
    }
    return toRunDto({ ...run, checkedSteps: next, completedAt }, playbook);
  });
}
