import type { ComponentPropsWithRef } from 'react';
import { classNames } from './class-names.ts';

export function TextArea({ className, ...rest }: ComponentPropsWithRef<'textarea'>) {
  return <textarea {...rest} className={classNames('rp-textarea', className)} />;
}
