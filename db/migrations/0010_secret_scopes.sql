ALTER TABLE "users" ADD COLUMN "token_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "secrets" ADD COLUMN "scope" jsonb;--> statement-breakpoint
ALTER TABLE "schedules" ADD COLUMN "environment_vars" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "triggers" ADD COLUMN "environment_vars" jsonb DEFAULT '{}'::jsonb NOT NULL;