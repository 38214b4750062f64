/**
 * Fills a macro's placeholders ({{customer.name}}, {{ticket.number}}, …) from the ticket. Pure.
 * Nothing is ever silently blanked: an unknown placeholder, or a known one without a value for this
 * ticket, stays as written and is reported, so the agent (and the coach's unfilled-placeholder
 * check) sees it before sending.
 */
import { macroPlaceholders, type MacroPlaceholder } from '@rapport/contracts/composer';

export type PlaceholderValues = Partial<Record<MacroPlaceholder, string | null>>;

export interface RenderedBody {
  text: string;
  unknownPlaceholders: string[];
  emptyPlaceholders: string[];
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const known = new Set<string>(macroPlaceholders);

/** The first word of a name ("Ana María López" → "Ana"); a one-word name is its own first name. */
export function firstNameOf(name: string | null | undefined): string | null {
  const first = (name ?? '').trim().split(/\s+/)[0];
  return first ? first : null;
}

export function renderMacroBody(body: string, values: PlaceholderValues): RenderedBody {
  const unknown = new Set<string>();
  const empty = new Set<string>();
  const text = body.replace(PLACEHOLDER, (whole, rawName: string) => {
    const name = rawName.toLowerCase();
    if (name === '') return whole;
    if (!known.has(name)) {
      unknown.add(rawName);
      return whole;
    }
    const value = values[name as MacroPlaceholder];
    if (value === null || value === undefined || value.trim() === '') {
      empty.add(name);
      return whole;
    }
    return value;
  });
  return { text, unknownPlaceholders: [...unknown], emptyPlaceholders: [...empty] };
}
