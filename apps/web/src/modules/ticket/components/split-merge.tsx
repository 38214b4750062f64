import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { SearchResult } from '@rapport/contracts/search';
import { TicketSummary, type MessageDto } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { StatusBadge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { VisuallyHidden } from '@rapport/ui/visually-hidden';
import { api, newIdempotencyKey } from '../../../api/client.ts';
import { describeError, isApiError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { useMergeTicket, useSplitMessage } from '../hooks/use-split-merge.ts';

/** "Split to new ticket" on a message, with a confirmation that can rename the new ticket. */
export function SplitMessageButton({ ticketRef, subject, message }: { ticketRef: string; subject: string; message: MessageDto }) {
  const [isOpen, setIsOpen] = useState(false);
  const [newSubject, setNewSubject] = useState(subject);
  // One key per confirmation: a double click or a retried request splits once.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const split = useSplitMessage(ticketRef);

  function open() {
    setNewSubject(subject);
    setIdempotencyKey(newIdempotencyKey());
    split.reset();
    setIsOpen(true);
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    split.mutate({ messageId: message.id, subject: newSubject, idempotencyKey }, { onSuccess: () => setIsOpen(false) });
  }

  return (
    <>
      <Button size="sm" variant="ghost" aria-haspopup="dialog" onClick={open}>
        {t('ticket.split.button')}
      </Button>
      {isOpen && (
        <Dialog title={t('ticket.split.title')} onClose={() => setIsOpen(false)} closeLabel={t('common.close')}>
          <form className="rp-dialog__form" onSubmit={handleSubmit}>
            <p>{t('ticket.split.body', { author: message.author.name })}</p>
            <Field label={t('ticket.split.subject')}>
              {(control) => <TextInput {...control} value={newSubject} maxLength={300} onChange={(event) => setNewSubject(event.target.value)} />}
            </Field>
            {split.isError && <Alert>{describeError(split.error)}</Alert>}
            <div className="rp-dialog__actions">
              <Button type="button" variant="ghost" onClick={() => setIsOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" disabled={split.isPending}>
                {split.isPending ? t('common.saving') : t('ticket.split.confirm')}
              </Button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}

interface Candidate {
  id: string;
  number: number;
  subject: string;
  status: TicketSummary['status'];
}

/** Tickets matching what the agent typed: the ticket with that number, or a subject/text search. */
function useMergeCandidates(term: string, excludeId: string) {
  const workspaceId = useWorkspaceId();
  const debounced = useDebounced(term.trim(), 250);
  const isNumber = /^#?\d{1,12}$/.test(debounced);
  return useQuery({
    queryKey: ['workspace', workspaceId, 'tickets', 'merge-candidates', debounced],
    enabled: isNumber || debounced.length >= 2,
    queryFn: async ({ signal }): Promise<Candidate[]> => {
      if (isNumber) {
        try {
          const ticket = await api.get(`/tickets/${debounced.replace('#', '')}`, { schema: TicketSummary, signal });
          return [{ id: ticket.id, number: ticket.number, subject: ticket.subject, status: ticket.status }];
        } catch (error) {
          if (isApiError(error) && error.status === 404) return [];
          throw error;
        }
      }
      const result = await api.get('/search', { schema: SearchResult, query: { q: debounced, limit: 10 }, signal });
      const seen = new Set<string>();
      return result.hits
        .filter((hit) => !seen.has(hit.ticketId) && seen.add(hit.ticketId))
        .map((hit) => ({ id: hit.ticketId, number: hit.number, subject: hit.subject, status: hit.status }));
    },
    select: (candidates) => candidates.filter((candidate) => candidate.id !== excludeId),
  });
}

/** "Merge into…": pick the surviving ticket by number or subject, confirm, and go to it. */
export function MergeTicketButton({ ticketRef, ticketId, ticketNumber }: { ticketRef: string; ticketId: string; ticketNumber: number }) {
  const [isOpen, setIsOpen] = useState(false);
  const [term, setTerm] = useState('');
  const [chosen, setChosen] = useState<Candidate | null>(null);
  const candidates = useMergeCandidates(term, ticketId);
  const merge = useMergeTicket(ticketRef);

  function open() {
    setTerm('');
    setChosen(null);
    merge.reset();
    setIsOpen(true);
  }

  function confirm() {
    if (!chosen) return;
    // On success the hook goes to the surviving ticket; this screen (and the dialog) is left behind.
    merge.mutate({ intoTicketId: chosen.id });
  }

  return (
    <>
      <Button size="sm" variant="secondary" aria-haspopup="dialog" onClick={open}>
        {t('ticket.merge.button')}
      </Button>
      {isOpen && (
        <Dialog title={t('ticket.merge.title', { number: ticketNumber })} onClose={() => setIsOpen(false)} closeLabel={t('common.close')}>
          <Field label={t('ticket.merge.search')} hint={t('ticket.merge.searchHint')}>
            {(control) => <TextInput {...control} type="search" autoFocus value={term} onChange={(event) => setTerm(event.target.value)} />}
          </Field>
          {candidates.isFetching && <Spinner label={t('common.loading')} />}
          {candidates.isError && <Alert>{describeError(candidates.error)}</Alert>}
          {candidates.data && (
            <section aria-label={t('ticket.merge.results')}>
              {candidates.data.length === 0 ? (
                <p>{t('ticket.merge.noResults')}</p>
              ) : (
                <ul className="rp-dialog__choices">
                  {candidates.data.map((candidate) => (
                    <li key={candidate.id}>
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-pressed={chosen?.id === candidate.id}
                        onClick={() => setChosen(candidate)}
                      >
                        {/* The visible text stays inside the accessible name (WCAG 2.5.3). */}
                        <VisuallyHidden>{t('ticket.merge.choose')} </VisuallyHidden>#{candidate.number} {candidate.subject}{' '}
                        <StatusBadge status={candidate.status} />
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
          {chosen && (
            <p className="ticket-merge__warning" role="note">
              <strong>{t('ticket.merge.picked', { number: chosen.number, subject: chosen.subject })}</strong>
              <br />
              {t('ticket.merge.warning', { number: ticketNumber })}
            </p>
          )}
          {merge.isError && <Alert>{describeError(merge.error)}</Alert>}
          <div className="rp-dialog__actions">
            <Button variant="ghost" onClick={() => setIsOpen(false)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" disabled={!chosen || merge.isPending} onClick={confirm}>
              {merge.isPending ? t('common.saving') : t('ticket.merge.confirm')}
            </Button>
          </div>
        </Dialog>
      )}
    </>
  );
}
