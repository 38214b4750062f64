/**
 * Triage of received emails that did not become ticket messages on their own:
 * - quarantined (bad input: unparseable, no From, limits exceeded, processing failed): leads and
 *   admins can view the raw original, retry processing, release it (process it despite the
 *   reason, as far as the message allows), or delete it;
 * - held (unverified sender: it points at another customer's ticket, or fails DMARC for a domain
 *   whose policy is reject/quarantine): any agent can view the raw original, accept it into the
 *   ticket it claims, or move it to a new ticket or another ticket; leads and admins can delete it.
 * Deleting only marks the receipt 'deleted': the raw bytes stay in storage (content-addressed and
 * possibly shared with another workspace's receipt), so the action can be investigated later.
 * Every action is audited: accept/move/release by the processor, retry and delete here.
 */
import type {
  InboundActionResult,
  InboundEmailDetail,
  InboundEmailPage,
  InboundEmailSummary,
  ListInboundEmailsQuery,
  MoveInboundEmailBody,
} from '@rapport/contracts/email';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { decodeTimestampCursor, toPage } from '../../platform/keyset-cursor.ts';
import { roleHas, type RoutePermission } from '../../platform/permissions.ts';
import { requireTicketId } from '../tickets/get-ticket.ts';
import { toInboundDetail, toInboundSummary } from './admin-dto.ts';
import { lockInboundStatus, selectHeldForTicket, selectInbound, selectInboundPage, setInboundStatus, type InboundRow, type InboundStatus } from './email-admin.queries.ts';
import { processInboundEmail } from './process-inbound.ts';

/** Who may see and act on quarantined emails (and delete held ones): leads and admins. */
export const triagePermission = 'email.triage' satisfies RoutePermission;

const notFound = (id: string) => new AppError('INBOUND_EMAIL_NOT_FOUND', { message: 'No received email with that id in this workspace.', details: { id } });

function stateError(row: { status: InboundStatus }, action: string, expected: readonly InboundStatus[]): AppError {
  return new AppError('INBOUND_EMAIL_STATE', {
    message: `This email is ${row.status}; only ${expected.join(' or ')} emails can be ${action}.`,
    details: { status: row.status, expected },
  });
}

function canTriage(actor: Actor): boolean {
  return roleHas(actor.role, triagePermission);
}

/** Agents see held emails only; everything else needs a lead or an admin. */
function assertVisible(actor: Actor, status: InboundStatus): void {
  if (status === 'held' || canTriage(actor)) return;
  throw new AppError('FORBIDDEN', { message: 'Only leads and admins can see quarantined emails.' });
}

async function requireInbound(deps: AppDeps, actor: Actor, id: string): Promise<InboundRow> {
  const row = await selectInbound(deps.db, actor.workspaceId, id);
  if (!row) throw notFound(id);
  return row;
}

export async function listInboundEmails(deps: AppDeps, actor: Actor, query: ListInboundEmailsQuery): Promise<InboundEmailPage> {
  assertVisible(actor, query.status);
  const cursor = query.cursor ? decodeTimestampCursor(query.cursor) : null;
  const rows = await selectInboundPage(deps.db, actor.workspaceId, { status: query.status, limit: query.limit }, cursor);
  return toPage(rows, query.limit, (page) => page.map(toInboundSummary), (last) => ({ values: [last.cursorAt], id: last.id }));
}

export async function getInboundEmail(deps: AppDeps, actor: Actor, id: string): Promise<InboundEmailDetail> {
  const row = await requireInbound(deps, actor, id);
  assertVisible(actor, row.status);
  return toInboundDetail(row);
}

/** Held emails claiming to belong to this ticket, so the ticket page can offer Accept / Move. */
export async function listHeldEmailsOfTicket(deps: AppDeps, actor: Actor, ticketRef: string): Promise<InboundEmailSummary[]> {
  const ticketId = await requireTicketId(deps.db, actor, ticketRef);
  return (await selectHeldForTicket(deps.db, actor.workspaceId, ticketId)).map(toInboundSummary);
}

export interface RawEmailDownload {
  bytes: Uint8Array;
  filename: string;
}

