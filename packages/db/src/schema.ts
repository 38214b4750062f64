/**
 * The one schema for PGlite and PostgreSQL. Rules (ENGINEERING.md §3): every tenant-owned row has
 * workspace_id, every index leads with it, and foreign keys between tenant rows go through
 * (workspace_id, id) so a row can never point into another workspace.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () => uuid('id').notNull().defaultRandom();
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

export const workspaces = pgTable('workspaces', {
  id: id().primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  /** Reply coach settings (P21): {checks: {<check>: 'off'|'warn'|...}, glossary: [{term, plain}]}. */
  coachSettings: jsonb('coach_settings').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

/** Ticket numbers come from this row, incremented in the creating transaction (never max + 1). */
export const workspaceCounters = pgTable('workspace_counters', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  nextTicketNumber: bigint('next_ticket_number', { mode: 'number' }).notNull().default(1),
});

/** A person who can sign in. Global (one login, several workspaces); membership carries the role. */
export const users = pgTable('users', {
  id: id().primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
  passwordChangedAt: ts('password_changed_at'),
  /** The agent's own IANA time zone for dates in the app; null = the workspace's. */
  timeZone: text('time_zone'),
});

export const memberships = pgTable(
  'memberships',
  {
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['admin', 'lead', 'agent'] }).notNull(),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    /** Routing (P5): what the agent is good at, matched against a ticket's required skills. */
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** Routing respects it: only online agents get tickets automatically. */
    availability: text('availability', { enum: ['online', 'away', 'offline'] }).notNull().default('offline'),
    /** Load-balanced routing gives an agent no more open tickets than this; null = no limit. */
    maxOpenTickets: integer('max_open_tickets'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.userId] }), index('memberships_user_idx').on(table.userId)],
);

/** Server-side sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: workspaceId(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id().primaryKey(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (table) => [index('api_tokens_workspace_user_idx').on(table.workspaceId, table.userId)],
);

/** Failed sign-ins, per key ("ip:…" or "account:…"); stored in the database so limits hold across processes. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    attemptedAt: ts('attempted_at').notNull().defaultNow(),
  },
  (table) => [index('login_attempts_key_idx').on(table.key, table.attemptedAt)],
);

export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    domains: text('domains').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('organisations_id_key').on(table.id),
    index('organisations_workspace_name_idx').on(table.workspaceId, table.name),
  ],
);

export const customers = pgTable(
  'customers',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    tier: text('tier', { enum: ['standard', 'priority', 'enterprise'] }).notNull().default('standard'),
    language: text('language'),
    organisationId: uuid('organisation_id'),
    /** Set when this customer was merged into another (duplicate); its identities and tickets moved there. */
    mergedIntoId: uuid('merged_into_id'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('customers_id_key').on(table.id),
    index('customers_workspace_name_idx').on(table.workspaceId, table.name),
    foreignKey({
      columns: [table.workspaceId, table.organisationId],
      foreignColumns: [organisations.workspaceId, organisations.id],
    }),
  ],
);

