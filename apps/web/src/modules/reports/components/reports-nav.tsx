import { t } from '../../../i18n/i18n.ts';
import { Link } from '../../../router/router.tsx';
import { canReadReports, parityPath } from '../reports-paths.ts';
import { ledgerPath } from '../../resolutions/resolutions-paths.ts';
import { overridesReportPath } from '../../overrides/overrides-paths.ts';

/** The sidebar's "Reports" section: leads and admins only. */
export function ReportsNav({ currentPath, permissions }: { currentPath: string; permissions: readonly string[] }) {
  if (!canReadReports(permissions)) return null;
  return (
    <>
      <h2 className="shell-nav__heading">{t('reports.nav.heading')}</h2>
      <ul className="shell-nav__list">
        <li>
          <Link to={parityPath} className="shell-nav__link" aria-current={currentPath === parityPath ? 'page' : undefined}>
            {t('reports.nav.parity')}
          </Link>
        </li>
        <li>
          <Link to={overridesReportPath} className="shell-nav__link" aria-current={currentPath === overridesReportPath ? 'page' : undefined}>
            {t('overrides.nav')}
          </Link>
        </li>
        <li>
          <Link to={ledgerPath} className="shell-nav__link" aria-current={currentPath === ledgerPath ? 'page' : undefined}>
            {t('resolutions.nav.ledger')}
          </Link>
        </li>
      </ul>
    </>
  );
}
