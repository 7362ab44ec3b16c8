CREATE TYPE "public"."alert_channel_type" AS ENUM('webhook', 'dingtalk', 'wecom', 'feishu', 'email');--> statement-breakpoint
CREATE TYPE "public"."alert_delivery_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."alert_target_type" AS ENUM('script', 'workflow', 'tag', 'all');--> statement-breakpoint
CREATE TABLE "alert_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" "alert_channel_type" NOT NULL,
	"config_sealed" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"channel_id" uuid,
	"channel_name" text NOT NULL,
	"channel_type" "alert_channel_type" NOT NULL,
	"event" text NOT NULL,
	"target_key" text NOT NULL,
	"execution_id" uuid,
	"workflow_run_id" uuid,
	"message" jsonb NOT NULL,
	"status" "alert_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"response_code" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"events" text[] NOT NULL,
	"target_type" "alert_target_type" NOT NULL,
	"target_id" uuid,
	"target_tag" text,
	"channel_ids" uuid[] DEFAULT '{}' NOT NULL,
	"throttle_minutes" integer DEFAULT 0 NOT NULL,
	"slow_seconds" integer,
	"language" text DEFAULT 'en' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_throttles" (
	"rule_id" uuid NOT NULL,
	"target_key" text NOT NULL,
	"last_sent_at" timestamp with time zone,
	"suppressed_count" integer DEFAULT 0 NOT NULL,
	"suppressed_events" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"suppressed_since" timestamp with time zone,
	"last_suppressed" jsonb,
	CONSTRAINT "alert_throttles_rule_id_target_key_pk" PRIMARY KEY("rule_id","target_key")
);
--> statement-breakpoint
ALTER TABLE "alert_channels" ADD CONSTRAINT "alert_channels_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_channel_id_alert_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alert_channels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_throttles" ADD CONSTRAINT "alert_throttles_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_channels_name_uq" ON "alert_channels" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "alert_deliveries_rule_created_idx" ON "alert_deliveries" USING btree ("rule_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alert_deliveries_created_idx" ON "alert_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "alert_rules_target_idx" ON "alert_rules" USING btree ("target_type","target_id");