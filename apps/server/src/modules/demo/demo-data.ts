import {
  agentVoices,
  conversationPhrases,
  demoTags,
  demoTopics,
  discountCodes,
  genericNotes,
  organisationProfiles,
  products,
  regions,
  type AgentVoice,
  type DemoAgentKey,
  type DemoLanguage,
  type DemoTopic,
  type NonEmptyList,
  type Product,
  type TopicExchange,
  type TopicTexts,
} from './demo-topics.ts';

// A pure, seeded generator for the demo workspace of a small coffee-equipment shop. The same options
// always give byte-identical output: randomness comes from our own PRNG, and times are minutes
// relative to "now", so whoever loads the data decides what "now" is.

export interface DemoAgent {
  name: string;
  email: string;
  role: 'admin' | 'lead' | 'agent';
  languages: string[];
}

export interface DemoOrganisation {
  name: string;
  domain: string;
}

export interface DemoCustomer {
  name: string;
  email: string;
  phone: string | null;
  tier: 'standard' | 'priority' | 'enterprise';
  organisationIndex: number | null;
  language: string;
}

export interface DemoMessage {
  direction: 'inbound' | 'outbound';
  authorAgentIndex: number | null;
  text: string;
  minutesAfterStart: number;
  channel: 'email' | 'web' | 'chat' | 'phone';
}

export interface DemoNote {
  authorAgentIndex: number;
  text: string;
  minutesAfterStart: number;
}

export interface DemoTicket {
  subject: string;
  customerIndex: number;
  status: 'new' | 'open' | 'pending' | 'on_hold' | 'solved' | 'closed';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  channel: 'email' | 'web' | 'chat' | 'phone';
  language: string;
  tags: string[];
  assigneeAgentIndex: number | null;
  createdMinutesAgo: number;
  messages: DemoMessage[];
  notes: DemoNote[];
  outcome: 'solved' | 'workaround' | 'could_not_solve' | null;
}

export interface DemoWorkspace {
  name: string;
  slug: string;
  agents: DemoAgent[];
  organisations: DemoOrganisation[];
  customers: DemoCustomer[];
  tickets: DemoTicket[];
  tags: string[];
}

export interface GenerateDemoWorkspaceOptions {
  seed?: number;
  ticketCount?: number;
  customerCount?: number;
}

type Tier = DemoCustomer['tier'];
type Status = DemoTicket['status'];
type Priority = DemoTicket['priority'];
type Channel = DemoTicket['channel'];
type Outcome = NonNullable<DemoTicket['outcome']>;
type Weighted<T> = NonEmptyList<readonly [T, number]>;

// ---------------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): small, fast and identical on every platform.

interface Random {
  next(): number;
  /** Inclusive on both ends. */
  integer(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: NonEmptyList<T>): T;
  weighted<T>(entries: Weighted<T>): T;
}

function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  const integer = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    integer,
    chance: (probability) => next() < probability,
    pick: (items) => items[integer(0, items.length - 1)] ?? items[0],
    weighted: (entries) => {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let threshold = next() * total;
      for (const [value, weight] of entries) {
        if (threshold < weight) return value;
        threshold -= weight;
      }
      return entries[0][0];
    },
  };
}

function toNonEmpty<T>(items: readonly T[]): NonEmptyList<T> | null {
  const [first, ...rest] = items;
  return first === undefined ? null : [first, ...rest];
}

function digits(random: Random, length: number): string {
  let text = '';
  for (let position = 0; position < length; position += 1) text += String(random.integer(0, 9));
  return text;
}

// ---------------------------------------------------------------------------------------------------
// The team.

const shopDomain = 'demo.rapport.test';

interface AgentProfile {
  key: DemoAgentKey;
  agent: DemoAgent;
  /** Share of tickets in each language routed to this agent (P5: route to agents who speak it). */
  assignmentWeights: Partial<Record<DemoLanguage, number>>;
}

const agentProfiles: NonEmptyList<AgentProfile> = [
  {
    key: 'alex',
    agent: { name: 'Alex Moreno', email: `alex@${shopDomain}`, role: 'admin', languages: ['en', 'es'] },
    assignmentWeights: { en: 15, es: 100 },
  },
  {
    key: 'jana',
    agent: { name: 'Jana Weber', email: `jana@${shopDomain}`, role: 'lead', languages: ['de', 'en'] },
    assignmentWeights: { en: 25, de: 100 },
  },
  {
    key: 'sam',
    agent: { name: "Sam O'Brien", email: `sam@${shopDomain}`, role: 'agent', languages: ['en'] },
    assignmentWeights: { en: 60 },
  },
];

