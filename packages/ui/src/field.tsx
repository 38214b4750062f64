import { useId, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import { classNames } from './class-names.ts';

/** What a Field hands to its control so the label, hint and error are wired up. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** Keeps the label for assistive technology when the layout has no room to show it. */
  isLabelHidden?: boolean;
  /**
   * A fixed id for the control (e.g. one a keyboard shortcut focuses). Set it here, not on the
   * control: an id spread over `control` unlinks the label (axe: label, select-name).
   */
  id?: string;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}

export function Field({ label, hint, error, isLabelHidden = false, className, id: fixedId, children }: FieldProps) {
  const generatedId = useId();
  const id = fixedId ?? generatedId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const control: FieldControlProps = { id, 'aria-describedby': describedBy };
  if (error) control['aria-invalid'] = true;
  return (
    <div className={classNames('rp-field', className)}>
      <Label htmlFor={id} className={isLabelHidden ? 'rp-visually-hidden' : undefined}>
        {label}
      </Label>
      {children(control)}
      {hint && (
        <span id={hintId} className="rp-field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="rp-field__error">
          {error}
        </span>
      )}
    </div>
  );
}

export function Label({ className, ...rest }: ComponentPropsWithoutRef<'label'>) {
  return <label {...rest} className={classNames('rp-label', className)} />;
}
