import { describe, expect, it } from 'vitest';
import { buildUnansweredPairs, type JsonRecord } from './unanswered-pairs.ts';

// Invented records in the sgd-requests shape; no corpus text.
function turn(id: string, dialogue: string, text: string, reply: string, slots: string[], informs: Record<string, string>): JsonRecord {
  return {
    id,
    dialogue_id: dialogue,
    services: ['Bakeries_1'],
    text,
    reply,
    requested_slots: slots.map((slot) => ({ service: 'Bakeries_1', slot })),
    reply_acts: Object.entries(informs).map(([slot, value]) => ({ service: 'Bakeries_1', act: 'INFORM', slot, values: [value] })),
    labels: { asks_for_info: slots.length > 0, all_answered: slots.length > 0 ? true : null },
  };
}

describe('buildUnansweredPairs', () => {
  const records = [
    turn('a-1', 'a', 'What is their phone number?', 'Sure. Their number is 555-0101. Enjoy the cake.', ['phone_number'], { phone_number: '555-0101' }),
    turn('b-1', 'b', 'When do they open?', 'They open at 7 am.', ['open_time'], { open_time: '7 am' }),
    turn('c-1', 'c', 'Book it please.', 'Your order is placed.', [], {}),
  ];

  it('pairs each asking turn with its real reply, another dialogue reply and a slot-free reply', () => {
    const pairs = buildUnansweredPairs(records).filter((pair) => pair.customer === 'What is their phone number?');
    expect(pairs.map((pair) => [pair.construction, pair.isUnanswered])).toEqual([
      ['real', false],
      ['other-dialogue', true],
      ['slots-removed', true],
    ]);
    expect(pairs[2]?.reply).toBe('Sure. Enjoy the cake.');
    expect(pairs[1]?.reply).not.toContain('555-0101');
  });

  it('never uses a reply from the same dialogue or one that informs the requested slot', () => {
    const sameSlot = turn('d-1', 'd', 'And their phone?', 'It is 555-0199.', ['phone_number'], { phone_number: '555-0199' });
    const phoneQuestions = new Set(['What is their phone number?', 'And their phone?']);
    const pairs = buildUnansweredPairs([...records, sameSlot]).filter(
      (pair) => pair.construction === 'other-dialogue' && phoneQuestions.has(pair.customer),
    );
    expect(pairs).toHaveLength(2);
    for (const pair of pairs) expect(pair.reply).not.toMatch(/555-01/);
  });
});
