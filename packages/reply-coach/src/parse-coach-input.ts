import type { CoachInput, ConversationMessage, GlossaryEntry, RuleSetting } from './coach-types.ts';

export type ParseResult = { isValid: true; input: CoachInput } | { isValid: false; message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, path: string, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  errors.push(`${path} must be a string`);
  return undefined;
}

function optionalBoolean(value: unknown, path: string, errors: string[]): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  errors.push(`${path} must be true or false`);
  return undefined;
}

function parseConversation(value: unknown, errors: string[]): ConversationMessage[] {
  if (!Array.isArray(value)) {
    errors.push('conversation must be an array');
    return [];
  }
  const messages: ConversationMessage[] = [];
  value.forEach((item: unknown, index) => {
    if (!isObject(item) || (item.from !== 'customer' && item.from !== 'agent') || typeof item.text !== 'string') {
      errors.push(`conversation[${index}] needs from ("customer" or "agent") and text`);
      return;
    }
    const at = optionalString(item.at, `conversation[${index}].at`, errors);
    messages.push({ from: item.from, text: item.text, ...(at !== undefined ? { at } : {}) });
  });
  return messages;
}

/**
 * Checks untrusted JSON (CLI stdin) against the coach input shape without a schema library, so the
 * package stays dependency-light. The server validates with its own zod mirror of the same types.
 */
export function parseCoachInput(value: unknown): ParseResult {
  if (!isObject(value)) return { isValid: false, message: 'input must be a JSON object' };
  const errors: string[] = [];
  if (typeof value.draft !== 'string') errors.push('draft must be a string');
  const conversation = parseConversation(value.conversation ?? [], errors);
  const input: CoachInput = { draft: typeof value.draft === 'string' ? value.draft : '', conversation };

  if (value.ticket !== undefined) {
    if (!isObject(value.ticket)) errors.push('ticket must be an object');
    else {
      const ticket = value.ticket;
      const ourMistake = optionalBoolean(ticket.ourMistake, 'ticket.ourMistake', errors);
      const angry = optionalBoolean(ticket.angry, 'ticket.angry', errors);
      const macroText = optionalString(ticket.macroText, 'ticket.macroText', errors);
      const customerName = optionalString(ticket.customerName, 'ticket.customerName', errors);
      const customerLanguage = optionalString(ticket.customerLanguage, 'ticket.customerLanguage', errors);
      input.ticket = {
        ...(ourMistake !== undefined ? { ourMistake } : {}),
        ...(angry !== undefined ? { angry } : {}),
        ...(macroText !== undefined ? { macroText } : {}),
        ...(customerName !== undefined ? { customerName } : {}),
        ...(customerLanguage !== undefined ? { customerLanguage } : {}),
      };
    }
  }

  if (value.settings !== undefined) {
    if (!isObject(value.settings)) errors.push('settings must be an object');
    else {
      const settings = value.settings;
      const now = optionalString(settings.now, 'settings.now', errors);
      if (now !== undefined && Number.isNaN(Date.parse(now))) errors.push('settings.now must be an ISO-8601 date-time');
      const timeZone = optionalString(settings.timeZone, 'settings.timeZone', errors);
      const checks: Partial<Record<string, RuleSetting>> = {};
      if (settings.checks !== undefined) {
        if (!isObject(settings.checks)) errors.push('settings.checks must be an object');
        else {
          for (const [rule, setting] of Object.entries(settings.checks)) {
            if (setting === 'off' || setting === 'info' || setting === 'warn') checks[rule] = setting;
            else errors.push(`settings.checks.${rule} must be "off", "info" or "warn"`);
          }
        }
      }
      const glossary: GlossaryEntry[] = [];
      if (settings.glossary !== undefined) {
        if (!Array.isArray(settings.glossary)) errors.push('settings.glossary must be an array');
        else {
          settings.glossary.forEach((entry: unknown, index) => {
            if (isObject(entry) && typeof entry.term === 'string' && typeof entry.plain === 'string') glossary.push({ term: entry.term, plain: entry.plain });
            else errors.push(`settings.glossary[${index}] needs term and plain strings`);
          });
        }
      }
      input.settings = {
        checks,
        glossary,
        ...(now !== undefined ? { now } : {}),
        ...(timeZone !== undefined ? { timeZone } : {}),
      };
    }
  }
  if (errors.length > 0) return { isValid: false, message: errors.join('; ') };
  return { isValid: true, input };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Makes a typed-but-untrusted input safe for the rules: wrong-typed optional fields are dropped and
 * malformed messages become empty ones in place (so `fromMessage` indexes stay true). The coach calls
 * this so it never throws, whoever calls it.
 */
export function sanitiseCoachInput(input: CoachInput): CoachInput {
  const raw: Record<string, unknown> = isObject(input) ? input : {};
  const conversation: ConversationMessage[] = Array.isArray(raw.conversation)
    ? raw.conversation.map((message: unknown) => {
        if (isObject(message) && typeof message.text === 'string' && (message.from === 'customer' || message.from === 'agent')) {
          const at = stringOrUndefined(message.at);
          return { from: message.from, text: message.text, ...(at !== undefined ? { at } : {}) };
        }
        return { from: isObject(message) && message.from === 'agent' ? 'agent' : 'customer', text: '' };
      })
    : [];
  const sanitised: CoachInput = { draft: typeof raw.draft === 'string' ? raw.draft : '', conversation };
  if (isObject(raw.ticket)) {
    const ticket = raw.ticket;
    const macroText = stringOrUndefined(ticket.macroText);
    const customerName = stringOrUndefined(ticket.customerName);
    const customerLanguage = stringOrUndefined(ticket.customerLanguage);
    sanitised.ticket = {
      ...(typeof ticket.ourMistake === 'boolean' ? { ourMistake: ticket.ourMistake } : {}),
      ...(typeof ticket.angry === 'boolean' ? { angry: ticket.angry } : {}),
      ...(macroText !== undefined ? { macroText } : {}),
      ...(customerName !== undefined ? { customerName } : {}),
      ...(customerLanguage !== undefined && customerLanguage.length > 0 ? { customerLanguage } : {}),
    };
  }
  if (isObject(raw.settings)) {
    const settings = raw.settings;
    const checks: Partial<Record<string, RuleSetting>> = {};
    if (isObject(settings.checks)) {
      for (const [rule, setting] of Object.entries(settings.checks)) {
        if (setting === 'off' || setting === 'info' || setting === 'warn') checks[rule] = setting;
      }
    }
    const glossary: GlossaryEntry[] = Array.isArray(settings.glossary)
      ? settings.glossary.filter((entry: unknown): entry is GlossaryEntry => isObject(entry) && typeof entry.term === 'string' && typeof entry.plain === 'string')
      : [];
    const now = stringOrUndefined(settings.now);
    const timeZone = stringOrUndefined(settings.timeZone);
    sanitised.settings = { checks, glossary, ...(now !== undefined ? { now } : {}), ...(timeZone !== undefined ? { timeZone } : {}) };
  }
  return sanitised;
}
