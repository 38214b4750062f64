/** The workspace's business calendar (one row per workspace; none yet means the default hours). */
import { eq } from 'drizzle-orm';
import { businessCalendars, workspaces } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';
import { officeHours } from '@rapport/business-time/business-time';

export type WeeklyRow = { day: number; start: string; end: string }[];
export type HolidaysRow = { date: string; name: string }[];

/** Monday to Friday 09:00–17:00: the hours of a workspace that never set its own (as the column default). */


export interface BusinessCalendarRow {
  workspaceId: string;
  /** The workspace's time zone as stored (not checked here). */
  timeZone: string;
  weekly: WeeklyRow;
  holidays: HolidaysRow;
  /** Null while the workspace has no row (the default hours). */
  updatedAt: Date | null;
}

/** The workspace's calendar with its time zone; the default hours without a row; null for an unknown workspace. */
export async function findBusinessCalendarRow(db: DbOrTx, workspaceId: string): Promise<BusinessCalendarRow | null> {
  const [row] = await db
    .select({
      workspaceId: workspaces.id,
      timeZone: workspaces.timeZone,
      weekly: businessCalendars.weekly,
      holidays: businessCalendars.holidays,
      updatedAt: businessCalendars.updatedAt,
    })
    .from(workspaces)
    .leftJoin(businessCalendars, eq(businessCalendars.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId));
  if (!row) return null;
  return {
    workspaceId: row.workspaceId,
    timeZone: row.timeZone,
    weekly: row.weekly ?? [...officeHours],
    holidays: row.holidays ?? [],
    updatedAt: row.updatedAt,
  };
}

/** Writes the workspace's calendar (insert or replace). */
export async function upsertBusinessCalendar(
  tx: DbOrTx,
  workspaceId: string,
  values: { weekly: WeeklyRow; holidays: HolidaysRow },
  now: Date,
): Promise<void> {
  await tx
    .insert(businessCalendars)
    .values({ workspaceId, weekly: values.weekly, holidays: values.holidays, updatedAt: now })
    .onConflictDoUpdate({ target: businessCalendars.workspaceId, set: { weekly: values.weekly, holidays: values.holidays, updatedAt: now } });
}
