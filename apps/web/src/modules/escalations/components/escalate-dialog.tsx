import { useId, useRef, useState, type FormEvent } from 'react';
import type { TicketEscalations } from '@rapport/contracts/escalations';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { TextArea } from '@rapport/ui/text-area';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { isHandOffTooShort, levelChoices, minHandOffNoteLength, noteErrorFromServer } from '../escalation-form.ts';
import { useEscalateTicket, useEscalationLevels } from '../escalations-api.ts';
import { levelLabel } from '../level-label.ts';

/**
 * Escalate (or de-escalate) a ticket (P12): choose the level, by default the next one up, and write
 * the hand-off note, which must be a real one (at least 20 characters: what was tried, what is
 * needed). The note is checked here for the length the server wants; the server's refusal shows on
 * the note when it is about the note, else above the buttons.
 */
export function EscalateDialog({ ticketRef, ticketNumber, state, onClose }: { ticketRef: string; ticketNumber: number; state: TicketEscalations; onClose: () => void }) {
  const levels = useEscalationLevels();
  const escalate = useEscalateTicket(ticketRef);
  const announce = useAnnounce();
  const hintId = useId();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const { choices, initial } = levelChoices(state.level, levels.data ?? []);
  const [chosen, setChosen] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const target = chosen ?? initial;
  const serverNoteError = escalate.isError ? noteErrorFromServer(escalate.error) : null;
  const isDown = target !== null && target < state.level;

  function change(next: { level?: number; note?: string }) {
    if (next.level !== undefined) setChosen(next.level);
    if (next.note !== undefined) setNote(next.note);
    setNoteError(null);
    if (escalate.isError) escalate.reset();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (escalate.isPending || target === null) return;
    if (isHandOffTooShort(note)) {
      const message = t('escalations.dialog.noteTooShort', { min: minHandOffNoteLength });
      setNoteError(message);
      announce(message, 'assertive');
      noteRef.current?.focus();
      return;
    }
    escalate.mutate(
      { toLevel: target, note: note.trim() },
      {
        onSuccess: (result) => {
          announce(t('escalations.dialog.done', { level: levelLabel(result.level, result.levelName) }));
          onClose();
        },
        onError: (error) => {
          if (noteErrorFromServer(error)) noteRef.current?.focus();
        },
      },
    );
  }

  const levelById = new Map((levels.data ?? []).map((level) => [level.level, level]));
  return (
    <Dialog title={t('escalations.dialog.title', { number: ticketNumber })} onClose={onClose} closeLabel={t('common.close')}>
      <form className="rp-dialog__form" noValidate onSubmit={handleSubmit} data-testid="escalate-dialog">
        <p className="escalate-dialog__count">{t('escalations.dialog.current', { level: levelLabel(state.level, state.levelName) })}</p>
        {levels.isError && <Alert>{describeError(levels.error)}</Alert>}
        {levels.isSuccess && choices.length === 0 && <Alert>{t('escalations.dialog.noLevels')}</Alert>}
        {choices.length > 0 && (
          <fieldset className="escalate-dialog__choices">
            <legend className="escalate-dialog__legend">{t('escalations.dialog.levelLegend')}</legend>
            {choices.map((choice) => {
              const label = levelLabel(choice.level, choice.name);
              const definition = levelById.get(choice.level);
              return (
                <label key={choice.level} className="escalate-dialog__choice">
                  <input
                    type="radio"
                    name="escalation-level"
                    value={choice.level}
                    checked={target === choice.level}
                    aria-describedby={definition ? `${hintId}-${choice.level}` : undefined}
                    onChange={() => change({ level: choice.level })}
                  />
                  <span>{choice.direction === 'up' ? t('escalations.dialog.up', { level: label }) : t('escalations.dialog.down', { level: label })}</span>
                  {definition && (
                    <span id={`${hintId}-${choice.level}`} className="escalate-dialog__choice-hint">
                      {t('escalations.dialog.target', { team: definition.team?.name ?? t('escalations.dialog.none'), expert: definition.expert?.name ?? t('escalations.dialog.none') })}
                    </span>
                  )}
                </label>
              );
            })}
          </fieldset>
        )}
        <Field label={t('escalations.dialog.note')} hint={t('escalations.dialog.noteHint')} error={noteError ?? serverNoteError}>
          {(control) => (
            <TextArea {...control} ref={noteRef} rows={5} maxLength={5000} aria-required="true" value={note} onChange={(event) => change({ note: event.target.value })} />
          )}
        </Field>
        <p className="escalate-dialog__count" aria-live="off">
          {t('escalations.dialog.noteCount', { count: note.trim().length, min: minHandOffNoteLength })}
        </p>
        {escalate.isError && !serverNoteError && <Alert>{t('escalations.dialog.notSaved', { error: describeError(escalate.error) })}</Alert>}
        <div className="rp-dialog__actions">
          <Button type="button" variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isBusy={escalate.isPending} disabled={target === null}>
            {escalate.isPending ? t('common.saving') : t(isDown ? 'escalations.dialog.confirmDown' : 'escalations.dialog.confirmUp')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
