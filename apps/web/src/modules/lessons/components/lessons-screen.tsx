import type { LessonDto } from '@rapport/contracts/service';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { formatAbsoluteTime } from '../../../lib/relative-time.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { Link } from '../../../router/router.tsx';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import { useLessons } from '../hooks/use-lessons.ts';
import { canReadLessons } from '../lessons-paths.ts';
import './lessons.css';

/** What we learned from tickets we could not solve (P13), for leads and admins, newest first. */
export function LessonsScreen() {
  const session = useCurrentSession();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>('lessons');
  useDocumentTitle(t('lessons.title'));
  return (
    <section className="lessons-page" aria-labelledby="lessons-heading">
      <h1 id="lessons-heading" ref={headingRef} tabIndex={-1}>
        {t('lessons.title')}
      </h1>
      <p className="lessons-page__intro">{t('lessons.intro')}</p>
      {canReadLessons(session.permissions) ? <LessonList /> : <Alert>{t('lessons.forbidden')}</Alert>}
    </section>
  );
}

function LessonList() {
  const lessons = useLessons();
  const items = lessons.data?.pages.flatMap((page) => page.items) ?? [];
  if (lessons.isPending) return <Spinner label={t('lessons.loading')} isLabelVisible />;
  if (!lessons.data) return <Alert>{describeError(lessons.error)}</Alert>;
  if (items.length === 0) return <EmptyState title={t('lessons.empty')} description={t('lessons.emptyHint')} />;
  return (
    <>
      <ul className="lessons-list" aria-label={t('lessons.listLabel')}>
        {items.map((lesson) => (
          <LessonItem key={lesson.id} lesson={lesson} />
        ))}
      </ul>
      {lessons.hasNextPage && (
        <div>
          <Button onClick={() => void lessons.fetchNextPage()} isBusy={lessons.isFetchingNextPage}>
            {lessons.isFetchingNextPage ? t('lessons.loadingMore') : t('lessons.loadMore')}
          </Button>
        </div>
      )}
      {lessons.isError && <Alert>{describeError(lessons.error)}</Alert>}
    </>
  );
}

function LessonItem({ lesson }: { lesson: LessonDto }) {
  return (
    <li className="lessons-list__item" data-testid="lesson">
      <h2 className="rp-label">
        <Link to={`/tickets/${lesson.ticket.number}`}>{t('lessons.ticket', { number: lesson.ticket.number, subject: lesson.ticket.subject || '—' })}</Link>
      </h2>
      <p className="lessons-list__meta">
        {t('lessons.by', { name: lesson.author?.name ?? t('lessons.formerMember') })} ·{' '}
        <time dateTime={lesson.createdAt}>{formatAbsoluteTime(lesson.createdAt)}</time>
      </p>
      <div>
        <p className="lessons-list__label">{t('lessons.lesson')}</p>
        <p className="lessons-list__text">{lesson.lesson}</p>
      </div>
      <div>
        <p className="lessons-list__label">{t('lessons.feedback')}</p>
        <p className="lessons-list__text">{lesson.productFeedback ?? <span className="lessons-list__meta">{t('lessons.noFeedback')}</span>}</p>
      </div>
    </li>
  );
}
