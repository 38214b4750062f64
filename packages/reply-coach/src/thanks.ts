import { ngramFeatures, probability, tokens } from './linear-model.ts';
import { thanksModel } from './models/thanks.generated.ts';
import { normalise } from './sentences.ts';
import type { RawFinding, RuleContext } from './rule-context.ts';
import { wholeDraftSpan } from './rule-context.ts';

// Thanks in the languages of the built-in language profiles most used in support (P31).
const THANKS =
  /(?:\b(?:thank(?:s|ing| you| u|you|-you|ful)?|thanx|thx|thnx|ty|tks|tnx|cheers|appreciate[sd]?|appreciation|grateful|gratitude|much obliged|kudos|danke|dankeschön|vielen dank|merci|gracias|grazie|obrigad[oa]|bedankt|dank je|dank u|tack|takk|tak|kiitos|dziękuj\w*|dzięki|děkuj\w*|díky|köszön\w*|mulțumesc|multumesc|teşekkür\w*|teşekkürler|sağol|terima kasih|cảm ơn|salamat|asante|спасибо|благодар\w*|дякую|хвала|ευχαριστώ)\b|谢谢|謝謝|感谢|ありがとう|감사|고맙|شكرا|תודה|धन्यवाद|ขอบคุณ)/u;

// Sarcastic "thanks" is not gratitude. "No, thank you" still is: it politely closes the conversation.
const NOT_THANKS = /\b(?:thanks for nothing|thanks a lot for nothing|no thanks to (?:you|your))\b/;

