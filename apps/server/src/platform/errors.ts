import type { ErrorCode } from '@rapport/contracts/errors';

/** The one error type of use cases. The HTTP edge maps codes to statuses (http-errors.ts). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, options: { message: string; details?: unknown; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

export const statusByCode: Record<ErrorCode, number> = {
  EMAIL_ADDRESS_TAKEN: 409,
  EMAIL_ADDRESS_NOT_FOUND: 404,
  MAILBOX_NOT_FOUND: 404,
  INBOUND_EMAIL_NOT_FOUND: 404,
  INBOUND_EMAIL_STATE: 409,
  MACRO_NOT_FOUND: 404,
  DRAFT_STALE: 409,
  UPLOAD_NOT_FOUND: 404,
  UPLOAD_REFUSED: 422,
  UNDO_WINDOW_CLOSED: 409,
  NEW_CUSTOMER_MESSAGE: 409,
  VALIDATION_FAILED: 400,
  UNKNOWN_FIELD: 400,
  MALFORMED_JSON: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  LOGIN_THROTTLED: 429,
  CSRF_TOKEN_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TICKET_NOT_FOUND: 404,
  MESSAGE_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  ORGANISATION_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  TEAM_NOT_FOUND: 404,
  TAG_NOT_FOUND: 404,
  VIEW_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  CUSTOM_FIELD_INVALID: 422,
  MERGE_INVALID: 422,
  SPLIT_INVALID: 422,
  EMAIL_TAKEN: 409,
  NAME_TAKEN: 409,
  LAST_ADMIN: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENT_REQUEST_DONE: 409,
  PASSWORD_TOO_WEAK: 422,
  RATE_LIMITED: 429,
  TEAM_IN_USE: 409,
  CUSTOM_FIELD_NOT_FOUND: 404,
  INTERNAL: 500,
};
