/**
 * The email an agent gets for an in-app notification (pure): a subject such as
 * "[#123] Assigned to you: Parcel late", a short text and HTML body with the absolute link to the
 * ticket, and a footer saying where to change it. Everything that came from people (ticket
 * subjects, names, customer and note text) is treated as untrusted: control characters removed,
 * cut short, HTML-escaped; customer text appears only as a short excerpt.
 */
import { escapeHtml } from '../email/outbound-message.ts';

export interface NotificationEmailInput {
  kind: string;
  data: Record<string, unknown>;
  ticketNumber: number | null;
  ticketSubject: string;
  workspaceName: string;
  recipientName: string;
  /** Absolute links into the agent app. */
  ticketUrl: string;
  settingsUrl: string;
}

export interface NotificationEmailContent {
  subject: string;
  text: string;
  html: string;
}

const subjectMax = 160;
const excerptMax = 300;
const nameMax = 80;

/** One line of untrusted text: no control characters or line breaks, whitespace collapsed, cut at `max`. */
export function oneLine(value: unknown, max: number): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const flat = String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}


interface Wording {
  /** Subject after "[#123] ", before ": <ticket subject>". */
  label: string;
  /** The first sentence of the body. */
  headline: string;
  /** Extra lines (approval details, a decision note). */
  details: string[];
  /** Untrusted text shown as a quoted excerpt. */
  excerpt: string;
}

function wordingOf(kind: string, data: Record<string, unknown>, ticket: string): Wording {
  const actor = oneLine(data['actorName'] ?? data['authorName'], nameMax);
  const excerpt = oneLine(data['excerpt'], excerptMax);
  const automationName = oneLine(data['automationName'], nameMax) || 'An automation';
  switch (kind) {
    case 'assigned':
      return { label: 'Assigned to you', headline: actor ? `${actor} assigned ${ticket} to you.` : `${ticket} was assigned to you.`, details: [], excerpt: '' };
    case 'customer_replied':
      return { label: `New reply from ${actor || 'the customer'}`, headline: `${actor || 'The customer'} replied on ${ticket}, which is assigned to you.`, details: [], excerpt };
    case 'reply':
      return { label: 'New customer reply', headline: `${actor || 'The customer'} replied on ${ticket}, which you follow.`, details: [], excerpt };
    case 'note':
      return { label: `New note by ${actor || 'a teammate'}`, headline: `${actor || 'A teammate'} added an internal note on ${ticket}, which you follow.`, details: [], excerpt };
    case 'mention':
      return { label: `${actor || 'A teammate'} mentioned you`, headline: `${actor || 'A teammate'} mentioned you in an internal note on ${ticket}.`, details: [], excerpt };
    case 'promise_reminder':
      return { label: 'Your promise is due soon', headline: `A promise you made on ${ticket} is due soon.`, details: [], excerpt };
    case 'approval_requested': {
      const amount = [oneLine(data['amount'], 32), oneLine(data['currency'], 8)].filter(Boolean).join(' ');
      const action = oneLine(data['action'], 40).replace(/_/g, ' ');
      const what = [action, amount].filter(Boolean).join(' of ');
      return {
        label: 'Approval requested',
        headline: `${actor || 'A teammate'} asks you to approve ${what ? `a ${what}` : 'a resolution'} on ${ticket}.`,
        details: [oneLine(data['reason'], excerptMax)].filter(Boolean).map((reason) => `Reason: ${reason}`),
        excerpt: '',
      };
    }
    case 'approval_decided': {
      const decision = data['decision'] === 'rejected' ? 'rejected' : 'approved';
      const note = oneLine(data['note'], excerptMax);
      return {
        label: `Your request was ${decision}`,
        headline: `${actor || 'An approver'} ${decision} your request on ${ticket}.`,
        details: note ? [`Note: ${note}`] : [],
        excerpt: '',
      };
    }
    case 'automation':
      return { label: automationName, headline: `${automationName} notifies you about ${ticket}.`, details: [], excerpt: oneLine(data['text'], excerptMax) };
    case 'automation_loop':
      return { label: 'An automation was stopped', headline: `${automationName} kept changing ${ticket} and was stopped for it.`, details: [], excerpt: '' };
    default:
      return { label: 'Update', headline: `There is news on ${ticket}.`, details: [], excerpt };
  }
}

export function buildNotificationEmail(input: NotificationEmailInput): NotificationEmailContent {
  const ticket = input.ticketNumber === null ? 'a ticket' : `ticket #${input.ticketNumber}`;
  const worded = wordingOf(input.kind, input.data, ticket);
  const wording = { ...worded, headline: worded.headline.charAt(0).toUpperCase() + worded.headline.slice(1) };
  const ticketSubject = oneLine(input.ticketSubject, subjectMax) || '(no subject)';
  const prefix = input.ticketNumber === null ? '' : `[#${input.ticketNumber}] `;
  const subject = oneLine(`${prefix}${wording.label}: ${ticketSubject}`, 250);
  const greeting = `Hello ${oneLine(input.recipientName, nameMax) || 'there'},`;
  const workspace = oneLine(input.workspaceName, nameMax) || 'your workspace';
  const footer = `You get this email because of your notification settings in Rapport (${workspace}). To choose which notifications you get by email, open My preferences › Notifications: ${input.settingsUrl}`;

  const text = [
    greeting,
    '',
    wording.headline,
    `Subject: ${ticketSubject}`,
    ...wording.details,
    ...(wording.excerpt ? ['', `> ${wording.excerpt}`] : []),
    '',
    `Open the ticket: ${input.ticketUrl}`,
    '',
    '-- ',
    footer,
    '',
  ].join('\n');

  const paragraph = (value: string) => `<p>${escapeHtml(value)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;font-size:14px;line-height:1.5">',
    paragraph(greeting),
    paragraph(wording.headline),
    `<p><strong>${escapeHtml(ticketSubject)}</strong></p>`,
    ...wording.details.map(paragraph),
    ...(wording.excerpt ? [`<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc;color:#444">${escapeHtml(wording.excerpt)}</blockquote>`] : []),
    `<p><a href="${escapeHtml(input.ticketUrl)}">Open ${escapeHtml(ticket)}</a></p>`,
    `<hr><p style="font-size:12px;color:#666">You get this email because of your notification settings in Rapport (${escapeHtml(workspace)}). `,
    `<a href="${escapeHtml(input.settingsUrl)}">Choose which notifications you get by email</a>.</p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}
