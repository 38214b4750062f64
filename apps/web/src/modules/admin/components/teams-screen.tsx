import { useState, type FormEvent } from 'react';
import type { TeamDto } from '@rapport/contracts/people';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError, isApiError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useAdminTeams, useCreateTeam, useDeleteTeam, useMembers, useRenameTeam, useSetTeamMembers } from '../hooks/use-admin-api.ts';
import { AdminCard, AdminFormActions, AdminPage } from './admin-page.tsx';
import { TeamRoutingFields } from '../../routing/components/team-routing-fields.tsx';

/**
 * Create, rename and delete teams, and choose their members; a team tickets still use is deleted
 * only after they move to another one.
 */
export function TeamsScreen() {
  const teams = useAdminTeams();
  return (
    <AdminPage title={t('admin.teams.title')} permission="team.manage" intro={`${t('admin.teams.hint')} ${t('admin.teams.membershipNote')}`}>
      <AdminCard title={t('admin.teams.listLabel')} id="admin-teams-heading">
        {teams.isPending && <Spinner label={t('admin.teams.loading')} />}
        {teams.isError && <Alert>{describeError(teams.error)}</Alert>}
        {teams.data?.length === 0 && <p className="admin-muted">{t('admin.teams.empty')}</p>}
        {teams.data && teams.data.length > 0 && (
          <ul className="admin-list" aria-label={t('admin.teams.listLabel')}>
            {teams.data.map((team) => (
              <TeamRow key={team.id} team={team} allTeams={teams.data} />
            ))}
          </ul>
        )}
        <AddTeamForm />
      </AdminCard>
    </AdminPage>
  );
}

function TeamRow({ team, allTeams }: { team: TeamDto; allTeams: TeamDto[] }) {
  const [isRenaming, setIsRenaming] = useState(false);
  const [ticketCount, setTicketCount] = useState<number | null>(null);
  const [isEditingMembers, setIsEditingMembers] = useState(false);
  const remove = useDeleteTeam();
  if (isRenaming) return <RenameTeamForm team={team} onDone={() => setIsRenaming(false)} />;
  function handleDelete() {
    if (!window.confirm(t('admin.teams.deleteConfirm', { name: team.name }))) return;
    remove.mutate(
      { team },
      {
        onError: (error) => {
          if (isApiError(error) && error.code === 'TEAM_IN_USE') setTicketCount(readTicketCount(error.details));
        },
      },
    );
  }
  const isInUse = isApiError(remove.error) && remove.error.code === 'TEAM_IN_USE';
  return (
    <li className="admin-list__item" data-testid="admin-team">
      <div className="admin-list__main">
        <span className="admin-list__primary">{team.name}</span>
        <span className="admin-list__secondary" data-testid="admin-team-members">
          {t('admin.teams.members')}: {team.members.length > 0 ? team.members.map((member) => member.name).join(', ') : t('admin.teams.noMembers')}
        </span>
      </div>
      <div className="admin-list__actions">
        <Button size="sm" onClick={() => setIsEditingMembers(true)} aria-label={t('admin.teams.editMembersLabel', { name: team.name })}>
          {t('admin.teams.editMembers')}
        </Button>
        <Button size="sm" onClick={() => setIsRenaming(true)} aria-label={t('admin.teams.renameLabel', { name: team.name })}>
          {t('admin.teams.rename')}
        </Button>
        <Button size="sm" variant="danger" isBusy={remove.isPending} onClick={handleDelete} aria-label={t('admin.teams.deleteLabel', { name: team.name })}>
          {t('common.delete')}
        </Button>
      </div>
      <TeamRoutingFields teamId={team.id} teamName={team.name} teams={allTeams} />
      {remove.isError && !isInUse && <Alert className="admin-list__error">{describeError(remove.error)}</Alert>}
      {isEditingMembers && <MembersDialog team={team} onClose={() => setIsEditingMembers(false)} />}
      {ticketCount !== null && (
        <ReassignDialog team={team} ticketCount={ticketCount} otherTeams={allTeams.filter((other) => other.id !== team.id)} onClose={() => setTicketCount(null)} />
      )}
    </li>
  );
}

function readTicketCount(details: unknown): number {
  if (typeof details === 'object' && details !== null && 'ticketCount' in details && typeof details.ticketCount === 'number') return details.ticketCount;
  return 0;
}

