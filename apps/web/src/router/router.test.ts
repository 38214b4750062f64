import { describe, expect, it } from 'vitest';
import { matchPath } from './router.tsx';

describe('matchPath', () => {
  it('extracts and decodes parameters', () => {
    expect(matchPath('/tickets/:ref', '/tickets/1042')).toEqual({ ref: '1042' });
    expect(matchPath('/views/:viewKey', '/views/my%20view')).toEqual({ viewKey: 'my view' });
  });

  it('rejects other paths and other lengths', () => {
    expect(matchPath('/tickets/:ref', '/views/mine')).toBeNull();
    expect(matchPath('/tickets/:ref', '/tickets/1042/extra')).toBeNull();
  });

  it('rejects a malformed escape instead of throwing', () => {
    expect(matchPath('/tickets/:ref', '/tickets/%E0%A4%A')).toBeNull();
  });
});
