import { useEffect, useRef, useState } from 'react';
import type { TicketSlaDto } from '@rapport/contracts/service';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '@rapport/ui/button';
import { Spinner } from '@rapport/ui/spinner';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime, useNow } from '../../../lib/relative-time.ts';
import { useCurrentSession, useWorkspaceId } from '../../auth/components/session-context.tsx';
import { SlaOverrideDialog } from '../../overrides/components/sla-override-dialog.tsx';
import { actorName } from '../../overrides/override-logic.ts';
import { canOverrideSla } from '../../overrides/overrides-paths.ts';
import { describeSlaSummary, formatDuration, metricKeys } from '../sla-format.ts';
import { serviceKeys, useTicketSla } from '../service-api.ts';
import './sla.css';

/**
 * The ticket page's SLA clocks: per metric its state, policy, target, time counted so far, and
 * when it is due or was breached (in the agent's time zone). Realtime `ticket.updated` events
 * refresh it with the ticket; `ticketVersion` (the ticket's updatedAt) refreshes it after the
 * agent's own changes, such as a new priority. Leads and admins (sla.override) may extend or
 * waive a clock with a reason (P7); a waived or extended clock says by whom.
 */
export function TicketSlaPanel({ ticketRef, ticketVersion }: { ticketRef: string; ticketVersion: string }) {
  const sla = useTicketSla(ticketRef);
  const now = useNow();
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const canOverride = canOverrideSla(useCurrentSession().permissions);
  const lastVersion = useRef(ticketVersion);
  useEffect(() => {
    if (lastVersion.current === ticketVersion) return;
    lastVersion.current = ticketVersion;
    void queryClient.invalidateQueries({ queryKey: serviceKeys.ticketSla(workspaceId, ticketRef) });
  }, [ticketVersion, queryClient, workspaceId, ticketRef]);

  return (
    <section className="rp-side-panel" aria-labelledby="sla-panel-heading" data-testid="sla-panel">
      <h2 id="sla-panel-heading" className="rp-side-panel__heading">
        {t('service.panel.heading')}
      </h2>
      {sla.isPending && <Spinner label={t('service.panel.loading')} />}
      {sla.isError && <p className="rp-side-panel__muted">{t('service.panel.failed')}</p>}
      {sla.data?.length === 0 && <p className="rp-side-panel__muted">{t('service.panel.none')}</p>}
      {sla.data && sla.data.length > 0 && (
        <ul className="rp-side-panel__list">
          {sla.data.map((clock) => (
            <SlaClock key={clock.metric} clock={clock} now={now} ticketRef={ticketRef} canOverride={canOverride} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SlaClock({ clock, now, ticketRef, canOverride }: { clock: TicketSlaDto; now: number; ticketRef: string; canOverride: boolean }) {
  const [isOverriding, setIsOverriding] = useState(false);
  const summary = describeSlaSummary({ metric: clock.metric, state: clock.state, dueAt: clock.state === 'breached' ? (clock.breachedAt ?? clock.dueAt) : clock.dueAt, warning: clock.warning }, now);
  const counted = (minutes: number) => (clock.businessHours ? t('service.panel.businessTime', { time: formatDuration(minutes) }) : formatDuration(minutes));
  const headingId = `sla-clock-${clock.metric}`;
  return (
    <li className="sla-panel__clock" aria-labelledby={headingId} data-testid={`sla-clock-${clock.metric}`}>
      <h3 id={headingId} className="sla-panel__metric">
        {t(metricKeys[clock.metric])}
      </h3>
      <p className="sla-badge" data-tone={clock.waived ? 'met' : summary.tone}>
        {clock.waived ? t('overrides.sla.waived') : summary.text}
      </p>
      {clock.waived && (
        <p className="sla-panel__override" data-testid={`sla-waived-${clock.metric}`}>
          {clock.waived.reason
            ? t('overrides.sla.waivedBy', { name: actorName(clock.waived.actor), reason: clock.waived.reason })
            : t('overrides.sla.waivedByNoReason', { name: actorName(clock.waived.actor) })}
        </p>
      )}
      {!clock.waived && clock.extension && (
        <p className="sla-panel__override" data-testid={`sla-extended-${clock.metric}`}>
          {t('overrides.sla.extendedBy', { time: formatDuration(clock.extraMinutes), name: actorName(clock.extension.actor), reason: clock.extension.reason })}
        </p>
      )}
      {!clock.waived && clock.extension && clock.breachedAt && <p className="sla-panel__override">{t('overrides.sla.breachKept')}</p>}
      <dl className="rp-side-panel__facts">
        <dt>{t('service.panel.policy')}</dt>
        <dd>{clock.policy?.name ?? t('service.panel.noPolicy')}</dd>
        <dt>{t('service.panel.target')}</dt>
        <dd>{counted(clock.targetMinutes)}</dd>
        <dt>{t('service.panel.elapsed')}</dt>
        <dd>{counted(clock.elapsedMinutes)}</dd>
        {clock.breachedAt ? (
          <>
            <dt>{t('service.panel.breachedAt')}</dt>
            <dd>
              <time dateTime={clock.breachedAt}>{formatAbsoluteTime(clock.breachedAt)}</time>
            </dd>
          </>
        ) : clock.dueAt && (clock.state === 'running' || clock.state === 'paused') ? (
          <>
            <dt>{t('service.panel.due')}</dt>
            <dd>
              <time dateTime={clock.dueAt}>{formatAbsoluteTime(clock.dueAt)}</time>
            </dd>
          </>
        ) : null}
        {clock.stoppedAt && (
          <>
            <dt>{t('service.panel.stoppedAt')}</dt>
            <dd>
              <time dateTime={clock.stoppedAt}>{formatAbsoluteTime(clock.stoppedAt)}</time>
            </dd>
          </>
        )}
      </dl>
      {canOverride && !clock.waived && (
        <div>
          <Button size="sm" aria-label={t('overrides.sla.buttonLabel', { metric: t(metricKeys[clock.metric]).toLowerCase() })} onClick={() => setIsOverriding(true)}>
            {t('overrides.sla.button')}
          </Button>
        </div>
      )}
      {isOverriding && <SlaOverrideDialog ticketRef={ticketRef} metric={clock.metric} canExtend={clock.stoppedAt === null} onClose={() => setIsOverriding(false)} />}
    </li>
  );
}
