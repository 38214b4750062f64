import { useState } from 'react';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { t } from '../../../i18n/i18n.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { listNames, repliedSince, replyingNames } from '../presence-rules.ts';
import { useTicketViewers } from '../hooks/presence-store.ts';
import './teamwork.css';

/**
 * Shown above the composer when a teammate is typing a reply on this ticket, or has sent one
 * since you opened it, so two agents do not answer the customer twice. A polite live region:
 * screen reader users hear it appear without losing their place.
 */
export function CollisionWarning({ ticket }: { ticket: Pick<TicketDetail, 'id' | 'messages'> }) {
  const session = useCurrentSession();
  const [openedAt] = useState(() => Date.now());
  const typing = replyingNames(useTicketViewers(ticket.id), session.user.id);
  const replied = repliedSince(ticket.messages, openedAt, session.user.id);
  const isShown = typing.length > 0 || replied.length > 0;
  return (
    <div className="collision-warning__region" role="status" aria-live="polite">
      {isShown && (
        <div className="collision-warning" data-testid="collision-warning">
          <span className="collision-warning__icon" aria-hidden="true">
            !
          </span>
          <div>
            <p className="collision-warning__title">{t('teamwork.collision.title')}</p>
            {typing.length > 0 && <p>{t('teamwork.collision.typing', { count: typing.length, names: listNames(typing) })}</p>}
            {replied.length > 0 && <p>{t('teamwork.collision.replied', { count: replied.length, names: listNames(replied) })}</p>}
          </div>
        </div>
      )}
    </div>
  );
}
