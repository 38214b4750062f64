import { Availability } from '@rapport/contracts/routing';
import { Select } from '@rapport/ui/select';
import { useAnnounce } from '@rapport/ui/live-region';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useMyAvailability, useSetAvailability } from '../hooks/use-routing.ts';
import './routing.css';

const options = Availability.options.map((value) => ({ value, label: t(`routing.availability.${value}`) }));

/**
 * The agent's own availability in the app shell (P5 routing): online, away or offline. Only online
 * agents get tickets automatically; nothing else changes (they can still take and answer tickets).
 */
export function AvailabilitySwitch() {
  const current = useMyAvailability();
  const set = useSetAvailability();
  const announce = useAnnounce();
  if (!current.data) return null;
  const value = set.isPending && set.variables ? set.variables : current.data.availability;
  return (
    <div className="routing-availability" data-availability={value}>
      <label className="routing-availability__label" htmlFor="routing-availability" title={t('routing.availability.hint')}>
        <span className="routing-availability__dot" aria-hidden="true" />
        {t('routing.availability.label')}
      </label>
      <Select
        id="routing-availability"
        data-testid="availability-switch"
        aria-describedby="routing-availability-hint"
        value={value}
        options={options}
        disabled={set.isPending}
        onChange={(event) => {
          const next = Availability.parse(event.target.value);
          set.mutate(next, { onSuccess: () => announce(t('routing.availability.saved', { availability: t(`routing.availability.${next}`) })) });
        }}
      />
      <span id="routing-availability-hint" className="rp-visually-hidden">
        {t('routing.availability.hint')}
      </span>
      {set.isError && (
        <span className="routing-availability__error" role="alert">
          {describeError(set.error)}
        </span>
      )}
    </div>
  );
}
