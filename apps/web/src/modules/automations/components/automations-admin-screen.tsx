import { useRef, useState } from 'react';
import type { AutomationDto } from '@rapport/contracts/automations';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { Link } from '../../../router/router.tsx';
import { AdminCard, AdminPage } from '../../admin/components/admin-page.tsx';
import { useAdminTeams } from '../../admin/hooks/use-admin-api.ts';
import { useAgents } from '../../ticket/hooks/use-agents.ts';
import { moveItem } from '../automation-form.ts';
import { changesInWords, outcomeInWords, triggerInWords, type NameLookup } from '../automation-words.ts';
import { useAutomationRuns, useAutomations, useDeleteAutomation, useReorderAutomations, useToggleAutomation } from '../automations-api.ts';
import { AutomationEditor } from './automation-editor.tsx';
import './automations.css';

type Editing = { kind: 'new' } | { kind: 'edit'; automation: AutomationDto } | null;

/** The workspace's automations (leads and admins): the list in run order, switched on and off, reordered, edited, with each one's recent runs. */
export function AutomationsAdminScreen() {
  const automations = useAutomations();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AutomationDto | null>(null);
  const reorder = useReorderAutomations();
  const toggle = useToggleAutomation();
  const items = automations.data ?? [];

  const move = (index: number, delta: -1 | 1) => reorder.mutate(moveItem(items, index, delta).map((item) => item.id));

  return (
    <AdminPage title={t('automations.admin.title')} permission="automation.manage" intro={t('automations.admin.intro')}>
      <AdminCard title={t('automations.admin.listLabel')} id="automations-admin-heading">
        {automations.isPending && <Spinner label={t('automations.admin.loading')} isLabelVisible />}
        {automations.isError && <Alert>{describeError(automations.error)}</Alert>}
        {automations.isSuccess && items.length === 0 && <p className="admin-muted">{t('automations.admin.empty')}</p>}
        {reorder.isError && <Alert>{describeError(reorder.error)}</Alert>}
        {toggle.isError && <Alert>{describeError(toggle.error)}</Alert>}
        {items.length > 0 && (
          <ol className="admin-list automations-list" aria-labelledby="automations-admin-heading">
            {items.map((automation, index) => (
              <AutomationRow
                key={automation.id}
                automation={automation}
                position={index + 1}
                isFirst={index === 0}
                isLast={index === items.length - 1}
                isBusy={reorder.isPending}
                onMove={(delta) => move(index, delta)}
                onToggle={(enabled, settled) => toggle.mutate({ id: automation.id, enabled }, { onSettled: settled })}
                onEdit={() => setEditing({ kind: 'edit', automation })}
                onDelete={() => setDeleting(automation)}
              />
            ))}
          </ol>
        )}
        <div>
          <Button variant="primary" onClick={() => setEditing({ kind: 'new' })}>
            {t('automations.admin.new')}
          </Button>
        </div>
      </AdminCard>
      {editing && <AutomationEditor automation={editing.kind === 'edit' ? editing.automation : undefined} onClose={() => setEditing(null)} />}
      {deleting && <DeleteAutomationDialog automation={deleting} onClose={() => setDeleting(null)} />}
    </AdminPage>
  );
}

