import { useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { navigate } from '../../router/router.tsx';
import { getLastInboxPath } from '../navigation-memory.ts';
import { ShortcutHelp } from './shortcut-help.tsx';
import { useShortcut, useShortcutListener } from './use-shortcut.ts';
import './shortcut-help.css';

/** The id of the sidebar's search field, which `/` focuses. */
export const searchInputId = 'shell-search-input';

/**
 * Mounted once by the app shell: installs the shortcut listener, the global shortcuts
 * (g i inbox, / search, ? help) and the help overlay.
 */
export function GlobalShortcuts() {
  const [isHelpOpen, setHelpOpen] = useState(false);
  useShortcutListener();
  useShortcut('g i', t('shortcuts.global.goInbox'), 'global', () => navigate(getLastInboxPath()));
  useShortcut('/', t('shortcuts.global.search'), 'global', () => {
    const input = document.getElementById(searchInputId);
    if (input) input.focus();
    else navigate('/search');
  });
  useShortcut('?', t('shortcuts.global.help'), 'global', () => setHelpOpen(true));
  return isHelpOpen ? <ShortcutHelp onClose={() => setHelpOpen(false)} /> : null;
}
