/**
 * Outcome "could not solve" (issue 7 part 10, P6 and P13) through the real API: it needs a lesson
 * on every path that can set it, the lesson is written in the ticket change's transaction and
 * audited, and leads (not agents) read the lessons of their own workspace, newest first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkTicketsBody, BulkTicketsResponse } from '@rapport/contracts/inbox';
import type { LessonPage } from '@rapport/contracts/service';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { buildTicket, buildWorkspace, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { apiAs, startWithTwoWorkspaces } from '../../../../../tests/support/api-client.ts';
import { type TestRapport } from '../../../../../tests/support/rapport.ts';
import { AppError } from '../../platform/errors.ts';
import { bulkUpdateTickets } from '../tickets/bulk-update.ts';
import { updateTicket } from '../tickets/update-ticket.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;
let other: WorkspaceFixture;

beforeAll(async () => {
  ({ rapport, shop, other } = await startWithTwoWorkspaces());
});
afterAll(async () => {
  await rapport.stop();
});

const api = (member: WorkspaceFixture['agent']) => apiAs(rapport, member);

async function lessonRows(ticketId: string) {
  return rapport.database.query<{ lesson: string; product_feedback: string | null; author_id: string | null }>(
    'select lesson, product_feedback, author_id from ticket_lessons where ticket_id = $1 order by created_at, id',
    [ticketId],
  );
}

async function solveWithLesson(workspace: WorkspaceFixture, lesson: string) {
  const ticket = await buildTicket(rapport.deps, workspace.agent.actor);
  const response = await api(workspace.agent).patch(`/api/v1/tickets/${ticket.id}`, { status: 'solved', outcome: 'could_not_solve', lesson });
  expect(response.statusCode).toBe(200);
  return ticket;
}

describe('outcome could_not_solve', () => {
  it('needs a lesson: without one the PATCH is refused and the ticket stays unsolved', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    for (const body of [
      { status: 'solved', outcome: 'could_not_solve' },
      { status: 'solved', outcome: 'could_not_solve', lesson: 'too short' },
      { status: 'solved', outcome: 'could_not_solve', lesson: '          ' },
      { status: 'solved', outcome: 'could_not_solve', productFeedback: 'An export button' },
    ]) {
      const response = await api(shop.agent).patch(`/api/v1/tickets/${ticket.id}`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    // A lesson with another outcome is refused too.
    const stray = await api(shop.agent).patch(`/api/v1/tickets/${ticket.id}`, { status: 'solved', lesson: 'This lesson has no place here.' });
    expect(stray.statusCode).toBe(400);
    const after = (await api(shop.agent).get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
    expect(after).toMatchObject({ status: ticket.status, outcome: null, solvedAt: null });
    expect(await lessonRows(ticket.id)).toEqual([]);
  });

  it('the use case refuses it too when called without the HTTP schema (LESSON_REQUIRED)', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const attempt = updateTicket(rapport.deps, shop.agent.actor, ticket.id, { status: 'solved', outcome: 'could_not_solve' });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'LESSON_REQUIRED' });
    const after = (await api(shop.agent).get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
    expect(after.outcome).toBeNull();
    expect(after.status).not.toBe('solved');
  });

  it('with a lesson: solved, the lesson row written and the change audited', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const response = await api(shop.agent).patch(`/api/v1/tickets/${ticket.id}`, {
      status: 'solved',
      outcome: 'could_not_solve',
      lesson: '  The courier has no API for lost parcels; we could only apologise.  ',
      productFeedback: 'Let agents open a courier claim from the ticket.',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'solved', outcome: 'could_not_solve' });
    expect(await lessonRows(ticket.id)).toEqual([
      {
        lesson: 'The courier has no API for lost parcels; we could only apologise.',
        product_feedback: 'Let agents open a courier claim from the ticket.',
        author_id: shop.agent.id,
      },
    ]);
    const audit = await rapport.database.query<{ action: string; data: { changes: Record<string, unknown>; lesson?: { id: string; productFeedback: boolean } } }>(
      `select action, data from audit_log where subject_id = $1 and action = 'ticket.updated' order by id`,
      [ticket.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data.changes).toMatchObject({ status: { to: 'solved' }, outcome: { from: null, to: 'could_not_solve' } });
    expect(audit[0]!.data.lesson).toMatchObject({ productFeedback: true });

    // Closing it keeps the outcome and needs no second lesson; reopening and solving again adds one.
    expect((await api(shop.agent).patch(`/api/v1/tickets/${ticket.id}`, { status: 'closed' })).statusCode).toBe(200);
    expect((await api(shop.agent).patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' })).json()).toMatchObject({ outcome: null });
    const again = await api(shop.agent).patch(`/api/v1/tickets/${ticket.id}`, { status: 'solved', outcome: 'could_not_solve', lesson: 'Still no courier API; escalate sooner.' });
    expect(again.statusCode).toBe(200);
    expect((await lessonRows(ticket.id)).map((row) => row.lesson)).toEqual([
      'The courier has no API for lost parcels; we could only apologise.',
      'Still no courier API; escalate sooner.',
    ]);
  });

  it('the bulk path cannot bypass it: its contract has no outcome, and the use case refuses per ticket', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const viaHttp = await api(shop.agent).post('/api/v1/tickets/bulk', {
      ticketIds: [ticket.id],
      action: { type: 'update', changes: { status: 'solved', outcome: 'could_not_solve' } },
    });
    expect(viaHttp.statusCode).toBe(400);
    // Straight to the use case, as if the schema let it through.
    const sneaky = { ticketIds: [ticket.id], action: { type: 'update', changes: { status: 'solved', outcome: 'could_not_solve' } } } as unknown as BulkTicketsBody;
    const result: BulkTicketsResponse = await bulkUpdateTickets(rapport.deps, shop.agent.actor, sneaky);
    expect(result).toMatchObject({ succeeded: 0, failed: 1, results: [{ ticketId: ticket.id, ok: false, error: { code: 'LESSON_REQUIRED' } }] });
    const after = (await api(shop.agent).get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail;
    expect(after.outcome).toBeNull();
    // A plain bulk solve still works and records the outcome "solved".
    const solved = await api(shop.agent).post('/api/v1/tickets/bulk', { ticketIds: [ticket.id], action: { type: 'update', changes: { status: 'solved' } } });
    expect((solved.json() as BulkTicketsResponse).succeeded).toBe(1);
    expect(((await api(shop.agent).get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail).outcome).toBe('solved');
    expect(await lessonRows(ticket.id)).toEqual([]);
  });

  it('a reply with status solved records the outcome solved, no lesson', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const reply = await api(shop.agent).post(`/api/v1/tickets/${ticket.id}/replies`, { text: 'Your refund is on its way.', status: 'solved' });
    expect(reply.statusCode).toBe(201);
    expect(((await api(shop.agent).get(`/api/v1/tickets/${ticket.id}`)).json() as TicketDetail).outcome).toBe('solved');
  });
});

describe('GET /api/v1/lessons', () => {
  it('lists newest first with keyset pagination, for leads and admins only', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const tickets = [];
    for (const lesson of ['First lesson learned here.', 'Second lesson learned here.', 'Third lesson learned here.']) {
      tickets.push(await solveWithLesson(workspace, lesson));
    }
    await solveWithLesson(other, 'A lesson of the other workspace.');

    expect((await api(workspace.agent).get('/api/v1/lessons')).statusCode).toBe(403);
    expect((await api(workspace.admin).get('/api/v1/lessons')).statusCode).toBe(200);

    const first = await api(workspace.lead).get('/api/v1/lessons?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as LessonPage;
    expect(page1.items.map((item) => item.lesson)).toEqual(['Third lesson learned here.', 'Second lesson learned here.']);
    expect(page1.items[0]).toMatchObject({
      ticket: { id: tickets[2]!.id, number: tickets[2]!.number, subject: tickets[2]!.subject },
      author: { id: workspace.agent.id },
      productFeedback: null,
    });
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (await api(workspace.lead).get(`/api/v1/lessons?limit=2&cursor=${encodeURIComponent(page1.nextCursor!)}`)).json() as LessonPage;
    expect(page2.items.map((item) => item.lesson)).toEqual(['First lesson learned here.']);
    expect(page2.nextCursor).toBeNull();

    const bad = await api(workspace.lead).get('/api/v1/lessons?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
  });

  it("never shows another workspace's lessons", async () => {
    await solveWithLesson(other, 'Only the other workspace sees this one.');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=50&cursor=${encodeURIComponent(cursor)}` : '?limit=50';
      const page = (await api(shop.lead).get(`/api/v1/lessons${query}`)).json() as LessonPage;
      seen.push(...page.items.map((item) => item.lesson));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toContain('Only the other workspace sees this one.');
    expect(seen).not.toContain('A lesson of the other workspace.');
    const theirs = (await api(other.lead).get('/api/v1/lessons')).json() as LessonPage;
    expect(theirs.items.map((item) => item.lesson)).toContain('Only the other workspace sees this one.');
  });
});
