CREATE TYPE "public"."role" AS ENUM('admin', 'editor', 'operator', 'viewer');--> statement-breakpoint
CREATE TYPE "public"."retry_backoff" AS ENUM('fixed', 'exponential');--> statement-breakpoint
CREATE TYPE "public"."script_language" AS ENUM('python', 'bash');--> statement-breakpoint
CREATE TYPE "public"."script_status" AS ENUM('draft', 'active', 'disabled', 'archived');--> statement-breakpoint
CREATE TYPE "public"."execution_status" AS ENUM('queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."trigger_type" AS ENUM('manual', 'schedule', 'event', 'webhook', 'api', 'workflow');--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"summary" text DEFAULT '' NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"password_hash" text NOT NULL,
	"role" "role" DEFAULT 'viewer' NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "script_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"script_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scripts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" "script_language" NOT NULL,
	"status" "script_status" DEFAULT 'draft' NOT NULL,
	"timeout_seconds" integer NOT NULL,
	"max_retries" integer DEFAULT 0 NOT NULL,
	"retry_backoff" "retry_backoff" DEFAULT 'exponential' NOT NULL,
	"retry_delay_seconds" integer DEFAULT 5 NOT NULL,
	"allow_network" boolean DEFAULT false NOT NULL,
	"max_concurrency" integer,
	"parameters_schema" jsonb,
	"current_version" integer DEFAULT 1 NOT NULL,
	"content" text NOT NULL,
	"owner_id" uuid,
	"template_id" uuid,
	"template_version" integer,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"execution_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"status" "execution_status" NOT NULL,
	"exit_code" integer,
	"error" text,
	"worker_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "execution_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"execution_id" uuid NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"seq" integer NOT NULL,
	"stream" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "executions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"script_id" uuid,
	"script_version" integer,
	"trigger_type" "trigger_type" NOT NULL,
	"trigger_ref" text,
	"status" "execution_status" DEFAULT 'queued' NOT NULL,
	"input_parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"environment" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timeout_seconds" integer NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"max_attempts" integer DEFAULT 1 NOT NULL,
	"exit_code" integer,
	"result" jsonb,
	"error" text,
	"idempotency_key" text,
	"actor_id" uuid,
	"worker_id" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"cpu_time_ms" integer,
	"peak_memory_bytes" bigint,
	"log_bytes" bigint DEFAULT 0 NOT NULL,
	"log_truncated" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "script_versions" ADD CONSTRAINT "script_versions_script_id_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "script_versions" ADD CONSTRAINT "script_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scripts" ADD CONSTRAINT "scripts_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_attempts" ADD CONSTRAINT "execution_attempts_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_logs" ADD CONSTRAINT "execution_logs_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_script_id_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."scripts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_logs_at_idx" ON "audit_logs" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_logs_entity_idx" ON "audit_logs" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "script_versions_script_version_uq" ON "script_versions" USING btree ("script_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "scripts_name_live_uq" ON "scripts" USING btree (lower("name")) WHERE "scripts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "scripts_status_idx" ON "scripts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "scripts_category_idx" ON "scripts" USING btree ("category");--> statement-breakpoint
CREATE INDEX "scripts_tags_idx" ON "scripts" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "scripts_updated_idx" ON "scripts" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "execution_attempts_uq" ON "execution_attempts" USING btree ("execution_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "execution_logs_exec_seq_uq" ON "execution_logs" USING btree ("execution_id","seq");--> statement-breakpoint
CREATE INDEX "executions_queued_at_idx" ON "executions" USING btree ("queued_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "executions_script_queued_idx" ON "executions" USING btree ("script_id","queued_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "executions_status_idx" ON "executions" USING btree ("status","queued_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "executions_idempotency_uq" ON "executions" USING btree ("script_id","idempotency_key") WHERE "executions"."idempotency_key" is not null;