import { useMemo } from 'react';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Kbd } from '@rapport/ui/kbd';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { useNow } from '../../../lib/relative-time.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { useListKeyboard } from '../hooks/use-list-keyboard.ts';
import { useTicketList } from '../hooks/use-ticket-list.ts';
import type { InboxView } from '../views.ts';
import { TicketRow } from './ticket-row.tsx';
import './inbox-screen.css';

/**
 * Which ticket was last opened from each view, so coming back puts the keyboard cursor where the
 * agent left it. Lost on reload, which is fine: it is a convenience, not state.
 */
const lastOpenedByView = new Map<string, string>();

export function InboxScreen({ view }: { view: InboxView }) {
  const tickets = useTicketList(view.filters);
  const items = tickets.data ?? [];
  const now = useNow();
  const announce = useAnnounce();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>(`view:${view.key}`);
  useDocumentTitle(view.name);

  const ids = useMemo(() => items.map((ticket) => ticket.id), [items]);
  const keyboard = useListKeyboard(ids, lastOpenedByView.get(view.key));

  async function loadMore() {
    const before = items.length;
    const result = await tickets.fetchNextPage();
    const after = result.data?.length ?? before;
    announce(after > before ? `Loaded ${after - before} more tickets` : 'No more tickets');
  }

  return (
    <section className="inbox" aria-labelledby="inbox-heading">
      <header className="inbox__header">
        <h1 id="inbox-heading" ref={headingRef} tabIndex={-1} className="inbox__title">
          {view.name}
        </h1>
        <p className="inbox__hint">
          <Kbd>j</Kbd> <Kbd>k</Kbd> or arrow keys to move, <Kbd>Enter</Kbd> to open
        </p>
      </header>

      {tickets.isPending && (
        <div className="inbox__state">
          <Spinner label="Loading tickets…" isLabelVisible />
        </div>
      )}

      {tickets.isError && (
        <div className="inbox__state">
          <Alert>{describeError(tickets.error)}</Alert>
          <Button onClick={() => void tickets.refetch()}>Try again</Button>
        </div>
      )}

      {tickets.isSuccess && items.length === 0 && (
        <EmptyState title="No tickets here" description={view.emptyMessage} />
      )}

      {items.length > 0 && (
        <>
          <div className="ticket-list__columns" aria-hidden="true">
            <span>#</span>
            <span>Subject and customer</span>
            <span>Status</span>
            <span>Priority</span>
            <span>Assignee</span>
            <span>Tags</span>
            <span>Updated</span>
          </div>
          <ol className="ticket-list" aria-label={`${view.name} tickets`} onKeyDown={keyboard.onListKeyDown}>
            {items.map((ticket, index) => (
              <TicketRow
                key={ticket.id}
                ticket={ticket}
                now={now}
                isActive={index === keyboard.activeIndex}
                linkRef={keyboard.setItemRef(ticket.id)}
                onFocus={() => keyboard.setActiveId(ticket.id)}
                onOpen={() => lastOpenedByView.set(view.key, ticket.id)}
              />
            ))}
          </ol>
          <div className="inbox__footer">
            {tickets.hasNextPage ? (
              <Button onClick={() => void loadMore()} isBusy={tickets.isFetchingNextPage}>
                {tickets.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </Button>
            ) : (
              <p className="inbox__end">
                {items.length === 1 ? '1 ticket' : `${items.length} tickets`}, that is all
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );
}