function ReassignDialog({ team, ticketCount, otherTeams, onClose }: { team: TeamDto; ticketCount: number; otherTeams: TeamDto[]; onClose: () => void }) {
  const [target, setTarget] = useState(otherTeams[0]?.id ?? '');
  const remove = useDeleteTeam();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    remove.mutate({ team, reassignTo: target }, { onSuccess: onClose });
  }
  return (
    <Dialog title={t('admin.teams.reassignTitle', { name: team.name })} onClose={onClose} closeLabel={t('common.close')} hideCloseButton>
      <p>{t('admin.teams.reassignText', { count: ticketCount })}</p>
      {otherTeams.length === 0 ? (
        <>
          <p>{t('admin.teams.reassignNoTarget')}</p>
          <div className="admin-form__actions">
            <Button onClick={onClose}>{t('common.close')}</Button>
          </div>
        </>
      ) : (
        <form className="admin-form" onSubmit={handleSubmit}>
          <Field label={t('admin.teams.reassignTo')}>
            {(control) => (
              <Select {...control} value={target} options={otherTeams.map((other) => ({ value: other.id, label: other.name }))} onChange={(event) => setTarget(event.target.value)} />
            )}
          </Field>
          <AdminFormActions submitLabel={t('admin.teams.reassignSubmit')} mutation={remove} variant="danger" onCancel={onClose} />
        </form>
      )}
    </Dialog>
  );
}

/** A checkbox per active member of the workspace; saving replaces the team's members with the ticked ones. */
function MembersDialog({ team, onClose }: { team: TeamDto; onClose: () => void }) {
  const members = useMembers();
  const setMembers = useSetTeamMembers();
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(team.members.map((member) => member.id)));
  const active = (members.data?.pages.flatMap((page) => page.items) ?? []).filter((member) => member.isActive);
  function toggle(userId: string, isChecked: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (isChecked) next.add(userId);
      else next.delete(userId);
      return next;
    });
  }
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Only people offered here are sent: a deactivated member still listed on the team leaves it.
    const userIds = active.filter((member) => selected.has(member.id)).map((member) => member.id);
    setMembers.mutate({ id: team.id, userIds }, { onSuccess: onClose });
  }
  return (
    <Dialog title={t('admin.teams.membersTitle', { name: team.name })} onClose={onClose} closeLabel={t('common.close')} hideCloseButton>
      <form className="admin-form" onSubmit={handleSubmit}>
        {members.isPending && <Spinner label={t('admin.teams.membersLoading')} />}
        {members.isError && <Alert>{describeError(members.error)}</Alert>}
        {members.isSuccess && (
          <fieldset className="admin-fieldset" aria-describedby={`team-members-hint-${team.id}`}>
            <legend className="admin-fieldset__legend">{t('admin.teams.membersLegend')}</legend>
            <p className="admin-muted" id={`team-members-hint-${team.id}`}>
              {t('admin.teams.membersHint')}
            </p>
            {active.length === 0 && <p className="admin-muted">{t('admin.teams.membersNone')}</p>}
            {active.map((member) => (
              <label key={member.id} className="admin-check">
                <input type="checkbox" checked={selected.has(member.id)} onChange={(event) => toggle(member.id, event.target.checked)} />
                {member.name}
              </label>
            ))}
            {members.hasNextPage && (
              <div>
                <Button onClick={() => void members.fetchNextPage()} isBusy={members.isFetchingNextPage}>
                  {t('admin.users.loadMore')}
                </Button>
              </div>
            )}
          </fieldset>
        )}
        <AdminFormActions submitLabel={t('common.save')} mutation={setMembers} isDisabled={!members.isSuccess} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function RenameTeamForm({ team, onDone }: { team: TeamDto; onDone: () => void }) {
  const [name, setName] = useState(team.name);
  const rename = useRenameTeam();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.mutate({ id: team.id, name }, { onSuccess: onDone });
  }
  return (
    <li className="admin-list__item">
      <form className="admin-form admin-form--inline" onSubmit={handleSubmit} aria-label={t('admin.teams.renameLabel', { name: team.name })}>
        <Field label={t('admin.teams.name')}>
          {(control) => <TextInput {...control} required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <AdminFormActions submitLabel={t('common.save')} mutation={rename} onCancel={onDone} />
      </form>
    </li>
  );
}

function AddTeamForm() {
  const [name, setName] = useState('');
  const create = useCreateTeam();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(name, { onSuccess: () => setName('') });
  }
  return (
    <form className="admin-form admin-form--inline" onSubmit={handleSubmit} aria-label={t('admin.teams.add')}>
      <Field label={t('admin.teams.name')}>
        {(control) => <TextInput {...control} required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <AdminFormActions submitLabel={t('admin.teams.add')} mutation={create} />
    </form>
  );
}
