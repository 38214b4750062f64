/** Pure rules of escalation (P12): where "Escalate" goes, and the hand-off note of an SLA breach. */

export type TargetDecision =
  | { kind: 'ok'; toLevel: number }
  /** An explicitly requested level that is not defined. */
  | { kind: 'not_found'; toLevel: number }
  | { kind: 'invalid'; reason: 'same_level' | 'top'; toLevel: number };

/**
 * The level a ticket at `current` moves to: the requested one, else the next one up. Level 0 (the
 * first line) always exists; any other level must be defined. Moving to the level it is at is refused.
 */
export function targetLevel(current: number, requested: number | undefined, definedLevels: readonly number[]): TargetDecision {
  const defined = new Set(definedLevels);
  const toLevel = requested ?? current + 1;
  if (toLevel === current) return { kind: 'invalid', reason: 'same_level', toLevel };
  if (toLevel !== 0 && !defined.has(toLevel)) return requested === undefined ? { kind: 'invalid', reason: 'top', toLevel } : { kind: 'not_found', toLevel };
  return { kind: 'ok', toLevel };
}

const metricNames: Record<string, string> = { first_reply: 'First reply', next_reply: 'Next reply', resolution: 'Resolution' };

/** 60 → "1 h", 90 → "1 h 30 min", 45 → "45 min", 2880 → "2 d". */
export function formatTargetMinutes(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  if (whole >= 1440 && whole % 1440 === 0) return `${whole / 1440} d`;
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

function formatInZone(at: Date, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  try {
    return `${new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(at)} (${timeZone})`;
  } catch {
    return `${new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(at)} (UTC)`;
  }
}

/**
 * The generated hand-off note of an SLA-triggered escalation, e.g. "First reply SLA of 1 h breached
 * at 12 Mar 2025, 14:05 (Europe/Berlin). Escalated automatically to level 1 (Tier 2)." The breach
 * time is stated in the workspace's time zone, to the minute.
 */
export function slaEscalationNote(breach: { metric: string; targetMinutes: number; at: Date; timeZone: string; toLevel: number; levelName: string }): string {
  const metric = metricNames[breach.metric] ?? breach.metric;
  return `${metric} SLA of ${formatTargetMinutes(breach.targetMinutes)} breached at ${formatInZone(breach.at, breach.timeZone)}. Escalated automatically to level ${breach.toLevel} (${breach.levelName}).`;
}

/** The first line of the internal note that carries a person's hand-off. */
export function handOffNoteText(move: { fromLevel: number; toLevel: number; levelName: string | null; note: string }): string {
  const verb = move.toLevel > move.fromLevel ? 'Escalated' : 'De-escalated';
  const target = move.toLevel === 0 ? 'the first line' : `level ${move.toLevel}${move.levelName ? ` (${move.levelName})` : ''}`;
  return `${verb} to ${target}. Hand-off:\n\n${move.note}`;
}
