import { useState } from 'react';
import type { ParityReport, ParityTier } from '@rapport/contracts/queue';
import { Alert } from '@rapport/ui/alert';
import { EmptyState } from '@rapport/ui/empty-state';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteDate } from '../../../lib/relative-time.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useParityReport } from '../hooks/use-parity-report.ts';
import { barWidths, durationParts } from '../parity-format.ts';
import { canReadReports } from '../reports-paths.ts';
import './parity.css';

const periods = [7, 30, 90] as const;

function tierLabel(tier: ParityTier['tier']): string {
  return t(tier === 'enterprise' ? 'reports.tier.enterprise' : tier === 'priority' ? 'reports.tier.priority' : 'reports.tier.standard');
}

function duration(minutes: number | null): string {
  if (minutes === null) return t('reports.parity.none');
  const { value, unit } = durationParts(minutes);
  return t(unit === 'minutes' ? 'reports.duration.minutes' : unit === 'hours' ? 'reports.duration.hours' : 'reports.duration.days', { value });
}

/** P17 for leads: are small customers answered as fast as big ones? First reply and resolution by tier. */
export function ParityScreen() {
  const session = useCurrentSession();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>('parity');
  useDocumentTitle(t('reports.parity.title'));
  return (
    <section className="parity-page" aria-labelledby="parity-heading">
      <h1 id="parity-heading" ref={headingRef} tabIndex={-1}>
        {t('reports.parity.title')}
      </h1>
      <p className="parity-page__intro">{t('reports.parity.intro')}</p>
      {canReadReports(session.permissions) ? <ParityReportView /> : <Alert>{t('reports.parity.forbidden')}</Alert>}
    </section>
  );
}

function ParityReportView() {
  const [days, setDays] = useState<number>(30);
  const report = useParityReport(days);
  return (
    <>
      <Field label={t('reports.parity.period')}>
        {(field) => (
          <Select
            {...field}
            className="parity-page__period"
            value={String(days)}
            onChange={(event) => setDays(Number(event.target.value))}
            options={periods.map((count) => ({ value: String(count), label: t('reports.parity.days', { count }) }))}
          />
        )}
      </Field>
      {report.isPending ? (
        <Spinner label={t('reports.parity.loading')} isLabelVisible />
      ) : report.isError ? (
        <Alert>{describeError(report.error)}</Alert>
      ) : (
        <ParityTables report={report.data} />
      )}
    </>
  );
}

function ParityTables({ report }: { report: ParityReport }) {
  const range = t('reports.parity.range', { from: formatAbsoluteDate(report.from), to: formatAbsoluteDate(report.to) });
  if (report.tiers.every((tier) => tier.tickets === 0)) return <EmptyState title={t('reports.parity.empty')} description={range} />;
  const widths = barWidths(report.tiers.map((tier) => tier.firstReply.p90Minutes));
  return (
    <>
      <p className="parity-page__range">{range}</p>
      {/* Scrolls sideways on narrow screens: focusable so keyboard users can scroll it too. */}
      <div className="parity-page__table-wrap" role="region" aria-label={t('reports.parity.title')} tabIndex={0}>
        <table className="parity-table" aria-label={t('reports.parity.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('reports.parity.tier')}</th>
              <th scope="col">{t('reports.parity.tickets')}</th>
              <th scope="col">{t('reports.parity.replied')}</th>
              <th scope="col">{t('reports.parity.firstReplyMedian')}</th>
              <th scope="col">{t('reports.parity.firstReplyP90')}</th>
              <th scope="col">{t('reports.parity.solved')}</th>
              <th scope="col">{t('reports.parity.resolutionMedian')}</th>
              <th scope="col">{t('reports.parity.resolutionP90')}</th>
            </tr>
          </thead>
          <tbody>
            {report.tiers.map((tier) => (
              <tr key={tier.tier} data-testid="parity-row">
                <th scope="row">{tierLabel(tier.tier)}</th>
                <td>{tier.tickets}</td>
                <td>{tier.firstReply.count}</td>
                <td>{duration(tier.firstReply.medianMinutes)}</td>
                <td>{duration(tier.firstReply.p90Minutes)}</td>
                <td>{tier.resolution.count}</td>
                <td>{duration(tier.resolution.medianMinutes)}</td>
                <td>{duration(tier.resolution.p90Minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* The chart repeats the table's p90 column for the eye; the table is what assistive technology reads. */}
      <figure className="parity-chart" aria-hidden="true">
        <figcaption className="parity-chart__title">{t('reports.parity.chartTitle')}</figcaption>
        {report.tiers.map((tier, index) => (
          <div key={tier.tier} className="parity-chart__row">
            <span className="parity-chart__label">{tierLabel(tier.tier)}</span>
            <span className="parity-chart__track">
              <span className={`parity-chart__bar parity-chart__bar--${tier.tier}`} style={{ width: `${widths[index] ?? 0}%` }} />
            </span>
            <span className="parity-chart__value">{duration(tier.firstReply.p90Minutes)}</span>
          </div>
        ))}
      </figure>
    </>
  );
}
