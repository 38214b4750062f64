import { useCallback, useEffect, useId, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent, type Ref } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DismissReason, MacroActions, MacroDto } from '@rapport/contracts/composer';
import type { TicketStatus } from '@rapport/contracts/tickets';
import { Alert } from '@rapport/ui/alert';
import { statusLabels } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { useAnnounce } from '@rapport/ui/live-region';
import { describeError, isApiError } from '../../../api/api-error.ts';
import { newIdempotencyKey } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { OutcomeDialog } from '../../lessons/components/outcome-dialog.tsx';
import { macrosQueryKey } from '../../macros/hooks/use-macros.ts';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { useTicket } from '../../ticket/hooks/use-ticket.ts';
import { applyFix, type PlacedFinding } from '../coach-highlights.ts';
import { composerApi } from '../composer-api.ts';
import { useLiveCoach } from '../hooks/use-live-coach.ts';
import { usePostToTicket, type ComposerMode, type PostInput } from '../hooks/use-post-to-ticket.ts';
import { useServerDraft } from '../hooks/use-server-draft.ts';
import { useUploads } from '../hooks/use-uploads.ts';
import { filterMentionables, insertMention, mentionQueryAt, stillMentioned, type Mentionable } from '../mentions.ts';
import { AttachmentList } from './attachment-list.tsx';
import { CoachFindings } from './coach-findings.tsx';
import { HighlightedTextArea } from './highlighted-text-area.tsx';
import { MacroPicker } from './macro-picker.tsx';
import { MentionList } from './mention-list.tsx';
import { SendMenu } from './send-menu.tsx';
import './composer.css';

export interface ComposerHandle {
  /** Switches mode and puts the cursor in the text box (the r and n shortcuts). */
  focus: (mode: ComposerMode) => void;
  /** Inserts a macro as the picker does (placeholders filled, actions applied on send): a playbook's suggested macro. */
  insertMacro: (macro: Pick<MacroDto, 'id' | 'name'>) => void;
}

export interface ComposerProps {
  ticketId: string;
  ticketRef: string;
  customerName: string;
  handleRef?: Ref<ComposerHandle>;
}

/** The stable DOM hooks other modules rely on (keyboard shortcuts, presence): keep them. */
const textAreaId = 'composer-text';

interface InsertedMacro {
  id: string;
  name: string;
  mode: ComposerMode;
  /** The rendered text, for the coach's "macro sent unchanged" check. */
  text: string;
  actions: MacroActions;
  unfilled: string[];
}

interface Conflict {
  messageIds: string[];
  status: TicketStatus | undefined;
}

function actionSummary(actions: MacroActions): string {
  const parts: string[] = [];
  if (actions.status) parts.push(t('composer.macros.action.status', { value: statusLabels[actions.status].toLowerCase() }));
  if (actions.priority) parts.push(t('composer.macros.action.priority', { value: actions.priority }));
  if (actions.addTags?.length) parts.push(t('composer.macros.action.tags', { value: actions.addTags.join(', ') }));
  if (actions.assigneeId !== undefined) parts.push(actions.assigneeId === null ? t('composer.macros.action.unassign') : t('composer.macros.action.assignee'));
  if (actions.teamId !== undefined) parts.push(t('composer.macros.action.team'));
  return parts.join(', ');
}

