import { ngramFeatures, probability, tokens } from './linear-model.ts';
import { thanksInReplyModel } from './models/thanks-in-reply.generated.ts';
import { thanksModel } from './models/thanks.generated.ts';
import { normalise, splitSentences } from './sentences.ts';
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
 * What a customer's short reply answers, when the agent's message it replies to is known. A
 * "thanks" that answers an offer or a request to confirm ("Yes, thanks!" to "Shall I book it?")
 * accepts it, and the agent has work to do; a "no, that's all" to "Anything else?" closes the
 * conversation. Chat annotation (SGD) labels them so: thanks after an offer is almost never a
 * THANK_YOU act, a bare "no" after "anything else?" almost always is.
 */
export type ThanksContext = {
  /** The agent's message the customer's text replies to (its closing part is what counts). */
  previousAgentText?: string;
};

const AGENT_ASKS_ANYTHING_ELSE =
  /\b(?:anything else|something else|anything more|anything further|help you with|assist you with|need anything|else i can|still need|further assist|other help)\b/;
const AGENT_OFFERS = /\b(?:would you like|do you want|shall i|should i|want me to|like me to|would you care|are you interested|how about)\b/;
const AGENT_ASKS_TO_CONFIRM = /\b(?:please confirm|confirm\b|is that (?:right|correct)|correct\?)/;
const AGENT_REPORTS_DONE = /\b(?:successfully|has been|have been|is confirmed|booked|reserved|is set|all done|done)\b/;
/**
 * A line that only signs off an e-mail ("Best regards,", "Thanks,"); it and what follows are the
 * signature. Looked for in the last SIGNATURE_LINES lines only, so a "Thank you!" line near the top
 * of a long message does not cut it.
 */
const VALEDICTION_LINE =
  /^\s*(?:--\s*|best|best regards|best wishes|kind regards|warm regards|regards|cheers|sincerely|yours(?: sincerely| truly)?|thanks|thank you|many thanks|all the best|take care)[\s,.!]*$/i;
const SIGNATURE_LINES = 8;
const CLOSING_PART_SENTENCES = 2;

/**
 * The part of an agent's message that a short reply answers: its last two sentences, with the
 * signature (from a sign-off line such as "Best regards," on) left out.
 */
export function closingPart(agentText: string): string {
  const lines = agentText.split('\n');
  const firstCandidate = Math.max(1, lines.length - SIGNATURE_LINES);
  const signatureAt = lines.findIndex((line, index) => index >= firstCandidate && VALEDICTION_LINE.test(line));
  const body = (signatureAt > 0 ? lines.slice(0, signatureAt) : lines).join('\n');
  return splitSentences(body)
    .slice(-CLOSING_PART_SENTENCES)
    .map((sentence) => sentence.text)
    .join(' ');
}

/** What the agent's message ends with: its closing part, whether it asks ("?"), and its kinds. */
type AgentReading = { closing: string; asks: boolean; kinds: string[] };

function readAgentMessage(previousAgentText: string): AgentReading {
  const closing = closingPart(previousAgentText);
  const normalised = normalise(closing);
  const asks = closing.includes('?');
  const kinds: string[] = [];
  if (AGENT_ASKS_ANYTHING_ELSE.test(normalised)) kinds.push('else');
  if (AGENT_OFFERS.test(normalised)) kinds.push('offer');
  if (AGENT_ASKS_TO_CONFIRM.test(normalised)) kinds.push('confirm');
  if (AGENT_REPORTS_DONE.test(normalised)) kinds.push('done');
  if (kinds.length === 0) kinds.push(asks ? 'question' : 'statement');
  return { closing, asks, kinds };
}

/** Whether the agent's message ends by asking, offering or asking to confirm. */
function agentAsks(previousAgentText: string): boolean {
  const { asks, kinds } = readAgentMessage(previousAgentText);
  return asks || kinds.includes('offer') || kinds.includes('confirm');
}

/** Features of the agent's closing part, alone and crossed with how the reply opens. */
function contextFeatures(previousAgentText: string, thanks: boolean, declining: boolean, affirming: boolean): string[] {
  const { closing, asks, kinds } = readAgentMessage(previousAgentText);
  const features = ['c:known'];
  if (asks) features.push('c:asks');
  for (const kind of kinds) {
    features.push(`c:${kind}`);
    if (thanks) features.push(`cx:${kind}_thanks`);
    if (declining) features.push(`cx:${kind}_decline`);
    if (affirming) features.push(`cx:${kind}_affirm`);
  }
  for (const feature of ngramFeatures(closing)) if (!feature.startsWith('f:')) features.push(`c${feature}`);
  return features;
}

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

/**
 * The learned model's features for a short text: rule hits, their combinations, length, n-grams,
 * and, when known, what the agent's previous message asked.
 */
export function thanksFeatures(text: string, context: ThanksContext = {}): string[] {
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
  if (context.previousAgentText !== undefined) features.push(...contextFeatures(context.previousAgentText, thanks, declining, affirming));
  return features;
}

/**
 * How `hasThanks` decides a text: 'rule' (long texts: the lexical check); for short texts 'plain'
 * (plainly thanks, see GRATITUDE_STATEMENT), 'model' (a thanks word, praise, a closing or a
 * goodbye: the learned model decides), or 'none' (no such cue: not thanks; the model would
 * otherwise learn that any short turn mentioning "today" closes a chat). When the agent's previous
 * message is known, the model decides every short text except plain thanks for a message that asked
 * nothing: plain thanks can accept an offer, and a bare "no" can answer "anything else?".
 */
export function thanksRoute(text: string, context: ThanksContext = {}): 'rule' | 'plain' | 'model' | 'none' {
  if (tokens(text).length > THANKS_MODEL_MAX_WORDS) return 'rule';
  const normalised = normalise(text);
  const thanks = mentionsThanks(text);
  const plain = thanks && (GRATITUDE_STATEMENT.test(normalised) || (OPENS_WITH_THANKS.test(normalised) && !text.includes('?') && !ASKS_MORE.test(normalised)));
  if (context.previousAgentText !== undefined) {
    if (plain && !agentAsks(context.previousAgentText)) return 'plain';
    return 'model';
  }
  if (plain) return 'plain';
  const candidate = thanks || CLOSING.test(normalised) || SIGN_OFF.test(normalised) || PRAISE_OF_HELPER.test(normalised);
  return candidate ? 'model' : 'none';
}

/**
 * Whether a customer's message thanks (or, in chat, politely signs off). Short texts that thank or
 * close: a logistic regression over `thanksFeatures`, trained on dev by eval/train-thanks.ts, unless
 * the thanks is plain. With the agent's previous message known, a second model (trained with each
 * SGD turn's previous system turn) decides every short text but plain thanks to a message that
 * asked nothing. Long texts: the lexical check.
 */
export function hasThanks(text: string, context: ThanksContext = {}): boolean {
  switch (thanksRoute(text, context)) {
    case 'rule':
      return mentionsThanks(text);
    case 'plain':
      return true;
    case 'none':
      return false;
    case 'model': {
      const model = context.previousAgentText === undefined ? thanksModel : thanksInReplyModel;
      return probability(model, thanksFeatures(text, context)) >= model.threshold;
    }
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

