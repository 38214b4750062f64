import { useState, type FormEvent } from 'react';
import { webhookTopics, type WebhookDeliveryDto, type WebhookEndpointDto } from '@rapport/contracts/webhooks';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { AdminCard, AdminFormActions, AdminPage } from '../../admin/components/admin-page.tsx';
import {
  bodyFromWebhookForm,
  canRetry,
  deliveryStatusKeys,
  deliveryTone,
  emptyWebhookForm,
  formFromWebhook,
  hasFormErrors,
  patchFromWebhookForm,
  toggleTopic,
  topicLabelKey,
  urlIssueKeys,
  webhookFormErrors,
  type WebhookForm,
} from '../webhook-form.ts';
import { useCreateWebhook, useDeleteWebhook, useRetryDelivery, useRotateWebhookSecret, useSendTestEvent, useUpdateWebhook, useWebhookDeliveries, useWebhooks } from '../webhooks-api.ts';
import './webhooks.css';

type Editing = { kind: 'new' } | { kind: 'edit'; endpoint: WebhookEndpointDto } | null;

const topicLabel = (topic: string) => {
  const key = topicLabelKey(topic);
  return key ? t(key) : topic;
};

/** Outgoing webhooks (admins): endpoints with their signing secret, a test event, and each one's deliveries log. */
export function WebhooksScreen() {
  const webhooks = useWebhooks();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<WebhookEndpointDto | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpointDto | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const items = webhooks.data ?? [];

  return (
    <AdminPage title={t('webhooks.admin.title')} permission="webhook.manage" intro={t('webhooks.admin.intro')}>
      <AdminCard title={t('webhooks.admin.listLabel')} id="webhooks-admin-heading">
        {webhooks.isPending && <Spinner label={t('webhooks.admin.loading')} isLabelVisible />}
        {webhooks.isError && <Alert>{describeError(webhooks.error)}</Alert>}
        {webhooks.isSuccess && items.length === 0 && <p className="admin-muted">{t('webhooks.admin.empty')}</p>}
        {items.length > 0 && (
          <ul className="admin-list" aria-labelledby="webhooks-admin-heading">
            {items.map((endpoint) => (
              <EndpointRow
                key={endpoint.id}
                endpoint={endpoint}
                isOpen={openId === endpoint.id}
                onToggleOpen={() => setOpenId((current) => (current === endpoint.id ? null : endpoint.id))}
                onEdit={() => setEditing({ kind: 'edit', endpoint })}
                onDelete={() => setDeleting(endpoint)}
                onRotate={() => setRotating(endpoint)}
              />
            ))}
          </ul>
        )}
        <div>
          <Button variant="primary" onClick={() => setEditing({ kind: 'new' })}>
            {t('webhooks.admin.new')}
          </Button>
        </div>
      </AdminCard>
      {editing && (
        <EndpointDialog
          endpoint={editing.kind === 'edit' ? editing.endpoint : undefined}
          onClose={() => setEditing(null)}
          onCreated={(endpoint) => setOpenId(endpoint.id)}
        />
      )}
      {deleting && <DeleteEndpointDialog endpoint={deleting} onClose={() => setDeleting(null)} />}
      {rotating && <RotateSecretDialog endpoint={rotating} onClose={() => setRotating(null)} />}
    </AdminPage>
  );
}

function LastDelivery({ endpoint }: { endpoint: WebhookEndpointDto }) {
  const last = endpoint.lastDelivery;
  if (!last) return <span className="admin-list__secondary">{t('webhooks.admin.noDelivery')}</span>;
  const params = { status: t(deliveryStatusKeys[last.status]), time: formatAbsoluteTime(last.at) };
  return (
    <span className="admin-list__secondary" data-testid="webhook-last-delivery">
      {last.responseStatus === null ? t('webhooks.admin.lastDelivery', params) : t('webhooks.admin.lastDeliveryCode', { ...params, code: last.responseStatus })}
    </span>
  );
}

