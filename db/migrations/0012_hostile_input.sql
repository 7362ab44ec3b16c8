ALTER TABLE "executions" ADD COLUMN "idempotency_caller" text;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "idempotency_fingerprint" text;--> statement-breakpoint
ALTER TABLE "triggers" ADD COLUMN "webhook_body_only_signature" boolean DEFAULT false NOT NULL;