import { useState } from 'react';
import { OverrideKind, type DecisionOverrideDto } from '@rapport/contracts/overrides';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { Link } from '../../../router/router.tsx';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { canReadReports } from '../../reports/reports-paths.ts';
import { actorName, describeOverride, kindLabel } from '../override-logic.ts';
import { useOverridesReport } from '../overrides-api.ts';
import './overrides.css';

/** Leads' report (P7): every override of an automatic decision, newest first, by kind, with its reason and ticket. */
export function OverridesScreen() {
  const session = useCurrentSession();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>('overrides');
  useDocumentTitle(t('overrides.report.title'));
  return (
    <section className="overrides-page" aria-labelledby="overrides-heading">
      <h1 id="overrides-heading" ref={headingRef} tabIndex={-1}>
        {t('overrides.report.title')}
      </h1>
      <p className="overrides-page__intro">{t('overrides.report.intro')}</p>
      {canReadReports(session.permissions) ? <OverrideList /> : <Alert>{t('overrides.report.forbidden')}</Alert>}
    </section>
  );
}

const allKinds = '';

function OverrideList() {
  const [kind, setKind] = useState<OverrideKind | null>(null);
  const report = useOverridesReport(kind);
  const items = report.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <Field label={t('overrides.report.kind')}>
        {(control) => (
          <Select
            {...control}
            className="overrides-page__kind"
            value={kind ?? allKinds}
            onChange={(event) => {
              const parsed = OverrideKind.safeParse(event.target.value);
              setKind(parsed.success ? parsed.data : null);
            }}
            options={[{ value: allKinds, label: t('overrides.report.allKinds') }, ...OverrideKind.options.map((value) => ({ value, label: kindLabel(value) }))]}
          />
        )}
      </Field>
      {report.isPending ? (
        <Spinner label={t('overrides.report.loading')} isLabelVisible />
      ) : !report.data ? (
        <Alert>{describeError(report.error)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t(kind ? 'overrides.report.emptyKind' : 'overrides.report.empty')} />
      ) : (
        <>
          <ul className="overrides-list" aria-label={t('overrides.report.listLabel')}>
            {items.map((item) => (
              <OverrideItem key={item.id} item={item} />
            ))}
          </ul>
          {report.hasNextPage && (
            <div>
              <Button onClick={() => void report.fetchNextPage()} isBusy={report.isFetchingNextPage}>
                {report.isFetchingNextPage ? t('overrides.report.loadingMore') : t('overrides.report.loadMore')}
              </Button>
            </div>
          )}
          {report.isError && <Alert>{describeError(report.error)}</Alert>}
        </>
      )}
    </>
  );
}

function OverrideItem({ item }: { item: DecisionOverrideDto }) {
  return (
    <li className="overrides-list__item" data-testid="override-row">
      <h2 className="rp-label">
        <Link to={`/tickets/${item.ticket.number}`}>{t('overrides.report.ticket', { number: item.ticket.number, subject: item.ticket.subject || '—' })}</Link>
      </h2>
      <p>
        <span className="overrides__kind">{kindLabel(item.kind)}</span> {describeOverride(item)}
      </p>
      <p className="overrides-list__reason">{item.reason}</p>
      <p className="overrides-list__meta">
        {actorName(item.actor)} · <time dateTime={item.createdAt}>{formatAbsoluteTime(item.createdAt)}</time>
      </p>
    </li>
  );
}
