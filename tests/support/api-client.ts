/** HTTP helpers for integration tests: a member's bearer-token client and the usual two-workspace start. */
import { bearer, buildWorkspace, type Member, type WorkspaceFixture } from './factories.ts';
import { startTestRapport, type TestRapport } from './rapport.ts';

export function apiAs(rapport: TestRapport, member: Member) {
  const app = rapport.app;
  if (!app) throw new Error('this Rapport was started without the web role');
  const headers = (extra: Record<string, string> = {}) => ({ ...bearer(member), ...extra });
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers: headers() }),
    post: (url: string, payload: object, extra: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload, headers: headers(extra) }),
    patch: (url: string, payload: object) => app.inject({ method: 'PATCH', url, payload, headers: headers() }),
    put: (url: string, payload: object) => app.inject({ method: 'PUT', url, payload, headers: headers() }),
    delete: (url: string) => app.inject({ method: 'DELETE', url, headers: headers() }),
  };
}

/** A Rapport with two workspaces: the one under test and another whose records must stay invisible. */
export async function startWithTwoWorkspaces(options: Parameters<typeof startTestRapport>[0] = {}): Promise<{ rapport: TestRapport; shop: WorkspaceFixture; other: WorkspaceFixture }> {
  const rapport = await startTestRapport(options);
  const shop = await buildWorkspace(rapport.deps);
  const other = await buildWorkspace(rapport.deps, 'Other shop');
  return { rapport, shop, other };
}
