import { CoachRequest, CoachResponse } from '@rapport/contracts/coach';
import { WorkspaceCoachSettings, type CoachRuleId } from '@rapport/contracts/workspace';
import { coachReply } from '@rapport/reply-coach/coach';
import type { CoachInput, CoachOutput, RuleId } from '@rapport/reply-coach/coach-types';
import type { AppDeps } from '../../platform/app-deps.ts';
import { recordAudit } from '../../platform/events.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { readCoachContext, readCoachSettings, writeCoachSettings } from './coach.queries.ts';
import { effectiveCoachSettings, parseStoredCoachSettings } from './effective-settings.ts';

// Compile-time proof that the HTTP contract and the coach's own types agree in both directions.
type Assert<T extends true> = T;
export type CoachRequestFitsInput = Assert<CoachRequest extends CoachInput ? true : false>;
export type CoachOutputFitsResponse = Assert<CoachOutput extends CoachResponse ? true : false>;
export type RuleIdsAgree = Assert<[CoachRuleId] extends [RuleId] ? ([RuleId] extends [CoachRuleId] ? true : false) : false>;

export function coachRoutes(deps: AppDeps): AnyRoute[] {
  return [
    defineRoute({
      id: 'coach.check',
      method: 'POST',
      url: '/api/v1/coach',
      permission: 'coach.use',
      tag: 'coach',
      summary:
        "Check a draft reply against the service principles (nothing is stored). The workspace's coach settings apply: request settings may narrow a check or add glossary terms, never re-enable or raise what admins set",
      body: CoachRequest,
      response: CoachResponse,
      successStatus: 200,
      handler: async ({ actor, body }) => {
        const context = await readCoachContext(deps.db, actor.workspaceId, actor.userId);
        // "now" defaults to the server clock and the zone to the agent's, so relative promises ("tomorrow") resolve.
        const settings = effectiveCoachSettings(parseStoredCoachSettings(context.coachSettings), body.settings, {
          now: deps.clock.now().toISOString(),
          timeZone: context.timeZone,
        });
        return coachReply({ ...body, settings });
      },
    }),
    defineRoute({
      id: 'coach.settings.get',
      method: 'GET',
      url: '/api/v1/workspace/coach-settings',
      permission: 'coach.use',
      tag: 'coach',
      summary: "The workspace's reply coach settings: each check's level (left out = default) and the glossary of term → plain wording",
      response: WorkspaceCoachSettings,
      handler: async ({ actor }) => parseStoredCoachSettings(await readCoachSettings(deps.db, actor.workspaceId)),
    }),
    defineRoute({
      id: 'coach.settings.put',
      method: 'PUT',
      url: '/api/v1/workspace/coach-settings',
      permission: 'workspace.manage',
      tag: 'coach',
      summary: "Replace the workspace's reply coach settings (checks and glossary); every coach check applies them at once",
      body: WorkspaceCoachSettings,
      response: WorkspaceCoachSettings,
      successStatus: 200,
      handler: async ({ actor, body }) =>
        deps.db.transaction(async (tx) => {
          await writeCoachSettings(tx, actor.workspaceId, body);
          await recordAudit(tx, actor, {
            action: 'coach_settings.updated',
            subjectType: 'workspace',
            subjectId: actor.workspaceId,
            data: { checks: body.checks, glossaryTerms: body.glossary.length },
          });
          return body;
        }),
    }),
  ];
}
