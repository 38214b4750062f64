import { describe, expect, it } from 'vitest';
import type { JournalLine } from '../../platform/mail-journal.ts';
import { replayMarginMs } from '../../platform/snapshots.ts';
import { linesToReplay } from './replay-journal.ts';

const line = (offset: number, at: string, rawKey = `k${offset}`): JournalLine => ({
  offset,
  entry: { at, workspaceId: 'w', rawKey, source: 'smtp', mailboxId: null, envelopeFrom: null, envelopeTo: [] },
});

describe('linesToReplay', () => {
  const takenAt = '2026-11-25T12:00:00.000Z';
  const long = new Date(Date.parse(takenAt) - replayMarginMs - 60_000).toISOString();
  const justBefore = new Date(Date.parse(takenAt) - 1_000).toISOString();

  it('replays every line at or after the recorded journal offset', () => {
    const lines = [line(0, long), line(100, long), line(200, '2026-11-25T12:05:00.000Z')];
    expect(linesToReplay(lines, { journalOffset: 100, takenAt }).map((l) => l.offset)).toEqual([100, 200]);
  });

  it('also replays lines journalled just before the dump, whose receipt may have committed after it', () => {
    const lines = [line(0, long), line(100, justBefore), line(200, takenAt)];
    expect(linesToReplay(lines, { journalOffset: 300, takenAt }).map((l) => l.offset)).toEqual([100, 200]);
  });

  it('replays nothing when the snapshot is newer than the whole journal and the margin', () => {
    expect(linesToReplay([line(0, long), line(50, long)], { journalOffset: 100, takenAt })).toEqual([]);
  });
});
