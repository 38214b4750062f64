/** Every malformed request gets a 4xx in the one error shape with an actionable message; nothing half-written stays. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bearer, buildTicket, buildWorkspace, type WorkspaceFixture } from '../support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
let app: FastifyInstance;
let shop: WorkspaceFixture;

beforeAll(async () => {
  rapport = await startTestRapport({ config: testConfig({ bodyLimitBytes: 64 * 1024 }) });
  if (!rapport.app) throw new Error('no app');
  app = rapport.app;
  shop = await buildWorkspace(rapport.deps);
});
afterAll(async () => {
  await rapport.stop();
});

function expectErrorShape(body: string, code: string) {
  const parsed = JSON.parse(body) as { error: { code: string; message: string } };
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(10);
  expect(body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/); // no stack traces leave the server
}

const countTickets = async () => (await rapport.database.query<{ count: number }>('select count(*)::int as count from tickets where workspace_id = $1', [shop.id]))[0]?.count;

describe('bad input', () => {
  it('refuses malformed JSON', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/tickets', headers: { ...bearer(shop.agent), 'content-type': 'application/json' }, payload: '{"subject": "x",' });
    expect(response.statusCode).toBe(400);
    expectErrorShape(response.body, 'MALFORMED_JSON');
  });

  it('refuses an oversized body early with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { ...bearer(shop.agent), 'content-type': 'application/json' },
      payload: JSON.stringify({ subject: 'big', text: 'x'.repeat(200_000), customer: { email: 'big@example.test' } }),
    });
    expect(response.statusCode).toBe(413);
    expectErrorShape(response.body, 'BODY_TOO_LARGE');
  });

  it('refuses other content types', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/tickets', headers: { ...bearer(shop.agent), 'content-type': 'text/xml' }, payload: '<ticket/>' });
    expect(response.statusCode).toBe(415);
    expectErrorShape(response.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects unknown fields and names them', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: bearer(shop.agent),
      payload: { subject: 'x', text: 'y', customer: { email: 'a@example.test' }, isVip: true },
    });
    expect(response.statusCode).toBe(400);
    expectErrorShape(response.body, 'UNKNOWN_FIELD');
    expect(response.json().error.message).toContain('isVip');
  });

  it('explains which field is invalid', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/tickets', headers: bearer(shop.agent), payload: { subject: '', text: 'y', customer: { email: 'not-an-email' } } });
    expect(response.statusCode).toBe(400);
    expectErrorShape(response.body, 'VALIDATION_FAILED');
    const paths = (response.json().error.details.issues as { path: string }[]).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['body.subject']));
  });

  it('validates query strings and params', async () => {
    const badQuery = await app.inject({ method: 'GET', url: '/api/v1/tickets?status=lost&limit=5000', headers: bearer(shop.agent) });
    expect(badQuery.statusCode).toBe(400);
    expectErrorShape(badQuery.body, 'VALIDATION_FAILED');
    const badParam = await app.inject({ method: 'GET', url: '/api/v1/tickets/drop%20table', headers: bearer(shop.agent) });
    expect(badParam.statusCode).toBe(400);
    const badCursor = await app.inject({ method: 'GET', url: '/api/v1/tickets?cursor=bm90LWEtY3Vyc29y', headers: bearer(shop.agent) });
    expect(badCursor.statusCode).toBe(400);
    expectErrorShape(badCursor.body, 'VALIDATION_FAILED');
  });

  it('answers unknown API routes with NOT_FOUND in the error shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: bearer(shop.agent) });
    expect(response.statusCode).toBe(404);
    expectErrorShape(response.body, 'NOT_FOUND');
  });

  it('leaves nothing half-written when a step inside the transaction fails', async () => {
    const before = await countTickets();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: bearer(shop.agent),
      payload: { subject: 'Half', text: 'written', customer: { email: 'half@example.test' }, customFields: { nonexistent: 1 } },
    });
    expect(response.statusCode).toBe(422);
    expectErrorShape(response.body, 'CUSTOM_FIELD_INVALID');
    expect(await countTickets()).toBe(before);
    const customers = await rapport.database.query('select 1 from customer_identities where workspace_id = $1 and value = $2', [shop.id, 'half@example.test']);
    expect(customers).toEqual([]);
    const counter = await rapport.database.query<{ next_ticket_number: number }>('select next_ticket_number from workspace_counters where workspace_id = $1', [shop.id]);
    expect(counter[0]?.next_ticket_number).toBe((before ?? 0) + 1);
  });

  it('hides internal failures behind INTERNAL with a request id', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    await rapport.database.exec('alter table notes rename to notes_gone');
    try {
      const response = await app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.number}/notes`, headers: bearer(shop.agent), payload: { text: 'x' } });
      expect(response.statusCode).toBe(500);
      expectErrorShape(response.body, 'INTERNAL');
      expect(response.json().error.requestId).toBe(response.headers['x-request-id']);
      expect(response.body).not.toContain('notes');
    } finally {
      await rapport.database.exec('alter table notes_gone rename to notes');
    }
  });
});
