import { useState, type FormEvent } from 'react';
import type { CustomFieldDefinitionDto } from '@rapport/contracts/catalogue';
import { Alert } from '@rapport/ui/alert';
import { Badge } from '@rapport/ui/badge';
import { Button } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { Select } from '@rapport/ui/select';
import { Spinner } from '@rapport/ui/spinner';
import { TextArea } from '@rapport/ui/text-area';
import { TextInput } from '@rapport/ui/text-input';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { parseOptions } from '../admin-forms.ts';
import { useAdminCustomFields, useCreateCustomField, useDeleteCustomField, useUpdateCustomField } from '../hooks/use-admin-api.ts';
import { AdminCard, AdminFormActions, AdminPage } from './admin-page.tsx';

type FieldType = CustomFieldDefinitionDto['type'];
const fieldTypes: FieldType[] = ['text', 'number', 'boolean', 'date', 'select'];
const typeOptions = fieldTypes.map((type) => ({ value: type, label: t(`admin.fieldType.${type}`) }));

/** Typed custom fields: create with a type (and options for a choice), relabel, edit options, delete. */
export function CustomFieldsScreen() {
  const fields = useAdminCustomFields();
  return (
    <AdminPage title={t('admin.fields.title')} permission="custom_field.manage" intro={t('admin.fields.hint')}>
      <AdminCard title={t('admin.fields.listLabel')} id="admin-fields-heading">
        {fields.isPending && <Spinner label={t('admin.fields.loading')} />}
        {fields.isError && <Alert>{describeError(fields.error)}</Alert>}
        {fields.data?.length === 0 && <p className="admin-muted">{t('admin.fields.empty')}</p>}
        {fields.data && fields.data.length > 0 && (
          <ul className="admin-list" aria-label={t('admin.fields.listLabel')}>
            {fields.data.map((field) => (
              <FieldRow key={field.id} field={field} />
            ))}
          </ul>
        )}
      </AdminCard>
      <AddFieldForm />
    </AdminPage>
  );
}

function FieldRow({ field }: { field: CustomFieldDefinitionDto }) {
  const [isEditing, setIsEditing] = useState(false);
  const remove = useDeleteCustomField();
  if (isEditing) return <EditFieldForm field={field} onDone={() => setIsEditing(false)} />;
  return (
    <li className="admin-list__item" data-testid="admin-custom-field">
      <div className="admin-list__main">
        <span className="admin-list__headline">
          <span className="admin-list__primary">{field.label}</span>
          <Badge>{t(`admin.fieldType.${field.type}`)}</Badge>
        </span>
        <span className="admin-list__secondary">
          {t('admin.fields.key')}: <code>{field.key}</code>
        </span>
        {field.type === 'select' && (
          <span className="admin-list__secondary">
            {t('admin.fields.options')}: {field.options.join(', ')}
          </span>
        )}
      </div>
      <div className="admin-list__actions">
        <Button size="sm" onClick={() => setIsEditing(true)} aria-label={t('admin.fields.editLabel', { label: field.label })}>
          {t('common.edit')}
        </Button>
        <Button
          size="sm"
          variant="danger"
          isBusy={remove.isPending}
          aria-label={t('admin.fields.deleteLabel', { label: field.label })}
          onClick={() => {
            if (window.confirm(t('admin.fields.deleteConfirm', { label: field.label }))) remove.mutate(field);
          }}
        >
          {t('common.delete')}
        </Button>
      </div>
      {remove.isError && <Alert className="admin-list__error">{describeError(remove.error)}</Alert>}
    </li>
  );
}

function EditFieldForm({ field, onDone }: { field: CustomFieldDefinitionDto; onDone: () => void }) {
  const [label, setLabel] = useState(field.label);
  const [options, setOptions] = useState(field.options.join('\n'));
  const update = useUpdateCustomField();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ id: field.id, body: { label, ...(field.type === 'select' ? { options: parseOptions(options) } : {}) } }, { onSuccess: onDone });
  }
  return (
    <li className="admin-list__item">
      <form className="admin-form" onSubmit={handleSubmit} aria-label={t('admin.fields.editLabel', { label: field.label })}>
        <Field label={t('admin.fields.label')}>
          {(control) => <TextInput {...control} required maxLength={100} value={label} onChange={(event) => setLabel(event.target.value)} />}
        </Field>
        {field.type === 'select' && (
          <Field label={t('admin.fields.options')} hint={t('admin.fields.optionsHint')}>
            {(control) => <TextArea {...control} required rows={4} value={options} onChange={(event) => setOptions(event.target.value)} />}
          </Field>
        )}
        <AdminFormActions submitLabel={t('common.save')} mutation={update} onCancel={onDone} />
      </form>
    </li>
  );
}

function AddFieldForm() {
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [type, setType] = useState<FieldType>('text');
  const [options, setOptions] = useState('');
  const create = useCreateCustomField();
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { key, label, type, options: type === 'select' ? parseOptions(options) : [] },
      {
        onSuccess: () => {
          setKey('');
          setLabel('');
          setType('text');
          setOptions('');
        },
      },
    );
  }
  return (
    <AdminCard title={t('admin.fields.add')} id="admin-add-field-heading">
      <form className="admin-form" onSubmit={handleSubmit} aria-labelledby="admin-add-field-heading">
        <div className="admin-form__row">
          <Field label={t('admin.fields.label')}>
            {(control) => <TextInput {...control} required maxLength={100} value={label} onChange={(event) => setLabel(event.target.value)} />}
          </Field>
          <Field label={t('admin.fields.key')} hint={t('admin.fields.keyHint')}>
            {(control) => (
              <TextInput {...control} required pattern="[a-z][a-z0-9_]{0,63}" autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} />
            )}
          </Field>
          <Field label={t('admin.fields.type')}>
            {(control) => <Select {...control} value={type} options={typeOptions} onChange={(event) => setType(event.target.value as FieldType)} />}
          </Field>
        </div>
        {type === 'select' && (
          <Field label={t('admin.fields.options')} hint={t('admin.fields.optionsHint')}>
            {(control) => <TextArea {...control} required rows={4} value={options} onChange={(event) => setOptions(event.target.value)} />}
          </Field>
        )}
        <AdminFormActions submitLabel={t('admin.fields.addSubmit')} mutation={create} />
      </form>
    </AdminCard>
  );
}
