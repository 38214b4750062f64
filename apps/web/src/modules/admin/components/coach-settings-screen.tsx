import { useId, useState, type FormEvent } from 'react';
import type { CoachResponse } from '@rapport/contracts/coach';
import { coachRuleIds, type CoachRuleId, type CoachRuleSetting, type WorkspaceCoachSettings } from '@rapport/contracts/workspace';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextArea } from '@rapport/ui/text-area';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useCoachSettings, useSaveCoachSettings, useTryCoach } from '../hooks/use-admin-api.ts';
import { AdminCard, AdminPage } from './admin-page.tsx';

type Level = CoachRuleSetting | 'default';
const levels: Level[] = ['default', 'off', 'info', 'warn'];
const levelOptions = levels.map((level) => ({ value: level, label: t(`admin.coach.level.${level}`) }));

interface GlossaryRow {
  id: number;
  term: string;
  plain: string;
}

/** P21: which checks the reply coach runs and how loudly, the workspace glossary, and a live try-it box. */
export function CoachSettingsScreen() {
  const settings = useCoachSettings();
  return (
    <AdminPage title={t('admin.coach.title')} permission="workspace.manage" intro={t('admin.coach.intro')}>
      {settings.isPending && <Spinner label={t('admin.coach.loading')} />}
      {settings.isError && <Alert>{describeError(settings.error)}</Alert>}
      {settings.data && <CoachSettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />}
      <TryCoach />
    </AdminPage>
  );
}

let nextRowId = 0;
const toRows = (glossary: WorkspaceCoachSettings['glossary']): GlossaryRow[] => glossary.map((entry) => ({ id: (nextRowId += 1), ...entry }));

