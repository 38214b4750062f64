import type { GlossaryEntry } from './coach-types.ts';
import type { RawFinding, RuleContext } from './rule-context.ts';

/** Built-in jargon with plain wording (P5). Workspace glossary entries are added on top. */
export const BUILT_IN_JARGON: readonly GlossaryEntry[] = [
  { term: 'RMA', plain: 'return number' },
  { term: 'SKU', plain: 'product code' },
  { term: 'ETA', plain: 'expected arrival time' },
  { term: 'SLA', plain: 'promised response time' },
  { term: 'ASAP', plain: 'as soon as possible' },
  { term: 'FYI', plain: 'for your information' },
  { term: 'EOD', plain: 'end of the day' },
  { term: 'TBD', plain: 'not decided yet' },
  { term: 'PFA', plain: 'attached' },
  { term: 'OOO', plain: 'out of office' },
  { term: 'backend', plain: 'our system' },
  { term: 'back-end', plain: 'our system' },
  { term: 'frontend', plain: 'the website' },
  { term: 'cache', plain: 'saved data' },
  { term: 'latency', plain: 'delay' },
  { term: 'downtime', plain: 'time the service was unavailable' },
  { term: 'hotfix', plain: 'quick fix' },
  { term: 'config', plain: 'settings' },
  { term: 'repro', plain: 'make the problem happen again' },
  { term: 'root cause', plain: 'cause' },
  { term: 'escalate', plain: 'pass to a specialist' },
  { term: 'escalated', plain: 'passed to a specialist' },
  { term: 'tier 2', plain: 'our specialist team' },
  { term: 'L2', plain: 'our specialist team' },
  { term: 'deprecated', plain: 'no longer supported' },
  { term: 'provisioned', plain: 'set up' },
  { term: 'provisioning', plain: 'setting up' },
  { term: 'credentials', plain: 'username and password' },
  { term: 'authenticate', plain: 'sign in' },
  { term: 'utilize', plain: 'use' },
  { term: 'utilise', plain: 'use' },
  { term: 'leverage', plain: 'use' },
  { term: 'facilitate', plain: 'help' },
  { term: 'in order to', plain: 'to' },
  { term: 'prior to', plain: 'before' },
  { term: 'pursuant to', plain: 'under' },
  { term: 'aforementioned', plain: 'this' },
  { term: 'hereby', plain: '(leave out)' },
  { term: 'commence', plain: 'start' },
  { term: 'remediate', plain: 'fix' },
  { term: 'remediation', plain: 'fix' },
  { term: 'endeavour', plain: 'try' },
  { term: 'endeavor', plain: 'try' },
  { term: 'ticket ID', plain: 'reference number' },
  { term: 'workaround', plain: 'another way to do it for now' },
  { term: 'per our records', plain: 'we can see that' },
  { term: 'chargeback', plain: 'card payment reversal' },
  { term: 'fulfilment centre', plain: 'warehouse' },
  { term: 'fulfillment center', plain: 'warehouse' },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type CompiledTerm = { pattern: RegExp; entry: GlossaryEntry };

// Compiled once per distinct glossary; the built-in list is compiled at load.
function compile(entries: readonly GlossaryEntry[]): CompiledTerm[] {
  return entries
    .filter((entry) => entry.term.trim().length > 0)
    .map((entry) => {
      // All-capital acronyms match case-sensitively so "eta" in Spanish or "sla" in a word is left alone.
      const isAcronym = /^[A-Z0-9]{2,5}$/.test(entry.term);
      const body = escapeRegExp(entry.term.trim()).replace(/\s+/g, '\\s+');
      return { pattern: new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, isAcronym ? 'gu' : 'giu'), entry };
    });
}

const BUILT_IN_COMPILED = compile(BUILT_IN_JARGON);

export function jargonRule(context: RuleContext): RawFinding[] {
  const glossary = context.input.settings?.glossary ?? [];
  const workspaceTerms = compile(glossary);
  // Workspace wording wins over the built-in suggestion for the same term.
  const workspaceKeys = new Set(glossary.map((entry) => entry.term.trim().toLowerCase()));
  const terms = [...workspaceTerms, ...BUILT_IN_COMPILED.filter((term) => !workspaceKeys.has(term.entry.term.toLowerCase()))];
  const findings: RawFinding[] = [];
  const taken = new Set<number>();
  for (const { pattern, entry } of terms) {
    for (const match of context.draft.matchAll(pattern)) {
      if (taken.has(match.index)) continue;
      taken.add(match.index);
      findings.push({
        rule: 'jargon',
        start: match.index,
        end: match.index + match[0].length,
        message: `"${match[0]}" may be unfamiliar to the customer. Try "${entry.plain}".`,
        suggestion: entry.plain,
      });
    }
  }
  return findings.sort((left, right) => left.start - right.start);
}
