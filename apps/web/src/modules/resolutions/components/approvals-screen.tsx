import { useId, useState } from 'react';
import type { ResolutionActionDto } from '@rapport/contracts/resolutions';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { TextArea } from '@rapport/ui/text-area';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useNow } from '../../../lib/relative-time.ts';
import { RelativeTime } from '../../../lib/relative-time-view.tsx';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { Link } from '../../../router/router.tsx';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useApprovalNotificationRefresh } from '../hooks/use-approvals-live.ts';
import { decisionProblem, formatMoney, type DecisionProblem } from '../resolution-logic.ts';
import { actionLabel } from '../resolution-labels.ts';
import { canApprove } from '../resolutions-paths.ts';
import { useApprovals, useDecideResolution } from '../resolutions-api.ts';
import './resolutions.css';

/**
 * Approvals (P29) for leads: the pending requests, oldest first, with what the agent asked for, why,
 * and which limit it is above; Approve (with an optional note) or Reject (a note is needed). A new
 * request appears live: its notification refetches the list, as does a teammate's decision (the
 * ticket's realtime update).
 */
export function ApprovalsScreen() {
  const session = useCurrentSession();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>('approvals');
  useDocumentTitle(t('resolutions.approvals.title'));
  return (
    <section className="resolutions-page" aria-labelledby="approvals-heading">
      <h1 id="approvals-heading" ref={headingRef} tabIndex={-1}>
        {t('resolutions.approvals.title')}
      </h1>
      <p className="resolutions-page__intro">{t('resolutions.approvals.intro')}</p>
      {canApprove(session.permissions) ? <ApprovalList /> : <Alert>{t('resolutions.approvals.forbidden')}</Alert>}
    </section>
  );
}

function ApprovalList() {
  const approvals = useApprovals();
  const [decidedElsewhere, setDecidedElsewhere] = useState<number | null>(null);
  useApprovalNotificationRefresh();
  const items = approvals.data?.pages.flatMap((page) => page.items) ?? [];
  if (approvals.isPending) return <Spinner label={t('resolutions.approvals.loading')} isLabelVisible />;
  if (!approvals.data) return <Alert>{describeError(approvals.error)}</Alert>;
  return (
    <>
      {decidedElsewhere !== null && <Alert>{t('resolutions.approvals.problem.decided', { number: decidedElsewhere })}</Alert>}
      {items.length === 0 ? (
        <EmptyState title={t('resolutions.approvals.empty')} description={t('resolutions.approvals.emptyHint')} />
      ) : (
        <ul className="approvals-list" aria-label={t('resolutions.approvals.listLabel')}>
          {items.map((item) => (
            <Approval
              key={item.id}
              item={item}
              onDecidedElsewhere={() => {
                setDecidedElsewhere(item.ticketNumber);
                void approvals.refetch();
              }}
            />
          ))}
        </ul>
      )}
      {approvals.hasNextPage && (
        <div>
          <Button onClick={() => void approvals.fetchNextPage()} isBusy={approvals.isFetchingNextPage}>
            {approvals.isFetchingNextPage ? t('resolutions.approvals.loadingMore') : t('resolutions.approvals.loadMore')}
          </Button>
        </div>
      )}
      {approvals.isError && <Alert>{describeError(approvals.error)}</Alert>}
    </>
  );
}

const problemKeys = {
  decided: 'resolutions.approvals.problem.decided',
  approver_limit: 'resolutions.approvals.problem.approver_limit',
  self_approval: 'resolutions.approvals.problem.self_approval',
  note_required: 'resolutions.approvals.problem.note_required',
} as const;

