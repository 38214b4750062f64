import { useEffect, useRef, useState } from 'react';
import type { TicketEscalationDto, TicketEscalations } from '@rapport/contracts/escalations';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { useQueryClient } from '@tanstack/react-query';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Spinner } from '@rapport/ui/spinner';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { escalationKeys, useTicketEscalations } from '../escalations-api.ts';
import { levelLabel } from '../level-label.ts';
import { EscalateDialog } from './escalate-dialog.tsx';
import './escalations.css';

/**
 * The ticket page's escalation panel (P12): the current level as a badge when escalated, the
 * "Escalate…" action (a dialog asking for the level and the hand-off note) and the history, newest
 * first, with who moved it (or "SLA") and when, in the agent's time zone. Realtime `ticket.updated`
 * events refresh it with the ticket; the ticket's updatedAt refreshes it after other changes.
 */
export function TicketEscalationPanel({ ticket, ticketRef }: { ticket: TicketDetail; ticketRef: string }) {
  const escalations = useTicketEscalations(ticketRef);
  const [isOpen, setIsOpen] = useState(false);
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const lastVersion = useRef(ticket.updatedAt);
  useEffect(() => {
    if (lastVersion.current === ticket.updatedAt) return;
    lastVersion.current = ticket.updatedAt;
    void queryClient.invalidateQueries({ queryKey: escalationKeys.ticket(workspaceId, ticketRef) });
  }, [ticket.updatedAt, queryClient, workspaceId, ticketRef]);

  const state = escalations.data;
  // Something to move to: a level above, or back down when escalated.
  const canMove = !ticket.mergedIntoId && ticket.status !== 'closed' && state !== undefined && (state.nextLevel !== null || state.level > 0);
  return (
    <section className="rp-side-panel" aria-labelledby="escalation-panel-heading" data-testid="escalation-panel">
      <div className="escalation-panel__header">
        <h2 id="escalation-panel-heading" className="rp-side-panel__heading">
          {t('escalations.panel.heading')}
        </h2>
        {state && state.level > 0 && (
          <Badge className="escalation-panel__badge" data-testid="escalation-level-badge">
            {state.levelName ? t('escalations.panel.badgeNamed', { level: state.level, name: state.levelName }) : t('escalations.panel.badge', { level: state.level })}
          </Badge>
        )}
      </div>
      {escalations.isPending && <Spinner label={t('escalations.panel.loading')} />}
      {escalations.isError && <p className="rp-side-panel__muted">{t('escalations.panel.failed')}</p>}
      {state && canMove && (
        <div>
          <Button size="sm" aria-label={t('escalations.panel.escalateLabel', { number: ticket.number })} onClick={() => setIsOpen(true)}>
            {t('escalations.panel.escalate')}
          </Button>
        </div>
      )}
      {state && <EscalationHistory state={state} />}
      {isOpen && state && <EscalateDialog ticketRef={ticketRef} ticketNumber={ticket.number} state={state} onClose={() => setIsOpen(false)} />}
    </section>
  );
}

function EscalationHistory({ state }: { state: TicketEscalations }) {
  if (state.items.length === 0) return <p className="rp-side-panel__muted">{t('escalations.panel.noHistory')}</p>;
  return (
    <ol className="rp-side-panel__list" aria-label={t('escalations.panel.historyLabel')}>
      {state.items.map((item) => (
        <EscalationEntry key={item.id} item={item} />
      ))}
    </ol>
  );
}

function EscalationEntry({ item }: { item: TicketEscalationDto }) {
  const from = levelLabel(item.fromLevel, null);
  const to = levelLabel(item.toLevel, item.levelName);
  return (
    <li className="escalation-panel__entry" data-testid="escalation-entry">
      <p className="escalation-panel__move">{t('escalations.panel.moveUp', { from, to })}</p>
      <dl className="rp-side-panel__facts">
        {item.team && (
          <>
            <dt>{t('escalations.panel.team')}</dt>
            <dd>{item.team.name}</dd>
          </>
        )}
        {item.expert && (
          <>
            <dt>{t('escalations.panel.expert')}</dt>
            <dd>{item.expert.name}</dd>
          </>
        )}
        <dt>{t('escalations.panel.by')}</dt>
        <dd>{item.trigger === 'sla' ? t('escalations.panel.bySla') : (item.actor?.name ?? t('escalations.panel.formerMember'))}</dd>
        <dt>{t('escalations.panel.when')}</dt>
        <dd>
          <time dateTime={item.createdAt}>{formatAbsoluteTime(item.createdAt)}</time>
        </dd>
        <dt>{t('escalations.panel.note')}</dt>
        <dd className="escalation-panel__note">{item.note}</dd>
      </dl>
    </li>
  );
}
