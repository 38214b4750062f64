DROP INDEX "inbound_emails_pending_idx";--> statement-breakpoint
ALTER TABLE "inbound_emails" ADD COLUMN "arrival" bigserial NOT NULL;--> statement-breakpoint
CREATE INDEX "inbound_emails_pending_idx" ON "inbound_emails" USING btree ("received_at","arrival") WHERE status = 'received';