import { francAll } from 'franc-min';

/**
 * franc-min's ISO 639-3 codes mapped to ISO 639-1. Languages without a 639-1 code (Cebuano,
 * Ilocano, Maithili…) are left out of detection, because the contract promises 639-1 or `und`.
 */
const ISO_639_3_TO_1: Record<string, string> = {
  spa: 'es', eng: 'en', por: 'pt', ind: 'id', fra: 'fr', deu: 'de', jav: 'jv', vie: 'vi', ita: 'it',
  tur: 'tr', pol: 'pl', swh: 'sw', sun: 'su', ron: 'ro', hau: 'ha', fuv: 'ff', bos: 'bs', hrv: 'hr',
  nld: 'nl', srp: 'sr', ckb: 'ku', yor: 'yo', uzn: 'uz', zlm: 'ms', ibo: 'ig', tgl: 'tl', hun: 'hu',
  azj: 'az', ces: 'cs', run: 'rn', plt: 'mg', qug: 'qu', nya: 'ny', zyb: 'za', kin: 'rw', zul: 'zu',
  swe: 'sv', lin: 'ln', som: 'so', rus: 'ru', ukr: 'uk', koi: 'kv', bel: 'be', bul: 'bg', kaz: 'kk',
  arb: 'ar', urd: 'ur', pes: 'fa', pbu: 'ps', hin: 'hi', mar: 'mr', npi: 'ne', cmn: 'zh', ben: 'bn',
  jpn: 'ja', kor: 'ko', tel: 'te', tam: 'ta', guj: 'gu', kan: 'kn', mal: 'ml', mya: 'my', pan: 'pa',
  amh: 'am', tha: 'th', sin: 'si', ell: 'el',
};

const ONLY = Object.keys(ISO_639_3_TO_1);

// Scripts used by one language that franc-min does not profile; counted directly.
const SINGLE_SCRIPT_LANGUAGES: [RegExp, string][] = [
  [/[\u0590-\u05FF]/g, 'he'],
  [/[\u10A0-\u10FF]/g, 'ka'],
  [/[\u0530-\u058F]/g, 'hy'],
  [/[\u1780-\u17FF]/g, 'km'],
  [/[\u0E80-\u0EFF]/g, 'lo'],
];

/**
 * Frequent function words of the languages support teams meet most. Trigram statistics are weak on
 * a line of five words ("where is my order"), where these words decide reliably.
 */
