import { describe, expect, it } from 'vitest';
import { apiErrorFromResponse } from './api-error.ts';
import { buildQueryString } from './client.ts';

describe('buildQueryString', () => {
  it('joins lists with commas, as the API reads them', () => {
    expect(buildQueryString({ status: ['open', 'pending'], assignee: 'me' })).toBe('?status=open%2Cpending&assignee=me');
  });

  it('drops empty values and empty lists', () => {
    expect(buildQueryString({ cursor: undefined, tag: '', status: [], team: null, limit: 50 })).toBe('?limit=50');
  });

  it('returns nothing for no parameters', () => {
    expect(buildQueryString(undefined)).toBe('');
  });
});

describe('apiErrorFromResponse', () => {
  it("keeps the server's code, message and request id", () => {
    const error = apiErrorFromResponse(429, {
      error: { code: 'LOGIN_THROTTLED', message: 'Too many failed sign-ins.', requestId: 'req-1' },
    });
    expect(error).toMatchObject({ code: 'LOGIN_THROTTLED', message: 'Too many failed sign-ins.', status: 429, requestId: 'req-1' });
    expect(error.isRetryable).toBe(false);
  });

  it('turns a body without the error shape into a readable, retryable server error', () => {
    const error = apiErrorFromResponse(502, '<html>Bad gateway</html>');
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('502');
    expect(error.isRetryable).toBe(true);
  });
});
