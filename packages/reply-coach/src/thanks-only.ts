import { tokens } from './linear-model.ts';
import { classifyAsk } from './questions.ts';
import { normalise, splitSentences } from './sentences.ts';
import { hasThanks, type ThanksContext } from './thanks.ts';

// Words that turn a thank-you into news the agent must act on: "thanks, but it still fails".
const NOT_SETTLED =
  /\b(?:but|however|though|although|still|again|yet|anymore|any more|problem|issue|error|wrong|broken|missing|refund|cancel|not|no longer|never|doesn't|does not|didn't|did not|isn't|is not|won't|will not|can't|cannot|couldn't|haven't|hasn't|wasn't|aren't)\b/;
const THANKS_ONLY_MAX_WORDS = 25;

/**
 * Whether a customer's reply only thanks us or closes the conversation ("Thanks, that fixed it!",
 * "No, that's all, thank you"): short, thanks per `hasThanks`, no question or request, and nothing
 * that reports a remaining problem. The server keeps a solved ticket solved on such a reply, so a
 * polite "thank you" neither reopens it nor counts as a reopen (P20). Errs towards reopening.
 * With the agent's message it replies to, "Yes, thanks!" accepting an offer is not thanks only.
 */
export function isThanksOnly(text: string, context: ThanksContext = {}): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0 || tokens(trimmed).length > THANKS_ONLY_MAX_WORDS) return false;
  if (trimmed.includes('?') || NOT_SETTLED.test(normalise(trimmed))) return false;
  if (!hasThanks(trimmed, context)) return false;
  return !splitSentences(trimmed).some((sentence) => classifyAsk(sentence.text) !== null);
}