/** Email addresses, phone numbers and chat ids of a customer; one identity belongs to one customer. */
export const customerIdentities = pgTable(
  'customer_identities',
  {
    id: id().primaryKey(),
    workspaceId: workspaceId(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind', { enum: ['email', 'phone', 'chat'] }).notNull(),
    value: text('value').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('customer_identities_value_key').on(table.workspaceId, table.kind, table.value),
    index('customer_identities_customer_idx').on(table.workspaceId, table.customerId),
    foreignKey({ columns: [table.workspaceId, table.customerId], foreignColumns: [customers.workspaceId, customers.id] }).onDelete(
      'cascade',
    ),
  ],
);

export const teams = pgTable(
  'teams',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    /** How new tickets of this team find an agent: by hand, in turn, or to the least loaded. */
    routing: text('routing', { enum: ['manual', 'round_robin', 'load_balanced'] }).notNull().default('manual'),
    /** Where a ticket goes when no available member speaks its language (flagged on the ticket). */
    fallbackTeamId: uuid('fallback_team_id'),
    /** Round-robin's pointer: the member who got the last ticket. */
    lastAssignedUserId: uuid('last_assigned_user_id'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('teams_id_key').on(table.id),
    uniqueIndex('teams_name_key').on(table.workspaceId, table.name),
    // Migration 0007 spells these ON DELETE SET NULL (<column>): see escalation_levels.
    foreignKey({ columns: [table.workspaceId, table.fallbackTeamId], foreignColumns: [table.workspaceId, table.id] }).onDelete('set null'),
    foreignKey({ columns: [table.workspaceId, table.lastAssignedUserId], foreignColumns: [memberships.workspaceId, memberships.userId] }).onDelete('set null'),
  ],
);

/** Which agents belong to which team (routing and "my team's" views build on it). */
export const teamMembers = pgTable(
  'team_members',
  {
    workspaceId: workspaceId(),
    teamId: uuid('team_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.teamId, table.userId] }),
    index('team_members_user_idx').on(table.workspaceId, table.userId),
    foreignKey({ columns: [table.workspaceId, table.teamId], foreignColumns: [teams.workspaceId, teams.id] }).onDelete('cascade'),
    // Only a member of this workspace can join one of its teams.
    foreignKey({ columns: [table.workspaceId, table.userId], foreignColumns: [memberships.workspaceId, memberships.userId] }).onDelete('cascade'),
  ],
);

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    workspaceId: workspaceId(),
    number: bigint('number', { mode: 'number' }).notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] }).notNull(),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull().default('normal'),
    channel: text('channel', { enum: ['email', 'web', 'chat', 'phone', 'api'] }).notNull(),
    customerId: uuid('customer_id').notNull(),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    teamId: uuid('team_id'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb('custom_fields').$type<Record<string, string | number | boolean>>().notNull().default({}),
    language: text('language'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    lastMessageAt: ts('last_message_at'),
    firstReplyAt: ts('first_reply_at'),
    solvedAt: ts('solved_at'),
    outcome: text('outcome', { enum: ['solved', 'workaround', 'could_not_solve'] }),
    mergedIntoId: uuid('merged_into_id'),
    /**
     * The fair queue's order (P17): the ticket's virtual deadline (SLA due time or a priority-based
     * target, less a bounded credit for the customer's tier). "Next ticket" takes the smallest.
     */
    queueKey: ts('queue_key'),
    /** Routing (P5): skills an agent needs for this ticket (matched against memberships.skills). */
    requiredSkills: text('required_skills').array().notNull().default(sql`'{}'::text[]`),
    /** Set by routing when it could not do what it should, e.g. 'no_language_match' (sent to the fallback team). */
    routingFlag: text('routing_flag'),
    /** Escalation (P12): the current tier, 0 = first line. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    /** False once a person overrode routing on this ticket (with a reason): routing leaves it alone. */
    autoRouting: boolean('auto_routing').notNull().default(true),
    subjectSearch: tsvector('subject_search')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`to_tsvector('english', ${tickets.subject})`),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('tickets_id_key').on(table.id),
    uniqueIndex('tickets_number_key').on(table.workspaceId, table.number),
    index('tickets_inbox_idx').on(table.workspaceId, table.assigneeId, table.status, table.updatedAt.desc()),
    // The inbox views (mine, unassigned, all open, pending) read open tickets newest first. A partial
    // index in that order lets LIMIT 50 stop after 50 rows instead of sorting every open ticket of
    // the agent (measured at 1M tickets: a bitmap scan + sort + parallel worker start-up).
    index('tickets_open_by_assignee_idx')
      .on(table.workspaceId, table.assigneeId, table.updatedAt.desc(), table.id.desc())
      .where(sql`status in ('new', 'open', 'pending', 'on_hold')`),
    index('tickets_open_idx')
      .on(table.workspaceId, table.updatedAt.desc(), table.id.desc())
      .where(sql`status in ('new', 'open', 'pending', 'on_hold')`),
    index('tickets_status_idx').on(table.workspaceId, table.status, table.updatedAt.desc()),
    index('tickets_updated_idx').on(table.workspaceId, table.updatedAt.desc()),
    index('tickets_customer_idx').on(table.workspaceId, table.customerId, table.createdAt.desc()),
    index('tickets_tags_idx').using('gin', table.workspaceId, table.tags),
    index('tickets_subject_search_idx').using('gin', table.workspaceId, table.subjectSearch),
    // "Next ticket": the unassigned, unanswered-by-us tickets of a team (or of the workspace) in queue order.
    index('tickets_queue_team_idx')
      .on(table.workspaceId, table.teamId, table.queueKey)
      .where(sql`status in ('new', 'open') and assignee_id is null and queue_key is not null`),
    index('tickets_queue_idx')
      .on(table.workspaceId, table.queueKey)
      .where(sql`status in ('new', 'open') and assignee_id is null and queue_key is not null`),
    foreignKey({ columns: [table.workspaceId, table.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
    foreignKey({ columns: [table.workspaceId, table.teamId], foreignColumns: [teams.workspaceId, teams.id] }),
    foreignKey({ columns: [table.workspaceId, table.mergedIntoId], foreignColumns: [table.workspaceId, table.id] }),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    channel: text('channel', { enum: ['email', 'web', 'chat', 'phone', 'api'] }).notNull(),
    authorType: text('author_type', { enum: ['customer', 'agent', 'system'] }).notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorCustomerId: uuid('author_customer_id'),
    text: text('text').notNull(),
    /** Sanitised on render too; this column is the parsed HTML body, never trusted as-is. */
    html: text('html'),
    /** Storage key of the raw original (e.g. the RFC 5322 bytes), when there is one. */
    rawKey: text('raw_key'),
    /** The email Message-ID; unique per workspace so a re-delivered email is absorbed. */
    externalId: text('external_id'),
    /** Which threading rule joined this message to its ticket (shown on the ticket). */
    threadRule: text('thread_rule', {
      enum: ['new_ticket', 'reply_token', 'references', 'subject', 'accepted', 'moved', 'split'],
    }),
    /** Quoted history and signature stripped from `text` for the ticket view (one click away). */
    quotedText: text('quoted_text'),
    /** The receipt it came from (inbound email). */
    inboundEmailId: uuid('inbound_email_id'),
    /** Email details: from/to/cc, SPF/DKIM/DMARC results, auto-submitted kind, parser warnings. */
    emailMeta: jsonb('email_meta').$type<Record<string, unknown>>(),
    /** Outbound email delivery: queued → sent, or failed with a reason (also set by a bounce). */
    deliveryStatus: text('delivery_status', { enum: ['queued', 'sent', 'failed'] }),
    deliveryError: text('delivery_error'),
    /** Undo-send: until this time the agent may withdraw the reply (its email is not sent before). */
    undoUntil: ts('undo_until'),
    /** Set when the reply was withdrawn inside its undo window; hidden from the timeline. */
    withdrawnAt: ts('withdrawn_at'),
    createdAt: createdAt(),
    bodySearch: tsvector('body_search')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`to_tsvector('english', ${messages.text})`),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('messages_id_key').on(table.id),
    uniqueIndex('messages_external_id_key').on(table.workspaceId, table.externalId),
    index('messages_ticket_idx').on(table.workspaceId, table.ticketId, table.createdAt),
    index('messages_body_search_idx').using('gin', table.workspaceId, table.bodySearch),
    // Search walks a workspace's messages newest first when a word is common (see decision 0006).
    index('messages_recent_idx').on(table.workspaceId, table.createdAt.desc()),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      columns: [table.workspaceId, table.authorCustomerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
  ],
);

export const notes = pgTable(
  'notes',
  {
    id: id(),
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    text: text('text').notNull(),
    /** Users @mentioned in the note; each is notified. */
    mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
    bodySearch: tsvector('body_search')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`to_tsvector('english', ${notes.text})`),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('notes_id_key').on(table.id),
    index('notes_ticket_idx').on(table.workspaceId, table.ticketId, table.createdAt),
    index('notes_body_search_idx').using('gin', table.workspaceId, table.bodySearch),
    index('notes_recent_idx').on(table.workspaceId, table.createdAt.desc()),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** Files are content-addressed in storage (key = sha256); this row ties one to a message. */
export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    workspaceId: workspaceId(),
    messageId: uuid('message_id').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    contentId: text('content_id'),
    isInline: boolean('is_inline').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    index('attachments_message_idx').on(table.workspaceId, table.messageId),
    foreignKey({ columns: [table.workspaceId, table.messageId], foreignColumns: [messages.workspaceId, messages.id] }).onDelete(
      'cascade',
    ),
  ],
);

export const tags = pgTable(
  'tags',
  {
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.name] })],
);

