import { useEffect, useMemo, useRef, useState } from 'react';
import type { CoachRequest } from '@rapport/contracts/coach';
import type { TicketDetail } from '@rapport/contracts/tickets';
import { placeFindings, type CoachFinding, type PlacedFinding } from '../coach-highlights.ts';
import { composerApi } from '../composer-api.ts';

const debounceMs = 450;
const maxConversation = 30;

export type CoachStatus = 'idle' | 'checking' | 'ready' | 'unavailable';

/** The conversation as the coach expects it: the customer's and the agents' messages, oldest first. */
export function coachConversation(ticket: TicketDetail | undefined): CoachRequest['conversation'] {
  if (!ticket) return [];
  return ticket.messages.slice(-maxConversation).map((message) => ({
    from: message.direction === 'inbound' ? ('customer' as const) : ('agent' as const),
    text: message.text.slice(0, 100_000),
    at: message.createdAt,
  }));
}

/**
 * The reply coach as the agent types: one request per pause in typing, the previous one aborted,
 * never in the way of input (the answer lands whenever it comes). Findings are placed on the
 * current text, so highlights stay on their words while the agent types on.
 */
export function useLiveCoach(options: { text: string; isEnabled: boolean; ticket: TicketDetail | undefined; macroText: string | null }) {
  const { text, isEnabled, ticket, macroText } = options;
  const [result, setResult] = useState<{ checkedText: string; findings: CoachFinding[] }>({ checkedText: '', findings: [] });
  const [status, setStatus] = useState<CoachStatus>('idle');
  const controller = useRef<AbortController | null>(null);
  const conversation = useMemo(() => coachConversation(ticket), [ticket]);
  const customerName = ticket?.customer.name;
  const language = ticket?.language ?? undefined;

  useEffect(() => {
    if (!isEnabled || text.trim() === '') {
      controller.current?.abort();
      setStatus('idle');
      setResult({ checkedText: text, findings: [] });
      return undefined;
    }
    const timer = window.setTimeout(() => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setStatus('checking');
      const request: CoachRequest = {
        draft: text.slice(0, 50_000),
        conversation,
        ticket: {
          ...(customerName ? { customerName: customerName.slice(0, 200) } : {}),
          ...(language ? { customerLanguage: language.slice(0, 8) } : {}),
          ...(macroText ? { macroText: macroText.slice(0, 50_000) } : {}),
        },
      };
      composerApi
        .coach(request, current.signal)
        .then((response) => {
          if (current.signal.aborted) return;
          setResult({ checkedText: request.draft, findings: response.findings });
          setStatus('ready');
        })
        .catch((error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') return;
          if (!current.signal.aborted) setStatus('unavailable');
        });
    }, debounceMs);
    return () => window.clearTimeout(timer);
  }, [text, isEnabled, conversation, customerName, language, macroText]);

  useEffect(() => () => controller.current?.abort(), []);

  const findings: PlacedFinding[] = useMemo(
    () => (isEnabled && text.trim() !== '' ? placeFindings(result.findings, result.checkedText, text) : []),
    [isEnabled, text, result],
  );
  return { findings, status };
}
