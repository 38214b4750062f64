/**
 * Discretion limits (issue 7 part 7; P3, P29): how much each role may give without asking, per
 * resolution action and currency, per action and per period (day, ISO week or month in the
 * workspace's time zone). Admins replace the whole table at once (audited with before and after);
 * everyone may read it and their own allowance.
 */
import { DiscretionLimitInput, type DiscretionLimitDto, type DiscretionLimitList, type LimitPeriod, type MyDiscretion, type PutDiscretionLimitsBody, type ResolutionAction } from '@rapport/contracts/resolutions';
import type { DbOrTx } from '@rapport/db/database';
import { startOfLocalPeriod } from '@rapport/business-time/business-time';
import type { Actor } from '../../platform/actor.ts';
import type { AppDeps } from '../../platform/app-deps.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { fitsWithin, formatMoney, remainingInPeriod } from './limit-decision.ts';
import {
  approvedSumSince,
  approvedSumsSince,
  limitCurrencies,
  limitRowsOfRole,
  listLimitRows,
  lockLimitTable,
  replaceLimitRows,
  type DiscretionLimitRow,
} from './resolutions.queries.ts';
import { workspaceTimeZone } from '../workspaces/update-workspace.ts';

export function toLimitDto(row: DiscretionLimitRow): DiscretionLimitDto {
  return {
    id: row.id,
    role: row.role,
    action: row.action,
    currency: row.currency,
    perAction: formatMoney(row.perAction),
    perPeriod: row.perPeriod === null ? null : formatMoney(row.perPeriod),
    period: row.period,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit keeps of a limit. */
const snapshot = (row: DiscretionLimitRow) => ({ role: row.role, action: row.action, currency: row.currency, perAction: formatMoney(row.perAction), perPeriod: row.perPeriod === null ? null : formatMoney(row.perPeriod), period: row.period });

export async function listDiscretionLimits(deps: AppDeps, actor: Actor): Promise<DiscretionLimitList> {
  return { items: (await listLimitRows(deps.db, actor.workspaceId)).map(toLimitDto) };
}

/** Replaces the whole set of limits. A per-period amount below the per-action one is refused (it could never be used in full). */
export async function putDiscretionLimits(deps: AppDeps, actor: Actor, body: PutDiscretionLimitsBody): Promise<DiscretionLimitList> {
  const items = body.items.map((item) => DiscretionLimitInput.parse(item));
  const invalid = items.findIndex((item) => !fitsWithin(item.perAction, item.perPeriod));
  if (invalid >= 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'A period limit cannot be below the per-action limit.',
      details: { fields: [`items.${invalid}.perPeriod`] },
    });
  }
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await lockLimitTable(tx, actor.workspaceId);
    const before = await listLimitRows(tx, actor.workspaceId);
    await replaceLimitRows(
      tx,
      actor.workspaceId,
      items.map((item) => ({
        workspaceId: actor.workspaceId,
        role: item.role,
        action: item.action,
        currency: item.currency,
        perAction: formatMoney(item.perAction),
        perPeriod: item.perPeriod === null ? null : formatMoney(item.perPeriod),
        period: item.period,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const after = await listLimitRows(tx, actor.workspaceId);
    await recordAudit(tx, actor, {
      action: 'discretion_limits.replaced',
      subjectType: 'workspace',
      subjectId: actor.workspaceId,
      data: { before: before.map(snapshot), after: after.map(snapshot) },
    });
  });
  return listDiscretionLimits(deps, actor);
}

export interface PeriodUse {
  periodStart: Date;
  used: string;
}

/** What one person used of a limit row's period so far (their approved actions since the period start in the workspace's zone). */
export async function usedInPeriod(db: DbOrTx, workspaceId: string, userId: string, timeZone: string, limit: { action: ResolutionAction; currency: string; period: LimitPeriod }, now: Date): Promise<PeriodUse> {
  const periodStart = startOfLocalPeriod(timeZone, now, limit.period);
  return { periodStart, used: formatMoney(await approvedSumSince(db, workspaceId, userId, limit.action, limit.currency, periodStart)) };
}

/** One limit row of a person's role, with what they used of it in its current period. */
export interface Allowance {
  row: DiscretionLimitRow;
  periodStart: Date;
  used: string;
}

/** The limit rows of a role with one person's use of each in its current period (one query for all the sums). */
export async function allowancesOf(db: DbOrTx, workspaceId: string, role: DiscretionLimitRow['role'], userId: string | null, now: Date): Promise<Allowance[]> {
  const [rows, timeZone] = await Promise.all([limitRowsOfRole(db, workspaceId, role), workspaceTimeZone(db, workspaceId)]);
  if (rows.length === 0) return [];
  const starts = { day: startOfLocalPeriod(timeZone, now, 'day'), week: startOfLocalPeriod(timeZone, now, 'week'), month: startOfLocalPeriod(timeZone, now, 'month') };
  const sums = userId ? await approvedSumsSince(db, workspaceId, userId, starts) : [];
  return rows.map((row) => {
    const sum = sums.find((item) => item.action === row.action && item.currency === row.currency);
    return { row, periodStart: starts[row.period], used: formatMoney(sum ? sum[row.period] : '0') };
  });
}

export async function myDiscretion(deps: AppDeps, actor: Actor): Promise<MyDiscretion> {
  const now = deps.clock.now();
  const [allowances, currencies] = await Promise.all([allowancesOf(deps.db, actor.workspaceId, actor.role, actor.userId, now), limitCurrencies(deps.db, actor.workspaceId)]);
  const items = allowances.map(({ row, periodStart, used }) => {
    const perPeriod = row.perPeriod === null ? null : formatMoney(row.perPeriod);
    return {
      action: row.action,
      currency: row.currency,
      perAction: formatMoney(row.perAction),
      perPeriod,
      period: row.period,
      periodStart: periodStart.toISOString(),
      usedInPeriod: used,
      remainingInPeriod: remainingInPeriod(perPeriod, used),
    };
  });
  return { role: actor.role, unlimited: actor.role === 'admin', items, currencies };
}
