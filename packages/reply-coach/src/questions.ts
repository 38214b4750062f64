import type { ConversationMessage } from './coach-types.ts';
import { normalise, splitSentences, type Sentence } from './sentences.ts';
import { ngramFeatures, probability, tokens } from './linear-model.ts';
import { askModel } from './models/ask.generated.ts';
import { contentStems } from './text-features.ts';

export type QuestionKind = 'question' | 'request';

export type ExtractedQuestion = {
  text: string;
  fromMessage: number;
  kind: QuestionKind;
};

// Sentence openers that make a question even without "?", common in chat and mobile mail.
const QUESTION_OPENER =
  /^(?:and |but |so |also |ok(?:ay)?,? |hi,? |hello,? )?(?:what|when|where|who|whom|whose|why|which|how|is|are|was|were|do|does|did|can|could|would|will|shall|should|may|have|has|had|isn't|aren't|doesn't|don't|didn't|won't|wouldn't|can't|couldn't)\b/;

const WH_QUESTION =
  /^(?:and |but |so |also |ok(?:ay)?,? )?(?:what|when|where|which|how|who)(?: (?:time|day|date|kind|type|sort|much|many|long|about))? (?:is|are|was|were|do|does|did|can|could|would|will|should|time|about)\b/;

// Questions that read as questions whatever the final punctuation.
const AUX_QUESTION =
  /^(?:and |but |so |also )?(?:did you|do you|have you|are you|were you|is there|are there|can we|could we|shall we|should we|can i|could i|may i|is it possible|would it be possible)\b/;

// Requests without "?": polite imperatives, wants and needs. Written for support mail. Each hit is
// also a feature of the learned model (`r:<name>`), which weighs them against the sentence's words.
const REQUEST_PATTERNS: [string, RegExp][] = [
  ['please', /\b(?:please|pls|plz|kindly)\b(?! (?:find|see|note|ignore|disregard|be advised|accept my|excuse|forgive))/],
  ['can-you', /\b(?:can|could|would|will) (?:you|u|someone|somebody|anyone|anybody|one of you)\b/],
  ['let-me-know', /\b(?:let me know|lmk|get back to me|advise me|inform me|keep me (?:posted|updated|informed))\b/],
  ['i-would-like', /\bi(?:'d| would) (?:like|love|want|appreciate|be grateful)\b/],
  ['we-would-like', /\bwe(?:'d| would) (?:like|appreciate|be grateful)\b/],
  ['i-need', /\bi (?:need|want|require|request|am requesting|am asking|ask that|expect)\b/],
  ['i-am-looking', /\b(?:i'm|i am) (?:looking for|trying to (?:find|get|figure)|asking|requesting|wondering)\b/],
  ['wondering', /\bi was wondering\b/],
  ['possible', /\b(?:is|would) it (?:be )?possible\b/],
  ['any-chance', /\b(?:any chance|any idea|any update|any news|any word)\b/],
  ['need-to-know', /\bneed (?:to know|your|you to|help|a)\b/],
  ['want-to-know', /\bwant to know\b/],
  ['appreciate', /\b(?:i|we) (?:would|do|will|'d) appreciate\b/],
  ['appreciate-it', /\bappreciate (?:it|your|any|if)\b/],
  ['mind', /\b(?:do|would) you mind\b/],
  ['make-sure', /\bmake sure (?:that |you )\b/],
  ['hesitate', /\b(?:don't|do not) hesitate\b/],
  ['suggest', /\b(?:it would be (?:great|good|nice|helpful|useful)|it might be (?:useful|good|worth)|you (?:may|might) want to|you should|you'll want to|we should|let's|let us)\b/],
  ['writing-to-ask', /\b(?:writing to (?:request|ask)|request (?:a|your|that)|appreciate (?:\w+ )?(?:minutes|time|help|feedback|input|thoughts))\b/],
  ['comma-imperative', /,\s*(?:please )?(?:call|click|e-?mail|give|visit|contact|send|let|reply|write|text|ring|page)\b/],
  ['call-me', /\b(?:give me a (?:call|ring|buzz|shout)|call me|e-?mail me|text me|page me|ping me|drop me)\b/],
  ['lets', /\b(?:lets|let's) (?:discuss|talk|meet|schedule|set|plan|get|have|try|go|make|review)\b/],
  ['hope-you-can', /\b(?:hope|hoping) (?:you|that you) (?:can|could|will|would)\b/],
  ['grateful', /\b(?:would|will|'d) be (?:most |very |extremely |really )?(?:grateful|thankful|obliged)\b/],
  ['help-appreciated', /\b(?:help|input|feedback|assistance|data|information|info) (?:you can (?:give|provide|offer) )?(?:me |us )?(?:is|will be|would be) (?:greatly |much |very )?(?:appreciated|helpful|welcome)\b/],
  ['you-can-act', /\byou can (?:simply |also |always )?(?:call|contact|reach|catch|e-?mail|find me|visit|download|click|get started|sign up|cancel|check out|pre-?order|order|upgrade|apply)\b/],
  ['happy-to-help', /\b(?:i'm|i am|we're|we are|be|i'd be|we'd be|i would be|we would be) (?:very |more than |always )?(?:happy|glad|pleased) to (?:help|talk|discuss|answer|assist|meet|chat)\b/],
  ['urgent', /\b(?:asap|as soon as possible|urgent(?:ly)?|right away)\b/],
  ['reached', /\b(?:i|we) can be reached\b/],
  ['contact-us', /\b(?:expect a call|get in touch|reach out to (?:me|us)|contact (?:me|us))\b/],
];

// Imperatives that open a request ("Send me the invoice."). Only checked at the start of a sentence.
const IMPERATIVE_OPENER =
  /^(?:and |also |so |then )?(?:send|give|tell|show|call|email|e-mail|mail|phone|cancel|refund|fix|update|change|check|confirm|explain|provide|forward|book|reserve|find|help|contact|resend|replace|remove|delete|add|review|advise|arrange|reply|respond|return|close|reopen|activate|deactivate|reset|unlock|escalate|schedule|ship|deliver|charge|credit|issue|process|look into|sort out|get back|fill|sign|submit|print|fax|let me know|let us know|feel free|remember|don't forget|do not forget|note that|apply|download|visit|shop|upgrade|use|learn|take|finish|check out|checkout|join|keep|sign up|register|try|order|buy|get|go|come|bring|pick|stop|start|make sure|be sure|grab|claim|save|enjoy|discover|request|ask|consider|please(?! (?:find|see|note|ignore|disregard|be advised|accept my|excuse|forgive)))\b/;

const NOT_A_REQUEST = /^(?:thank|thanks|cheers|regards|best|sincerely|sent from)\b/;

// Mailing-list boilerplate quoted in messages asks nothing of the person reading the ticket.
const BOILERPLATE =
  /\b(?:add [^ ]+@[^ ]+|(?:address book|safe sender|white ?list)|unsubscribe|opt[- ]out|no longer (?:wish to )?receive|stop (?:future |these |receiving )|disable (?:these )?notifications|wish to not receive|to ensure (?:future )?delivery)\b/;

// Covering notes ("Please find attached…", "Please note that…") tell; they ask nothing.
const FYI = /^(?:please |kindly )?(?:find|see) (?:\w+ )?(?:attached|enclosed|below)\b|^attached (?:is|are|please)\b|^(?:please|kindly) (?:note|be advised)\b/;

// A link (or the corpus's "$LINK" placeholder for one): newsletter imperatives around links rarely ask us.
const LINK = /\$link\b|https?:\/\/|\bwww\.|\b[\w-]+\.(?:com|net|org|io)\b/;

type AskAnalysis = {
  /** The normalised sentence, its leading thanks clause, punctuation, greeting or addressee ("Maria, …") removed. */
  stripped: string;
  /** Hard exclusions: sign-offs and mailing-list boilerplate never ask. */
  isExcluded: boolean;
  /** Reads as a question (a "?", or a question opener) rather than a request. */
  isQuestionForm: boolean;
  /** Names of the hand-written rules that fire, each a model feature. */
  hits: string[];
  /** What the hand-written rules alone decide. */
  ruleKind: QuestionKind | null;
  /** A direct question or request: asks whatever the model says (see DIRECT_REQUESTS). */
  isDirect: boolean;
};

// Requests that ask outright ("Can you…", "Let me know…", "I want to know…", an imperative opener).
// With question forms they are decided by rule: grouped CV on parakweet dev scores the same with
// them hard-wired, and they keep direct customer asks in chat-style support messages.
const DIRECT_REQUESTS = new Set(['imperative', 'can-you', 'let-me-know', 'want-to-know', 'need-to-know']);

function analyse(sentence: string): AskAnalysis {
  // "Thanks, and can you also…" still asks; drop the thanks clause and look at the rest.
  const text = normalise(sentence).trim().replace(/^(?:thanks?|thank you)(?: (?:so|very) much)?(?: for [^,.]*)?[,.!]?\s*(?:and |also |but )*/, '');
  // A leading name ("Christy, can we…") or greeting does not change what the sentence asks.
  const stripped = text.replace(/^[^\p{L}]+/u, '').replace(/^(?:hi |hello |hey |dear )?\p{L}+,\s+(?=\p{L})/u, '');
  const hits: string[] = [];
  const isShort = text.length < 3;
  const isSignOff = NOT_A_REQUEST.test(text);
  const isBoilerplate = BOILERPLATE.test(text);
  const isCoveringNote = FYI.test(stripped);
  if (isSignOff) hits.push('sign-off');
  if (isBoilerplate) hits.push('boilerplate');
  if (isCoveringNote) hits.push('covering-note');
  const hasQuestionMark = text.includes('?');
  if (hasQuestionMark) hits.push('qmark');
  const isOpenQuestion = QUESTION_OPENER.test(stripped) && !/[.!]$/.test(stripped);
  if (QUESTION_OPENER.test(stripped)) hits.push(isOpenQuestion ? 'q-opener' : 'q-opener-stop');
  // Chat users often end a real question with a full stop: "What time does it open."
  const isWh = WH_QUESTION.test(stripped);
  const isAux = AUX_QUESTION.test(stripped);
  if (isWh) hits.push('wh');
  if (isAux) hits.push('aux');
  const isImperative = IMPERATIVE_OPENER.test(stripped);
  if (isImperative) hits.push('imperative');
  let isRequest = false;
  for (const [name, pattern] of REQUEST_PATTERNS) {
    if (pattern.test(text)) {
      hits.push(name);
      isRequest = true;
    }
  }
  if (LINK.test(text)) hits.push('link');
  const isExcluded = isShort || isSignOff || isBoilerplate || isCoveringNote;
  const isQuestionForm = hasQuestionMark || isOpenQuestion || isWh || isAux;
  const ruleKind: QuestionKind | null = isExcluded ? null : isQuestionForm ? 'question' : isImperative || isRequest ? 'request' : null;
  const isDirect = ruleKind !== null && (ruleKind === 'question' || hits.some((hit) => DIRECT_REQUESTS.has(hit)));
  return { stripped, isExcluded, isQuestionForm, hits, ruleKind, isDirect };
}

function lengthBucket(wordCount: number): string {
  if (wordCount <= 3) return 'x:len:3';
  if (wordCount <= 6) return 'x:len:6';
  if (wordCount <= 12) return 'x:len:12';
  if (wordCount <= 20) return 'x:len:20';
  if (wordCount <= 35) return 'x:len:35';
  return 'x:len:long';
}

// Where a later clause starts: "If you have questions, please call" asks in its second clause.
const CLAUSE_BREAK = /[,;:()\u2013\u2014-]+|\b(?:and|but|so)\b/;

function featuresOf(sentence: string, analysis: AskAnalysis): string[] {
  const features = ngramFeatures(analysis.stripped);
  // The first two words of every later clause, and the last two words of the sentence.
  for (const clause of analysis.stripped.split(CLAUSE_BREAK).slice(1)) {
    const words = tokens(clause);
    if (words[0]) features.push(`c:${words[0]}`);
    if (words[1]) features.push(`c:${words[0]}_${words[1]}`);
  }
  const words = tokens(analysis.stripped).filter((word) => word !== '?' && word !== '!');
  const last = words.at(-1);
  const beforeLast = words.at(-2);
  if (last) features.push(`l:${last}`);
  if (last && beforeLast) features.push(`l:${beforeLast}_${last}`);
  for (const hit of analysis.hits) features.push(`r:${hit}`);
  features.push(`r:kind:${analysis.ruleKind ?? 'none'}`);
  features.push(lengthBucket(words.length));
  const trimmed = sentence.trim();
  const end = trimmed.at(-1) ?? '';
  features.push(`x:end:${end === '?' || end === '.' || end === '!' ? end : /\p{L}/u.test(end) ? 'letter' : 'other'}`);
  const letters = trimmed.replace(/[^\p{L}]/gu, '');
  const capitals = trimmed.replace(/[^\p{Lu}]/gu, '');
  if (letters.length >= 8 && capitals.length / letters.length > 0.3) features.push('x:shouting');
  if ((/\b[\p{Lu}][\p{Ll}]+(?: [\p{Lu}][\p{Ll}]+){3,}/u).test(trimmed)) features.push('x:title-case');
  if (/\d/.test(trimmed)) features.push('x:digit');
  return features;
}

/** The learned model's features for one sentence (rule hits, word n-grams, shape). Used by the trainer. */
export function askFeatures(sentence: string): string[] {
  return featuresOf(sentence, analyse(sentence));
}

/**
 * The hard rules applied before the model: `false` for sign-offs, boilerplate and fragments (never an
 * ask), `true` for direct questions and requests, `undefined` when the model decides.
 */
export function hardAskDecision(sentence: string): boolean | undefined {
  const analysis = analyse(sentence);
  if (analysis.isExcluded) return false;
  return analysis.isDirect ? true : undefined;
}

/** What the hand-written rules alone decide; kept for the trainer's comparison figure. */
export function classifyAskByRules(sentence: string): QuestionKind | null {
  return analyse(sentence).ruleKind;
}

/**
 * Classifies one sentence as a question, a request, or neither. Exported for the evaluation and the
 * server (routing can count open asks). Sign-offs and boilerplate never ask, direct questions and
 * requests always do; otherwise a logistic model over the rules' hits and the sentence's words
 * decides (src/models/ask.generated.ts). The sentence's form says which kind of ask it is.
 */
export function classifyAsk(sentence: string): QuestionKind | null {
  // The conversation does not change while the agent types, so each sentence is classified once.
  const cached = askCache.get(sentence);
  if (cached !== undefined) return cached;
  const kind = classifyUncached(sentence);
  if (askCache.size >= ASK_CACHE_SIZE) askCache.clear();
  askCache.set(sentence, kind);
  return kind;
}

const ASK_CACHE_SIZE = 2000;
const askCache = new Map<string, QuestionKind | null>();

function classifyUncached(sentence: string): QuestionKind | null {
  const analysis = analyse(sentence);
  if (analysis.isExcluded) return null;
  // A customer's direct question or request always waits for an answer.
  if (!analysis.isDirect && probability(askModel, featuresOf(sentence, analysis)) < askModel.threshold) return null;
  return analysis.isQuestionForm ? 'question' : 'request';
}

/**
 * Customer messages that still wait for an answer: everything after the last agent message. When
 * the agent already replied, older questions are taken as handled by that reply.
 */
export function pendingCustomerMessages(conversation: ConversationMessage[]): number[] {
  let lastAgent = -1;
  conversation.forEach((message, index) => {
    if (message.from === 'agent') lastAgent = index;
  });
  const pending: number[] = [];
  for (let index = lastAgent + 1; index < conversation.length; index += 1) {
    if (conversation[index]?.from === 'customer') pending.push(index);
  }
  return pending;
}

export function extractQuestions(conversation: ConversationMessage[]): ExtractedQuestion[] {
  const questions: ExtractedQuestion[] = [];
  for (const index of pendingCustomerMessages(conversation)) {
    const message = conversation[index];
    if (!message) continue;
    for (const sentence of splitSentences(stripQuotedText(message.text))) {
      const kind = classifyAsk(sentence.text);
      if (kind) questions.push({ text: sentence.text, fromMessage: index, kind });
    }
  }
  return questions;
}

// Quoted history ("> ...", "On Mon ... wrote:") repeats our own earlier replies, not new asks.
function stripQuotedText(text: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (/^\s*on .{3,120} wrote:\s*$/i.test(line) || /^-{2,}\s*original message/i.test(line)) break;
    kept.push(/^\s*>/.test(line) ? '' : line);
  }
  return kept.join('\n');
}

type AnswerType = 'phone' | 'address' | 'money' | 'time' | 'date' | 'duration' | 'number' | 'yesno' | 'person' | 'email' | 'category';

const ANSWER_TYPE_CUES: [RegExp, AnswerType][] = [
  [/\b(?:phone|contact|number to call|telephone|call them|reach them|their number|its number|the number)\b/, 'phone'],
  [/\b(?:e-?mail address)\b/, 'email'],
  [/\b(?:address|where|location|located|situated|venue|which station|what station|from where)\b/, 'address'],
  [/\b(?:how much|cost|price|fee|fees|charge|pay|total|fare|rent|refund amount|expensive|cheap)\b/, 'money'],
  [/\b(?:what time|when|which time|how early|how late|open|close|depart|arrive|leave|start)\b/, 'time'],
  [/\b(?:what date|which date|which day|what day|when|year)\b/, 'date'],
  [/\bwhen (?:will|does|do|is|would|can)\b/, 'duration'],
  [/\b(?:how long|how many (?:days|hours|minutes|weeks)|duration|wait)\b/, 'duration'],
  [/\b(?:how many|rating|rated|number of|temperature|percent|humidity|wind|score)\b/, 'number'],
  [/\b(?:who)\b/, 'person'],
  [/\b(?:genre|type|kind|sort|category|cuisine|style)\b/, 'category'],
];

const ANSWER_TYPE_EVIDENCE: Record<AnswerType, RegExp> = {
  phone: /\+?\d[\d\s().-]{6,}\d/,
  email: /[\w.+-]+@[\w-]+\.[\w.]+/,
  address: /\b\d+[a-z]?\s+(?:[A-Z0-9][\w'-]*\s+){0,4}(?:street|st|avenue|ave|road|rd|drive|dr|boulevard|blvd|lane|ln|way|place|pl|court|ct|square|highway|hwy|parkway|pkwy)\b|\b(?:located|situated|address is|is at|are at|venue is|location is|address:)\s+(?:the\s+)?[A-Z0-9]/i,
  money: /[$€£¥]\s?\d|\d\s?(?:dollars|euros|pounds|usd|eur|gbp)\b|\bfree\b|\bno (?:charge|cost|fee)\b/i,
  time: /\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.|o'clock|h)\b|\b\d{1,2}:\d{2}\b|\b(?:noon|midnight|morning|afternoon|evening|tonight|today|tomorrow)\b/i,
  date: /\b(?:today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|\d{1,2}(?:st|nd|rd|th)|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}|(?:19|20)\d{2})\b/i,
  duration: /\b\d+(?:\.\d+)?\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|business days|working days)\b/i,
  number: /\b\d+(?:[.,]\d+)?\b/,
  yesno: /^(?:yes|no|yeah|yep|nope|yup|sure|of course|certainly|absolutely|unfortunately|it does|it doesn't|they do|they don't|you can|you can't|we can|we can't|we do|we don't|it's not|it isn't|that's right|correct)\b/i,
  category: /\b(?:it|this|that|they|the \w+)(?:'s| is| are| was| were) (?:a|an)\b|\b(?:genre|type|kind|category|cuisine) is\b/i,
  person: /\b[A-Z][a-z]+\s+[A-Z][a-z]+\b/,
};

// The draft acknowledges an ask without answering it yet: P28 counts that as handled.
const ACKNOWLEDGEMENT =
  /\b(?:i(?:'ll| will| am going to|'m going to)|we(?:'ll| will| are going to|'re going to)|let me|i'm|i am|we're|we are|i've|i have|we've|we have)\s+(?:\w+\s+){0,2}(?:check|checking|look|looking|find out|finding out|investigate|investigating|ask|asking|confirm|get back|come back|follow up|pass|passed|forward|forwarded|raise|raised|escalat\w*|review|reviewing|sort|sorting|arrange|arranging|send|sending|process|processing|refund|refunding|update|updating|fix|fixing|resend|resending|cancel|cancelling|canceled|cancelled|issue|issued|book|booked)\b/;

function answerTypes(question: string): AnswerType[] {
  const text = normalise(question);
  const types = ANSWER_TYPE_CUES.filter(([cue]) => cue.test(text)).map(([, type]) => type);
  if (/^(?:and |but |so |also )?(?:is|are|was|were|do|does|did|can|could|will|would|has|have|should|whether|shall|may)\b/.test(text) && !/\b(?:can|could|would|will) you\b/.test(text)) {
    types.push('yesno');
  }
  return types;
}

export type AnswerSpan = { start: number; end: number };

// Verbs that appear in almost any reply ("send", "check"): sharing one says little about the topic.
const GENERIC_STEMS = new Set(
  'send sent check help call email mail make look take use come work tell know see need ask give get go update let thing way time today tomorrow day'
    .split(' '),
);

// One shared topic word out of two is not enough on its own; a typed answer or a second word is.
const ANSWER_THRESHOLD = 0.55;
const NON_ENGLISH_ANSWER_THRESHOLD = 0.2;

function stemWeight(stem: string): number {
  return GENERIC_STEMS.has(stem) ? 0.3 : 1;
}

// Words that carry a yes or no inside a sentence: "smoking is not allowed", "they are moderately priced".
const POLARITY = /\b(?:not|no|never|isn't|aren't|doesn't|don't|can't|cannot|is|are|does|do|can|allowed|permitted|prohibited|available|includes?|offers?|has|have)\b/i;

/** The topic word of a wh-question: "what cuisine…" → cuisine, "the venue of…" → venue. */
function focusStem(question: string): string | undefined {
  const match = /\b(?:what|which|whats|what's)\s+(?:is |are |was |kind of |type of |sort of )?(?:the |their |its |his |her |your )?([\p{L}]+)/u.exec(normalise(question));
  const word = match?.[1];
  return word ? contentStems(word)[0] : undefined;
}

/** Per-sentence features of the draft, computed once per call and shared by every question. */
export type PreparedSentence = {
  sentence: Sentence;
  stems: Set<string>;
  isAcknowledgement: boolean;
  typeEvidence: Map<AnswerType, boolean>;
};

export function prepareDraft(draftSentences: Sentence[]): PreparedSentence[] {
  return draftSentences.map((sentence) => ({
    sentence,
    stems: new Set(contentStems(sentence.text)),
    isAcknowledgement: ACKNOWLEDGEMENT.test(normalise(sentence.text)),
    typeEvidence: new Map(),
  }));
}

function hasEvidence(prepared: PreparedSentence, type: AnswerType): boolean {
  const cached = prepared.typeEvidence.get(type);
  if (cached !== undefined) return cached;
  const found = ANSWER_TYPE_EVIDENCE[type].test(prepared.sentence.text);
  prepared.typeEvidence.set(type, found);
  return found;
}

/**
 * Finds the draft sentence that answers or acknowledges a question: shared topic words, an answer of
 * the expected type (a phone number for "what's their number?"), or an explicit "I'll check".
 */
export function findAnswer(question: ExtractedQuestion, draft: PreparedSentence[], isEnglish = true): AnswerSpan | null {
  const questionStems = new Set(contentStems(question.text));
  let questionWeight = 0;
  for (const word of questionStems) questionWeight += stemWeight(word);
  const types = answerTypes(question.text);
  // "Can you help?" names no topic: any substantive reply answers it, so point at the first sentence.
  const first = draft[0];
  if (first && questionWeight < 1 && types.length <= 1 && !types.some((type) => type !== 'yesno')) {
    return { start: first.sentence.start, end: first.sentence.end };
  }
  const isYesNo = types.includes('yesno');
  const focus = focusStem(question.text);
  let best: { score: number; sentence: Sentence } | null = null;
  for (const prepared of draft) {
    let shared = 0;
    for (const word of questionStems) if (prepared.stems.has(word)) shared += stemWeight(word);
    const overlap = questionWeight === 0 ? 0 : shared / questionWeight;
    const hasTypedAnswer = types.some((type) => hasEvidence(prepared, type));
    let score = overlap;
    if (hasTypedAnswer) score += 0.6;
    if (focus && prepared.stems.has(focus)) score += 0.15;
    if (isYesNo && shared >= 1 && POLARITY.test(prepared.sentence.text)) score += 0.3;
    if (prepared.isAcknowledgement && shared >= 1) score += 0.5;
    if (shared >= 2) score += 0.25;
    if (!best || score > best.score) best = { score, sentence: prepared.sentence };
  }
  // Stopwords, answer types and acknowledgements are English; elsewhere one shared topic word must do.
  const threshold = isEnglish ? ANSWER_THRESHOLD : NON_ENGLISH_ANSWER_THRESHOLD;
  if (!best || best.score < threshold) return null;
  return { start: best.sentence.start, end: best.sentence.end };
}
