/** Test factories: each test builds its own workspace and people, never shared seed data. */
import type { Role } from '../../packages/contracts/src/auth.ts';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../apps/server/src/platform/app-deps.ts';
import type { Actor } from '../../apps/server/src/platform/actor.ts';
import { addMember, provisionWorkspace } from '../../apps/server/src/modules/workspaces/provision-workspace.ts';
import { createApiToken } from '../../apps/server/src/modules/auth/api-tokens.ts';
import { createTicket, type CreateTicketInput } from '../../apps/server/src/modules/tickets/create-ticket.ts';
import { uniqueSlug } from './rapport.ts';

export const testPassword = 'correct horse battery staple';

export interface Member {
  id: string;
  email: string;
  role: Role;
  actor: Actor;
  token: string;
}

export interface WorkspaceFixture {
  id: string;
  slug: string;
  admin: Member;
  lead: Member;
  agent: Member;
}

export async function buildWorkspace(deps: AppDeps, name = 'Test shop'): Promise<WorkspaceFixture> {
  const slug = uniqueSlug();
  const workspace = await provisionWorkspace(deps.db, { slug, name, now: deps.clock.now() });
  const fixture = { id: workspace.id, slug };
  return { ...fixture, admin: await buildMember(deps, fixture, 'admin'), lead: await buildMember(deps, fixture, 'lead'), agent: await buildMember(deps, fixture, 'agent') };
}

/** One more member of a workspace, with an API token (`label` tells several of one role apart). */
export async function buildMember(deps: AppDeps, workspace: { id: string; slug: string }, role: Role, label: string = role): Promise<Member> {
  const email = `${label}-${workspace.slug}@example.test`;
  const name = `${label[0]?.toUpperCase()}${label.slice(1)} ${workspace.slug}`;
  const { user } = await addMember(deps.db, { workspaceId: workspace.id, email, name, password: testPassword, role, now: deps.clock.now() });
  const actor: Actor = { workspaceId: workspace.id, userId: user.id, role, via: 'token' };
  const { token } = await createApiToken(deps, actor, { name: 'test' });
  return { id: user.id, email, role, actor, token };
}

let sequence = 0;
export async function buildTicket(deps: AppDeps, actor: Actor, overrides: Partial<CreateTicketInput> = {}) {
  sequence += 1;
  return createTicket(deps, actor, {
    subject: `Order ${1000 + sequence} has not arrived`,
    text: `Hello, my order ${1000 + sequence} was due last week and has not arrived. Can you check where it is?`,
    customer: { email: `customer${sequence}@example.test`, name: `Customer ${sequence}` },
    channel: 'email',
    priority: 'normal',
    ...overrides,
  });
}

/** Signs in through the real endpoint; returns what a browser would hold. */
export async function signInSession(app: FastifyInstance, email: string, password = testPassword) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((item) => item.name === 'rapport_session');
  if (!cookie) throw new Error('no session cookie');
  const body = response.json() as { csrfToken: string };
  return { cookie: `rapport_session=${cookie.value}`, csrfToken: body.csrfToken };
}

export const bearer = (member: Member) => ({ authorization: `Bearer ${member.token}` });
