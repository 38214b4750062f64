import { useState, type FormEvent } from 'react';
import type { CreateImapMailboxBody, ImapMailboxDto, MailboxTestResult, UpdateImapMailboxBody } from '@rapport/contracts/email';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { formatAbsoluteTime, formatRelativeTime, useNow } from '../../../lib/relative-time.ts';
import { useCreateMailbox, useDeleteMailbox, useMailboxes, useTestMailbox, useUpdateMailbox } from '../hooks/use-email-config.ts';

const statusText: Record<ImapMailboxDto['status'], string> = {
  idle: 'Waiting for the worker',
  connecting: 'Connecting',
  connected: 'Connected',
  failing: 'Failing',
};
const statusTone: Record<ImapMailboxDto['status'], string> = {
  idle: 'neutral',
  connecting: 'neutral',
  connected: 'success',
  failing: 'danger',
};

export function MailboxesSection() {
  const mailboxes = useMailboxes();
  const [isAdding, setIsAdding] = useState(false);
  return (
    <section className="email-card" aria-labelledby="mailboxes-heading">
      <h2 id="mailboxes-heading" className="email-card__title">
        IMAP mailboxes
      </h2>
      <p className="email-card__hint">
        The worker fetches new mail from these mailboxes (IDLE where the server supports it) and flags or moves what it stored. A failing
        mailbox retries with backoff and never holds up the others.
      </p>
      {mailboxes.isPending && <Spinner label="Loading mailboxes…" />}
      {mailboxes.isError && <Alert>{describeError(mailboxes.error)}</Alert>}
      {mailboxes.data && mailboxes.data.length === 0 && <p className="email-card__empty">No IMAP mailboxes.</p>}
      {mailboxes.data && mailboxes.data.length > 0 && (
        <ul className="email-list" aria-label="IMAP mailboxes">
          {mailboxes.data.map((mailbox) => (
            <MailboxRow key={mailbox.id} mailbox={mailbox} />
          ))}
        </ul>
      )}
      {isAdding ? (
        <MailboxForm onDone={() => setIsAdding(false)} />
      ) : (
        <div>
          <Button onClick={() => setIsAdding(true)}>Add a mailbox</Button>
        </div>
      )}
    </section>
  );
}

function MailboxRow({ mailbox }: { mailbox: ImapMailboxDto }) {
  const [isEditing, setIsEditing] = useState(false);
  const [testResult, setTestResult] = useState<MailboxTestResult | null>(null);
  const test = useTestMailbox();
  const update = useUpdateMailbox();
  const remove = useDeleteMailbox();
  const now = useNow(15_000);
  if (isEditing) return <MailboxForm mailbox={mailbox} onDone={() => setIsEditing(false)} />;
  return (
    <li className="email-list__item" data-testid="imap-mailbox">
      <div className="email-list__main">
        <span className="email-list__headline">
          <span className="email-list__primary">{mailbox.name}</span>
          <Badge tone={mailbox.enabled ? statusTone[mailbox.status] : 'neutral'}>{mailbox.enabled ? statusText[mailbox.status] : 'Paused'}</Badge>
        </span>
        <span className="email-list__secondary">
          {mailbox.username} at {mailbox.host}:{mailbox.port} ({mailbox.secure ? 'TLS' : 'plain/STARTTLS'}), folder {mailbox.mailbox}, then{' '}
          {mailbox.processedAction === 'move' ? `moved to ${mailbox.moveTo ?? '?'}` : 'flagged as read'}
        </span>
        <span className="email-list__secondary">
          {mailbox.lastSyncAt ? `Last fetched ${formatRelativeTime(mailbox.lastSyncAt, now)}` : 'Not fetched yet'}
        </span>
        {mailbox.lastError && (
          <p className="email-error" role="status">
            <strong>Last error</strong>
            {mailbox.lastErrorAt && <> ({formatAbsoluteTime(mailbox.lastErrorAt)})</>}: {mailbox.lastError}
            {mailbox.failures > 0 && <> · {mailbox.failures === 1 ? '1 failure' : `${mailbox.failures} failures in a row`}</>}
            {mailbox.nextRetryAt && (
              <> · next try {new Date(mailbox.nextRetryAt).getTime() - now < 60_000 ? 'within a minute' : formatRelativeTime(mailbox.nextRetryAt, now)}</>
            )}
          </p>
        )}
        {testResult && (
          <p className={testResult.ok ? 'email-ok' : 'email-error'} role="status">
            {testResult.ok
              ? `Connection works: ${testResult.messages ?? 0} messages in ${mailbox.mailbox}, ${testResult.idle ? 'instant delivery (IDLE)' : 'polled'} (${testResult.durationMs} ms).`
              : `Connection failed: ${testResult.error ?? 'unknown error'}`}
          </p>
        )}
      </div>
      <div className="email-list__actions">
        <Button
          size="sm"
          isBusy={test.isPending}
          onClick={() => test.mutate(mailbox, { onSuccess: setTestResult, onError: () => setTestResult(null) })}
        >
          Test connection
        </Button>
        <Button size="sm" isBusy={update.isPending} onClick={() => update.mutate({ id: mailbox.id, body: { enabled: !mailbox.enabled } })}>
          {mailbox.enabled ? 'Pause' : 'Resume'}
        </Button>
        <Button size="sm" onClick={() => setIsEditing(true)} aria-label={`Edit mailbox ${mailbox.name}`}>
          Edit
        </Button>
        <Button
          size="sm"
          variant="danger"
          isBusy={remove.isPending}
          aria-label={`Delete mailbox ${mailbox.name}`}
          onClick={() => {
            if (window.confirm(`Stop fetching mail from ${mailbox.name}? Mail already received stays.`)) remove.mutate(mailbox);
          }}
        >
          Delete
        </Button>
      </div>
      {(test.isError || update.isError || remove.isError) && <Alert>{describeError(test.error ?? update.error ?? remove.error)}</Alert>}
    </li>
  );
}

