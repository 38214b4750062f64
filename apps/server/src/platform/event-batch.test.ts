import { describe, expect, it } from 'vitest';
import { createEventBatch } from './outbox-dispatcher.ts';

describe('an event batch', () => {
  it('asks each key once, and a failed answer again', async () => {
    const batch = createEventBatch();
    const asked: string[] = [];
    const load = (key: string, answer: number) => () => {
      asked.push(key);
      return Promise.resolve(answer);
    };
    expect(await Promise.all([batch.once('a', load('a', 1)), batch.once('a', load('a', 2)), batch.once('b', load('b', 3))])).toEqual([1, 1, 3]);
    expect(await batch.once('a', load('a', 4))).toBe(1);
    expect(asked).toEqual(['a', 'b']);

    let attempts = 0;
    const flaky = () => {
      attempts += 1;
      return attempts === 1 ? Promise.reject(new Error('connection lost')) : Promise.resolve('ok');
    };
    await expect(batch.once('c', flaky)).rejects.toThrow('connection lost');
    expect(await batch.once('c', flaky)).toBe('ok');
    expect(attempts).toBe(2);
  });

  it('is not shared between batches', async () => {
    let asked = 0;
    const load = () => Promise.resolve((asked += 1));
    expect(await createEventBatch().once('k', load)).toBe(1);
    expect(await createEventBatch().once('k', load)).toBe(2);
  });
});
