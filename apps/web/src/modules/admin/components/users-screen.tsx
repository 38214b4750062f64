import { useState, type FormEvent } from 'react';
import type { Role } from '@rapport/contracts/auth';
import type { UserDto } from '@rapport/contracts/people';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useAdminTeams, useCreateMember, useMembers, useUpdateMember } from '../hooks/use-admin-api.ts';
import { generatePassword, parseLanguages } from '../admin-forms.ts';
import { AdminCard, AdminFormActions, AdminPage } from './admin-page.tsx';
import { MemberRouting } from '../../routing/components/member-routing.tsx';

const roles: Role[] = ['agent', 'lead', 'admin'];
const roleOptions = roles.map((role) => ({ value: role, label: t(`admin.role.${role}`) }));

/** Members of the workspace and their teams: add an agent, change role or languages, deactivate and reactivate. */
export function UsersScreen() {
  return (
    <AdminPage title={t('admin.users.title')} permission="user.manage" intro={t('admin.role.hint')}>
      <MembersList />
      <AddMemberForm />
    </AdminPage>
  );
}

function MembersList() {
  const members = useMembers();
  const teams = useAdminTeams();
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  return (
    <AdminCard title={t('admin.users.listLabel')} id="admin-members-heading">
      {members.isPending && <Spinner label={t('admin.users.loading')} />}
      {members.isError && <Alert>{describeError(members.error)}</Alert>}
      {items.length > 0 && (
        <ul className="admin-list" aria-label={t('admin.users.listLabel')}>
          {items.map((member) => (
            <MemberRow key={member.id} member={member} teamNames={teamNames} />
          ))}
        </ul>
      )}
      {members.hasNextPage && (
        <div>
          <Button onClick={() => void members.fetchNextPage()} isBusy={members.isFetchingNextPage}>
            {t('admin.users.loadMore')}
          </Button>
        </div>
      )}
    </AdminCard>
  );
}

function MemberRow({ member, teamNames }: { member: UserDto; teamNames: ReadonlyMap<string, string> }) {
  const session = useCurrentSession();
  const [isEditing, setIsEditing] = useState(false);
  const update = useUpdateMember();
  const isSelf = member.id === session.user.id;
  if (isEditing) return <EditMemberForm member={member} onDone={() => setIsEditing(false)} />;
  function setActive(isActive: boolean) {
    if (!isActive && !window.confirm(t('admin.users.deactivateConfirm', { name: member.name }))) return;
    update.mutate({ id: member.id, body: { isActive } });
  }
  return (
    <li className="admin-list__item" data-testid="admin-member">
      <div className="admin-list__main">
        <span className="admin-list__headline">
          <span className="admin-list__primary">
            {member.name} {isSelf && <span className="admin-muted">{t('admin.users.you')}</span>}
          </span>
          <Badge>{t(`admin.role.${member.role}`)}</Badge>
          {!member.isActive && <Badge className="admin-badge--warn">{t('admin.users.inactive')}</Badge>}
        </span>
        <span className="admin-list__secondary">{member.email}</span>
        <span className="admin-list__secondary">
          {t('admin.users.languages')}: {member.languages.length > 0 ? member.languages.join(', ') : t('admin.users.noLanguages')}
        </span>
        <span className="admin-list__secondary" data-testid="admin-member-teams">
          {t('admin.users.teams')}: {teamsOf(member, teamNames)}
        </span>
        {member.isActive && <MemberRouting memberId={member.id} name={member.name} />}
      </div>
      <div className="admin-list__actions">
        <Button size="sm" onClick={() => setIsEditing(true)} aria-label={t('admin.users.edit', { name: member.name })}>
          {t('common.edit')}
        </Button>
        {/* Deactivating yourself would sign you out mid-click; another admin does it. */}
        {isSelf ? null : member.isActive ? (
          <Button size="sm" variant="danger" isBusy={update.isPending} onClick={() => setActive(false)} aria-label={t('admin.users.deactivateLabel', { name: member.name })}>
            {t('admin.users.deactivate')}
          </Button>
        ) : (
          <Button size="sm" isBusy={update.isPending} onClick={() => setActive(true)} aria-label={t('admin.users.reactivateLabel', { name: member.name })}>
            {t('admin.users.reactivate')}
          </Button>
        )}
      </div>
      {update.isError && <Alert className="admin-list__error">{describeError(update.error)}</Alert>}
    </li>
  );
}

/** The member's team names, in the server's order (by name); a team not loaded yet is left out. */
function teamsOf(member: UserDto, teamNames: ReadonlyMap<string, string>): string {
  const names = member.teamIds.flatMap((id) => teamNames.get(id) ?? []);
  return names.length > 0 ? names.join(', ') : t('admin.users.noTeams');
}

