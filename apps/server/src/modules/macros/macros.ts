/**
 * Macros: canned replies with placeholders and optional ticket changes (P27). Shared macros belong
 * to the workspace and are managed by admins and leads (permission macro.manage); anyone who may
 * use macros keeps personal ones of their own.
 */
import { MacroActions, type CreateMacroBody, type MacroDto, type RenderedMacro, type UpdateMacroBody } from '@rapport/contracts/composer';
import type { DbOrTx } from '@rapport/db/database';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { roleHas } from '../../platform/permissions.ts';
import {
  countMacroUse,
  deleteMacroRow,
  findVisibleMacro,
  insertMacro,
  listVisibleMacros,
  loadPlaceholderSources,
  updateMacroRow,
  type MacroRow,
} from './macros.queries.ts';
import { parseTicketRef, ticketNotFound } from '../tickets/get-ticket.ts';
import { firstNameOf, renderMacroBody } from './render-macro.ts';

const macroNotFound = () => new AppError('MACRO_NOT_FOUND', { message: 'No such macro, or it is not yours.' });

/** Actions as stored (jsonb); anything that no longer validates is dropped rather than applied. */
function actionsOf(row: MacroRow): MacroActions {
  const parsed = MacroActions.safeParse(row.actions);
  return parsed.success ? parsed.data : {};
}

function toMacroDto(row: MacroRow): MacroDto {
  return {
    id: row.id,
    name: row.name,
    body: row.body,
    actions: actionsOf(row),
    scope: row.ownerId ? 'personal' : 'shared',
    category: row.category,
    ownerId: row.ownerId,
    usageCount: row.usageCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function assertMayChange(actor: Actor, row: { ownerId: string | null }): void {
  if (row.ownerId === null && !roleHas(actor.role, 'macro.manage')) {
    throw new AppError('FORBIDDEN', { message: 'Shared macros are managed by admins and leads; you may keep personal ones.' });
  }
  if (row.ownerId !== null && row.ownerId !== actor.userId) throw macroNotFound();
}

export async function listMacros(deps: AppDeps, actor: Actor): Promise<{ items: MacroDto[] }> {
  const rows = await listVisibleMacros(deps.db, actor.workspaceId, actor.userId);
  return { items: rows.map(toMacroDto) };
}

export async function createMacro(deps: AppDeps, actor: Actor, input: CreateMacroBody): Promise<MacroDto> {
  const ownerId = input.scope === 'personal' ? actor.userId : null;
  if (input.scope === 'personal' && !ownerId) throw new AppError('FORBIDDEN', { message: 'Personal macros belong to a person; create a shared one.' });
  assertMayChange(actor, { ownerId });
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await insertMacro(tx, {
      workspaceId: actor.workspaceId,
      name: input.name,
      body: input.body,
      actions: input.actions ?? {},
      category: input.category ?? 'macro',
      ownerId,
      createdById: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, { action: 'macro.created', subjectType: 'macro', subjectId: row.id, data: { name: row.name, scope: input.scope, category: row.category } });
    return toMacroDto(row);
  });
}

export async function updateMacro(deps: AppDeps, actor: Actor, id: string, input: UpdateMacroBody): Promise<MacroDto> {
  return deps.db.transaction(async (tx) => {
    const row = await findVisibleMacro(tx, actor.workspaceId, actor.userId, id);
    if (!row) throw macroNotFound();
    assertMayChange(actor, row);
    const updated = await updateMacroRow(tx, actor.workspaceId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.actions !== undefined ? { actions: input.actions } : {}),
      ...(input.category !== undefined ? { category: input.category } : {}),
      updatedAt: deps.clock.now(),
    });
    if (!updated) throw macroNotFound();
    await recordAudit(tx, actor, { action: 'macro.updated', subjectType: 'macro', subjectId: id, data: { fields: Object.keys(input) } });
    return toMacroDto(updated);
  });
}

export async function deleteMacro(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await findVisibleMacro(tx, actor.workspaceId, actor.userId, id);
    if (!row) throw macroNotFound();
    assertMayChange(actor, row);
    await deleteMacroRow(tx, actor.workspaceId, id);
    await recordAudit(tx, actor, { action: 'macro.deleted', subjectType: 'macro', subjectId: id, data: { name: row.name } });
  });
}

/** The macro's body filled for one ticket (nothing is stored: rendering is a preview until sent). */
export async function renderMacro(deps: AppDeps, actor: Actor, id: string, ticketRef: string): Promise<RenderedMacro> {
  const row = await findVisibleMacro(deps.db, actor.workspaceId, actor.userId, id);
  if (!row) throw macroNotFound();
  const sources = await loadPlaceholderSources(deps.db, actor.workspaceId, parseTicketRef(ticketRef), actor.userId);
  if (!sources) throw ticketNotFound(ticketRef);
  const rendered = renderMacroBody(row.body, {
    'customer.name': sources.customerName,
    'customer.first_name': firstNameOf(sources.customerName),
    'customer.email': sources.customerEmail,
    'ticket.number': String(sources.ticketNumber),
    'ticket.subject': sources.ticketSubject,
    'agent.name': sources.agentName,
    'agent.first_name': firstNameOf(sources.agentName),
    'workspace.name': sources.workspaceName,
  });
  return { macroId: row.id, ...rendered, actions: actionsOf(row) };
}

/**
 * Inside the sending transaction of a reply or note written with a macro: counts the use and
 * returns the macro's actions for the caller to apply. A macro deleted meanwhile applies nothing.
 */
export async function takeMacroForSend(tx: DbOrTx, actor: Actor, id: string): Promise<MacroActions | null> {
  const row = await findVisibleMacro(tx, actor.workspaceId, actor.userId, id);
  if (!row) return null;
  await countMacroUse(tx, actor.workspaceId, id);
  return actionsOf(row);
}
