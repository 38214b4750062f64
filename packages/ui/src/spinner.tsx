import { classNames } from './class-names.ts';

export interface SpinnerProps {
  /** Read by screen readers; shown too when isLabelVisible. */
  label?: string;
  isLabelVisible?: boolean;
  className?: string;
}

export function Spinner({ label = 'Loading…', isLabelVisible = false, className }: SpinnerProps) {
  return (
    <span role="status" className={classNames('rp-spinner', className)}>
      <span className="rp-spinner__ring" aria-hidden="true" />
      <span className={isLabelVisible ? undefined : 'rp-visually-hidden'}>{label}</span>
    </span>
  );
}
