import type { ComponentPropsWithoutRef } from 'react';
import { classNames } from './class-names.ts';

/** Present for screen readers, invisible on screen (and visible again when it holds focus). */
export function VisuallyHidden({ className, ...rest }: ComponentPropsWithoutRef<'span'>) {
  return <span {...rest} className={classNames('rp-visually-hidden', className)} />;
}
