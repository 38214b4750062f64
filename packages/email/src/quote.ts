/**
 * Quoted history and signatures: what a person newly wrote in a reply, and what they quoted.
 *
 * Plain text: the fragment algorithm of github/email_reply_parser (read the body bottom-up, group
 * lines into quoted / signature / ordinary fragments, hide the quoted and signature fragments at the
 * bottom). We implement it here instead of calling the `email-reply-parser` npm package because that
 * package was measured at 154 s on the upstream corpus' email_long_quote.txt (its quote-header
 * regular expressions backtrack over the whole body) and it misses four of the corpus' visible-text
 * expectations (Outlook separators, "Sent from my desk, …" inside a sentence, "-Name" signatures).
 * Every pattern here is applied to one line (or a bounded join of at most a few lines) and is free
 * of nested quantifiers, so the work is linear in the size of the text.
 *
 * On top of the upstream rules we add what the talon corpus needs: "-----Original Message-----"
 * style separators and Outlook "From:/Sent:/To:/Subject:" blocks cut off everything below them;
 * a localized or multi-line attribution line ("02.04.2012 14:20 … <x@y> написал:") directly above a
 * quoted block belongs to the quote; and quoted fragments are hidden wherever they are, so a
 * bottom-posted reply shows only the new text (the hidden parts are kept in `quoted`).
 *
 * HTML: the new part is what precedes the first quote marker of a known client (Gmail, Apple Mail /
 * Thunderbird, Outlook, Yahoo, Hotmail, mail.ru, Yandex, a plain `<hr>` or an "-----Original
 * Message-----" line). See `splitHtmlQuote`.
 */
import { derivedViewLimits } from './limits.ts';

export interface TextFragment {
  content: string;
  quoted: boolean;
  signature: boolean;
  hidden: boolean;
}

export interface TextQuoteSplit {
  /** The new text: quoted history and signature removed, trimmed. */
  reply: string;
  /** The new text with only quoted history removed (the signature kept), trimmed. */
  withoutQuotes: string;
  /** What was removed (quoted history, separators, signature), trimmed. */
  quoted: string;
  fragments: TextFragment[];
}

/* ---------------------------------------------------------------- line classifiers */

/**
 * Upstream's signature test, translated from its reversed-line form to the line as written, with
 * one deliberate change: upstream takes any line starting with "--" or "__" as a delimiter, which
 * hides everything below a "-- bullet" list (talon's johndoe fixture); we require a rule line made
 * of dashes or underscores only ("--", "-- ", "-----", "____").
 */
function isSignatureLine(line: string): boolean {
  return /^\s*(?:-{2,}|_{2,})\s*$/.test(line) || /^-\w/.test(line) || /^Sent from my \s*\w+(?:\s+\w+){0,2}$/.test(line);
}

function isQuotedLine(line: string): boolean {
  return line.startsWith('>');
}

const attributionEnd =
  /(?:wrote|writes|escribió|escreveu|a écrit|écrit|ha scritto|scritto|schrieb|schreef|skrev|kirjoitti|napisał|napisała|pisze|написал|написала|написали|пишет|写道|작성|のメッセージ)\s*[:：]\s*$/iu;
const attributionStart =
  /^(?:On|Le|Am|El|Il|Em|Op|Den|W dniu|Dnia|pe|Mon|Tue|Wed|Thu|Fri|Sat|Sun|ср|пн|вт|чт|пт|сб|вс|\d)/u;
const hasDate = /\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}|(?:19|20)\d{2}/;
const hasEmail = /[^\s@<>"]+@[^\s@<>"]+/;

/** "On <date>, <name> <email> wrote:" and its cousins in other languages and formats. */
export function isAttribution(line: string): boolean {
  const text = line.trim();
  if (text.length > 500 || !/[:：]$/.test(text)) return false;
  if (/^On\s.*wrote:$/.test(text)) return true;
  if (attributionEnd.test(text) && (hasDate.test(text) || hasEmail.test(text))) return true;
  return />\s*:$/.test(text) && hasDate.test(text) && attributionStart.test(text);
}

