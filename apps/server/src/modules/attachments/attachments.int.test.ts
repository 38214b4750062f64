import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTicket, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { startWithTwoWorkspaces } from '../../../../../tests/support/api-client.ts';
import { type TestRapport } from '../../../../../tests/support/rapport.ts';
import { storeAttachment } from './store-attachment.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;
let other: WorkspaceFixture;

beforeAll(async () => {
  ({ rapport, shop, other } = await startWithTwoWorkspaces());
});
afterAll(async () => {
  await rapport.stop();
});

const get = (url: string, member: WorkspaceFixture['agent']) => rapport.app?.inject({ method: 'GET', url, headers: bearer(member) });

describe('attachments', () => {
  it('stores content-addressed bytes, lists them on the message and serves them back exactly', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const messageId = ticket.messages[0]?.id ?? '';
    const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 1, 2, 3]);
    const attachment = await storeAttachment(rapport.deps, shop.agent.actor, { messageId, filename: 'photo of "box".png', contentType: 'image/PNG', bytes });
    const detail = await get(`/api/v1/tickets/${ticket.id}`, shop.agent);
    expect(detail?.json().messages[0].attachments).toEqual([{ id: attachment.id, filename: 'photo of "box".png', contentType: 'image/png', size: 12 }]);
    const download = await get(`/api/v1/attachments/${attachment.id}`, shop.agent);
    expect(download?.statusCode).toBe(200);
    expect(new Uint8Array(download?.rawPayload ?? [])).toEqual(bytes);
    expect(download?.headers['content-type']).toBe('image/png');
    expect(download?.headers['content-disposition']).toBe(`inline; filename="photo of _box_.png"; filename*=UTF-8''photo%20of%20%22box%22.png`);
    expect(download?.headers['x-content-type-options']).toBe('nosniff');
  });

  it('always serves HTML and SVG as downloads, never inline in our origin', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const messageId = ticket.messages[0]?.id ?? '';
    for (const [filename, contentType] of [['invoice.html', 'text/html'], ['logo.svg', 'image/svg+xml'], ['tool.exe', 'application/x-msdownload']] as const) {
      const attachment = await storeAttachment(rapport.deps, shop.agent.actor, { messageId, filename, contentType, bytes: new TextEncoder().encode('<script>alert(1)</script>') });
      const download = await get(`/api/v1/attachments/${attachment.id}`, shop.agent);
      expect(download?.headers['content-type']).toBe('application/octet-stream');
      expect(download?.headers['content-disposition']).toMatch(/^attachment;/);
      expect(download?.headers['content-security-policy']).toContain('sandbox');
    }
  });

  it('answers 404 for another workspace\'s attachment and for a message without a raw original', async () => {
    const ticket = await buildTicket(rapport.deps, other.agent.actor);
    const attachment = await storeAttachment(rapport.deps, other.agent.actor, { messageId: ticket.messages[0]?.id ?? '', filename: 'a.txt', contentType: 'text/plain', bytes: new TextEncoder().encode('secret') });
    expect((await get(`/api/v1/attachments/${attachment.id}`, shop.admin))?.statusCode).toBe(404);
    expect((await get(`/api/v1/attachments/${attachment.id}`, other.agent))?.statusCode).toBe(200);
    const raw = await get(`/api/v1/messages/${ticket.messages[0]?.id}/raw`, other.agent);
    expect(raw?.statusCode).toBe(404);
    expect(raw?.json().error.message).toMatch(/no stored original/);
    await expect(
      storeAttachment(rapport.deps, shop.agent.actor, { messageId: ticket.messages[0]?.id ?? '', filename: 'x', contentType: 'text/plain', bytes: new Uint8Array([1]) }),
    ).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
  });

  it('serves a stored raw original as message/rfc822 download', async () => {
    const ticket = await buildTicket(rapport.deps, shop.agent.actor);
    const messageId = ticket.messages[0]?.id ?? '';
    const raw = new TextEncoder().encode('From: a@example.test\r\nSubject: Hi\r\n\r\nHello\r\n');
    const { key } = await rapport.deps.storage.put(raw);
    await rapport.database.query('update messages set raw_key = $1 where id = $2', [key, messageId]);
    const download = await get(`/api/v1/messages/${messageId}/raw`, shop.agent);
    expect(download?.statusCode).toBe(200);
    expect(download?.body).toBe('From: a@example.test\r\nSubject: Hi\r\n\r\nHello\r\n');
    expect(download?.headers['content-disposition']).toMatch(/^attachment; filename="message-.*\.eml"/);
  });
});
