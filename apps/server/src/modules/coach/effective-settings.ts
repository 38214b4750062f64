/**
 * How the workspace's coach settings (set by admins, P21) combine with the settings a request
 * carries. Pure, so the rule is unit-tested on its own.
 *
 * - Checks: the workspace decides the ceiling. A request may narrow a check (warn → info → off)
 *   but never widen it: a check the admins turned off stays off, and one they set to info cannot
 *   be raised to warn. For a check the workspace leaves at its default, the request's value applies.
 * - Glossary: the workspace's terms always apply; a request may add terms of its own, and where
 *   both define a term the workspace's plain wording wins.
 * - now / timeZone come from the request, else the server clock and the agent's zone.
 */
import { WorkspaceCoachSettings, type CoachRuleSetting } from '@rapport/contracts/workspace';
import type { CoachRequest } from '@rapport/contracts/coach';

type RequestSettings = NonNullable<CoachRequest['settings']>;

const rank: Record<CoachRuleSetting, number> = { off: 0, info: 1, warn: 2 };

/** Stored JSON that no longer parses (hand-edited, or an older shape) falls back to defaults rather than failing every check. */
export function parseStoredCoachSettings(stored: unknown): WorkspaceCoachSettings {
  const parsed = WorkspaceCoachSettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : { checks: {}, glossary: [] };
}

export function effectiveCoachSettings(
  workspace: WorkspaceCoachSettings,
  request: RequestSettings | undefined,
  defaults: { now: string; timeZone: string },
): RequestSettings {
  const checks: Record<string, CoachRuleSetting> = { ...(request?.checks ?? {}) };
  for (const [rule, ceiling] of Object.entries(workspace.checks)) {
    if (!ceiling) continue;
    const asked = checks[rule];
    checks[rule] = asked !== undefined && rank[asked] < rank[ceiling] ? asked : ceiling;
  }
  const workspaceTerms = new Set(workspace.glossary.map((entry) => entry.term.toLowerCase()));
  const glossary = [...workspace.glossary, ...(request?.glossary ?? []).filter((entry) => !workspaceTerms.has(entry.term.toLowerCase()))];
  return {
    checks,
    glossary,
    now: request?.now ?? defaults.now,
    timeZone: request?.timeZone ?? defaults.timeZone,
  };
}
