/**
 * The rapport command. Every subcommand loads the config once (config.ts is the only reader of the
 * environment) and opens the database through the same composition root as the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import type { Config } from '@rapport/server/config';
import type { OpenedDatabase, Role } from '@rapport/server/main';
import { readStdin } from './stdin.ts';
import { registerEmailParse } from './email-parse.ts';
import { registerEmailImport } from './email-import-command.ts';

// Commands load what they need when they run: `rapport email parse` and `--help` stay fast
// because the server, database drivers and demo generator are imported only by the commands
// that use them.

const print = (line: string) => process.stdout.write(`${line}\n`);
const printError = (line: string) => process.stderr.write(`${line}\n`);

async function config(): Promise<Config> {
  const { loadConfig } = await import('@rapport/server/config');
  return loadConfig();
}

async function serve(role: Role, isStart: boolean): Promise<void> {
  const loaded = await config();
  const { openDatabase, startRapport } = await import('@rapport/server/main');
  const { createLogger } = await import('@rapport/server/platform/logger');
  const { ensureWebBuilt } = await import('./web-build.ts');
  const { printDemoLogin, seedDemoIfEmpty } = await import('./demo.ts');
  if (!loaded.databaseUrl && role !== 'all') {
    // One process owns the embedded database, so nobody else could run the other role.
    throw new Error(`The embedded database runs web and worker in one process; use --role all, or set DATABASE_URL to run --role ${role} separately.`);
  }
  // A configured web directory is someone else's build; only our own default is built here.
  if (role !== 'worker' && !loaded.webDistDir) ensureWebBuilt(print);
  const logger = createLogger({ level: loaded.logLevel, secrets: loaded.secrets });
  if (isStart && loaded.seedDemo && !loaded.databaseUrl && !existsSync(join(resolve(loaded.dataDir), 'pglite'))) {
    // Generating and inserting the demo allocates ~170 MiB that a Node process never gives back;
    // doing it in a short-lived child keeps the long-running server small (docs/benchmarks.md).
    const seeded = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/rapport.mjs', import.meta.url)), 'seed', '--demo', '--remember-login'], {
      stdio: 'inherit',
    });
    if (seeded.status !== 0) throw new Error('Seeding the demo workspace failed; see the output above.');
  }
  const opened = await openDatabase(loaded, isStart ? 'rapport start' : `rapport serve --role ${role}`, logger);
  await opened.database.migrate();
  let demoLogin = null;
  if (isStart && loaded.seedDemo) demoLogin = await seedDemoIfEmpty(opened.database, loaded, print);
  const running = await startRapport(loaded, { role, opened, logger });
  let isClosing = false;
  const shutdown = async (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), 15_000);
    forced.unref();
    await running.close();
    await opened.database.close();
    opened.lock?.release();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  if (running.url) {
    const shown = running.url.replace('127.0.0.1', 'localhost');
    print('');
    print(`  Rapport is running on ${shown}`);
    if (demoLogin) await printDemoLogin(opened.database, demoLogin, print);
    const smtp = running.services.get('smtp-listener');
    if (smtp?.port) {
      const demoAddress = demoLogin ? ` (the demo's address is support@${demoLogin.slug}.rapport.test)` : '';
      print(`  Inbound email: SMTP on localhost:${smtp.port}${demoAddress}`);
    }
    print(`  API docs: ${shown}/api/v1/docs`);
    print('');
  }
}

async function withDatabase<T>(command: string, action: (opened: OpenedDatabase, loaded: Config) => Promise<T>): Promise<T> {
  const loaded = await config();
  const { openDatabase } = await import('@rapport/server/main');
  const opened = await openDatabase(loaded, command);
  try {
    await opened.database.migrate();
    return await action(opened, loaded);
  } finally {
    await opened.database.close();
    opened.lock?.release();
  }
}

const program = new Command('rapport').description('Rapport, the help desk built around customer-service principles').showHelpAfterError();

program
  .command('start')
  .description('Start everything in one process (embedded database in ./data unless DATABASE_URL is set), with a demo workspace')
  .action(() => serve('all', true));

program
  .command('serve')
  .description('Run the server in one role; in production run web and worker separately')
  .addOption(new Option('--role <role>', 'which part to run').choices(['web', 'worker', 'all']).default('all'))
  .action((options: { role: Role }) => serve(options.role, false));

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(() =>
    withDatabase('rapport migrate', async (opened) => {
      print(`Migrations applied (${opened.database.kind}).`);
    }),
  );

program
  .command('seed')
  .description('Load data')
  .requiredOption('--demo', 'load the demo shop workspace')
  .option('--slug <slug>', 'workspace slug', 'demo')
  .addOption(new Option('--remember-login', 'keep the login in the data directory for `rapport start` to print').hideHelp())
  .action((options: { slug: string; rememberLogin?: boolean }) =>
    withDatabase('rapport seed', async (opened, loaded) => {
      const { printDemoLogin, rememberDemoLogin, seedDemoWorkspace } = await import('./demo.ts');
      const login = await seedDemoWorkspace(opened.database, options.slug, print);
      if (options.rememberLogin) rememberDemoLogin(loaded, login);
      else await printDemoLogin(opened.database, login, print);
    }),
  );

const workspace = program.command('workspace').description('Manage workspaces');
workspace
  .command('create')
  .requiredOption('--slug <slug>')
  .requiredOption('--name <name>')
  .option('--time-zone <zone>', 'IANA time zone', 'UTC')
  .action((options: { slug: string; name: string; timeZone: string }) =>
    withDatabase('rapport workspace create', async (opened) => (await import('./admin.ts')).createWorkspace(opened.database, options, print)),
  );

const user = program.command('user').description('Manage users');
user
  .command('create')
  .requiredOption('--workspace <slug>')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .addOption(new Option('--role <role>').choices(['admin', 'lead', 'agent']).default('agent'))
  .option('--password <password>', 'omit to generate one (printed once)')
  .action((options: { workspace: string; email: string; name: string; role: 'admin' | 'lead' | 'agent'; password?: string }) =>
    withDatabase('rapport user create', async (opened) => (await import('./admin.ts')).createUser(opened.database, options, print)),
  );

const token = program.command('token').description('Manage API tokens');
token
  .command('create')
  .requiredOption('--workspace <slug>')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'a label for the token', 'cli')
  .action((options: { workspace: string; email: string; name: string }) =>
    withDatabase('rapport token create', async (opened, loaded) => (await import('./admin.ts')).createToken(opened.database, loaded, options, print)),
  );

program
  .command('doctor')
  .description('Check configuration, database, port and disk')
  .action(async () => {
    const { runDoctor } = await import('./doctor.ts');
    const isHealthy = await runDoctor(print);
    process.exitCode = isHealthy ? 0 : 1;
  });

program
  .command('coach')
  .description('Reply coach: reads the input JSON on stdin, prints the findings JSON')
  .action(async () => {
    const { runCoachCommand } = await import('@rapport/reply-coach/cli-commands');
    const result = runCoachCommand(await readStdin());
    process.stdout.write(result.stdout.endsWith('\n') ? result.stdout : `${result.stdout}\n`);
    process.exitCode = result.exitCode;
  });

program
  .command('lang')
  .description('Language of each stdin line: <iso-639-1>\\t<confidence>')
  .action(async () => {
    const { runLangCommand } = await import('@rapport/reply-coach/cli-commands');
    process.stdout.write(runLangCommand(await readStdin()));
  });

const email = program.command('email').description('Email channel: parse, import, addresses');
// Email subcommands are registered here (one line each).
registerEmailParse(email);
registerEmailImport(email, { withDatabase, print });
void email;

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Named, not instanceof: the classes live in modules this file loads only on demand.
  if (error instanceof Error && (error.name === 'ConfigError' || error.name === 'DataDirLockedError')) {
    printError(error.message);
    process.exit(2);
  }
  printError(`rapport: ${(error as Error).message}`);
  process.exit(1);
}
