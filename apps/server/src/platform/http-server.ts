/**
 * Builds the Fastify app: zod validation, one error mapper, authentication and the permission
 * check in one hook, CSRF for cookie requests, idempotency, OpenAPI, static web app.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorBody } from '@rapport/contracts/errors';
import type { Actor } from './actor.ts';
import { mapError, sendError } from './http-errors.ts';
import type { Logger } from './logger.ts';
import { roleHas } from './permissions.ts';
import type { AnyRoute } from './route.ts';
import { markIdempotentCommits, runIdempotently, type IdempotencyStore } from './idempotency.ts';

export interface Authentication {
  actor: Actor;
  /** Set for cookie sessions: mutating requests must echo it in x-csrf-token. */
  csrfToken: string | null;
  sessionTokenHash: string | null;
}

export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Authentication | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    authentication: Authentication | null;
  }
  interface FastifyContextConfig {
    permission?: string;
    routeId?: string;
  }
}

export interface HttpServerOptions {
  logger: Logger;
  bodyLimitBytes: number;
  trustProxy: boolean;
  routes: AnyRoute[];
  authenticator: Authenticator;
  idempotency: IdempotencyStore;
  webDistDir: string | null;
  /** Extra registrations (websocket stream, health checks) that need the built instance. */
  extend?: (app: FastifyInstance) => Promise<void> | void;
}

const mutatingMethods = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  // A keyed request's first commit also marks its key, so a crash before the response is stored cannot run it twice.
  markIdempotentCommits(options.idempotency.db);
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger, // pino's Logger is a FastifyBaseLogger; the cast drops its extra generic
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Responses are typed at compile time by the route definitions; at run time plain JSON.stringify
  // is several times faster than re-validating every response (docs/decisions/0004).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorateRequest('authentication', null);

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'DENY');
    return payload;
  });

  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: '1',
        description:
          'REST API of the Rapport help desk. Authenticate with `Authorization: Bearer <token>` (create one with `rapport token create` or POST /api/v1/tokens). Errors share one shape: `{"error":{"code","message","details"}}`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'rapport_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/v1/docs', staticCSP: true });

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = mapError(error, request);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send(body);
  });

  app.addHook('onRequest', async (request, reply) => {
    const permission = request.routeOptions.config.permission;
    if (!permission) return; // not an API route (static files, docs, 404 handler)
    if (permission === 'public') return;
    const authentication = await options.authenticator.authenticate(request);
    if (!authentication) {
      return sendError(reply, 'UNAUTHENTICATED', 'Sign in, or send a valid API token as "Authorization: Bearer <token>".');
    }
    request.authentication = { ...authentication, actor: { ...authentication.actor, requestId: request.id } };
    request.log = request.log.child({ workspaceId: authentication.actor.workspaceId, userId: authentication.actor.userId });
    if (authentication.csrfToken && mutatingMethods.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (sent !== authentication.csrfToken) {
        return sendError(reply, 'CSRF_TOKEN_INVALID', 'This request is missing its CSRF token; reload the page and try again.');
      }
    }
    if (!roleHas(authentication.actor.role, permission as Parameters<typeof roleHas>[1])) {
      return sendError(reply, 'FORBIDDEN', `Your role (${authentication.actor.role}) may not do this (${permission}).`);
    }
  });

  for (const route of options.routes) {
    if (!route.permission) throw new Error(`Route ${route.method} ${route.url} declares no permission`);
    const status = route.successStatus ?? (route.method === 'POST' ? 201 : 200);
    app.route({
      method: route.method,
      url: route.url,
      config: { permission: route.permission, routeId: route.id },
      ...(route.bodyLimit ? { bodyLimit: Math.max(route.bodyLimit, options.bodyLimitBytes) } : {}),
      schema: {
        summary: route.summary,
        tags: [route.tag],
        operationId: route.id,
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { querystring: route.query } : {}),
        ...(route.body ? { body: route.body } : {}),
        response: { [status]: route.response, '4xx': ErrorBody, '5xx': ErrorBody },
      },
      handler: async (request, reply) => {
        const actor = request.authentication?.actor as Actor; // set by the hook for every non-public route
        const run = () => route.handler({ params: request.params, query: request.query, body: request.body, actor, request, reply });
        const idempotencyKey = route.isIdempotent ? request.headers['idempotency-key'] : undefined;
        const result =
          typeof idempotencyKey === 'string' && actor
            ? await runIdempotently(options.idempotency, actor, idempotencyKey, { route: route.id, params: request.params, body: request.body }, status, run)
            : { replay: null, body: await run() };
        if (result.replay) return reply.code(result.replay.statusCode).header('idempotent-replayed', 'true').send(result.replay.body);
        if (reply.sent || result.body === reply) return reply;
        if (status === 204) return reply.code(204).send();
        return reply.code(status).send(result.body);
      },
    });
  }

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (options.extend) await options.extend(app);

  const webDistDir = options.webDistDir;
  const hasWeb = webDistDir !== null && existsSync(webDistDir);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDistDir, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    // A missing hashed asset (stale tab after an upgrade) must 404, not come back as index.html.
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/') || request.method !== 'GET' || !hasWeb) {
      return sendError(reply, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);
    }
    // Single-page app: every other GET serves index.html and the client router takes over.
    return reply.type('text/html').sendFile('index.html');
  });

  return app;
}