export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: id(),
    workspaceId: workspaceId(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: ['text', 'number', 'boolean', 'date', 'select'] }).notNull(),
    options: text('options').array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), uniqueIndex('custom_field_key').on(table.workspaceId, table.key)],
);

export const views = pgTable(
  'views',
  {
    id: id(),
    workspaceId: workspaceId(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
    isShared: boolean('is_shared').notNull().default(false),
    isBuiltIn: boolean('is_built_in').notNull().default(false),
    position: integer('position').notNull().default(100),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), index('views_owner_idx').on(table.workspaceId, table.ownerId)],
);

/** Append-only: who did what. Never updated or deleted by the application. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceId(),
    actorType: text('actor_type', { enum: ['user', 'token', 'system', 'customer'] }).notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (table) => [index('audit_log_subject_idx').on(table.workspaceId, table.subjectType, table.subjectId, table.id)],
);

/** Side effects, written in the same transaction as the change; the worker delivers them. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceId(),
    topic: text('topic').notNull(),
    version: integer('version').notNull().default(1),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    dispatchedAt: ts('dispatched_at'),
    /** A dispatcher holds the row until then; if it dies, another takes the row over (at-least-once). */
    claimedUntil: ts('claimed_until'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (table) => [index('outbox_pending_idx').on(table.id).where(sql`dispatched_at is null`)],
);

/** Mutating POSTs with an Idempotency-Key replay the first response instead of acting twice. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: workspaceId(),
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.principal, table.key] })],
);

/** In-app notifications (assignments, customer replies); one per event and recipient. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id'),
    kind: text('kind').notNull(),
    /** The outbox event that caused it: a redelivered event creates nothing new. */
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    readAt: ts('read_at'),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    uniqueIndex('notifications_event_key').on(table.workspaceId, table.userId, table.eventId, table.kind),
    index('notifications_user_idx').on(table.workspaceId, table.userId, table.createdAt.desc()),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
  ],
);

/**
 * A member's choice to get (or not) an email for one kind of in-app notification. Only choices
 * that were made are stored; a kind without a row follows the default in
 * apps/server/src/modules/notifications/notification-email-rules.ts. Gone with the membership.
 */
export const notificationEmailSettings = pgTable(
  'notification_email_settings',
  {
    workspaceId: workspaceId(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    isEnabled: boolean('is_enabled').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.userId, table.kind] }),
    foreignKey({ columns: [table.workspaceId, table.userId], foreignColumns: [memberships.workspaceId, memberships.userId] }).onDelete('cascade'),
  ],
);

