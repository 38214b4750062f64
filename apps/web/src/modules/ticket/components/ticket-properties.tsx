import { useState } from 'react';
import { Priority, TicketStatus, type TicketDetail } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { priorityLabels, statusLabels } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Select, type SelectOption } from '@rapport/ui/select';
import { describeError } from '../../../api/api-error.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useAgents } from '../hooks/use-agents.ts';
import { useUpdateTicket } from '../hooks/use-update-ticket.ts';
import { useCustomFieldDefinitions, useTeams } from '../hooks/use-ticket-catalogues.ts';
import { t } from '../../../i18n/i18n.ts';
import { CustomFieldInput } from './custom-field-input.tsx';
import { TagEditor } from './tag-editor.tsx';
import { OutcomeDialog } from '../../lessons/components/outcome-dialog.tsx';

const statusOptions: SelectOption[] = TicketStatus.options.map((status) => ({
  value: status,
  label: statusLabels[status],
}));

const priorityOptions: SelectOption[] = Priority.options.map((priority) => ({
  value: priority,
  label: priorityLabels[priority],
}));

const unassigned = '';

/** The ticket's editable fields. Every change is saved at once; there is no form to submit. */
export function TicketProperties({ ticket, ticketRef }: { ticket: TicketDetail; ticketRef: string }) {
  const { user } = useCurrentSession();
  const agents = useAgents();
  const update = useUpdateTicket(ticketRef);
  const teams = useTeams();
  const customFields = useCustomFieldDefinitions();
  // Choosing Solved asks for the outcome first (P6, P13): the select keeps the current status meanwhile.
  const [isAskingOutcome, setIsAskingOutcome] = useState(false);

  const teamOptions: SelectOption[] = [
    { value: '', label: t('ticket.props.noTeam') },
    ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
  ];
  if (ticket.team && !teamOptions.some((option) => option.value === ticket.team?.id)) {
    teamOptions.push({ value: ticket.team.id, label: ticket.team.name });
  }

  const agentOptions: SelectOption[] = [
    { value: unassigned, label: t('ticket.props.unassigned') },
    ...(agents.data ?? []).map((agent) => ({ value: agent.id, label: agent.name })),
  ];
  // The current assignee may be deactivated or not loaded yet; keep them selectable and visible.
  if (ticket.assignee && !agentOptions.some((option) => option.value === ticket.assignee?.id)) {
    agentOptions.push({ value: ticket.assignee.id, label: ticket.assignee.name });
  }

  function assign(assigneeId: string | null) {
    const assignee =
      assigneeId === null ? null : { id: assigneeId, name: agentOptions.find((option) => option.value === assigneeId)?.label ?? '' };
    update.mutate({
      changes: { assigneeId },
      preview: (current) => ({ ...current, assignee }),
      confirmation: assignee ? t('ticket.props.assigned', { name: assignee.name }) : t('ticket.props.unassigned'),
    });
  }

  return (
    <aside className="ticket-properties" aria-labelledby="properties-heading">
      <h2 id="properties-heading" className="ticket-properties__heading">
        {t('ticket.props.heading')}
      </h2>
      {update.isError && <Alert>{t('ticket.props.notSaved', { error: describeError(update.error) })}</Alert>}
      <Field label={t('ticket.props.status')}>
        {(control) => (
          <Select
            {...control}
            options={statusOptions}
            value={ticket.status}
            onChange={(event) => {
              const parsed = TicketStatus.safeParse(event.target.value);
              if (!parsed.success) return;
              const status = parsed.data;
              if (status === 'solved') {
                setIsAskingOutcome(true);
                return;
              }
              update.mutate({
                changes: { status },
                preview: (current) => ({ ...current, status }),
                confirmation: t('ticket.props.statusSet', { status: statusLabels[status] }),
              });
            }}
          />
        )}
      </Field>
      {isAskingOutcome && (
        <OutcomeDialog
          ticketRef={ticketRef}
          ticketNumber={ticket.number}
          onClose={() => setIsAskingOutcome(false)}
          onSolved={() => setIsAskingOutcome(false)}
        />
      )}
      <Field label={t('ticket.props.priority')}>
        {(control) => (
          <Select
            {...control}
            options={priorityOptions}
            value={ticket.priority}
            onChange={(event) => {
              const parsed = Priority.safeParse(event.target.value);
              if (!parsed.success) return;
              const priority = parsed.data;
              update.mutate({
                changes: { priority },
                preview: (current) => ({ ...current, priority }),
                confirmation: t('ticket.props.prioritySet', { priority: priorityLabels[priority] }),
              });
            }}
          />
        )}
      </Field>
      {/* The keyboard shortcut for "assign" focuses this control: a fixed id, still tied to its label. */}
      <Field label={t('ticket.props.assignee')} id="ticket-assignee">
        {(control) => (
          <Select
            {...control}
            options={agentOptions}
            value={ticket.assignee?.id ?? unassigned}
            onChange={(event) => assign(event.target.value === unassigned ? null : event.target.value)}
          />
        )}
      </Field>
      {ticket.assignee?.id !== user.id && (
        <Button size="sm" variant="ghost" className="ticket-properties__assign-me" onClick={() => assign(user.id)}>
          {t('ticket.props.assignToMe')}
        </Button>
      )}
      <Field label={t('ticket.props.team')}>
        {(control) => (
          <Select
            {...control}
            options={teamOptions}
            value={ticket.team?.id ?? ''}
            onChange={(event) => {
              const teamId = event.target.value || null;
              const team = teamId ? { id: teamId, name: teamOptions.find((option) => option.value === teamId)?.label ?? '' } : null;
              update.mutate({
                changes: { teamId },
                preview: (current) => ({ ...current, team }),
                confirmation: team ? t('ticket.props.teamSet', { team: team.name }) : t('ticket.props.teamCleared'),
              });
            }}
          />
        )}
      </Field>
      <div className="ticket-properties__group" role="group" aria-labelledby="tags-heading">
        <h3 id="tags-heading" className="rp-label">
          {t('ticket.props.tags')}
        </h3>
        <TagEditor
          tags={ticket.tags}
          onAdd={(tag) =>
            update.mutate({
              changes: { addTags: [tag] },
              preview: (current) => ({ ...current, tags: [...current.tags, tag] }),
              confirmation: t('ticket.props.tagAdded', { tag }),
            })
          }
          onRemove={(tag) =>
            update.mutate({
              changes: { removeTags: [tag] },
              preview: (current) => ({ ...current, tags: current.tags.filter((existing) => existing !== tag) }),
              confirmation: t('ticket.props.tagRemoved', { tag }),
            })
          }
        />
      </div>
      {(customFields.data ?? []).length > 0 && (
        <div className="ticket-properties__group" role="group" aria-labelledby="custom-fields-heading" data-testid="custom-fields">
          <h3 id="custom-fields-heading" className="rp-label">
            {t('ticket.props.customFields')}
          </h3>
          {(customFields.data ?? []).map((definition) => (
            <CustomFieldInput
              key={definition.key}
              definition={definition}
              value={ticket.customFields[definition.key] ?? undefined}
              onSave={(value) =>
                update.mutate({
                  changes: { customFields: { [definition.key]: value } },
                  preview: (current) => {
                    const next = { ...current.customFields };
                    if (value === null) delete next[definition.key];
                    else next[definition.key] = value;
                    return { ...current, customFields: next };
                  },
                  confirmation: t('ticket.props.customField.saved', { label: definition.label }),
                })
              }
            />
          ))}
        </div>
      )}
      <dl className="ticket-properties__facts">
        {/* The customer (name, identities, tier) is in the customer panel below. */}
        <dt>{t('ticket.props.channel')}</dt>
        <dd>{ticket.channel}</dd>
        {ticket.language && (
          <>
            <dt>{t('ticket.props.language')}</dt>
            <dd>{ticket.language}</dd>
          </>
        )}
        <dt>{t('ticket.props.created')}</dt>
        <dd>
          <time dateTime={ticket.createdAt}>{formatAbsoluteTime(ticket.createdAt)}</time>
        </dd>
      </dl>
    </aside>
  );
}
