ALTER TABLE "audit_logs" ADD COLUMN "summary_code" text;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD COLUMN "summary_params" jsonb;--> statement-breakpoint
ALTER TABLE "execution_attempts" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "execution_attempts" ADD COLUMN "error_params" jsonb;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "error_params" jsonb;