/**
 * HTML from email: bounded, sanitised, split into new part and quoted history, turned into text.
 *
 * Sanitising (sanitize-html) keeps an allowlist of formatting tags and attributes. Never kept:
 * scripts, `<style>` blocks and `style` attributes that can fetch (url(), expression(), @import,
 * behavior), event handlers, forms, iframes/objects/embeds, svg/math, meta/link/base.
 * Links get `rel="noopener noreferrer nofollow"` and `target="_blank"`, and only http(s)/mailto/tel.
 * Images: `cid:` sources are kept as `src="cid:<content-id>"` for the server to map onto the stored
 * attachment; `data:` sources are dropped (they can hide anything and the attachment is there
 * anyway); remote images are blocked by default — the address moves to `data-remote-src` so the UI
 * can offer "load remote images" without the sender learning that the mail was opened.
 *
 * Bounds: sanitize-html and html-to-text are quadratic in the nesting depth (measured: 1 MB of
 * nested `<div>` took 14 s to sanitise), so the HTML is cut before the first element deeper than
 * `maxHtmlDepth`, and only the first `maxHtmlChars` characters are processed (warnings
 * `html_too_deep`, `html_truncated`). The full original stays downloadable from the raw message.
 */
import sanitizeHtml from 'sanitize-html';
import { convert } from 'html-to-text';
import { parseDocument } from 'htmlparser2';
import { render } from 'dom-serializer';
import type { ChildNode, Document, Element, ParentNode } from 'domhandler';
import { derivedViewLimits } from './limits.ts';
import { isAttribution } from './quote.ts';

const maxHtmlDepth = 200;

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'command', 'basefont', 'frame', 'isindex']);
const selfNesting = new Set(['p', 'li', 'td', 'th', 'tr', 'option', 'dt', 'dd']);

/**
 * Cuts the HTML to at most `maxHtmlChars` and before the first tag that would open an element
 * deeper than `maxHtmlDepth` (a linear scan, tolerant of broken markup). Returns the warnings.
 */
export function boundHtml(html: string): { html: string; warnings: string[] } {
  const warnings: string[] = [];
  let source = html;
  if (source.length > derivedViewLimits.maxHtmlChars) {
    source = source.slice(0, derivedViewLimits.maxHtmlChars);
    warnings.push('html_truncated');
  }
  const stack: string[] = [];
  const tagName = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf('<', index);
    if (open < 0) break;
    if (source.startsWith('<!--', open)) {
      const close = source.indexOf('-->', open + 4);
      if (close < 0) break;
      index = close + 3;
      continue;
    }
    tagName.lastIndex = open;
    const match = tagName.exec(source);
    const end = source.indexOf('>', open + 1);
    if (end < 0) break;
    if (!match) {
      index = open + 1;
      continue;
    }
    const name = (match[2] ?? '').toLowerCase();
    const isClosing = match[1] === '/';
    index = end + 1;
    if (isClosing) {
      const at = stack.lastIndexOf(name);
      if (at >= 0 && stack.length - at <= 8) stack.length = at;
      continue;
    }
    if (name === 'script' || name === 'style' || name === 'textarea' || name === 'title') {
      const close = source.toLowerCase().indexOf(`</${name}`, index);
      index = close < 0 ? source.length : close;
      continue;
    }
    if (voidElements.has(name) || source[end - 1] === '/') continue;
    if (selfNesting.has(name) && stack[stack.length - 1] === name) continue;
    stack.push(name);
    if (stack.length > maxHtmlDepth) {
      warnings.push('html_too_deep');
      source = source.slice(0, open);
      break;
    }
  }
  return { html: source, warnings };
}

/* ---------------------------------------------------------------- sanitising */