/** Upstream's quote-header test plus our attribution test. */
function isQuoteHeader(line: string): boolean {
  return /^On.*wrote:$/.test(line) || /^(?:From|Sent|To|Subject):/.test(line) || isAttribution(line);
}

const originalMessageSeparator =
  /^\s*-{2,}\s*(?:Original Message|Original message|Oprindelig besked|Message d'origine|Ursprüngliche Nachricht|Mensaje original|Messaggio originale|Mensagem original|Oorspronkelijk bericht|Исходное сообщение|Alkuperäinen viesti|Ursprungligt meddelande)\s*-{2,}\s*$/i;

const headerName = String.raw`\*?(?:From|Von|De|Da|Van|Från|Fra|От|Od)\*?\s?:`;
const followingHeader = /^\s*\*?(?:Sent|Date|To|Cc|Subject|Gesendet|Datum|An|Betreff|Envoyé|Date|À|Objet|Enviado|Fecha|Para|Asunto|Inviato|Oggetto|Verzonden|Aan|Onderwerp|Skickat|Till|Ämne|Sendt|Til|Emne|Отправлено|Кому|Тема|Дата)\*?\s?:/i;
const fromHeader = new RegExp(`^\\s*${headerName}`, 'i');

/**
 * Index of the first line that starts quoted history written without `>` (a separator line or an
 * Outlook header block), or -1. Only counts when some text precedes it: a message that is nothing
 * but a forwarded block keeps it as its content.
 */
function firstUnmarkedQuote(lines: string[]): number {
  let seenText = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (seenText && originalMessageSeparator.test(line)) return index;
    if (seenText && fromHeader.test(line)) {
      let headers = 0;
      for (let next = index + 1; next < Math.min(lines.length, index + 6); next += 1) {
        if (followingHeader.test(lines[next] ?? '')) headers += 1;
      }
      // Windows Live joins the block onto one line: "From: … Sent: … To: … Subject: …".
      const joined = /\s(?:Sent|Date|To):\s.*\sSubject:/i.test(line);
      if (headers >= 2 || joined) {
        // An underscore or dash rule directly above belongs to the block (Outlook draws one).
        // A rule or an "Original Message" line directly above belongs to the block.
        const above = lines[index - 1] ?? '';
        const start = index > 0 && (/^\s*(?:_{5,}|-{5,})\s*$/.test(above) || originalMessageSeparator.test(above)) ? index - 1 : index;
        if (!lines.slice(0, start).some((earlier) => earlier.trim() !== '')) return -1;
        return start;
      }
    }
    if (line.trim() !== '' && !originalMessageSeparator.test(line)) seenText = true;
  }
  return -1;
}

/* ---------------------------------------------------------------- pre-processing (bounded) */

/** Joins a multi-line "On … wrote:" (upstream picks the last one) spanning at most 5 lines. */
function joinOnWrote(lines: string[]): string[] {
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index] ?? '';
    if (!/^On\s/.test(line)) continue;
    for (let end = index; end < Math.min(lines.length, index + 5); end += 1) {
      if (/wrote:$/.test(lines[end] ?? '')) {
        if (end === index) return lines;
        const joined = lines.slice(index, end + 1).join(' ');
        return [...lines.slice(0, index), joined, ...lines.slice(end + 1)];
      }
    }
    return lines;
  }
  return lines;
}

/** Joins an attribution split over up to three lines directly above each quoted block. */
function joinAttributions(lines: string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    out.push(line);
    const next = lines[index + 1];
    const afterBlank = lines[index + 2];
    const quoteFollows = next !== undefined && (isQuotedLine(next) || (next.trim() === '' && afterBlank !== undefined && isQuotedLine(afterBlank)));
    if (!quoteFollows || isQuotedLine(line) || !/[:：]\s*$/.test(line)) continue;
    for (let take = 3; take >= 2; take -= 1) {
      if (out.length < take) continue;
      const candidate = out.slice(out.length - take);
      if (candidate.some((part) => part.trim() === '' || isQuotedLine(part))) continue;
      const joined = candidate.map((part) => part.trim()).join(' ');
      if (attributionStart.test(candidate[0]?.trim() ?? '') && isAttribution(joined)) {
        out.splice(out.length - take, take, joined);
        break;
      }
    }
  }
  return out;
}

