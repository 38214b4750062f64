import { describe, expect, it } from 'vitest';
import { emailFramePolicy, hasRemoteImages } from './email-frame-policy.ts';

describe('emailFramePolicy', () => {
  it('allows images only from our attachment URLs and data: until remote images are allowed', () => {
    const blocked = emailFramePolicy(false, 'https://help.example.test');
    expect(blocked).toContain("default-src 'none'");
    expect(blocked).toContain('img-src data: https://help.example.test/api/v1/attachments/;');
    expect(blocked).not.toMatch(/img-src[^;]*https:(?!\/\/help)/);
    expect(blocked).not.toContain('script-src');
    const allowed = emailFramePolicy(true, 'https://help.example.test');
    expect(allowed).toContain('img-src data: https://help.example.test/api/v1/attachments/ https: http:;');
    expect(allowed).toContain("default-src 'none'");
  });
});

describe('hasRemoteImages', () => {
  it('finds remote images, protocol-relative ones and CSS backgrounds', () => {
    expect(hasRemoteImages('<p>Hi</p><img src="https://track.example/p.gif" width="1">')).toBe(true);
    expect(hasRemoteImages('<img src="//cdn.example/logo.png">')).toBe(true);
    expect(hasRemoteImages('<td style="background: url(\'http://x.example/bg.png\')">')).toBe(true);
    expect(hasRemoteImages('<table background="https://x.example/bg.png">')).toBe(true);
  });

  it('ignores inline data images and plain text that mentions a URL', () => {
    expect(hasRemoteImages('<img src="data:image/png;base64,AAAA">')).toBe(false);
    expect(hasRemoteImages('<p>See https://example.test/img.png</p>')).toBe(false);
  });
});

describe('hasRemoteImages with parked addresses', () => {
  it('finds images whose address the server parked in data-remote-src', () => {
    expect(hasRemoteImages('<img data-remote-src="https://track.example/p.gif" width="1">')).toBe(true);
    expect(hasRemoteImages('<img data-remote-src="javascript:alert(1)">')).toBe(false);
  });
});
