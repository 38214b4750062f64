/**
 * Realtime inbox benchmark (issue 6): how long after a new inbound ticket is stored does it appear
 * in an inbox open in Chromium, over the real WebSocket? Target: ≤ 300 ms p95.
 *
 * The real server runs in-process (web + worker, PostgreSQL or PGlite); an agent is signed in
 * through the sign-in screen with the inbox open. New tickets are created one at a time, with a
 * pause between them, either through the API (default: POST /api/v1/tickets, assigned to the
 * agent, so they land in "Mine") or as email through the SMTP listener (`--via smtp`: they land
 * in "Unassigned"). The page records `Date.now()` when a MutationObserver first sees the subject,
 * and again at the next animation frame (painted); the bench process shares the machine's clock.
 *
 * Three clocks per ticket:
 *   stored   API: the earlier of the POST returning and the event below arriving (the transaction
 *            had committed by either; the event often comes first); SMTP: when the event arrived
 *            (processing committed and notified).
 *   event    a plain WebSocket client in this process (Bearer token) receives ticket.created:
 *            the floor any browser could reach.
 *   painted  the frame after the row appeared in the page.
 * Prints p50/p95/max of stored → painted, event → painted and stored → event. Asserts nothing.
 *
 *   npm run bench -- realtime-inbox [--database postgres|pglite] [--url postgres://…] [--count 100]
 *                                   [--interval 400] [--via api|smtp]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { createApiToken } from '../apps/server/src/modules/auth/api-tokens.ts';
import { addMember, provisionWorkspace } from '../apps/server/src/modules/workspaces/provision-workspace.ts';
import type { Actor } from '../apps/server/src/platform/actor.ts';
import type { RunningService } from '../apps/server/src/background-services.ts';
import { parseArgs } from './lib/args.ts';
import { createSmtpSender } from './lib/smtp-send.ts';
import { ms } from './lib/stats.ts';
import { benchPassword, describeLatencies, launchBenchChromium, loadAverage, openBenchDatabase, signedInPage, startBenchServer } from './lib/web-rig.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2), ['database', 'url', 'count', 'interval', 'via', 'existing']);
const engineArgument = args.get('database') ?? 'postgres';
if (engineArgument !== 'pglite' && engineArgument !== 'postgres') throw new Error('--database must be pglite or postgres');
const engine: 'pglite' | 'postgres' = engineArgument;
const via = args.get('via') ?? 'api';
if (via !== 'api' && via !== 'smtp') throw new Error('--via must be api or smtp');
const count = Math.max(1, Math.round(args.number('count', 100)));
const intervalMs = args.number('interval', 400);
const existing = Math.round(args.number('existing', 40));
const timeoutMs = 10_000;
const runId = randomBytes(3).toString('hex');
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Installed in the page: records when each probe subject first shows up, and the frame after. */
function installProbeObserver(pattern: string) {
  const seen: Record<string, { mutated: number; painted: number }> = {};
  const regex = new RegExp(pattern, 'g');
  const record = (text: string | null) => {
    if (!text || !text.includes('Probe')) return;
    for (const match of text.matchAll(regex)) {
      const key = match[1];
      if (!key || seen[key]) continue;
      const entry = { mutated: Date.now(), painted: 0 };
      seen[key] = entry;
      requestAnimationFrame(() => {
        entry.painted = Date.now();
      });
    }
  };
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'characterData') record(mutation.target.textContent);
      for (const node of mutation.addedNodes) record(node.textContent);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  (window as unknown as { __probes: typeof seen }).__probes = seen;
}

