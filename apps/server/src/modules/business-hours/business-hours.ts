/**
 * Business hours (issue 7): the workspace's calendar of weekly open intervals and holidays, counted
 * in the workspace time zone. SLA targets in business hours and the first-reply estimate of the
 * auto-acknowledgement count open time in it (arithmetic: @rapport/business-time).
 */
import type { BusinessHoursDto, UpdateBusinessHoursBody } from '@rapport/contracts/service';
import type { DbOrTx } from '@rapport/db/database';
import { calendarFromStored, weeklyOpenMs, type BusinessCalendar } from '@rapport/business-time/business-time';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { recordAudit } from '../../platform/events.ts';
import { findBusinessCalendarRow, upsertBusinessCalendar, type BusinessCalendarRow } from './business-hours.queries.ts';
import { requestSlaReevaluation } from '../sla/sla.ts';

const hourMs = 3_600_000;

const calendarOfRow = (row: BusinessCalendarRow | null): BusinessCalendar => calendarFromStored(row);

/** The workspace's calendar (the default Mon–Fri 09:00–17:00 until one is set), in its time zone (invalid: UTC). */
export async function loadBusinessCalendar(db: DbOrTx, workspaceId: string): Promise<BusinessCalendar> {
  return calendarOfRow(await findBusinessCalendarRow(db, workspaceId));
}

function toDto(row: BusinessCalendarRow | null): BusinessHoursDto {
  const calendar = calendarOfRow(row);
  return {
    timeZone: calendar.timeZone,
    weekly: calendar.weekly.map(({ day, start, end }) => ({ day, start, end })),
    holidays: calendar.holidays.map(({ date, name }) => ({ date, name })),
    weeklyOpenHours: weeklyOpenMs(calendar) / hourMs,
    updatedAt: row?.updatedAt ? row.updatedAt.toISOString() : null,
  };
}

export async function getBusinessHours(deps: AppDeps, actor: Actor): Promise<BusinessHoursDto> {
  return toDto(await findBusinessCalendarRow(deps.db, actor.workspaceId));
}

/** Replaces the workspace's weekly hours and holidays (the contract checked them), stored in order. */
export async function updateBusinessHours(deps: AppDeps, actor: Actor, body: UpdateBusinessHoursBody): Promise<BusinessHoursDto> {
  const weekly = body.weekly
    .map(({ day, start, end }) => ({ day, start, end }))
    .sort((a, b) => a.day - b.day || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const holidays = body.holidays.map(({ date, name }) => ({ date, name })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return deps.db.transaction(async (tx) => {
    const before = await findBusinessCalendarRow(tx, actor.workspaceId);
    await upsertBusinessCalendar(tx, actor.workspaceId, { weekly, holidays }, deps.clock.now());
    const after = await findBusinessCalendarRow(tx, actor.workspaceId);
    const dto = toDto(after);
    await recordAudit(tx, actor, {
      action: 'business_hours.updated',
      subjectType: 'business_calendar',
      subjectId: null,
      data: {
        before: before ? { weekly: before.weekly, holidays: before.holidays } : null,
        after: { weekly, holidays },
        weeklyOpenHours: dto.weeklyOpenHours,
      },
    });
    await requestSlaReevaluation(tx, actor, 'business_hours.updated');
    return dto;
  });
}
