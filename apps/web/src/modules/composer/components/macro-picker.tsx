import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { MacroCategory, MacroDto } from '@rapport/contracts/composer';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Spinner } from '@rapport/ui/spinner';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';
import { macrosQueryKey } from '../../macros/hooks/use-macros.ts';
import { composerApi } from '../composer-api.ts';

/** Shared macros and the agent's own, most used first within a search. */
function useMacroList() {
  const workspaceId = useWorkspaceId();
  return useQuery({ queryKey: macrosQueryKey(workspaceId), queryFn: ({ signal }) => composerApi.listMacros(signal), staleTime: 60_000 });
}

function matches(macro: MacroDto, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  return macro.name.toLowerCase().includes(needle) || macro.body.toLowerCase().includes(needle);
}

/**
 * The macro picker (button or Ctrl+Shift+M in the composer): a modal dialog with a search box that
 * filters a listbox; arrows move, Enter inserts, Escape closes and focus returns to the composer.
 * With a category it offers only those (the "Clarifying question" button: clarifying snippets, P10).
 */
export function MacroPicker({ onPick, onClose, category }: { onPick: (macro: MacroDto) => void; onClose: () => void; category?: MacroCategory }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const onCloseRef = useRef(onClose);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const macros = useMacroList();
  const id = useId();
  const listId = `${id}-list`;

  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    search.current?.focus();
    // A close event queued by an earlier close (a re-run of this effect) must not close the reopened dialog.
    const handleClose = () => {
      if (!element.open) onCloseRef.current();
    };
    element.addEventListener('close', handleClose);
    return () => {
      element.removeEventListener('close', handleClose);
      if (element.open) element.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const visible = useMemo(() => {
    const items = (macros.data?.items ?? []).filter((macro) => !category || macro.category === category);
    return items.filter((macro) => matches(macro, query)).sort((left, right) => right.usageCount - left.usageCount || left.name.localeCompare(right.name));
  }, [macros.data, query, category]);
  const activeIndex = Math.min(active, Math.max(visible.length - 1, 0));
  const activeMacro = visible[activeIndex];

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (visible.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + visible.length) % visible.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (activeMacro) onPick(activeMacro);
    } else if (event.key === 'Home' || event.key === 'End') {
      if (visible.length === 0) return;
      event.preventDefault();
      setActive(event.key === 'Home' ? 0 : visible.length - 1);
    }
  }

  return (
    <dialog ref={dialog} className="macro-picker" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="macro-picker__title">
        {category === 'clarifying' ? t('waiting.clarifying.title') : t('composer.macros.title')}
      </h2>
      <label htmlFor={`${id}-search`} className="rp-label">
        {t('composer.macros.search')}
      </label>
      <input
        ref={search}
        id={`${id}-search`}
        className="rp-input"
        type="search"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeMacro ? `${id}-option-${activeMacro.id}` : undefined}
        autoComplete="off"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={handleKeyDown}
      />
      {macros.isPending && <Spinner label={t('composer.macros.loading')} isLabelVisible />}
      {macros.isError && <Alert>{describeError(macros.error)}</Alert>}
      <ul id={listId} role="listbox" aria-label={t('composer.macros.listLabel')} className="macro-picker__list">
        {visible.map((macro, index) => (
          <li
            key={macro.id}
            id={`${id}-option-${macro.id}`}
            role="option"
            aria-selected={index === activeIndex}
            className="macro-picker__option"
            onMouseMove={() => setActive(index)}
            onClick={() => onPick(macro)}
          >
            <span className="macro-picker__name">{macro.name}</span>
            <span className="macro-picker__meta">
              {macro.scope === 'personal' ? `${t('composer.macros.personal')} · ` : ''}
              {t('composer.macros.uses', { count: macro.usageCount })}
            </span>
            <span className="macro-picker__preview">{macro.body.length > 120 ? `${macro.body.slice(0, 117)}…` : macro.body}</span>
          </li>
        ))}
      </ul>
      {macros.isSuccess && visible.length === 0 && (
        <p className="macro-picker__empty">{(macros.data.items.length === 0 ? t('composer.macros.none') : t('composer.macros.empty'))}</p>
      )}
      <div className="macro-picker__actions">
        <Button onClick={() => dialog.current?.close()}>{t('composer.macros.close')}</Button>
      </div>
    </dialog>
  );
}
