/**
 * HTTP load generator. `startHttpLoad()` forks this file as a child process so the load generator
 * does not share an event loop with the server under test (they still share the machine's cores).
 * The child answers each job with the latencies it measured.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { driveClosedLoop, driveFixedRate, type DriveResult } from './drive.ts';

export interface HttpRequestSpec {
  path: string;
  token: string;
}

export interface HttpJob {
  mode: 'fixed-rate' | 'closed-loop';
  baseUrl: string;
  requests: HttpRequestSpec[];
  seconds: number;
  /** fixed-rate: operations per second. */
  perSecond?: number;
  /** closed-loop: callers; fixed-rate: the connection pool size. */
  concurrency: number;
}

export interface HttpJobResult extends DriveResult {
  statuses: Record<string, number>;
  bytes: number;
}

type ChildMessage = { kind: 'result'; result: HttpJobResult } | { kind: 'failed'; message: string };

export interface HttpLoad {
  run(job: HttpJob): Promise<HttpJobResult>;
  stop(): Promise<void>;
}

export function startHttpLoad(): HttpLoad {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--worker'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return {
    run(job) {
      return new Promise((resolve, reject) => {
        const onMessage = (message: ChildMessage) => {
          child.off('exit', onExit);
          if (message.kind === 'result') resolve(message.result);
          else reject(new Error(message.message));
        };
        const onExit = (code: number | null) => {
          child.off('message', onMessage);
          reject(new Error(`load generator exited with ${code}`));
        };
        child.once('message', onMessage);
        child.once('exit', onExit);
        child.send(job);
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}

async function runJob(job: HttpJob): Promise<HttpJobResult> {
  const url = new URL(job.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const statuses: Record<string, number> = {};
  let bytes = 0;
  const get = (sequence: number) =>
    new Promise<void>((resolve, reject) => {
      const spec = job.requests[sequence % job.requests.length];
      if (!spec) return reject(new Error('no requests to send'));
      const outgoing = request(
        { agent, host: url.hostname, port: url.port, path: spec.path, method: 'GET', headers: { authorization: `Bearer ${spec.token}` } },
        (response) => {
          const status = String(response.statusCode ?? 0);
          statuses[status] = (statuses[status] ?? 0) + 1;
          response.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
          });
          response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${status} for ${spec.path}`))));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
  const result =
    job.mode === 'fixed-rate' ? await driveFixedRate(get, job.perSecond ?? 1, job.seconds) : await driveClosedLoop(get, job.concurrency, job.seconds);
  agent.destroy();
  return { ...result, statuses, bytes };
}

if (process.argv.includes('--worker') && process.send) {
  process.on('message', (job: HttpJob) => {
    runJob(job).then(
      (result) => process.send?.({ kind: 'result', result } satisfies ChildMessage),
      (error: unknown) => process.send?.({ kind: 'failed', message: String(error) } satisfies ChildMessage),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
