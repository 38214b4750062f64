import type { ComponentPropsWithRef, ReactNode } from 'react';
import { classNames } from './class-names.ts';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';
export type ButtonSize = 'sm' | 'md';

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Shows a busy state and blocks clicks without removing the button from the tab order. */
  isBusy?: boolean;
}

/** A native button. Defaults to type="button" so it never submits a form by accident. */
export function Button({
  variant = 'secondary',
  size = 'md',
  isBusy = false,
  className,
  type = 'button',
  onClick,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      aria-busy={isBusy || undefined}
      aria-disabled={isBusy || undefined}
      onClick={(event) => {
        // aria-disabled keeps focus on the button while busy, so the click is stopped here instead.
        if (isBusy) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
      className={classNames('rp-button', `rp-button--${variant}`, size === 'sm' && 'rp-button--sm', className)}
    >
      {children}
    </button>
  );
}

export interface IconButtonProps extends Omit<ButtonProps, 'children' | 'aria-label'> {
  /** Required: an icon alone has no accessible name. Also shown as a tooltip. */
  label: string;
  icon: ReactNode;
}

export function IconButton({ label, icon, className, variant = 'ghost', title, ...rest }: IconButtonProps) {
  return (
    <Button
      {...rest}
      variant={variant}
      aria-label={label}
      title={title ?? label}
      className={classNames('rp-icon-button', className)}
    >
      {icon}
    </Button>
  );
}
