/**
 * Which files a browser may show inline. Everything else, and anything that can run script in
 * our origin (HTML, SVG, XML), is always served as a download.
 */
const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']);

export function isInlineSafe(contentType: string): boolean {
  return inlineTypes.has(contentType.split(';')[0]?.trim().toLowerCase() ?? '');
}

/** RFC 6266 / 5987 Content-Disposition with an ASCII fallback; the name never becomes a path. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const cleaned = filename.replace(/[\p{Cc}/\\]/gu, '_').slice(0, 200) || 'file';
  const ascii = cleaned.replace(/[^\x20-\x7e]/g, '_').replace(/["%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(cleaned)}`;
}
