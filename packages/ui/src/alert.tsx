import type { ReactNode } from 'react';
import { classNames } from './class-names.ts';

/** An inline error. role="alert" makes screen readers speak it as soon as it appears. */
export function Alert({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div role="alert" className={classNames('rp-alert', className)}>
      {children}
    </div>
  );
}
