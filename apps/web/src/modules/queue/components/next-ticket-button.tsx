import { Button } from '@rapport/ui/button';
import { Kbd } from '@rapport/ui/kbd';
import { useAnnounce } from '@rapport/ui/live-region';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { navigate } from '../../../router/router.tsx';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useShortcut } from '../../../shell/shortcuts/use-shortcut.ts';
import { useTakeNextTicket } from '../hooks/use-take-next-ticket.ts';
import './next-ticket-button.css';

/**
 * "Next ticket" in the inbox header (P17): takes the next ticket of the fair queue and opens it.
 * Also on `n` in the inbox. An empty queue says so next to the button.
 */
export function NextTicketButton() {
  const session = useCurrentSession();
  const canTake = session.permissions.includes('ticket.update');
  const take = useTakeNextTicket();
  const announce = useAnnounce();

  function takeNext() {
    if (take.isPending) return;
    take.mutate(undefined, {
      onSuccess: (result) => {
        if (!result.ticket) {
          announce(t('queue.empty'));
          return;
        }
        announce(t('queue.took', { number: result.ticket.number, subject: result.ticket.subject }));
        navigate(`/tickets/${result.ticket.number}`);
      },
    });
  }

  useShortcut('n', t('queue.shortcut'), 'inbox', takeNext, canTake);

  if (!canTake) return null;

  const isEmpty = take.isSuccess && take.data.ticket === null;
  return (
    <span className="next-ticket">
      <Button size="sm" variant="primary" onClick={takeNext} isBusy={take.isPending} aria-describedby="next-ticket-status" title={t('queue.nextDescription')}>
        {take.isPending ? t('queue.taking') : t('queue.next')} <Kbd>n</Kbd>
      </Button>
      <span id="next-ticket-status" className="next-ticket__status" data-testid="next-ticket-status">
        {isEmpty ? t('queue.empty') : take.isError ? describeError(take.error) : ''}
      </span>
    </span>
  );
}
