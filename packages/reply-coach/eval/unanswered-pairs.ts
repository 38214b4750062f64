/** Builds the unanswered-question evaluation set from sgd-requests; see docs/coach-eval.md. */
import { createHash } from 'node:crypto';
import { splitSentences } from '../src/sentences.ts';
import { label, text, type JsonRecord } from './corpus-records.ts';

export type { JsonRecord };

function hash(value: string): string {
  return createHash('sha1').update(value).digest('hex');
}

type Act = { service: string; act: string; slot: string; values: string[] };

function acts(record: JsonRecord, field: string): Act[] {
  const value = record[field];
  return Array.isArray(value) ? (value as Act[]) : []; // shape documented in the corpus README
}

function requestedSlots(record: JsonRecord): string[] {
  const value = record.requested_slots;
  return Array.isArray(value) ? (value as { slot: string }[]).map((slot) => slot.slot) : []; // documented shape
}

export type Pair = { customer: string; reply: string; isUnanswered: boolean; construction: 'real' | 'other-dialogue' | 'slots-removed' };

/**
 * Builds the unanswered-question set from sgd-requests (see docs/coach-eval.md): each customer turn
 * that asks for information, paired with (a) its real reply, (b) a reply from another dialogue of the
 * same service that informs none of the requested slots, and (c) its real reply with every sentence
 * carrying a requested slot's value removed.
 */
export function buildUnansweredPairs(records: JsonRecord[]): Pair[] {
  const pairs: Pair[] = [];
  const byService = new Map<string, JsonRecord[]>();
  for (const record of records) {
    const services = record.services;
    const service = Array.isArray(services) && typeof services[0] === 'string' ? services[0] : '';
    byService.set(service, [...(byService.get(service) ?? []), record]);
  }
  for (const record of records) {
    if (label(record, 'asks_for_info') !== true) continue;
    const customer = text(record);
    const reply = text(record, 'reply');
    const slots = requestedSlots(record);
    const isRealUnanswered = label(record, 'all_answered') === false;
    pairs.push({ customer, reply, isUnanswered: isRealUnanswered, construction: 'real' });

    const services = record.services;
    const service = Array.isArray(services) && typeof services[0] === 'string' ? services[0] : '';
    const dialogue = String(record.dialogue_id);
    const candidates = (byService.get(service) ?? []).filter(
      (other) =>
        String(other.dialogue_id) !== dialogue &&
        text(other, 'reply').trim().length > 0 &&
        !acts(other, 'reply_acts').some((act) => act.act === 'INFORM' && slots.includes(act.slot)),
    );
    const chosen = candidates
      .map((other) => ({ other, key: hash(`${String(record.id)}:${String(other.id)}`) }))
      .sort((left, right) => (left.key < right.key ? -1 : 1))[0];
    if (chosen) pairs.push({ customer, reply: text(chosen.other, 'reply'), isUnanswered: true, construction: 'other-dialogue' });

    const values = acts(record, 'reply_acts')
      .filter((act) => act.act === 'INFORM' && slots.includes(act.slot))
      .flatMap((act) => act.values)
      .filter((value) => value.length > 0 && !/^(?:true|false)$/i.test(value));
    if (values.length === 0) continue;
    const sentences = splitSentences(reply);
    const kept = sentences.filter((sentence) => !values.some((value) => sentence.text.toLowerCase().includes(value.toLowerCase())));
    if (kept.length === sentences.length || kept.length === 0) continue;
    pairs.push({ customer, reply: kept.map((sentence) => sentence.text).join(' '), isUnanswered: true, construction: 'slots-removed' });
  }
  return pairs;
}