function readDismissed(key: string): Set<string> {
  try {
    return new Set(JSON.parse(window.sessionStorage.getItem(key) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

function writeDismissed(key: string, keys: Set<string>): void {
  try {
    if (keys.size === 0) window.sessionStorage.removeItem(key);
    else window.sessionStorage.setItem(key, JSON.stringify([...keys]));
  } catch {
    // storage disabled: dismissals last for this page
  }
}

/**
 * The composer (issue 6, part 3): reply or internal note; drafts saved on the server as you type;
 * the reply coach live with inline highlights, one-click fixes and dismissals with a reason;
 * macros (picker, placeholders filled on the server, actions applied on send); attachments by
 * drop, paste or picker; @mentions in notes; send, or send and set pending / solve; a short
 * undo-send window; a warning when the customer wrote after the draft was started.
 */
export function Composer({ ticketId, ticketRef, customerName, handleRef }: ComposerProps) {
  const { workspace, user } = useCurrentSession();
  const queryClient = useQueryClient();
  const ticket = useTicket(ticketRef);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const replyDraft = useServerDraft(ticketRef, 'reply', `rapport:draft:${workspace.id}:${ticketId}:reply`);
  const noteDraft = useServerDraft(ticketRef, 'note', `rapport:draft:${workspace.id}:${ticketId}:note`);
  const draft = mode === 'reply' ? replyDraft : noteDraft;
  const text = draft.text;
  const textArea = useRef<HTMLTextAreaElement>(null);
  // One key per draft: a retry of the same text is the same request, an edit makes a new one.
  const idempotencyKey = useRef(newIdempotencyKey());
  const post = usePostToTicket(ticketRef);
  const announce = useAnnounce();
  const uploads = useUploads(announce);
  const [macro, setMacro] = useState<InsertedMacro | null>(null);
  const [isPickerOpen, setIsPickerOpen] = useState(false);
  const [isClarifyingOpen, setIsClarifyingOpen] = useState(false);
  // "Send and solve" asks for the outcome first (P6, P13), unless the ticket is solved already.
  const [isAskingOutcome, setIsAskingOutcome] = useState(false);
  const [macroError, setMacroError] = useState<string | null>(null);
  const dismissedKey = `rapport:coach-dismissed:${workspace.id}:${ticketId}`;
  const [dismissed, setDismissed] = useState<Set<string>>(() => readDismissed(dismissedKey));
  const [activeFinding, setActiveFinding] = useState<string | null>(null);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [mentionIndex, setMentionIndex] = useState(0);
  const [picked, setPicked] = useState<Mentionable[]>([]);
  const [undo, setUndo] = useState<{ messageId: string; until: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [isDragging, setIsDragging] = useState(false);
  const conflictHeading = useRef<HTMLHeadingElement>(null);
  const agents = useAgents();
  const ids = useId();
  const mentionListId = `${ids}-mentions`;

  const isNote = mode === 'note';
  const activeMacro = macro && macro.mode === mode ? macro : null;
  const coach = useLiveCoach({ text: replyDraft.text, isEnabled: !isNote, ticket: ticket.data, macroText: macro?.mode === 'reply' ? macro.text : null });
  const findings = useMemo(() => (isNote ? [] : coach.findings.filter((finding) => !dismissed.has(finding.key))), [isNote, coach.findings, dismissed]);

  // The caret to place once the text it belongs to is committed (a mention or macro was inserted).
  const pendingCaret = useRef<{ caret: number | undefined } | null>(null);
  const placePendingCaret = useCallback(() => {
    const pending = pendingCaret.current;
    const element = textArea.current;
    if (!pending || !element) return;
    pendingCaret.current = null;
    element.focus();
    if (pending.caret !== undefined) element.setSelectionRange(pending.caret, pending.caret);
  }, []);
  // Right after the commit, before the browser handles the next key: a fast typist's next letter
  // lands at the caret, not at the end of the text (the frame after was too late).
  useLayoutEffect(placePendingCaret);
  const focusText = useCallback(
    (caret?: number) => {
      pendingCaret.current = { caret };
      // When nothing re-renders (the text did not change), the next frame places it.
      window.requestAnimationFrame(placePendingCaret);
    },
    [placePendingCaret],
  );

  useImperativeHandle(handleRef, () => ({
    focus(nextMode) {
      setMode(nextMode);
      focusText();
    },
    insertMacro(chosen) {
      void insertMacro(chosen);
    },
  }));

  // The undo countdown ticks once a second while the window is open.
  useEffect(() => {
    if (!undo) return undefined;
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= undo.until) setUndo(null);
    }, 250);
    return () => window.clearInterval(timer);
  }, [undo]);

  useEffect(() => {
    if (conflict) conflictHeading.current?.focus();
  }, [conflict]);

  const members: Mentionable[] = useMemo(
    () => (agents.data ?? []).filter((agent) => agent.id !== user.id).map((agent) => ({ id: agent.id, name: agent.name, email: agent.email })),
    [agents.data, user.id],
  );
  const mentionOptions = useMemo(() => (mention ? filterMentionables(members, mention.query) : []), [members, mention]);
  const isMentionOpen = isNote && mention !== null;
  const activeMention = isMentionOpen ? mentionOptions[Math.min(mentionIndex, mentionOptions.length - 1)] : undefined;

  function changeText(next: string, caret: number | null) {
    draft.setText(next);
    idempotencyKey.current = newIdempotencyKey();
    if (isNote && caret !== null) {
      const found = mentionQueryAt(next, caret);
      setMention(found);
      if (!found) setMentionIndex(0);
    }
  }

  function pickMention(member: Mentionable) {
    if (!mention) return;
    const caret = textArea.current?.selectionStart ?? text.length;
    const inserted = insertMention(text, mention.start, caret, member.name);
    draft.setText(inserted.text);
    setPicked((current) => (current.some((item) => item.id === member.id) ? current : [...current, member]));
    setMention(null);
    setMentionIndex(0);
    focusText(inserted.caret);
  }

  async function insertMacro(chosen: Pick<MacroDto, 'id' | 'name'>) {
    setIsPickerOpen(false);
    setMacroError(null);
    try {
      const rendered = await composerApi.renderMacro(chosen.id, ticketRef);
      const element = textArea.current;
      const start = element?.selectionStart ?? text.length;
      const end = element?.selectionEnd ?? text.length;
      const isEmpty = text.trim() === '';
      const nextText = isEmpty ? rendered.text : text.slice(0, start) + rendered.text + text.slice(end);
      const caret = isEmpty ? rendered.text.length : start + rendered.text.length;
      draft.setText(nextText);
      idempotencyKey.current = newIdempotencyKey();
      setMacro({
        id: chosen.id,
        name: chosen.name,
        mode,
        text: rendered.text,
        actions: rendered.actions,
        unfilled: [...rendered.unknownPlaceholders, ...rendered.emptyPlaceholders].map((name) => `{{${name}}}`),
      });
      announce(t('composer.macros.inserted', { name: chosen.name }));
      focusText(caret);
    } catch (error) {
      setMacroError(describeError(error));
      focusText();
    }
  }

  const canSend = text.trim().length > 0 && !post.isPending && !uploads.isUploading;

  async function send(status?: TicketStatus, confirmNewMessages = false) {
    if (!canSend) return;
    setConflict(null);
    await draft.settle();
    const mentions = isNote ? stillMentioned(text, picked) : [];
    const input: PostInput = {
      mode,
      text,
      status: isNote ? undefined : status,
      attachmentIds: isNote ? undefined : uploads.readyIds,
      confirmNewMessages: isNote ? undefined : confirmNewMessages,
      mentions: isNote ? mentions : undefined,
      macroId: activeMacro?.id,
      idempotencyKey: idempotencyKey.current,
    };
    const sentMode = mode;
    post.mutate(input, {
      onSuccess: (result) => {
        (sentMode === 'reply' ? replyDraft : noteDraft).clear();
        idempotencyKey.current = newIdempotencyKey();
        if (sentMode === 'reply') {
          uploads.clear();
          setDismissed(new Set());
          writeDismissed(dismissedKey, new Set());
        } else setPicked([]);
        if (macro?.mode === sentMode) {
          setMacro(null);
          void queryClient.invalidateQueries({ queryKey: macrosQueryKey(workspace.id) }); // usage counts
        }
        const sentence = t(sentMode === 'note' ? 'composer.sent.note' : 'composer.sent.reply');
        announce(status && sentMode === 'reply' ? t('composer.sent.withStatus', { sentence, status: statusLabels[status] }) : sentence);
        if (result.mode === 'reply' && result.message.undoUntil) {
          const windowMs = Date.parse(result.message.undoUntil) - Date.parse(result.message.createdAt);
          if (windowMs > 0) {
            setNow(Date.now());
            setUndo({ messageId: result.message.id, until: Date.now() + windowMs });
          }
        }
        focusText();
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'NEW_CUSTOMER_MESSAGE') {
          const details = error.details as { messageIds?: unknown } | undefined;
          const messageIds = Array.isArray(details?.messageIds) ? details.messageIds.filter((id): id is string => typeof id === 'string') : [];
          setConflict({ messageIds, status });
          idempotencyKey.current = newIdempotencyKey(); // "send anyway" is another request
          void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(workspace.id, ticketRef) });
          post.reset();
        }
        void draft.saveNow(); // the draft was settled for the send; keep the server copy current
      },
    });
  }

  async function undoSend() {
    if (!undo) return;
    const { messageId } = undo;
    setUndo(null);
    try {
      const result = await composerApi.undo(ticketRef, messageId);
      setMode('reply');
      replyDraft.adopt(result.draft.body, result.draft.revision);
      announce(t('composer.undo.done'));
      await queryClient.invalidateQueries({ queryKey: queryKeys.ticket(workspace.id, ticketRef) });
      focusText(result.draft.body.length);
    } catch (error) {
      announce(isApiError(error) && error.code === 'UNDO_WINDOW_CLOSED' ? t('composer.undo.tooLate') : describeError(error));
    }
  }

  function fixFinding(finding: PlacedFinding, replacement: string) {
    const fixed = applyFix(replyDraft.text, finding, replacement);
    replyDraft.setText(fixed.text);
    idempotencyKey.current = newIdempotencyKey();
    announce(t('composer.coach.fixed', { replacement }));
    focusText(fixed.caret);
  }

  function dismissFinding(finding: PlacedFinding, reason: DismissReason) {
    const next = new Set(dismissed).add(finding.key);
    setDismissed(next);
    writeDismissed(dismissedKey, next);
    announce(t('composer.coach.dismissed'));
    // Recorded in the ticket's audit trail; a failure here must not bring the finding back.
    void composerApi.dismissFinding(ticketRef, { rule: finding.rule, reason, excerpt: finding.excerpt.slice(0, 200) }).catch(() => undefined);
    focusText();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (isMentionOpen && mentionOptions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setMentionIndex((current) => (Math.min(current, mentionOptions.length - 1) + step + mentionOptions.length) % mentionOptions.length);
        return;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        event.preventDefault();
        if (activeMention) pickMention(activeMention);
        return;
      }
    }
    if (isMentionOpen && event.key === 'Escape') {
      event.preventDefault();
      setMention(null);
      return;
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    } else if ((event.key === 'M' || event.key === 'm') && (event.ctrlKey || event.metaKey) && event.shiftKey) {
      event.preventDefault();
      setIsPickerOpen(true);
    } else if (event.key === 'Escape') {
      // Leaving the text box gives the page's single-key shortcuts (r, n, u) back; the draft stays.
      event.currentTarget.blur();
    }
  }

  function handlePaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    if (isNote || event.clipboardData.files.length === 0) return;
    event.preventDefault();
    uploads.add(Array.from(event.clipboardData.files));
  }

  const acceptsFiles = (event: DragEvent) => !isNote && Array.from(event.dataTransfer.types).includes('Files');

  const newMessages = conflict ? (ticket.data?.messages ?? []).filter((message) => conflict.messageIds.includes(message.id)) : [];
  const undoSeconds = undo ? Math.max(1, Math.ceil((undo.until - now) / 1000)) : 0;
  const draftStatus =
    draft.status === 'saving' ? t('composer.draft.saving') : draft.status === 'saved' && text.trim() ? t('composer.draft.saved') : draft.status === 'offline' && text.trim() ? t('composer.draft.offline') : '';

  return (
    <section
      className={`composer${isNote ? ' composer--note' : ''}${isDragging ? ' composer--dragging' : ''}`}
      aria-labelledby="composer-heading"
      onDragOver={(event) => {
        if (!acceptsFiles(event)) return;
        event.preventDefault();
        setIsDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
        setIsDragging(false);
      }}
      onDrop={(event) => {
        if (!acceptsFiles(event)) return;
        event.preventDefault();
        setIsDragging(false);
        uploads.add(Array.from(event.dataTransfer.files));
      }}
    >
      <div className="composer__top">
        <h2 id="composer-heading" className="rp-visually-hidden">
          {t('composer.heading')}
        </h2>
        <div role="group" aria-label={t('composer.modeGroup')} className="rp-segmented">
          {(['reply', 'note'] as const).map((value) => (
            <button
              key={value}
              type="button"
              className="rp-segmented__option"
              data-composer-mode={value}
              aria-pressed={mode === value}
              onClick={() => {
                setMode(value);
                setMention(null);
              }}
            >
              {t(value === 'reply' ? 'composer.mode.reply' : 'composer.mode.note')}
            </button>
          ))}
        </div>
        <p className="composer__audience">{isNote ? t('composer.audience.note') : t('composer.audience.reply', { name: customerName })}</p>
        <Button size="sm" variant="ghost" className="composer__macros" aria-keyshortcuts="Control+Shift+M" onClick={() => setIsPickerOpen(true)}>
          {t('composer.macros.button')}
        </Button>
        {!isNote && (
          <Button size="sm" variant="ghost" onClick={() => setIsClarifyingOpen(true)}>
            {t('waiting.clarifying.button')}
          </Button>
        )}
      </div>
      {undo && (
        <div className="composer__undo" role="status">
          <span>{t('composer.undo.sent')}</span>
          <span aria-hidden="true"> · </span>
          <Button size="sm" variant="secondary" onClick={() => void undoSend()}>
            {t('composer.undo.button', { seconds: undoSeconds })}
          </Button>
        </div>
      )}
      {conflict && (
        <div className="composer__conflict" role="group" aria-labelledby={`${ids}-conflict`}>
          <h3 id={`${ids}-conflict`} ref={conflictHeading} tabIndex={-1} className="composer__conflict-title">
            {t('composer.newMessage.title')}
          </h3>
          <p>{t('composer.newMessage.body')}</p>
          {newMessages.map((message) => (
            <blockquote key={message.id} className="composer__conflict-message" data-testid="composer-new-message">
              {message.text}
            </blockquote>
          ))}
          <div className="composer__conflict-actions">
            <Button variant="primary" onClick={() => void send(conflict.status, true)}>
              {t('composer.newMessage.sendAnyway')}
            </Button>
            <Button
              onClick={() => {
                setConflict(null);
                focusText();
              }}
            >
              {t('composer.newMessage.review')}
            </Button>
          </div>
        </div>
      )}
      <label htmlFor={textAreaId} className="rp-visually-hidden">
        {t(isNote ? 'composer.label.note' : 'composer.label.reply')}
      </label>
      <HighlightedTextArea
        ref={textArea}
        id={textAreaId}
        data-testid="composer-text"
        rows={6}
        value={text}
        findings={findings}
        activeKey={activeFinding}
        placeholder={isNote ? t('composer.placeholder.note') : t('composer.placeholder.reply', { name: customerName })}
        aria-describedby={`${ids}-hint`}
        aria-autocomplete={isNote ? 'list' : undefined}
        aria-controls={isMentionOpen ? mentionListId : undefined}
        aria-activedescendant={activeMention ? `${mentionListId}-${activeMention.id}` : undefined}
        onChange={(event) => changeText(event.target.value, event.target.selectionStart)}
        onKeyDown={handleKeyDown}
        onPaste={handlePaste}
        onBlur={() => setMention(null)}
      />
      {isMentionOpen && <MentionList id={mentionListId} members={mentionOptions} activeIndex={Math.min(mentionIndex, mentionOptions.length - 1)} query={mention.query} onPick={pickMention} />}
      {isDragging && <p className="composer__drop">{t('composer.attach.drop')}</p>}
      {!isNote && <AttachmentList files={uploads.files} onRemove={uploads.remove} />}
      {activeMacro && (activeMacro.unfilled.length > 0 || actionSummary(activeMacro.actions)) && (
        <div className="composer__macro-note">
          {activeMacro.unfilled.length > 0 && <Alert>{t('composer.macros.unfilled', { placeholders: activeMacro.unfilled.join(', ') })}</Alert>}
          {actionSummary(activeMacro.actions) && (
            <p>
              {t('composer.macros.actions', { name: activeMacro.name, actions: actionSummary(activeMacro.actions) })}{' '}
              <Button size="sm" variant="ghost" onClick={() => setMacro(null)}>
                {t('composer.macros.removeActions')}
              </Button>
            </p>
          )}
        </div>
      )}
      {macroError && <Alert>{macroError}</Alert>}
      {!isNote && <CoachFindings findings={findings} text={replyDraft.text} status={coach.status} onFix={fixFinding} onDismiss={dismissFinding} onActive={setActiveFinding} />}
      {post.isError && <Alert>{t('composer.error.keepText', { error: describeError(post.error) })}</Alert>}
      <div className="composer__actions">
        <p id={`${ids}-hint`} className="composer__hint">
          {t('composer.hint')}
        </p>
        <p className="composer__draft-status" aria-live="polite">
          {draft.wasRestored ? t('composer.draft.restored') : draftStatus}
        </p>
        {!isNote && (
          <>
            <input
              id={`${ids}-files`}
              type="file"
              multiple
              className="rp-visually-hidden"
              aria-label={t('composer.attach.button')}
              tabIndex={-1}
              onChange={(event) => {
                if (event.target.files) uploads.add(Array.from(event.target.files));
                event.target.value = '';
              }}
            />
            <Button size="sm" onClick={() => document.getElementById(`${ids}-files`)?.click()}>
              {t('composer.attach.button')}
            </Button>
          </>
        )}
        {isNote ? (
          <Button variant="primary" disabled={!canSend} isBusy={post.isPending} onClick={() => void send()}>
            {post.isPending ? t('composer.sending') : t('composer.addNote')}
          </Button>
        ) : (
          <SendMenu
            label={t('composer.send')}
            isBusy={post.isPending}
            isDisabled={!canSend}
            onSend={(status) => {
              const isResolved = ticket.data?.status === 'solved' || ticket.data?.status === 'closed';
              if (status === 'solved' && ticket.data && !isResolved) setIsAskingOutcome(true);
              else void send(status);
            }}
          />
        )}
      </div>
      {isPickerOpen && <MacroPicker onPick={(chosen) => void insertMacro(chosen)} onClose={() => setIsPickerOpen(false)} />}
      {isClarifyingOpen && <MacroPicker category="clarifying" onPick={(chosen) => { setIsClarifyingOpen(false); void insertMacro(chosen); }} onClose={() => setIsClarifyingOpen(false)} />}
      {isAskingOutcome && ticket.data && (
        <OutcomeDialog
          ticketRef={ticketRef}
          ticketNumber={ticket.data.number}
          isBeforeReply
          onClose={() => setIsAskingOutcome(false)}
          onSolved={() => {
            setIsAskingOutcome(false);
            void send('solved');
          }}
        />
      )}
    </section>
  );
}
