ALTER TABLE "executions" ADD COLUMN "idempotency_caller" text;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "idempotency_fingerprint" text;