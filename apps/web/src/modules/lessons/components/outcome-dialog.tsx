import { useId, useRef, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Outcome } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { TextArea } from '@rapport/ui/text-area';
import { describeError } from '../../../api/api-error.ts';
import { t, type MessageKey } from '../../../i18n/i18n.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { useUpdateTicket } from '../../ticket/hooks/use-update-ticket.ts';
import { lessonsQueryKey } from '../lessons-paths.ts';
import { initialOutcomeChoice, minLessonLength, needsLesson, outcomeFieldError, solveChanges, type OutcomeChoice } from '../outcome.ts';
import './lessons.css';

const outcomes: { value: Outcome; label: MessageKey; hint: MessageKey }[] = [
  { value: 'solved', label: 'lessons.outcome.solved', hint: 'lessons.outcome.solvedHint' },
  { value: 'workaround', label: 'lessons.outcome.workaround', hint: 'lessons.outcome.workaroundHint' },
  { value: 'could_not_solve', label: 'lessons.outcome.couldNotSolve', hint: 'lessons.outcome.couldNotSolveHint' },
];

export function outcomeLabel(outcome: Outcome): string {
  return t(outcomes.find((option) => option.value === outcome)?.label ?? 'lessons.outcome.solved');
}

export interface OutcomeDialogProps {
  ticketRef: string;
  ticketNumber: number;
  /**
   * From the composer's "Send and solve": the reply itself sets the status, so the plain outcome
   * "solved" saves nothing here; another outcome (and its lesson) is saved first, then the reply goes.
   */
  isBeforeReply?: boolean;
  onClose: () => void;
  /** Called once the outcome is recorded (or, before a reply with the outcome "solved", chosen). */
  onSolved: (outcome: Outcome) => void;
}

/**
 * Solving asks for the outcome (P6, P13): Solved (the default), Workaround, or Could not solve,
 * which needs a short lesson and may carry product feedback. The lesson is checked here for the
 * length the server wants; a refusal from the server shows its message on the field it is about.
 */
export function OutcomeDialog({ ticketRef, ticketNumber, isBeforeReply = false, onClose, onSolved }: OutcomeDialogProps) {
  const [choice, setChoice] = useState<OutcomeChoice>(initialOutcomeChoice);
  const [lessonError, setLessonError] = useState<string | null>(null);
  const lessonRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const feedbackRef = useRef<HTMLTextAreaElement>(null);
  const update = useUpdateTicket(ticketRef);
  const queryClient = useQueryClient();
  const workspaceId = useWorkspaceId();
  const announce = useAnnounce();
  const serverField = update.isError ? outcomeFieldError(update.error) : null;
  const isCouldNotSolve = choice.outcome === 'could_not_solve';

  function change(next: Partial<OutcomeChoice>) {
    setChoice((current) => ({ ...current, ...next }));
    setLessonError(null);
    if (update.isError) update.reset();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (update.isPending) return;
    if (needsLesson(choice)) {
      const message = t('lessons.outcome.lessonRequired', { min: minLessonLength });
      setLessonError(message);
      announce(message, 'assertive');
      lessonRef.current?.focus();
      return;
    }
    const { outcome } = choice;
    if (isBeforeReply && outcome === 'solved') {
      onSolved(outcome);
      return;
    }
    update.mutate(
      {
        changes: solveChanges(choice),
        preview: (current) => ({ ...current, status: 'solved', outcome }),
        confirmation: t('lessons.outcome.solvedAs', { outcome: outcomeLabel(outcome) }),
      },
      {
        onSuccess: () => {
          if (outcome === 'could_not_solve') void queryClient.invalidateQueries({ queryKey: lessonsQueryKey(workspaceId) });
          onSolved(outcome);
        },
        onError: (error) => {
          const field = outcomeFieldError(error);
          // The field's error is tied to it (aria-describedby): focusing it reads the server's message.
          if (field?.field === 'lesson') lessonRef.current?.focus();
          else if (field?.field === 'productFeedback') feedbackRef.current?.focus();
        },
      },
    );
  }

  const lessonMessage = lessonError ?? (serverField?.field === 'lesson' ? serverField.message : null);
  const feedbackMessage = serverField?.field === 'productFeedback' ? serverField.message : null;

  return (
    <Dialog title={t('lessons.outcome.title', { number: ticketNumber })} onClose={onClose} closeLabel={t('common.close')}>
      <form className="rp-dialog__form" noValidate onSubmit={handleSubmit} data-testid="outcome-dialog">
        <fieldset className="outcome-dialog__choices">
          <legend className="outcome-dialog__legend">{t('lessons.outcome.intro')}</legend>
          {outcomes.map((option) => (
            <label key={option.value} className="outcome-dialog__choice">
              <input
                type="radio"
                name="outcome"
                value={option.value}
                checked={choice.outcome === option.value}
                aria-describedby={`${hintId}-${option.value}`}
                onChange={() => change({ outcome: option.value })}
              />
              <span>{t(option.label)}</span>
              <span id={`${hintId}-${option.value}`} className="outcome-dialog__choice-hint">
                {t(option.hint)}
              </span>
            </label>
          ))}
        </fieldset>
        {isCouldNotSolve && (
          <>
            <Field label={t('lessons.outcome.lesson')} hint={t('lessons.outcome.lessonHint')} error={lessonMessage}>
              {(control) => (
                <TextArea
                  {...control}
                  ref={lessonRef}
                  rows={3}
                  maxLength={2000}
                  aria-required="true"
                  value={choice.lesson}
                  onChange={(event) => change({ lesson: event.target.value })}
                />
              )}
            </Field>
            <Field label={t('lessons.outcome.feedback')} hint={t('lessons.outcome.feedbackHint')} error={feedbackMessage}>
              {(control) => (
                <TextArea
                  {...control}
                  ref={feedbackRef}
                  rows={2}
                  maxLength={2000}
                  value={choice.productFeedback}
                  onChange={(event) => change({ productFeedback: event.target.value })}
                />
              )}
            </Field>
          </>
        )}
        {update.isError && !serverField && <Alert>{t('lessons.outcome.notSaved', { error: describeError(update.error) })}</Alert>}
        <div className="rp-dialog__actions">
          <Button type="button" variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isBusy={update.isPending}>
            {update.isPending ? t('common.saving') : t(isBeforeReply ? 'lessons.outcome.confirmAndSend' : 'lessons.outcome.confirm')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
