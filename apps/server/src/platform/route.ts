/**
 * The route table. Each module exports an array of these; the HTTP server registers them and the
 * authorization-matrix test reads them. A route without a permission cannot be written (the type
 * requires it) and cannot be registered (the server checks at boot).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from './actor.ts';
import type { RoutePermission } from './permissions.ts';

type Schema = z.ZodType;
type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<P, Q, B> {
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  /** Present on every route except 'public' ones. */
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDefinition<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema = Schema,
> {
  /** Stable id, e.g. "tickets.list"; used in logs and the authorization matrix. */
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  permission: RoutePermission;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  successStatus?: 200 | 201 | 204;
  /** Creating POSTs honour the Idempotency-Key header. */
  isIdempotent?: boolean;
  /** A larger request body limit than the server's default (file uploads), in bytes. */
  bodyLimit?: number;
  /** Return the response body, or the reply itself after sending something else (file downloads). */
  handler: (input: RouteInput<P, Q, B>) => Promise<z.input<R> | FastifyReply>;
}

// The table holds routes of many shapes; each was type-checked by defineRoute where it was written.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous collection of checked routes
export type AnyRoute = RouteDefinition<any, any, any, any>;

export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema = Schema,
>(route: RouteDefinition<P, Q, B, R>): AnyRoute {
  return route;
}
