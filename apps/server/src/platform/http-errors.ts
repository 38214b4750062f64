/** The single mapper from anything thrown to the API's error shape. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '@rapport/contracts/errors';
import { AppError, statusByCode } from './errors.ts';

export function errorBody(code: ErrorCode, message: string, details?: unknown, requestId?: string): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }), ...(requestId ? { requestId } : {}) } };
}

const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send the body as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'VALIDATION_FAILED', message: 'The Content-Length header does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The body is empty; send a JSON object.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The body is not valid JSON.' },
};

export function mapError(error: unknown, request: FastifyRequest): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return { status: statusByCode[error.code], body: errorBody(error.code, error.message, error.details) };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      path: `${error.validationContext ?? 'body'}${issue.instancePath === '/' ? '' : issue.instancePath.replaceAll('/', '.')}`,
      message: issue.message ?? 'invalid',
      ...(issue.keyword === 'unrecognized_keys' ? { keys: (issue.params as { keys?: string[] }).keys ?? [] } : {}),
    }));
    const unknown = error.validation.find((issue) => issue.keyword === 'unrecognized_keys');
    if (unknown) {
      const keys = ((unknown.params as { keys?: string[] }).keys ?? []).join(', ');
      return { status: 400, body: errorBody('UNKNOWN_FIELD', `Unknown field(s) in ${error.validationContext ?? 'body'}: ${keys}.`, { issues }) };
    }
    const first = issues[0];
    const summary = first ? `${first.path}: ${first.message}` : 'The request is invalid.';
    return { status: 400, body: errorBody('VALIDATION_FAILED', `Invalid request. ${summary}`, { issues }) };
  }
  const fastifyError = error as Partial<FastifyError> & { type?: string };
  const known = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (known) return { status: statusByCode[known.code], body: errorBody(known.code, known.message) };
  if (error instanceof SyntaxError || fastifyError.type === 'entity.parse.failed') {
    return { status: 400, body: errorBody('MALFORMED_JSON', 'The body is not valid JSON.') };
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Fastify's own 4xx (e.g. an unsupported method on a websocket route). Keep the status, not the internals.
    return { status: fastifyError.statusCode, body: errorBody('VALIDATION_FAILED', fastifyError.message ?? 'Bad request.') };
  }
  return {
    status: 500,
    body: errorBody('INTERNAL', 'Something went wrong on our side. Quote the request id if you report it.', undefined, request.id),
  };
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown): FastifyReply {
  return reply.code(statusByCode[code]).send(errorBody(code, message, details));
}