function Approval({ item, onDecidedElsewhere }: { item: ResolutionActionDto; onDecidedElsewhere: () => void }) {
  const { user } = useCurrentSession();
  const decide = useDecideResolution();
  const announce = useAnnounce();
  const now = useNow();
  const id = useId();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<Exclude<DecisionProblem, 'other'> | null>(null);
  const [otherError, setOtherError] = useState<string | null>(null);
  const amount = formatMoney(item.amount, item.currency);
  const action = actionLabel(item.action);
  const requester = item.requestedBy?.name ?? t('resolutions.formerMember');
  const isOwn = item.requestedBy?.id === user.id;
  const words = { action, amount, number: item.ticketNumber };

  function submit(decision: 'approve' | 'reject') {
    setProblem(null);
    setOtherError(null);
    if (decision === 'reject' && note.trim() === '') {
      setProblem('note_required');
      return;
    }
    decide.mutate(
      { id: item.id, body: { decision, note: note.trim() } },
      {
        onSuccess: () => announce(t(decision === 'approve' ? 'resolutions.approvals.approved' : 'resolutions.approvals.rejected', words)),
        onError: (error) => {
          const found = decisionProblem(error);
          if (found === 'decided') {
            announce(t('resolutions.approvals.problem.decided', { number: item.ticketNumber }), 'assertive');
            onDecidedElsewhere();
            return;
          }
          if (found === 'other') setOtherError(describeError(error));
          else setProblem(found);
          announce(found === 'other' ? describeError(error) : t(problemKeys[found], { number: item.ticketNumber }), 'assertive');
        },
      },
    );
  }

  const noteError = problem === 'note_required' ? t(problemKeys.note_required) : undefined;
  return (
    <li className="approval" data-testid="approval">
      <h2 id={`${id}-heading`} className="approval__heading">
        <Link to={`/tickets/${item.ticketNumber}`}>{t('resolutions.approvals.ticket', { number: item.ticketNumber, subject: item.ticketSubject })}</Link>
      </h2>
      <dl className="approval__facts">
        <dt>{t('resolutions.approvals.what')}</dt>
        <dd>
          {action} · {amount}
        </dd>
        <dt>{t('resolutions.approvals.customer')}</dt>
        <dd>{item.customer.name}</dd>
        <dt>{t('resolutions.approvals.requester')}</dt>
        <dd>{requester}</dd>
        <dt>{t('resolutions.approvals.asked')}</dt>
        <dd>
          <RelativeTime iso={item.createdAt} now={now} />
        </dd>
        <dt>{t('resolutions.approvals.reason')}</dt>
        <dd>{item.reason}</dd>
        {item.approvalReason && (
          <>
            <dt>{t('resolutions.approvals.why')}</dt>
            <dd>{t(`resolutions.approvals.reason.${item.approvalReason}`, { name: requester, currency: item.currency })}</dd>
          </>
        )}
      </dl>
      {item.suggested && <p className="rp-side-panel__muted">{t('resolutions.approvals.suggested')}</p>}
      {isOwn ? (
        <p className="rp-side-panel__muted">{t('resolutions.approvals.ownRequest')}</p>
      ) : (
        <div className="approval__decision">
          <Field label={t('resolutions.approvals.note')} error={noteError}>
            {(control) => (
              <TextArea
                {...control}
                rows={2}
                maxLength={2000}
                value={note}
                onChange={(event) => {
                  setNote(event.target.value);
                  if (problem === 'note_required') setProblem(null);
                }}
              />
            )}
          </Field>
          <div className="approval__buttons">
            <Button
              variant="primary"
              size="sm"
              isBusy={decide.isPending && decide.variables.body.decision === 'approve'}
              aria-label={t('resolutions.approvals.approveLabel', words)}
              onClick={() => submit('approve')}
            >
              {t('resolutions.approvals.approve')}
            </Button>
            <Button
              variant="danger"
              size="sm"
              isBusy={decide.isPending && decide.variables.body.decision === 'reject'}
              aria-label={t('resolutions.approvals.rejectLabel', words)}
              onClick={() => submit('reject')}
            >
              {t('resolutions.approvals.reject')}
            </Button>
          </div>
          {problem && problem !== 'note_required' && <Alert>{t(problemKeys[problem], { number: item.ticketNumber })}</Alert>}
          {otherError && <Alert>{otherError}</Alert>}
        </div>
      )}
    </li>
  );
}
