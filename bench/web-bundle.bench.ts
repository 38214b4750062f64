/**
 * Web bundle benchmark (issue 6): builds the agent app with Vite into a private directory (the
 * shared apps/web/dist that tests and `npm start` serve is left alone) and reports, from Vite's
 * manifest, the gzip size of the JavaScript the inbox route loads before its first paint: the
 * entry chunk, everything it imports statically, and, if the inbox screen itself is a lazy chunk,
 * that chunk and its static imports. Lazy screens are listed separately; they do not count.
 * Prints figures; asserts nothing. Budget: 200 KB gzip.
 *
 *   npm run bench -- web-bundle [--keep] [--top 10]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { parseArgs } from './lib/args.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(benchDir, '..');
const webDir = join(repoRoot, 'apps', 'web');
const args = parseArgs(process.argv.slice(2), ['keep', 'top']);
const top = Math.max(1, Math.round(args.number('top', 10)));
const budgetKb = 200;

interface ManifestChunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

interface Sized {
  file: string;
  label: string;
  raw: number;
  gzip: number;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** The chunk keys a chunk pulls in before it runs: itself and its static imports, transitively. */
function staticClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  into.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

function main() {
  const loadBefore = loadavg()[0] ?? 0;
  const outDir = mkdtempSync(join(tmpdir(), 'rapport-web-bundle-'));
  return (async () => {
    try {
      const started = performance.now();
      await build({
        root: webDir,
        configFile: join(webDir, 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true, manifest: true },
      });
      const buildSeconds = (performance.now() - started) / 1000;
      const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;

      const size = (file: string, label: string): Sized => {
        const bytes = readFileSync(join(outDir, file));
        return { file, label, raw: bytes.length, gzip: gzipSync(bytes).length };
      };
      const entryKeys = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
      // If the inbox screen is itself split out, the inbox route also waits for its chunk.
      const inboxKeys = Object.keys(manifest).filter((key) => manifest[key]?.isDynamicEntry && /modules\/inbox\//.test(manifest[key]?.src ?? key));
      const initial = new Set<string>();
      for (const key of [...entryKeys, ...inboxKeys]) staticClosure(manifest, key, initial);

      const initialJs = [...initial].map((key) => size(manifest[key]?.file ?? key, manifest[key]?.src ?? manifest[key]?.name ?? key));
      const initialCss = [...new Set([...initial].flatMap((key) => manifest[key]?.css ?? []))].map((file) => size(file, 'css'));
      const lazyKeys = Object.keys(manifest).filter((key) => !initial.has(key) && manifest[key]?.file.endsWith('.js'));
      const lazyJs = lazyKeys.map((key) => size(manifest[key]?.file ?? key, manifest[key]?.src ?? manifest[key]?.name ?? key));
      const sum = (items: Sized[], field: 'raw' | 'gzip') => items.reduce((total, item) => total + item[field], 0);
      const jsGzip = sum(initialJs, 'gzip');

      const lines: string[] = [];
      lines.push(`## web-bundle — ${new Date().toISOString()}`);
      lines.push('');
      lines.push(`Vite build in ${buildSeconds.toFixed(1)} s; 1-minute load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after. Gzip: node zlib, default level 6.`);
      lines.push('');
      lines.push('| inbox route, loaded before first paint | raw | gzip |');
      lines.push('|---|---|---|');
      lines.push(`| JavaScript (${initialJs.length} chunk${initialJs.length === 1 ? '' : 's'}) | ${kb(sum(initialJs, 'raw'))} | **${kb(jsGzip)}** |`);
      lines.push(`| CSS (${initialCss.length} file${initialCss.length === 1 ? '' : 's'}) | ${kb(sum(initialCss, 'raw'))} | ${kb(sum(initialCss, 'gzip'))} |`);
      lines.push(`| lazy JavaScript, not loaded for the inbox (${lazyJs.length} chunks) | ${kb(sum(lazyJs, 'raw'))} | ${kb(sum(lazyJs, 'gzip'))} |`);
      lines.push('');
      lines.push(`Budget: initial JavaScript ≤ ${budgetKb} KB gzip → ${jsGzip <= budgetKb * 1000 ? 'within' : 'OVER'} (${((jsGzip / (budgetKb * 1000)) * 100).toFixed(0)} % of it).`);
      lines.push('');
      lines.push(`Largest chunks (top ${top}):`);
      lines.push('');
      lines.push('| chunk | source | loaded | raw | gzip |');
      lines.push('|---|---|---|---|---|');
      const all = [...initialJs.map((item) => ({ ...item, when: 'initial' })), ...lazyJs.map((item) => ({ ...item, when: 'lazy' }))];
      for (const item of all.sort((a, b) => b.gzip - a.gzip).slice(0, top)) {
        lines.push(`| ${item.file} | ${item.label} | ${item.when} | ${kb(item.raw)} | ${kb(item.gzip)} |`);
      }
      const output = lines.join('\n');
      console.log(output);

      const resultsDir = join(benchDir, 'results');
      mkdirSync(resultsDir, { recursive: true });
      const file = join(resultsDir, 'web-bundle.md');
      writeFileSync(file, `${output}\n`);
      console.log(`\nwritten to ${file}`);
      if (args.flag('keep')) console.log(`build kept in ${outDir} (${kb(statSync(join(outDir, 'index.html')).size)} index.html)`);
    } finally {
      if (!args.flag('keep')) rmSync(outDir, { recursive: true, force: true });
    }
  })();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