function CoachSettingsForm({ settings }: { settings: WorkspaceCoachSettings }) {
  const [checks, setChecks] = useState<Partial<Record<CoachRuleId, CoachRuleSetting>>>(settings.checks);
  const [rows, setRows] = useState<GlossaryRow[]>(() => toRows(settings.glossary));
  const [isDirty, setIsDirty] = useState(false);
  const save = useSaveCoachSettings();

  function setLevel(rule: CoachRuleId, level: Level) {
    setChecks((current) => {
      const next = { ...current };
      if (level === 'default') delete next[rule];
      else next[rule] = level;
      return next;
    });
    setIsDirty(true);
  }
  function updateRow(id: number, change: Partial<GlossaryRow>) {
    setRows((current) => current.map((row) => (row.id === id ? { ...row, ...change } : row)));
    setIsDirty(true);
  }
  function addRow() {
    setRows((current) => [...current, { id: (nextRowId += 1), term: '', plain: '' }]);
    setIsDirty(true);
    // Focus the new term field once it is rendered.
    window.requestAnimationFrame(() => [...document.querySelectorAll<HTMLInputElement>('[data-glossary-term]')].at(-1)?.focus());
  }
  function removeRow(id: number) {
    setRows((current) => current.filter((row) => row.id !== id));
    setIsDirty(true);
  }
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const glossary = rows.filter((row) => row.term.trim()).map((row) => ({ term: row.term.trim(), plain: row.plain.trim() }));
    save.mutate({ checks, glossary }, { onSuccess: () => setIsDirty(false) });
  }

  return (
    <form className="admin-form admin-form--stack" onSubmit={handleSubmit} aria-label={t('admin.coach.title')}>
      <AdminCard title={t('admin.coach.checks')} id="admin-coach-checks-heading">
        <ul className="admin-list">
          {coachRuleIds.map((rule) => (
            <li key={rule} className="admin-list__item admin-list__item--center">
              <span className="admin-list__primary" id={`coach-rule-${rule}`}>
                {t(`admin.rule.${rule}`)}
              </span>
              <Select
                aria-label={t('admin.coach.level', { rule: t(`admin.rule.${rule}`) })}
                value={checks[rule] ?? 'default'}
                options={levelOptions}
                onChange={(event) => setLevel(rule, event.target.value as Level)}
              />
            </li>
          ))}
        </ul>
      </AdminCard>
      <AdminCard title={t('admin.coach.glossary')} id="admin-coach-glossary-heading">
        <p className="admin-muted">{t('admin.coach.glossaryHint')}</p>
        {rows.length === 0 && <p className="admin-muted">{t('admin.coach.glossaryEmpty')}</p>}
        {rows.length > 0 && (
          <ul className="admin-list" aria-label={t('admin.coach.glossary')}>
            {rows.map((row, index) => (
              <li key={row.id} className="admin-list__item" data-testid="glossary-row">
                <div className="admin-form__row">
                  <Field label={t('admin.coach.termLabel', { number: index + 1 })}>
                    {(control) => (
                      <TextInput {...control} data-glossary-term="" maxLength={100} value={row.term} onChange={(event) => updateRow(row.id, { term: event.target.value })} />
                    )}
                  </Field>
                  <Field label={t('admin.coach.plainLabel', { number: index + 1 })}>
                    {(control) => <TextInput {...control} maxLength={200} value={row.plain} onChange={(event) => updateRow(row.id, { plain: event.target.value })} />}
                  </Field>
                </div>
                <div className="admin-list__actions">
                  <Button size="sm" onClick={() => removeRow(row.id)}>
                    {row.term.trim() ? t('admin.coach.removeTerm', { term: row.term.trim() }) : t('admin.coach.removeEmptyTerm', { number: index + 1 })}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
        <div>
          <Button onClick={addRow}>{t('admin.coach.addTerm')}</Button>
        </div>
      </AdminCard>
      <div className="admin-form__actions">
        <Button type="submit" variant="primary" isBusy={save.isPending}>
          {t('admin.coach.save')}
        </Button>
        {isDirty && <span className="admin-muted">{t('admin.coach.unsaved')}</span>}
      </div>
      {save.isError && <Alert>{describeError(save.error)}</Alert>}
    </form>
  );
}

function TryCoach() {
  const [customer, setCustomer] = useState(t('admin.coach.sampleCustomer'));
  const [draft, setDraft] = useState(t('admin.coach.sampleDraft'));
  const check = useTryCoach();
  const resultsId = useId();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    check.mutate({ draft, conversation: customer.trim() ? [{ from: 'customer', text: customer }] : [] });
  }
  return (
    <AdminCard title={t('admin.coach.tryTitle')} id="admin-coach-try-heading">
      <p className="admin-muted">{t('admin.coach.tryHint')}</p>
      <form className="admin-form" onSubmit={handleSubmit} aria-labelledby="admin-coach-try-heading">
        <Field label={t('admin.coach.tryCustomer')}>
          {(control) => <TextArea {...control} rows={2} value={customer} onChange={(event) => setCustomer(event.target.value)} />}
        </Field>
        <Field label={t('admin.coach.tryDraft')}>
          {(control) => <TextArea {...control} rows={3} required value={draft} onChange={(event) => setDraft(event.target.value)} />}
        </Field>
        <div className="admin-form__actions">
          <Button type="submit" variant="primary" isBusy={check.isPending} aria-controls={resultsId}>
            {t('admin.coach.trySubmit')}
          </Button>
        </div>
      </form>
      <div id={resultsId} role="status" className="admin-try__results">
        {check.isError && <Alert>{describeError(check.error)}</Alert>}
        {check.data && <Findings output={check.data} draft={check.variables.draft} />}
      </div>
    </AdminCard>
  );
}

function ruleLabel(rule: string): string {
  return (coachRuleIds as readonly string[]).includes(rule) ? t(`admin.rule.${rule as CoachRuleId}`) : rule;
}

function Findings({ output, draft }: { output: CoachResponse; draft: string }) {
  if (output.findings.length === 0) return <p>{t('admin.coach.tryNone')}</p>;
  return (
    <>
      <p>{t('admin.coach.tryFindings', { count: output.findings.length })}</p>
      <ul className="admin-list" data-testid="coach-findings">
        {output.findings.map((finding, index) => (
          <li key={`${finding.rule}-${finding.start}-${index}`} className="admin-list__item" data-rule={finding.rule}>
            <div className="admin-list__main">
              <span className="admin-list__headline">
                <Badge className={finding.severity === 'warn' ? 'admin-badge--warn' : undefined}>{t(`admin.coach.severity.${finding.severity}`)}</Badge>
                <span className="admin-list__primary">{ruleLabel(finding.rule)}</span>
              </span>
              <span>{finding.message}</span>
              {finding.end > finding.start && <span className="admin-list__secondary">{t('admin.coach.flagged', { text: draft.slice(finding.start, finding.end) })}</span>}
              {finding.suggestion && <span className="admin-list__secondary">{t('admin.coach.suggestion', { text: finding.suggestion })}</span>}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
