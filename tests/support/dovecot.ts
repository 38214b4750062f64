/**
 * A private Dovecot IMAP server for tests: the real protocol peer of the IMAP poller. It never
 * touches the system Dovecot: a generated config in a temp dir (base_dir, state, logs, maildirs,
 * passwd-file all inside it), plaintext IMAP on 127.0.0.1 with a free port, run in the foreground
 * (`dovecot -F -c <conf>`) as a child process that `stop()` kills.
 *
 * As root (CI), Dovecot's login and internal processes run as the Debian package's `dovenull` and
 * `dovecot` users, and mail is owned by `dovecot`; as any other user, everything runs as that user.
 * Users are added at any time with `addUser` (one passwd-file per user).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export const dovecotBinary = '/usr/sbin/dovecot';
export const isDovecotInstalled = existsSync(dovecotBinary);

export interface DovecotUser {
  user: string;
  password: string;
}

export interface TestDovecot {
  host: string;
  port: number;
  dir: string;
  /** Adds a login (plain password) with an empty maildir; returns its credentials. */
  addUser(user: string, password?: string): DovecotUser;
  /** A connected imapflow client for `user` (IDLE off): the test's own protocol peer for APPEND etc. */
  client(user: DovecotUser): Promise<ImapFlow>;
  /** Delivers raw messages into `folder` of `user` by IMAP APPEND (the folder is created if missing). */
  append(user: DovecotUser, folder: string, messages: (string | Uint8Array)[]): Promise<number[]>;
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    // Dovecot greets with "* OK" once imap-login is ready.
    socket.once('data', (data) => done(data.toString().startsWith('* OK')));
    socket.once('error', () => done(false));
  });
}

function systemIds(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) return null;
  const fields = line.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

export async function startDovecot(options: { idle?: boolean; timeoutMs?: number } = {}): Promise<TestDovecot> {
  if (!isDovecotInstalled) throw new Error(`Dovecot is not installed (${dovecotBinary}); apt-get install dovecot-imapd`);
  const dir = mkdtempSync(join(tmpdir(), 'rapport-dovecot-'));
  chmodSync(dir, 0o755);
  const isRoot = process.getuid?.() === 0;
  const me = userInfo().username;
  const mailOwner = isRoot ? systemIds('dovecot') : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  if (!mailOwner) throw new Error('Running as root needs the `dovecot` system user (created by the Debian package)');
  const internalUser = isRoot ? 'dovecot' : me;
  const loginUser = isRoot ? (systemIds('dovenull') ? 'dovenull' : 'dovecot') : me;
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub), { recursive: true });
  if (isRoot) chownSync(join(dir, 'mail'), mailOwner.uid, mailOwner.gid);
  // One passwd-file per user (the path has %u): a new user is a new file, so nothing depends on
  // Dovecot noticing that a rewritten file changed within the same second.
  const usersDir = join(dir, 'users');
  mkdirSync(usersDir, { mode: 0o755 });
  const port = await freePort();
  const config = [
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `log_path = ${join(dir, 'dovecot.log')}`,
    `instance_name = rapport-test-${port}`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    'auth_failure_delay = 0',
    `default_internal_user = ${internalUser}`,
    `default_internal_group = ${internalUser}`,
    `default_login_user = ${loginUser}`,
    `first_valid_uid = ${Math.min(mailOwner.uid, 100)}`,
    `first_valid_gid = ${Math.min(mailOwner.gid, 100)}`,
    `mail_location = maildir:${join(dir, 'mail')}/%u`,
    // The default would be the system-wide 'unlimited' plus per-IP limits that parallel tests hit.
    'mail_max_userip_connections = 100',
    ...(options.idle === false ? ['imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE NAMESPACE UIDPLUS MOVE'] : []),
    // No anvil auth penalty: the wrong-password tests would slow every login from 127.0.0.1 by up to 15 s.
    'service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}',
    'service imap-login {',
    `  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }`,
    '  inet_listener imaps {\n    port = 0\n  }',
    '}',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${usersDir}/%u`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${mailOwner.uid} gid=${mailOwner.gid} home=${join(dir, 'mail')}/%u`,
    '}',
    '',
  ].join('\n');
  const configFile = join(dir, 'dovecot.conf');
  writeFileSync(configFile, config);
  chmodSync(configFile, 0o644);

  const child: ChildProcess = spawn(dovecotBinary, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));

  const readLog = () => {
    const file = join(dir, 'dovecot.log');
    return `${output}${existsSync(file) ? readFileSync(file, 'utf8') : ''}`;
  };
  const stop = async () => {
    if (!exited) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (!(await portAnswers(port))) {
    if (exited || Date.now() > deadline) {
      const log = readLog();
      await stop();
      throw new Error(`Dovecot did not start on 127.0.0.1:${port}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const dovecot: TestDovecot = {
    host: '127.0.0.1',
    port,
    dir,
    addUser(user, password = `pw-${user}-${port}`) {
      if (!/^[a-z0-9][a-z0-9._-]*$/i.test(user)) throw new Error(`unusable test user name: ${user}`);
      const file = join(usersDir, user);
      writeFileSync(file, `${user}:{PLAIN}${password}::::::\n`);
      chmodSync(file, 0o644);
      return { user, password };
    },
    async client(user) {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        doSTARTTLS: false,
        auth: { user: user.user, pass: user.password },
        logger: false,
        disableAutoIdle: true,
        connectionTimeout: 5000,
        greetingTimeout: 5000,
      });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
    async append(user, folder, messages) {
      const client = await dovecot.client(user);
      try {
        if (folder.toUpperCase() !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
        const uids: number[] = [];
        for (const message of messages) {
          const result = await client.append(folder, typeof message === 'string' ? Buffer.from(message) : message);
          if (!result) throw new Error('APPEND failed');
          uids.push(result.uid ?? 0);
        }
        return uids;
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
    log: readLog,
    stop,
  };
  return dovecot;
}
