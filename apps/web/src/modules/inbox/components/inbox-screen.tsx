import { Suspense, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { TicketSort } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { VisuallyHidden } from '@rapport/ui/visually-hidden';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useNow } from '../../../lib/relative-time.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { navigate, useLocation } from '../../../router/router.tsx';
import { rememberInboxPath } from '../../../shell/navigation-memory.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useListKeyboard } from '../hooks/use-list-keyboard.ts';
import { useTicketList } from '../hooks/use-ticket-list.ts';
import { useDeleteView } from '../hooks/use-view-mutations.ts';
import { keepListed, pageSelection, selectRange, toggleAll, toggleSelected } from '../selection.ts';
import { nextSort, parseSort, sortedPath, splitSort, type SortField } from '../sorting.ts';
import { defaultViewKey, type InboxView } from '../views.ts';
import { TicketRow } from './ticket-row.tsx';
import { NextTicketButton } from '../../queue/components/next-ticket-button.tsx';
import { LazyBulkBar, LazyViewEditor } from './lazy-inbox-parts.tsx';
import './inbox-screen.css';

/**
 * Which ticket was last opened from each view, so coming back puts the keyboard cursor where the
 * agent left it. Lost on reload, which is fine: it is a convenience, not state.
 */
const lastOpenedByView = new Map<string, string>();

const sortLabels: Record<SortField, 'inbox.sort.updated' | 'inbox.sort.created' | 'inbox.sort.priority' | 'service.sort.slaDue'> = {
  updated: 'inbox.sort.updated',
  created: 'inbox.sort.created',
  priority: 'inbox.sort.priority',
  sla: 'service.sort.slaDue',
};

function SortButton({ field, sort, onSort, children }: { field: SortField; sort: TicketSort; onSort: (field: SortField) => void; children?: string }) {
  const current = splitSort(sort);
  const isCurrent = current.field === field;
  const direction = current.direction === 'desc' ? t('inbox.sort.desc') : t('inbox.sort.asc');
  const label = t(sortLabels[field]);
  return (
    <button type="button" className="ticket-list__sort" data-current={isCurrent || undefined} data-testid={`sort-${field}`} onClick={() => onSort(field)}>
      {children ?? label}
      {children && <VisuallyHidden> {label}</VisuallyHidden>}
      <VisuallyHidden>{isCurrent ? `, ${t('inbox.sort.current', { field: label, direction })}` : `, ${t('inbox.sort.other', { field: label })}`}</VisuallyHidden>
      {isCurrent && (
        <span className="ticket-list__sort-arrow" aria-hidden="true">
          {current.direction === 'desc' ? '↓' : '↑'}
        </span>
      )}
    </button>
  );
}

