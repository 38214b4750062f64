import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixedClock } from '../../platform/clock.ts';
import { buildWorkspace, signInSession, testPassword, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { startTestRapport, testConfig, type TestRapport } from '../../../../../tests/support/rapport.ts';

let rapport: TestRapport;
let app: FastifyInstance;
let shop: WorkspaceFixture;
const clock = fixedClock(new Date('2026-03-01T10:00:00Z'));

beforeAll(async () => {
  rapport = await startTestRapport({ clock, config: testConfig({ loginMaxFailuresPerAccount: 5, loginMaxFailuresPerIp: 8, loginWindowMinutes: 5 }) });
  if (!rapport.app) throw new Error('no app');
  app = rapport.app;
  shop = await buildWorkspace(rapport.deps);
});
afterAll(async () => {
  await rapport.stop();
});

const login = (email: string, password: string, ip = '203.0.113.9') =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });

describe('sign-in and sessions', () => {
  it('signs in with email and password into an HttpOnly, SameSite session cookie', async () => {
    const response = await login(shop.agent.email.toUpperCase(), testPassword);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((item) => item.name === 'rapport_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(response.json()).toMatchObject({ user: { email: shop.agent.email }, role: 'agent', workspace: { slug: shop.slug } });
    const session = await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: `rapport_session=${cookie?.value}` } });
    expect(session.statusCode).toBe(200);
    const stored = await rapport.database.query<{ token_hash: string }>('select token_hash from sessions');
    expect(stored.map((row) => row.token_hash)).not.toContain(cookie?.value);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const wrong = await login(shop.lead.email, 'not the password', '198.51.100.1');
    const unknown = await login('nobody@example.test', 'not the password', '198.51.100.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('throttles an account after 5 failures in 5 minutes, even with the right password, then lets it in again', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await login(workspace.agent.email, 'wrong', `192.0.2.${attempt + 10}`)).statusCode).toBe(401);
    }
    const blocked = await login(workspace.agent.email, testPassword, '192.0.2.99');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ error: { code: 'LOGIN_THROTTLED' } });
    expect(blocked.json().error.message).toMatch(/Try again in \d+ (seconds|minutes)/);
    clock.advance(5 * 60_000 + 1000);
    expect((await login(workspace.agent.email, testPassword, '192.0.2.99')).statusCode).toBe(200);
  });

  it('throttles one address trying many accounts', async () => {
    for (let attempt = 0; attempt < 8; attempt += 1) await login(`guess${attempt}@example.test`, 'wrong', '192.0.2.200');
    const blocked = await login(shop.admin.email, testPassword, '192.0.2.200');
    expect(blocked.statusCode).toBe(429);
    expect((await login(shop.admin.email, testPassword, '192.0.2.201')).statusCode).toBe(200);
    clock.advance(6 * 60_000);
  });

  it('requires the CSRF token on mutating cookie requests but not on bearer requests', async () => {
    const session = await signInSession(app, shop.agent.email);
    const ticket = { subject: 'CSRF', text: 'hello', customer: { email: 'csrf@example.test' } };
    const withoutToken = await app.inject({ method: 'POST', url: '/api/v1/tickets', payload: ticket, headers: { cookie: session.cookie } });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json()).toMatchObject({ error: { code: 'CSRF_TOKEN_INVALID' } });
    const wrongToken = await app.inject({ method: 'POST', url: '/api/v1/tickets', payload: ticket, headers: { cookie: session.cookie, 'x-csrf-token': 'forged' } });
    expect(wrongToken.statusCode).toBe(403);
    const withToken = await app.inject({ method: 'POST', url: '/api/v1/tickets', payload: ticket, headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
    expect(withToken.statusCode).toBe(201);
    const read = await app.inject({ method: 'GET', url: '/api/v1/tickets', headers: { cookie: session.cookie } });
    expect(read.statusCode).toBe(200);
  });

  it('changing the password signs out the other sessions but keeps this one', async () => {
    const workspace = await buildWorkspace(rapport.deps);
    const laptop = await signInSession(app, workspace.agent.email);
    const phone = await signInSession(app, workspace.agent.email);
    const change = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: testPassword, newPassword: 'a much better passphrase' },
      headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrfToken },
    });
    expect(change.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: laptop.cookie } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: phone.cookie } })).statusCode).toBe(401);
    expect((await login(workspace.agent.email, testPassword, '192.0.2.50')).statusCode).toBe(401);
    expect((await login(workspace.agent.email, 'a much better passphrase', '192.0.2.50')).statusCode).toBe(200);
  });

  it('signs out, after which the cookie no longer works', async () => {
    const session = await signInSession(app, shop.lead.email);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
    expect(out.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: session.cookie } })).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('creates a token shown once, authenticates with it as Bearer, and revokes it', async () => {
    const session = await signInSession(app, shop.agent.email);
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    const created = await app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'zapier' }, headers });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    expect(token).toMatch(/^rpt_/);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers });
    expect(JSON.stringify(listed.json())).not.toContain(token);
    const used = await app.inject({ method: 'GET', url: '/api/v1/tickets', headers: { authorization: `Bearer ${token}` } });
    expect(used.statusCode).toBe(200);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers });
    expect(revoked.statusCode).toBe(200);
    const after = await app.inject({ method: 'GET', url: '/api/v1/tickets', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});
