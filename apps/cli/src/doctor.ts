import { statfsSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DataDirLockedError } from '@rapport/db/data-dir-lock';
import { loadConfig, type Config } from '@rapport/server/config';
import { defaultWebDistDir, openDatabase } from '@rapport/server/main';

type Print = (line: string) => void;
interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, host, () => server.close(() => resolvePromise(true)));
  });
}

async function checkDatabase(config: Config): Promise<Check> {
  try {
    const opened = await openDatabase(config, 'rapport doctor');
    try {
      const [applied] = await opened.database
        .query<{ count: number }>('select count(*)::int as count from drizzle.__drizzle_migrations')
        .catch(() => [{ count: 0 }]);
      const [workspaces] = await opened.database.query<{ count: number }>('select count(*)::int as count from workspaces').catch(() => [{ count: 0 }]);
      return {
        name: 'database',
        status: 'ok',
        detail: `${opened.database.kind}${config.databaseUrl ? '' : ` in ${resolve(config.dataDir)}`}: ${applied?.count ?? 0} migration(s) applied, ${workspaces?.count ?? 0} workspace(s)`,
      };
    } finally {
      await opened.database.close();
      opened.lock?.release();
    }
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      return { name: 'database', status: 'ok', detail: `embedded database in use by the running server (pid ${error.owner.pid}); not opened` };
    }
    return { name: 'database', status: 'fail', detail: (error as Error).message };
  }
}

export async function runDoctor(print: Print): Promise<boolean> {
  const checks: Check[] = [];
  let config: Config;
  try {
    config = loadConfig();
    checks.push({ name: 'config', status: 'ok', detail: config.databaseUrl ? 'PostgreSQL via DATABASE_URL' : `embedded PGlite in ${resolve(config.dataDir)}` });
  } catch (error) {
    print(`fail  config    ${(error as Error).message}`);
    return false;
  }
  checks.push(await checkDatabase(config));
  const isFree = await portIsFree(config.port, config.host);
  checks.push({
    name: 'port',
    status: isFree ? 'ok' : 'warn',
    detail: isFree ? `${config.host}:${config.port} is free` : `${config.host}:${config.port} is in use (a running Rapport, or another program)`,
  });
  const diskPath = config.databaseUrl ? process.cwd() : existsSync(config.dataDir) ? config.dataDir : process.cwd();
  const stats = statfsSync(diskPath);
  const freeMiB = Math.floor((stats.bavail * stats.bsize) / 1024 / 1024);
  checks.push({ name: 'disk', status: freeMiB < 500 ? 'fail' : freeMiB < 2048 ? 'warn' : 'ok', detail: `${freeMiB} MiB free at ${resolve(diskPath)}` });
  const webDir = config.webDistDir ?? defaultWebDistDir;
  checks.push({
    name: 'web app',
    status: existsSync(resolve(webDir, 'index.html')) ? 'ok' : 'warn',
    detail: existsSync(resolve(webDir, 'index.html')) ? `built in ${webDir}` : 'not built yet; `npm start` builds it',
  });
  if (!config.databaseUrl) {
    checks.push({
      name: 'durability',
      status: 'warn',
      detail: 'embedded PGlite does not fsync: it survives a crash or kill -9, not a power cut or OS crash. Use PostgreSQL (DATABASE_URL) for a team.',
    });
  }
  for (const check of checks) print(`${check.status.padEnd(5)} ${check.name.padEnd(10)} ${check.detail}`);
  return checks.every((check) => check.status !== 'fail');
}
