import { randomBytes } from 'node:crypto';
import type { Database } from '@rapport/db/database';
import { systemActor } from '@rapport/server/platform/actor';
import { createLogger } from '@rapport/server/platform/logger';
import type { Config } from '@rapport/server/config';
import { createAppDeps } from '@rapport/server/main';
import { createApiToken } from '@rapport/server/modules/auth/api-tokens';
import { findActiveMemberships, findUserByEmail } from '@rapport/server/modules/auth/auth.queries';
import { addMember, provisionWorkspace } from '@rapport/server/modules/workspaces/provision-workspace';
import { findWorkspaceBySlug } from '@rapport/server/modules/workspaces/workspaces.queries';

type Print = (line: string) => void;

async function requireWorkspace(database: Database, slug: string) {
  const workspace = await findWorkspaceBySlug(database.db, slug);
  if (!workspace) throw new Error(`No workspace "${slug}". Create it with: rapport workspace create --slug ${slug} --name "…"`);
  return workspace;
}

export async function createWorkspace(database: Database, options: { slug: string; name: string; timeZone: string }, print: Print) {
  const workspace = await provisionWorkspace(database.db, { slug: options.slug, name: options.name, timeZone: options.timeZone, now: new Date() });
  print(`Workspace "${workspace.slug}" created (${workspace.id}). Add an admin: rapport user create --workspace ${workspace.slug} --role admin --email … --name …`);
}

export async function createUser(
  database: Database,
  options: { workspace: string; email: string; name: string; role: 'admin' | 'lead' | 'agent'; password?: string | undefined },
  print: Print,
) {
  const workspace = await requireWorkspace(database, options.workspace);
  const password = options.password ?? randomBytes(12).toString('base64url');
  if (password.length < 10) throw new Error('Choose a password of at least 10 characters.');
  const { user, isNewUser } = await addMember(database.db, {
    workspaceId: workspace.id,
    email: options.email,
    name: options.name,
    password,
    role: options.role,
    now: new Date(),
  });
  print(`${options.role} ${user.email} added to "${workspace.slug}".`);
  if (!isNewUser) print('They already had a login; their existing password is unchanged.');
  else if (!options.password) print(`Password (shown once): ${password}`);
}

export async function createToken(database: Database, config: Config, options: { workspace: string; email: string; name: string }, print: Print) {
  const workspace = await requireWorkspace(database, options.workspace);
  const user = await findUserByEmail(database.db, options.email);
  const member = user ? (await findActiveMemberships(database.db, user.id)).find((row) => row.workspaceId === workspace.id) : undefined;
  if (!user || !member) throw new Error(`${options.email} is not an active member of "${workspace.slug}".`);
  const deps = createAppDeps(config, database, { logger: createLogger({ level: 'warn' }) });
  const actor = { ...systemActor(workspace.id), userId: user.id, role: member.role, via: 'token' as const };
  const created = await createApiToken(deps, actor, { name: options.name });
  // Only the token on stdout, so scripts can capture it: TOKEN=$(rapport token create …)
  print(created.token);
}
