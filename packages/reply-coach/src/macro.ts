import { words } from './sentences.ts';
import type { RawFinding, RuleContext } from './rule-context.ts';
import { wholeDraftSpan } from './rule-context.ts';
import { contentStems } from './text-features.ts';

// Placeholders left unfilled: {{name}}, {name}, [NAME], %name%, <name>.
const PLACEHOLDER = /\{\{[^{}\n]{1,40}\}\}|\{[a-z_]{1,30}\}|\[(?:[A-Z_ ]{2,30}|name|customer name|order number)\]|%[a-z_]{2,30}%|<(?:name|customer|order)[^<>\n]{0,20}>/gi;

const NEARLY_UNCHANGED = 0.9;

/** Share of draft words that also appear in the macro, in order-insensitive multiset terms. */
function shareFromMacro(draft: string, macro: string): number {
  const draftWords = words(draft);
  if (draftWords.length === 0) return 0;
  const available = new Map<string, number>();
  for (const word of words(macro.replace(PLACEHOLDER, ' '))) available.set(word, (available.get(word) ?? 0) + 1);
  let fromMacro = 0;
  for (const word of draftWords) {
    const count = available.get(word) ?? 0;
    if (count > 0) {
      fromMacro += 1;
      available.set(word, count - 1);
    }
  }
  return fromMacro / draftWords.length;
}

/** True when the draft mentions the customer's name or a content word from their messages that the macro lacks. */
function hasSpecifics(context: RuleContext, macro: string): boolean {
  const draftLower = context.draft.toLowerCase();
  const name = context.input.ticket?.customerName?.trim();
  const firstName = name?.split(/\s+/)[0];
  if (firstName && firstName.length > 1 && draftLower.includes(firstName.toLowerCase())) return true;
  const macroStems = new Set(contentStems(macro));
  const customerStems = new Set(
    context.input.conversation
      .filter((message) => message.from === 'customer')
      .flatMap((message) => contentStems(message.text)),
  );
  return contentStems(context.draft).some((stem) => customerStems.has(stem) && !macroStems.has(stem));
}

export function unchangedMacroRule(context: RuleContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const match of context.draft.matchAll(PLACEHOLDER)) {
    findings.push({
      rule: 'unchanged-macro',
      start: match.index,
      end: match.index + match[0].length,
      message: 'This placeholder is still unfilled.',
    });
  }
  const macro = context.input.ticket?.macroText;
  if (!macro || macro.trim().length === 0 || context.draft.trim().length === 0) return findings;
  if (shareFromMacro(context.draft, macro) >= NEARLY_UNCHANGED && !hasSpecifics(context, macro)) {
    findings.push({
      rule: 'unchanged-macro',
      ...wholeDraftSpan(context),
      message: 'This is the macro almost word for word. Add something about their situation.',
      suggestion: context.input.ticket?.customerName
        ? `Greet ${context.input.ticket.customerName} by name and refer to what they wrote.`
        : 'Refer to something they wrote.',
    });
  }
  return findings;
}
