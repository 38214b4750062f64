import { useMemo, useState } from 'react';
import { CustomerTier, type CustomerDto } from '@rapport/contracts/people';
import type { MessageDto, TicketDetail } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { StatusBadge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Select, type SelectOption } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t, type MessageKey } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { Link } from '../../../router/router.tsx';
import { customerTicketsLimit, useCustomer, useCustomerTickets, useOrganisations, useUpdateCustomer } from '../hooks/use-customer.ts';
import { MergeCustomerButton } from './merge-customer-dialog.tsx';
import { firstCustomerMessage } from '../first-message.ts';
import './customer-panel.css';

const tierKeys: Record<CustomerDto['tier'], MessageKey> = {
  standard: 'customer.tier.standard',
  priority: 'customer.tier.priority',
  enterprise: 'customer.tier.enterprise',
};
const identityKeys: Record<CustomerDto['identities'][number]['kind'], MessageKey> = {
  email: 'customer.profile.identity.email',
  phone: 'customer.profile.identity.phone',
  chat: 'customer.profile.identity.chat',
};

/** The customer's own words, first: what they originally asked on this ticket. */
function PinnedFirstMessage({ message }: { message: MessageDto | null }) {
  return (
    <section className="customer-panel__pinned" aria-labelledby="customer-first-message-heading" data-testid="customer-first-message">
      <h3 id="customer-first-message-heading" className="customer-panel__subheading">
        {t('customer.firstMessage.heading')}
      </h3>
      {message ? (
        <figure className="customer-panel__quote">
          <blockquote>{message.text}</blockquote>
          <figcaption className="customer-panel__muted">
            {t('customer.firstMessage.meta', { name: message.author.name, channel: message.channel, date: formatAbsoluteTime(message.createdAt) })}
          </figcaption>
        </figure>
      ) : (
        <p className="customer-panel__muted">{t('customer.firstMessage.none')}</p>
      )}
    </section>
  );
}

/** A text field saved when the agent leaves it or presses Enter; Escape puts the saved value back. */
function InlineText({ label, value, hint, isRequired = false, onSave }: { label: string; value: string; hint?: string; isRequired?: boolean; onSave: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  // The saved value changed (saved, rolled back, or edited elsewhere): show it.
  if (value !== lastValue) {
    setLastValue(value);
    setDraft(value);
  }
  const commit = () => {
    const next = draft.trim();
    if (isRequired && !next) setDraft(value);
    else if (next !== value) onSave(next);
  };
  return (
    <Field label={label} hint={hint}>
      {(control) => (
        <TextInput
          {...control}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commit();
            } else if (event.key === 'Escape' && draft !== value) {
              event.preventDefault();
              setDraft(value);
            }
          }}
        />
      )}
    </Field>
  );
}

