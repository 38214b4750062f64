import { useRef, useState, type FormEvent } from 'react';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Select, type SelectOption } from '@rapport/ui/select';
import { t } from '../../../i18n/i18n.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { useTeams } from '../../ticket/hooks/use-ticket-catalogues.ts';
import { actorName, reasonError, routingFlagText } from '../override-logic.ts';
import { canOverrideRouting } from '../overrides-paths.ts';
import { useOverrideRouting, useTicketRouting } from '../overrides-api.ts';
import { OverrideFormFooter, OverrideReasonField } from './override-form-parts.tsx';
import './overrides.css';

type RoutingTicket = Pick<TicketDetail, 'number' | 'language' | 'status'>;

/**
 * Routing on the ticket page (P5, P7): why routing flagged the ticket, "Route manually…" (assignee
 * and/or team, with a reason: automatic routing then leaves the ticket alone) and, while it is off,
 * the reason and "Resume".
 */
export function TicketRoutingPanel({ ticketRef, ticket }: { ticketRef: string; ticket: RoutingTicket }) {
  const routing = useTicketRouting(ticketRef);
  const session = useCurrentSession();
  const [dialog, setDialog] = useState<'manual' | 'resume' | null>(null);
  const canRoute = canOverrideRouting(session.permissions) && ticket.status !== 'closed';
  const state = routing.data;
  const flag = state ? routingFlagText(state.routingFlag, state.language ?? ticket.language) : null;
  if (!state || (!canRoute && !flag && state.autoRouting)) return null;
  return (
    <section className="rp-side-panel" aria-labelledby="routing-panel-heading" data-testid="routing-panel">
      <h2 id="routing-panel-heading" className="rp-side-panel__heading">
        {t('overrides.routing.heading')}
      </h2>
      {flag && (
        <p className="overrides__flag" data-testid="routing-flag">
          {flag}
        </p>
      )}
      {!state.autoRouting && (
        <p data-testid="routing-off">
          {state.override ? t('overrides.routing.off', { reason: state.override.reason }) : t('overrides.routing.offNoReason')}
          {state.override && <span className="rp-side-panel__muted"> {t('overrides.routing.offBy', { name: actorName(state.override.actor) })}</span>}
        </p>
      )}
      {canRoute && (
        <div className="overrides__actions">
          <Button size="sm" onClick={() => setDialog('manual')}>
            {t('overrides.routing.manual')}
          </Button>
          {!state.autoRouting && (
            <Button size="sm" aria-label={t('overrides.routing.resumeLabel')} onClick={() => setDialog('resume')}>
              {t('overrides.routing.resume')}
            </Button>
          )}
        </div>
      )}
      {dialog && <RoutingDialog ticketRef={ticketRef} ticket={ticket} mode={dialog} onClose={() => setDialog(null)} />}
    </section>
  );
}

const keep = '__keep__';
const none = '';

function RoutingDialog({ ticketRef, ticket, mode, onClose }: { ticketRef: string; ticket: RoutingTicket; mode: 'manual' | 'resume'; onClose: () => void }) {
  const agents = useAgents();
  const teams = useTeams();
  const [assignee, setAssignee] = useState(keep);
  const [team, setTeam] = useState(keep);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [choiceProblem, setChoiceProblem] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const override = useOverrideRouting(ticketRef);
  const announce = useAnnounce();
  const isResume = mode === 'resume';

  const assigneeOptions: SelectOption[] = [
    { value: keep, label: t('overrides.routing.keep') },
    { value: none, label: t('overrides.routing.unassigned') },
    ...(agents.data ?? []).map((agent) => ({ value: agent.id, label: agent.name })),
  ];
  const teamOptions: SelectOption[] = [
    { value: keep, label: t('overrides.routing.keep') },
    { value: none, label: t('overrides.routing.noTeam') },
    ...(teams.data ?? []).map((item) => ({ value: item.id, label: item.name })),
  ];

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (override.isPending) return;
    const nothingChosen = !isResume && assignee === keep && team === keep;
    const reasonKey = reasonError(reason);
    setChoiceProblem(nothingChosen ? t('overrides.routing.chooseSomething') : null);
    setProblem(reasonKey ? t(reasonKey) : null);
    if (nothingChosen) return;
    if (reasonKey) {
      reasonRef.current?.focus();
      return;
    }
    const body = isResume
      ? { action: 'resume' as const, reason: reason.trim() }
      : {
          ...(assignee !== keep ? { assigneeId: assignee === none ? null : assignee } : {}),
          ...(team !== keep ? { teamId: team === none ? null : team } : {}),
          reason: reason.trim(),
        };
    override.mutate(body, {
      onSuccess: () => {
        announce(t(isResume ? 'overrides.routing.resumeDone' : 'overrides.routing.done'));
        onClose();
      },
    });
  }

  return (
    <Dialog title={t(isResume ? 'overrides.routing.resumeTitle' : 'overrides.routing.manualTitle', { number: ticket.number })} onClose={onClose} closeLabel={t('common.close')}>
      <form className="rp-dialog__form" noValidate onSubmit={handleSubmit} data-testid="routing-override-dialog">
        <p>{t(isResume ? 'overrides.routing.resumeIntro' : 'overrides.routing.manualIntro')}</p>
        {!isResume && (
          <>
            <Field label={t('overrides.routing.assignee')} error={choiceProblem}>
              {(control) => <Select {...control} value={assignee} onChange={(event) => setAssignee(event.target.value)} options={assigneeOptions} />}
            </Field>
            <Field label={t('overrides.routing.team')}>{(control) => <Select {...control} value={team} onChange={(event) => setTeam(event.target.value)} options={teamOptions} />}</Field>
          </>
        )}
        <OverrideReasonField
          value={reason}
          inputRef={reasonRef}
          error={problem}
          onChange={(value) => {
            setReason(value);
            setProblem(null);
          }}
        />
        <OverrideFormFooter error={override.isError ? override.error : null} isBusy={override.isPending} submitLabel={t(isResume ? 'overrides.routing.resume' : 'overrides.routing.submit')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
