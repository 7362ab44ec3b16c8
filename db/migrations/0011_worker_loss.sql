ALTER TABLE "scripts" ADD COLUMN "retry_on_worker_loss" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "execution_attempts" ADD COLUMN "cause" text;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "worker_loss_retries" integer DEFAULT 2 NOT NULL;