/**
 * Business hours through the real API: the default calendar, replacing it (several intervals a day,
 * 24:00, holidays), validation, who may change it, the audit entry, and the first-reply estimate of
 * the auto-acknowledgement counting in the new calendar.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusinessHoursDto } from '@rapport/contracts/service';
import { apiAs } from '../../../../../tests/support/api-client.ts';
import { buildEmailShop } from '../../../../../tests/support/email.ts';
import { buildTicket, buildWorkspace, type Member, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';
import { estimateFirstReply, queueAutoAcknowledgement } from '../email/auto-ack.ts';
import { loadBusinessCalendar } from './business-hours.ts';

let rapport: TestRapport;
let other: WorkspaceFixture;

beforeAll(async () => {
  rapport = await startTestRapport();
  other = await buildWorkspace(rapport.deps, 'Other shop');
});
afterAll(async () => {
  await rapport?.stop();
});

const api = (member: Member) => apiAs(rapport, member);
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));

async function setTimeZone(workspaceId: string, timeZone: string): Promise<void> {
  await rapport.database.query('update workspaces set time_zone = $2 where id = $1', [workspaceId, timeZone]);
}

describe('business hours API', () => {
  it('starts with Monday to Friday 09:00–17:00 in the workspace time zone', async () => {
    const shop = await buildWorkspace(rapport.deps);
    await setTimeZone(shop.id, 'Europe/Berlin');
    const response = await api(shop.agent).get('/api/v1/business-hours');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ timeZone: 'Europe/Berlin', weekly: weekdays('09:00', '17:00'), holidays: [], weeklyOpenHours: 40, updatedAt: null });
  });

  it('replaces the hours and holidays, in order, audited, for this workspace only', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const body = {
      weekly: [
        { day: 6, start: '10:00', end: '24:00' },
        ...[1, 2, 3, 4, 5].flatMap((day) => [
          { day, start: '13:00', end: '17:30' },
          { day, start: '08:00', end: '12:00' },
        ]),
      ],
      holidays: [
        { date: '2025-12-26', name: 'Boxing Day' },
        { date: '2025-12-25', name: 'Christmas Day' },
      ],
    };
    const response = await api(shop.admin).put('/api/v1/business-hours', body);
    expect(response.statusCode).toBe(200);
    const saved = response.json() as BusinessHoursDto;
    expect(saved.weekly[0]).toEqual({ day: 1, start: '08:00', end: '12:00' });
    expect(saved.weekly[1]).toEqual({ day: 1, start: '13:00', end: '17:30' });
    expect(saved.weekly.at(-1)).toEqual({ day: 6, start: '10:00', end: '24:00' });
    expect(saved.holidays.map((holiday) => holiday.date)).toEqual(['2025-12-25', '2025-12-26']);
    expect(saved.weeklyOpenHours).toBe(5 * 8.5 + 14);
    expect(saved.timeZone).toBe('UTC');
    expect(saved.updatedAt).not.toBeNull();

    expect((await api(shop.agent).get('/api/v1/business-hours')).json()).toEqual(saved);
    const calendar = await loadBusinessCalendar(rapport.deps.db, shop.id);
    expect(calendar).toEqual({ timeZone: 'UTC', weekly: saved.weekly, holidays: saved.holidays });
    // The other workspace keeps the default.
    expect(((await api(other.admin).get('/api/v1/business-hours')).json() as BusinessHoursDto).weeklyOpenHours).toBe(40);

    // Saving again replaces (an upsert, one row).
    const again = await api(shop.admin).put('/api/v1/business-hours', { weekly: weekdays('09:00', '17:00'), holidays: [] });
    expect((again.json() as BusinessHoursDto).weeklyOpenHours).toBe(40);
    const rows = await rapport.database.query<{ count: number }>('select count(*)::int as count from business_calendars where workspace_id = $1', [shop.id]);
    expect(rows[0]?.count).toBe(1);

    const audit = await rapport.database.query<{ actor_id: string; data: { after: { weekly: unknown[]; holidays: unknown[] } } }>(
      "select actor_id, data from audit_log where workspace_id = $1 and action = 'business_hours.updated' order by created_at, id",
      [shop.id],
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actor_id).toBe(shop.admin.id);
    expect(audit[0]!.data.after.weekly).toHaveLength(11);
    expect(audit[0]!.data.after.holidays).toHaveLength(2);
  });

  it('refuses overlapping intervals, an end before the start and bad values with 400 VALIDATION_FAILED', async () => {
    const shop = await buildWorkspace(rapport.deps);
    for (const body of [
      { weekly: [{ day: 1, start: '09:00', end: '13:00' }, { day: 1, start: '12:00', end: '17:00' }], holidays: [] },
      { weekly: [{ day: 1, start: '17:00', end: '09:00' }], holidays: [] },
      { weekly: [{ day: 1, start: '09:00', end: '09:00' }], holidays: [] },
      { weekly: [{ day: 8, start: '09:00', end: '17:00' }], holidays: [] },
      { weekly: [{ day: 1, start: '9:00', end: '17:00' }], holidays: [] },
      { weekly: [{ day: 1, start: '24:00', end: '24:00' }], holidays: [] },
      { weekly: [], holidays: [] },
      { weekly: weekdays('09:00', '17:00'), holidays: [{ date: '2025-02-30', name: 'Nope' }] },
      { weekly: weekdays('09:00', '17:00'), holidays: [{ date: '2025-12-25', name: 'A' }, { date: '2025-12-25', name: 'B' }] },
      { weekly: weekdays('09:00', '17:00') },
    ]) {
      const response = await api(shop.admin).put('/api/v1/business-hours', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect((response.json() as { error: { code: string } }).error.code, JSON.stringify(body)).toBe('VALIDATION_FAILED');
    }
    // Nothing was written.
    expect(((await api(shop.admin).get('/api/v1/business-hours')).json() as BusinessHoursDto).updatedAt).toBeNull();
  });

  it('lets agents and leads read but only admins change the hours', async () => {
    const shop = await buildWorkspace(rapport.deps);
    const body = { weekly: weekdays('08:00', '16:00'), holidays: [] };
    expect((await api(shop.agent).put('/api/v1/business-hours', body)).statusCode).toBe(403);
    expect((await api(shop.lead).put('/api/v1/business-hours', body)).statusCode).toBe(403);
    expect((await api(shop.lead).get('/api/v1/business-hours')).statusCode).toBe(200);
    const audit = await rapport.database.query("select 1 from audit_log where workspace_id = $1 and action = 'business_hours.updated'", [shop.id]);
    expect(audit).toHaveLength(0);
  });
});

describe('the first-reply estimate counts in the workspace calendar', () => {
  // Monday 2025-01-13 10:00 in Berlin (09:00Z). No history, three active members: 1/9 h → 0.25 h.
  const monday10 = new Date('2025-01-13T10:00:00+01:00');

  it('says a later day when the workspace is closed today', async () => {
    const shop = await buildEmailShop(rapport);
    await setTimeZone(shop.workspace.id, 'Europe/Berlin');
    const estimate = () => estimateFirstReply(rapport.deps.db, { workspaceId: shop.workspace.id, ticketId: randomUUID(), now: monday10, language: 'en' });

    const open = await estimate();
    expect(open.timeZone).toBe('Europe/Berlin');
    expect(open.text).toBe('within 15 minutes');

    // Closed today (a holiday), open again tomorrow.
    await api(shop.workspace.admin).put('/api/v1/business-hours', { weekly: weekdays('09:00', '17:00'), holidays: [{ date: '2025-01-13', name: 'Closed' }] });
    const holiday = await estimate();
    expect(holiday.due?.toISOString()).toBe(new Date('2025-01-14T09:15:00+01:00').toISOString());
    expect(holiday.text).toBe('by tomorrow 09:30');

    // Open on Thursdays only (from 08:00 local).
    await api(shop.workspace.admin).put('/api/v1/business-hours', { weekly: [{ day: 4, start: '08:00', end: '12:00' }], holidays: [] });
    expect((await estimate()).text).toBe('by Thursday 08:30');

    // The acknowledgement itself quotes it.
    const ticket = await buildTicket(rapport.deps, shop.workspace.agent.actor);
    const result = await rapport.deps.db.transaction((tx) =>
      queueAutoAcknowledgement(tx, rapport.deps, {
        workspaceId: shop.workspace.id,
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        subject: 'Where is my parcel?',
        to: { address: 'dana@customer.example', name: 'Dana' },
        inboundMessageId: null,
        references: [],
        autoSubmitted: null,
        isBounce: false,
        listId: null,
        senderVerified: true,
        now: monday10,
      }),
    );
    expect(result).toEqual({ queued: true, reason: null });
    const [audit] = await rapport.database.query<{ data: { estimate: string } }>(
      "select data from audit_log where workspace_id = $1 and action = 'email.auto_ack_queued'",
      [shop.workspace.id],
    );
    expect(audit?.data.estimate).toBe('by Thursday 08:30');
  });
});