function EditMemberForm({ member, onDone }: { member: UserDto; onDone: () => void }) {
  const [name, setName] = useState(member.name);
  const [role, setRole] = useState<Role>(member.role);
  const [languages, setLanguages] = useState(member.languages.join(', '));
  const update = useUpdateMember();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ id: member.id, body: { name, role, languages: parseLanguages(languages) } }, { onSuccess: onDone });
  }
  return (
    <li className="admin-list__item">
      <form className="admin-form admin-form--inline" onSubmit={handleSubmit} aria-label={t('admin.users.edit', { name: member.name })}>
        <Field label={t('admin.users.name')}>{(control) => <TextInput {...control} required value={name} onChange={(event) => setName(event.target.value)} />}</Field>
        <Field label={t('admin.users.role')}>
          {(control) => <Select {...control} value={role} options={roleOptions} onChange={(event) => setRole(event.target.value as Role)} />}
        </Field>
        <Field label={t('admin.users.languages')} hint={t('admin.users.languagesHint')}>
          {(control) => <TextInput {...control} value={languages} onChange={(event) => setLanguages(event.target.value)} />}
        </Field>
        <AdminFormActions submitLabel={t('common.save')} mutation={update} onCancel={onDone} />
      </form>
    </li>
  );
}

type PasswordMode = 'generate' | 'set';

function AddMemberForm() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [languages, setLanguages] = useState('');
  const [mode, setMode] = useState<PasswordMode>('generate');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<{ name: string; password: string | null } | null>(null);
  const create = useCreateMember();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const initialPassword = mode === 'generate' ? generatePassword() : password;
    create.mutate(
      { name, email, role, password: initialPassword, languages: parseLanguages(languages) },
      {
        onSuccess: (user) => {
          // An email that already had a login keeps its own password: say so rather than show a password that does not work.
          setCreated({ name: user.name, password: user.isNewLogin ? initialPassword : null });
          setName('');
          setEmail('');
          setLanguages('');
          setPassword('');
          setRole('agent');
        },
      },
    );
  }

  return (
    <AdminCard title={t('admin.users.add')} id="admin-add-member-heading">
      {created && <CreatedMemberNotice created={created} onDismiss={() => setCreated(null)} />}
      <form className="admin-form" onSubmit={handleSubmit} aria-labelledby="admin-add-member-heading">
        <div className="admin-form__row">
          <Field label={t('admin.users.name')}>
            {(control) => <TextInput {...control} required autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />}
          </Field>
          <Field label={t('admin.users.email')}>
            {(control) => <TextInput {...control} type="email" required autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />}
          </Field>
          <Field label={t('admin.users.role')}>
            {(control) => <Select {...control} value={role} options={roleOptions} onChange={(event) => setRole(event.target.value as Role)} />}
          </Field>
          <Field label={t('admin.users.languages')} hint={t('admin.users.languagesHint')}>
            {(control) => <TextInput {...control} value={languages} onChange={(event) => setLanguages(event.target.value)} />}
          </Field>
        </div>
        <fieldset className="admin-fieldset">
          <legend className="admin-fieldset__legend">{t('admin.users.password')}</legend>
          <label className="admin-check">
            <input type="radio" name="password-mode" value="generate" checked={mode === 'generate'} onChange={() => setMode('generate')} />{' '}
            {t('admin.users.passwordGenerate')}
          </label>
          <label className="admin-check">
            <input type="radio" name="password-mode" value="set" checked={mode === 'set'} onChange={() => setMode('set')} /> {t('admin.users.passwordSet')}
          </label>
          {mode === 'set' && (
            <Field label={t('admin.users.password')} hint={t('admin.users.passwordHint')}>
              {(control) => (
                <TextInput {...control} type="password" required minLength={10} autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
              )}
            </Field>
          )}
        </fieldset>
        <AdminFormActions submitLabel={t('admin.users.addSubmit')} mutation={create} />
      </form>
    </AdminCard>
  );
}

function CreatedMemberNotice({ created, onDismiss }: { created: { name: string; password: string | null }; onDismiss: () => void }) {
  const [isCopied, setIsCopied] = useState(false);
  return (
    <div className="admin-notice" role="status" data-testid="created-member">
      <p className="admin-notice__title">{t('admin.users.createdTitle', { name: created.name })}</p>
      {created.password ? (
        <>
          <p>{t('admin.users.createdPassword')}</p>
          <p>
            <code className="admin-secret" data-testid="initial-password">
              {created.password}
            </code>
          </p>
          <div className="admin-form__actions">
            <Button
              size="sm"
              onClick={() => {
                void navigator.clipboard?.writeText(created.password ?? '').then(() => setIsCopied(true));
              }}
            >
              {isCopied ? t('admin.users.copied') : t('admin.users.copy')}
            </Button>
            <Button size="sm" onClick={onDismiss}>
              {t('admin.users.dismiss')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p>{t('admin.users.createdExisting')}</p>
          <Button size="sm" onClick={onDismiss}>
            {t('admin.users.dismiss')}
          </Button>
        </>
      )}
    </div>
  );
}