const allowedTags = [
  'a', 'abbr', 'address', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup',
  'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li',
  'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];

/** Inline styles that only format. Values with url(), expression(), etc. are rejected by the patterns. */
const safeStyleValue = /^(?!.*(?:url|expression|javascript|behavior|binding|@import|\\))[^<>{}]*$/i;
const allowedStyles: Record<string, RegExp[]> = Object.fromEntries(
  [
    'color', 'background-color', 'font-size', 'font-family', 'font-weight', 'font-style', 'text-align', 'text-decoration',
    'line-height', 'margin', 'margin-left', 'margin-right', 'margin-top', 'margin-bottom', 'padding', 'padding-left',
    'padding-right', 'padding-top', 'padding-bottom', 'border', 'border-left', 'border-right', 'border-top', 'border-bottom',
    'border-collapse', 'width', 'height', 'vertical-align', 'white-space', 'direction',
  ].map((name) => [name, [safeStyleValue]]),
);

const activeContent = /<\s*(?:script|style|iframe|frame|object|embed|form|input|button|textarea|select|svg|math|meta|link|base|applet)\b|\son[a-z]+\s*=|(?:java|vb)script\s*(?::|&colon;|&#0*58;?|&#x0*3a;?)|expression\s*\(|url\s*\(/i;

export interface SanitisedHtml {
  html: string;
  warnings: string[];
}

/** Sanitises bounded HTML (see the file comment for what is kept). */
export function sanitiseHtml(html: string): SanitisedHtml {
  const warnings: string[] = [];
  let remoteImages = 0;
  const cleaned = sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: {
      a: ['href', 'title', 'name', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height', 'data-remote-src'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['cellpadding', 'cellspacing', 'border', 'width', 'align'],
      font: ['color', 'size', 'face'],
      ol: ['start', 'type'],
      blockquote: ['cite'],
      '*': ['style', 'dir', 'lang', 'align'],
    },
    allowedStyles: { '*': allowedStyles },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['cid'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head', 'xml'],
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
      img: (tagName, attribs) => {
        const src = (attribs['src'] ?? '').trim();
        const next: Record<string, string> = { ...attribs };
        delete next['src'];
        delete next['data-remote-src'];
        if (/^cid:/i.test(src)) next['src'] = `cid:${src.slice(4).replace(/^<|>$/g, '')}`;
        else if (/^https?:\/\//i.test(src)) {
          next['data-remote-src'] = src;
          remoteImages += 1;
        }
        return { tagName, attribs: next };
      },
    },
  });
  if (activeContent.test(html)) warnings.push('html_sanitised');
  if (remoteImages > 0) warnings.push('remote_images_blocked');
  return { html: cleaned.split('\u0000').join(''), warnings };
}

/** Plain text of (sanitised or raw) HTML, for messages without a text part. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    limits: { maxDepth: maxHtmlDepth, maxInputLength: 16 * derivedViewLimits.maxHtmlChars },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  })
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/* ---------------------------------------------------------------- quote markers */

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function attribute(node: Element, name: string): string {
  return node.attribs[name] ?? '';
}

function classes(node: Element): string[] {
  return attribute(node, 'class').toLowerCase().split(/\s+/);
}

function textOf(node: ChildNode, limit = 300): string {
  let out = '';
  const stack: ChildNode[] = [node];
  while (stack.length > 0 && out.length < limit) {
    const current = stack.pop() as ChildNode;
    if (current.type === 'text') out += current.data;
    else if (isElement(current)) {
      if (current.name === 'br') out += '\n';
      for (let index = current.children.length - 1; index >= 0; index -= 1) stack.push(current.children[index] as ChildNode);
    }
  }
  return out;
}

const separatorHeader = /^\s*\*?(?:From|От|De|Von|Da|Van|Från|Fra|Od|Sent|Date|Отправлено)\s*\*?\s*:/i;
const originalMessage = /^\s*-{2,}\s*(?:Original Message|Message d'origine|Ursprüngliche Nachricht|Mensaje original|Messaggio originale|Исходное сообщение)\s*-{2,}/i;

/** An Outlook-style header block as text: "From: … Sent: … To:/Subject: …". */
function isHeaderBlock(text: string): boolean {
  const flat = text.replace(/\u00a0/g, ' ');
  if (!/^\s*\*?(?:From|Von|De|От|Van|Da|Från|Fra|Od)\s*\*?\s*:/i.test(flat)) return false;
  const sent = /(?:^|\n|\s)\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado|Fecha|Inviato|Verzonden|Skickat|Sendt|Отправлено|Дата)\s*\*?\s*:/i.test(flat);
  const to = /(?:^|\n|\s)\*?(?:To|Subject|An|Betreff|À|Objet|Para|Asunto|A|Oggetto|Aan|Onderwerp|Till|Ämne|Til|Emne|Кому|Тема)\s*\*?\s*:/i.test(flat);
  return sent && to;
}

/** What kind of quote marker this element is, or null. */
function markerKind(node: Element): 'always' | 'after-attribution' | null {
  const name = node.name.toLowerCase();
  const cls = classes(node);
  const id = attribute(node, 'id');
  if (cls.some((value) => value === 'gmail_quote' || value === 'gmail_quote_container' || value === 'moz-cite-prefix' || value === 'yahoo_quoted' || value === 'outlookmessageheader')) return 'always';
  if (/^(?:divRplyFwdMsg|OLK_SRC_BODY_SECTION|appendonsend|yahoo_quoted_\w+|mail-editor-reference-message-container)$/i.test(id)) return 'always';
  if (name === 'blockquote' && attribute(node, 'type').toLowerCase() === 'cite') return 'always';
  if (name === 'hr') return 'always';
  const style = attribute(node, 'style').toLowerCase().replace(/\s+/g, '');
  if (name === 'div' && /border-top(?:-style)?:[^;]*solid/.test(style) && separatorHeader.test(textOf(node).replace(/\u00a0/g, ' '))) return 'always';
  if ((name === 'p' || name === 'div') && isHeaderBlock(textOf(node, 800))) return 'always';
  if (name === 'blockquote') return 'after-attribution';
  return null;
}

/** Nodes in document order (iterative, bounded by the depth guard anyway). */
function* walk(root: ParentNode): Generator<ChildNode> {
  const stack: ChildNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as ChildNode;
    yield node;
    if (isElement(node)) for (let index = node.children.length - 1; index >= 0; index -= 1) stack.push(node.children[index] as ChildNode);
  }
}

