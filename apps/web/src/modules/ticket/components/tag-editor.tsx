import { useId, useRef, useState, type FormEvent } from 'react';
import { TagName } from '@rapport/contracts/tickets';
import { TagBadge } from '@rapport/ui/badge';
import { Button, IconButton } from '@rapport/ui/button';
import { Field } from '@rapport/ui/field';
import { CloseIcon } from '@rapport/ui/icons';
import { TextInput } from '@rapport/ui/text-input';
import { useTags } from '../hooks/use-tags.ts';
import { t } from '../../../i18n/i18n.ts';

export interface TagEditorProps {
  tags: readonly string[];
  onAdd: (tag: string) => void;
  onRemove: (tag: string) => void;
}

export function TagEditor({ tags, onAdd, onRemove }: TagEditorProps) {
  const knownTags = useTags();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const suggestionsId = useId();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft.trim()) return;
    // The same rule the API applies, so the agent learns it before a round trip.
    const parsed = TagName.safeParse(draft);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? t('ticket.tags.invalid'));
      return;
    }
    setError(null);
    setDraft('');
    if (!tags.includes(parsed.data)) onAdd(parsed.data);
  }

  function handleRemove(tag: string) {
    onRemove(tag);
    // The button that had focus is about to disappear; keep the keyboard user in the editor.
    inputRef.current?.focus();
  }

  return (
    <div className="tag-editor">
      {tags.length > 0 ? (
        <ul className="tag-editor__list" aria-label={t('ticket.tags.list')}>
          {tags.map((tag) => (
            <li key={tag} className="tag-editor__tag">
              <TagBadge name={tag} />
              <IconButton
                size="sm"
                label={t('ticket.tags.remove', { tag })}
                icon={<CloseIcon />}
                onClick={() => handleRemove(tag)}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="tag-editor__empty">{t('ticket.tags.none')}</p>
      )}
      <form className="tag-editor__form" onSubmit={handleSubmit}>
        <Field label={t('ticket.tags.add')} isLabelHidden error={error}>
          {(control) => (
            <TextInput
              {...control}
              ref={inputRef}
              placeholder={t('ticket.tags.placeholder')}
              list={suggestionsId}
              value={draft}
              autoComplete="off"
              onChange={(event) => {
                setDraft(event.target.value);
                setError(null);
              }}
            />
          )}
        </Field>
        <Button type="submit" size="sm">
          {t('ticket.tags.addButton')}
        </Button>
        <datalist id={suggestionsId}>
          {(knownTags.data ?? [])
            .filter((tag) => !tags.includes(tag))
            .slice(0, 50)
            .map((tag) => (
              <option key={tag} value={tag} />
            ))}
        </datalist>
      </form>
    </div>
  );
}
