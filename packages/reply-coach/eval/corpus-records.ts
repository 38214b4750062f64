/** Loading and field access for corpus JSONL rows, whose shape the corpus README documents. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type JsonRecord = Record<string, unknown>;

export function text(record: JsonRecord, field = 'text'): string {
  const value = record[field];
  return typeof value === 'string' ? value : '';
}

export function label(record: JsonRecord, name: string): unknown {
  const labels = record.labels;
  return labels && typeof labels === 'object' ? (labels as JsonRecord)[name] : undefined; // labels is an object per the corpus README
}

export type Split = 'dev' | 'test';

export const corpusRoot = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), '..', 'shared', 'corpus', 'text');

/** The rows of one split of a corpus set, e.g. `load('rsics', 'dev')`. Trainers pass 'dev' only. */
export function load(set: string, split: Split): JsonRecord[] {
  return readFileSync(join(corpusRoot, set, `${split}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as JsonRecord); // corpus rows are objects; fields are checked where read
}

/**
 * Lin marks both requests and the writer's own commitments as "Task" and does not separate them.
 * The commitment gold is therefore derived from Lin's own annotation: a Task sentence counts when
 * one of its annotated action phrases has the writer as subject, i.e. the phrase itself starts with
 * I/we/will, or the clause just before the phrase names I/we (and not "you"). "Let me/us know" is
 * a request and is excluded. This uses the annotated action spans, not our detector's patterns.
 */
export function isWriterCommitment(record: JsonRecord): boolean {
  if (label(record, 'has_task') !== true) return false;
  const sentence = text(record).toLowerCase().replace(/[’‘]/g, "'");
  const actions = Array.isArray(record.actions) ? record.actions.filter((action): action is string => typeof action === 'string') : [];
  // Some Task rows carry no action phrase; then the sentence's own subject decides.
  if (actions.length === 0) return /^\W*(?:\w+,\s*)?(?:i|we)\b(?!'d like to know| would like to know)/.test(sentence) && !/\?\s*$/.test(sentence);
  for (const action of actions) {
    const phrase = action.toLowerCase().replace(/[’‘]/g, "'").trim();
    if (phrase.length === 0 || /^let (?:me|us) know\b/.test(phrase)) continue;
    if (/^(?:i|we|i'll|we'll|i'd|we'd|will)\b/.test(phrase)) return true;
    const at = sentence.indexOf(phrase);
    if (at < 0) continue;
    const clause = sentence.slice(Math.max(0, at - 50), at).split(/[,;:.!?()]|\b(?:and|but|so|if|then|that|because|when|or)\b/).pop() ?? '';
    if (/\b(?:i|we|i'll|we'll|i'd|we'd|i'm|we're|let me|let us)\b/.test(clause) && !/\b(?:you|your)\b/.test(clause)) return true;
  }
  return false;
}

/**
 * For each sgd-requests row of a split, the system turn just before the user's turn (the agent's
 * message the user replies to), or undefined for a dialogue's first turn. Read from the set's
 * dialogues.jsonl, and only for the dialogues of that split (no dialogue straddles the splits).
 */
export function previousSystemTurns(split: Split): Map<string, string | undefined> {
  const rows = load('sgd-requests', split);
  const wanted = new Set(rows.map((record) => String(record.dialogue_id)));
  const turnsOf = new Map<string, string[]>();
  for (const line of readFileSync(join(corpusRoot, 'sgd-requests', 'dialogues.jsonl'), 'utf8').split('\n')) {
    if (line.trim().length === 0) continue;
    const dialogue = JSON.parse(line) as JsonRecord; // one dialogue object per line, per the set's NOTICE
    const id = String(dialogue.dialogue_id);
    if (!wanted.has(id) || !Array.isArray(dialogue.turns)) continue;
    turnsOf.set(id, dialogue.turns.map((turn: unknown) => (turn && typeof turn === 'object' ? text(turn as JsonRecord, 'utterance') : '')));
  }
  const previous = new Map<string, string | undefined>();
  for (const record of rows) {
    const turnIndex = Number(record.turn_index);
    const turns = turnsOf.get(String(record.dialogue_id));
    previous.set(String(record.id), turnIndex > 0 ? turns?.[turnIndex - 1] : undefined);
  }
  return previous;
}