/** A reply typed directly above a line of underscores gets its own fragment (upstream rule). */
function separateUnderscoreRules(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const previous = out[out.length - 1];
    if (/^_{8,}/.test(line) && previous !== undefined && previous !== '') out.push('');
    out.push(line);
  }
  return out;
}

/* ---------------------------------------------------------------- the fragment scanner */

interface Building {
  /** Lines bottom-up (the last pushed is the topmost so far). */
  lines: string[];
  quoted: boolean;
  signature: boolean;
}

function scanFragments(lines: string[]): TextFragment[] {
  const fragments: TextFragment[] = [];
  let foundVisible = false;
  let current: Building | null = null;

  const finish = () => {
    if (!current) return;
    const content = current.lines.slice().reverse().join('\n');
    let hidden = false;
    if (!foundVisible) {
      if (current.quoted || current.signature || content.trim() === '') hidden = true;
      else foundVisible = true;
    }
    fragments.push({ content, quoted: current.quoted, signature: current.signature, hidden });
    current = null;
  };

  // Upstream reads the reversed text line by line; a leading newline yields no line of its own.
  const start = lines[0] === '' && lines.length > 1 ? 1 : 0;
  for (let index = lines.length - 1; index >= start; index -= 1) {
    let line = lines[index] ?? '';
    if (!isSignatureLine(line)) line = line.trimEnd();
    const quoted = isQuotedLine(line);
    if (current && line === '') {
      const building: Building = current;
      if (isSignatureLine(building.lines[building.lines.length - 1] ?? '')) {
        building.signature = true;
        finish();
      }
    }
    const building = current as Building | null;
    if (building && (building.quoted === quoted || (building.quoted && (isQuoteHeader(line) || line === '')))) {
      building.lines.push(line);
    } else {
      finish();
      current = { lines: [line], quoted, signature: false };
    }
  }
  finish();
  return fragments.reverse();
}

/** Upstream's fragments of a plain-text body (exposed for the corpus tests). */
export function textFragments(text: string): TextFragment[] {
  let lines = text.replace(/\r\n/g, '\n').split('\n');
  lines = joinOnWrote(lines);
  lines = joinAttributions(lines);
  lines = separateUnderscoreRules(lines);
  return scanFragments(lines);
}

const trimLines = (text: string) => text.replace(/^\s*\n/, '').trimEnd();

/**
 * Splits a plain-text body into the new text and the quoted part. Only the first
 * `maxQuoteScanChars` are examined (the reply is at the top); a longer remainder is quoted when a
 * quote starts inside the examined part, and kept in the reply otherwise.
 */
export function splitTextQuote(text: string): TextQuoteSplit {
  const normalised = text.replace(/\r\n/g, '\n');
  let scanned = normalised;
  let remainder = '';
  if (normalised.length > derivedViewLimits.maxQuoteScanChars) {
    const cut = normalised.lastIndexOf('\n', derivedViewLimits.maxQuoteScanChars);
    const at = cut > 0 ? cut : derivedViewLimits.maxQuoteScanChars;
    scanned = normalised.slice(0, at);
    remainder = normalised.slice(at);
  }
  const allLines = scanned.split('\n');
  const cutAt = firstUnmarkedQuote(allLines);
  const head = cutAt >= 0 ? allLines.slice(0, cutAt).join('\n') : scanned;
  const unmarked = cutAt >= 0 ? allLines.slice(cutAt).join('\n') : '';

  const fragments = textFragments(head);
  const replyParts = fragments.filter((fragment) => !fragment.hidden && !fragment.quoted).map((fragment) => fragment.content);
  const withoutQuoteParts = fragments.filter((fragment) => !fragment.quoted && (!fragment.hidden || fragment.signature)).map((fragment) => fragment.content);
  const quotedParts = fragments.filter((fragment) => fragment.hidden || fragment.quoted).map((fragment) => fragment.content);
  if (unmarked) quotedParts.push(unmarked);

  let reply = trimLines(replyParts.join('\n'));
  let withoutQuotes = trimLines(withoutQuoteParts.join('\n'));
  let quoted = trimLines(quotedParts.join('\n'));
  if (remainder) {
    if (quoted) quoted = `${quoted}${remainder}`.trimEnd();
    else {
      reply = `${reply}${remainder}`.trimEnd();
      withoutQuotes = `${withoutQuotes}${remainder}`.trimEnd();
    }
  }
  // A message that is nothing but a quote or a signature keeps its text: never show an empty reply
  // for a message that has words in it.
  if (reply === '' && normalised.trim() !== '' && withoutQuotes !== '') reply = withoutQuotes;
  return { reply, withoutQuotes, quoted, fragments };
}

