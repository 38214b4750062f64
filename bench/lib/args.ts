/** A tiny `--name value` / `--flag` parser for benchmark scripts. */
export interface ParsedArgs {
  get(name: string): string | undefined;
  number(name: string, fallback: number): number;
  flag(name: string): boolean;
}

export function parseArgs(argv: readonly string[], known: readonly string[]): ParsedArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const raw = argv[index] ?? '';
    if (!raw.startsWith('--')) throw new Error(`Unexpected argument "${raw}"`);
    const [name = '', inline] = raw.slice(2).split('=', 2);
    if (!known.includes(name)) throw new Error(`Unknown option --${name}; known: ${known.map((option) => `--${option}`).join(', ')}`);
    if (inline !== undefined) values.set(name, inline);
    else if (argv[index + 1] !== undefined && !(argv[index + 1] ?? '').startsWith('--')) {
      values.set(name, argv[index + 1] ?? '');
      index += 1;
    } else flags.add(name);
  }
  return {
    get: (name) => values.get(name),
    number(name, fallback) {
      const value = values.get(name);
      if (value === undefined) return fallback;
      const parsed = Number(value.replaceAll('_', '').replaceAll(',', ''));
      if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
      return parsed;
    },
    flag: (name) => flags.has(name) || values.get(name) === 'true',
  };
}