/** A workspace's own email addresses. Inbound SMTP routes by them (and their +token variants). */
export const emailAddresses = pgTable(
  'email_addresses',
  {
    id: id(),
    workspaceId: workspaceId(),
    /** Lower-case; unique across workspaces so inbound mail routes without ambiguity. */
    address: text('address').notNull(),
    displayName: text('display_name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    uniqueIndex('email_addresses_address_key').on(table.address),
  ],
);

/** Per-workspace email behaviour; one row, created with defaults on first use. */
export const emailSettings = pgTable('email_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** HMAC key of reply tokens (hex). Never leaves the server. */
  signingSecret: text('signing_secret').notNull(),
  /** Threading rule 3: same sender and normalised subject within 14 days. Off by default. */
  subjectThreading: boolean('subject_threading').notNull().default(false),
  autoAckEnabled: boolean('auto_ack_enabled').notNull().default(true),
  autoAckSubject: text('auto_ack_subject'),
  autoAckBody: text('auto_ack_body'),
  /** Loop guard: automatic messages per recipient address per day. */
  autoMessageDailyLimit: integer('auto_message_daily_limit').notNull().default(5),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** IMAP mailboxes polled (IDLE where supported) by the worker role. */
export const imapMailboxes = pgTable(
  'imap_mailboxes',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    host: text('host').notNull(),
    port: integer('port').notNull().default(993),
    secure: boolean('secure').notNull().default(true),
    username: text('username').notNull(),
    /** Stored for the worker; never returned by the API nor logged. */
    password: text('password').notNull(),
    mailbox: text('mailbox').notNull().default('INBOX'),
    /** What happens to a message once stored: flag it Seen, or move it to `moveTo`. */
    processedAction: text('processed_action', { enum: ['flag', 'move'] }).notNull().default('flag'),
    moveTo: text('move_to'),
    enabled: boolean('enabled').notNull().default(true),
    uidValidity: bigint('uid_validity', { mode: 'number' }),
    /** Highest UID stored under uidValidity: a restart resumes after it. */
    lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
    status: text('status', { enum: ['idle', 'connecting', 'connected', 'failing'] }).notNull().default('idle'),
    lastError: text('last_error'),
    lastErrorAt: ts('last_error_at'),
    failures: integer('failures').notNull().default(0),
    lastSyncAt: ts('last_sync_at'),
    /** With several worker processes, one holds a mailbox at a time: its id and lease end. */
    claimedBy: text('claimed_by'),
    claimedUntil: ts('claimed_until'),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), unique('imap_mailboxes_id_key').on(table.id)],
);

/**
 * The receipt of one inbound email: written (after the raw bytes are durably stored) before the
 * sender is told 250, and the work queue of the inbound processor. Unique per workspace on the
 * Message-ID (or a content hash when there is none), so a message is never processed twice.
 */
export const inboundEmails = pgTable(
  'inbound_emails',
  {
    id: id(),
    workspaceId: workspaceId(),
    source: text('source', { enum: ['smtp', 'imap', 'import', 'replay'] }).notNull(),
    mailboxId: uuid('mailbox_id'),
    /** SHA-256 storage key of the raw RFC 5322 bytes. */
    rawKey: text('raw_key').notNull(),
    rawSize: integer('raw_size').notNull(),
    /** "mid:<message-id>" or "sha256:<hash>" when the message has no Message-ID. */
    dedupeKey: text('dedupe_key').notNull(),
    envelopeFrom: text('envelope_from'),
    envelopeTo: text('envelope_to').array().notNull().default(sql`'{}'::text[]`),
    remoteAddress: text('remote_address'),
    /** The name the SMTP client greeted with (SPF checks it for bounces, which have no envelope sender). */
    helo: text('helo'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /**
     * Arrival order: breaks ties of received_at (taken in milliseconds, so one sender's quick
     * follow-ups can share it) so that one sender's emails are processed in the order they came.
     */
    arrival: bigserial('arrival', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['received', 'processed', 'quarantined', 'held', 'ignored', 'deleted'] })
      .notNull()
      .default('received'),
    /** A processor holds the row until then; if it dies, another takes it over. */
    claimedUntil: ts('claimed_until'),
    attempts: integer('attempts').notNull().default(0),
    /** Quarantine or hold reason code (e.g. unparseable, no_from, unverified_sender, dmarc_fail). */
    reason: text('reason'),
    reasonDetail: text('reason_detail'),
    /** The ticket it joined or created; for a held message, the ticket it claims to belong to. */
    ticketId: uuid('ticket_id'),
    messageId: uuid('message_id'),
    fromAddress: text('from_address'),
    subject: text('subject'),
    processedAt: ts('processed_at'),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('inbound_emails_id_key').on(table.id),
    uniqueIndex('inbound_emails_dedupe_key').on(table.workspaceId, table.dedupeKey),
    index('inbound_emails_pending_idx').on(table.receivedAt, table.arrival).where(sql`status = 'received'`),
    index('inbound_emails_status_idx').on(table.workspaceId, table.status, table.receivedAt.desc()),
  ],
);

/**
 * One email to send: a reply, an auto-acknowledgement or a notification. Written in the same
 * transaction as the message; the sender claims due rows. The Message-ID is fixed here and reused
 * on every retry.
 */
