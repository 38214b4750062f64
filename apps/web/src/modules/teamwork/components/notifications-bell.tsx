import { useEffect, useId, useRef, useState, type CSSProperties } from 'react';
import type { Notification } from '@rapport/contracts/teamwork';
import { Button } from '@rapport/ui/button';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { t } from '../../../i18n/i18n.ts';
import { useNow } from '../../../lib/relative-time.ts';
import { RelativeTime } from '../../../lib/relative-time-view.tsx';
import { navigate } from '../../../router/router.tsx';
import { describeNotification, notificationPath } from '../notification-text.ts';
import { useAnnounceNewNotifications, useMarkRead, useNotifications } from '../hooks/use-notifications.ts';
import './notifications.css';

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** Beside the bell, opening towards the free space (up from a bell low on the screen), kept on screen. */
function panelPlacement(bell: HTMLElement | null): CSSProperties {
  if (!bell) return { top: 16, left: 16 };
  const rect = bell.getBoundingClientRect();
  const margin = 8;
  const left = Math.max(margin, Math.min(rect.left, window.innerWidth - Math.min(384, window.innerWidth - 32) - margin));
  return rect.top > window.innerHeight / 2 ? { left, bottom: window.innerHeight - rect.top + margin } : { left, top: rect.bottom + margin };
}

function NotificationItem({ notification, now, onOpen }: { notification: Notification; now: number; onOpen: (notification: Notification) => void }) {
  const view = describeNotification(notification);
  const isUnread = notification.readAt === null;
  return (
    <li className="notification" data-unread={isUnread || undefined}>
      <button type="button" className="notification__button" onClick={() => onOpen(notification)}>
        <span className="notification__title">
          {isUnread && <span className="notification__unread">{t('teamwork.notifications.unread')}</span>}
          {view.title}
        </span>
        {view.subject && <span className="notification__subject">{view.subject}</span>}
        {view.excerpt && <span className="notification__excerpt">{view.excerpt}</span>}
        <span className="notification__time">
          <RelativeTime iso={notification.createdAt} now={now} />
        </span>
      </button>
    </li>
  );
}

/**
 * The bell in the app shell: unread count, and a panel of your notifications (mentions,
 * assignments, replies and notes on tickets you follow). Opening one goes to its ticket and marks
 * it read. Focus moves into the panel when it opens; Escape or a click outside closes it and
 * focus returns to the bell. Updates live over the stream.
 */
export function NotificationsBell() {
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const announce = useAnnounce();
  const now = useNow();
  const [isOpen, setIsOpen] = useState(false);
  const [placement, setPlacement] = useState<CSSProperties>({});
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const panelId = useId();
  const unread = notifications.data?.unreadCount ?? 0;
  useAnnounceNewNotifications(notifications.data?.items);

  function close(shouldRestoreFocus = true) {
    setIsOpen(false);
    if (shouldRestoreFocus) buttonRef.current?.focus();
  }

  useEffect(() => {
    if (!isOpen) return;
    panelRef.current?.querySelector<HTMLElement>('.notification__button, [data-autofocus]')?.focus();
    function handleKeyDown(event: KeyboardEvent) {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
        return;
      }
      // Tab stays inside the panel while it is open (it closes with Escape or the close button).
      if (event.key !== 'Tab' || !panelRef.current) return;
      const focusable = [...panelRef.current.querySelectorAll<HTMLElement>('button:not([disabled]), a[href]')];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
    function handlePointer(event: PointerEvent) {
      const target = event.target as Node; // pointer events target nodes
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    }
    document.addEventListener('keydown', handleKeyDown);
    document.addEventListener('pointerdown', handlePointer);
    return () => {
      document.removeEventListener('keydown', handleKeyDown);
      document.removeEventListener('pointerdown', handlePointer);
    };
    // Focus moves in once per opening, not on every refetch.
  }, [isOpen]);

  function open(notification: Notification) {
    if (notification.readAt === null) markRead.mutate({ ids: [notification.id] });
    const path = notificationPath(notification);
    setIsOpen(false);
    if (path) navigate(path);
  }

  const items = notifications.data?.items ?? [];
  return (
    <div className="notifications">
      <button
        ref={buttonRef}
        type="button"
        className="notifications__bell"
        aria-expanded={isOpen}
        aria-controls={isOpen ? panelId : undefined}
        aria-label={unread > 0 ? t('teamwork.notifications.buttonUnread', { count: unread }) : t('teamwork.notifications.button')}
        onClick={() => {
          if (isOpen) {
            close();
            return;
          }
          setPlacement(panelPlacement(buttonRef.current));
          setIsOpen(true);
        }}
        data-testid="notifications-bell"
      >
        <BellIcon />
        {unread > 0 && (
          <span className="notifications__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {isOpen && (
        <div ref={panelRef} id={panelId} className="notifications__panel" role="dialog" aria-labelledby={headingId} style={placement}>
          <div className="notifications__header">
            <h2 id={headingId} className="notifications__heading">
              {t('teamwork.notifications.heading')}
            </h2>
            <Button
              size="sm"
              variant="ghost"
              disabled={unread === 0}
              isBusy={markRead.isPending}
              onClick={() => markRead.mutate('all', { onSuccess: () => announce(t('teamwork.notifications.markedAll')) })}
            >
              {t('teamwork.notifications.markAll')}
            </Button>
            <Button size="sm" variant="ghost" data-autofocus aria-label={t('teamwork.notifications.close')} onClick={() => close()}>
              ×
            </Button>
          </div>
          {notifications.isPending && <Spinner label={t('common.loading')} isLabelVisible />}
          {notifications.isSuccess && items.length === 0 && <p className="notifications__empty">{t('teamwork.notifications.empty')}</p>}
          {items.length > 0 && (
            <ul className="notifications__list">
              {items.map((notification) => (
                <NotificationItem key={notification.id} notification={notification} now={now} onOpen={open} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
