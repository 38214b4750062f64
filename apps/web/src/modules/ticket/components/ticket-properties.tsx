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
import { TagEditor } from './tag-editor.tsx';

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

  const agentOptions: SelectOption[] = [
    { value: unassigned, label: 'Unassigned' },
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
      confirmation: assignee ? `Assigned to ${assignee.name}` : 'Unassigned',
    });
  }

  return (
    <aside className="ticket-properties" aria-labelledby="properties-heading">
      <h2 id="properties-heading" className="ticket-properties__heading">
        Ticket details
      </h2>
      {update.isError && <Alert>Not saved: {describeError(update.error)}</Alert>}
      <Field label="Status">
        {(control) => (
          <Select
            {...control}
            options={statusOptions}
            value={ticket.status}
            onChange={(event) => {
              const parsed = TicketStatus.safeParse(event.target.value);
              if (!parsed.success) return;
              const status = parsed.data;
              update.mutate({
                changes: { status },
                preview: (current) => ({ ...current, status }),
                confirmation: `Status set to ${statusLabels[status]}`,
              });
            }}
          />
        )}
      </Field>
      <Field label="Priority">
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
                confirmation: `Priority set to ${priorityLabels[priority]}`,
              });
            }}
          />
        )}
      </Field>
      <Field label="Assignee">
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
          Assign to me
        </Button>
      )}
      <div className="ticket-properties__group" role="group" aria-labelledby="tags-heading">
        <h3 id="tags-heading" className="rp-label">
          Tags
        </h3>
        <TagEditor
          tags={ticket.tags}
          onAdd={(tag) =>
            update.mutate({
              changes: { addTags: [tag] },
              preview: (current) => ({ ...current, tags: [...current.tags, tag] }),
              confirmation: `Tag ${tag} added`,
            })
          }
          onRemove={(tag) =>
            update.mutate({
              changes: { removeTags: [tag] },
              preview: (current) => ({ ...current, tags: current.tags.filter((existing) => existing !== tag) }),
              confirmation: `Tag ${tag} removed`,
            })
          }
        />
      </div>
      <dl className="ticket-properties__facts">
        <dt>Customer</dt>
        <dd>
          {ticket.customer.name}
          {ticket.customer.email && <span className="ticket-properties__muted"> {ticket.customer.email}</span>}
        </dd>
        <dt>Tier</dt>
        <dd>{ticket.customer.tier}</dd>
        <dt>Channel</dt>
        <dd>{ticket.channel}</dd>
        {ticket.language && (
          <>
            <dt>Language</dt>
            <dd>{ticket.language}</dd>
          </>
        )}
        <dt>Created</dt>
        <dd>
          <time dateTime={ticket.createdAt}>{formatAbsoluteTime(ticket.createdAt)}</time>
        </dd>
      </dl>
    </aside>
  );
}
