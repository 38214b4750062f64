import { t } from '../../../i18n/i18n.ts';
import { Link } from '../../../router/router.tsx';
import { promisesPath } from '../promises-paths.ts';

/** The sidebar link to "My promises" (every agent). */
export function PromisesNav({ currentPath }: { currentPath: string }) {
  return (
    <ul className="shell-nav__list">
      <li>
        <Link to={promisesPath} className="shell-nav__link" aria-current={currentPath === promisesPath ? 'page' : undefined}>
          {t('promises.nav.link')}
        </Link>
      </li>
    </ul>
  );
}
