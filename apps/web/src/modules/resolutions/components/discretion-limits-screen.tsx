import { useEffect, useState, type FormEvent } from 'react';
import { resolutionActions, type DiscretionLimitDto, type LimitPeriod, type LimitRole, type ResolutionAction } from '@rapport/contracts/resolutions';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { useAnnounce } from '@rapport/ui/live-region';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { AdminCard, AdminFormActions, AdminPage } from '../../admin/components/admin-page.tsx';
import { emptyLimitRow, limitErrorsFromServer, limitRowProblems, limitsBodyFromRows, rowsFromLimits, type LimitField, type LimitRow, type LimitRowProblem } from '../resolution-logic.ts';
import { actionLabel, periodName, roleName } from '../resolution-labels.ts';
import { useDiscretionLimits, useSaveDiscretionLimits } from '../resolutions-api.ts';
import './resolutions.css';

const roles: readonly LimitRole[] = ['agent', 'lead', 'admin'];
const periods: readonly LimitPeriod[] = ['day', 'week', 'month'];

/** The discretion limits admin (P3, P29): per role, action and currency, the most given at once and per period; saved as one set. */
export function DiscretionLimitsScreen() {
  const limits = useDiscretionLimits();
  return (
    <AdminPage title={t('resolutions.limits.title')} permission="resolution.manage" intro={t('resolutions.limits.intro')}>
      <AdminCard title={t('resolutions.limits.listLabel')} id="discretion-limits-heading">
        {limits.isPending && <Spinner label={t('resolutions.limits.loading')} isLabelVisible />}
        {limits.isError && <Alert>{describeError(limits.error)}</Alert>}
        {limits.isSuccess && <LimitsEditor limits={limits.data} />}
      </AdminCard>
    </AdminPage>
  );
}

