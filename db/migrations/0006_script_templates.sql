CREATE TYPE "public"."template_visibility" AS ENUM('private', 'shared', 'builtin');--> statement-breakpoint
CREATE TABLE "script_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"language" "script_language" NOT NULL,
	"content" text NOT NULL,
	"parameters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"visibility" "template_visibility" DEFAULT 'private' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"needs_network" boolean DEFAULT false NOT NULL,
	"builtin_key" text,
	"builtin_hash" text,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"owner_id" uuid,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "script_templates" ADD CONSTRAINT "script_templates_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "script_templates_name_live_uq" ON "script_templates" USING btree (lower("name")) WHERE "script_templates"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "script_templates_builtin_key_uq" ON "script_templates" USING btree ("builtin_key");--> statement-breakpoint
CREATE INDEX "script_templates_visibility_idx" ON "script_templates" USING btree ("visibility");--> statement-breakpoint
CREATE INDEX "script_templates_owner_idx" ON "script_templates" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "script_templates_category_idx" ON "script_templates" USING btree ("category");