import { useEffect, useId, useRef, type ReactNode } from 'react';
import { IconButton } from './button.tsx';
import { classNames } from './class-names.ts';
import { CloseIcon } from './icons.tsx';

export type DialogSize = 'md' | 'lg';

export interface DialogProps {
  /** The visible heading; it also names the dialog (aria-labelledby). */
  title: string;
  /** Called on Escape and the close button. The caller closes the dialog by unmounting it. */
  onClose: () => void;
  children: ReactNode;
  /** Wide content (an audit trail) gets more room. */
  size?: DialogSize;
  /** Extra class on the <dialog>, e.g. for a custom width. */
  className?: string;
  /** The close button's accessible name (the UI package has no message catalogue). */
  closeLabel: string;
  /** Leaves out the header's close button, for dialogs whose own buttons (Cancel, Close) suffice. */
  hideCloseButton?: boolean;
}

const fieldSelector = 'input:not([type="hidden"]), select, textarea';
const controlSelector = `button, a[href], ${fieldSelector}, [tabindex]:not([tabindex="-1"])`;

/** The first element matching the selector that can take focus (enabled and rendered). */
function firstFocusable(root: ParentNode | null, selector: string): HTMLElement | null {
  if (!root) return null;
  for (const element of root.querySelectorAll<HTMLElement>(selector)) {
    if (!element.matches(':disabled') && element.getClientRects().length > 0) return element;
  }
  return null;
}

/** Where focus starts: a [data-autofocus] element, else the first field, else the close button, else the first control. */
function initialFocus(dialog: HTMLDialogElement): HTMLElement | null {
  const body = dialog.querySelector('.rp-dialog__body');
  const marked = dialog.querySelector<HTMLElement>('[data-autofocus]');
  if (marked) return marked;
  const field = firstFocusable(body, fieldSelector);
  // In a radio group the checked option is the one the keyboard lands on.
  if (field instanceof HTMLInputElement && field.type === 'radio' && field.name && field.form) {
    const checked = firstFocusable(field.form, `input[type="radio"][name="${CSS.escape(field.name)}"]:checked`);
    if (checked) return checked;
  }
  return field ?? firstFocusable(dialog.querySelector('.rp-dialog__header'), 'button') ?? firstFocusable(body, controlSelector);
}

/**
 * A modal dialog on the native <dialog>. Mount it to open it, unmount it to close it:
 * showModal() makes the page behind inert and keeps focus inside; focus starts on the element
 * marked data-autofocus, else the first field, else the close button; Escape calls onClose (the
 * native close is prevented so React state decides); on unmount focus returns to the element that
 * opened it or, when that is gone, to the page's focusable h1.
 */
export function Dialog({ title, onClose, children, size = 'md', className, closeLabel, hideCloseButton = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body ? active : null;
    if (!dialog.open) dialog.showModal();
    initialFocus(dialog)?.focus();

    const handleCancel = (event: Event) => {
      // A cancel the browser will not let us prevent (Escape pressed twice without a user
      // activation in between) closes the dialog anyway; handleClose reports that one.
      if (!event.cancelable) return;
      event.preventDefault();
      onCloseRef.current();
    };
    // The close event is queued: one from an earlier close (this effect re-running) can arrive
    // after the dialog was opened again, so only a close that left the dialog closed counts.
    const handleClose = () => {
      if (!dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('cancel', handleCancel);
    dialog.addEventListener('close', handleClose);
    return () => {
      dialog.removeEventListener('cancel', handleCancel);
      dialog.removeEventListener('close', handleClose);
      // Close first: while a modal dialog is open, everything outside it is inert and cannot take focus.
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
      // The opener may be gone (a split message leaves the ticket): then the page's heading takes focus.
      if (!opener?.isConnected || document.activeElement !== opener) document.querySelector<HTMLElement>('h1[tabindex="-1"]')?.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={classNames('rp-dialog', `rp-dialog--${size}`, className)} aria-labelledby={titleId}>
      <header className="rp-dialog__header">
        <h2 id={titleId} className="rp-dialog__title">
          {title}
        </h2>
        {!hideCloseButton && <IconButton size="sm" label={closeLabel} icon={<CloseIcon />} onClick={onClose} />}
      </header>
      <div className="rp-dialog__body">{children}</div>
    </dialog>
  );
}