// ---------------------------------------------------------------------------------------------------
// Customers.

interface CustomerProfile {
  customer: DemoCustomer;
  language: DemoLanguage;
  firstName: string;
  companyName: string;
  /** How often this customer writes in; bigger accounts write more. */
  activity: number;
}

const tierActivity: Record<Tier, number> = { standard: 1, priority: 2, enterprise: 3 };

function emailLocalPart(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

function uniqueEmail(localPart: string, domain: string, usedEmails: Set<string>): string {
  let email = `${localPart}@${domain}`;
  for (let suffix = 2; usedEmails.has(email); suffix += 1) email = `${localPart}${suffix}@${domain}`;
  usedEmails.add(email);
  return email;
}

function phoneNumber(random: Random, language: DemoLanguage): string {
  if (language === 'de') return `+49 15${random.pick(['1', '2', '7'])} ${digits(random, 8)}`;
  if (language === 'es') return `+34 6${digits(random, 2)} ${digits(random, 3)} ${digits(random, 3)}`;
  // Irish mobiles, and UK numbers from Ofcom's range reserved for drama.
  if (random.chance(0.6)) return `+353 8${random.pick(['3', '5', '6', '7'])} ${digits(random, 3)} ${digits(random, 4)}`;
  return `+44 7700 900${digits(random, 3)}`;
}

function generateCustomer(random: Random, usedEmails: Set<string>): CustomerProfile {
  const isMember = random.chance(0.25);
  const organisationIndex = isMember ? random.integer(0, organisationProfiles.length - 1) : null;
  const organisationProfile = organisationIndex === null ? undefined : organisationProfiles[organisationIndex];
  const language = organisationProfile?.language ?? random.weighted<DemoLanguage>([['en', 70], ['de', 15], ['es', 15]]);
  const tier: Tier = organisationProfile?.tier ?? (random.chance(0.08) ? 'priority' : 'standard');
  const region = regions[language];
  const firstName = random.pick(region.firstNames);
  const lastName = random.pick(region.lastNames);
  // Many Spaniards carry both parents' surnames.
  const fullLastName = language === 'es' && random.chance(0.5) ? `${lastName} ${random.pick(region.lastNames)}` : lastName;
  const name = `${firstName} ${fullLastName}`;
  const first = emailLocalPart(firstName);
  const last = emailLocalPart(lastName);
  const email = organisationProfile
    ? uniqueEmail(random.chance(0.7) ? `${first}.${last}` : first, organisationProfile.domain, usedEmails)
    : uniqueEmail(
        random.pick([`${first}.${last}`, `${first}${last}`, `${first.charAt(0)}${last}`, `${first}.${last}${digits(random, 2)}`]),
        random.pick(region.emailDomains),
        usedEmails,
      );
  const phone = random.chance(0.6) ? phoneNumber(random, language) : null;
  return {
    customer: { name, email, phone, tier, organisationIndex, language },
    language,
    firstName,
    companyName: organisationProfile?.name ?? `${lastName} ${region.companySuffix}`,
    activity: tierActivity[tier] * random.integer(1, 4),
  };
}

// ---------------------------------------------------------------------------------------------------
// Templates.

type Slots = ReadonlyMap<string, string>;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** {name} inserts a slot; {Name} inserts it capitalised, for the start of a sentence. */
function fillTemplate(template: string, slots: Slots, language: DemoLanguage): string {
  const filled = template.replace(/\{(\w+)\}/g, (_placeholder, name: string) => {
    const value = slots.get(name);
    if (value !== undefined) return value;
    const lowerCased = slots.get(name.charAt(0).toLowerCase() + name.slice(1));
    if (lowerCased !== undefined && name.charAt(0) !== name.charAt(0).toLowerCase()) return capitalise(lowerCased);
    throw new Error(`Demo template uses an unknown placeholder {${name}}`);
  });
  // Spanish contracts "de el" and "a el" when a product's article lands after the preposition.
  return language === 'es' ? filled.replace(/\bde el\b/g, 'del').replace(/\ba el\b/g, 'al') : filled;
}

function formatPrice(cents: number, language: DemoLanguage): string {
  const amount = (cents / 100).toFixed(2);
  return language === 'en' ? `€${amount}` : `${amount.replace('.', ',')} €`;
}

interface CalendarDay {
  day: number;
  month: number;
}

function formatDate(date: CalendarDay, language: DemoLanguage): string {
  const month = regions[language].months[date.month] ?? regions[language].months[0];
  if (language === 'de') return `${date.day}. ${month}`;
  if (language === 'es') return `${date.day} de ${month}`;
  return `${date.day} ${month}`;
}

function isInPool(item: Product, pool: DemoTopic['productPool']): boolean {
  if (pool === 'appliance') return item.kind === 'appliance';
  if (pool === 'brewing') return item.kind !== 'accessory';
  return true;
}

/** Everything about a ticket that is the same in every language; slots render it in one language. */
interface TicketFacts {
  productIndex: number;
  otherProductIndex: number;
  orderNumber: string;
  otherOrderNumber: string;
  orderDate: CalendarDay;
  deliveryDate: CalendarDay;
  weekdayIndex: number;
  carrierIndex: number;
  addressIndex: number;
  trackingNumber: string;
  discountCode: string;
  personalCode: string;
  invoiceNumber: string;
  claimNumber: string;
  vatDigits: string;
  repairPriceCents: number;
  mentionedAgentIndex: number;
}

function pickFacts(random: Random, topic: DemoTopic, language: DemoLanguage): TicketFacts {
  const pool = products.flatMap((item, index) => (isInPool(item, topic.productPool) ? [index] : []));
  const productIndex = pool[random.integer(0, pool.length - 1)] ?? 0;
  const speakers = agentProfiles.flatMap((profile, index) => (profile.agent.languages.includes(language) ? [index] : []));
  // No 0/O or 1/I, so customers can read the code out over the phone.
  const codeLetters = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let personalCode = 'BB-';
  for (let position = 0; position < 6; position += 1) {
    personalCode += codeLetters.charAt(random.integer(0, codeLetters.length - 1));
  }
  return {
    productIndex,
    otherProductIndex: (productIndex + random.integer(1, products.length - 1)) % products.length,
    orderNumber: `BB-${random.integer(10000, 99999)}`,
    otherOrderNumber: `BB-${random.integer(10000, 99999)}`,
    orderDate: { day: random.integer(1, 28), month: random.integer(0, 11) },
    deliveryDate: { day: random.integer(1, 28), month: random.integer(0, 11) },
    weekdayIndex: random.integer(0, 4),
    carrierIndex: random.integer(0, 2),
    addressIndex: random.integer(0, 5),
    trackingNumber: digits(random, 14),
    discountCode: random.pick(discountCodes),
    personalCode,
    invoiceNumber: `INV-${random.integer(20000, 69999)}`,
    claimNumber: `CLM-${digits(random, 6)}`,
    vatDigits: digits(random, 9),
    repairPriceCents: random.integer(39, 129) * 100,
    mentionedAgentIndex: speakers[random.integer(0, speakers.length - 1)] ?? 0,
  };
}

function vatNumber(facts: TicketFacts, language: DemoLanguage): string {
  if (language === 'de') return `DE${facts.vatDigits}`;
  if (language === 'es') return `ESB${facts.vatDigits.slice(0, 8)}`;
  return `IE${facts.vatDigits.slice(0, 7)}${'ABCDEFGHW'.charAt(Number(facts.vatDigits.charAt(8)))}`;
}

interface SlotContext {
  facts: TicketFacts;
  customer: CustomerProfile;
  assigneeIndex: number | null;
  otherAgentIndex: number;
}

/** Slots in `textLanguage`; places, carriers and tax numbers always follow the customer's country. */
function buildSlots(textLanguage: DemoLanguage, context: SlotContext): Slots {
  const { facts, customer } = context;
  const region = regions[customer.language];
  const forms = (products[facts.productIndex] ?? products[0]).forms[textLanguage];
  const otherForms = (products[facts.otherProductIndex] ?? products[0]).forms[textLanguage];
  const agentFirstName = (index: number): string => (agentProfiles[index] ?? agentProfiles[0]).agent.name.split(' ')[0] ?? '';
  return new Map([
    ['customerFirstName', customer.firstName],
    ['customerName', customer.customer.name],
    ['companyName', customer.companyName],
    ['agentFirstName', agentFirstName(facts.mentionedAgentIndex)],
    ['otherAgentFirstName', agentFirstName(context.otherAgentIndex)],
    ['assigneeFirstName', context.assigneeIndex === null ? '' : agentFirstName(context.assigneeIndex)],
    ['product', forms.definite],
    ['productName', forms.name],
    ['productAccusative', forms.accusative],
    ['productDative', forms.dative],
    ['otherProductName', otherForms.name],
    ['otherProductIndefinite', otherForms.indefinite],
    ['price', formatPrice((products[facts.productIndex] ?? products[0]).priceCents, textLanguage)],
    ['repairPrice', formatPrice(facts.repairPriceCents, textLanguage)],
    ['orderNumber', facts.orderNumber],
    ['otherOrderNumber', facts.otherOrderNumber],
    ['orderDate', formatDate(facts.orderDate, textLanguage)],
    ['deliveryDate', formatDate(facts.deliveryDate, textLanguage)],
    ['weekday', regions[textLanguage].weekdays[facts.weekdayIndex] ?? regions[textLanguage].weekdays[0]],
    ['carrier', region.carriers[facts.carrierIndex] ?? region.carriers[0]],
    ['address', region.addresses[facts.addressIndex] ?? region.addresses[0]],
    ['trackingNumber', facts.trackingNumber],
    ['discountCode', facts.discountCode],
    ['personalCode', facts.personalCode],
    ['invoiceNumber', facts.invoiceNumber],
    ['claimNumber', facts.claimNumber],
    ['vatNumber', vatNumber(facts, customer.language)],
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Conversations.

type Step = 'opening' | 'nudge' | 'question' | 'answer' | 'onHold' | 'resolution' | 'thanks';

const inboundSteps: ReadonlySet<Step> = new Set<Step>(['opening', 'nudge', 'answer', 'thanks']);

const resolvedPlans: Weighted<readonly Step[]> = [
  [['opening', 'resolution'], 4],
  [['opening', 'question', 'answer', 'resolution'], 4],
  [['opening', 'nudge', 'question', 'answer', 'resolution'], 1],
];

/**
 * The shape of a conversation in each status: new tickets hold only the customer's first message,
 * open ones wait on us (end inbound), pending ones wait on the customer (end with our question),
 * solved ones end with our resolution and closed ones sometimes with the customer's thanks.
 */
const plansByStatus: Record<Status, Weighted<readonly Step[]>> = {
  new: [[['opening'], 1]],
  open: [
    [['opening'], 3],
    [['opening', 'nudge'], 1],
    [['opening', 'question', 'answer'], 4],
    [['opening', 'question', 'answer', 'nudge'], 1],
  ],
  pending: [
    [['opening', 'question'], 5],
    [['opening', 'nudge', 'question'], 2],
  ],
  on_hold: [
    [['opening', 'onHold'], 3],
    [['opening', 'question', 'answer', 'onHold'], 2],
  ],
  solved: resolvedPlans,
  closed: resolvedPlans,
};

function planSteps(random: Random, status: Status, topic: DemoTopic): readonly Step[] {
  const plans = toNonEmpty(plansByStatus[status].filter(([steps]) => topic.canNudge || !steps.includes('nudge')));
  if (!plans) throw new Error(`No conversation plan for status ${status} without a follow-up`);
  const steps = random.weighted(plans);
  if (status === 'closed' && random.chance(0.4)) return [...steps, 'thanks'];
  return steps;
}

interface Conversation {
  random: Random;
  topic: DemoTopic;
  texts: TopicTexts;
  exchange: TopicExchange;
  language: DemoLanguage;
  slots: Slots;
  channel: Channel;
  priority: Priority;
  assigneeIndex: number | null;
  outcome: Outcome | null;
}

function stepBody(step: Step, conversation: Conversation): string {
  const { random, texts, exchange, language, outcome } = conversation;
  const phrases = conversationPhrases[language];
  switch (step) {
    case 'opening':
      return random.pick(texts.openings);
    case 'nudge':
      return random.pick(texts.nudges ?? phrases.nudges);
    case 'question':
      return exchange.question;
    case 'answer':
      return exchange.answer;
    case 'onHold':
      return random.pick(texts.onHold ?? texts.resolutions);
    case 'resolution':
      if (outcome === 'workaround') return random.pick(texts.workarounds ?? texts.resolutions);
      if (outcome === 'could_not_solve') return random.pick(texts.couldNotSolve ?? texts.resolutions);
      return random.pick(texts.resolutions);
    case 'thanks':
      return random.pick(outcome === 'could_not_solve' ? phrases.thanksAnyway : phrases.thanks);
  }
}

function agentVoice(agentIndex: number, language: DemoLanguage): AgentVoice {
  const profile = agentProfiles[agentIndex] ?? agentProfiles[0];
  const voice = agentVoices[profile.key][language];
  if (!voice) throw new Error(`Demo agent ${profile.key} has no voice for language ${language}`);
  return voice;
}

type InboundPosition = 'first' | 'beforeReply' | 'afterReply';

function wrapInbound(body: string, position: InboundPosition, channel: Channel, conversation: Conversation): string {
  const { random, language, slots } = conversation;
  const phrases = conversationPhrases[language];
  if (channel === 'phone') return `${phrases.voicemailPrefix} ${body}`;
  if (channel !== 'email') return body;
  const isFirst = position === 'first';
  const parts: string[] = [];
  if (isFirst) parts.push(random.pick(phrases.customerGreetings));
  if (position === 'afterReply' && random.chance(0.6)) parts.push(random.pick(phrases.replyGreetings));
  parts.push(body);
  if (isFirst || random.chance(0.6)) parts.push(random.pick(phrases.customerSignOffs));
  return fillTemplate(parts.join('\n\n'), slots, language);
}

function wrapOutbound(body: string, step: Step, channel: Channel, agentIndex: number, conversation: Conversation): string {
  if (channel === 'chat') return body;
  const { random, language, slots } = conversation;
  const voice = agentVoice(agentIndex, language);
  const parts = [fillTemplate(voice.greeting, slots, language), body];
  if (step === 'resolution' && random.chance(0.6)) parts.push(random.pick(voice.closings));
  parts.push(voice.signOff);
  return parts.join('\n\n');
}

const agentReplyMinutes: Record<Priority, readonly [number, number]> = {
  urgent: [10, 90],
  high: [20, 240],
  normal: [30, 720],
  low: [60, 1440],
};

function minutesBefore(step: Step, channel: Channel, priority: Priority, random: Random): number {
  if (channel === 'chat') return random.integer(1, 12);
  if (step === 'nudge') return random.integer(600, 2880);
  if (step === 'answer') return random.integer(20, 1440);
  if (step === 'thanks') return random.integer(10, 720);
  const [minimum, maximum] = agentReplyMinutes[priority];
  return random.integer(minimum, maximum);
}

function buildMessages(steps: readonly Step[], conversation: Conversation): DemoMessage[] {
  const { random, channel, priority, assigneeIndex, language, slots } = conversation;
  // Web forms and voicemails are answered by email; chats stay in the chat.
  const replyChannel: Channel = channel === 'chat' ? 'chat' : 'email';
  let minute = 0;
  let hasReply = false;
  return steps.map((step, position) => {
    const isFirst = position === 0;
    const messageChannel = isFirst ? channel : replyChannel;
    if (!isFirst) minute += minutesBefore(step, messageChannel, priority, random);
    const body = fillTemplate(stepBody(step, conversation), slots, language);
    if (inboundSteps.has(step)) {
      const text = wrapInbound(body, isFirst ? 'first' : hasReply ? 'afterReply' : 'beforeReply', messageChannel, conversation);
      return { direction: 'inbound', authorAgentIndex: null, text, minutesAfterStart: minute, channel: messageChannel };
    }
    if (assigneeIndex === null) throw new Error('Demo conversation has an agent reply but no assignee');
    hasReply = true;
    const text = wrapOutbound(body, step, messageChannel, assigneeIndex, conversation);
    return { direction: 'outbound', authorAgentIndex: assigneeIndex, text, minutesAfterStart: minute, channel: messageChannel };
  });
}

function buildNotes(
  random: Random,
  topic: DemoTopic,
  assigneeIndex: number,
  messages: readonly DemoMessage[],
  slotsForAuthor: (otherAgentIndex: number) => Slots,
): DemoNote[] {
  if (!random.chance(topic.urgency === 'high' ? 0.7 : 0.25)) return [];
  // Notes follow the assignee's first look at the ticket: their first reply, or the customer's message.
  const firstLookMinute = messages.find((message) => message.direction === 'outbound')?.minutesAfterStart ?? 1;
  const lastMessageMinute = messages.at(-1)?.minutesAfterStart ?? 0;
  const count = random.chance(0.2) ? 2 : 1;
  const notes: DemoNote[] = [];
  for (let position = 0; position < count; position += 1) {
    const authorIndex = random.chance(0.7) ? assigneeIndex : random.integer(0, agentProfiles.length - 1);
    const otherAgentIndex = (authorIndex + random.integer(1, agentProfiles.length - 1)) % agentProfiles.length;
    const template = random.chance(0.75) ? random.pick(topic.notes) : random.pick(genericNotes);
    notes.push({
      authorAgentIndex: authorIndex,
      text: fillTemplate(template, slotsForAuthor(otherAgentIndex), 'en'),
      minutesAfterStart: random.integer(Math.max(1, firstLookMinute), Math.max(firstLookMinute, lastMessageMinute) + 60),
    });
  }
  return notes.sort((left, right) => left.minutesAfterStart - right.minutesAfterStart);
}

// ---------------------------------------------------------------------------------------------------
// Tickets.

const statusWeights: Weighted<Status> = [
  ['new', 8],
  ['open', 17],
  ['pending', 12],
  ['on_hold', 6],
  ['solved', 25],
  ['closed', 32],
];

const channelWeights: Weighted<Channel> = [
  ['email', 60],
  ['web', 20],
  ['chat', 12],
  ['phone', 8],
];

const outcomeWeights: Weighted<Outcome> = [
  ['solved', 80],
  ['workaround', 12],
  ['could_not_solve', 8],
];

const priorityWeights: Record<DemoTopic['urgency'], Weighted<Priority>> = {
  low: [['low', 45], ['normal', 50], ['high', 5]],
  normal: [['low', 12], ['normal', 70], ['high', 14], ['urgent', 4]],
  high: [['normal', 15], ['high', 55], ['urgent', 30]],
};

const priorityOrder: NonEmptyList<Priority> = ['low', 'normal', 'high', 'urgent'];

/** Minutes between the last activity on a ticket and now, by status. */
const idleMinutes: Record<Status, readonly [number, number]> = {
  new: [5, 720],
  open: [10, 2880],
  pending: [60, 4320],
  on_hold: [120, 10080],
  solved: [30, 5760],
  closed: [5760, 129600],
};

const [firstTopic, ...otherTopics] = demoTopics;
const topicWeights: Weighted<DemoTopic> = [
  [firstTopic, firstTopic.weight],
  ...otherTopics.map((topic): readonly [DemoTopic, number] => [topic, topic.weight]),
];

function pickPriority(random: Random, topic: DemoTopic, tier: Tier): Priority {
  const priority = random.weighted(priorityWeights[topic.urgency]);
  if (tier !== 'enterprise' || !random.chance(0.3)) return priority;
  return priorityOrder[Math.min(priorityOrder.indexOf(priority) + 1, priorityOrder.length - 1)] ?? priority;
}

function pickAssignee(random: Random, language: DemoLanguage): number {
  const candidates = toNonEmpty(
    agentProfiles.flatMap((profile, index): Array<readonly [number, number]> => {
      const weight = profile.assignmentWeights[language] ?? 0;
      return weight > 0 ? [[index, weight]] : [];
    }),
  );
  if (!candidates) throw new Error(`No demo agent speaks ${language}`);
  return random.weighted(candidates);
}

function pickOutcome(random: Random, status: Status, texts: TopicTexts): Outcome | null {
  if (status !== 'solved' && status !== 'closed') return null;
  const outcome = random.weighted(outcomeWeights);
  if (outcome === 'workaround' && !texts.workarounds) return 'solved';
  if (outcome === 'could_not_solve' && !texts.couldNotSolve) return 'solved';
  return outcome;
}

const ticketLanguageWeights: Weighted<DemoLanguage> = [
  ['en', 70],
  ['de', 15],
  ['es', 15],
];

type CustomerPicker = (random: Random) => number;

/**
 * Picks the language first and then a customer who writes in it, weighted by how active they are,
 * so the language mix of tickets stays near 70/15/15 whichever customers happen to be busy.
 */
function createCustomerPicker(customers: readonly CustomerProfile[]): CustomerPicker {
  const weightsFor = (language: DemoLanguage | null) =>
    toNonEmpty(
      customers.flatMap((customer, index): Array<readonly [number, number]> =>
        language === null || customer.language === language ? [[index, customer.activity]] : [],
      ),
    );
  const everyone = weightsFor(null);
  if (!everyone) throw new RangeError('The demo workspace needs at least one customer');
  const byLanguage = { en: weightsFor('en'), de: weightsFor('de'), es: weightsFor('es') };
  return (random) => random.weighted(byLanguage[random.weighted(ticketLanguageWeights)] ?? everyone);
}

function generateTicket(random: Random, customers: readonly CustomerProfile[], customerIndex: number): DemoTicket {
  const customer = customers[customerIndex];
  if (!customer) throw new RangeError(`No demo customer at index ${customerIndex}`);
  const topic = random.weighted(topicWeights);
  const language = customer.language;
  const texts = topic.texts[language];
  let status = random.weighted(statusWeights);
  // Some topics have nothing to wait on (nobody puts a thank-you note on hold).
  if (status === 'on_hold' && !texts.onHold) status = 'solved';
  const channel = random.weighted(channelWeights);
  const priority = pickPriority(random, topic, customer.customer.tier);
  const assigneeIndex = status === 'new' ? null : pickAssignee(random, language);
  const outcome = pickOutcome(random, status, texts);
  const facts = pickFacts(random, topic, language);
  const slotsIn = (textLanguage: DemoLanguage, otherAgentIndex: number): Slots =>
    buildSlots(textLanguage, { facts, customer, assigneeIndex, otherAgentIndex });
  const conversation: Conversation = {
    random,
    topic,
    texts,
    exchange: random.pick(texts.exchanges),
    language,
    slots: slotsIn(language, ((assigneeIndex ?? 0) + 1) % agentProfiles.length),
    channel,
    priority,
    assigneeIndex,
    outcome,
  };
  const messages = buildMessages(planSteps(random, status, topic), conversation);
  const lastMessageMinute = messages.at(-1)?.minutesAfterStart ?? 0;
  const notes =
    assigneeIndex === null
      ? []
      : buildNotes(random, topic, assigneeIndex, messages, (otherAgentIndex) => slotsIn('en', otherAgentIndex));
  const lastActivityMinute = Math.max(lastMessageMinute, notes.at(-1)?.minutesAfterStart ?? 0);
  const [minimumIdle, maximumIdle] = idleMinutes[status];
  return {
    subject: capitalise(fillTemplate(random.pick(texts.subjects), conversation.slots, language)),
    customerIndex,
    status,
    priority,
    channel,
    language,
    tags: customer.customer.tier === 'enterprise' ? [...topic.tags, 'vip'] : [...topic.tags],
    assigneeAgentIndex: assigneeIndex,
    createdMinutesAgo: lastActivityMinute + random.integer(minimumIdle, maximumIdle),
    messages,
    notes,
    outcome,
  };
}

// ---------------------------------------------------------------------------------------------------
// Workspace.

function checkedCount(value: number | undefined, fallback: number, minimum: number, name: string): number {
  const count = value ?? fallback;
  if (!Number.isInteger(count) || count < minimum) throw new RangeError(`${name} must be an integer of at least ${minimum}`);
  return count;
}

/**
 * Generates the demo workspace of "Brightbean Coffee Supply", a small online shop for coffee
 * equipment: three agents, business and private customers in English, German and Spanish, and
 * realistic multi-message tickets in every status. Pure and deterministic: the same options always
 * give the same output, and all times are minutes relative to the moment the data is loaded.
 */
export function generateDemoWorkspace(options: GenerateDemoWorkspaceOptions = {}): DemoWorkspace {
  const seed = options.seed ?? 42;
  if (!Number.isFinite(seed)) throw new RangeError('seed must be a finite number');
  const ticketCount = checkedCount(options.ticketCount, 1000, 0, 'ticketCount');
  const customerCount = checkedCount(options.customerCount, 200, 1, 'customerCount');
  const random = createRandom(seed);

  const usedEmails = new Set<string>(agentProfiles.map((profile) => profile.agent.email));
  const customers = Array.from({ length: customerCount }, () => generateCustomer(random, usedEmails));
  const pickCustomer = createCustomerPicker(customers);
  const tickets = Array.from({ length: ticketCount }, () => generateTicket(random, customers, pickCustomer(random)));

  return {
    name: 'Brightbean Coffee Supply',
    slug: 'brightbean',
    agents: agentProfiles.map((profile) => ({ ...profile.agent, languages: [...profile.agent.languages] })),
    organisations: organisationProfiles.map((profile) => ({ name: profile.name, domain: profile.domain })),
    customers: customers.map((profile) => profile.customer),
    tickets,
    tags: [...demoTags],
  };
}
