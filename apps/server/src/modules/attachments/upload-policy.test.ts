import { describe, expect, it } from 'vitest';
import { checkUpload } from './upload-policy.ts';

describe('checkUpload', () => {
  it('accepts documents and images, with the type normalised', () => {
    expect(checkUpload('invoice.pdf', 'Application/PDF; name=x', 1200)).toEqual({ ok: true, contentType: 'application/pdf' });
    expect(checkUpload('photo', '', 10)).toEqual({ ok: true, contentType: 'application/octet-stream' });
  });

  it('refuses empty and too large files', () => {
    expect(checkUpload('a.txt', 'text/plain', 0).ok).toBe(false);
    expect(checkUpload('a.txt', 'text/plain', 10 * 1024 * 1024 + 1).ok).toBe(false);
  });

  it('refuses programs and scripts by name or by type', () => {
    expect(checkUpload('setup.EXE', 'application/octet-stream', 10).ok).toBe(false);
    expect(checkUpload('notes.txt', 'application/x-msdownload', 10).ok).toBe(false);
    expect(checkUpload('run.ps1', 'text/plain', 10).ok).toBe(false);
  });
});