const FUNCTION_WORDS: Record<string, string[]> = {
  en: ['the', 'is', 'and', 'my', 'you', 'to', 'i', 'it', 'of', 'for', 'not', 'this', 'have', 'what', 'where', 'when', 'can', 'please', 'thanks', 'thank', 'order', 'with', 'was', 'are', 'hello', 'hi', 'your', 'me', 'do', 'how', 'why', 'a', 'in', 'on', 'but', 'be', 'we', 'still', 'yet', 'did', "don't", "i'm", 'would', 'will'],
  de: ['der', 'die', 'das', 'und', 'ist', 'ich', 'nicht', 'ein', 'eine', 'mein', 'meine', 'sie', 'wo', 'wie', 'was', 'bitte', 'danke', 'mit', 'für', 'noch', 'habe', 'haben', 'hallo', 'ihr', 'zu', 'auf', 'es', 'wir', 'warum', 'kann', 'keine', 'bestellung', 'guten', 'tag'],
  fr: ['le', 'la', 'les', 'et', 'est', 'je', 'ne', 'pas', 'un', 'une', 'mon', 'ma', 'mes', 'vous', 'où', 'merci', 'bonjour', 'avec', 'pour', 'que', 'qui', 'des', 'du', "j'ai", 'commande', 'pourquoi', 'toujours', 'votre', 'nous', "c'est", 'ce', 'suis'],
  es: ['el', 'la', 'los', 'las', 'y', 'es', 'yo', 'no', 'un', 'una', 'mi', 'mis', 'usted', 'dónde', 'donde', 'gracias', 'hola', 'con', 'para', 'por', 'que', 'qué', 'pedido', 'todavía', 'está', 'su', 'del', 'muy', 'tengo', 'cuando', 'buenos', 'días'],
  it: ['il', 'lo', 'la', 'gli', 'le', 'e', 'è', 'io', 'non', 'un', 'una', 'mio', 'mia', 'dove', 'grazie', 'ciao', 'buongiorno', 'con', 'per', 'che', 'ordine', 'ancora', 'sono', 'del', 'della', 'perché', 'ho'],
  pt: ['o', 'a', 'os', 'as', 'e', 'é', 'eu', 'não', 'um', 'uma', 'meu', 'minha', 'onde', 'obrigado', 'obrigada', 'olá', 'com', 'para', 'que', 'pedido', 'ainda', 'está', 'do', 'da', 'você', 'por', 'tenho'],
  nl: ['de', 'het', 'een', 'en', 'is', 'ik', 'niet', 'mijn', 'waar', 'hoe', 'wat', 'alstublieft', 'bedankt', 'dank', 'met', 'voor', 'nog', 'heb', 'hallo', 'u', 'je', 'bestelling', 'waarom', 'wij', 'van', 'dat', 'er'],
  sv: ['och', 'är', 'jag', 'inte', 'en', 'ett', 'min', 'mitt', 'var', 'hur', 'vad', 'tack', 'med', 'för', 'har', 'hej', 'ni', 'du', 'beställning', 'varför', 'det', 'som', 'på'],
  pl: ['i', 'jest', 'nie', 'moje', 'moja', 'mój', 'gdzie', 'jak', 'co', 'dziękuję', 'proszę', 'z', 'dla', 'jeszcze', 'mam', 'dzień', 'dobry', 'zamówienie', 'dlaczego', 'się', 'to', 'na', 'czy', 'bardzo', 'za', 'pomoc', 'w', 'jestem', 'już'],
  tr: ['ve', 'bir', 'bu', 'ne', 'nerede', 'teşekkürler', 'merhaba', 'için', 'hala', 'benim', 'siparişim', 'değil', 'var', 'yok', 'neden', 'mı', 'mi'],
  ru: ['я', 'не', 'мой', 'моя', 'мою', 'где', 'заказ', 'что', 'это', 'спасибо', 'здравствуйте', 'пожалуйста', 'сих', 'пор', 'получил', 'получила', 'почему', 'уже', 'ещё', 'еще', 'вы', 'меня', 'был', 'была', 'нет', 'когда'],
  uk: ['я', 'не', 'мій', 'моє', 'моя', 'де', 'замовлення', 'що', 'це', 'дякую', 'будь', 'ласка', 'вже', 'ще', 'чому', 'ви', 'мене', 'отримав', 'отримала', 'коли', 'і', 'ні'],
  bg: ['аз', 'не', 'моята', 'моят', 'къде', 'поръчка', 'поръчката', 'какво', 'това', 'благодаря', 'моля', 'вече', 'още', 'защо', 'вие', 'е', 'са', 'съм', 'получих', 'кога', 'ми'],
  // Danish, Norwegian and Finnish have no franc-min profile; these words are all that finds them.
  da: ['jeg', 'ikke', 'det', 'er', 'og', 'min', 'mit', 'hvor', 'hvad', 'hvorfor', 'tak', 'venlig', 'hilsen', 'bestilling', 'har', 'af', 'på', 'endnu', 'stadig', 'kan', 'vil', 'hej', 'nogen', 'også', 'hvordan', 'jer', 'mig', 'ingen', 'modtaget', 'pakke', 'pakken', 'være', 'meget'],
  no: ['jeg', 'ikke', 'det', 'er', 'og', 'min', 'mitt', 'hvor', 'hva', 'hvorfor', 'takk', 'vennlig', 'hilsen', 'bestilling', 'har', 'av', 'på', 'ennå', 'fortsatt', 'kan', 'vil', 'hei', 'noen', 'også', 'hvordan', 'dere', 'meg', 'ingen', 'mottatt', 'pakke', 'pakken', 'være', 'veldig', 'enda'],
  fi: ['ja', 'ei', 'minun', 'missä', 'mitä', 'miksi', 'kiitos', 'tilaus', 'tilaukseni', 'tilaustani', 'vielä', 'olen', 'että', 'hei', 'voitteko', 'kanssa', 'ole', 'saanut', 'paketti', 'pakettia', 'kun', 'mutta', 'myös', 'kuinka', 'milloin', 'teidän', 'tulee', 'minä'],
  id: ['dan', 'yang', 'saya', 'tidak', 'ini', 'itu', 'di', 'mana', 'terima', 'kasih', 'dengan', 'untuk', 'masih', 'pesanan', 'kenapa', 'apa', 'sudah', 'belum', 'ada'],
};

const VOTE_ONLY_LANGUAGES = new Set(['da', 'no', 'fi']);

const FUNCTION_WORD_INDEX = new Map<string, string[]>();
for (const [language, list] of Object.entries(FUNCTION_WORDS)) {
  for (const word of list) FUNCTION_WORD_INDEX.set(word, [...(FUNCTION_WORD_INDEX.get(word) ?? []), language]);
}

export type DetectedLanguage = { language: string; confidence: number };

const UNDETERMINED: DetectedLanguage = { language: 'und', confidence: 0 };

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}

