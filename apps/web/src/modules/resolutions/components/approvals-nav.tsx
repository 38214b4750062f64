import { VisuallyHidden } from '@rapport/ui/visually-hidden';
import { t } from '../../../i18n/i18n.ts';
import { Link } from '../../../router/router.tsx';
import { useApprovalCount, useApprovalNotificationRefresh } from '../hooks/use-approvals-live.ts';
import { approvalsPath, canApprove } from '../resolutions-paths.ts';

/** The sidebar link to Approvals (leads and admins), with how many requests wait, kept live. */
export function ApprovalsNav({ currentPath, permissions }: { currentPath: string; permissions: readonly string[] }) {
  if (!canApprove(permissions)) return null;
  return <ApprovalsLink currentPath={currentPath} />;
}

function ApprovalsLink({ currentPath }: { currentPath: string }) {
  const pending = useApprovalCount(true);
  useApprovalNotificationRefresh();
  const count = pending.data?.count ?? 0;
  // The inbox views' link and count styles (inbox-nav.css, always loaded with the sidebar).
  return (
    <ul className="shell-nav__list">
      <li>
        <Link to={approvalsPath} className="shell-nav__link inbox-nav__link" aria-current={currentPath === approvalsPath ? 'page' : undefined}>
          <span className="inbox-nav__name">{t('resolutions.nav.approvals')}</span>
          {count > 0 && (
            <>
              <span className="inbox-nav__count" aria-hidden="true" data-testid="approvals-count">
                {pending.data?.hasMore ? `${count}+` : count}
              </span>
              <VisuallyHidden>
                {', '}
                {t(pending.data?.hasMore ? 'resolutions.nav.waitingMore' : 'resolutions.nav.waiting', { count })}
              </VisuallyHidden>
            </>
          )}
        </Link>
      </li>
    </ul>
  );
}
