import { useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { TicketStatus } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { statusLabels } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Kbd } from '@rapport/ui/kbd';
import { useAnnounce } from '@rapport/ui/live-region';
import { SegmentedControl } from '@rapport/ui/segmented-control';
import { TextArea } from '@rapport/ui/text-area';
import { newIdempotencyKey } from '../../../api/client.ts';
import { describeError } from '../../../api/api-error.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useDraft } from '../hooks/use-draft.ts';
import { usePostToTicket, type ComposerMode } from '../hooks/use-post-to-ticket.ts';
import './composer.css';

export interface ComposerHandle {
  /** Switches mode and puts the cursor in the text box (the r and n shortcuts). */
  focus: (mode: ComposerMode) => void;
}

export interface ComposerProps {
  ticketId: string;
  ticketRef: string;
  customerName: string;
  handleRef?: Ref<ComposerHandle>;
}

const modeOptions = [
  { value: 'reply', label: 'Reply' },
  { value: 'note', label: 'Internal note' },
] as const;

/** Statuses offered as "send and set"; the plain Send keeps the server's default behaviour. */
const sendAndSetStatuses: TicketStatus[] = ['pending', 'solved'];

export function Composer({ ticketId, ticketRef, customerName, handleRef }: ComposerProps) {
  const { workspace } = useCurrentSession();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [text, setText, clearDraft] = useDraft(`rapport:draft:${workspace.id}:${ticketId}:${mode}`);
  const textAreaRef = useRef<HTMLTextAreaElement>(null);
  // One key per draft: a retry of the same text is the same request, an edit makes a new one.
  const idempotencyKey = useRef(newIdempotencyKey());
  const post = usePostToTicket(ticketRef);
  const announce = useAnnounce();

  useImperativeHandle(handleRef, () => ({
    focus(nextMode) {
      setMode(nextMode);
      // The mode change re-renders the label; focusing now is fine, the element stays the same.
      textAreaRef.current?.focus();
    },
  }));

  const isNote = mode === 'note';
  const canSend = text.trim().length > 0 && !post.isPending;

  function send(status?: TicketStatus) {
    if (!canSend) return;
    const input = status ? { mode, text, status, idempotencyKey: idempotencyKey.current } : { mode, text, idempotencyKey: idempotencyKey.current };
    post.mutate(input, {
      onSuccess: () => {
        clearDraft();
        idempotencyKey.current = newIdempotencyKey();
        const sentence = isNote ? 'Internal note added' : 'Reply sent';
        announce(status ? `${sentence}, status set to ${statusLabels[status]}` : sentence);
        textAreaRef.current?.focus();
      },
    });
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    } else if (event.key === 'Escape') {
      // Leaving the text box gives the page's single-key shortcuts (r, n, u) back; the draft stays.
      event.currentTarget.blur();
    }
  }

  return (
    <section className={`composer${isNote ? ' composer--note' : ''}`} aria-labelledby="composer-heading">
      <div className="composer__top">
        <h2 id="composer-heading" className="rp-visually-hidden">
          Respond
        </h2>
        <SegmentedControl label="Respond with" options={modeOptions} value={mode} onChange={setMode} />
        <p className="composer__audience">
          {isNote ? 'Only agents will see this note.' : `${customerName} will receive this reply.`}
        </p>
      </div>
      <Field label={isNote ? 'Internal note' : 'Reply'} isLabelHidden>
        {(control) => (
          <TextArea
            {...control}
            ref={textAreaRef}
            data-testid="composer-text"
            rows={6}
            value={text}
            placeholder={isNote ? 'Write a note for your team…' : `Write your reply to ${customerName}…`}
            onChange={(event) => {
              setText(event.target.value);
              idempotencyKey.current = newIdempotencyKey();
            }}
            onKeyDown={handleKeyDown}
          />
        )}
      </Field>
      {post.isError && <Alert>{describeError(post.error)} Your text is kept; try again.</Alert>}
      <div className="composer__actions">
        <p className="composer__hint">
          <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> to {isNote ? 'add' : 'send'} · <Kbd>Esc</Kbd> to leave the text box
        </p>
        {!isNote &&
          sendAndSetStatuses.map((status) => (
            <Button key={status} disabled={!canSend} onClick={() => send(status)}>
              Send and set {statusLabels[status].toLowerCase()}
            </Button>
          ))}
        <Button variant="primary" disabled={!canSend} isBusy={post.isPending} onClick={() => send()}>
          {post.isPending ? 'Sending…' : isNote ? 'Add note' : 'Send'}
        </Button>
      </div>
    </section>
  );
}