function AutomationRow({
  automation,
  position,
  isFirst,
  isLast,
  isBusy,
  onMove,
  onToggle,
  onEdit,
  onDelete,
}: {
  automation: AutomationDto;
  position: number;
  isFirst: boolean;
  isLast: boolean;
  isBusy: boolean;
  onMove: (delta: -1 | 1) => void;
  /** Switches the automation on or off; `settled` runs once the server has answered. */
  onToggle: (enabled: boolean, settled: () => void) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const [showRuns, setShowRuns] = useState(false);
  // The switch moves at once (in the click's own render); the list's data takes over when the server has answered.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const latest = useRef(0);
  const enabled = chosen ?? automation.enabled;
  const { name, stats } = automation;
  const conditionCount = automation.conditions.all.length + automation.conditions.any.length;
  const runsId = `automation-runs-${automation.id}`;
  return (
    <li className="admin-list__item automations-list__item" data-testid="automation-row">
      <div className="automations-list__top">
        <div className="admin-list__main">
          <span className="admin-list__headline">
            <span className="automations-list__position" aria-hidden="true">
              {t('automations.admin.position', { position })}
            </span>
            <span className="admin-list__primary">{name}</span>
            {!enabled && <Badge tone="tag">{t('automations.admin.disabled')}</Badge>}
            {stats.loopsStoppedLast7Days > 0 && (
              <Badge className="admin-badge--warn" data-testid="automation-loop-warning">
                {t('automations.admin.loops', { count: stats.loopsStoppedLast7Days })}
              </Badge>
            )}
          </span>
          <span className="admin-list__secondary">{triggerInWords(automation)}</span>
          {automation.description && <span className="admin-list__secondary">{automation.description}</span>}
          <span className="admin-list__secondary">
            {t('automations.admin.summary', {
              conditions: conditionCount === 0 ? t('automations.admin.noConditions') : t('automations.admin.conditionCount', { count: conditionCount }),
              actions: t('automations.admin.actionCount', { count: automation.actions.length }),
            })}
          </span>
          <span className="admin-list__secondary">{t('automations.admin.runs', { count: stats.runsLast7Days })}</span>
        </div>
        <div className="admin-list__actions">
          <label className="admin-check">
            <input
              type="checkbox"
              checked={enabled}
              aria-label={t('automations.admin.enabledLabel', { name })}
              onChange={(event) => {
                const sequence = (latest.current += 1);
                setChosen(event.target.checked);
                onToggle(event.target.checked, () => {
                  if (sequence === latest.current) setChosen(null);
                });
              }}
            />
            <span aria-hidden="true">{t('automations.admin.enabled')}</span>
          </label>
          <Button size="sm" variant="ghost" disabled={isFirst || isBusy} aria-label={t('automations.admin.moveUp', { name })} onClick={() => onMove(-1)}>
            <span aria-hidden="true">↑</span>
          </Button>
          <Button size="sm" variant="ghost" disabled={isLast || isBusy} aria-label={t('automations.admin.moveDown', { name })} onClick={() => onMove(1)}>
            <span aria-hidden="true">↓</span>
          </Button>
          <Button size="sm" aria-expanded={showRuns} aria-controls={showRuns ? runsId : undefined} aria-label={t('automations.admin.showRunsLabel', { name })} onClick={() => setShowRuns((open) => !open)}>
            {t('automations.admin.showRuns')}
          </Button>
          <Button size="sm" aria-label={t('automations.admin.edit', { name })} onClick={onEdit}>
            {t('common.edit')}
          </Button>
          <Button size="sm" variant="danger" aria-label={t('automations.admin.delete', { name })} onClick={onDelete}>
            {t('common.delete')}
          </Button>
        </div>
      </div>
      {showRuns && <RecentRuns automation={automation} id={runsId} />}
    </li>
  );
}

function useNames(): NameLookup {
  const teams = useAdminTeams();
  const agents = useAgents();
  return {
    team: (id) => teams.data?.find((team) => team.id === id)?.name,
    user: (id) => agents.data?.find((user) => user.id === id)?.name,
  };
}

/** One automation's latest runs, newest first, with the ticket each acted on. */
function RecentRuns({ automation, id }: { automation: AutomationDto; id: string }) {
  const runs = useAutomationRuns(automation.id);
  const names = useNames();
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div id={id} className="automations-runs" data-testid="automation-recent-runs">
      {runs.isPending && <Spinner label={t('automations.runs.loading')} />}
      {runs.isError && <Alert>{describeError(runs.error)}</Alert>}
      {runs.isSuccess && items.length === 0 && <p className="admin-muted">{t('automations.runs.none')}</p>}
      {items.length > 0 && (
        <ul className="automations-runs__list" aria-label={t('automations.admin.showRunsLabel', { name: automation.name })}>
          {items.map((run) => {
            const changes = changesInWords(run.changes, names);
            return (
              <li key={run.id} className="automations-runs__item">
                <span className="automations-runs__headline">
                  <Link to={`/tickets/${run.ticketNumber}`}>{t('automations.runs.ticket', { number: run.ticketNumber })}</Link>
                  <time dateTime={run.createdAt}>{formatAbsoluteTime(run.createdAt)}</time>
                  <span className={`automation-outcome automation-outcome--${run.outcome}`}>{outcomeInWords(run)}</span>
                </span>
                {run.outcome === 'applied' && changes.length > 0 && <span className="admin-list__secondary">{changes.join(' · ')}</span>}
                {run.overridden && (
                  <span className="admin-list__secondary">
                    {t('automations.runs.overriddenBy', { name: run.overridden.by?.name ?? t('automations.runs.formerMember'), reason: run.overridden.reason })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {runs.hasNextPage && (
        <div>
          <Button size="sm" isBusy={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
            {t('automations.runs.more')}
          </Button>
        </div>
      )}
    </div>
  );
}

function DeleteAutomationDialog({ automation, onClose }: { automation: AutomationDto; onClose: () => void }) {
  const remove = useDeleteAutomation();
  return (
    <Dialog title={t('automations.admin.deleteTitle', { name: automation.name })} onClose={onClose} closeLabel={t('common.close')}>
      <p>{t('automations.admin.deleteText')}</p>
      {remove.isError && <Alert>{describeError(remove.error)}</Alert>}
      <div className="admin-form__actions">
        <Button onClick={onClose} data-autofocus>
          {t('common.cancel')}
        </Button>
        <Button variant="danger" isBusy={remove.isPending} onClick={() => remove.mutate(automation, { onSuccess: onClose })}>
          {t('automations.admin.deleteConfirm')}
        </Button>
      </div>
    </Dialog>
  );
}