function CustomerProfile({ customer }: { customer: CustomerDto }) {
  const update = useUpdateCustomer(customer.id);
  const organisations = useOrganisations();
  const organisationOptions: SelectOption[] = [
    { value: '', label: t('customer.profile.noOrganisation') },
    ...(organisations.data ?? []).map((organisation) => ({ value: organisation.id, label: organisation.name })),
  ];
  if (customer.organisation && !organisationOptions.some((option) => option.value === customer.organisation?.id)) {
    organisationOptions.push({ value: customer.organisation.id, label: customer.organisation.name });
  }
  const tierOptions = CustomerTier.options.map((tier) => ({ value: tier, label: t(tierKeys[tier]) }));

  return (
    <div className="customer-panel__profile">
      {update.isError && <Alert>{t('customer.profile.notSaved', { error: describeError(update.error) })}</Alert>}
      <InlineText
        label={t('customer.profile.name')}
        value={customer.name}
        isRequired
        onSave={(name) => {
          update.mutate({ changes: { name }, preview: (current) => ({ ...current, name }) });
        }}
      />
      <Field label={t('customer.profile.tier')}>
        {(control) => (
          <Select
            {...control}
            options={tierOptions}
            value={customer.tier}
            onChange={(event) => {
              const parsed = CustomerTier.safeParse(event.target.value);
              if (!parsed.success) return;
              const tier = parsed.data;
              update.mutate({ changes: { tier }, preview: (current) => ({ ...current, tier }) });
            }}
          />
        )}
      </Field>
      <InlineText
        label={t('customer.profile.language')}
        hint={t('customer.profile.languageHint')}
        value={customer.language ?? ''}
        onSave={(raw) => {
          const language = raw || null;
          update.mutate({ changes: { language }, preview: (current) => ({ ...current, language }) });
        }}
      />
      <Field label={t('customer.profile.organisation')}>
        {(control) => (
          <Select
            {...control}
            options={organisationOptions}
            value={customer.organisation?.id ?? ''}
            onChange={(event) => {
              const organisationId = event.target.value || null;
              const organisation = organisationId
                ? { id: organisationId, name: organisationOptions.find((option) => option.value === organisationId)?.label ?? '' }
                : null;
              update.mutate({ changes: { organisationId }, preview: (current) => ({ ...current, organisation }) });
            }}
          />
        )}
      </Field>
      <div role="group" aria-labelledby="customer-identities-heading">
        <h3 id="customer-identities-heading" className="rp-label">
          {t('customer.profile.identities')}
        </h3>
        <dl className="customer-panel__identities" data-testid="customer-identities">
          {customer.identities.map((identity) => (
            <div key={`${identity.kind}:${identity.value}`}>
              <dt>{t(identityKeys[identity.kind])}</dt>
              <dd>{identity.value}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}

function EarlierTickets({ customerId, currentTicketId }: { customerId: string; currentTicketId: string }) {
  const [limit, setLimit] = useState(customerTicketsLimit);
  const tickets = useCustomerTickets(customerId, limit);
  const others = (tickets.data?.items ?? []).filter((ticket) => ticket.id !== currentTicketId);
  return (
    <section aria-labelledby="customer-tickets-heading" data-testid="customer-tickets">
      <h3 id="customer-tickets-heading" className="customer-panel__subheading">
        {t('customer.tickets.heading')}
      </h3>
      {tickets.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : tickets.isError ? (
        <Alert>{describeError(tickets.error)}</Alert>
      ) : others.length === 0 ? (
        <p className="customer-panel__muted">{t('customer.tickets.none')}</p>
      ) : (
        <ul className="customer-panel__tickets">
          {others.map((ticket) => (
            <li key={ticket.id}>
              <Link to={`/tickets/${ticket.number}`}>{t('customer.tickets.item', { number: ticket.number, subject: ticket.subject || '—' })}</Link>
              <span className="customer-panel__ticket-meta">
                <StatusBadge status={ticket.status} /> {ticket.channel} ·{' '}
                <time dateTime={ticket.createdAt}>{formatAbsoluteTime(ticket.createdAt)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
      {tickets.data?.nextCursor && (
        <Button size="sm" variant="ghost" disabled={tickets.isFetching} onClick={() => setLimit((current) => Math.min(200, current + customerTicketsLimit * 2))}>
          {t('customer.tickets.more')}
        </Button>
      )}
    </section>
  );
}

/** P8: the customer beside the conversation — their first words, their profile, and every ticket they ever opened. */
export function CustomerPanel({ ticket }: { ticket: TicketDetail }) {
  const customer = useCustomer(ticket.customer.id);
  const firstMessage = useMemo(() => firstCustomerMessage(ticket.messages), [ticket.messages]);
  return (
    <aside className="customer-panel" aria-labelledby="customer-panel-heading" data-testid="customer-panel">
      <h2 id="customer-panel-heading" className="customer-panel__heading">
        {t('customer.panel.heading')}
      </h2>
      <PinnedFirstMessage message={firstMessage} />
      {customer.isPending ? (
        <Spinner label={t('customer.panel.loading')} />
      ) : customer.isError ? (
        <Alert>{t('customer.panel.error', { error: describeError(customer.error) })}</Alert>
      ) : (
        <>
          <CustomerProfile customer={customer.data} />
          <MergeCustomerButton customer={customer.data} />
        </>
      )}
      <EarlierTickets customerId={ticket.customer.id} currentTicketId={ticket.id} />
    </aside>
  );
}
