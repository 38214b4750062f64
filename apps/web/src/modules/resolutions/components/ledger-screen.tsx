import { useState } from 'react';
import { resolutionActions, type ResolutionAction, type ResolutionActionDto, type ResolutionStatus } from '@rapport/contracts/resolutions';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { Link } from '../../../router/router.tsx';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { canReadReports } from '../../reports/reports-paths.ts';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { emptyLedgerFilters, formatMoney, ledgerCsvHref, type LedgerFilters } from '../resolution-logic.ts';
import { actionLabel, statusName } from '../resolution-labels.ts';
import { useLedger } from '../resolutions-api.ts';
import './resolutions.css';

const statuses: readonly ResolutionStatus[] = ['approved', 'pending', 'rejected', 'cancelled'];

/** The resolution ledger (P29) for leads: every action, who, what, why, ticket and approver, filtered, paged and exported as CSV. */
export function LedgerScreen() {
  const session = useCurrentSession();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>('resolution-ledger');
  useDocumentTitle(t('resolutions.ledger.title'));
  return (
    <section className="resolutions-page" aria-labelledby="ledger-heading">
      <h1 id="ledger-heading" ref={headingRef} tabIndex={-1}>
        {t('resolutions.ledger.title')}
      </h1>
      <p className="resolutions-page__intro">{t('resolutions.ledger.intro')}</p>
      {canReadReports(session.permissions) ? <LedgerView /> : <Alert>{t('resolutions.ledger.forbidden')}</Alert>}
    </section>
  );
}

function LedgerView() {
  const [filters, setFilters] = useState<LedgerFilters>(emptyLedgerFilters);
  const agents = useAgents();
  const change = (changes: Partial<LedgerFilters>) => setFilters((current) => ({ ...current, ...changes }));
  const any = { value: '', label: t('resolutions.ledger.any') };
  // The currency filter applies once it is a whole code; the query ignores a half-typed one.
  return (
    <>
      <form className="ledger-filters" aria-label={t('resolutions.ledger.filters')} onSubmit={(event) => event.preventDefault()}>
        <Field label={t('resolutions.ledger.status')}>
          {(control) => (
            <Select
              {...control}
              value={filters.status}
              onChange={(event) => change({ status: event.target.value as ResolutionStatus | '' })}
              options={[any, ...statuses.map((status) => ({ value: status, label: t(statusName[status]) }))]}
            />
          )}
        </Field>
        <Field label={t('resolutions.ledger.action')}>
          {(control) => (
            <Select
              {...control}
              value={filters.action}
              onChange={(event) => change({ action: event.target.value as ResolutionAction | '' })}
              options={[any, ...resolutionActions.map((action) => ({ value: action, label: actionLabel(action) }))]}
            />
          )}
        </Field>
        <Field label={t('resolutions.ledger.currency')}>
          {(control) => (
            <TextInput {...control} maxLength={3} size={5} autoComplete="off" placeholder="EUR" value={filters.currency} onChange={(event) => change({ currency: event.target.value.toUpperCase() })} />
          )}
        </Field>
        <Field label={t('resolutions.ledger.requestedBy')}>
          {(control) => (
            <Select
              {...control}
              value={filters.requestedById}
              onChange={(event) => change({ requestedById: event.target.value })}
              options={[{ value: '', label: t('resolutions.ledger.anyone') }, ...(agents.data ?? []).map((user) => ({ value: user.id, label: user.name }))]}
            />
          )}
        </Field>
        <Field label={t('resolutions.ledger.from')}>{(control) => <TextInput {...control} type="date" value={filters.from} onChange={(event) => change({ from: event.target.value })} />}</Field>
        <Field label={t('resolutions.ledger.to')}>{(control) => <TextInput {...control} type="date" value={filters.to} onChange={(event) => change({ to: event.target.value })} />}</Field>
        <Button onClick={() => setFilters(emptyLedgerFilters)}>{t('resolutions.ledger.clear')}</Button>
      </form>
      <div className="ledger-actions">
        <a className="rp-button rp-button--secondary" href={ledgerCsvHref(filters)} download data-testid="ledger-csv">
          {t('resolutions.ledger.export')}
        </a>
      </div>
      <LedgerTable filters={filters} />
    </>
  );
}

function LedgerTable({ filters }: { filters: LedgerFilters }) {
  const ledger = useLedger(filters);
  const items = ledger.data?.pages.flatMap((page) => page.items) ?? [];
  if (ledger.isPending) return <Spinner label={t('resolutions.ledger.loading')} isLabelVisible />;
  if (!ledger.data) return <Alert>{describeError(ledger.error)}</Alert>;
  if (items.length === 0) return <EmptyState title={t('resolutions.ledger.empty')} description={t('resolutions.ledger.emptyHint')} />;
  return (
    <>
      {/* Scrolls sideways on narrow screens: focusable so keyboard users can scroll it too. */}
      <div className="ledger-table-wrap" role="region" aria-label={t('resolutions.ledger.tableLabel')} tabIndex={0}>
        <table className="ledger-table">
          <thead>
            <tr>
              <th scope="col">{t('resolutions.ledger.date')}</th>
              <th scope="col">{t('resolutions.ledger.ticket')}</th>
              <th scope="col">{t('resolutions.ledger.customer')}</th>
              <th scope="col">{t('resolutions.ledger.action')}</th>
              <th scope="col">{t('resolutions.ledger.amount')}</th>
              <th scope="col">{t('resolutions.ledger.status')}</th>
              <th scope="col">{t('resolutions.ledger.requester')}</th>
              <th scope="col">{t('resolutions.ledger.approver')}</th>
              <th scope="col">{t('resolutions.ledger.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <LedgerRow key={item.id} item={item} />
            ))}
          </tbody>
        </table>
      </div>
      {ledger.hasNextPage && (
        <div>
          <Button onClick={() => void ledger.fetchNextPage()} isBusy={ledger.isFetchingNextPage}>
            {ledger.isFetchingNextPage ? t('resolutions.ledger.loadingMore') : t('resolutions.ledger.loadMore')}
          </Button>
        </div>
      )}
      {ledger.isError && <Alert>{describeError(ledger.error)}</Alert>}
    </>
  );
}

function LedgerRow({ item }: { item: ResolutionActionDto }) {
  const none = t('resolutions.ledger.none');
  const approver = item.approval === 'within_limit' ? t('resolutions.ledger.withinLimit') : (item.approver?.name ?? none);
  return (
    <tr data-testid="ledger-row">
      <td>{formatAbsoluteTime(item.createdAt)}</td>
      <td>
        <Link to={`/tickets/${item.ticketNumber}`}>{t('resolutions.approvals.ticket', { number: item.ticketNumber, subject: item.ticketSubject })}</Link>
      </td>
      <td>{item.customer.name}</td>
      <td>{actionLabel(item.action)}</td>
      <td className="ledger-table__amount">{formatMoney(item.amount, item.currency)}</td>
      <td>{t(statusName[item.status])}</td>
      <td>{item.requestedBy?.name ?? none}</td>
      <td>{approver}</td>
      <td>{item.reason}</td>
    </tr>
  );
}
