import { useMemo, useState } from 'react';
import DOMPurify from 'dompurify';
import { Button } from '@rapport/ui/button';
import { t } from '../../../i18n/i18n.ts';
import { emailFramePolicy, hasRemoteImages } from '../email-frame-policy.ts';

/*
 * Email HTML is hostile until proven otherwise. It is sanitised here, on render (the server keeps
 * what arrived), then shown in a sandboxed iframe with no scripts and an opaque origin, under a CSP
 * of default-src 'none': images load only from our own attachment URLs and data: URLs. Remote
 * images (often tracking pixels) stay blocked until the agent allows them for this one message.
 */

const forbiddenTags = ['form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link'];

function sanitise(html: string): string {
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: forbiddenTags,
    FORBID_ATTR: ['srcset', 'ping', 'formaction'],
    ALLOW_DATA_ATTR: false,
    // The server parks a remote image's address here instead of in src (see packages/email/src/html.ts).
    ADD_ATTR: ['data-remote-src'],
  });
}

/**
 * Puts parked remote image addresses back into src, once the agent allowed it for this message.
 * Works on an inert parsed document, so nothing loads here; only http(s) addresses are restored.
 */
function revealRemoteImages(safeHtml: string): string {
  const parsed = new DOMParser().parseFromString(`<body>${safeHtml}</body>`, 'text/html');
  for (const image of parsed.querySelectorAll('img[data-remote-src]')) {
    const address = image.getAttribute('data-remote-src') ?? '';
    image.removeAttribute('data-remote-src');
    if (/^https?:\/\//i.test(address)) image.setAttribute('src', address);
  }
  return parsed.body.innerHTML;
}

function buildDocument(safeHtml: string, policy: string): string {
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
  const isLoadingRemote = hasRemoteImages(safeHtml);
  const document = useMemo(
    () => buildDocument(allowRemoteImages ? revealRemoteImages(safeHtml) : safeHtml, emailFramePolicy(allowRemoteImages, window.location.origin)),
    [safeHtml, allowRemoteImages],
  );

  return (
    <div className="email-frame">
      {isLoadingRemote &&
        (allowRemoteImages ? (
          <p className="email-frame__notice" role="status">
            {t('ticket.remoteImages.shown')}
          </p>
        ) : (
          <p className="email-frame__notice" data-testid="remote-images-notice">
            {t('ticket.remoteImages.notice')}{' '}
            <Button size="sm" variant="secondary" onClick={() => setAllowRemoteImages(true)}>
              {t('ticket.remoteImages.show')}
            </Button>
          </p>
        ))}
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