async function main() {
  const startedAt = new Date();
  console.log(`realtime-inbox: ${engine}, ${count} tickets via ${via}, one every ${intervalMs} ms; load average ${loadAverage().toFixed(2)}`);
  const opened = await openBenchDatabase({ engine, name: 'rapport_bench_realtime', ...(args.get('url') ? { adminUrl: args.get('url') } : {}) });
  const { database } = opened;
  await database.migrate();
  const now = new Date();
  const workspace = await provisionWorkspace(database.db, { slug: `rt-${runId}`, name: 'Realtime Bench', now });
  const agentEmail = `agent@rt-${runId}.bench.test`;
  const { user } = await addMember(database.db, { workspaceId: workspace.id, email: agentEmail, name: 'Bench Agent', password: benchPassword, role: 'agent', now });
  const inboundAddress = `support@rt-${runId}.bench.test`;
  if (via === 'smtp') {
    await database.query('insert into email_addresses (workspace_id, address, display_name, is_default) values ($1, $2, $3, true)', [workspace.id, inboundAddress, 'Support']);
  }

  const server = await startBenchServer(opened, { smtp: via === 'smtp' });
  const browser = await launchBenchChromium();
  const socket: { current: WebSocket | null } = { current: null };
  try {
    const actor: Actor = { workspaceId: workspace.id, userId: user.id, role: 'agent', via: 'token' };
    const { token } = await createApiToken(server.deps, actor, { name: 'bench' });
    const post = async (path: string, body: unknown) => {
      const response = await fetch(new URL(path, server.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string; number: number };
    };
    // An inbox with some tickets in it already, as an agent's would be.
    for (let index = 0; index < existing; index += 1) {
      await post('/api/v1/tickets', {
        subject: `Earlier question ${index + 1} about a delivery`,
        text: 'Hello, where is my parcel?',
        customer: { email: `earlier${index}@customers.test` },
        ...(via === 'api' ? { assigneeId: user.id } : {}),
      });
    }

    // The floor: a WebSocket client that is not a browser.
    const eventAt = new Map<number, number>();
    socket.current = new WebSocket(`${server.baseUrl.replace(/^http/, 'ws')}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` } });
    socket.current.on('message', (data: WebSocket.RawData) => {
      const arrived = Date.now();
      try {
        const event = JSON.parse(String(data)) as { type?: string; ticketNumber?: number };
        if (event.type === 'ticket.created' && typeof event.ticketNumber === 'number' && !eventAt.has(event.ticketNumber)) eventAt.set(event.ticketNumber, arrived);
      } catch {
        // not JSON: nothing to time
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.current?.once('open', () => resolve());
      socket.current?.once('error', reject);
    });

    const viewPath = via === 'api' ? '/views/mine' : '/views/unassigned';
    const { page } = await signedInPage(browser, server.baseUrl, agentEmail, viewPath);
    await page.getByText('Earlier question 1 about').first().waitFor({ timeout: 30_000 });
    await page.evaluate(installProbeObserver, `Probe ${runId} #(\\d+)`);
    // What each new ticket costs the page: the API requests its events trigger.
    const requestsByPath = new Map<string, number>();
    let isCounting = false;
    page.on('request', (request) => {
      if (!isCounting || !request.url().includes('/api/')) return;
      const path = new URL(request.url()).pathname.replace(/\/\d+(?=\/|$)/g, '/:n');
      requestsByPath.set(path, (requestsByPath.get(path) ?? 0) + 1);
    });
    // Let the first load settle (realtime connected, prefetches done).
    await sleep(1500);

    const smtp = via === 'smtp' ? createSmtpSender({ port: smtpPort(server.services), to: inboundAddress, connections: 1 }) : null;
    const storedAt = new Map<number, number>(); // probe index → stored
    const sentAt = new Map<number, number>();
    const numberOf = new Map<number, number>(); // probe index → ticket number
    const loadSamples: number[] = [];
    isCounting = true;
    for (let index = 1; index <= count; index += 1) {
      const subject = `Probe ${runId} #${index}: the kettle lid cracked`;
      const text = `Hello, the lid of my kettle cracked on the second day. Probe ${index}.`;
      sentAt.set(index, Date.now());
      if (smtp) {
        await smtp.send({ from: `customer${index}@customers.test`, subject, text, messageId: `probe-${runId}-${index}@customers.test`, inReplyTo: null, marker: `probe${index}` });
      } else {
        const ticket = await post('/api/v1/tickets', { subject, text, customer: { email: `customer${index}@customers.test` }, assigneeId: user.id });
        storedAt.set(index, Date.now());
        numberOf.set(index, ticket.number);
      }
      if (index % 10 === 0) loadSamples.push(loadAverage());
      await sleep(intervalMs);
    }
    smtp?.close();
    isCounting = false;

    // Wait for the stragglers, then read what the page saw.
    const deadline = Date.now() + timeoutMs;
    let probes: Record<string, { mutated: number; painted: number }> = {};
    while (Date.now() < deadline) {
      probes = await page.evaluate(() => (window as unknown as { __probes: Record<string, { mutated: number; painted: number }> }).__probes);
      if (Object.keys(probes).length >= count) break;
      await sleep(250);
    }
    if (via === 'smtp') {
      // The SMTP path has no response carrying the number: find each probe's ticket by subject.
      const rows = await database.query<{ number: number; subject: string }>('select number, subject from tickets where workspace_id = $1 and subject like $2', [workspace.id, `Probe ${runId} #%`]);
      for (const row of rows) {
        const index = Number(/#(\d+)/.exec(row.subject)?.[1]);
        numberOf.set(index, row.number);
        const event = eventAt.get(row.number);
        if (event !== undefined) storedAt.set(index, event);
      }
    }

    const storedToPainted: number[] = [];
    const sentToPainted: number[] = [];
    const eventToPainted: number[] = [];
    const sentToEvent: number[] = [];
    let missing = 0;
    for (let index = 1; index <= count; index += 1) {
      const probe = probes[String(index)];
      const stored = storedAt.get(index);
      const sent = sentAt.get(index) ?? Number.NaN;
      const number = numberOf.get(index);
      const event = number === undefined ? undefined : eventAt.get(number);
      if (!probe || stored === undefined) {
        missing += 1;
        continue;
      }
      const painted = probe.painted || probe.mutated;
      const committed = event === undefined ? stored : Math.min(stored, event);
      storedToPainted.push(painted - committed);
      sentToPainted.push(painted - sent);
      if (event !== undefined) {
        eventToPainted.push(painted - event);
        sentToEvent.push(event - sent);
      }
    }

    const row = (label: string, samples: number[]) => {
      const summary = describeLatencies(samples);
      return `| ${label} | ${summary.count} | ${ms(summary.p50)} | ${ms(summary.p95)} | ${ms(summary.max)} |`;
    };
    const storedLabel = via === 'api' ? 'stored (first of: POST returned, event on a plain WebSocket client)' : 'stored (ticket.created reached a WebSocket client)';
    const lines = [
      `## realtime-inbox — ${engine}, via ${via}, ${startedAt.toISOString()}`,
      '',
      `Machine: ${cpus().length} cores; node ${process.version}; Chromium headless. ${count} tickets, one every ${intervalMs} ms after the previous one was accepted, into an inbox of ${existing} tickets. ` +
        `1-minute load average during the run: ${Math.min(...loadSamples).toFixed(2)}–${Math.max(...loadSamples).toFixed(2)} (other engineers' tests share the 2 cores).`,
      '',
      '| interval | n | p50 | p95 | max |',
      '|---|---|---|---|---|',
      row(`**${storedLabel} → row painted in the inbox**`, storedToPainted),
      row(`${via === 'api' ? 'POST sent' : 'SMTP DATA sent'} → row painted`, sentToPainted),
      row('event on a plain WebSocket client → row painted (the browser side)', eventToPainted),
      ...(via === 'api' ? [row('POST sent → event on a plain WebSocket client (create + commit + notify)', sentToEvent)] : [row('SMTP DATA sent → event (receipt + processing + notify)', sentToEvent)]),
      '',
      `Page requests to the API per new ticket: ${[...requestsByPath.values()].reduce((total, value) => total + value, 0) / count} (${[...requestsByPath.entries()].sort((a, b) => b[1] - a[1]).map(([path, value]) => `${path} ×${value}`).join(', ')}).`,
      '',
      `Target: stored → painted p95 ≤ 300 ms → ${describeLatencies(storedToPainted).p95 <= 300 ? 'met' : 'missed'}. Not seen within ${timeoutMs / 1000} s: ${missing}.`,
    ];
    const output = lines.join('\n');
    console.log(`\n${output}`);
    const resultsDir = join(benchDir, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `realtime-inbox-${engine}-${via}.md`);
    writeFileSync(file, `${output}\n`);
    console.log(`written to ${file}`);
  } finally {
    socket.current?.close();
    await browser.close();
    await server.close();
    await opened.cleanup();
  }
}

/** The port the in-process SMTP listener bound (smtpPort 0 picks a free one). */
function smtpPort(services: Map<string, RunningService>): number {
  const port = services.get('smtp-listener')?.port;
  if (!port) throw new Error('no SMTP listener port; is the listener started?');
  return port;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
