import { normalise } from './sentences.ts';
import type { RawFinding, RuleContext } from './rule-context.ts';
import { wholeDraftSpan } from './rule-context.ts';

// Thanks in the languages of the built-in language profiles most used in support (P31).
const THANKS =
  /(?:\b(?:thank(?:s|ing| you| u|you|-you)?|thanx|thx|thnx|ty|tks|tnx|cheers|appreciate[sd]?|appreciation|grateful|gratitude|much obliged|kudos|danke|dankeschön|vielen dank|merci|gracias|grazie|obrigad[oa]|bedankt|dank je|dank u|tack|takk|tak|kiitos|dziękuj\w*|dzięki|děkuj\w*|díky|köszön\w*|mulțumesc|multumesc|teşekkür\w*|teşekkürler|sağol|terima kasih|cảm ơn|salamat|asante|спасибо|благодар\w*|дякую|хвала|ευχαριστώ)\b|谢谢|謝謝|感谢|ありがとう|감사|고맙|شكرا|תודה|धन्यवाद|ขอบคุณ)/u;

// Sarcastic "thanks" is not gratitude. "No, thank you" still is: it politely closes the conversation.
const NOT_THANKS = /\b(?:thanks for nothing|thanks a lot for nothing|no thanks to (?:you|your))\b/;

// Praise for the help reads as thanks too: "you've been very helpful".
const PRAISE_FOR_HELP = /\b(?:you(?:'ve| have) been (?:(?:very|so|really|most|extremely|a) )*(?:great |big |huge )?help(?:ful)?|(?:great|big|huge) help|made my day|much appreciated)\b/;

export function hasThanks(text: string): boolean {
  const normalised = normalise(text);
  if (PRAISE_FOR_HELP.test(normalised)) return true;
  if (!THANKS.test(normalised)) return false;
  const withoutDeclines = normalised.replace(new RegExp(NOT_THANKS.source, 'g'), ' ');
  return THANKS.test(withoutDeclines);
}

export function missingThanksRule(context: RuleContext): RawFinding[] {
  if (context.draft.trim().length === 0 || hasThanks(context.draft)) return [];
  return [{
    rule: 'missing-thanks',
    ...wholeDraftSpan(context),
    message: 'Consider thanking them: for reporting this, for waiting, or for their business.',
    suggestion: 'For example: "Thanks for letting us know."',
  }];
}
