import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../apps/server/src/routes.ts';
import { startTestRapport, type TestRapport } from '../support/rapport.ts';

let rapport: TestRapport;
beforeAll(async () => {
  rapport = await startTestRapport();
});
afterAll(async () => {
  await rapport.stop();
});

describe('OpenAPI document', () => {
  it('is served as OpenAPI 3.1 and documents every route of the table with its schemas', async () => {
    const response = await rapport.app?.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response?.statusCode).toBe(200);
    const document = response?.json() as { openapi: string; paths: Record<string, Record<string, { operationId?: string; responses: Record<string, unknown> }>> };
    expect(document.openapi).toBe('3.1.0');
    for (const route of allRoutes(rapport.deps)) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(operation?.operationId).toBe(route.id);
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['4XX']));
    }
  });

  it('serves a readable docs page without reaching any outside host', async () => {
    const response = await rapport.app?.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(response?.statusCode).toBe(200);
    expect(response?.body).toContain('swagger');
    expect(response?.body).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\.(com|net|io|org)\//i);
  });
});
