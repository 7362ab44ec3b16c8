CREATE TABLE "execution_purges" (
	"script_id" uuid NOT NULL,
	"trigger_type" "trigger_type" NOT NULL,
	"status" "execution_status" NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "execution_purges_pk" PRIMARY KEY("script_id","trigger_type","status")
);
--> statement-breakpoint
CREATE TABLE "execution_rollup_hours" (
	"bucket" timestamp with time zone NOT NULL,
	"status" "execution_status" NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"duration_count" bigint DEFAULT 0 NOT NULL,
	"duration_sum_ms" bigint DEFAULT 0 NOT NULL,
	"histogram" integer[] NOT NULL,
	CONSTRAINT "execution_rollup_hours_pk" PRIMARY KEY("bucket","status")
);
--> statement-breakpoint
CREATE TABLE "execution_rollup_scripts" (
	"script_id" uuid NOT NULL,
	"trigger_type" "trigger_type" NOT NULL,
	"status" "execution_status" NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"duration_count" bigint DEFAULT 0 NOT NULL,
	"duration_sum_ms" bigint DEFAULT 0 NOT NULL,
	"histogram" integer[] NOT NULL,
	CONSTRAINT "execution_rollup_scripts_pk" PRIMARY KEY("script_id","trigger_type","status")
);
--> statement-breakpoint
CREATE TABLE "execution_rollup_totals" (
	"trigger_type" "trigger_type" NOT NULL,
	"status" "execution_status" NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"duration_count" bigint DEFAULT 0 NOT NULL,
	"duration_sum_ms" bigint DEFAULT 0 NOT NULL,
	"histogram" integer[] NOT NULL,
	CONSTRAINT "execution_rollup_totals_pk" PRIMARY KEY("trigger_type","status")
);
--> statement-breakpoint
CREATE TABLE "execution_rollups" (
	"bucket" timestamp with time zone NOT NULL,
	"script_id" uuid NOT NULL,
	"trigger_type" "trigger_type" NOT NULL,
	"status" "execution_status" NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"duration_count" bigint DEFAULT 0 NOT NULL,
	"duration_sum_ms" bigint DEFAULT 0 NOT NULL,
	"histogram" integer[] NOT NULL,
	CONSTRAINT "execution_rollups_pk" PRIMARY KEY("script_id","bucket","trigger_type","status")
);
--> statement-breakpoint
DROP INDEX "executions_queued_at_idx";--> statement-breakpoint
DROP INDEX "executions_script_queued_idx";--> statement-breakpoint
DROP INDEX "executions_status_idx";--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "rolled_up" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "executions_active_idx" ON "executions" USING btree ("status","script_id") WHERE "executions"."status" in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "executions_rollup_pending_idx" ON "executions" USING btree ("finished_at") WHERE "executions"."rolled_up" = false and "executions"."status" in ('succeeded', 'failed', 'timed_out', 'cancelled');--> statement-breakpoint
CREATE INDEX "executions_script_status_queued_idx" ON "executions" USING btree ("script_id","status","queued_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "executions_queued_at_idx" ON "executions" USING btree ("queued_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "executions_script_queued_idx" ON "executions" USING btree ("script_id","queued_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "executions_status_idx" ON "executions" USING btree ("status","queued_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);