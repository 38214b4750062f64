import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { MyDiscretion, ResolutionAction, ResolutionActionDto, ResolutionSuggestion } from '@rapport/contracts/resolutions';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextArea } from '@rapport/ui/text-area';
import { TextInput } from '@rapport/ui/text-input';
import { describeError, isApiError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useNow } from '../../../lib/relative-time.ts';
import { RelativeTime } from '../../../lib/relative-time-view.tsx';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useApprovalNotificationRefresh } from '../hooks/use-approvals-live.ts';
import { fieldErrorsFromServer, formatMoney, isCurrency, isPositiveMoney, limitHint, matchesSuggestion, needsApproval, resolutionBadge, type LimitHint } from '../resolution-logic.ts';
import { actionLabel, badgeView, hintText } from '../resolution-labels.ts';
import { canActOnResolutions } from '../resolutions-paths.ts';
import { useCancelResolution, useCreateResolution, useMyDiscretion, useTicketResolutions } from '../resolutions-api.ts';
import './resolutions.css';

const otherCurrency = '__other';

/**
 * The ticket page's resolution panel (P3, P29): the suggestion within the agent's limit, the form
 * (with a live hint of what the limit says about the amount), and the ticket's actions with their
 * state. A lead's decision reaches it live: the ticket's realtime update and the requester's
 * notification both refresh it. Shown to those who may act ('resolution.act').
 */
export function ResolutionPanel({ ticketRef, isClosed }: { ticketRef: string; isClosed: boolean }) {
  const { permissions } = useCurrentSession();
  if (!canActOnResolutions(permissions)) return null;
  return <ResolutionPanelContent ticketRef={ticketRef} isClosed={isClosed} />;
}

function ResolutionPanelContent({ ticketRef, isClosed }: { ticketRef: string; isClosed: boolean }) {
  const resolutions = useTicketResolutions(ticketRef);
  const discretion = useMyDiscretion();
  const [filled, setFilled] = useState<ResolutionSuggestion | null>(null);
  const [formVersion, setFormVersion] = useState(0);
  useApprovalNotificationRefresh();
  const data = resolutions.data;
  return (
    <section className="rp-side-panel resolution-panel" aria-labelledby="resolution-panel-heading" data-testid="resolution-panel">
      <h2 id="resolution-panel-heading" className="rp-side-panel__heading">
        {t('resolutions.panel.heading')}
      </h2>
      {resolutions.isPending && <Spinner label={t('resolutions.panel.loading')} />}
      {resolutions.isError && <p className="rp-side-panel__muted">{t('resolutions.panel.failed')}</p>}
      {data && (
        <>
          {data.suggestion && !isClosed && (
            <Suggestion
              suggestion={data.suggestion}
              canUse={data.allowedActions.includes(data.suggestion.action)}
              onUse={() => {
                setFilled(data.suggestion);
                setFormVersion((version) => version + 1);
              }}
            />
          )}
          {data.items.length === 0 ? (
            <p className="rp-side-panel__muted">{t('resolutions.panel.none')}</p>
          ) : (
            <ul className="rp-side-panel__list" aria-label={t('resolutions.panel.listLabel')}>
              {data.items.map((item) => (
                <ResolutionItem key={item.id} item={item} ticketRef={ticketRef} />
              ))}
            </ul>
          )}
          {!isClosed &&
            (data.allowedActions.length === 0 ? (
              <p className="rp-side-panel__muted">{t('resolutions.panel.noActions')}</p>
            ) : (
              <ResolutionForm
                key={formVersion}
                ticketRef={ticketRef}
                allowedActions={data.allowedActions}
                discretion={discretion.data}
                discretionFailed={discretion.isError}
                filled={filled}
                suggestion={data.suggestion}
              />
            ))}
        </>
      )}
    </section>
  );
}

