/**
 * Deterministic, realistic-looking support-desk text from a seeded PRNG and a small vocabulary.
 * The same seed always yields the same workspace, so runs are comparable.
 */

/** mulberry32: small, fast, good enough for test data. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (minInclusive: number, maxInclusive: number) => minInclusive + Math.floor(next() * (maxInclusive - minInclusive + 1)),
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    /** Picks by weight: [[value, weight], …]. */
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
  };
}
export type Random = ReturnType<typeof createRandom>;

export const products = [
  'blender', 'kettle', 'toaster', 'coffee grinder', 'espresso machine', 'rice cooker', 'stand mixer', 'air fryer',
  'water filter', 'juicer', 'food processor', 'slow cooker', 'milk frother', 'cast iron pan', 'knife set', 'scale',
] as const;
const parts = ['jug', 'lid', 'power cable', 'heating plate', 'carafe', 'filter basket', 'blade', 'handle', 'seal', 'display', 'motor base', 'drip tray'] as const;
const defects = ['cracked', 'leaking', 'scratched', 'missing', 'bent', 'loose', 'noisy', 'overheating', 'dented', 'faulty'] as const;
const couriers = ['the courier', 'the delivery driver', 'the parcel service', 'the depot'] as const;
const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'last week', 'yesterday', 'this morning'] as const;
const topics = ['refund', 'replacement', 'invoice', 'tracking number', 'warranty claim', 'discount code', 'exchange', 'return label', 'subscription', 'gift card'] as const;
const firstNames = ['Amelia', 'Noah', 'Priya', 'Mateo', 'Chloe', 'Kenji', 'Fatima', 'Lucas', 'Ingrid', 'Omar', 'Sofia', 'Daniel', 'Aisha', 'Liam', 'Yuki', 'Elena'] as const;
const lastNames = ['Walker', 'Nguyen', 'Okafor', 'Schmidt', 'Rossi', 'Tanaka', 'Haddad', 'Silva', 'Larsen', 'Kowalski', 'Dubois', 'Patel', 'Murphy', 'Costa'] as const;

type Slots = { product: string; part: string; defect: string; courier: string; day: string; topic: string; order: string };

const customerSentences: readonly ((slots: Slots) => string)[] = [
  (s) => `I ordered the ${s.product} on ${s.day} and it arrived with a ${s.defect} ${s.part}.`,
  (s) => `My order ${s.order} still has not arrived and ${s.courier} says it left the warehouse ${s.day}.`,
  (s) => `Could you please send me the ${s.topic} for order ${s.order}?`,
  (s) => `The ${s.part} of my ${s.product} is ${s.defect} after only two weeks of normal use.`,
  (s) => `I would like a ${s.topic} because the ${s.product} is not what I expected.`,
  (_s) => `This is the second time I am writing about this and nobody has answered yet.`,
  (s) => `The box looked fine from the outside, so I think the ${s.part} was damaged before packing.`,
  (s) => `Is the ${s.product} covered by the warranty if the ${s.part} is ${s.defect}?`,
  (s) => `I need this sorted before the weekend because the ${s.product} was a birthday present.`,
  (s) => `Can you tell me whether I should keep the ${s.defect} ${s.part} or throw it away?`,
  (s) => `The tracking page has shown the same status since ${s.day}, which is quite frustrating.`,
  (s) => `I paid for express shipping, so I expected the ${s.product} to be here by ${s.day}.`,
];
const agentSentences: readonly ((slots: Slots) => string)[] = [
  (s) => `Thank you for writing in, and I am sorry the ${s.product} arrived with a ${s.defect} ${s.part}.`,
  (s) => `I have checked order ${s.order} and ${s.courier} scanned it as delivered ${s.day}.`,
  (s) => `I will send a replacement ${s.part} by express post tomorrow, and you do not need to return the old one.`,
  (s) => `Your ${s.topic} has been issued and should show on your account within five business days.`,
  (s) => `Could you send a photo of the ${s.part} so I can pass it to our warranty team?`,
  (s) => `I have attached the ${s.topic} to this message; please let me know if anything is missing.`,
  (_s) => `As a thank-you for your patience I have added a discount code to your account for your next order.`,
  (s) => `I have asked ${s.courier} to investigate and will update you as soon as I hear back.`,
  (s) => `If the ${s.product} makes any unusual noise again, please stop using it and reply to this email.`,
  (_s) => `Please reply to this message if anything is unclear, and I will get back to you the same day.`,
];

function slots(random: Random, product: string): Slots {
  return {
    product,
    part: random.pick(parts),
    defect: random.pick(defects),
    courier: random.pick(couriers),
    day: random.pick(days),
    topic: random.pick(topics),
    order: `#${random.int(100000, 999999)}`,
  };
}

/** A message body of 80–200 words about `product`. */
export function messageBody(random: Random, product: string, fromCustomer: boolean): string {
  const target = random.int(80, 200);
  const sentences = fromCustomer ? customerSentences : agentSentences;
  const words: string[] = [];
  const opening = fromCustomer ? `Hello,` : `Hi ${random.pick(firstNames)},`;
  words.push(...opening.split(' '));
  while (words.length < target) words.push(...random.pick(sentences)(slots(random, product)).split(' '));
  words.length = Math.min(words.length, target + 12);
  return words.join(' ');
}

export function ticketSubject(random: Random, product: string): string {
  const s = slots(random, product);
  return random.pick([
    `${capitalise(s.product)} arrived with a ${s.defect} ${s.part}`,
    `Where is my order ${s.order}?`,
    `${capitalise(s.topic)} for order ${s.order}`,
    `${capitalise(s.part)} ${s.defect} on my ${s.product}`,
    `Question about ${s.product} ${s.topic}`,
  ]);
}

export function personName(random: Random): string {
  return `${random.pick(firstNames)} ${random.pick(lastNames)}`;
}

const searchWords = [
  ...new Set([...products, ...parts, ...defects, ...topics, 'courier', 'express', 'birthday', 'photo', 'weekend', 'patience'].flatMap((entry) => entry.split(' '))),
];

/** 1–3 words a person would type into the search box, drawn from the same vocabulary as the bodies. */
export function searchQuery(random: Random): string {
  const pool = searchWords;
  const count = random.weighted([[1, 4], [2, 4], [3, 2]] as const);
  const words = new Set<string>();
  while (words.size < count) words.add(random.pick(pool));
  return [...words].join(' ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