const closingLine = /^(?:thanks|thank you|many thanks|thanks again|regards|best|best regards|kind regards|warm regards|cheers|sincerely|yours|cordially|mit freundlichen grüßen|viele grüße|gruß|cordialement|merci|saludos|un saluto|groeten|met vriendelijke groet)\b.{0,20}$/i;

/** Words of the sender's name (or the address' local part) that a signature line would show. */
function senderTokens(sender: string): string[] {
  const source = sender.includes('@') && !/\s/.test(sender.trim()) ? (sender.split('@')[0] ?? '') : sender.replace(/<[^>]*>|\([^)]*\)/g, ' ');
  return source
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length >= 3);
}

/**
 * The signature at the end of a body: a delimited one (upstream rules: "-- ", "__", "-Name",
 * "Sent from my …"), else the last paragraph from the first short line that names the sender
 * (plus a closing line such as "Thanks," directly above it). Returns '' when none is found.
 */
export function extractSignature(body: string, sender: string): string {
  const normalised = body.replace(/\r\n/g, '\n').slice(-64 * 1024);
  const fragments = textFragments(normalised);
  const trailing: string[] = [];
  for (let index = fragments.length - 1; index >= 0; index -= 1) {
    const fragment = fragments[index] as TextFragment;
    if (fragment.signature && fragment.hidden) trailing.unshift(fragment.content);
    else if (fragment.hidden && fragment.content.trim() === '') continue;
    else break;
  }
  if (trailing.length > 0) return trailing.join('\n').trim();
  const tokens = senderTokens(sender);
  if (tokens.length === 0) return '';
  const lines = normalised.trimEnd().split('\n');
  let start = lines.length;
  while (start > 0 && (lines[start - 1] ?? '').trim() !== '' && lines.length - start < 10) start -= 1;
  if (start === 0) return '';
  for (let index = start; index < lines.length; index += 1) {
    const line = (lines[index] ?? '').trim();
    if (line.length > 60) continue;
    const words = line.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    if (!tokens.some((token) => words.includes(token))) continue;
    let from = index > start && closingLine.test((lines[index - 1] ?? '').trim()) ? index - 1 : index;
    // HTML paragraphs put a blank line between "Thanks," and the name.
    if (from === start && start >= 2 && (lines[start - 1] ?? '').trim() === '' && closingLine.test((lines[start - 2] ?? '').trim())) from = start - 2;
    return lines.slice(from).join('\n').trim();
  }
  return '';
}

/** `reply` without a trailing sender signature (see extractSignature); the removed part, if any. */
export function stripSenderSignature(reply: string, sender: string): { reply: string; signature: string } {
  const signature = extractSignature(reply, sender);
  if (!signature) return { reply, signature: '' };
  const at = reply.lastIndexOf(signature);
  const rest = at >= 0 ? reply.slice(0, at).trimEnd() : reply;
  if (at < 0 || rest.trim() === '') return { reply, signature: '' };
  return { reply: rest, signature };
}
