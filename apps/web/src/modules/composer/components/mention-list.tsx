import { t } from '../../../i18n/i18n.ts';
import type { Mentionable } from '../mentions.ts';

/**
 * The @mention suggestions under the note's text box (listbox pattern; the text box keeps focus and
 * points at the active option with aria-activedescendant, arrows move, Enter or Tab picks, Escape closes).
 */
export function MentionList({ id, members, activeIndex, query, onPick }: { id: string; members: readonly Mentionable[]; activeIndex: number; query: string; onPick: (member: Mentionable) => void }) {
  return (
    <div className="mention-list">
      <ul id={id} role="listbox" aria-label={t('composer.mention.listLabel')} className="mention-list__options">
        {members.map((member, index) => (
          <li
            key={member.id}
            id={`${id}-${member.id}`}
            role="option"
            aria-selected={index === activeIndex}
            className="mention-list__option"
            // mousedown, so the text box does not lose focus before the pick
            onMouseDown={(event) => {
              event.preventDefault();
              onPick(member);
            }}
          >
            <span className="mention-list__name">{member.name}</span> <span className="mention-list__email">{member.email}</span>
          </li>
        ))}
      </ul>
      {members.length === 0 && <p className="mention-list__empty">{t('composer.mention.none', { query })}</p>}
    </div>
  );
}