function SelectAllCheckbox({ state, onToggle }: { state: 'none' | 'some' | 'all'; onToggle: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return <input ref={ref} type="checkbox" className="ticket-row__checkbox" checked={state === 'all'} aria-label={t('inbox.selectAll')} onChange={onToggle} />;
}

export function InboxScreen({ view }: { view: InboxView }) {
  const location = useLocation();
  const session = useCurrentSession();
  const viewPath = `/views/${view.key}`;
  const defaultSort: TicketSort = view.filters.sort ?? 'updated_desc';
  const sort = parseSort(location.searchParams.get('sort'), defaultSort);
  const tickets = useTicketList({ ...view.filters, sort });
  const items = useMemo(() => tickets.data ?? [], [tickets.data]);
  const now = useNow();
  const announce = useAnnounce();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>(`view:${view.key}`);
  useDocumentTitle(view.name);
  const [rawSelected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [anchorId, setAnchorId] = useState<string | undefined>(undefined);
  const [isEditing, setEditing] = useState(false);
  const deleteView = useDeleteView();

  // "Back to inbox" and u return to this view with its sort. A microtask, because the route's own
  // effect (a parent: it runs after this one) remembers the bare view path on mount.
  const listPath = sortedPath(viewPath, sort, defaultSort);
  useEffect(() => {
    queueMicrotask(() => rememberInboxPath(listPath));
  }, [listPath]);

  const ids = useMemo(() => items.map((ticket) => ticket.id), [items]);
  // Live updates can take rows away; bulk actions only ever act on rows the agent can see.
  const selected = keepListed(rawSelected, ids);

  function toggle(id: string, isRange = false) {
    setSelected(isRange ? selectRange(selected, ids, anchorId, id) : toggleSelected(selected, id));
    setAnchorId(id);
  }

  const keyboard = useListKeyboard(ids, lastOpenedByView.get(view.key), {
    onOpen: (id) => {
      const ticket = items.find((item) => item.id === id);
      if (!ticket) return;
      lastOpenedByView.set(view.key, id);
      navigate(`/tickets/${ticket.number}`);
    },
    onToggle: (id) => toggle(id),
  });

  function changeSort(field: SortField) {
    const next = nextSort(sort, field);
    navigate(sortedPath(viewPath, next, defaultSort), { replace: true });
    const { direction } = splitSort(next);
    announce(t('inbox.sort.announce', { field: t(sortLabels[field]), direction: direction === 'desc' ? t('inbox.sort.desc') : t('inbox.sort.asc') }));
  }

  async function loadMore() {
    const before = items.length;
    const result = await tickets.fetchNextPage();
    const after = result.data?.length ?? before;
    announce(after > before ? t('inbox.loadedMore', { count: after - before }) : t('inbox.noMore'));
  }

  const saved = view.saved;
  const canModify =
    saved !== undefined && (saved.ownerId === session.user.id || (saved.isShared && (session.role === 'lead' || session.role === 'admin')));

  function removeView(event: MouseEvent<HTMLButtonElement>) {
    event.preventDefault();
    if (!saved || !window.confirm(t('inbox.deleteConfirm', { name: saved.name }))) return;
    deleteView.mutate(saved.id, {
      onSuccess: () => {
        announce(t('inbox.deleted', { name: saved.name }));
        navigate(`/views/${defaultViewKey}`);
      },
    });
  }

  const selectedTickets = items.filter((ticket) => selected.has(ticket.id));
  // The toolbar (a lazy chunk) mounts on the first selection and stays, so its outcome message outlives the selection.
  const [hasSelected, setHasSelected] = useState(false);
  if (selected.size > 0 && !hasSelected) setHasSelected(true);

  return (
    <section className="inbox" aria-labelledby="inbox-heading">
      <header className="inbox__header">
        <h1 id="inbox-heading" ref={headingRef} tabIndex={-1} className="inbox__title">
          {view.name}
        </h1>
        {canModify && (
          <span className="inbox__view-actions">
            <Button size="sm" onClick={() => setEditing(true)}>
              {t('inbox.editView')}
            </Button>
            <Button size="sm" variant="ghost" onClick={removeView} isBusy={deleteView.isPending}>
              {t('inbox.deleteView')}
            </Button>
          </span>
        )}
        <NextTicketButton />
        <p className="inbox__hint">{t('inbox.hint')}</p>
      </header>
      {deleteView.isError && <Alert>{describeError(deleteView.error)}</Alert>}

      {tickets.isPending && (
        <div className="inbox__state">
          <Spinner label={t('inbox.loading')} isLabelVisible />
        </div>
      )}

      {tickets.isError && (
        <div className="inbox__state">
          <Alert>{describeError(tickets.error)}</Alert>
          <Button onClick={() => void tickets.refetch()}>{t('common.retry')}</Button>
        </div>
      )}

      {tickets.isSuccess && items.length === 0 && <EmptyState title={t('inbox.empty.title')} description={view.emptyMessage} />}

      {hasSelected && (
        <Suspense fallback={null}>
          <LazyBulkBar
            selected={selectedTickets}
            onDone={(done) => setSelected(new Set([...selected].filter((id) => !done.includes(id))))}
            onClear={() => setSelected(new Set())}
          />
        </Suspense>
      )}

      {items.length > 0 && (
        <>
          <div className="ticket-list__columns" role="group" aria-label={t('inbox.columns.label')}>
            <span className="ticket-row__select">
              <SelectAllCheckbox state={pageSelection(selected, ids)} onToggle={() => setSelected(toggleAll(selected, ids))} />
            </span>
            <span>
              <SortButton field="created" sort={sort} onSort={changeSort}>
                {t('inbox.column.number')}
              </SortButton>
            </span>
            <span>
              <span aria-hidden="true">{t('inbox.column.subject')}</span> <SortButton field="sla" sort={sort} onSort={changeSort} />
            </span>
            <span aria-hidden="true">{t('inbox.column.status')}</span>
            <span>
              <SortButton field="priority" sort={sort} onSort={changeSort} />
            </span>
            <span aria-hidden="true">{t('inbox.column.assignee')}</span>
            <span aria-hidden="true">{t('inbox.column.tags')}</span>
            <span>
              <SortButton field="updated" sort={sort} onSort={changeSort} />
            </span>
          </div>
          <ol className="ticket-list" aria-label={t('inbox.listLabel', { view: view.name })} onKeyDown={keyboard.onListKeyDown} aria-busy={tickets.isFetching || undefined}>
            {items.map((ticket, index) => (
              <TicketRow
                key={ticket.id}
                ticket={ticket}
                now={now}
                isActive={index === keyboard.activeIndex}
                isSelected={selected.has(ticket.id)}
                linkRef={keyboard.setItemRef(ticket.id)}
                onFocus={() => keyboard.setActiveId(ticket.id)}
                onOpen={() => lastOpenedByView.set(view.key, ticket.id)}
                onSelect={(isRange) => {
                  keyboard.setActiveId(ticket.id);
                  toggle(ticket.id, isRange);
                }}
              />
            ))}
          </ol>
          <div className="inbox__footer">
            {tickets.hasNextPage ? (
              <Button onClick={() => void loadMore()} isBusy={tickets.isFetchingNextPage}>
                {tickets.isFetchingNextPage ? t('inbox.loadingMore') : t('inbox.loadMore')}
              </Button>
            ) : (
              <p className="inbox__end">{t('inbox.end', { count: items.length })}</p>
            )}
          </div>
        </>
      )}
      {isEditing && saved && (
        <Suspense fallback={null}>
          <LazyViewEditor view={saved} onClose={() => setEditing(false)} />
        </Suspense>
      )}
    </section>
  );
}
