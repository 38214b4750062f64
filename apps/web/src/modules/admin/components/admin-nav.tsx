import { t } from '../../../i18n/i18n.ts';
import { Link } from '../../../router/router.tsx';
import { preferencesPath, visibleAdminLinks } from '../admin-paths.ts';

/** The sidebar's "Admin" section: only the screens this role may manage, and nothing at all for agents. */
export function AdminNav({ currentPath, permissions }: { currentPath: string; permissions: readonly string[] }) {
  const links = visibleAdminLinks(permissions);
  if (links.length === 0) return null;
  return (
    <>
      <h2 className="shell-nav__heading">{t('admin.nav.heading')}</h2>
      <ul className="shell-nav__list">
        {links.map((link) => (
          <li key={link.path}>
            <Link to={link.path} className="shell-nav__link" aria-current={currentPath === link.path ? 'page' : undefined}>
              {t(link.label)}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Every member's own settings (time zone), linked from the sidebar footer. */
export function PreferencesLink({ currentPath }: { currentPath: string }) {
  return (
    <Link to={preferencesPath} className="shell-nav__link" aria-current={currentPath === preferencesPath ? 'page' : undefined}>
      {t('admin.nav.preferences')}
    </Link>
  );
}
