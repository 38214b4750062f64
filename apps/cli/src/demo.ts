import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '@rapport/db/database';
import type { Config } from '@rapport/server/config';
import { seedDemo } from '@rapport/server/modules/demo/seed-demo';
import { findUserByEmail } from '@rapport/server/modules/auth/auth.queries';
import { verifyPassword } from '@rapport/server/modules/auth/passwords';
import { listWorkspaces } from '@rapport/server/modules/workspaces/workspaces.queries';

export interface DemoLogin {
  email: string;
  password: string;
  slug: string;
}

function loginFile(config: Config): string {
  return join(resolve(config.dataDir), 'demo-login.json');
}

export async function seedDemoWorkspace(database: Database, slug: string, print: (line: string) => void): Promise<DemoLogin> {
  print('Creating the demo workspace (a small shop with ~1,000 tickets)…');
  const seeded = await seedDemo(database.db, { now: new Date(), slug });
  const admin = seeded.logins.find((login) => login.role === 'admin') ?? seeded.logins[0];
  if (!admin) throw new Error('the demo has no agents');
  print(`Demo workspace "${seeded.slug}" ready: ${seeded.ticketCount} tickets, agents ${seeded.logins.map((login) => `${login.email} (${login.role})`).join(', ')}.`);
  return { email: admin.email, password: seeded.password, slug: seeded.slug };
}

/** Keeps the demo login beside the data (mode 0600) so later starts can print it while it still works. */
export function rememberDemoLogin(config: Config, login: DemoLogin): void {
  const file = loginFile(config);
  writeFileSync(file, JSON.stringify(login), { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** On the first start of an empty embedded database, load the demo and remember its login in the data dir. */
export async function seedDemoIfEmpty(database: Database, config: Config, print: (line: string) => void): Promise<DemoLogin | null> {
  const file = loginFile(config);
  const workspaces = await listWorkspaces(database.db);
  if (workspaces.length === 0) {
    const login = await seedDemoWorkspace(database, 'demo', print);
    rememberDemoLogin(config, login);
    return login;
  }
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoLogin; // written by this function above
  } catch {
    return null;
  }
}

export async function printDemoLogin(database: Database, login: DemoLogin, print: (line: string) => void): Promise<void> {
  const user = await findUserByEmail(database.db, login.email);
  if (!user || !(await verifyPassword(user.passwordHash, login.password))) return; // password changed since: keep it secret
  print(`  Sign in as ${login.email} with password ${login.password}`);
  print('  (the other demo agents use the same password; change it under your profile)');
}