interface MailboxDraft {
  name: string;
  host: string;
  port: string;
  secure: boolean;
  username: string;
  password: string;
  mailbox: string;
  processedAction: 'flag' | 'move';
  moveTo: string;
}

function draftOf(mailbox: ImapMailboxDto | undefined): MailboxDraft {
  return {
    name: mailbox?.name ?? '',
    host: mailbox?.host ?? '',
    port: String(mailbox?.port ?? 993),
    secure: mailbox?.secure ?? true,
    username: mailbox?.username ?? '',
    password: '',
    mailbox: mailbox?.mailbox ?? 'INBOX',
    processedAction: mailbox?.processedAction ?? 'flag',
    moveTo: mailbox?.moveTo ?? '',
  };
}

/** Adds a mailbox, or edits one (the password field is write-only: empty keeps the stored one). */
function MailboxForm({ mailbox, onDone }: { mailbox?: ImapMailboxDto; onDone: () => void }) {
  const [draft, setDraft] = useState<MailboxDraft>(() => draftOf(mailbox));
  const create = useCreateMailbox();
  const update = useUpdateMailbox();
  const mutation = mailbox ? update : create;
  const set = <Key extends keyof MailboxDraft>(key: Key, value: MailboxDraft[Key]) => setDraft((current) => ({ ...current, [key]: value }));

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const common = {
      name: draft.name,
      host: draft.host,
      port: Number(draft.port),
      secure: draft.secure,
      username: draft.username,
      mailbox: draft.mailbox,
      processedAction: draft.processedAction,
      moveTo: draft.processedAction === 'move' ? draft.moveTo : null,
    };
    if (mailbox) {
      const body: UpdateImapMailboxBody = { ...common, ...(draft.password ? { password: draft.password } : {}) };
      update.mutate({ id: mailbox.id, body }, { onSuccess: onDone });
    } else {
      const body: CreateImapMailboxBody = { ...common, password: draft.password, enabled: true };
      create.mutate(body, { onSuccess: onDone });
    }
  }

  const title = mailbox ? `Edit mailbox ${mailbox.name}` : 'Add a mailbox';
  return (
    <form className="email-form" onSubmit={handleSubmit} aria-label={title}>
      <h3 className="email-form__title">{title}</h3>
      <Field label="Name">{(control) => <TextInput {...control} required value={draft.name} onChange={(event) => set('name', event.target.value)} />}</Field>
      <div className="email-form__row">
        <Field label="Server">
          {(control) => <TextInput {...control} required placeholder="imap.example.com" value={draft.host} onChange={(event) => set('host', event.target.value)} />}
        </Field>
        <Field label="Port">
          {(control) => <TextInput {...control} type="number" min={1} max={65535} required value={draft.port} onChange={(event) => set('port', event.target.value)} />}
        </Field>
      </div>
      <label className="email-check">
        <input type="checkbox" checked={draft.secure} onChange={(event) => set('secure', event.target.checked)} /> Use TLS from the start (port
        993)
      </label>
      <div className="email-form__row">
        <Field label="User name">
          {(control) => <TextInput {...control} required autoComplete="off" value={draft.username} onChange={(event) => set('username', event.target.value)} />}
        </Field>
        <Field label="Password" hint={mailbox ? 'Leave empty to keep the stored password' : 'Stored for the worker; never shown again'}>
          {(control) => (
            <TextInput
              {...control}
              type="password"
              autoComplete="new-password"
              required={!mailbox}
              value={draft.password}
              onChange={(event) => set('password', event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="email-form__row">
        <Field label="Folder">{(control) => <TextInput {...control} required value={draft.mailbox} onChange={(event) => set('mailbox', event.target.value)} />}</Field>
        <Field label="After storing a message">
          {(control) => (
            <Select
              {...control}
              value={draft.processedAction}
              onChange={(event) => set('processedAction', event.target.value === 'move' ? 'move' : 'flag')}
              options={[
                { value: 'flag', label: 'Flag it as read' },
                { value: 'move', label: 'Move it to a folder' },
              ]}
            />
          )}
        </Field>
        {draft.processedAction === 'move' && (
          <Field label="Move to folder">
            {(control) => <TextInput {...control} required value={draft.moveTo} onChange={(event) => set('moveTo', event.target.value)} />}
          </Field>
        )}
      </div>
      <div className="email-form__actions">
        <Button type="submit" variant="primary" isBusy={mutation.isPending}>
          {mailbox ? 'Save mailbox' : 'Add mailbox'}
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
      {mutation.isError && <Alert>{describeError(mutation.error)}</Alert>}
    </form>
  );
}