/** Text and <br> leaves before `marker` (document order), nearest last. */
function leavesBefore(document: Document, marker: ChildNode): ChildNode[] {
  const leaves: ChildNode[] = [];
  for (const node of walk(document)) {
    if (node === marker) break;
    if (node.type === 'text' || (isElement(node) && node.name === 'br')) leaves.push(node);
    if (isElement(node) && /^(?:p|div|blockquote|table|tr|li|h[1-6])$/.test(node.name)) leaves.push(node);
  }
  return leaves;
}

function removeNode(node: ChildNode): void {
  const parent = node.parent;
  if (!parent) return;
  const index = parent.children.indexOf(node);
  if (index >= 0) parent.children.splice(index, 1);
  const previous = node.prev;
  const next = node.next;
  if (previous) previous.next = next;
  if (next) next.prev = previous;
  node.parent = null;
}

/** Removes the trailing attribution line ("On … wrote:") just before the marker; returns its text. */
function removeTrailingAttribution(document: Document, marker: ChildNode): string | null {
  const leaves = leavesBefore(document, marker);
  let index = leaves.length - 1;
  // Skip trailing line breaks and blank text.
  while (index >= 0) {
    const leaf = leaves[index] as ChildNode;
    if ((leaf.type === 'text' && leaf.data.trim() === '') || (isElement(leaf) && leaf.name === 'br')) index -= 1;
    else break;
  }
  const texts: ChildNode[] = [];
  while (index >= 0) {
    const leaf = leaves[index] as ChildNode;
    if (leaf.type !== 'text') break;
    texts.unshift(leaf);
    index -= 1;
    if (texts.length > 12) return null;
  }
  const line = texts.map((leaf) => (leaf.type === 'text' ? leaf.data : '')).join('').replace(/\s+/g, ' ').trim();
  if (!line || !isAttribution(line)) return null;
  for (const leaf of texts) {
    const parent = leaf.parent;
    removeNode(leaf);
    // Drop inline wrappers (the <a> around the address) left empty.
    let current = parent as ChildNode | null;
    while (current && isElement(current) && current.children.length === 0 && /^(?:a|span|b|i|font|strong|em)$/.test(current.name)) {
      const up = current.parent as ChildNode | null;
      removeNode(current);
      current = up;
    }
  }
  return line;
}

/** Removes `marker` and everything after it in document order; returns the removed nodes. */
function cutFrom(marker: ChildNode): ChildNode[] {
  const removed: ChildNode[] = [];
  let node: ChildNode | null = marker;
  let first = true;
  while (node && node.parent) {
    const parent: ParentNode = node.parent;
    const index = parent.children.indexOf(node);
    const tail = parent.children.splice(first ? index : index + 1);
    removed.push(...tail);
    if (index > 0) (parent.children[index - 1] as ChildNode).next = null;
    first = false;
    node = parent.type === 'root' ? null : (parent as ChildNode);
  }
  return removed;
}

/** A text line such as "-----Original Message-----" or "From: …" at the start of a text node. */
function textMarker(document: Document): ChildNode | null {
  for (const node of walk(document)) {
    if (node.type !== 'text') continue;
    if (originalMessage.test(node.data)) return node;
  }
  return null;
}

export interface HtmlQuoteSplit {
  /** HTML of the new part (not sanitised), or the whole HTML when no marker was found. */
  replyHtml: string;
  /** HTML of the quoted part (not sanitised), '' when none. */
  quotedHtml: string;
  /** The attribution line removed from the end of the new part, if any. */
  attribution: string | null;
}

/** Splits bounded HTML at the first quote marker of a known mail client. */
export function splitHtmlQuote(html: string): HtmlQuoteSplit {
  const document = parseDocument(html, { decodeEntities: true });
  let marker: ChildNode | null = null;
  for (const node of walk(document)) {
    if (!isElement(node)) continue;
    const kind = markerKind(node);
    if (kind === 'always') {
      marker = node;
      break;
    }
    if (kind === 'after-attribution' && !marker) {
      const leaves = leavesBefore(document, node);
      const tail = leaves
        .slice(-14)
        .map((leaf) => (leaf.type === 'text' ? leaf.data : '\n'))
        .join('')
        .trim()
        .split('\n')
        .pop();
      if (tail && isAttribution(tail.replace(/\s+/g, ' '))) {
        marker = node;
        break;
      }
    }
  }
  marker ??= textMarker(document);
  if (!marker) return { replyHtml: html, quotedHtml: '', attribution: null };
  const attribution = removeTrailingAttribution(document, marker);
  const removed = cutFrom(marker);
  return { replyHtml: render(document, { encodeEntities: 'utf8' }), quotedHtml: render(removed, { encodeEntities: 'utf8' }), attribution };
}
