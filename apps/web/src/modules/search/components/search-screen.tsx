import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { Alert } from '@rapport/ui/alert';
import { StatusBadge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Field } from '@rapport/ui/field';
import { Kbd } from '@rapport/ui/kbd';
import { useAnnounce } from '@rapport/ui/live-region';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useNow } from '../../../lib/relative-time.ts';
import { RelativeTime } from '../../../lib/relative-time-view.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { Link, navigate, useLocation } from '../../../router/router.tsx';
import { useShortcut } from '../../../shell/shortcuts/use-shortcut.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { splitSnippet } from '../highlight.ts';
import { useRecentSearches } from '../hooks/use-recent-searches.ts';
import { useSearch } from '../hooks/use-search.ts';
import { filtersFromParams, hasFilters, searchHref, type SearchFilters } from '../search-filters.ts';
import { searchPath } from '../search-path.ts';
import './search-screen.css';

export { searchPath };

const matchedInKeys = {
  subject: 'search.matchedIn.subject',
  message: 'search.matchedIn.message',
  note: 'search.matchedIn.note',
} as const;

const statusOptions = (['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const).map((value) => ({ value, label: t(`search.status.${value}`) }));
const channelOptions = (['email', 'web', 'chat', 'phone', 'api'] as const).map((value) => ({ value, label: t(`search.channel.${value}`) }));
const anyOption = { value: '', label: t('search.filter.any') };
// The selects offer only these values (or '' for any).
const statusOf = (value: string) => (value || undefined) as SearchFilters['status'];
const channelOf = (value: string) => (value || undefined) as SearchFilters['channel'];

function SearchFiltersForm({ filters, onChange }: { filters: SearchFilters; onChange: (next: SearchFilters) => void }) {
  const agents = useAgents();
  const assigneeOptions = [
    anyOption,
    { value: 'me', label: t('search.filter.me') },
    { value: 'none', label: t('search.filter.unassigned') },
    ...(agents.data ?? []).map((agent) => ({ value: agent.id, label: agent.name })),
  ];
  const set = (patch: Partial<SearchFilters>) => {
    const next: SearchFilters = { ...filters, ...patch };
    for (const key of Object.keys(next) as (keyof SearchFilters)[]) if (!next[key]) delete next[key];
    onChange(next);
  };
  return (
    <fieldset className="search__filters">
      <legend className="rp-visually-hidden">{t('search.filters')}</legend>
      <Field label={t('search.filter.status')}>
        {(control) => (
          <Select {...control} name="status" options={[anyOption, ...statusOptions]} value={filters.status ?? ''} onChange={(event) => set({ status: statusOf(event.target.value) })} />
        )}
      </Field>
      <Field label={t('search.filter.assignee')}>
        {(control) => <Select {...control} name="assignee" options={assigneeOptions} value={filters.assignee ?? ''} onChange={(event) => set({ assignee: event.target.value || undefined })} />}
      </Field>
      <Field label={t('search.filter.channel')}>
        {(control) => (
          <Select {...control} name="channel" options={[anyOption, ...channelOptions]} value={filters.channel ?? ''} onChange={(event) => set({ channel: channelOf(event.target.value) })} />
        )}
      </Field>
      <Field label={t('search.filter.createdFrom')}>
        {(control) => <TextInput {...control} name="from" type="date" value={filters.createdFrom ?? ''} max={filters.createdTo} onChange={(event) => set({ createdFrom: event.target.value || undefined })} />}
      </Field>
      <Field label={t('search.filter.createdTo')}>
        {(control) => <TextInput {...control} name="to" type="date" value={filters.createdTo ?? ''} min={filters.createdFrom} onChange={(event) => set({ createdTo: event.target.value || undefined })} />}
      </Field>
      {hasFilters(filters) && (
        <Button size="sm" variant="ghost" onClick={() => onChange({})}>
          {t('search.filter.clear')}
        </Button>
      )}
    </fieldset>
  );
}

function RecentSearches({ recent, filters, onClear }: { recent: readonly string[]; filters: SearchFilters; onClear: () => void }) {
  return (
    <section className="search__recent" aria-labelledby="search-recent-heading">
      <h2 id="search-recent-heading" className="search__recent-heading">
        {t('search.recent.heading')}
      </h2>
      {recent.length === 0 ? (
        <p className="search__muted">{t('search.recent.none')}</p>
      ) : (
        <>
          <ul className="search__recent-list">
            {recent.map((item) => (
              <li key={item}>
                <Link to={searchHref(item, filters)}>{item}</Link>
              </li>
            ))}
          </ul>
          <Button size="sm" variant="ghost" onClick={onClear}>
            {t('search.recent.clear')}
          </Button>
        </>
      )}
    </section>
  );
}

/**
 * Full-text search with filters (in the address), highlighted snippets, and the keyboard: `/`
 * focuses the box, j/k or ↑/↓ move through results, Enter opens the focused one. Recent
 * searches are kept per agent in this browser.
 */
export function SearchScreen({ query }: { query: string }) {
  const session = useCurrentSession();
  const location = useLocation();
  const filters = filtersFromParams(location.searchParams);
  const search = useSearch(query, filters);
  const recent = useRecentSearches(session.user.id);
  const announce = useAnnounce();
  const [draft, setDraft] = useState(query);
  const [activeIndex, setActiveIndex] = useState(-1);
  const resultRefs = useRef<(HTMLAnchorElement | null)[]>([]);
  const inputRef = useRef<HTMLInputElement>(null);
  const now = useNow();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>(`search:${query}`);
  const title = query ? t('search.titleWithQuery', { query }) : t('search.title');
  useDocumentTitle(title);
  const hits = search.data?.hits ?? [];
  const { remember } = recent;

  useEffect(() => {
    if (query.trim()) remember(query);
  }, [query, remember]);
  useEffect(() => setActiveIndex(-1), [search.data]);

  function moveTo(index: number) {
    if (hits.length === 0) return;
    const next = Math.max(0, Math.min(hits.length - 1, index));
    setActiveIndex(next);
    const element = resultRefs.current[next];
    element?.focus();
    element?.scrollIntoView({ block: 'nearest' });
  }
  // From outside the list the first j focuses the first result; then each press moves one.
  const isInList = () => resultRefs.current.some((element) => element !== null && element === document.activeElement);
  useShortcut('j', t('search.next'), 'inbox', () => moveTo(isInList() ? activeIndex + 1 : Math.max(activeIndex, 0)), hits.length > 0);
  useShortcut('k', t('search.previous'), 'inbox', () => moveTo(isInList() ? activeIndex - 1 : Math.max(activeIndex, 0)), hits.length > 0);
  useShortcut('/', t('search.focusBox'), 'global', () => inputRef.current?.focus());

  function handleListKeyDown(event: ReactKeyboardEvent) {
    const moves: Record<string, number> = { ArrowDown: activeIndex + 1, ArrowUp: activeIndex - 1, Home: 0, End: hits.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (draft.trim()) navigate(searchHref(draft, filters));
  }

  function handleSearchKeyDown(event: ReactKeyboardEvent<HTMLInputElement>) {
    // ↓ from the box goes to the results, as in most search pages.
    if (event.key === 'ArrowDown' && hits.length > 0) {
      event.preventDefault();
      moveTo(0);
    }
  }

  return (
    <section className="search" aria-labelledby="search-heading">
      <h1 id="search-heading" ref={headingRef} tabIndex={-1} className="search__title">
        {title}
      </h1>
      <form role="search" className="search__form" onSubmit={handleSubmit}>
        <Field label={t('search.field')} isLabelHidden>
          {(control) => (
            <TextInput {...control} ref={inputRef} data-search-input type="search" value={draft} onChange={(event) => setDraft(event.target.value)} onKeyDown={handleSearchKeyDown} />
          )}
        </Field>
        <Button type="submit" variant="primary">
          {t('search.submit')}
        </Button>
      </form>
      <SearchFiltersForm filters={filters} onChange={(next) => navigate(searchHref(query || draft, next), { replace: true })} />
      {!query && <p className="search__muted">{t('search.prompt')}</p>}
      {search.isFetching && <Spinner label={t('search.searching')} isLabelVisible />}
      {search.isError && <Alert>{describeError(search.error)}</Alert>}
      {search.isSuccess && hits.length === 0 && <EmptyState title={t('search.noMatches')} description={t('search.noMatchesHint')} />}
      {hits.length > 0 && (
        <>
          <p className="search__count" role="status">
            {t('search.count', { count: hits.length })}
          </p>
          <p className="search__muted">
            <Kbd>j</Kbd> / <Kbd>k</Kbd> · <Kbd>↑</Kbd> / <Kbd>↓</Kbd> · <Kbd>Enter</Kbd> · <Kbd>/</Kbd> — {t('search.keyboardHint')}
          </p>
          <ol className="search__hits" onKeyDown={handleListKeyDown} data-testid="search-results">
            {hits.map((hit, index) => (
              <li key={`${hit.ticketId}-${hit.matchedIn}`} className="search-hit" data-active={index === activeIndex || undefined}>
                <p className="search-hit__title">
                  <span className="search-hit__number">#{hit.number}</span>{' '}
                  <Link
                    to={`/tickets/${hit.number}`}
                    ref={(element: HTMLAnchorElement | null) => {
                      resultRefs.current[index] = element;
                    }}
                    onFocus={() => setActiveIndex(index)}
                  >
                    {hit.subject || t('search.noSubject')}
                  </Link>{' '}
                  <StatusBadge status={hit.status} label={t(`search.status.${hit.status}`)} />
                </p>
                <p className="search-hit__snippet">
                  {splitSnippet(hit.snippet).map((part, partIndex) =>
                    part.isMatch ? <mark key={partIndex}>{part.text}</mark> : <span key={partIndex}>{part.text}</span>,
                  )}
                </p>
                <p className="search-hit__meta">
                  {t(matchedInKeys[hit.matchedIn])} · {t('search.updated')} <RelativeTime iso={hit.updatedAt} now={now} />
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
      <RecentSearches
        recent={recent.recent}
        filters={filters}
        onClear={() => {
          recent.clear();
          announce(t('search.recent.cleared'));
        }}
      />
    </section>
  );
}
