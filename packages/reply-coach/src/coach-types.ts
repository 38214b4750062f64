/**
 * Input and output shapes of the reply coach (issue 5). Plain, JSON-serialisable types so the
 * server can mirror them in a zod schema for `POST /api/v1/coach` and the CLI can pass them
 * through stdin/stdout unchanged.
 */

/** Stable rule ids; workspaces switch them per id (P21), so never rename one. */
export const RULE_IDS = [
  'unanswered-question',
  'apology-count',
  'ownership',
  'dismissive',
  'defensive',
  'jargon',
  'readability',
  'language-mismatch',
  'missing-thanks',
  'unchanged-macro',
  'robotic-phrase',
  'tone-to-angry',
  'commitment',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'info' | 'warn';

/** What a workspace sets per rule: `off` silences it, otherwise it overrides the default severity. */
export type RuleSetting = 'off' | Severity;

export type ConversationMessage = {
  from: 'customer' | 'agent';
  text: string;
  /** ISO-8601 timestamp; optional because drafts can be checked before messages are stored. */
  at?: string;
};

export type TicketContext = {
  ourMistake?: boolean;
  macroText?: string;
  customerName?: string;
  /** ISO 639-1 code when the ticket already knows the customer's language. */
  customerLanguage?: string;
  angry?: boolean;
};

export type GlossaryEntry = { term: string; plain: string };

export type CoachSettings = {
  checks?: Partial<Record<string, RuleSetting>>;
  glossary?: GlossaryEntry[];
  /** ISO-8601; the coach has no clock, so relative dates ("tomorrow") resolve against this. */
  now?: string;
  /** IANA zone of the agent or workspace, e.g. `Europe/Berlin`; defaults to UTC. */
  timeZone?: string;
};

export type CoachInput = {
  draft: string;
  conversation: ConversationMessage[];
  ticket?: TicketContext;
  settings?: CoachSettings;
};

export type Finding = {
  rule: RuleId;
  severity: Severity;
  /** Character offsets into `draft` (UTF-16 code units, as JavaScript strings index). */
  start: number;
  end: number;
  message: string;
  suggestion?: string;
};

export type CustomerQuestion = {
  text: string;
  /** Index into `conversation` of the customer message the question came from. */
  fromMessage: number;
  answered: boolean;
  answerStart?: number;
  answerEnd?: number;
};

export type Commitment = {
  text: string;
  start: number;
  end: number;
  /** ISO-8601 UTC instant, present only when the draft names a time we can resolve. */
  due?: string;
};

export type InboundAnalysis = {
  /** 0 (calm) .. 1 (furious). */
  anger: number;
  abuse: boolean;
  reasons: string[];
};

export type CoachOutput = {
  findings: Finding[];
  questions: CustomerQuestion[];
  commitments: Commitment[];
  apologies: number;
  readability: { grade: number | null; longSentences: number };
  language: { draft: string; customer: string | null };
  inbound: InboundAnalysis;
};

/*
 * The same shapes as JSON Schema (draft 2020-12), plain data so they serialise as they are: for the
 * server's OpenAPI document, for integrators, and to check the zod mirror against. Keep them in step
 * with the types above; coach-types.test.ts compares them with real output.
 */

const ISO_DATE_TIME = { type: 'string', format: 'date-time' } as const;
const SPAN = { type: 'integer', minimum: 0 } as const;

export const COACH_INPUT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'CoachInput',
  type: 'object',
  required: ['draft', 'conversation'],
  additionalProperties: false,
  properties: {
    draft: { type: 'string' },
    conversation: {
      type: 'array',
      items: {
        type: 'object',
        required: ['from', 'text'],
        additionalProperties: false,
        properties: { from: { enum: ['customer', 'agent'] }, text: { type: 'string' }, at: ISO_DATE_TIME },
      },
    },
    ticket: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ourMistake: { type: 'boolean' },
        macroText: { type: 'string' },
        customerName: { type: 'string' },
        customerLanguage: { type: 'string' },
        angry: { type: 'boolean' },
      },
    },
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        checks: { type: 'object', additionalProperties: { enum: ['off', 'info', 'warn'] } },
        glossary: {
          type: 'array',
          items: {
            type: 'object',
            required: ['term', 'plain'],
            additionalProperties: false,
            properties: { term: { type: 'string' }, plain: { type: 'string' } },
          },
        },
        now: ISO_DATE_TIME,
        timeZone: { type: 'string' },
      },
    },
  },
} as const;

export const COACH_OUTPUT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'CoachOutput',
  type: 'object',
  required: ['findings', 'questions', 'commitments', 'apologies', 'readability', 'language', 'inbound'],
  additionalProperties: false,
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['rule', 'severity', 'start', 'end', 'message'],
        additionalProperties: false,
        properties: {
          rule: { enum: [...RULE_IDS] },
          severity: { enum: ['info', 'warn'] },
          start: SPAN,
          end: SPAN,
          message: { type: 'string' },
          suggestion: { type: 'string' },
        },
      },
    },
    questions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['text', 'fromMessage', 'answered'],
        additionalProperties: false,
        properties: {
          text: { type: 'string' },
          fromMessage: { type: 'integer', minimum: 0 },
          answered: { type: 'boolean' },
          answerStart: SPAN,
          answerEnd: SPAN,
        },
      },
    },
    commitments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['text', 'start', 'end'],
        additionalProperties: false,
        properties: { text: { type: 'string' }, start: SPAN, end: SPAN, due: ISO_DATE_TIME },
      },
    },
    apologies: { type: 'integer', minimum: 0 },
    readability: {
      type: 'object',
      required: ['grade', 'longSentences'],
      additionalProperties: false,
      properties: { grade: { type: ['number', 'null'] }, longSentences: { type: 'integer', minimum: 0 } },
    },
    language: {
      type: 'object',
      required: ['draft', 'customer'],
      additionalProperties: false,
      properties: { draft: { type: 'string' }, customer: { type: ['string', 'null'] } },
    },
    inbound: {
      type: 'object',
      required: ['anger', 'abuse', 'reasons'],
      additionalProperties: false,
      properties: {
        anger: { type: 'number', minimum: 0, maximum: 1 },
        abuse: { type: 'boolean' },
        reasons: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;
