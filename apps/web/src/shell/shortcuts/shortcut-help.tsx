import { Fragment } from 'react';
import { Dialog } from '@rapport/ui/dialog';
import { Kbd } from '@rapport/ui/kbd';
import { t } from '../../i18n/i18n.ts';
import { keysOf, type Shortcut, type ShortcutScope } from './shortcut-registry.ts';
import { useRegisteredShortcuts } from './use-shortcut.ts';

const scopeTitles: Record<ShortcutScope, 'shortcuts.scope.global' | 'shortcuts.scope.inbox' | 'shortcuts.scope.ticket'> = {
  global: 'shortcuts.scope.global',
  inbox: 'shortcuts.scope.inbox',
  ticket: 'shortcuts.scope.ticket',
};

function ShortcutKeys({ shortcut }: { shortcut: Shortcut }) {
  const keys = keysOf(shortcut);
  return (
    <>
      {keys.map((key, index) => (
        <Fragment key={`${key}-${index}`}>
          {index > 0 && <span className="shortcut-help__then"> {t('shortcuts.help.then')} </span>}
          <Kbd>{key}</Kbd>
        </Fragment>
      ))}
    </>
  );
}

/** Lists every shortcut registered right now (so what it shows is what works on this screen). Mount it to open it. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const shortcuts = useRegisteredShortcuts();
  const scopes = [...new Set(shortcuts.map((shortcut) => shortcut.scope))];
  return (
    <Dialog title={t('shortcuts.help.title')} onClose={onClose} closeLabel={t('common.close')} className="shortcut-help">
      <p>{t('shortcuts.help.intro')}</p>
      {scopes.map((scope) => (
        <section key={scope} aria-labelledby={`shortcut-scope-${scope}`}>
          <h3 id={`shortcut-scope-${scope}`} className="shortcut-help__scope">
            {t(scopeTitles[scope])}
          </h3>
          <dl className="shortcut-help__list" data-testid={`shortcuts-${scope}`}>
            {shortcuts
              .filter((shortcut) => shortcut.scope === scope)
              .map((shortcut) => (
                <div key={`${shortcut.scope}-${shortcut.keys}`} className="shortcut-help__item">
                  <dt>
                    <ShortcutKeys shortcut={shortcut} />
                  </dt>
                  <dd>{shortcut.description}</dd>
                </div>
              ))}
          </dl>
        </section>
      ))}
    </Dialog>
  );
}
