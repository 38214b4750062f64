import { useState, type FormEvent } from 'react';
import { Alert } from '@rapport/ui/alert';
import { StatusBadge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Field } from '@rapport/ui/field';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { useNow } from '../../../lib/relative-time.ts';
import { RelativeTime } from '../../../lib/relative-time-view.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { Link, navigate } from '../../../router/router.tsx';
import { splitSnippet } from '../highlight.ts';
import { useSearch } from '../hooks/use-search.ts';
import './search-screen.css';

const matchedInLabels = { subject: 'subject', message: 'a message', note: 'an internal note' } as const;

export function searchPath(query: string): string {
  return `/search?q=${encodeURIComponent(query.trim())}`;
}

export function SearchScreen({ query }: { query: string }) {
  const search = useSearch(query);
  const [draft, setDraft] = useState(query);
  const now = useNow();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>(`search:${query}`);
  useDocumentTitle(query ? `Search: ${query}` : 'Search');
  const hits = search.data?.hits ?? [];

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (draft.trim()) navigate(searchPath(draft));
  }

  return (
    <section className="search" aria-labelledby="search-heading">
      <h1 id="search-heading" ref={headingRef} tabIndex={-1} className="search__title">
        {query ? `Search: ${query}` : 'Search'}
      </h1>
      <form role="search" className="search__form" onSubmit={handleSubmit}>
        <Field label="Search tickets, messages and notes" isLabelHidden>
          {(control) => (
            <TextInput {...control} type="search" value={draft} onChange={(event) => setDraft(event.target.value)} />
          )}
        </Field>
        <Button type="submit" variant="primary">
          Search
        </Button>
      </form>
      {search.isFetching && <Spinner label="Searching…" isLabelVisible />}
      {search.isError && <Alert>{describeError(search.error)}</Alert>}
      {search.isSuccess && hits.length === 0 && (
        <EmptyState title="No matches" description="Try fewer or different words." />
      )}
      {hits.length > 0 && (
        <>
          <p className="search__count" role="status">
            {hits.length === 1 ? '1 match' : `${hits.length} matches`}
          </p>
          <ol className="search__hits">
            {hits.map((hit) => (
              <li key={`${hit.ticketId}-${hit.matchedIn}`} className="search-hit">
                <p className="search-hit__title">
                  <span className="search-hit__number">#{hit.number}</span>{' '}
                  <Link to={`/tickets/${hit.number}`}>{hit.subject || '(no subject)'}</Link>{' '}
                  <StatusBadge status={hit.status} />
                </p>
                <p className="search-hit__snippet">
                  {splitSnippet(hit.snippet).map((part, index) =>
                    part.isMatch ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
                  )}
                </p>
                <p className="search-hit__meta">
                  Matched in {matchedInLabels[hit.matchedIn]} · updated <RelativeTime iso={hit.updatedAt} now={now} />
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
