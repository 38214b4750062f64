/** Pure rules of the email frame (unit-tested): its CSP and whether an email loads remote images. */

/** The frame's Content-Security-Policy. */
export function emailFramePolicy(allowRemoteImages: boolean, origin: string): string {
  const attachments = `${origin}/api/v1/attachments/`;
  const imageSources = allowRemoteImages ? `data: ${attachments} https: http:` : `data: ${attachments}`;
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${imageSources}; font-src data:; form-action 'none'`;
}

/** Does the sanitised email load any image (or background) from the network? */
export function hasRemoteImages(safeHtml: string): boolean {
  // The server parks remote image addresses in data-remote-src; older or other HTML may still carry them in src.
  return /<img[^>]+data-remote-src=["']?\s*https?:\/\//i.test(safeHtml) || /<img[^>]+src=["']?\s*(https?:)?\/\//i.test(safeHtml) || /url\(\s*["']?\s*(https?:)?\/\//i.test(safeHtml) || /background=["']?\s*(https?:)?\/\//i.test(safeHtml);
}

