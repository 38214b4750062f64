import { ErrorBody, type ErrorCode } from '@rapport/contracts/errors';

/** Codes the browser produces itself, for failures that never reached (or never left) the API. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

/** Every failed API call surfaces as one of these, with a message fit to show the user. */
export class ApiError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(options: {
    code: ErrorCode | ClientErrorCode;
    message: string;
    status: number;
    details?: unknown;
    requestId?: string | undefined;
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.code = options.code;
    this.status = options.status;
    this.details = options.details;
    this.requestId = options.requestId;
  }

  /** 4xx answers will not change on retry; network failures and 5xx might. */
  get isRetryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Builds an ApiError from a non-2xx response body, whatever the body turned out to be. */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) {
    const { code, message, details, requestId } = parsed.data.error;
    return new ApiError({ code, message, status, details, requestId });
  }
  return new ApiError({
    code: status >= 500 ? 'INTERNAL' : 'UNEXPECTED_RESPONSE',
    message:
      status >= 500
        ? `The server had a problem (HTTP ${status}). Try again in a moment.`
        : `The server answered with an unexpected response (HTTP ${status}).`,
    status,
    details: body,
  });
}

/** A sentence for the user, with the request id to quote when the server had one. */
export function describeError(error: unknown): string {
  if (!isApiError(error)) return 'Something went wrong. Try again.';
  return error.requestId ? `${error.message} (reference ${error.requestId})` : error.message;
}
