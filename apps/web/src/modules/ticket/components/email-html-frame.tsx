import { useMemo, useState } from 'react';
import DOMPurify from 'dompurify';
import { Button } from '@rapport/ui/button';

/*
 * Email HTML is hostile until proven otherwise. It is sanitised here, on render (the server keeps
 * what arrived), then shown in a sandboxed iframe with no scripts and an opaque origin, under a CSP
 * that blocks every remote load: tracking pixels stay dark until the agent asks for images.
 */

const forbiddenTags = ['form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link'];

function sanitise(html: string): string {
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: forbiddenTags,
    FORBID_ATTR: ['srcset', 'ping', 'formaction'],
    ALLOW_DATA_ATTR: false,
  });
}

function buildDocument(safeHtml: string, allowRemoteImages: boolean): string {
  const imageSources = allowRemoteImages ? 'data: cid: https: http:' : 'data: cid:';
  const policy = `default-src 'none'; style-src 'unsafe-inline'; img-src ${imageSources}; font-src data:`;
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<base target="_blank">
<style>body{margin:12px;font:15px/1.5 system-ui,sans-serif;color:#1c1f24;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style>
</head><body>${safeHtml}</body></html>`;
}

export interface EmailHtmlFrameProps {
  html: string;
  /** Names the frame for screen readers, e.g. "Original email from Ana". */
  title: string;
}

export function EmailHtmlFrame({ html, title }: EmailHtmlFrameProps) {
  const [allowRemoteImages, setAllowRemoteImages] = useState(false);
  const safeHtml = useMemo(() => sanitise(html), [html]);
  const hasRemoteImages = /<img[^>]+src=["']?https?:/i.test(safeHtml);
  const document = useMemo(() => buildDocument(safeHtml, allowRemoteImages), [safeHtml, allowRemoteImages]);

  return (
    <div className="email-frame">
      {hasRemoteImages && !allowRemoteImages && (
        <p className="email-frame__notice">
          Remote images are blocked: they can tell the sender you opened the email.{' '}
          <Button size="sm" variant="ghost" onClick={() => setAllowRemoteImages(true)}>
            Show images
          </Button>
        </p>
      )}
      {/* No allow-scripts and no allow-same-origin: the email can neither run code nor reach the app. */}
      <iframe
        className="email-frame__iframe"
        title={title}
        sandbox="allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        srcDoc={document}
      />
    </div>
  );
}
