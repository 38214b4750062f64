/**
 * Pure composition of outbound email content: subjects, the HTML part made from the text (the
 * agent's text is escaped, never sent as raw HTML), the From display name, and the
 * auto-acknowledgement templates with their placeholders.
 */
import type { EstimateLanguage } from './first-reply-estimate.ts';

/** One line, no control characters (header values), at most `max` characters. */
export function headerText(value: string, max = 300): string {
  // eslint-disable-next-line no-control-regex -- header injection: control characters are exactly what is removed
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

const replyPrefix = /^\s*((re|aw|sv|antw|fwd?|wg|tr|rv)\s*(\[\d+\])?\s*:\s*)+/i;

/** The subject without leading Re:/Fwd:/AW: prefixes. */
export function baseSubject(subject: string): string {
  return headerText(subject).replace(replyPrefix, '').trim();
}

/** "Re: <subject> [#<number>]"; the ticket tag is not repeated when the subject has it already. */
export function replySubject(ticketSubject: string, ticketNumber: number): string {
  const base = baseSubject(ticketSubject) || `Ticket #${ticketNumber}`;
  const tag = `[#${ticketNumber}]`;
  return base.includes(tag) ? `Re: ${base}` : `Re: ${base} ${tag}`;
}

/** "Alice Smith at Acme Support"; the workspace name alone when there is no agent. */
export function fromDisplayName(agentName: string | null, addressDisplayName: string): string {
  const workspace = headerText(addressDisplayName, 120);
  const agent = agentName ? headerText(agentName, 120) : '';
  if (!agent) return workspace;
  if (!workspace) return agent;
  return `${agent} at ${workspace}`;
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const urlPattern = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

function linkify(escapedLine: string): string {
  // Runs on escaped text: '&amp;' inside a URL stays as the entity, which is right inside href too.
  return escapedLine.replace(urlPattern, (url) => `<a href="${url}">${url}</a>`);
}

/** The HTML part of a plain-text message: escaped, paragraphs on blank lines, <br> on line breaks, links. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ''))
    .filter((paragraph) => paragraph.trim().length > 0)
    .map((paragraph) => `<p>${paragraph.split('\n').map((line) => linkify(escapeHtml(line))).join('<br>\n')}</p>`);
  return `<!doctype html>\n<html><head><meta charset="utf-8"></head><body style="font-family: sans-serif; font-size: 14px; line-height: 1.5;">\n${paragraphs.join('\n')}\n</body></html>\n`;
}

// --- Auto-acknowledgement templates ---

export interface AutoAckValues {
  ticketNumber: number;
  estimate: string;
  customerName: string;
  subject: string;
}

interface DefaultTemplate {
  /** Used when the sender is verified: may echo their subject. */
  subject: string;
  /** Used for an unverified sender: echoes nothing of theirs. */
  subjectUnverified: string;
  body: string;
  greeting: string;
  greetingUnnamed: string;
}

export const defaultAutoAckTemplates: Record<EstimateLanguage, DefaultTemplate> = {
  en: {
    subject: 'Re: {{subject}} [#{{ticketNumber}}]',
    subjectUnverified: 'We received your message [#{{ticketNumber}}]',
    greeting: 'Hello {{customerName}},',
    greetingUnnamed: 'Hello,',
    body:
      'We received your message. Its ticket number is #{{ticketNumber}}.\n\n' +
      'We expect to reply {{estimate}}.\n\n' +
      'To add anything, reply to this email and keep the ticket number in the subject.\n\n' +
      'This is an automatic message.',
  },
  de: {
    subject: 'Re: {{subject}} [#{{ticketNumber}}]',
    subjectUnverified: 'Wir haben Ihre Nachricht erhalten [#{{ticketNumber}}]',
    greeting: 'Hallo {{customerName}},',
    greetingUnnamed: 'Hallo,',
    body:
      'wir haben Ihre Nachricht erhalten. Ihre Ticketnummer ist #{{ticketNumber}}.\n\n' +
      'Wir melden uns voraussichtlich {{estimate}}.\n\n' +
      'Wenn Sie etwas ergänzen möchten, antworten Sie auf diese E-Mail und behalten Sie die Ticketnummer im Betreff.\n\n' +
      'Dies ist eine automatische Nachricht.',
  },
  fr: {
    subject: 'Re: {{subject}} [#{{ticketNumber}}]',
    subjectUnverified: 'Nous avons bien reçu votre message [#{{ticketNumber}}]',
    greeting: 'Bonjour {{customerName}},',
    greetingUnnamed: 'Bonjour,',
    body:
      'Nous avons bien reçu votre message. Son numéro de ticket est #{{ticketNumber}}.\n\n' +
      'Nous prévoyons de vous répondre {{estimate}}.\n\n' +
      "Pour ajouter quelque chose, répondez à cet e-mail en gardant le numéro de ticket dans l'objet.\n\n" +
      'Ceci est un message automatique.',
  },
  es: {
    subject: 'Re: {{subject}} [#{{ticketNumber}}]',
    subjectUnverified: 'Hemos recibido su mensaje [#{{ticketNumber}}]',
    greeting: 'Hola {{customerName}}:',
    greetingUnnamed: 'Hola:',
    body:
      'Hemos recibido su mensaje. Su número de ticket es el #{{ticketNumber}}.\n\n' +
      'Esperamos responderle {{estimate}}.\n\n' +
      'Para añadir algo, responda a este correo y mantenga el número de ticket en el asunto.\n\n' +
      'Este es un mensaje automático.',
  },
};

/** Replaces {{name}} placeholders; unknown names are left as written. */
export function fillPlaceholders(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (whole, name: string) => (name in values ? values[name]! : whole));
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+([,.:;!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[ \t]+|[ \t]+$/gm, '');
}

/**
 * The auto-acknowledgement subject and text. For an unverified sender {{subject}} and
 * {{customerName}} are emptied and the default subject is the one without theirs, so nothing the
 * sender wrote is echoed back (the auto-acknowledgement cannot relay spam).
 */
export function renderAutoAck(input: {
  language: EstimateLanguage;
  verified: boolean;
  values: AutoAckValues;
  customSubject: string | null;
  customBody: string | null;
}): { subject: string; text: string } {
  const defaults = defaultAutoAckTemplates[input.language];
  const name = input.verified ? headerText(input.values.customerName, 120) : '';
  const subject = input.verified ? baseSubject(input.values.subject) : '';
  const values: Record<string, string> = {
    ticketNumber: String(input.values.ticketNumber),
    estimate: input.values.estimate,
    customerName: name,
    subject,
  };
  let subjectTemplate = input.customSubject?.trim() || (input.verified && subject ? defaults.subject : defaults.subjectUnverified);
  if (!input.verified && /\{\{\s*subject\s*\}\}/.test(subjectTemplate) && !input.customSubject?.trim()) subjectTemplate = defaults.subjectUnverified;
  let renderedSubject = headerText(tidy(fillPlaceholders(subjectTemplate, values)));
  if (/^(re:\s*)?(\[#\d+\])?$/i.test(renderedSubject.trim())) renderedSubject = headerText(fillPlaceholders(defaults.subjectUnverified, values));
  let text: string;
  if (input.customBody?.trim()) {
    text = tidy(fillPlaceholders(input.customBody, values));
  } else {
    const greeting = name ? fillPlaceholders(defaults.greeting, values) : defaults.greetingUnnamed;
    text = `${greeting}\n\n${fillPlaceholders(defaults.body, values)}`;
  }
  return { subject: renderedSubject, text: text.trim() + '\n' };
}
