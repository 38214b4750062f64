/** Pure helpers of the parity screen (unit tested). */
export type DurationUnit = 'minutes' | 'hours' | 'days';

/** Minutes as the unit a person reads at a glance: under 2 hours in minutes, under 2 days in hours, else days. */
export function durationParts(minutes: number): { value: string; unit: DurationUnit } {
  if (minutes < 120) return { value: String(Math.round(minutes)), unit: 'minutes' };
  if (minutes < 48 * 60) return { value: (minutes / 60).toFixed(1), unit: 'hours' };
  return { value: (minutes / 1440).toFixed(1), unit: 'days' };
}

/** Bar widths in percent of the largest value (nulls are 0); all 0 when there is nothing to compare. */
export function barWidths(values: readonly (number | null)[]): number[] {
  const largest = Math.max(0, ...values.map((value) => value ?? 0));
  return values.map((value) => (largest > 0 && value !== null ? Math.max(1, Math.round((value / largest) * 100)) : 0));
}
