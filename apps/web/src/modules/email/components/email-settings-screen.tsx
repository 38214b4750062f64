import { useState, type FormEvent } from 'react';
import type { EmailAddressDto, EmailSettingsDto } from '@rapport/contracts/email';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Field } from '@rapport/ui/field';
import { Spinner } from '@rapport/ui/spinner';
import { TextArea } from '@rapport/ui/text-area';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { t } from '../../../i18n/i18n.ts';
import { Link } from '../../../router/router.tsx';
import { adminPaths } from '../../admin/admin-paths.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import {
  useCreateEmailAddress,
  useDeleteEmailAddress,
  useEmailAddresses,
  useEmailSettings,
  useUpdateEmailAddress,
  useUpdateEmailSettings,
} from '../hooks/use-email-config.ts';
import { MailboxesSection } from './mailboxes-section.tsx';
import './email-screens.css';

/** Admin-only: the workspace's addresses, IMAP mailboxes, auto-acknowledgement and threading. */
export function EmailSettingsScreen() {
  const session = useCurrentSession();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>('settings:email');
  useDocumentTitle('Email settings');
  return (
    <section className="email-page" aria-labelledby="email-settings-heading">
      <h1 id="email-settings-heading" ref={headingRef} tabIndex={-1} className="email-page__title">
        Email settings
      </h1>
      {session.role !== 'admin' ? (
        <EmptyState title="Only admins can change email settings." description="Ask an admin of this workspace." />
      ) : (
        <>
          <AddressesSection />
          <MailboxesSection />
          <SettingsSection />
        </>
      )}
    </section>
  );
}

// ---- Addresses ----------------------------------------------------------------------------

function AddressesSection() {
  const addresses = useEmailAddresses();
  return (
    <section className="email-card" aria-labelledby="addresses-heading">
      <h2 id="addresses-heading" className="email-card__title">
        Addresses
      </h2>
      <p className="email-card__hint">
        Mail sent to these addresses (and their <code>+token</code> reply variants) becomes tickets here. Replies go out from the
        default address.
      </p>
      {addresses.isPending && <Spinner label="Loading addresses…" />}
      {addresses.isError && <Alert>{describeError(addresses.error)}</Alert>}
      {addresses.data && addresses.data.length === 0 && <p className="email-card__empty">No addresses yet.</p>}
      {addresses.data && addresses.data.length > 0 && (
        <ul className="email-list" aria-label="Email addresses">
          {addresses.data.map((address) => (
            <AddressRow key={address.id} address={address} />
          ))}
        </ul>
      )}
      <AddAddressForm isFirst={addresses.data?.length === 0} />
    </section>
  );
}

function AddressRow({ address }: { address: EmailAddressDto }) {
  const [isEditing, setIsEditing] = useState(false);
  const update = useUpdateEmailAddress();
  const remove = useDeleteEmailAddress();
  if (isEditing) return <EditAddressForm address={address} onDone={() => setIsEditing(false)} />;
  return (
    <li className="email-list__item" data-testid="email-address">
      <div className="email-list__main">
        <span className="email-list__headline">
          <span className="email-list__primary">{address.address}</span>
          {address.isDefault && <Badge tone="accent">Default</Badge>}
        </span>
        <span className="email-list__secondary">Sent as “{address.displayName}”</span>
      </div>
      <div className="email-list__actions">
        {!address.isDefault && (
          <Button size="sm" isBusy={update.isPending} onClick={() => update.mutate({ id: address.id, body: { isDefault: true } })}>
            Make default
          </Button>
        )}
        <Button size="sm" onClick={() => setIsEditing(true)} aria-label={`Edit ${address.address}`}>
          Edit
        </Button>
        <Button
          size="sm"
          variant="danger"
          isBusy={remove.isPending}
          aria-label={`Delete ${address.address}`}
          onClick={() => {
            if (window.confirm(`Stop receiving mail at ${address.address}?`)) remove.mutate(address);
          }}
        >
          Delete
        </Button>
      </div>
      {(update.isError || remove.isError) && <Alert>{describeError(update.error ?? remove.error)}</Alert>}
    </li>
  );
}

function EditAddressForm({ address, onDone }: { address: EmailAddressDto; onDone: () => void }) {
  const [value, setValue] = useState(address.address);
  const [displayName, setDisplayName] = useState(address.displayName);
  const update = useUpdateEmailAddress();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate(
      {
        id: address.id,
        body: {
          ...(value.trim().toLowerCase() !== address.address ? { address: value } : {}),
          ...(displayName.trim() !== address.displayName ? { displayName } : {}),
        },
      },
      { onSuccess: onDone },
    );
  }
  const isUnchanged = value.trim().toLowerCase() === address.address && displayName.trim() === address.displayName;
  return (
    <li className="email-list__item">
      <form className="email-form email-form--inline" onSubmit={handleSubmit} aria-label={`Edit ${address.address}`}>
        <Field label="Address">{(control) => <TextInput {...control} type="email" required value={value} onChange={(event) => setValue(event.target.value)} />}</Field>
        <Field label="Display name">
          {(control) => <TextInput {...control} required value={displayName} onChange={(event) => setDisplayName(event.target.value)} />}
        </Field>
        <div className="email-form__actions">
          <Button type="submit" variant="primary" isBusy={update.isPending} disabled={isUnchanged}>
            Save
          </Button>
          <Button onClick={onDone}>Cancel</Button>
        </div>
        {update.isError && <Alert>{describeError(update.error)}</Alert>}
      </form>
    </li>
  );
}