export const outboundEmails = pgTable(
  'outbound_emails',
  {
    id: id(),
    workspaceId: workspaceId(),
    kind: text('kind', { enum: ['reply', 'auto_ack', 'notification'] }).notNull(),
    ticketId: uuid('ticket_id'),
    /** The ticket message it delivers (replies and auto-acknowledgements). */
    messageId: uuid('message_id'),
    rfcMessageId: text('rfc_message_id').notNull(),
    fromAddress: text('from_address').notNull(),
    fromName: text('from_name').notNull(),
    replyTo: text('reply_to'),
    toAddresses: text('to_addresses').array().notNull(),
    ccAddresses: text('cc_addresses').array().notNull().default(sql`'{}'::text[]`),
    subject: text('subject').notNull(),
    inReplyTo: text('in_reply_to'),
    references: text('references').array().notNull().default(sql`'{}'::text[]`),
    text: text('text').notNull(),
    html: text('html'),
    status: text('status', { enum: ['queued', 'sent', 'failed'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    claimedUntil: ts('claimed_until'),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('outbound_emails_id_key').on(table.id),
    uniqueIndex('outbound_emails_rfc_message_id_key').on(table.rfcMessageId),
    index('outbound_emails_due_idx').on(table.nextAttemptAt).where(sql`status = 'queued'`),
    index('outbound_emails_ticket_idx').on(table.workspaceId, table.ticketId),
  ],
);

/** Every automatic email sent (auto-acknowledgements, notifications): the loop guard counts them. */
export const automaticEmails = pgTable(
  'automatic_emails',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: workspaceId(),
    address: text('address').notNull(),
    ticketId: uuid('ticket_id'),
    kind: text('kind').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('automatic_emails_address_idx').on(table.workspaceId, table.address, table.createdAt.desc())],
);

/** Canned replies with placeholders ({{customer.name}}, {{ticket.number}}, …) and optional ticket changes. */
export const macros = pgTable(
  'macros',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    body: text('body').notNull(),
    /** Changes applied with the macro: {status?, priority?, addTags?: string[], assigneeId?, teamId?}. */
    actions: jsonb('actions').$type<Record<string, unknown>>().notNull().default({}),
    /** Null: shared with the workspace; otherwise visible to this user only. */
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    usageCount: integer('usage_count').notNull().default(0),
    /** 'clarifying': a clarifying-question snippet (P10), offered when asking the customer for details. */
    category: text('category', { enum: ['macro', 'clarifying'] }).notNull().default('macro'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), index('macros_name_idx').on(table.workspaceId, table.name)],
);

/** Unsent composer text, saved on the server as the agent types (one reply and one note draft per agent and ticket). */
export const drafts = pgTable(
  'drafts',
  {
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['reply', 'note'] }).notNull(),
    body: text('body').notNull(),
    /** When the agent started this draft: a customer message after it triggers a warning before sending. */
    startedAt: ts('started_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** Incremented on every save; a stale save (lower revision) is refused. */
    revision: integer('revision').notNull().default(1),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.ticketId, table.userId, table.kind] }),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** Agents following a ticket (collaborators): notified of replies and changes on it. */
export const ticketFollowers = pgTable(
  'ticket_followers',
  {
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.ticketId, table.userId] }),
    index('ticket_followers_user_idx').on(table.workspaceId, table.userId),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** When each agent last read each ticket: a ticket whose last message is newer is unread for them. */
export const ticketReads = pgTable(
  'ticket_reads',
  {
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    readAt: ts('read_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.ticketId, table.userId] }),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** Files an agent attached in the composer before sending; copied to `attachments` when the reply is written, pruned after a day. */
export const uploads = pgTable(
  'uploads',
  {
    id: id(),
    workspaceId: workspaceId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), index('uploads_created_idx').on(table.workspaceId, table.createdAt)],
);

// ---- Service workflow (issue 7): business hours, SLAs, outcomes ----

/**
 * The workspace's opening hours, counted in its time zone (workspaces.time_zone): weekly intervals
 * and holidays. SLA targets (and the first-reply estimate) count only open time. One per workspace.
 */
export const businessCalendars = pgTable('business_calendars', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** [{"day": 1..7 (ISO weekday, Monday = 1), "start": "HH:MM", "end": "HH:MM" or "24:00"}] */
  weekly: jsonb('weekly')
    .$type<{ day: number; start: string; end: string }[]>()
    .notNull()
    .default([1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }))),
  /** [{"date": "YYYY-MM-DD" (local), "name": "…"}]: closed all day. */
  holidays: jsonb('holidays').$type<{ date: string; name: string }[]>().notNull().default([]),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Service targets. The first enabled policy (by position) whose conditions match a ticket applies;
 * an empty condition list matches anything. Targets in minutes; null = no target for that metric.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    priorities: text('priorities').array().notNull().default(sql`'{}'::text[]`),
    tiers: text('tiers').array().notNull().default(sql`'{}'::text[]`),
    channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
    firstReplyMinutes: integer('first_reply_minutes'),
    nextReplyMinutes: integer('next_reply_minutes'),
    resolutionMinutes: integer('resolution_minutes'),
    /** Count only business hours (the workspace calendar), or calendar time around the clock. */
    businessHours: boolean('business_hours').notNull().default(true),
    /** Warn this many (counted) minutes before a target is breached. */
    warnMinutes: integer('warn_minutes').notNull().default(30),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), unique('sla_policies_id_key').on(table.id)],
);

/**
 * The running SLA clocks of a ticket, one row per metric. `elapsed_ms` is the counted time before
 * `running_since`; while running, `due_at`/`warn_at` say when the target is breached/warned about.
 * Paused (pending on the customer) and stopped clocks have no due time. The SLA monitor claims rows
 * whose warn or due time passed (partial indexes: no sweep over all tickets).
 */
