import { t } from '../../../i18n/i18n.ts';
import { Link } from '../../../router/router.tsx';
import { canReadLessons, lessonsPath } from '../lessons-paths.ts';

/** The sidebar's "Insights" section with the lessons screen: leads and admins only. */
export function LessonsNav({ currentPath, permissions }: { currentPath: string; permissions: readonly string[] }) {
  if (!canReadLessons(permissions)) return null;
  return (
    <>
      <h2 className="shell-nav__heading">{t('lessons.nav.heading')}</h2>
      <ul className="shell-nav__list">
        <li>
          <Link to={lessonsPath} className="shell-nav__link" aria-current={currentPath === lessonsPath ? 'page' : undefined}>
            {t('lessons.nav.lessons')}
          </Link>
        </li>
      </ul>
    </>
  );
}
