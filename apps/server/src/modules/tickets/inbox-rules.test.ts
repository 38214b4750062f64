import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor.ts';
import { splitFieldFilter } from './inbox.queries.ts';
import { isUnread } from './ticket-reads.ts';
import { countFilters } from './view-counts.ts';

const actor: Actor = { workspaceId: '00000000-0000-4000-8000-000000000001', userId: '00000000-0000-4000-8000-000000000002', role: 'agent', via: 'token' };

describe('unread rule', () => {
  const at = (iso: string) => new Date(iso);
  it('is unread when never read or when the last message is newer than the read marker', () => {
    expect(isUnread(at('2026-01-01T10:00:00Z'), null)).toBe(true);
    expect(isUnread(at('2026-01-01T10:00:01Z'), at('2026-01-01T10:00:00Z'))).toBe(true);
  });
  it('is read when the marker is as new as the last message, and a ticket without messages is never unread', () => {
    expect(isUnread(at('2026-01-01T10:00:00Z'), at('2026-01-01T10:00:00Z'))).toBe(false);
    expect(isUnread(null, null)).toBe(false);
  });
});

describe('view count filters', () => {
  it("resolves 'me' to the asking agent and 'none' to unassigned, and drops the sort", () => {
    expect(countFilters(actor, { assignee: 'me', status: ['open'], sort: 'priority_desc' })).toEqual({ assigneeId: actor.userId, status: ['open'] });
    expect(countFilters(actor, { assignee: 'none' })).toEqual({ assigneeId: null });
    expect(countFilters(actor, { tag: 'vip' })).toEqual({ tag: 'vip', assigneeId: undefined });
  });
});

describe('custom field filter', () => {
  it('splits at the first colon so values may contain colons', () => {
    expect(splitFieldFilter('plan:pro')).toEqual({ key: 'plan', value: 'pro' });
    expect(splitFieldFilter('url:https://example.test')).toEqual({ key: 'url', value: 'https://example.test' });
  });
});
