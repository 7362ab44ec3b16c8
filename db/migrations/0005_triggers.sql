CREATE TYPE "public"."overlap_policy" AS ENUM('skip', 'allow');--> statement-breakpoint
CREATE TYPE "public"."target_type" AS ENUM('script', 'workflow');--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text DEFAULT 'event' NOT NULL,
	"type" text NOT NULL,
	"source" text,
	"payload" jsonb,
	"trigger_id" uuid,
	"published_by" text,
	"deliveries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"target_type" "target_type" NOT NULL,
	"target_id" uuid NOT NULL,
	"cron_expression" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"input_parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"start_at" timestamp with time zone,
	"end_at" timestamp with time zone,
	"overlap_policy" "overlap_policy" DEFAULT 'skip' NOT NULL,
	"owner_id" uuid,
	"last_fired_at" timestamp with time zone,
	"last_execution_id" uuid,
	"last_outcome" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "triggers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"event_pattern" text,
	"filter" text,
	"target_type" "target_type" NOT NULL,
	"target_id" uuid NOT NULL,
	"parameter_mapping" jsonb,
	"owner_id" uuid,
	"webhook_token_hash" text,
	"webhook_token_prefix" text,
	"webhook_secret_sealed" text,
	"webhook_signature_header" text DEFAULT 'X-Signature' NOT NULL,
	"last_fired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_trigger_id_triggers_id_fk" FOREIGN KEY ("trigger_id") REFERENCES "public"."triggers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_received_idx" ON "events" USING btree ("received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("type","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_trigger_idx" ON "events" USING btree ("trigger_id","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_deliveries_idx" ON "events" USING gin ("deliveries");--> statement-breakpoint
CREATE INDEX "schedules_enabled_idx" ON "schedules" USING btree ("enabled");--> statement-breakpoint
CREATE INDEX "schedules_target_idx" ON "schedules" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "triggers_webhook_token_uq" ON "triggers" USING btree ("webhook_token_hash");--> statement-breakpoint
CREATE INDEX "triggers_enabled_idx" ON "triggers" USING btree ("enabled");