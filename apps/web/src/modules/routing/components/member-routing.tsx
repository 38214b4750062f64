import { useState, type FormEvent } from 'react';
import type { RoutingAgentDto } from '@rapport/contracts/routing';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { TextInput } from '@rapport/ui/text-input';
import { useAnnounce } from '@rapport/ui/live-region';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useRoutingAgents, useUpdateMemberRouting } from '../hooks/use-routing.ts';
import { parseList, parseMax } from '../routing-form.ts';

/**
 * A member's routing profile in the admin Users screen: a summary line (skills, open tickets of
 * their maximum, availability) and a dialog to change languages, skills and the maximum.
 */
export function MemberRouting({ memberId, name }: { memberId: string; name: string }) {
  const agents = useRoutingAgents();
  const [isEditing, setIsEditing] = useState(false);
  const agent = agents.data?.items.find((item) => item.id === memberId);
  if (!agent) return null;
  return (
    <>
      <span className="admin-list__secondary" data-testid="member-routing">
        {t('routing.member.summary', {
          skills: agent.skills.length > 0 ? agent.skills.join(', ') : t('routing.member.noSkills'),
          open: agent.openTickets,
          max: agent.maxOpenTickets ?? t('routing.member.noLimit'),
          availability: t(`routing.availability.${agent.availability}`),
        })}{' '}
        <Button size="sm" variant="ghost" onClick={() => setIsEditing(true)} aria-label={t('routing.member.editLabel', { name })}>
          {t('routing.member.edit')}
        </Button>
      </span>
      {isEditing && <MemberRoutingDialog agent={agent} name={name} onClose={() => setIsEditing(false)} />}
    </>
  );
}

const withMax = (max: number | null | undefined) => (max === undefined ? {} : { maxOpenTickets: max });

function MemberRoutingDialog({ agent, name, onClose }: { agent: RoutingAgentDto; name: string; onClose: () => void }) {
  const [languages, setLanguages] = useState(agent.languages.join(', '));
  const [skills, setSkills] = useState(agent.skills.join(', '));
  const [max, setMax] = useState(agent.maxOpenTickets === null ? '' : String(agent.maxOpenTickets));
  const update = useUpdateMemberRouting();
  const announce = useAnnounce();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate(
      { id: agent.id, body: { languages: parseList(languages), skills: parseList(skills), ...withMax(parseMax(max)) } },
      {
        onSuccess: () => {
          announce(t('routing.member.saved', { name }));
          onClose();
        },
      },
    );
  }
  return (
    <Dialog title={t('routing.member.title', { name })} onClose={onClose} closeLabel={t('common.close')} hideCloseButton>
      <form className="admin-form" onSubmit={handleSubmit}>
        <Field label={t('routing.member.languages')} hint={t('routing.member.languagesHint')}>
          {(control) => <TextInput {...control} value={languages} onChange={(event) => setLanguages(event.target.value)} />}
        </Field>
        <Field label={t('routing.member.skills')} hint={t('routing.member.skillsHint')}>
          {(control) => <TextInput {...control} value={skills} onChange={(event) => setSkills(event.target.value)} />}
        </Field>
        <Field label={t('routing.member.max')} hint={t('routing.member.maxHint')}>
          {(control) => <TextInput {...control} type="number" min={1} max={10000} step={1} value={max} onChange={(event) => setMax(event.target.value)} />}
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
