import { describe, expect, it } from 'vitest';
import { contentDisposition, isInlineSafe } from './attachment-policy.ts';

describe('attachment policy', () => {
  it('shows only passive types inline', () => {
    expect(isInlineSafe('image/png')).toBe(true);
    expect(isInlineSafe('application/pdf; name=x')).toBe(true);
    expect(isInlineSafe('text/html')).toBe(false);
    expect(isInlineSafe('image/svg+xml')).toBe(false);
  });

  it('never lets a filename break the header or name a path', () => {
    const header = contentDisposition('attachment', '../..\\evil\r\nSet-Cookie: x=1;"quoted".exe');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toContain('filename=".._.._evil__Set-Cookie: x=1;_quoted_.exe"');
    expect(contentDisposition('inline', 'Übersicht.pdf')).toBe(`inline; filename="_bersicht.pdf"; filename*=UTF-8''%C3%9Cbersicht.pdf`);
    expect(contentDisposition('attachment', '')).toContain('filename="file"');
  });
});
