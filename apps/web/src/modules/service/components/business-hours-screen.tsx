import { useRef, useState, type FormEvent } from 'react';
import type { BusinessHoursDto } from '@rapport/contracts/service';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t, type MessageKey } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { Link } from '../../../router/router.tsx';
import { adminPaths } from '../../admin/admin-paths.ts';
import { AdminCard, AdminFormActions, AdminPage } from '../../admin/components/admin-page.tsx';
import {
  addInterval,
  bodyFromForm,
  businessHoursErrors,
  changeInterval,
  formFromBusinessHours,
  hasErrors,
  intervalKey,
  isoWeekdays,
  presets,
  removeInterval,
  weeklyOpenHours,
  type BusinessHoursErrors,
  type BusinessHoursForm,
  type HolidayDraft,
  type IsoDay,
  type PresetName,
} from '../business-hours-form.ts';
import { useBusinessHours, useSaveBusinessHours } from '../service-api.ts';
import { ServerIssues } from './server-issues.tsx';
import './service.css';

const presetLabels: Record<PresetName, MessageKey> = {
  weekdays: 'service.hours.preset.weekdays',
  aroundTheClock: 'service.hours.preset.aroundTheClock',
};

const dayKey = (day: IsoDay) => `service.day.${day}` as MessageKey;

/** The workspace's opening hours (a week of intervals) and holidays, which business-hours SLA clocks count. */
export function BusinessHoursScreen() {
  const hours = useBusinessHours();
  return (
    <AdminPage title={t('service.hours.title')} permission="service.manage" intro={t('service.hours.intro')}>
      {hours.isPending && <Spinner label={t('service.hours.loading')} isLabelVisible />}
      {hours.isError && <Alert>{describeError(hours.error)}</Alert>}
      {hours.data && <BusinessHoursEditor hours={hours.data} />}
    </AdminPage>
  );
}

