import { CoachRequest, CoachResponse } from '@rapport/contracts/coach';
import { coachReply } from '@rapport/reply-coach/coach';
import type { CoachInput, CoachOutput } from '@rapport/reply-coach/coach-types';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';

// Compile-time proof that the HTTP contract and the coach's own types agree in both directions.
type Assert<T extends true> = T;
export type CoachRequestFitsInput = Assert<CoachRequest extends CoachInput ? true : false>;
export type CoachOutputFitsResponse = Assert<CoachOutput extends CoachResponse ? true : false>;

export function coachRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'coach.check',
      method: 'POST',
      url: '/api/v1/coach',
      permission: 'coach.use',
      tag: 'coach',
      summary: 'Check a draft reply against the service principles (pure; nothing is stored)',
      body: CoachRequest,
      response: CoachResponse,
      successStatus: 200,
      // "now" defaults to the server clock so relative promises ("tomorrow") resolve.
      handler: async ({ body }) => coachReply({ ...body, settings: { ...body.settings, now: body.settings?.now ?? deps.clock.now().toISOString() } }),
    }),
  ];
}
