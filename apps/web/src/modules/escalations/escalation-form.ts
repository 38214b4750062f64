/** Pure rules of the escalation screens: the levels editor's form and the escalate dialog's choices. */
import { minHandOffNoteLength, type EscalationLevelDto, type PutEscalationLevelsBody } from '@rapport/contracts/escalations';
import { isApiError } from '../../api/api-error.ts';

export { minHandOffNoteLength };

export interface LevelRow {
  /** A stable React key for the row (the level's id, or a new one). */
  key: string;
  name: string;
  /** '' = no team. */
  teamId: string;
  /** '' = no expert. */
  expertId: string;
  onSlaBreach: boolean;
}

export type LevelRowError = 'name' | 'target';

let newRows = 0;
export function emptyLevelRow(): LevelRow {
  newRows += 1;
  return { key: `new-${newRows}`, name: '', teamId: '', expertId: '', onSlaBreach: false };
}

export function rowsFromLevels(levels: readonly EscalationLevelDto[]): LevelRow[] {
  return levels.map((level) => ({ key: level.id, name: level.name, teamId: level.team?.id ?? '', expertId: level.expert?.id ?? '', onSlaBreach: level.onSlaBreach }));
}

/** Per row, what is missing: a name, and a team or an expert. */
export function levelRowErrors(rows: readonly LevelRow[]): Map<string, LevelRowError[]> {
  const errors = new Map<string, LevelRowError[]>();
  for (const row of rows) {
    const problems: LevelRowError[] = [];
    if (row.name.trim() === '') problems.push('name');
    if (!row.teamId && !row.expertId) problems.push('target');
    if (problems.length > 0) errors.set(row.key, problems);
  }
  return errors;
}

export function bodyFromRows(rows: readonly LevelRow[]): PutEscalationLevelsBody {
  return {
    levels: rows.map((row) => ({ name: row.name.trim(), teamId: row.teamId || null, expertId: row.expertId || null, onSlaBreach: row.onSlaBreach })),
  };
}

/** The rows with the one at `index` moved up (-1) or down (+1); unchanged at either end. */
export function moveRow<T>(rows: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return [...rows];
  const next = [...rows];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

export interface LevelChoice {
  level: number;
  name: string | null;
  direction: 'up' | 'down';
}

/**
 * Where the dialog can move a ticket at `current`: every defined level but the current one, and
 * the first line (0) when it is escalated. The default is the next level up, else one level down.
 */
export function levelChoices(current: number, levels: readonly { level: number; name: string }[]): { choices: LevelChoice[]; initial: number | null } {
  const choices: LevelChoice[] = [
    ...(current > 0 ? [{ level: 0, name: null, direction: 'down' as const }] : []),
    ...levels.filter((level) => level.level !== current).map((level) => ({ level: level.level, name: level.name, direction: level.level > current ? ('up' as const) : ('down' as const) })),
  ].sort((a, b) => a.level - b.level);
  const up = choices.find((choice) => choice.level === current + 1);
  const down = [...choices].reverse().find((choice) => choice.level < current);
  return { choices, initial: up?.level ?? down?.level ?? choices[0]?.level ?? null };
}

export function isHandOffTooShort(note: string): boolean {
  return note.trim().length < minHandOffNoteLength;
}

/** The server's words about the note (a validation issue at body.note), or null for anything else. */
export function noteErrorFromServer(error: unknown): string | null {
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED') return null;
  const details = error.details as { issues?: unknown } | null | undefined;
  const issues = Array.isArray(details?.issues) ? (details.issues as unknown[]) : [];
  for (const issue of issues) {
    if (!issue || typeof issue !== 'object') continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (path === 'body.note' && typeof message === 'string') return message;
  }
  return null;
}
