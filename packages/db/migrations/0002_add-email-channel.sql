CREATE TABLE "automatic_emails" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"address" text NOT NULL,
	"ticket_id" uuid,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_addresses" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"address" text NOT NULL,
	"display_name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_addresses_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "email_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"signing_secret" text NOT NULL,
	"subject_threading" boolean DEFAULT false NOT NULL,
	"auto_ack_enabled" boolean DEFAULT true NOT NULL,
	"auto_ack_subject" text,
	"auto_ack_body" text,
	"auto_message_daily_limit" integer DEFAULT 5 NOT NULL,
	"business_hours" jsonb DEFAULT '{"days":[1,2,3,4,5],"start":"09:00","end":"17:00"}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imap_mailboxes" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"port" integer DEFAULT 993 NOT NULL,
	"secure" boolean DEFAULT true NOT NULL,
	"username" text NOT NULL,
	"password" text NOT NULL,
	"mailbox" text DEFAULT 'INBOX' NOT NULL,
	"processed_action" text DEFAULT 'flag' NOT NULL,
	"move_to" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'idle' NOT NULL,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_sync_at" timestamp with time zone,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imap_mailboxes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "imap_mailboxes_id_key" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "inbound_emails" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"source" text NOT NULL,
	"mailbox_id" uuid,
	"raw_key" text NOT NULL,
	"raw_size" integer NOT NULL,
	"dedupe_key" text NOT NULL,
	"envelope_from" text,
	"envelope_to" text[] DEFAULT '{}'::text[] NOT NULL,
	"remote_address" text,
	"helo" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"claimed_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"reason_detail" text,
	"ticket_id" uuid,
	"message_id" uuid,
	"from_address" text,
	"subject" text,
	"processed_at" timestamp with time zone,
	CONSTRAINT "inbound_emails_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "inbound_emails_id_key" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "outbound_emails" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ticket_id" uuid,
	"message_id" uuid,
	"rfc_message_id" text NOT NULL,
	"from_address" text NOT NULL,
	"from_name" text NOT NULL,
	"reply_to" text,
	"to_addresses" text[] NOT NULL,
	"cc_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text NOT NULL,
	"in_reply_to" text,
	"references" text[] DEFAULT '{}'::text[] NOT NULL,
	"text" text NOT NULL,
	"html" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbound_emails_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "outbound_emails_id_key" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "thread_rule" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "quoted_text" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "inbound_email_id" uuid;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "email_meta" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "delivery_status" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "delivery_error" text;--> statement-breakpoint
ALTER TABLE "automatic_emails" ADD CONSTRAINT "automatic_emails_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_addresses" ADD CONSTRAINT "email_addresses_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_settings" ADD CONSTRAINT "email_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imap_mailboxes" ADD CONSTRAINT "imap_mailboxes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD CONSTRAINT "inbound_emails_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD CONSTRAINT "outbound_emails_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "automatic_emails_address_idx" ON "automatic_emails" USING btree ("workspace_id","address","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "email_addresses_address_key" ON "email_addresses" USING btree ("address");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_emails_dedupe_key" ON "inbound_emails" USING btree ("workspace_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "inbound_emails_pending_idx" ON "inbound_emails" USING btree ("received_at") WHERE status = 'received';--> statement-breakpoint
CREATE INDEX "inbound_emails_status_idx" ON "inbound_emails" USING btree ("workspace_id","status","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_emails_rfc_message_id_key" ON "outbound_emails" USING btree ("rfc_message_id");--> statement-breakpoint
CREATE INDEX "outbound_emails_due_idx" ON "outbound_emails" USING btree ("next_attempt_at") WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX "outbound_emails_ticket_idx" ON "outbound_emails" USING btree ("workspace_id","ticket_id");