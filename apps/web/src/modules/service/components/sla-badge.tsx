import type { SlaSummary } from '@rapport/contracts/tickets';
import { VisuallyHidden } from '@rapport/ui/visually-hidden';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { describeSlaSummary } from '../sla-format.ts';
import './sla.css';

/**
 * A list row's SLA clock: "Reply due in 42 min", "Breached 1 h ago", "Paused". Coloured by state
 * (amber when due soon, red when breached), always with the words. `now` comes from the list's
 * ticking clock (useNow), so it reads right every minute without a refetch.
 */
export function SlaBadge({ sla, now }: { sla: SlaSummary; now: number }) {
  const { text, tone } = describeSlaSummary(sla, now);
  return (
    <span className="sla-badge" data-tone={tone} data-testid="sla-badge" title={sla.dueAt ? formatAbsoluteTime(sla.dueAt) : undefined}>
      <VisuallyHidden>{t('service.sla.label')} </VisuallyHidden>
      {tone === 'warning' || tone === 'breached' ? (
        <span className="sla-badge__mark" aria-hidden="true">
          {tone === 'breached' ? '!' : '◷'}
        </span>
      ) : null}
      {text}
    </span>
  );
}
