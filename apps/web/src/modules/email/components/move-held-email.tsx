import { useState, type FormEvent } from 'react';
import type { InboundEmailSummary } from '@rapport/contracts/email';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { TextInput } from '@rapport/ui/text-input';
import { useInboundAction } from '../hooks/use-inbound-emails.ts';

/** Moves a held email into another ticket, by number. */
export function MoveHeldEmail({ email, onDone }: { email: InboundEmailSummary; onDone: () => void }) {
  const [ticketNumber, setTicketNumber] = useState('');
  const action = useInboundAction();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    action.mutate(
      { email, action: { kind: 'move', target: { kind: 'ticket', ticketRef: ticketNumber.replace(/^#/, '').trim() } } },
      { onSuccess: onDone },
    );
  }
  return (
    <form className="email-form email-form--inline" onSubmit={handleSubmit} aria-label="Move to another ticket">
      <Field label="Ticket number">
        {(control) => (
          <TextInput {...control} inputMode="numeric" pattern="#?[0-9]+" required value={ticketNumber} onChange={(event) => setTicketNumber(event.target.value)} />
        )}
      </Field>
      <div className="email-form__actions">
        <Button type="submit" size="sm" variant="primary" isBusy={action.isPending}>
          Move
        </Button>
        <Button size="sm" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
