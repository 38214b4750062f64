import { useState, type FormEvent } from 'react';
import { RoutingMode, type TeamRoutingDto } from '@rapport/contracts/routing';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { useAnnounce } from '@rapport/ui/live-region';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useRoutingTeams, useUpdateTeamRouting } from '../hooks/use-routing.ts';
import './routing.css';

const modeOptions = RoutingMode.options.map((value) => ({ value, label: t(`routing.mode.${value}`) }));

/**
 * A team's routing mode and fallback team (admin Teams screen): a summary in the team's row and a
 * dialog to change them. The fallback team takes tickets in a language no available member speaks;
 * a team is never its own fallback.
 */
export function TeamRoutingFields({ teamId, teamName, teams }: { teamId: string; teamName: string; teams: readonly { id: string; name: string }[] }) {
  const routing = useRoutingTeams();
  const [isEditing, setIsEditing] = useState(false);
  const current = routing.data?.items.find((item) => item.id === teamId);
  if (!current) return null;
  const fallbackName = teams.find((team) => team.id === current.fallbackTeamId)?.name;
  return (
    <span className="admin-list__secondary routing-team" data-testid="team-routing">
      {t('routing.team.summary', { mode: t(`routing.mode.${current.routing}`) })}
      {fallbackName !== undefined && ` · ${t('routing.team.summaryFallback', { name: fallbackName })}`}{' '}
      <Button size="sm" variant="ghost" onClick={() => setIsEditing(true)} aria-label={t('routing.team.editLabel', { name: teamName })}>
        {t('routing.team.edit')}
      </Button>
      {isEditing && <TeamRoutingDialog current={current} teamName={teamName} teams={teams} onClose={() => setIsEditing(false)} />}
    </span>
  );
}

function TeamRoutingDialog({ current, teamName, teams, onClose }: { current: TeamRoutingDto; teamName: string; teams: readonly { id: string; name: string }[]; onClose: () => void }) {
  const [mode, setMode] = useState<RoutingMode>(current.routing);
  const [fallbackTeamId, setFallbackTeamId] = useState(current.fallbackTeamId ?? '');
  const update = useUpdateTeamRouting();
  const announce = useAnnounce();
  const fallbackOptions = [{ value: '', label: t('routing.fallback.none') }, ...teams.filter((team) => team.id !== current.id).map((team) => ({ value: team.id, label: team.name }))];
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate(
      { id: current.id, body: { routing: mode, fallbackTeamId: fallbackTeamId || null } },
      {
        onSuccess: () => {
          announce(t('routing.team.saved', { name: teamName }));
          onClose();
        },
      },
    );
  }
  return (
    <Dialog title={t('routing.team.title', { name: teamName })} onClose={onClose} closeLabel={t('common.close')} hideCloseButton>
      <form className="admin-form" onSubmit={handleSubmit}>
        <Field label={t('routing.mode.label')} hint={t('routing.mode.hint')}>
          {(control) => <Select {...control} value={mode} options={modeOptions} onChange={(event) => setMode(RoutingMode.parse(event.target.value))} />}
        </Field>
        <Field label={t('routing.fallback.label')} hint={t('routing.fallback.hint')}>
          {(control) => <Select {...control} value={fallbackTeamId} options={fallbackOptions} onChange={(event) => setFallbackTeamId(event.target.value)} />}
        </Field>
        <div className="admin-form__actions">
          <Button type="submit" variant="primary" isBusy={update.isPending}>
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </div>
        {update.isError && <Alert>{describeError(update.error)}</Alert>}
      </form>
    </Dialog>
  );
}
