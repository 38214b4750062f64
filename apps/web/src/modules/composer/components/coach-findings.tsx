import { useEffect, useId, useRef, useState } from 'react';
import { DismissReason } from '@rapport/contracts/composer';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { t } from '../../../i18n/i18n.ts';
import { replacementOf, type PlacedFinding } from '../coach-highlights.ts';
import type { CoachStatus } from '../hooks/use-live-coach.ts';

const reasons = DismissReason.options;

function FindingItem({
  finding,
  text,
  onFix,
  onDismiss,
  onActive,
}: {
  finding: PlacedFinding;
  text: string;
  onFix: (finding: PlacedFinding, replacement: string) => void;
  onDismiss: (finding: PlacedFinding, reason: DismissReason) => void;
  onActive: (key: string | null) => void;
}) {
  const [isDismissing, setIsDismissing] = useState(false);
  const [reason, setReason] = useState<DismissReason>('not_relevant');
  const dismissButton = useRef<HTMLButtonElement>(null);
  const reasonSelect = useRef<HTMLSelectElement>(null);
  const wasDismissing = useRef(false);
  // Focus moves into the small form it opened, and back to its button when it closes.
  useEffect(() => {
    if (isDismissing) reasonSelect.current?.focus();
    else if (wasDismissing.current) dismissButton.current?.focus();
    wasDismissing.current = isDismissing;
  }, [isDismissing]);
  const replacement = replacementOf(finding, text);
  const excerpt = finding.isWholeDraft ? null : finding.excerpt.length > 60 ? `${finding.excerpt.slice(0, 57)}…` : finding.excerpt;
  return (
    <li
      className={`coach-finding coach-finding--${finding.severity}`}
      data-testid="coach-finding"
      data-rule={finding.rule}
      onMouseEnter={() => onActive(finding.key)}
      onMouseLeave={() => onActive(null)}
      onFocus={() => onActive(finding.key)}
      onBlur={() => onActive(null)}
    >
      <p className="coach-finding__message">
        <span className="coach-finding__severity">{t(finding.severity === 'warn' ? 'composer.coach.severity.warn' : 'composer.coach.severity.info')}: </span>
        {finding.message}
        {excerpt && <span className="coach-finding__excerpt"> ({t('composer.coach.about', { excerpt })})</span>}
      </p>
      {finding.suggestion && !replacement && <p className="coach-finding__suggestion">{finding.suggestion}</p>}
      {!isDismissing ? (
        <div className="coach-finding__actions">
          {replacement !== null && (
            <Button size="sm" variant="primary" onClick={() => onFix(finding, replacement)}>
              {t('composer.coach.fix', { replacement: replacement || ' ' })}
            </Button>
          )}
          <Button ref={dismissButton} size="sm" variant="ghost" onClick={() => setIsDismissing(true)}>
            {t('composer.coach.dismiss')}
          </Button>
        </div>
      ) : (
        <form
          className="coach-finding__dismiss"
          onSubmit={(event) => {
            event.preventDefault();
            onDismiss(finding, reason);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              setIsDismissing(false);
            }
          }}
        >
          <Field label={t('composer.coach.dismissReason')}>
            {(control) => (
              <Select
                {...control}
                ref={reasonSelect}
                value={reason}
                onChange={(event) => setReason(event.target.value as DismissReason)}
                options={reasons.map((value) => ({ value, label: t(`composer.coach.reason.${value}`) }))}
              />
            )}
          </Field>
          <div className="coach-finding__actions">
            <Button size="sm" type="submit">
              {t('composer.coach.dismissConfirm')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setIsDismissing(false)}>
              {t('composer.coach.cancel')}
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}

/** The coach's findings for the reply, each with its one-click fix (when there is one) and a dismiss with a reason. */
export function CoachFindings(props: {
  findings: readonly PlacedFinding[];
  text: string;
  status: CoachStatus;
  onFix: (finding: PlacedFinding, replacement: string) => void;
  onDismiss: (finding: PlacedFinding, reason: DismissReason) => void;
  onActive: (key: string | null) => void;
}) {
  const { findings, status } = props;
  const headingId = useId();
  if (status === 'idle' && findings.length === 0) return null;
  return (
    <section className="coach-findings" aria-labelledby={headingId}>
      <h3 id={headingId} className="coach-findings__heading">
        {t('composer.coach.heading')}
      </h3>
      <p className="coach-findings__status">
        {status === 'checking'
          ? t('composer.coach.checking')
          : status === 'unavailable'
            ? t('composer.coach.unavailable')
            : findings.length === 0
              ? t('composer.coach.clear')
              : t('composer.coach.count', { count: findings.length })}
      </p>
      {/* Announced only when the number changes, not on every "Checking…" while the agent types. */}
      <p className="rp-visually-hidden" aria-live="polite">
        {status === 'unavailable' ? t('composer.coach.unavailable') : t('composer.coach.count', { count: findings.length })}
      </p>
      {findings.length > 0 && (
        <ul className="coach-findings__list">
          {findings.map((finding) => (
            <FindingItem key={`${finding.key}:${finding.start}`} finding={finding} text={props.text} onFix={props.onFix} onDismiss={props.onDismiss} onActive={props.onActive} />
          ))}
        </ul>
      )}
    </section>
  );
}
