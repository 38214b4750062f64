import type { ComponentPropsWithRef } from 'react';
import { classNames } from './class-names.ts';

export function TextInput({ className, type = 'text', ...rest }: ComponentPropsWithRef<'input'>) {
  return <input {...rest} type={type} className={classNames('rp-input', className)} />;
}
