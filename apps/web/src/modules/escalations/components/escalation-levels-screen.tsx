import { useEffect, useState, type FormEvent } from 'react';
import type { EscalationLevelDto } from '@rapport/contracts/escalations';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { AdminCard, AdminFormActions, AdminPage } from '../../admin/components/admin-page.tsx';
import { useAdminTeams } from '../../admin/hooks/use-admin-api.ts';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { bodyFromRows, emptyLevelRow, levelRowErrors, moveRow, rowsFromLevels, type LevelRow } from '../escalation-form.ts';
import { useEscalationLevels, useSaveEscalationLevels } from '../escalations-api.ts';
import './escalations.css';

/** The escalation paths admin (P12): the ordered levels above the first line, edited as one list and saved at once. */
export function EscalationLevelsScreen() {
  const levels = useEscalationLevels();
  return (
    <AdminPage title={t('escalations.levels.title')} permission="service.manage" intro={t('escalations.levels.intro')}>
      <AdminCard title={t('escalations.levels.listLabel')} id="escalation-levels-heading">
        {levels.isPending && <Spinner label={t('escalations.levels.loading')} isLabelVisible />}
        {levels.isError && <Alert>{describeError(levels.error)}</Alert>}
        {levels.isSuccess && <LevelsEditor levels={levels.data} />}
      </AdminCard>
    </AdminPage>
  );
}

function LevelsEditor({ levels }: { levels: readonly EscalationLevelDto[] }) {
  const [rows, setRows] = useState<LevelRow[]>(() => rowsFromLevels(levels));
  const [showErrors, setShowErrors] = useState(false);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const save = useSaveEscalationLevels();
  const teams = useAdminTeams();
  const agents = useAgents();
  const errors = showErrors ? levelRowErrors(rows) : new Map<string, string[]>();

  useEffect(() => {
    if (!focusKey) return;
    document.querySelector<HTMLInputElement>(`[data-level-name="${CSS.escape(focusKey)}"]`)?.focus();
    setFocusKey(null);
  }, [focusKey, rows]);

  const change = (key: string, changes: Partial<LevelRow>) => {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...changes } : row)));
    if (save.isError) save.reset();
  };

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = levelRowErrors(rows);
    if (problems.size > 0) {
      setShowErrors(true);
      const first = rows.find((row) => problems.has(row.key));
      if (first) setFocusKey(first.key);
      return;
    }
    save.mutate(bodyFromRows(rows), { onSuccess: (saved) => setRows(rowsFromLevels(saved.items)) });
  }

  const teamOptions = [{ value: '', label: t('escalations.levels.noTeam') }, ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))];
  const expertOptions = (row: LevelRow) => {
    const options = [{ value: '', label: t('escalations.levels.noExpert') }, ...(agents.data ?? []).map((user) => ({ value: user.id, label: user.name }))];
    // An expert who left stays visible until someone picks another.
    const saved = levels.find((level) => level.id === row.key)?.expert;
    if (row.expertId && !options.some((option) => option.value === row.expertId) && saved?.id === row.expertId) options.push({ value: saved.id, label: saved.name });
    return options;
  };

  return (
    <form className="admin-form admin-form--stack" onSubmit={handleSubmit} noValidate aria-labelledby="escalation-levels-heading">
      <p className="admin-muted">{t('escalations.levels.firstLine')}</p>
      <p className="admin-muted">{t('escalations.levels.onSlaBreachHint')}</p>
      {rows.length === 0 && <p className="admin-muted">{t('escalations.levels.empty')}</p>}
      {rows.length > 0 && (
        <ol className="escalation-levels__list">
          {rows.map((row, index) => {
            const position = index + 1;
            const rowErrors = errors.get(row.key) ?? [];
            return (
              <li key={row.key} className="escalation-levels__row" data-testid="escalation-level">
                <div className="escalation-levels__row-header">
                  <span className="escalation-levels__position">{t('escalations.levels.position', { position })}</span>
                  <div className="escalation-levels__actions">
                    <Button size="sm" variant="ghost" disabled={index === 0} aria-label={t('escalations.levels.moveUp', { position })} onClick={() => setRows((current) => moveRow(current, index, -1))}>
                      <span aria-hidden="true">↑</span>
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={index === rows.length - 1}
                      aria-label={t('escalations.levels.moveDown', { position })}
                      onClick={() => setRows((current) => moveRow(current, index, 1))}
                    >
                      <span aria-hidden="true">↓</span>
                    </Button>
                    <Button size="sm" variant="danger" aria-label={t('escalations.levels.remove', { position })} onClick={() => setRows((current) => current.filter((item) => item.key !== row.key))}>
                      {t('common.delete')}
                    </Button>
                  </div>
                </div>
                <div className="escalation-levels__fields">
                  <Field label={t('escalations.levels.name')} error={rowErrors.includes('name') ? t('escalations.levels.nameRequired') : undefined}>
                    {(control) => <TextInput {...control} data-level-name={row.key} maxLength={100} value={row.name} onChange={(event) => change(row.key, { name: event.target.value })} />}
                  </Field>
                  <Field label={t('escalations.levels.team')} error={rowErrors.includes('target') ? t('escalations.levels.targetRequired') : undefined}>
                    {(control) => <Select {...control} options={teamOptions} value={row.teamId} onChange={(event) => change(row.key, { teamId: event.target.value })} />}
                  </Field>
                  <Field label={t('escalations.levels.expert')}>
                    {(control) => <Select {...control} options={expertOptions(row)} value={row.expertId} onChange={(event) => change(row.key, { expertId: event.target.value })} />}
                  </Field>
                </div>
                <label className="admin-check">
                  <input type="checkbox" checked={row.onSlaBreach} onChange={(event) => change(row.key, { onSlaBreach: event.target.checked })} />
                  {t('escalations.levels.onSlaBreach')}
                </label>
              </li>
            );
          })}
        </ol>
      )}
      <div>
        <Button
          onClick={() => {
            const row = emptyLevelRow();
            setRows((current) => [...current, row]);
            setFocusKey(row.key);
          }}
        >
          {t('escalations.levels.add')}
        </Button>
      </div>
      {showErrors && errors.size > 0 && <Alert>{t('escalations.levels.fixErrors')}</Alert>}
      <AdminFormActions submitLabel={t('escalations.levels.save')} mutation={save} />
    </form>
  );
}