function BusinessHoursEditor({ hours }: { hours: BusinessHoursDto }) {
  const [form, setForm] = useState<BusinessHoursForm>(() => formFromBusinessHours(hours));
  const [showErrors, setShowErrors] = useState(false);
  const save = useSaveBusinessHours();
  const announce = useAnnounce();
  const summaryRef = useRef<HTMLDivElement>(null);
  const errors = businessHoursErrors(form);
  const visibleErrors: BusinessHoursErrors = showErrors ? errors : { intervals: new Map(), holidays: new Map(), noHours: false };

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (hasErrors(errors)) {
      setShowErrors(true);
      summaryRef.current?.focus();
      return;
    }
    save.mutate(bodyFromForm(form));
  }

  function applyPreset(name: PresetName) {
    setForm((current) => ({ ...current, week: presets[name]() }));
    announce(t('service.hours.presetApplied', { name: t(presetLabels[name]) }));
  }

  const updateHoliday = (index: number, changes: Partial<HolidayDraft>) =>
    setForm((current) => ({ ...current, holidays: current.holidays.map((holiday, position) => (position === index ? { ...holiday, ...changes } : holiday)) }));

  return (
    <form className="admin-form admin-form--stack" onSubmit={handleSubmit} noValidate aria-label={t('service.hours.title')}>
      <AdminCard title={t('service.hours.weekTitle')} id="service-hours-week-heading">
        <p className="admin-muted" data-testid="business-hours-zone">
          {t('service.hours.zone', { zone: hours.timeZone })} <Link to={adminPaths.workspace}>{t('service.hours.changeZone')}</Link>
        </p>
        <p className="service-hours__total" data-testid="weekly-open-hours" aria-live="polite">
          {t('service.hours.openHours', { hours: weeklyOpenHours(form.week) })}
        </p>
        <div className="service-hours__presets" role="group" aria-label={t('service.hours.presets')}>
          {(Object.keys(presets) as PresetName[]).map((name) => (
            <Button key={name} size="sm" onClick={() => applyPreset(name)}>
              {t(presetLabels[name])}
            </Button>
          ))}
        </div>
        {visibleErrors.noHours && <p className="rp-field__error">{t('service.hours.error.noHours')}</p>}
        <div className="service-hours__week">
          {isoWeekdays.map((day) => (
            <fieldset key={day} className="service-hours__day" data-testid={`business-day-${day}`}>
              <legend className="service-hours__day-name">{t(dayKey(day))}</legend>
              {form.week[day].length === 0 && <p className="admin-muted service-hours__closed">{t('service.hours.closed')}</p>}
              {form.week[day].map((interval, index) => {
                const error = visibleErrors.intervals.get(intervalKey(day, index));
                const label = t('service.hours.interval', { day: t(dayKey(day)), number: index + 1 });
                return (
                  <div key={index} className="service-hours__interval" role="group" aria-label={label}>
                    <Field label={t('service.hours.opens')} error={error === 'startInvalid' ? t('service.hours.error.startInvalid') : undefined}>
                      {(control) => (
                        <TextInput
                          {...control}
                          type="time"
                          value={interval.start}
                          onChange={(event) => setForm((current) => ({ ...current, week: changeInterval(current.week, day, index, { start: event.target.value }) }))}
                        />
                      )}
                    </Field>
                    <Field
                      label={t('service.hours.closes')}
                      hint={interval.end === '00:00' ? t('service.hours.closesHint') : undefined}
                      error={error && error !== 'startInvalid' ? t(`service.hours.error.${error}`) : undefined}
                    >
                      {(control) => (
                        <TextInput
                          {...control}
                          type="time"
                          value={interval.end}
                          onChange={(event) => setForm((current) => ({ ...current, week: changeInterval(current.week, day, index, { end: event.target.value }) }))}
                        />
                      )}
                    </Field>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={t('service.hours.remove', { day: t(dayKey(day)), number: index + 1 })}
                      onClick={() => setForm((current) => ({ ...current, week: removeInterval(current.week, day, index) }))}
                    >
                      {t('service.remove')}
                    </Button>
                  </div>
                );
              })}
              <Button size="sm" variant="ghost" onClick={() => setForm((current) => ({ ...current, week: addInterval(current.week, day) }))}>
                {t('service.hours.add', { day: t(dayKey(day)) })}
              </Button>
            </fieldset>
          ))}
        </div>
      </AdminCard>

      <AdminCard title={t('service.hours.holidaysTitle')} id="service-hours-holidays-heading">
        <p className="admin-muted">{t('service.hours.holidaysIntro')}</p>
        {form.holidays.length === 0 && <p className="admin-muted">{t('service.hours.noHolidays')}</p>}
        {form.holidays.length > 0 && (
          <ul className="service-hours__holidays">
            {form.holidays.map((holiday, index) => {
              const error = visibleErrors.holidays.get(index);
              return (
                <li key={index} className="service-hours__interval" role="group" aria-label={t('service.hours.holiday', { number: index + 1 })}>
                  <Field label={t('service.hours.holidayDate')} error={error === 'dateInvalid' || error === 'dateRepeated' ? t(`service.hours.error.${error}`) : undefined}>
                    {(control) => <TextInput {...control} type="date" value={holiday.date} onChange={(event) => updateHoliday(index, { date: event.target.value })} />}
                  </Field>
                  <Field label={t('service.hours.holidayName')} error={error === 'nameMissing' ? t('service.hours.error.nameMissing') : undefined}>
                    {(control) => <TextInput {...control} maxLength={100} value={holiday.name} onChange={(event) => updateHoliday(index, { name: event.target.value })} />}
                  </Field>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t('service.hours.removeHoliday', { number: index + 1 })}
                    onClick={() => setForm((current) => ({ ...current, holidays: current.holidays.filter((_, position) => position !== index) }))}
                  >
                    {t('service.remove')}
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        <div>
          <Button size="sm" onClick={() => setForm((current) => ({ ...current, holidays: [...current.holidays, { date: '', name: '' }] }))}>
            {t('service.hours.addHoliday')}
          </Button>
        </div>
      </AdminCard>

      <div ref={summaryRef} tabIndex={-1} className="service-hours__summary">
        {showErrors && hasErrors(errors) && <Alert>{t('service.hours.fixErrors')}</Alert>}
      </div>
      <AdminFormActions submitLabel={t('service.hours.save')} mutation={save} />
      {save.isError && <ServerIssues error={save.error} />}
      {hours.updatedAt && <p className="admin-muted">{t('service.hours.lastSaved', { time: formatAbsoluteTime(hours.updatedAt) })}</p>}
    </form>
  );
}
