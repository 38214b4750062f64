import { Button } from '@rapport/ui/button';
import { t } from '../../../i18n/i18n.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { initialsOf, otherViewers } from '../presence-rules.ts';
import { useFollowers, useToggleFollow } from '../hooks/use-followers.ts';
import { useTicketViewers } from '../hooks/presence-store.ts';
import { usePresenceReporter } from '../hooks/use-presence-reporter.ts';
import './teamwork.css';

const stateKeys = {
  viewing: 'teamwork.presence.stateViewing',
  typing_reply: 'teamwork.presence.stateTypingReply',
  typing_note: 'teamwork.presence.stateTypingNote',
} as const;

/** Teammates on this ticket right now, with what they are doing (in words, not only a colour). */
export function PresenceBar({ ticketId }: { ticketId: string }) {
  const session = useCurrentSession();
  const others = otherViewers(useTicketViewers(ticketId), session.user.id);
  if (others.length === 0) return null;
  return (
    <section className="presence-bar" aria-label={t('teamwork.presence.label')} data-testid="presence-bar">
      <ul className="presence-bar__list">
        {others.map((viewer) => (
          <li key={viewer.userId} className="presence-bar__person" data-state={viewer.state}>
            <span className="presence-bar__avatar" aria-hidden="true">
              {initialsOf(viewer.name)}
            </span>
            <span className="presence-bar__name">{viewer.name}</span>
            <span className="presence-bar__state">{t(stateKeys[viewer.state])}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who follows the ticket, and a button to follow or unfollow it yourself. */
export function FollowersControl({ ticketId }: { ticketId: string }) {
  const session = useCurrentSession();
  const followers = useFollowers(ticketId);
  const toggle = useToggleFollow(ticketId);
  const list = followers.data;
  const isFollowing = list?.isFollowing ?? false;
  return (
    <section className="followers" aria-labelledby={`followers-${ticketId}`} data-testid="followers">
      <h2 id={`followers-${ticketId}`} className="followers__heading">
        {t('teamwork.followers.heading')}
      </h2>
      <p className="followers__names" title={t('teamwork.followers.hint')}>
        {list && list.items.length === 0 && t('teamwork.followers.none')}
        {list?.items.map((follower, index) => (
          <span key={follower.userId}>
            {index > 0 && ', '}
            {follower.userId === session.user.id ? t('teamwork.followers.you', { name: follower.name }) : follower.name}
          </span>
        ))}
      </p>
      <Button size="sm" variant="ghost" disabled={!list} isBusy={toggle.isPending} onClick={() => toggle.mutate(!isFollowing)}>
        {t(isFollowing ? 'teamwork.followers.unfollow' : 'teamwork.followers.follow')}
      </Button>
    </section>
  );
}

/**
 * The ticket page's teamwork strip: reports your presence (viewing, typing a reply or a note) and
 * shows who else is here and who follows the ticket.
 */
export function TicketTeamwork({ ticketId }: { ticketId: string }) {
  usePresenceReporter(ticketId);
  return (
    <div className="ticket-teamwork">
      <PresenceBar ticketId={ticketId} />
      <FollowersControl ticketId={ticketId} />
    </div>
  );
}
