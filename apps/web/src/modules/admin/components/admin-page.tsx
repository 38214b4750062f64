import type { ReactNode } from 'react';
import { Alert } from '@rapport/ui/alert';
import { Button, type ButtonVariant } from '@rapport/ui/button';
import { EmptyState } from '@rapport/ui/empty-state';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useDocumentTitle } from '../../../lib/use-document-title.ts';
import { useFocusOnRouteChange } from '../../../lib/use-focus-on-mount.ts';
import { useCurrentSession } from '../../auth/components/session-context.tsx';
import './admin.css';

/**
 * The frame of every admin screen: its heading (focused when the route changes, named in the tab
 * title) and, when the role lacks the permission, a plain explanation instead of the controls. The
 * server denies the same calls anyway; this only spares people forms that would fail.
 */
export function AdminPage({ title, permission, intro, children }: { title: string; permission: string | null; intro?: ReactNode; children: ReactNode }) {
  const session = useCurrentSession();
  const headingRef = useFocusOnRouteChange<HTMLHeadingElement>(`admin:${title}`);
  useDocumentTitle(title);
  const isAllowed = permission === null || session.permissions.includes(permission);
  return (
    <section className="admin-page" aria-labelledby="admin-page-heading">
      <h1 id="admin-page-heading" ref={headingRef} tabIndex={-1} className="admin-page__title">
        {title}
      </h1>
      {isAllowed && intro && <p className="admin-page__intro">{intro}</p>}
      {isAllowed ? children : <EmptyState title={t('admin.forbidden')} description={t('admin.forbiddenHint')} />}
    </section>
  );
}

export function AdminCard({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section className="admin-card" aria-labelledby={id}>
      <h2 id={id} className="admin-card__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * An admin form's closing row: the submit button (busy while the mutation runs), an optional
 * Cancel, and the mutation's error below.
 */
export function AdminFormActions({
  submitLabel,
  mutation,
  variant = 'primary',
  isDisabled,
  onCancel,
}: {
  submitLabel: string;
  mutation: { isPending: boolean; isError: boolean; error: unknown };
  variant?: ButtonVariant;
  isDisabled?: boolean;
  onCancel?: () => void;
}) {
  return (
    <>
      <div className="admin-form__actions">
        <Button type="submit" variant={variant} isBusy={mutation.isPending} disabled={isDisabled}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
      </div>
      {mutation.isError && <Alert>{describeError(mutation.error)}</Alert>}
    </>
  );
}
