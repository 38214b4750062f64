CREATE TABLE "business_calendars" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"weekly" jsonb DEFAULT '[{"day":1,"start":"09:00","end":"17:00"},{"day":2,"start":"09:00","end":"17:00"},{"day":3,"start":"09:00","end":"17:00"},{"day":4,"start":"09:00","end":"17:00"},{"day":5,"start":"09:00","end":"17:00"}]'::jsonb NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"priorities" text[] DEFAULT '{}'::text[] NOT NULL,
	"tiers" text[] DEFAULT '{}'::text[] NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"first_reply_minutes" integer,
	"next_reply_minutes" integer,
	"resolution_minutes" integer,
	"business_hours" boolean DEFAULT true NOT NULL,
	"warn_minutes" integer DEFAULT 30 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "sla_policies_id_key" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "ticket_lessons" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"author_id" uuid,
	"lesson" text NOT NULL,
	"product_feedback" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_lessons_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "ticket_slas" (
	"workspace_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"policy_id" uuid,
	"target_minutes" integer NOT NULL,
	"warn_minutes" integer DEFAULT 0 NOT NULL,
	"business_hours" boolean NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"elapsed_ms" bigint DEFAULT 0 NOT NULL,
	"running_since" timestamp with time zone,
	"due_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_slas_workspace_id_ticket_id_metric_pk" PRIMARY KEY("workspace_id","ticket_id","metric")
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "queue_key" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "business_calendars" ADD CONSTRAINT "business_calendars_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_lessons" ADD CONSTRAINT "ticket_lessons_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_lessons" ADD CONSTRAINT "ticket_lessons_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_lessons" ADD CONSTRAINT "ticket_lessons_workspace_id_ticket_id_tickets_workspace_id_id_fk" FOREIGN KEY ("workspace_id","ticket_id") REFERENCES "public"."tickets"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_slas" ADD CONSTRAINT "ticket_slas_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_slas" ADD CONSTRAINT "ticket_slas_workspace_id_ticket_id_tickets_workspace_id_id_fk" FOREIGN KEY ("workspace_id","ticket_id") REFERENCES "public"."tickets"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_lessons_created_idx" ON "ticket_lessons" USING btree ("workspace_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ticket_lessons_ticket_idx" ON "ticket_lessons" USING btree ("workspace_id","ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_slas_due_idx" ON "ticket_slas" USING btree ("due_at") WHERE breached_at is null and due_at is not null;--> statement-breakpoint
CREATE INDEX "ticket_slas_warn_idx" ON "ticket_slas" USING btree ("warn_at") WHERE warned_at is null and warn_at is not null;--> statement-breakpoint
CREATE INDEX "ticket_slas_open_due_idx" ON "ticket_slas" USING btree ("workspace_id","due_at") WHERE due_at is not null;--> statement-breakpoint
CREATE INDEX "tickets_queue_team_idx" ON "tickets" USING btree ("workspace_id","team_id","queue_key") WHERE status in ('new', 'open') and assignee_id is null and queue_key is not null;--> statement-breakpoint
CREATE INDEX "tickets_queue_idx" ON "tickets" USING btree ("workspace_id","queue_key") WHERE status in ('new', 'open') and assignee_id is null and queue_key is not null;--> statement-breakpoint
-- The first-reply estimate's opening hours (email settings) become the workspace calendar.
INSERT INTO "business_calendars" ("workspace_id", "weekly")
SELECT es.workspace_id, coalesce((
    SELECT jsonb_agg(jsonb_build_object(
             'day', d,
             'start', CASE WHEN whole THEN '00:00' ELSE lpad(es.business_hours->>'start', 5, '0') END,
             'end', CASE WHEN whole THEN '24:00' ELSE lpad(es.business_hours->>'end', 5, '0') END) ORDER BY d)
    FROM (SELECT d, lpad(es.business_hours->>'start', 5, '0') >= lpad(es.business_hours->>'end', 5, '0') AS whole
          FROM generate_series(1, 7) AS d
          WHERE jsonb_array_length(coalesce(es.business_hours->'days', '[]'::jsonb)) = 0
             OR es.business_hours->'days' @> to_jsonb(d)) AS days), '[]'::jsonb)
FROM "email_settings" es
ON CONFLICT DO NOTHING;
--> statement-breakpoint
ALTER TABLE "email_settings" DROP COLUMN "business_hours";
--> statement-breakpoint
-- Open tickets join the fair queue in arrival order; the next change to each ticket sets its real key.
UPDATE "tickets" SET "queue_key" = "created_at" WHERE "status" IN ('new', 'open') AND "merged_into_id" IS NULL;