function Suggestion({ suggestion, canUse, onUse }: { suggestion: ResolutionSuggestion; canUse: boolean; onUse: () => void }) {
  return (
    <div className="resolution-suggestion" data-testid="resolution-suggestion">
      <p className="resolution-suggestion__title">
        {t('resolutions.panel.suggestion', { action: actionLabel(suggestion.action), amount: formatMoney(suggestion.amount, suggestion.currency) })}
      </p>
      {suggestion.reasons.length > 0 && (
        <ul className="resolution-suggestion__reasons">
          {suggestion.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {canUse && (
        <Button size="sm" onClick={onUse}>
          {t('resolutions.panel.useSuggestion')}
        </Button>
      )}
    </div>
  );
}

function ResolutionItem({ item, ticketRef }: { item: ResolutionActionDto; ticketRef: string }) {
  const { user } = useCurrentSession();
  const cancel = useCancelResolution(ticketRef);
  const announce = useAnnounce();
  const now = useNow();
  const badge = badgeView(resolutionBadge(item, user.id));
  const amount = formatMoney(item.amount, item.currency);
  const action = actionLabel(item.action);
  return (
    <li className="resolution-item" data-testid="resolution-item" data-status={item.status}>
      <p className="resolution-item__what">
        {action} · {amount}
      </p>
      <Badge tone={badge.tone} className="resolution-item__badge" data-testid="resolution-status">
        {badge.text}
      </Badge>
      {item.status === 'approved' && item.approval === 'approver' && item.decisionNote && <p className="resolution-item__note">{t('resolutions.decisionNote', { note: item.decisionNote })}</p>}
      <p className="resolution-item__reason">{item.reason}</p>
      <p className="rp-side-panel__muted">
        {t('resolutions.panel.by', { name: item.requestedBy?.name ?? t('resolutions.formerMember') })}
        {', '}
        <RelativeTime iso={item.createdAt} now={now} />
      </p>
      {item.status === 'pending' && item.requestedBy?.id === user.id && (
        <div>
          <Button
            size="sm"
            variant="ghost"
            isBusy={cancel.isPending}
            aria-label={t('resolutions.panel.cancelLabel', { action, amount })}
            onClick={() => cancel.mutate(item.id, { onSuccess: () => announce(t('resolutions.panel.cancelled')) })}
          >
            {t('resolutions.panel.cancel')}
          </Button>
        </div>
      )}
      {cancel.isError && <Alert>{describeError(cancel.error)}</Alert>}
    </li>
  );
}

interface FormState {
  action: ResolutionAction;
  amount: string;
  /** '' = the workspace's default (the first listed), a code, or `otherCurrency` with the code typed in `customCurrency`. */
  currency: string;
  customCurrency: string;
  reason: string;
}

function initialForm(allowed: readonly ResolutionAction[], filled: ResolutionSuggestion | null): FormState {
  if (filled) return { action: filled.action, amount: filled.amount, currency: filled.currency, customCurrency: filled.currency, reason: '' };
  return { action: allowed[0] ?? 'refund', amount: '', currency: '', customCurrency: '', reason: '' };
}

function ResolutionForm({
  ticketRef,
  allowedActions,
  discretion,
  discretionFailed,
  filled,
  suggestion,
}: {
  ticketRef: string;
  allowedActions: readonly ResolutionAction[];
  discretion: MyDiscretion | undefined;
  discretionFailed: boolean;
  filled: ResolutionSuggestion | null;
  suggestion: ResolutionSuggestion | null;
}) {
  const currencies = discretion?.currencies ?? [];
  const [form, setForm] = useState<FormState>(() => initialForm(allowedActions, filled));
  const [showErrors, setShowErrors] = useState(false);
  const create = useCreateResolution(ticketRef);
  const announce = useAnnounce();
  const id = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  // "Use suggestion" remounts the form filled in: what is left to write is the reason.
  useEffect(() => {
    if (filled) reasonRef.current?.focus();
  }, [filled]);
  // The currencies arrive with the limits; until the agent picks one, the first (most used) is the default.
  const currencyOptions = [...new Set([...currencies, ...(form.currency !== otherCurrency && form.currency ? [form.currency] : [])])];
  const selected = form.currency || currencyOptions[0] || otherCurrency;
  const isCustomCurrency = selected === otherCurrency;
  const effectiveCurrency = isCustomCurrency ? form.customCurrency.trim().toUpperCase() : selected;
  // A playbook started meanwhile may narrow the allowed actions: fall back to the first allowed.
  const action = allowedActions.includes(form.action) ? form.action : (allowedActions[0] ?? form.action);
  const hint: LimitHint = discretion ? limitHint(discretion, { action, amount: form.amount, currency: effectiveCurrency }) : { kind: 'empty' };
  const hintSentence = hintText(hint, effectiveCurrency);
  const serverErrors = fieldErrorsFromServer(create.error);
  const amountError = showErrors && !isPositiveMoney(form.amount) ? t('resolutions.panel.amountInvalid') : serverErrors['amount'];
  const currencyError = showErrors && !isCurrency(effectiveCurrency) ? t('resolutions.panel.currencyInvalid') : serverErrors['currency'];
  const reasonError = showErrors && form.reason.trim().length < 3 ? t('resolutions.panel.reasonRequired') : serverErrors['reason'];
  const otherError = create.isError && Object.keys(serverErrors).length === 0 ? describeError(create.error) : null;

  const change = (changes: Partial<FormState>) => {
    setForm((current) => ({ ...current, ...changes }));
    if (create.isError) create.reset();
  };

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!isPositiveMoney(form.amount) || !isCurrency(effectiveCurrency) || form.reason.trim().length < 3) {
      setShowErrors(true);
      return;
    }
    const values = { action, amount: form.amount.trim(), currency: effectiveCurrency };
    create.mutate(
      { ...values, reason: form.reason.trim(), suggestion: matchesSuggestion(suggestion, values) ? suggestion : null },
      {
        onSuccess: (created) => {
          const words = { action: actionLabel(created.action), amount: formatMoney(created.amount, created.currency) };
          announce(t(created.status === 'pending' ? 'resolutions.panel.requested' : 'resolutions.panel.given', words));
          setShowErrors(false);
          setForm((current) => ({ ...current, amount: '', reason: '' }));
        },
        onError: (error) => {
          if (isApiError(error)) announce(describeError(error), 'assertive');
        },
      },
    );
  }

  const askApproval = needsApproval(hint);
  return (
    <form className="resolution-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`} data-testid="resolution-form">
      <h3 id={`${id}-heading`} className="resolution-form__heading">
        {t('resolutions.panel.formHeading')}
      </h3>
      <Field label={t('resolutions.panel.action')}>
        {(control) => (
          <Select
            {...control}
            value={action}
            onChange={(event) => change({ action: event.target.value as ResolutionAction })}
            options={allowedActions.map((action) => ({ value: action, label: actionLabel(action) }))}
          />
        )}
      </Field>
      <div className="resolution-form__money">
        <Field label={t('resolutions.panel.amount')} error={amountError}>
          {(control) => (
            <TextInput
              {...control}
              inputMode="decimal"
              autoComplete="off"
              placeholder="0.00"
              value={form.amount}
              aria-describedby={[control['aria-describedby'], hintSentence ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined}
              onChange={(event) => change({ amount: event.target.value })}
            />
          )}
        </Field>
        {currencyOptions.length > 0 ? (
          <Field label={t('resolutions.panel.currency')} error={isCustomCurrency ? undefined : currencyError}>
            {(control) => (
              <Select
                {...control}
                value={selected}
                onChange={(event) => change({ currency: event.target.value })}
                options={[...currencyOptions.map((code) => ({ value: code, label: code })), { value: otherCurrency, label: t('resolutions.panel.otherCurrency') }]}
              />
            )}
          </Field>
        ) : null}
        {isCustomCurrency && (
          <Field label={t('resolutions.panel.currencyCode')} error={currencyError}>
            {(control) => (
              <TextInput
                {...control}
                className="resolution-form__code"
                maxLength={3}
                autoComplete="off"
                placeholder="EUR"
                value={form.customCurrency}
                onChange={(event) => change({ customCurrency: event.target.value.toUpperCase() })}
              />
            )}
          </Field>
        )}
      </div>
      {/* The live region stays mounted so screen readers hear the hint change as the amount is typed. */}
      <div aria-live="polite">
        {hintSentence && (
          <p id={`${id}-hint`} className="resolution-form__hint" data-tone={askApproval ? 'approval' : 'within'} data-testid="resolution-hint">
            {hintSentence}
          </p>
        )}
      </div>
      {discretionFailed && <p className="rp-side-panel__muted">{t('resolutions.panel.noDiscretion')}</p>}
      <Field label={t('resolutions.panel.reason')} hint={t('resolutions.panel.reasonHint')} error={reasonError}>
        {(control) => <TextArea {...control} ref={reasonRef} rows={2} maxLength={2000} value={form.reason} onChange={(event) => change({ reason: event.target.value })} />}
      </Field>
      {otherError && <Alert>{otherError}</Alert>}
      <div>
        <Button type="submit" size="sm" variant="primary" isBusy={create.isPending}>
          {hint.kind === 'empty' || hint.kind === 'invalid' ? t('resolutions.panel.submit') : askApproval ? t('resolutions.panel.askApproval') : t('resolutions.panel.giveNow')}
        </Button>
      </div>
    </form>
  );
}
