/**
 * The SMTP protocol floor under the ingest benchmark: the same generated mail, sent the same way
 * (nodemailer pool, N connections), to a bare smtp-server on loopback that answers 250 at once and
 * keeps nothing. No storage, no database, no parsing. Whatever Rapport does on top, its SMTP intake
 * on this machine cannot be faster than this. Prints figures; asserts nothing.
 *
 *   npm run bench -- smtp-ceiling [--messages 20000] [--connections 8] [--separate-process]
 *
 * `--separate-process` runs the receiving server in a child process (as in the ingest benchmark on
 * PostgreSQL, where the server is its own process); otherwise sender and receiver share this one.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from './lib/args.ts';
import { generateMail } from './lib/email-rig.ts';
import { processCpuSeconds } from './lib/process-cpu.ts';
import { forkBareServer, serveBare, type BareChild } from './lib/smtp-bare.ts';
import { createSmtpSender } from './lib/smtp-send.ts';

const args = parseArgs(process.argv.slice(2), ['messages', 'connections', 'separate-process']);

const count = Math.round(args.number('messages', 20_000));
const connections = Math.round(args.number('connections', 8));
const separate = args.flag('separate-process');
let port: number;
let child: BareChild | null = null;
if (separate) {
  child = await forkBareServer();
  port = child.port;
} else {
  port = (await serveBare()).port;
}
const mails = generateMail(count, { seed: 4242, replyShare: 0.3, domain: 'ceiling.test', runId: Date.now().toString(36) });
const sender = createSmtpSender({ port, to: 'support@ceiling.test', connections });
const started = performance.now();
const cpuStarted = process.cpuUsage();
const childCpuStarted = child?.pid ? (processCpuSeconds(child.pid) ?? 0) : 0;
let next = 0;
// As many messages in flight as connections, like the ingest benchmark's sender.
await Promise.all(
  Array.from({ length: connections }, async () => {
    for (let index = next++; index < count; index = next++) await sender.send(mails[index]!);
  }),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const childCpu = child?.pid ? (processCpuSeconds(child.pid) ?? 0) - childCpuStarted : 0;
sender.close();
await child?.close();
console.log(`# smtp-ceiling: ${count} messages, ${connections} connections, server ${separate ? 'in a child process' : 'in this process'}`);
console.log(`machine: ${cpus().length} cores, load ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
console.log(`accepted ${count} in ${seconds.toFixed(1)} s: ${(count / seconds).toFixed(0)} messages/s`);
const ownMs = (cpu.user + cpu.system) / 1000 / count;
console.log(`CPU per message: ${separate ? `sender ${ownMs.toFixed(2)} ms + receiving server ${((childCpu * 1000) / count).toFixed(2)} ms` : `sender and server together ${ownMs.toFixed(2)} ms`}`);
process.exit(0);