/** The stored original, byte for byte, as a download (never rendered). */
export async function downloadInboundRaw(deps: AppDeps, actor: Actor, id: string): Promise<RawEmailDownload> {
  const row = await requireInbound(deps, actor, id);
  assertVisible(actor, row.status);
  const bytes = await deps.storage.get(row.rawKey);
  if (!bytes) throw new AppError('INTERNAL', { message: 'The original is missing from storage.' });
  return { bytes, filename: `received-${row.receivedAt.toISOString().slice(0, 10)}-${row.id}.eml` };
}

async function result(deps: AppDeps, actor: Actor, id: string): Promise<InboundActionResult> {
  const row = await requireInbound(deps, actor, id);
  return {
    inboundEmail: toInboundDetail(row),
    ticket: row.ticketId && row.ticketNumber !== null && row.status === 'processed' ? { id: row.ticketId, number: row.ticketNumber, subject: row.ticketSubject ?? '' } : null,
  };
}

/** Checks the state up front for a clear answer; the processor re-checks it under its own lock. */
async function requireStatus(deps: AppDeps, actor: Actor, id: string, action: string, expected: readonly InboundStatus[]): Promise<void> {
  const row = await requireInbound(deps, actor, id);
  if (!expected.includes(row.status)) throw stateError(row, action, expected);
  assertVisible(actor, row.status);
}

/**
 * Processes a quarantined email again from its raw original (e.g. after a parser fix or a raised
 * limit), exactly as if it had just arrived. It may end up quarantined again, with the new reason.
 */
export async function retryInboundEmail(deps: AppDeps, actor: Actor, id: string): Promise<InboundActionResult> {
  await deps.db.transaction(async (tx) => {
    const locked = await lockInboundStatus(tx, actor.workspaceId, id);
    if (!locked) throw notFound(id);
    if (locked.status !== 'quarantined') throw stateError(locked, 'retried', ['quarantined']);
    const before = await selectInbound(tx, actor.workspaceId, id);
    await recordAudit(tx, actor, {
      action: 'inbound_email.retried',
      subjectType: 'inbound_email',
      subjectId: id,
      data: { previousReason: before?.reason ?? null, previousDetail: before?.reasonDetail ?? null },
    });
  });
  await processInboundEmail(deps, actor.workspaceId, id, { actor });
  return result(deps, actor, id);
}

/** Processes a quarantined email despite its reason, as far as the message allows. */
export async function releaseInboundEmail(deps: AppDeps, actor: Actor, id: string): Promise<InboundActionResult> {
  await requireStatus(deps, actor, id, 'released', ['quarantined']);
  await processInboundEmail(deps, actor.workspaceId, id, { override: { kind: 'release' }, actor });
  return result(deps, actor, id);
}

/** Adds a held email to the ticket it claims to belong to. */
export async function acceptInboundEmail(deps: AppDeps, actor: Actor, id: string): Promise<InboundActionResult> {
  await requireStatus(deps, actor, id, 'accepted', ['held']);
  await processInboundEmail(deps, actor.workspaceId, id, { override: { kind: 'accept' }, actor });
  return result(deps, actor, id);
}

/** Moves a held email to a new ticket of its own, or into another ticket of this workspace. */
export async function moveInboundEmail(deps: AppDeps, actor: Actor, id: string, target: MoveInboundEmailBody): Promise<InboundActionResult> {
  await requireStatus(deps, actor, id, 'moved', ['held']);
  const override =
    target.kind === 'new_ticket'
      ? ({ kind: 'new_ticket' } as const)
      : ({ kind: 'ticket', ticketId: await requireTicketId(deps.db, actor, target.ticketRef) } as const);
  await processInboundEmail(deps, actor.workspaceId, id, { override, actor });
  return result(deps, actor, id);
}

/** Marks a quarantined or held email deleted. The raw original stays in storage. */
export async function deleteInboundEmail(deps: AppDeps, actor: Actor, id: string): Promise<InboundEmailDetail> {
  await deps.db.transaction(async (tx) => {
    const locked = await lockInboundStatus(tx, actor.workspaceId, id);
    if (!locked) throw notFound(id);
    if (locked.status !== 'quarantined' && locked.status !== 'held') throw stateError(locked, 'deleted', ['quarantined', 'held']);
    await setInboundStatus(tx, actor.workspaceId, id, { status: 'deleted', processedAt: deps.clock.now(), claimedUntil: null });
    await recordAudit(tx, actor, { action: 'inbound_email.deleted', subjectType: 'inbound_email', subjectId: id, data: { previousStatus: locked.status } });
  });
  return toInboundDetail(await requireInbound(deps, actor, id));
}
