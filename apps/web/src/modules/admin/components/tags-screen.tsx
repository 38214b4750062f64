import { useState, type FormEvent } from 'react';
import type { TagDto } from '@rapport/contracts/catalogue';
import { Alert } from '@rapport/ui/alert';
import { TagBadge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useAdminTags, useCreateTag, useDeleteTag } from '../hooks/use-admin-api.ts';
import { AdminCard, AdminFormActions, AdminPage } from './admin-page.tsx';

/** The tag catalogue with how many tickets carry each tag; deleting a tag removes it from those tickets. */
export function TagsScreen() {
  const tags = useAdminTags();
  return (
    <AdminPage title={t('admin.tags.title')} permission="tag.manage">
      <AdminCard title={t('admin.tags.listLabel')} id="admin-tags-heading">
        {tags.isPending && <Spinner label={t('admin.tags.loading')} />}
        {tags.isError && <Alert>{describeError(tags.error)}</Alert>}
        {tags.data?.length === 0 && <p className="admin-muted">{t('admin.tags.empty')}</p>}
        {tags.data && tags.data.length > 0 && (
          <ul className="admin-list" aria-label={t('admin.tags.listLabel')}>
            {tags.data.map((tag) => (
              <TagRow key={tag.name} tag={tag} />
            ))}
          </ul>
        )}
        <AddTagForm />
      </AdminCard>
    </AdminPage>
  );
}

function TagRow({ tag }: { tag: TagDto }) {
  const remove = useDeleteTag();
  return (
    <li className="admin-list__item" data-testid="admin-tag">
      <div className="admin-list__main admin-list__main--row">
        <TagBadge name={tag.name} />
        <span className="admin-list__secondary">{t('admin.tags.count', { count: tag.ticketCount })}</span>
      </div>
      <div className="admin-list__actions">
        <Button
          size="sm"
          variant="danger"
          isBusy={remove.isPending}
          aria-label={t('admin.tags.deleteLabel', { name: tag.name })}
          onClick={() => {
            if (window.confirm(t('admin.tags.deleteConfirm', { name: tag.name, count: tag.ticketCount }))) remove.mutate(tag.name);
          }}
        >
          {t('common.delete')}
        </Button>
      </div>
      {remove.isError && <Alert className="admin-list__error">{describeError(remove.error)}</Alert>}
    </li>
  );
}

function AddTagForm() {
  const [name, setName] = useState('');
  const create = useCreateTag();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(name, { onSuccess: () => setName('') });
  }
  return (
    <form className="admin-form admin-form--inline" onSubmit={handleSubmit} aria-label={t('admin.tags.add')}>
      <Field label={t('admin.tags.name')} hint={t('admin.tags.nameHint')}>
        {(control) => <TextInput {...control} required maxLength={50} value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <AdminFormActions submitLabel={t('admin.tags.add')} mutation={create} />
    </form>
  );
}
