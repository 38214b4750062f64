import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { TicketStatus } from '@rapport/contracts/tickets';
import { Button } from '@rapport/ui/button';
import { t } from '../../../i18n/i18n.ts';

const options: { status: TicketStatus; label: 'composer.sendAndPending' | 'composer.sendAndSolve' }[] = [
  { status: 'pending', label: 'composer.sendAndPending' },
  { status: 'solved', label: 'composer.sendAndSolve' },
];

/**
 * The split send button: Send, and a menu button with "Send and set pending" and "Send and solve"
 * (menu pattern: arrows move, Escape closes and returns focus to the menu button).
 */
export function SendMenu({ label, isBusy, isDisabled, onSend }: { label: string; isBusy: boolean; isDisabled: boolean; onSend: (status?: TicketStatus) => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();

  useEffect(() => {
    if (isOpen) items.current[0]?.focus();
  }, [isOpen]);

  useEffect(() => {
    if (!isOpen) return undefined;
    const close = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!menuButton.current?.parentElement?.contains(target)) setIsOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [isOpen]);

  function closeMenu() {
    setIsOpen(false);
    menuButton.current?.focus();
  }

  function handleMenuKey(event: KeyboardEvent<HTMLUListElement>) {
    const index = items.current.findIndex((item) => item === document.activeElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items.current[(index + step + options.length) % options.length]?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') event.preventDefault();
      closeMenu();
    }
  }

  return (
    <div className="send-menu">
      <Button variant="primary" className="send-menu__main" disabled={isDisabled} isBusy={isBusy} onClick={() => onSend()}>
        {isBusy ? t('composer.sending') : label}
      </Button>
      <Button
        ref={menuButton}
        variant="primary"
        className="send-menu__toggle"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? `${id}-menu` : undefined}
        aria-label={t('composer.sendOptions')}
        title={t('composer.sendOptions')}
        disabled={isDisabled || isBusy}
        onClick={() => setIsOpen((open) => !open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setIsOpen(true);
          }
        }}
      >
        <span aria-hidden="true">▾</span>
      </Button>
      {isOpen && (
        <ul id={`${id}-menu`} role="menu" aria-label={t('composer.sendOptions')} className="send-menu__menu" onKeyDown={handleMenuKey}>
          {options.map((option, index) => (
            <li key={option.status} role="none">
              <button
                ref={(element) => {
                  items.current[index] = element;
                }}
                type="button"
                role="menuitem"
                className="send-menu__item"
                onClick={() => {
                  setIsOpen(false);
                  onSend(option.status);
                }}
              >
                {t(option.label)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