function EndpointRow({
  endpoint,
  isOpen,
  onToggleOpen,
  onEdit,
  onDelete,
  onRotate,
}: {
  endpoint: WebhookEndpointDto;
  isOpen: boolean;
  onToggleOpen: () => void;
  onEdit: () => void;
  onDelete: () => void;
  onRotate: () => void;
}) {
  const update = useUpdateWebhook();
  const test = useSendTestEvent();
  const detailsId = `webhook-details-${endpoint.id}`;
  const url = endpoint.url;
  return (
    <li className="admin-list__item webhook-row" data-testid="webhook-row">
      <div className="admin-list__main">
        <span className="admin-list__headline">
          <span className="admin-list__primary webhook-row__url">{url}</span>
          {!endpoint.enabled && <Badge tone="tag">{t('webhooks.admin.disabled')}</Badge>}
        </span>
        {endpoint.description && <span className="admin-list__secondary">{endpoint.description}</span>}
        <span className="admin-list__secondary">{t('webhooks.admin.topics', { topics: endpoint.topics.map(topicLabel).join(', ') })}</span>
        <LastDelivery endpoint={endpoint} />
      </div>
      <div className="admin-list__actions">
        <Button size="sm" aria-expanded={isOpen} aria-controls={detailsId} aria-label={t('webhooks.admin.detailsFor', { url })} onClick={onToggleOpen}>
          {t('webhooks.admin.details')}
        </Button>
        <Button size="sm" aria-label={t('webhooks.admin.testNamed', { url })} isBusy={test.isPending} onClick={() => test.mutate(endpoint)}>
          {t('webhooks.admin.test')}
        </Button>
        <Button size="sm" aria-label={t('webhooks.admin.edit', { url })} onClick={onEdit}>
          {t('common.edit')}
        </Button>
        <Button
          size="sm"
          aria-label={t(endpoint.enabled ? 'webhooks.admin.disableNamed' : 'webhooks.admin.enableNamed', { url })}
          isBusy={update.isPending}
          onClick={() => update.mutate({ id: endpoint.id, body: { enabled: !endpoint.enabled } })}
        >
          {t(endpoint.enabled ? 'webhooks.admin.disable' : 'webhooks.admin.enable')}
        </Button>
        <Button size="sm" variant="danger" aria-label={t('webhooks.admin.delete', { url })} onClick={onDelete}>
          {t('common.delete')}
        </Button>
      </div>
      {(update.isError || test.isError) && <Alert>{describeError(update.error ?? test.error)}</Alert>}
      {isOpen && (
        <div id={detailsId} className="webhook-details">
          <SecretField endpoint={endpoint} onRotate={onRotate} />
          <DeliveriesLog endpoint={endpoint} />
        </div>
      )}
    </li>
  );
}

function SecretField({ endpoint, onRotate }: { endpoint: WebhookEndpointDto; onRotate: () => void }) {
  const [isShown, setIsShown] = useState(false);
  const [copiedSecret, setCopiedSecret] = useState<string | null>(null);
  const announce = useAnnounce();
  const isCopied = copiedSecret === endpoint.secret;
  return (
    <div className="webhook-secret">
      <Field label={t('webhooks.secret.label')} hint={t('webhooks.secret.hint')}>
        {(control) => <TextInput {...control} readOnly type={isShown ? 'text' : 'password'} value={endpoint.secret} className="webhook-secret__value" spellCheck={false} autoComplete="off" />}
      </Field>
      <div className="admin-form__actions">
        <Button size="sm" aria-pressed={isShown} onClick={() => setIsShown((current) => !current)}>
          {isShown ? t('webhooks.secret.hide') : t('webhooks.secret.show')}
        </Button>
        <Button
          size="sm"
          onClick={() => {
            void navigator.clipboard?.writeText(endpoint.secret).then(() => {
              setCopiedSecret(endpoint.secret);
              announce(t('webhooks.secret.copiedAnnounce'));
            });
          }}
        >
          {isCopied ? t('webhooks.secret.copied') : t('webhooks.secret.copy')}
        </Button>
        <Button size="sm" variant="danger" onClick={onRotate}>
          {t('webhooks.secret.rotate')}
        </Button>
      </div>
    </div>
  );
}