function LimitsEditor({ limits }: { limits: readonly DiscretionLimitDto[] }) {
  const [rows, setRows] = useState<LimitRow[]>(() => rowsFromLimits(limits));
  const [showErrors, setShowErrors] = useState(false);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const save = useSaveDiscretionLimits();
  const announce = useAnnounce();
  const problems = showErrors ? limitRowProblems(rows) : new Map<string, LimitRowProblem[]>();
  const server = limitErrorsFromServer(save.error, rows);

  useEffect(() => {
    if (!focusKey) return;
    document.querySelector<HTMLElement>(`[data-limit-row="${CSS.escape(focusKey)}"]`)?.focus();
    setFocusKey(null);
  }, [focusKey, rows]);

  const change = (key: string, changes: Partial<LimitRow>) => {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...changes } : row)));
    if (save.isError) save.reset();
  };

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = limitRowProblems(rows);
    if (found.size > 0) {
      setShowErrors(true);
      const first = rows.find((row) => found.has(row.key));
      if (first) setFocusKey(first.key);
      return;
    }
    setShowErrors(false);
    save.mutate(limitsBodyFromRows(rows), {
      onSuccess: (saved) => {
        setRows(rowsFromLimits(saved.items));
        announce(t('resolutions.limits.saved'));
      },
    });
  }

  /** The message under a field: the client's check first, then the server's word for it. */
  function fieldError(row: LimitRow, field: LimitField): string | undefined {
    const local = problems.get(row.key) ?? [];
    if (field === 'currency' && local.includes('currency')) return t('resolutions.limits.currencyInvalid');
    if ((field === 'perAction' || field === 'perPeriod') && local.includes(field)) return t('resolutions.limits.amountInvalid');
    if (field === 'currency' && local.includes('duplicate')) return t('resolutions.limits.duplicate');
    return server.byRow.get(row.key)?.[field];
  }

  const hasServerFieldErrors = server.byRow.size > 0;
  return (
    <form className="admin-form admin-form--stack" onSubmit={handleSubmit} noValidate aria-labelledby="discretion-limits-heading">
      {rows.length === 0 ? (
        <p className="admin-muted">{t('resolutions.limits.empty')}</p>
      ) : (
        <div className="ledger-table-wrap" role="region" aria-labelledby="discretion-limits-heading" tabIndex={0}>
          <table className="limits-table">
            <thead>
              <tr>
                <th scope="col">{t('resolutions.limits.role')}</th>
                <th scope="col">{t('resolutions.limits.action')}</th>
                <th scope="col">{t('resolutions.limits.currency')}</th>
                <th scope="col">{t('resolutions.limits.perAction')}</th>
                <th scope="col">{t('resolutions.limits.perPeriod')}</th>
                <th scope="col">{t('resolutions.limits.period')}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const number = index + 1;
                const label = (field: string) => `${field}, ${t('resolutions.limits.rowLabel', { number })}`;
                return (
                  <tr key={row.key} data-testid="discretion-limit-row">
                    <td>
                      <Select
                        data-limit-row={row.key}
                        aria-label={label(t('resolutions.limits.role'))}
                        value={row.role}
                        onChange={(event) => change(row.key, { role: event.target.value as LimitRole })}
                        options={roles.map((role) => ({ value: role, label: t(roleName[role]) }))}
                      />
                      <CellError row={row} field="role" fieldError={fieldError} />
                    </td>
                    <td>
                      <Select
                        aria-label={label(t('resolutions.limits.action'))}
                        value={row.action}
                        onChange={(event) => change(row.key, { action: event.target.value as ResolutionAction })}
                        options={resolutionActions.map((action) => ({ value: action, label: actionLabel(action) }))}
                      />
                      <CellError row={row} field="action" fieldError={fieldError} />
                    </td>
                    <td>
                      <CellInput row={row} field="currency" label={label(t('resolutions.limits.currency'))} fieldError={fieldError} maxLength={3} placeholder="EUR" onChange={(value) => change(row.key, { currency: value.toUpperCase() })} />
                    </td>
                    <td>
                      <CellInput row={row} field="perAction" label={label(t('resolutions.limits.perAction'))} fieldError={fieldError} inputMode="decimal" placeholder="50.00" onChange={(value) => change(row.key, { perAction: value })} />
                    </td>
                    <td>
                      <CellInput row={row} field="perPeriod" label={label(t('resolutions.limits.perPeriod'))} fieldError={fieldError} inputMode="decimal" placeholder="—" onChange={(value) => change(row.key, { perPeriod: value })} />
                    </td>
                    <td>
                      <Select
                        aria-label={label(t('resolutions.limits.period'))}
                        value={row.period}
                        onChange={(event) => change(row.key, { period: event.target.value as LimitPeriod })}
                        options={periods.map((period) => ({ value: period, label: t(periodName[period]) }))}
                      />
                      <CellError row={row} field="period" fieldError={fieldError} />
                    </td>
                    <td>
                      <Button size="sm" variant="danger" onClick={() => setRows((current) => current.filter((item) => item.key !== row.key))}>
                        {t('resolutions.limits.remove', { number })}
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div>
        <Button
          onClick={() => {
            const row = emptyLimitRow(rows.at(-1)?.currency ?? 'EUR');
            setRows((current) => [...current, row]);
            setFocusKey(row.key);
          }}
        >
          {t('resolutions.limits.add')}
        </Button>
      </div>
      {((showErrors && problems.size > 0) || hasServerFieldErrors) && <Alert>{t('resolutions.limits.fixErrors')}</Alert>}
      {server.general.length > 0 && <Alert>{server.general.join(' ')}</Alert>}
      <AdminFormActions
        submitLabel={t('resolutions.limits.save')}
        // Field-level problems are shown in the table; other failures below the button.
        mutation={{ isPending: save.isPending, isError: save.isError && !hasServerFieldErrors && server.general.length === 0, error: save.error }}
      />
    </form>
  );
}

type FieldErrorOf = (row: LimitRow, field: LimitField) => string | undefined;

function errorId(row: LimitRow, field: LimitField): string {
  return `limit-${row.key}-${field}-error`;
}

function CellError({ row, field, fieldError }: { row: LimitRow; field: LimitField; fieldError: FieldErrorOf }) {
  const error = fieldError(row, field);
  if (!error) return null;
  return (
    <span id={errorId(row, field)} className="limits-table__error">
      {error}
    </span>
  );
}

function CellInput({
  row,
  field,
  label,
  fieldError,
  onChange,
  ...rest
}: {
  row: LimitRow;
  field: 'currency' | 'perAction' | 'perPeriod';
  label: string;
  fieldError: FieldErrorOf;
  onChange: (value: string) => void;
  maxLength?: number;
  placeholder?: string;
  inputMode?: 'decimal';
}) {
  const error = fieldError(row, field);
  return (
    <>
      <TextInput
        {...rest}
        autoComplete="off"
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId(row, field) : undefined}
        value={row[field]}
        onChange={(event) => onChange(event.target.value)}
      />
      <CellError row={row} field={field} fieldError={fieldError} />
    </>
  );
}
