/** Resolution actions, approvals, the ledger (JSON and CSV) and the discretion limits (issue 7 part 7; P3, P29). */
import { z } from 'zod';
import { PageQuery } from '@rapport/contracts/common';
import {
  CreateResolutionActionBody,
  DecideResolutionBody,
  DiscretionLimitList,
  LedgerCsvQuery,
  LedgerQuery,
  MyDiscretion,
  PutDiscretionLimitsBody,
  ResolutionActionDto,
  ResolutionPage,
  ResolutionParams,
  TicketResolutionParams,
  TicketResolutions,
} from '@rapport/contracts/resolutions';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { listDiscretionLimits, myDiscretion, putDiscretionLimits } from './discretion-limits.ts';
import {
  cancelResolutionAction,
  createResolutionAction,
  decideResolutionAction,
  ledgerCsv,
  ledgerCsvMaxRows,
  listLedger,
  listPendingApprovals,
  ticketResolutions,
} from './resolutions.ts';

const CsvText = z.string().meta({ format: 'binary', description: 'The ledger as CSV (RFC 4180), header row first' });

export function resolutionRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'resolutions';
  return [
    defineRoute({
      id: 'discretionLimits.list',
      method: 'GET',
      url: '/api/v1/discretion-limits',
      permission: 'resolution.act',
      tag,
      summary: "The workspace's discretion limits: per role, action and currency, the most one action and one person's period may give without approval",
      response: DiscretionLimitList,
      handler: ({ actor }) => listDiscretionLimits(deps, actor),
    }),
    defineRoute({
      id: 'discretionLimits.replace',
      method: 'PUT',
      url: '/api/v1/discretion-limits',
      permission: 'resolution.manage',
      tag,
      summary: 'Replace the whole set of discretion limits (audited with before and after). A role without a row for an action and currency has no discretion there',
      body: PutDiscretionLimitsBody,
      response: DiscretionLimitList,
      handler: ({ actor, body }) => putDiscretionLimits(deps, actor, body),
    }),
    defineRoute({
      id: 'me.discretion',
      method: 'GET',
      url: '/api/v1/me/discretion',
      permission: 'resolution.act',
      tag,
      summary: "The signed-in person's limits, what they used in the current period (in the workspace's time zone) and what is left",
      response: MyDiscretion,
      handler: ({ actor }) => myDiscretion(deps, actor),
    }),
    defineRoute({
      id: 'tickets.resolutionActions',
      method: 'GET',
      url: '/api/v1/tickets/:ref/resolution-actions',
      permission: 'ticket.read',
      tag,
      summary: "A ticket's resolution actions (oldest first), the actions its started playbooks allow, and a suggestion within the caller's limit",
      params: TicketResolutionParams,
      response: TicketResolutions,
      handler: ({ actor, params }) => ticketResolutions(deps, actor, params.ref),
    }),
    defineRoute({
      id: 'tickets.resolutionActions.create',
      method: 'POST',
      url: '/api/v1/tickets/:ref/resolution-actions',
      permission: 'resolution.act',
      tag,
      summary: 'Give a resolution action: approved at once within your limit (per action and per period), else a pending request a lead decides',
      params: TicketResolutionParams,
      body: CreateResolutionActionBody,
      response: ResolutionActionDto,
      successStatus: 201,
      isIdempotent: true,
      handler: ({ actor, params, body }) => createResolutionAction(deps, actor, params.ref, body),
    }),
    defineRoute({
      id: 'resolutionActions.decide',
      method: 'POST',
      url: '/api/v1/resolution-actions/:id/decision',
      permission: 'resolution.approve',
      tag,
      summary: "Approve (within your own per-action limit) or reject (with a note) a pending request; it resolves once. Not your own request",
      params: ResolutionParams,
      body: DecideResolutionBody,
      response: ResolutionActionDto,
      successStatus: 200,
      handler: ({ actor, params, body }) => decideResolutionAction(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'resolutionActions.cancel',
      method: 'POST',
      url: '/api/v1/resolution-actions/:id/cancel',
      permission: 'resolution.act',
      tag,
      summary: 'Withdraw your own request while it is pending',
      params: ResolutionParams,
      response: ResolutionActionDto,
      successStatus: 200,
      handler: ({ actor, params }) => cancelResolutionAction(deps, actor, params.id),
    }),
    defineRoute({
      id: 'approvals.list',
      method: 'GET',
      url: '/api/v1/approvals',
      permission: 'resolution.approve',
      tag,
      summary: 'Pending approval requests, oldest first',
      query: PageQuery,
      response: ResolutionPage,
      handler: ({ actor, query }) => listPendingApprovals(deps, actor, query),
    }),
    defineRoute({
      id: 'resolutionLedger.list',
      method: 'GET',
      url: '/api/v1/resolution-ledger',
      permission: 'report.read',
      tag,
      summary: 'The resolution ledger, newest first: every action given or asked for, by status, action, requester, currency and time',
      query: LedgerQuery,
      response: ResolutionPage,
      handler: ({ actor, query }) => listLedger(deps, actor, query),
    }),
    defineRoute({
      id: 'resolutionLedger.csv',
      method: 'GET',
      url: '/api/v1/resolution-ledger.csv',
      permission: 'report.read',
      tag,
      summary: `The resolution ledger as a CSV download, newest first, with the same filters; at most ${ledgerCsvMaxRows} rows (x-rapport-truncated: true when there were more)`,
      query: LedgerCsvQuery,
      response: CsvText,
      handler: async ({ actor, query, reply }) => {
        const file = await ledgerCsv(deps, actor, query);
        return reply
          .code(200)
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .header('cache-control', 'private, max-age=0')
          .header('x-rapport-rows', String(file.rows))
          .header('x-rapport-truncated', String(file.truncated))
          .send(file.csv);
      },
    }),
  ];
}