function DeliveriesLog({ endpoint }: { endpoint: WebhookEndpointDto }) {
  const deliveries = useWebhookDeliveries(endpoint.id);
  const retry = useRetryDelivery();
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  const headingId = `webhook-deliveries-${endpoint.id}`;
  const none = t('webhooks.deliveries.none');
  return (
    <section className="webhook-deliveries" aria-labelledby={headingId}>
      <div className="webhook-deliveries__header">
        <h3 id={headingId} className="webhook-deliveries__title">
          {t('webhooks.deliveries.title')}
        </h3>
        <Button size="sm" variant="ghost" isBusy={deliveries.isRefetching} onClick={() => void deliveries.refetch()}>
          {t('webhooks.deliveries.refresh')}
        </Button>
      </div>
      {deliveries.isPending && <Spinner label={t('webhooks.deliveries.loading')} isLabelVisible />}
      {deliveries.isError && <Alert>{describeError(deliveries.error)}</Alert>}
      {retry.isError && <Alert>{describeError(retry.error)}</Alert>}
      {deliveries.isSuccess && items.length === 0 && <p className="admin-muted">{t('webhooks.deliveries.empty')}</p>}
      {items.length > 0 && (
        <div className="webhook-deliveries__scroll">
          <table className="webhook-deliveries__table">
            <caption className="rp-visually-hidden">{t('webhooks.deliveries.caption', { url: endpoint.url })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.deliveries.time')}</th>
                <th scope="col">{t('webhooks.deliveries.event')}</th>
                <th scope="col">{t('webhooks.deliveries.status')}</th>
                <th scope="col">{t('webhooks.deliveries.attempts')}</th>
                <th scope="col">{t('webhooks.deliveries.response')}</th>
                <th scope="col">{t('webhooks.deliveries.error')}</th>
                <th scope="col">{t('webhooks.deliveries.next')}</th>
                <th scope="col">{t('webhooks.deliveries.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <DeliveryRow key={delivery.id} delivery={delivery} none={none} isRetrying={retry.isPending && retry.variables?.id === delivery.id} onRetry={() => retry.mutate(delivery)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deliveries.hasNextPage && (
        <div>
          <Button size="sm" isBusy={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
            {t('webhooks.deliveries.more')}
          </Button>
        </div>
      )}
    </section>
  );
}

function DeliveryRow({ delivery, none, isRetrying, onRetry }: { delivery: WebhookDeliveryDto; none: string; isRetrying: boolean; onRetry: () => void }) {
  const time = delivery.deliveredAt ?? delivery.lastAttemptAt ?? delivery.createdAt;
  return (
    <tr data-testid="webhook-delivery">
      <td>
        <time dateTime={time}>{formatAbsoluteTime(time)}</time>
      </td>
      <td>
        {topicLabel(delivery.topic)} <span className="admin-muted">#{delivery.eventId}</span>
      </td>
      <td>
        <Badge tone={deliveryTone(delivery.status)}>{t(deliveryStatusKeys[delivery.status])}</Badge>
      </td>
      <td>{delivery.attempts}</td>
      <td>{delivery.responseStatus ?? none}</td>
      <td className="webhook-deliveries__error">{delivery.lastError ?? none}</td>
      <td>{delivery.nextAttemptAt ? <time dateTime={delivery.nextAttemptAt}>{formatAbsoluteTime(delivery.nextAttemptAt)}</time> : none}</td>
      <td>
        {canRetry(delivery) && (
          <Button size="sm" aria-label={t('webhooks.deliveries.retryNamed', { event: delivery.eventId })} isBusy={isRetrying} onClick={onRetry}>
            {t('webhooks.deliveries.retry')}
          </Button>
        )}
      </td>
    </tr>
  );
}

function EndpointDialog({ endpoint, onClose, onCreated }: { endpoint: WebhookEndpointDto | undefined; onClose: () => void; onCreated: (endpoint: WebhookEndpointDto) => void }) {
  const [form, setForm] = useState<WebhookForm>(() => (endpoint ? formFromWebhook(endpoint) : emptyWebhookForm()));
  const [showErrors, setShowErrors] = useState(false);
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const mutation = endpoint ? update : create;
  const errors = webhookFormErrors(form);
  const change = (changes: Partial<WebhookForm>) => setForm((current) => ({ ...current, ...changes }));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (hasFormErrors(errors)) {
      setShowErrors(true);
      return;
    }
    if (!endpoint) {
      create.mutate(bodyFromWebhookForm(form), {
        onSuccess: (created) => {
          onCreated(created);
          onClose();
        },
      });
      return;
    }
    const patch = patchFromWebhookForm(form, endpoint);
    if (!patch) onClose();
    else update.mutate({ id: endpoint.id, body: patch }, { onSuccess: onClose });
  }

  const title = endpoint ? t('webhooks.admin.editTitle', { url: endpoint.url }) : t('webhooks.admin.newTitle');
  return (
    <Dialog title={title} onClose={onClose} closeLabel={t('common.close')} size="lg">
      <form className="admin-form" onSubmit={handleSubmit} noValidate aria-label={title}>
        <Field label={t('webhooks.form.url')} hint={t('webhooks.form.urlHint')} error={showErrors && errors.url ? t(urlIssueKeys[errors.url]) : undefined}>
          {(control) => (
            <TextInput {...control} type="url" inputMode="url" maxLength={2000} placeholder="https://shop.example.com/rapport-webhook" value={form.url} onChange={(event) => change({ url: event.target.value })} />
          )}
        </Field>
        <Field label={t('webhooks.form.description')}>
          {(control) => <TextInput {...control} maxLength={500} value={form.description} onChange={(event) => change({ description: event.target.value })} />}
        </Field>
        <fieldset className="admin-fieldset">
          <legend className="admin-fieldset__legend">{t('webhooks.form.topics')}</legend>
          {showErrors && errors.topics && <p className="rp-field__error">{t('webhooks.form.topicsRequired')}</p>}
          <div className="webhook-form__topics">
            {webhookTopics.map((topic) => (
              <label key={topic} className="admin-check">
                <input type="checkbox" checked={form.topics.includes(topic)} onChange={() => change({ topics: toggleTopic(form.topics, topic) })} />
                {topicLabel(topic)}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="admin-check">
          <input type="checkbox" checked={form.enabled} onChange={(event) => change({ enabled: event.target.checked })} />
          {t('webhooks.form.enabled')}
        </label>
        {showErrors && hasFormErrors(errors) && <Alert>{t('webhooks.form.fixErrors')}</Alert>}
        <AdminFormActions submitLabel={endpoint ? t('webhooks.form.save') : t('webhooks.form.create')} mutation={mutation} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function DeleteEndpointDialog({ endpoint, onClose }: { endpoint: WebhookEndpointDto; onClose: () => void }) {
  const remove = useDeleteWebhook();
  return (
    <Dialog title={t('webhooks.admin.deleteTitle')} onClose={onClose} closeLabel={t('common.close')}>
      <p>{t('webhooks.admin.deleteText', { url: endpoint.url })}</p>
      {remove.isError && <Alert>{describeError(remove.error)}</Alert>}
      <div className="admin-form__actions">
        <Button onClick={onClose} data-autofocus>
          {t('common.cancel')}
        </Button>
        <Button variant="danger" isBusy={remove.isPending} onClick={() => remove.mutate(endpoint, { onSuccess: onClose })}>
          {t('webhooks.admin.deleteConfirm')}
        </Button>
      </div>
    </Dialog>
  );
}

function RotateSecretDialog({ endpoint, onClose }: { endpoint: WebhookEndpointDto; onClose: () => void }) {
  const rotate = useRotateWebhookSecret();
  return (
    <Dialog title={t('webhooks.secret.rotateTitle')} onClose={onClose} closeLabel={t('common.close')}>
      <p>{t('webhooks.secret.rotateText', { url: endpoint.url })}</p>
      {rotate.isError && <Alert>{describeError(rotate.error)}</Alert>}
      <div className="admin-form__actions">
        <Button onClick={onClose} data-autofocus>
          {t('common.cancel')}
        </Button>
        <Button variant="danger" isBusy={rotate.isPending} onClick={() => rotate.mutate(endpoint, { onSuccess: onClose })}>
          {t('webhooks.secret.rotateConfirm')}
        </Button>
      </div>
    </Dialog>
  );
}
