import { useEffect, useRef } from 'react';
import type { TicketSlaDto } from '@rapport/contracts/service';
import { useQueryClient } from '@tanstack/react-query';
import { Spinner } from '@rapport/ui/spinner';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime, useNow } from '../../../lib/relative-time.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { describeSlaSummary, formatDuration, metricKeys } from '../sla-format.ts';
import { serviceKeys, useTicketSla } from '../service-api.ts';
import './sla.css';

/**
 * The ticket page's SLA clocks: per metric its state, policy, target, time counted so far, and
 * when it is due or was breached (in the agent's time zone). Realtime `ticket.updated` events
 * refresh it with the ticket; `ticketVersion` (the ticket's updatedAt) refreshes it after the
 * agent's own changes, such as a new priority.
 */
export function TicketSlaPanel({ ticketRef, ticketVersion }: { ticketRef: string; ticketVersion: string }) {
  const sla = useTicketSla(ticketRef);
  const now = useNow();
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
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
            <SlaClock key={clock.metric} clock={clock} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SlaClock({ clock, now }: { clock: TicketSlaDto; now: number }) {
  const summary = describeSlaSummary({ metric: clock.metric, state: clock.state, dueAt: clock.state === 'breached' ? (clock.breachedAt ?? clock.dueAt) : clock.dueAt, warning: clock.warning }, now);
  const counted = (minutes: number) => (clock.businessHours ? t('service.panel.businessTime', { time: formatDuration(minutes) }) : formatDuration(minutes));
  const headingId = `sla-clock-${clock.metric}`;
  return (
    <li className="sla-panel__clock" aria-labelledby={headingId} data-testid={`sla-clock-${clock.metric}`}>
      <h3 id={headingId} className="sla-panel__metric">
        {t(metricKeys[clock.metric])}
      </h3>
      <p className="sla-badge" data-tone={summary.tone}>
        {summary.text}
      </p>
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
    </li>
  );
}