export const ticketSlas = pgTable(
  'ticket_slas',
  {
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    metric: text('metric', { enum: ['first_reply', 'next_reply', 'resolution'] }).notNull(),
    policyId: uuid('policy_id'),
    targetMinutes: integer('target_minutes').notNull(),
    warnMinutes: integer('warn_minutes').notNull().default(0),
    businessHours: boolean('business_hours').notNull(),
    startedAt: ts('started_at').notNull(),
    elapsedMs: bigint('elapsed_ms', { mode: 'number' }).notNull().default(0),
    runningSince: ts('running_since'),
    dueAt: ts('due_at'),
    warnAt: ts('warn_at'),
    warnedAt: ts('warned_at'),
    breachedAt: ts('breached_at'),
    stoppedAt: ts('stopped_at'),
    /** Minutes a person added to the target (an override with a reason); kept when the policy is re-applied. */
    extraMinutes: integer('extra_minutes').notNull().default(0),
    /** A person waived this clock (an override with a reason): it stops and can no longer breach. */
    waivedAt: ts('waived_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.ticketId, table.metric] }),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
    index('ticket_slas_due_idx').on(table.dueAt).where(sql`breached_at is null and due_at is not null`),
    index('ticket_slas_warn_idx').on(table.warnAt).where(sql`warned_at is null and warn_at is not null`),
    index('ticket_slas_open_due_idx').on(table.workspaceId, table.dueAt).where(sql`due_at is not null`),
  ],
);

/** "Could not solve" asks for a lesson (P6, P13); leads read them in one list. */
export const ticketLessons = pgTable(
  'ticket_lessons',
  {
    id: id(),
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    lesson: text('lesson').notNull(),
    /** Optional product feedback: what the product should do so this can be solved next time. */
    productFeedback: text('product_feedback'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    index('ticket_lessons_created_idx').on(table.workspaceId, table.createdAt.desc()),
    index('ticket_lessons_ticket_idx').on(table.workspaceId, table.ticketId),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
  ],
);

// ---- Service workflow, second part (issue 7 parts 3–6, 8) ----

/** Workspace service settings: waiting on the customer (P10). One row per workspace, defaults on first use. */
export const serviceSettings = pgTable('service_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** Remind the customer after this many business days pending; null = never. */
  pendingReminderDays: integer('pending_reminder_days').default(3),
  /** Close (with a notice) after this many business days pending; null = never. */
  pendingCloseDays: integer('pending_close_days').default(7),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * A ticket waiting on the customer: when it went pending and when the next step (reminder, then
 * close) is due. Written when a ticket becomes pending, deleted when it leaves pending.
 */
export const ticketWaits = pgTable(
  'ticket_waits',
  {
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    pendingSince: ts('pending_since').notNull(),
    remindAt: ts('remind_at'),
    remindedAt: ts('reminded_at'),
    closeAt: ts('close_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.ticketId] }),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
    index('ticket_waits_remind_idx').on(table.remindAt).where(sql`reminded_at is null and remind_at is not null`),
    index('ticket_waits_close_idx').on(table.closeAt).where(sql`close_at is not null`),
  ],
);

/**
 * A promise made to a customer in a sent reply (P26), found by the reply coach: a follow-up task
 * with a due time for its author. Kept, broken (overdue and closed as such) or dropped with a reason.
 */
export const promises = pgTable(
  'promises',
  {
    id: id(),
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    /** The reply that made it. */
    messageId: uuid('message_id'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    /** The sentence of the reply that promises something. */
    text: text('text').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status', { enum: ['open', 'kept', 'broken', 'dropped'] }).notNull().default('open'),
    remindAt: ts('remind_at'),
    remindedAt: ts('reminded_at'),
    /** The reason when dropped or edited, and who closed it. */
    reason: text('reason'),
    resolvedById: uuid('resolved_by_id').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: ts('resolved_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('promises_id_key').on(table.id),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
    index('promises_ticket_idx').on(table.workspaceId, table.ticketId),
    index('promises_owner_idx').on(table.workspaceId, table.ownerId, table.dueAt).where(sql`status = 'open'`),
    index('promises_open_due_idx').on(table.workspaceId, table.dueAt).where(sql`status = 'open'`),
    index('promises_remind_idx').on(table.remindAt).where(sql`status = 'open' and reminded_at is null and remind_at is not null`),
  ],
);

/** Escalation tiers (P12): level 1, 2, … each handled by a team and/or a named expert. */
export const escalationLevels = pgTable(
  'escalation_levels',
  {
    id: id(),
    workspaceId: workspaceId(),
    /** 1 = the first escalation tier (level 0 is the first line and has no row). */
    level: integer('level').notNull(),
    name: text('name').notNull(),
    teamId: uuid('team_id'),
    expertId: uuid('expert_id').references(() => users.id, { onDelete: 'set null' }),
    /** Escalate here automatically when an SLA clock of a ticket one level below is breached. */
    onSlaBreach: boolean('on_sla_breach').notNull().default(false),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    uniqueIndex('escalation_levels_level_key').on(table.workspaceId, table.level),
    // Migration 0007 spells this ON DELETE SET NULL ("team_id"): drizzle cannot say the column list,
    // and without it PostgreSQL would null workspace_id too.
    foreignKey({ columns: [table.workspaceId, table.teamId], foreignColumns: [teams.workspaceId, teams.id] }).onDelete('set null'),
  ],
);

/** The escalation history of a ticket: every move between levels with its hand-off note. */
export const ticketEscalations = pgTable(
  'ticket_escalations',
  {
    id: id(),
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    fromLevel: integer('from_level').notNull(),
    toLevel: integer('to_level').notNull(),
    teamId: uuid('team_id'),
    expertId: uuid('expert_id'),
    /** The hand-off note: what was tried and what is needed (required for a person's escalation). */
    note: text('note').notNull(),
    trigger: text('trigger', { enum: ['manual', 'sla'] }).notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    index('ticket_escalations_ticket_idx').on(table.workspaceId, table.ticketId, table.createdAt),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
  ],
);

/**
 * Playbooks (P24, P27, P30): guided steps for a kind of situation, with a checklist, a suggested
 * macro and the resolution actions allowed. Built-in ones are seeded per workspace.
 */
export const playbooks = pgTable(
  'playbooks',
  {
    id: id(),
    workspaceId: workspaceId(),
    /** Stable key of a built-in playbook ('angry_customer', 'our_mistake', 'delayed_shipment', 'refund_request'); null for custom ones. */
    key: text('key'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** [{"title": "...", "detail": "..."}] */
    steps: jsonb('steps').$type<{ title: string; detail: string }[]>().notNull().default([]),
    suggestedMacroId: uuid('suggested_macro_id'),
    /** Resolution actions this playbook allows: refund, store_credit, replacement, discount, free_shipping. */
    allowedActions: text('allowed_actions').array().notNull().default(sql`'{}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    uniqueIndex('playbooks_key_key').on(table.workspaceId, table.key),
    // ON DELETE SET NULL ("suggested_macro_id") in migration 0007.
    foreignKey({ columns: [table.workspaceId, table.suggestedMacroId], foreignColumns: [macros.workspaceId, macros.id] }).onDelete('set null'),
  ],
);

/** A playbook run on a ticket: which steps are checked off. One run per ticket and playbook. */
export const ticketPlaybookRuns = pgTable(
  'ticket_playbook_runs',
  {
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    playbookId: uuid('playbook_id').notNull(),
    /** Indexes of the checked steps. */
    checkedSteps: integer('checked_steps').array().notNull().default(sql`'{}'::int[]`),
    startedById: uuid('started_by_id').references(() => users.id, { onDelete: 'set null' }),
    startedAt: createdAt(),
    completedAt: ts('completed_at'),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.ticketId, table.playbookId] }),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
    foreignKey({ columns: [table.workspaceId, table.playbookId], foreignColumns: [playbooks.workspaceId, playbooks.id] }).onDelete('cascade'),
  ],
);

// ---- Service workflow, third part (issue 7 parts 7 and 9) ----

const money = (name: string) => numeric(name, { precision: 14, scale: 2 });
const resolutionActionKinds = ['refund', 'store_credit', 'replacement', 'discount', 'free_shipping'] as const;

/**
 * Discretion limits (P3, P29): how much one role may give without asking, per resolution action and
 * currency: at most `per_action` in one action and (optionally) `per_period` in all of one agent's
 * actions of the period. A role with no row for an action and currency has no discretion there
 * (every such action needs approval), except admins, who are unlimited unless a row says otherwise.
 */
export const discretionLimits = pgTable(
  'discretion_limits',
  {
    id: id(),
    workspaceId: workspaceId(),
    role: text('role', { enum: ['agent', 'lead', 'admin'] }).notNull(),
    action: text('action', { enum: resolutionActionKinds }).notNull(),
    /** ISO 4217, upper case. */
    currency: text('currency').notNull(),
    perAction: money('per_action').notNull(),
    perPeriod: money('per_period'),
    period: text('period', { enum: ['day', 'week', 'month'] }).notNull().default('month'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    uniqueIndex('discretion_limits_key').on(table.workspaceId, table.role, table.action, table.currency),
  ],
);

/**
 * The resolution ledger: every refund, credit, replacement, discount or free shipping given or asked
 * for on a ticket (who, what, why, approver). Within the agent's limit it is approved at once
 * (`approval` = 'within_limit'); above it, it waits for a lead (`status` = 'pending').
 */
export const resolutionActions = pgTable(
  'resolution_actions',
  {
    id: id(),
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    action: text('action', { enum: resolutionActionKinds }).notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['approved', 'pending', 'rejected', 'cancelled'] }).notNull(),
    /** How it was approved: inside the requester's limit, or by an approver's decision. Null while pending or when not approved. */
    approval: text('approval', { enum: ['within_limit', 'approver'] }),
    /** Why it needed approval: which limit it was above (null when it was within the limit). */
    approvalReason: text('approval_reason', { enum: ['above_per_action', 'above_period', 'no_limit'] }),
    requestedById: uuid('requested_by_id').references(() => users.id, { onDelete: 'set null' }),
    approverId: uuid('approver_id').references(() => users.id, { onDelete: 'set null' }),
    decisionNote: text('decision_note'),
    decidedAt: ts('decided_at'),
    /** The suggestion the agent was shown when asking ({action, amount, currency, severity, ...}), if any. */
    suggestion: jsonb('suggestion').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('resolution_actions_id_key').on(table.id),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
    foreignKey({ columns: [table.workspaceId, table.customerId], foreignColumns: [customers.workspaceId, customers.id] }).onDelete('cascade'),
    index('resolution_actions_ticket_idx').on(table.workspaceId, table.ticketId, table.createdAt),
    index('resolution_actions_customer_idx').on(table.workspaceId, table.customerId, table.createdAt),
    index('resolution_actions_ledger_idx').on(table.workspaceId, table.createdAt.desc(), table.id.desc()),
    // The period limit sums one requester's approved actions of one kind and currency since the period start.
    index('resolution_actions_period_idx')
      .on(table.workspaceId, table.requestedById, table.action, table.currency, table.createdAt)
      .where(sql`status = 'approved'`),
    index('resolution_actions_pending_idx').on(table.workspaceId, table.createdAt).where(sql`status = 'pending'`),
  ],
);

/** Outgoing webhooks: an HTTPS (or HTTP) endpoint of a shop or other system, signed with its secret. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    workspaceId: workspaceId(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** The HMAC-SHA256 signing secret (shown to admins; rotated on request). */
    secret: text('secret').notNull(),
    /** Event topics sent to it, e.g. 'resolution_action.approved'. */
    topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), unique('webhook_endpoints_id_key').on(table.id)],
);

/** One event to one endpoint: retried with backoff until delivered or given up. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    workspaceId: workspaceId(),
    endpointId: uuid('endpoint_id').notNull(),
    /** The outbox event it carries (the receiver's idempotency key). */
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at'),
    /** A sender holds the delivery until then while it posts (a crashed sender's lease runs out). */
    claimedUntil: ts('claimed_until'),
    lastAttemptAt: ts('last_attempt_at'),
    responseStatus: integer('response_status'),
    lastError: text('last_error'),
    deliveredAt: ts('delivered_at'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    uniqueIndex('webhook_deliveries_event_key').on(table.workspaceId, table.endpointId, table.eventId),
    index('webhook_deliveries_endpoint_idx').on(table.workspaceId, table.endpointId, table.createdAt.desc()),
    index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`status = 'pending'`),
    foreignKey({ columns: [table.workspaceId, table.endpointId], foreignColumns: [webhookEndpoints.workspaceId, webhookEndpoints.id] }).onDelete('cascade'),
  ],
);

/**
 * Automations (P7): when an event happens to a ticket (or, for time rules, a while after one of its
 * timestamps) and the conditions hold, the actions run as the system. Kept in `position` order.
 */
export const automations = pgTable(
  'automations',
  {
    id: id(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    enabled: boolean('enabled').notNull().default(true),
    trigger: text('trigger', { enum: ['ticket_created', 'ticket_updated', 'customer_replied', 'sla_warning', 'sla_breached', 'time'] }).notNull(),
    /** Time rules: which timestamp of the ticket the delay counts from. */
    timeAnchor: text('time_anchor', { enum: ['created', 'updated', 'last_message', 'pending_since', 'solved'] }),
    /** Time rules: how long after the anchor (minutes). */
    timeAfterMinutes: integer('time_after_minutes'),
    /** Time rules: count the delay in business hours. */
    timeBusinessHours: boolean('time_business_hours').notNull().default(false),
    /** {"all": [{field, operator, value}], "any": [...]} */
    conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default({}),
    /** [{type, ...}] */
    actions: jsonb('actions').$type<Record<string, unknown>[]>().notNull().default([]),
    position: integer('position').notNull().default(0),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('automations_id_key').on(table.id),
    index('automations_trigger_idx').on(table.workspaceId, table.trigger, table.position).where(sql`enabled`),
  ],
);

/**
 * The run log: one row per automation that acted (or was stopped) on a ticket for one event.
 * `event_key` makes a run idempotent under at-least-once delivery (the outbox event id, or the
 * time rule's anchor time).
 */
export const automationRuns = pgTable(
  'automation_runs',
  {
    id: id(),
    workspaceId: workspaceId(),
    automationId: uuid('automation_id').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    trigger: text('trigger').notNull(),
    eventKey: text('event_key').notNull(),
    outcome: text('outcome', { enum: ['applied', 'stopped_loop', 'failed'] }).notNull(),
    /** What the actions changed ({field: {from, to}} and the notes or notifications they wrote). */
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
    error: text('error'),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    uniqueIndex('automation_runs_event_key').on(table.workspaceId, table.automationId, table.ticketId, table.eventKey),
    index('automation_runs_ticket_idx').on(table.workspaceId, table.ticketId, table.createdAt),
    index('automation_runs_automation_idx').on(table.workspaceId, table.automationId, table.createdAt.desc()),
    foreignKey({ columns: [table.workspaceId, table.automationId], foreignColumns: [automations.workspaceId, automations.id] }).onDelete('cascade'),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
  ],
);

/**
 * A person overriding an automatic decision (P7): an SLA clock, routing, the automatic close, a
 * discretion limit or an automation, always with a reason. The audit log has the same entry; this
 * table is what the ticket and the leads' list read.
 */
export const decisionOverrides = pgTable(
  'decision_overrides',
  {
    id: id(),
    workspaceId: workspaceId(),
    ticketId: uuid('ticket_id').notNull(),
    kind: text('kind', { enum: ['sla', 'routing', 'auto_close', 'limit', 'automation'] }).notNull(),
    /** What was overridden inside the kind: the SLA metric, the automation id, the resolution action id. */
    subject: text('subject'),
    reason: text('reason').notNull(),
    before: jsonb('before').$type<Record<string, unknown>>().notNull().default({}),
    after: jsonb('after').$type<Record<string, unknown>>().notNull().default({}),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    index('decision_overrides_ticket_idx').on(table.workspaceId, table.ticketId, table.createdAt),
    index('decision_overrides_created_idx').on(table.workspaceId, table.createdAt.desc()),
    index('decision_overrides_automation_idx').on(table.workspaceId, table.ticketId, table.subject).where(sql`kind = 'automation'`),
    foreignKey({ columns: [table.workspaceId, table.ticketId], foreignColumns: [tickets.workspaceId, tickets.id] }).onDelete('cascade'),
  ],
);
