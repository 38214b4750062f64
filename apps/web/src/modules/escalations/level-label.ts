import { t } from '../../i18n/i18n.ts';

/** "Level 2: Billing experts", "Level 3" (a level no longer defined) or "First line". */
export function levelLabel(level: number, name: string | null): string {
  if (level === 0) return t('escalations.panel.firstLine');
  return name ? t('escalations.panel.levelName', { level, name }) : t('escalations.panel.level', { level });
}