function AddAddressForm({ isFirst }: { isFirst: boolean }) {
  const [address, setAddress] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [isDefault, setIsDefault] = useState(false);
  const create = useCreateEmailAddress();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { address, displayName, isDefault },
      {
        onSuccess: () => {
          setAddress('');
          setDisplayName('');
          setIsDefault(false);
        },
      },
    );
  }
  return (
    <form className="email-form email-form--inline" onSubmit={handleSubmit} aria-labelledby="add-address-heading">
      <h3 id="add-address-heading" className="email-form__title">
        Add an address
      </h3>
      <Field label="Email address" hint="For example support@yourshop.example">
        {(control) => (
          <TextInput {...control} type="email" required autoComplete="off" value={address} onChange={(event) => setAddress(event.target.value)} />
        )}
      </Field>
      <Field label="Display name" hint="The sender name customers see">
        {(control) => <TextInput {...control} required value={displayName} onChange={(event) => setDisplayName(event.target.value)} />}
      </Field>
      {!isFirst && (
        <label className="email-check">
          <input type="checkbox" checked={isDefault} onChange={(event) => setIsDefault(event.target.checked)} /> Make it the default
        </label>
      )}
      <div className="email-form__actions">
        <Button type="submit" variant="primary" isBusy={create.isPending}>
          Add address
        </Button>
      </div>
      {create.isError && <Alert>{describeError(create.error)}</Alert>}
    </form>
  );
}

// ---- Settings -----------------------------------------------------------------------------

/** The auto-acknowledgement placeholders the outbound side fills in. */
export const autoAckPlaceholders: { name: string; meaning: string }[] = [
  { name: '{{ticketNumber}}', meaning: 'the new ticket’s number' },
  { name: '{{estimate}}', meaning: 'the expected first-reply time, computed from the live queue (e.g. “within about 2 hours”)' },
  { name: '{{customerName}}', meaning: 'the sender’s name (empty for a sender not yet verified)' },
  { name: '{{subject}}', meaning: 'the subject of their email (empty for a sender not yet verified)' },
];


function SettingsSection() {
  const settings = useEmailSettings();
  return (
    <section className="email-card" aria-labelledby="email-behaviour-heading">
      <h2 id="email-behaviour-heading" className="email-card__title">
        Threading and automatic replies
      </h2>
      {settings.isPending && <Spinner label="Loading settings…" />}
      {settings.isError && <Alert>{describeError(settings.error)}</Alert>}
      {settings.data && <SettingsForm key={settings.data.updatedAt} settings={settings.data} />}
    </section>
  );
}

function SettingsForm({ settings }: { settings: EmailSettingsDto }) {
  const [subjectThreading, setSubjectThreading] = useState(settings.subjectThreading);
  const [autoAckEnabled, setAutoAckEnabled] = useState(settings.autoAckEnabled);
  const [subject, setSubject] = useState(settings.autoAckSubject ?? '');
  const [body, setBody] = useState(settings.autoAckBody ?? '');
  const [limit, setLimit] = useState(String(settings.autoMessageDailyLimit));
  const update = useUpdateEmailSettings();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({
      subjectThreading,
      autoAckEnabled,
      autoAckSubject: subject.trim() === '' ? null : subject,
      autoAckBody: body.trim() === '' ? null : body,
      autoMessageDailyLimit: Number(limit),
    });
  }

  return (
    <form className="email-form" onSubmit={handleSubmit} aria-label="Email settings">
      <label className="email-check">
        <input type="checkbox" checked={subjectThreading} onChange={(event) => setSubjectThreading(event.target.checked)} /> Join
        messages from the same sender with the same subject (within 14 days) to their open ticket
      </label>
      <p className="email-card__hint">
        Reply tokens and Message-ID references always thread. Subject matching also catches customers who write a new email instead of
        replying, but can join unrelated messages with generic subjects.
      </p>
      <fieldset className="email-fieldset">
        <legend>Auto-acknowledgement</legend>
        <label className="email-check">
          <input type="checkbox" checked={autoAckEnabled} onChange={(event) => setAutoAckEnabled(event.target.checked)} /> Send an
          acknowledgement with the ticket number and the expected reply time when a new ticket arrives by email
        </label>
        <Field label="Subject" hint="Leave empty for the built-in subject">
          {(control) => <TextInput {...control} value={subject} maxLength={300} onChange={(event) => setSubject(event.target.value)} />}
        </Field>
        <Field label="Message" hint="Leave empty for the built-in message">
          {(control) => <TextArea {...control} value={body} rows={8} onChange={(event) => setBody(event.target.value)} />}
        </Field>
        <div className="email-placeholders">
          <p>Placeholders:</p>
          <dl>
            {autoAckPlaceholders.map((placeholder) => (
              <div key={placeholder.name}>
                <dt>
                  <code>{placeholder.name}</code>
                </dt>
                <dd>{placeholder.meaning}</dd>
              </div>
            ))}
          </dl>
          <p className="email-card__hint">
            The built-in template is used in the customer’s language when these are empty. To a sender not yet verified, the
            acknowledgement never repeats anything they wrote (name and subject are left empty), so it cannot relay spam.
          </p>
        </div>
      </fieldset>
      <Field label="Automatic emails per address per day" hint="Loop guard: after this many, automatic emails to an address stop until tomorrow">
        {(control) => (
          <TextInput {...control} type="number" min={0} max={1000} required value={limit} onChange={(event) => setLimit(event.target.value)} />
        )}
      </Field>
      <p className="email-card__hint">
        {t('email.settings.businessHoursHint')} <Link to={adminPaths.businessHours}>{t('email.settings.businessHoursLink')}</Link>
      </p>
      <div className="email-form__actions">
        <Button type="submit" variant="primary" isBusy={update.isPending}>
          Save settings
        </Button>
        <span className="email-card__hint">Last saved {formatAbsoluteTime(settings.updatedAt)}</span>
      </div>
      {update.isError && <Alert>{describeError(update.error)}</Alert>}
    </form>
  );
}