function functionWordVote(text: string): { language: string; hits: number; margin: number } | null {
  const tokens = text.toLowerCase().replace(/[’']/g, "'").match(/[\p{L}']+/gu) ?? [];
  const counts = new Map<string, number>();
  for (const token of tokens) {
    const languages = FUNCTION_WORD_INDEX.get(token) ?? [];
    // A word shared by several languages ("de", "jeg") is split between them; distinctive words decide.
    for (const language of languages) counts.set(language, (counts.get(language) ?? 0) + 1 / languages.length);
  }
  const ranked = [...counts.entries()].sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]));
  const top = ranked[0];
  if (!top) return null;
  return { language: top[0], hits: top[1], margin: top[1] - (ranked[1]?.[1] ?? 0) };
}

const SINGLE_SCRIPT_ANY = new RegExp(`[${SINGLE_SCRIPT_LANGUAGES.map(([pattern]) => pattern.source.slice(1, -1)).join('')}]`);

/** Letters in the text, each counted once (one string built, not an array of one per letter). */
function letterCount(text: string): number {
  const letters = text.replace(/\P{L}+/gu, '');
  return letters.length - (letters.match(/[\uD800-\uDBFF]/g)?.length ?? 0);
}

function singleScriptLanguage(text: string, letters: number): DetectedLanguage | null {
  if (letters === 0 || !SINGLE_SCRIPT_ANY.test(text)) return null;
  for (const [pattern, language] of SINGLE_SCRIPT_LANGUAGES) {
    const count = (text.match(pattern) ?? []).length;
    if (count / letters > 0.5) return { language, confidence: round(0.6 + count / 50) };
  }
  return null;
}

/**
 * Detects the language of a text as ISO 639-1 with a confidence in 0..1, or `und` when it cannot
 * tell (too short, digits only, or two languages too close to call). Pure and deterministic.
 */
export function detectLanguage(text: string): DetectedLanguage {
  // Links, e-mail addresses and numbers are language-neutral noise for trigram statistics.
  const cleaned = text.replace(/https?:\/\/\S+|[\w.+-]+@[\w-]+\.[\w.]+|\d+/g, ' ').replace(/\s+/g, ' ').trim();
  const letters = letterCount(cleaned);
  if (letters < 3) return UNDETERMINED;
  const singleScript = singleScriptLanguage(cleaned, letters);
  if (singleScript) return singleScript;

  const vote = functionWordVote(cleaned);
  // Many function words of one language and few of any other settle it; trigrams would only cost time.
  if (vote && vote.hits >= 6 && vote.margin >= 4 && vote.margin >= vote.hits / 2) {
    return { language: vote.language, confidence: round(0.9 + vote.margin / 100) };
  }
  if (vote && VOTE_ONLY_LANGUAGES.has(vote.language) && vote.hits >= 2 && vote.margin >= 1.5) {
    return { language: vote.language, confidence: round(0.4 + 0.1 * vote.margin + 0.05 * vote.hits) };
  }
  const ranked = francAll(cleaned, { only: ONLY, minLength: 3 });
  const [first, second] = ranked;
  const trigramLanguage = first && first[0] !== 'und' ? ISO_639_3_TO_1[first[0]] : undefined;
  // franc scores the best at 1 and the rest relative to it; the gap to the runner-up is the signal.
  const gap = first && second ? first[1] - second[1] : first ? 1 : 0;
  const lengthFactor = Math.min(1, cleaned.length / 60);
  const trigramConfidence = round(lengthFactor * Math.min(1, 0.45 + gap * 12));

  if (vote && vote.hits >= 2 && vote.margin >= 1) {
    if (vote.language === trigramLanguage) return { language: vote.language, confidence: round(Math.max(trigramConfidence, 0.7) + 0.2) };
    // On short lines function words beat trigrams; on long ones trigrams see more evidence.
    if (cleaned.length < 80 || trigramConfidence < 0.5) {
      return { language: vote.language, confidence: round(0.45 + 0.1 * vote.margin + 0.05 * vote.hits) };
    }
  }
  // A script only one profiled language uses (Japanese kana, Thai, Greek…) needs no statistics.
  if (trigramLanguage && ranked.length === 1) return { language: trigramLanguage, confidence: round(0.5 + cleaned.length / 40) };
  if (!trigramLanguage || cleaned.length < 12) return UNDETERMINED;
  if (trigramConfidence < 0.3) return UNDETERMINED;
  return { language: trigramLanguage, confidence: trigramConfidence };
}

/** ISO 639-1 codes that {@link detectLanguage} can return, for documentation and tests. */
export const SUPPORTED_LANGUAGES: readonly string[] = [
  ...new Set([...Object.values(ISO_639_3_TO_1), ...SINGLE_SCRIPT_LANGUAGES.map(([, language]) => language), ...VOTE_ONLY_LANGUAGES]),
].sort();
