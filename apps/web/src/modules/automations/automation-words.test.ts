import { describe, expect, it } from 'vitest';
import { describeNotification } from '../teamwork/notification-text.ts';
import { changesInWords, delayInWords, outcomeInWords, triggerInWords } from './automation-words.ts';

const teamId = '00000000-0000-4000-8000-000000000001';
const userId = '00000000-0000-4000-8000-000000000002';
const names = { team: (id: string) => (id === teamId ? 'Billing' : undefined), user: (id: string) => (id === userId ? 'Ada Lovelace' : undefined) };

describe('triggers in words', () => {
  it('reads event triggers and time rules', () => {
    expect(triggerInWords({ trigger: 'ticket_created', time: null })).toBe('When a ticket is created');
    expect(triggerInWords({ trigger: 'sla_breached', time: null })).toBe('When an SLA clock is breached');
    expect(triggerInWords({ trigger: 'time', time: { anchor: 'pending_since', afterMinutes: 4320, businessHours: false } })).toBe('3 days after the ticket went pending');
    expect(triggerInWords({ trigger: 'time', time: { anchor: 'created', afterMinutes: 60, businessHours: true } })).toBe('1 hour after the ticket was created, counting business hours only');
    expect(delayInWords(90)).toBe('90 minutes');
  });
});

describe('run outcomes in words', () => {
  it('says what happened', () => {
    expect(outcomeInWords({ outcome: 'applied', error: null })).toBe('Applied');
    expect(outcomeInWords({ outcome: 'stopped_loop', error: null })).toBe('Stopped: kept re-triggering itself');
    expect(outcomeInWords({ outcome: 'failed', error: 'The team was deleted' })).toBe('Failed: The team was deleted');
  });
});

describe('changes in words', () => {
  it('reads field changes with labels and names', () => {
    expect(
      changesInWords(
        {
          priority: { from: 'high', to: 'normal' },
          status: { from: 'new', to: 'pending' },
          teamId: { from: null, to: teamId },
          assigneeId: { from: userId, to: null },
        },
        names,
      ),
    ).toEqual(['Priority: High → Normal', 'Status: New → Pending', 'Team: No team → Billing', 'Assignee: Ada Lovelace → Unassigned']);
  });

  it('reads tags in each shape a run may record them', () => {
    expect(changesInWords({ tags: { added: ['vip'], removed: [] } })).toEqual(['Tags added: vip']);
    expect(changesInWords({ tags: { from: ['a', 'b'], to: ['b', 'vip'] } })).toEqual(['Tags added: vip', 'Tags removed: a']);
    expect(changesInWords({ tagsAdded: ['refund'], tagsRemoved: ['spam'] })).toEqual(['Tags added: refund', 'Tags removed: spam']);
  });

  it('reads notes and notifications, shows objects with names, and never hides an unknown entry', () => {
    expect(changesInWords({ notes: [{ id: 'n1', text: 'Check the order first.' }] })).toEqual(['Note added: Check the order first.']);
    expect(changesInWords({ notes: [{ noteId: 'n1', text: 'Check the order first.' }] })).toEqual(['Note added: Check the order first.']);
    expect(changesInWords({ notifications: [{ to: 'leads', text: 'A refund came in', userIds: ['u1'] }] })).toEqual(['Notified leads and admins: A refund came in']);
    expect(changesInWords({ notifications: [{ to: 'assignee', text: 'Look', userIds: [] }] })).toEqual(['No one to notify (the assignee): Look']);
    expect(changesInWords({ team: { from: { id: teamId, name: 'Sales' }, to: { id: teamId, name: 'Billing' } } })).toEqual(['Team: Sales → Billing']);
    expect(changesInWords({ teamId: { from: null, to: '00000000-0000-4000-8000-0000000000ff' } }, names)).toEqual(['Team: No team → A former member or team']);
    expect(changesInWords({ language: { from: 'en', to: 'de' }, weird: 5 })).toEqual(['language: en → de', 'weird: 5']);
    expect(changesInWords({})).toEqual([]);
  });
});

describe('automation notifications', () => {
  it('reads an automation’s message and a loop stop', () => {
    expect(describeNotification({ kind: 'automation', data: { automationName: 'Refunds', text: 'A refund came in', number: 12, subject: 'Refund please' } })).toEqual({
      title: 'Automation "Refunds" on #12',
      subject: 'Refund please',
      excerpt: 'A refund came in',
      ticketNumber: 12,
    });
    expect(describeNotification({ kind: 'automation_loop', data: { automationName: 'Ping-pong', number: 7, subject: 'Loop' } })).toMatchObject({
      title: 'Automation "Ping-pong" was stopped on #7: it kept re-triggering itself',
      ticketNumber: 7,
    });
  });
});
