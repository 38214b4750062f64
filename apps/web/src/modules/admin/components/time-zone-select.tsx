import { useMemo } from 'react';
import { supportedTimeZones } from '@rapport/contracts/workspace';
import { Select, type SelectOption } from '@rapport/ui/select';
import type { FieldControlProps } from '@rapport/ui/field';
import { t } from '../../../i18n/i18n.ts';
import { formatZoneOffset } from '../../../lib/relative-time.ts';

/**
 * A native select of every IANA zone the browser knows (the server checks against its own list),
 * each with its current UTC offset. `extraFirst` puts e.g. "Same as the workspace" on top.
 */
export function TimeZoneSelect({
  value,
  onChange,
  extraFirst,
  control,
}: {
  value: string;
  onChange: (value: string) => void;
  extraFirst?: SelectOption;
  control: FieldControlProps;
}) {
  const options = useMemo(() => {
    const now = new Date();
    const zones = supportedTimeZones();
    // A zone stored by an older runtime may be missing here; keep it selectable rather than silently changing it.
    if (value && value !== extraFirst?.value && !zones.includes(value)) zones.unshift(value);
    const list: SelectOption[] = zones.map((zone) => ({ value: zone, label: t('admin.timeZone.option', { zone, offset: safeOffset(zone, now) }) }));
    return extraFirst ? [extraFirst, ...list] : list;
  }, [extraFirst, value]);
  return <Select {...control} value={value} options={options} onChange={(event) => onChange(event.target.value)} />;
}

function safeOffset(zone: string, at: Date): string {
  try {
    return formatZoneOffset(zone, at);
  } catch {
    return '?';
  }
}
