import { ApiError, apiErrorFromResponse } from './api-error.ts';

/**
 * The part of a contracts (zod) schema the client needs. Typed structurally so the browser app
 * depends on the contracts package, not on zod itself.
 */
export interface ResponseSchema<Output> {
  safeParse(value: unknown): { success: true; data: Output } | { success: false; error: { issues: unknown[] } };
}

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export interface RequestOptions<Output> {
  /** Parses the response body; a body that does not match the contract becomes an ApiError. */
  schema: ResponseSchema<Output>;
  query?: QueryParams;
  body?: unknown;
  /** Sent as Idempotency-Key so a retried or double-clicked create happens once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

const mutatingMethods: ReadonlySet<Method> = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Encodes a query, joining lists with commas (the API's csv convention) and dropping empties. */
export function buildQueryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
      continue;
    }
    params.set(key, String(value));
  }
  const encoded = params.toString();
  return encoded ? `?${encoded}` : '';
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch {
    return text;
  }
}

/**
 * The one place the browser talks HTTP to the API: same-origin cookies, the CSRF header on
 * mutating requests, the error shape turned into ApiError, and every body parsed by its contract.
 */
export function createApiClient(baseUrl = '/api/v1') {
  // The CSRF token belongs to the session; the session hook sets it after sign-in and clears it
  // on sign-out, so no component has to thread it through.
  let csrfToken: string | null = null;

  async function request<Output>(method: Method, path: string, options: RequestOptions<Output>): Promise<Output> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (mutatingMethods.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}${buildQueryString(options.query)}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: options.signal ?? null,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError({
        code: 'NETWORK_ERROR',
        message: 'Cannot reach the Rapport server. Check your connection; we will keep trying.',
        status: 0,
      });
    }

    const body = await readJson(response);
    if (!response.ok) throw apiErrorFromResponse(response.status, body);

    const parsed = options.schema.safeParse(body);
    if (!parsed.success) {
      throw new ApiError({
        code: 'UNEXPECTED_RESPONSE',
        message: `The server's answer to ${method} ${path} did not match the API contract.`,
        status: response.status,
        details: parsed.error.issues,
      });
    }
    return parsed.data;
  }

  return {
    setCsrfToken(token: string | null) {
      csrfToken = token;
    },
    get<Output>(path: string, options: RequestOptions<Output>) {
      return request('GET', path, options);
    },
    post<Output>(path: string, options: RequestOptions<Output>) {
      return request('POST', path, options);
    },
    patch<Output>(path: string, options: RequestOptions<Output>) {
      return request('PATCH', path, options);
    },
    put<Output>(path: string, options: RequestOptions<Output>) {
      return request('PUT', path, options);
    },
    delete<Output>(path: string, options: RequestOptions<Output>) {
      return request('DELETE', path, options);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's single client instance. */
export const api = createApiClient();

/** A fresh Idempotency-Key. crypto.randomUUID needs a secure context, so plain-HTTP LAN installs fall back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** For calls whose answer the app does not read (sign-out): any 2xx body is accepted. */
export const ignoredBody: ResponseSchema<unknown> = {
  safeParse: (value) => ({ success: true, data: value }),
};
