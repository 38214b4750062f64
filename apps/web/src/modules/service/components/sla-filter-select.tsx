import { SlaFilter } from '@rapport/contracts/tickets';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { t } from '../../../i18n/i18n.ts';

/** A view's SLA filter: any, breached, due soon, running, no SLA. '' = any. */
export function SlaFilterSelect({ value, onChange }: { value: SlaFilter | ''; onChange: (value: SlaFilter | '') => void }) {
  const options = [{ value: '', label: t('service.filter.any') }, ...SlaFilter.options.map((filter) => ({ value: filter, label: t(`service.filter.${filter}`) }))];
  return (
    <Field label={t('service.filter.label')}>
      {(control) => (
        <Select
          {...control}
          options={options}
          value={value}
          onChange={(event) => {
            const parsed = SlaFilter.safeParse(event.target.value);
            onChange(parsed.success ? parsed.data : '');
          }}
        />
      )}
    </Field>
  );
}
