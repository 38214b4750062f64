/**
 * Reply-coach benchmark (issue 5): prints figures only and asserts nothing, as ENGINEERING §7 asks.
 * Run: `npx tsx bench/coach.bench.ts` (or via `npm run bench -- coach` once the runner wires it).
 */
import { build } from 'esbuild';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { CoachInput } from '../packages/reply-coach/src/coach-types.ts';
import { coachReply } from '../packages/reply-coach/src/coach.ts';
import { detectLanguage } from '../packages/reply-coach/src/language.ts';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

// Hand-written sentences (not corpus text), repeated to reach the sizes.
const DRAFT_SENTENCES = [
  'Hi Jordan, thanks for writing in and for your patience while we looked into this.',
  "I'm sorry the blender arrived with a cracked jug; that is not the experience we want you to have.",
  'I have checked your order and the courier scanned it as damaged at the depot on Tuesday.',
  "I'll send a replacement jug by express post tomorrow, and you do not need to return the broken one.",
  'The tracking number will arrive by email as soon as the parcel leaves our warehouse.',
  'If the motor base makes any unusual noise, please let me know and we will swap the whole unit.',
  'Your refund for the shipping cost has been issued to the card you paid with and should show within five business days.',
  'As a thank-you for bearing with us, I have also added a ten percent credit to your account for your next order.',
  'Unfortunately we cannot collect parcels on weekends, but what I can do is book a pickup for Monday morning.',
  'Please reply to this email if anything is unclear, and I will get back to you the same day.',
];
const CUSTOMER_SENTENCES = [
  'Hello, my blender arrived today and the jug is cracked right down the side.',
  'I ordered it two weeks ago as a birthday present and the party is on Saturday.',
  'Can you send a replacement quickly or should I ask for a refund instead?',
  'Please send me the invoice as well because I need it for my records.',
  'What is the phone number for your returns team?',
  'I am honestly quite frustrated because this is the second time a parcel from you has been damaged.',
  'The box itself looked fine from the outside, so I think it happened before packing.',
  'Do I need to keep the broken jug or can I throw it away?',
];

function wordsUpTo(sentences: string[], targetWords: number, offset: number): string {
  const chosen: string[] = [];
  let count = 0;
  for (let index = 0; count < targetWords; index += 1) {
    const sentence = sentences[(index + offset) % sentences.length] ?? '';
    chosen.push(sentence);
    count += sentence.split(/\s+/).length;
  }
  return chosen.join(' ');
}

const input: CoachInput = {
  draft: wordsUpTo(DRAFT_SENTENCES, 300, 0),
  conversation: [
    { from: 'customer', text: wordsUpTo(CUSTOMER_SENTENCES, 150, 0) },
    { from: 'customer', text: wordsUpTo(CUSTOMER_SENTENCES, 150, 3) },
    { from: 'customer', text: wordsUpTo(CUSTOMER_SENTENCES, 150, 5) },
  ],
  ticket: { ourMistake: true, customerName: 'Jordan Ellis', macroText: 'Hi {{name}}, thanks for reaching out.' },
  settings: { now: '2026-03-27T10:00:00Z', timeZone: 'Europe/London', glossary: [{ term: 'depot', plain: 'sorting centre' }] },
};

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

const ROUNDS = 5;
const CALLS_PER_ROUND = 1000;

function benchCoach(): void {
  for (let warmup = 0; warmup < 300; warmup += 1) coachReply(input);
  const all: number[] = [];
  const roundP99s: number[] = [];
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round += 1) {
    const timings: number[] = [];
    for (let call = 0; call < CALLS_PER_ROUND; call += 1) {
      const before = performance.now();
      coachReply(input);
      timings.push(performance.now() - before);
    }
    timings.sort((left, right) => left - right);
    roundP99s.push(percentile(timings, 0.99));
    all.push(...timings);
  }
  const elapsed = performance.now() - started;
  all.sort((left, right) => left - right);

  const draftWords = input.draft.split(/\s+/).length;
  const customerWords = input.conversation.map((message) => message.text.split(/\s+/).length).join('/');
  process.stdout.write(`coachReply  draft ${draftWords} words, customer messages ${customerWords} words, ${ROUNDS}×${CALLS_PER_ROUND} calls\n`);
  process.stdout.write(`  p50 ${percentile(all, 0.5).toFixed(3)} ms   p99 ${percentile(all, 0.99).toFixed(3)} ms   max ${percentile(all, 1).toFixed(3)} ms\n`);
  // Per-round p99 shows how much of the tail is the machine (other processes) rather than the coach.
  process.stdout.write(`  p99 per round ${roundP99s.map((value) => value.toFixed(2)).join(' / ')} ms\n`);
  process.stdout.write(`  throughput ${(all.length / (elapsed / 1000)).toFixed(0)} calls/s\n`);
}

function benchLanguage(): void {
  const lines = [...CUSTOMER_SENTENCES, ...DRAFT_SENTENCES,
    'Wo ist meine Bestellung? Ich warte seit zwei Wochen.',
    "Bonjour, je n'ai toujours pas reçu ma commande.",
    'Hola, todavía no he recibido mi pedido.',
    'Здравствуйте, я до сих пор не получил свой заказ.',
    'こんにちは、注文した商品がまだ届いていません。'];
  for (let warmup = 0; warmup < 500; warmup += 1) detectLanguage(lines[warmup % lines.length] ?? '');
  const total = 20_000;
  const started = performance.now();
  for (let index = 0; index < total; index += 1) detectLanguage(lines[index % lines.length] ?? '');
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`detectLanguage  ${total} lines (avg ${Math.round(lines.join('').length / lines.length)} chars): ${(total / seconds).toFixed(0)} lines/s\n`);
}

async function bundleSize(): Promise<void> {
  const result = await build({
    entryPoints: [join(repositoryRoot, 'packages/reply-coach/src/coach.ts'), join(repositoryRoot, 'packages/reply-coach/src/cli-commands.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    outdir: 'out',
    splitting: true,
  });
  const bytes = result.outputFiles.reduce((total, file) => total + file.contents.length, 0);
  const gzipped = result.outputFiles.reduce((total, file) => total + gzipSync(file.contents, { level: 9 }).length, 0);
  process.stdout.write(`browser bundle (esbuild, minified, platform=browser)  ${(bytes / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzip\n`);
}

// The wall-clock tail on a shared machine includes time spent descheduled; print the load with it.
process.stdout.write(`load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} on ${cpus().length} cores\n`);
benchCoach();
benchLanguage();
await bundleSize();
