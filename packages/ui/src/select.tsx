import type { ComponentPropsWithRef } from 'react';
import { classNames } from './class-names.ts';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends Omit<ComponentPropsWithRef<'select'>, 'children'> {
  options: readonly SelectOption[];
}

/** A native select: the platform's own keyboard and screen-reader behaviour beats any custom listbox. */
export function Select({ options, className, ...rest }: SelectProps) {
  return (
    <select {...rest} className={classNames('rp-select', className)}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
