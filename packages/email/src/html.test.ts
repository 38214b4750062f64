import { describe, expect, it } from 'vitest';
import { boundHtml, htmlToText, sanitiseHtml } from './html.ts';

const clean = (html: string) => sanitiseHtml(html).html;

describe('sanitiseHtml', () => {
  it.each([
    ['<p>a</p><script>alert(1)</script>', /script|alert/i],
    ['<img src="x" onerror="alert(1)">', /onerror|alert/i],
    ['<a href="javascript:alert(1)">x</a>', /javascript/i],
    ['<a href="JaVaScRiPt&colon;alert(1)">x</a>', /javascript|alert/i],
    ['<svg onload="alert(1)"><circle/></svg>', /svg|onload|alert/i],
    ['<div style="width: expression(alert(1))">x</div>', /expression|alert/i],
    ['<div style="background: url(https://tracker.example/p.gif)">x</div>', /url\(|tracker/i],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">', /meta|refresh|evil/i],
    ['<iframe src="https://evil.example"></iframe>', /iframe|evil/i],
    ['<form action="https://evil.example"><input name="p"></form>', /form|input|evil/i],
    ['<style>@import url(https://evil.example/a.css)</style><p>x</p>', /import|evil|style/i],
    ['<object data="x.swf"></object><embed src="x.swf">', /object|embed|swf/i],
    ['<base href="https://evil.example/"><a href="/x">x</a>', /base|evil/i],
  ])('removes %s', (input, forbidden) => {
    const result = sanitiseHtml(input);
    expect(result.html).not.toMatch(forbidden);
    expect(result.warnings).toContain('html_sanitised');
  });

  it('hardens links and keeps formatting', () => {
    expect(clean('<p><b>Hi</b> <a href="https://example.com/a">there</a></p>')).toBe(
      '<p><b>Hi</b> <a href="https://example.com/a" rel="noopener noreferrer nofollow" target="_blank">there</a></p>',
    );
    expect(clean('<p style="color: red; position: fixed">x</p>')).toBe('<p style="color:red">x</p>');
  });

  it('keeps cid: images, drops data: images and blocks remote ones', () => {
    expect(clean('<img src="cid:logo@example.com">')).toBe('<img src="cid:logo@example.com" />');
    expect(clean('<img src="data:image/png;base64,AAAA">')).toBe('<img />');
    const remote = sanitiseHtml('<img src="https://tracker.example/open.gif" alt="x">');
    expect(remote.html).toBe('<img alt="x" data-remote-src="https://tracker.example/open.gif" />');
    expect(remote.warnings).toContain('remote_images_blocked');
  });
});

describe('boundHtml and htmlToText', () => {
  it('cuts HTML nested deeper than the limit quickly', () => {
    const started = performance.now();
    const bounded = boundHtml(`${'<div>'.repeat(500_000)}x`);
    expect(bounded.warnings).toContain('html_too_deep');
    expect(clean(bounded.html).length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('turns HTML into readable text', () => {
    expect(htmlToText('<p>Hello <b>world</b></p><p>Second</p>')).toBe('Hello world\n\nSecond');
  });
});