// Praise for the help reads as thanks too: "you've been very helpful".
const PRAISE_FOR_HELP = /\b(?:you(?:'ve| have) been (?:(?:very|so|really|most|extremely|a) )*(?:great |big |huge )?help(?:ful)?|(?:great|big|huge) help|made my day|much appreciated)\b/;

/**
 * A customer closing a chat ("no, that's everything", "I'm all set"). In chat, this is the
 * customer's polite sign-off and dialogue annotation (SGD's THANK_YOU act) counts it as thanks.
 */
const CLOSING =
  /\b(?:that(?:'s| is|s| will be|'ll be| would be|'d be| should be| was) (?:all|it|everything)|(?:i'm|i am|we're|we are) (?:all set|good|fine)|all set|nothing (?:else|more|for now)|that (?:does|should do) it)\b/;
const SIGN_OFF = /\b(?:bye|goodbye|take care|have a (?:good|nice|great) (?:day|one|evening|night|weekend))\b/;
/** Warmer praise of the helper than PRAISE_FOR_HELP; the model weighs it (not the lexical check). */
const PRAISE_OF_HELPER =
  /\b(?:you(?:'ve| have) been (?:great|wonderful|amazing|fantastic|awesome|brilliant)|you helped (?:me )?(?:a lot|so much|greatly)|(?:your|the) help (?:was|has been|is) (?:great|invaluable|wonderful|amazing|fantastic|excellent)|you(?:'re| are) (?:the best|a star|awesome|amazing))\b/;
/**
 * Thanks that no chat-act reading undoes: a gratitude statement, or a text that opens with thanks
 * and asks for nothing more. The model (trained on SGD's act labels) would otherwise drop e.g.
 * "Thank you, the new battery works" because "works" mostly means "that works" (choosing an offer).
 */
const GRATITUDE_STATEMENT = /\b(?:(?:i|we) (?:really |truly |greatly |do )?(?:appreciate|am grateful|are grateful|am thankful|are thankful)|many thanks|cheers)\b/;
const OPENS_WITH_THANKS = /^\W*(?:thank you|thanks|many thanks|cheers)\b/;
const STARTS_AFFIRMING =
  /^\W*(?:yes|yeah|yep|yup|sure|ok|okay|great|perfect|sounds|that sounds|that works|that's (?:great|good|fine|perfect)|fine|good|cool|excellent|alright|all right)\b/;
const STARTS_DECLINING = /^\W*(?:no|nope|not|nothing|nah)\b/;
const ASKS_MORE = /\b(?:can you|could you|would you|i(?:'d| would) (?:also )?like|i want|i need to|please|also|what|how|when|where|which)\b/;

/**
 * Texts of at most this many words (chat turns, short requests) are scored by the learned model.
 * Longer messages use the lexical check alone: on them the model added nothing over the rule in
 * cross-validation and made the rsics figure depend on the seed (see eval/train-thanks.ts).
 */
export const THANKS_MODEL_MAX_WORDS = 12;

/** The lexical check: the text uses a word or phrase of thanks (not a sarcastic one). */
export function mentionsThanks(text: string): boolean {
  const normalised = normalise(text);
  if (PRAISE_FOR_HELP.test(normalised)) return true;
  if (!THANKS.test(normalised)) return false;
  const withoutDeclines = normalised.replace(new RegExp(NOT_THANKS.source, 'g'), ' ');
  return THANKS.test(withoutDeclines);
}

/** The learned model's features for a short text: rule hits, their combinations, length, n-grams. */
export function thanksFeatures(text: string): string[] {
  const normalised = normalise(text);
  const wordCount = tokens(text).length;
  const features: string[] = [];
  const thanks = mentionsThanks(text);
  const closing = CLOSING.test(normalised);
  const question = text.includes('?');
  const affirming = STARTS_AFFIRMING.test(normalised);
  const declining = STARTS_DECLINING.test(normalised);
  if (thanks) features.push('r:thanks');
  if (PRAISE_FOR_HELP.test(normalised) || PRAISE_OF_HELPER.test(normalised)) features.push('r:praise');
  if (closing) features.push('r:closing');
  if (SIGN_OFF.test(normalised)) features.push('r:sign_off');
  if (question) features.push('p:question');
  features.push(wordCount <= 4 ? 'len:xs' : 'len:s');
  if (thanks && closing) features.push('x:thanks_closing');
  if (thanks && question) features.push('x:thanks_question');
  if (thanks && affirming) features.push('x:thanks_affirm');
  if (thanks && declining) features.push('x:thanks_decline');
  if (thanks && ASKS_MORE.test(normalised)) features.push('x:thanks_asks_more');
  if (closing && declining) features.push('x:decline_closing');
  if (closing && affirming) features.push('x:affirm_closing');
  if (!thanks && !closing && declining && wordCount <= 6) features.push('x:bare_decline');
  if (!thanks && !closing && affirming && wordCount <= 6) features.push('x:bare_affirm');
  features.push(...ngramFeatures(text));
  return features;
}

/**
 * How `hasThanks` decides a text: 'rule' (long texts: the lexical check); for short texts 'plain'
 * (plainly thanks, see GRATITUDE_STATEMENT), 'model' (a thanks word, praise, a closing or a
 * goodbye: the learned model decides), or 'none' (no such cue: not thanks; the model would
 * otherwise learn that any short turn mentioning "today" closes a chat).
 */
export function thanksRoute(text: string): 'rule' | 'plain' | 'model' | 'none' {
  if (tokens(text).length > THANKS_MODEL_MAX_WORDS) return 'rule';
  const normalised = normalise(text);
  const thanks = mentionsThanks(text);
  if (thanks && (GRATITUDE_STATEMENT.test(normalised) || (OPENS_WITH_THANKS.test(normalised) && !text.includes('?') && !ASKS_MORE.test(normalised)))) {
    return 'plain';
  }
  const candidate = thanks || CLOSING.test(normalised) || SIGN_OFF.test(normalised) || PRAISE_OF_HELPER.test(normalised);
  return candidate ? 'model' : 'none';
}

/**
 * Whether a customer's message thanks (or, in chat, politely signs off). Short texts that thank or
 * close: a logistic regression over `thanksFeatures`, trained on dev by eval/train-thanks.ts, unless
 * the thanks is plain. Long texts: the lexical check.
 */
export function hasThanks(text: string): boolean {
  switch (thanksRoute(text)) {
    case 'rule':
      return mentionsThanks(text);
    case 'plain':
      return true;
    case 'none':
      return false;
    case 'model':
      return probability(thanksModel, thanksFeatures(text)) >= thanksModel.threshold;
  }
}

/**
 * A draft's thanks is checked lexically: an agent either writes thanks or does not. The learned
 * model also follows chat annotation quirks (a closing "that's all" counts as thanks; "sounds
 * good, thanks" with a follow-up question often does not) that are about customers, not drafts.
 */
export function missingThanksRule(context: RuleContext): RawFinding[] {
  if (context.draft.trim().length === 0 || mentionsThanks(context.draft)) return [];
  return [{
    rule: 'missing-thanks',
    ...wholeDraftSpan(context),
    message: 'Consider thanking them: for reporting this, for waiting, or for their business.',
    suggestion: 'For example: "Thanks for letting us know."',
  }];
}

