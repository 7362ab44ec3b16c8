CREATE TYPE "public"."host_grant_state" AS ENUM('granted', 'suspended');--> statement-breakpoint
CREATE TYPE "public"."host_resource_kind" AS ENUM('directory', 'file', 'socket', 'device');--> statement-breakpoint
CREATE TYPE "public"."host_resource_mode" AS ENUM('read-only', 'read-write');--> statement-breakpoint
CREATE TABLE "host_resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"path" text NOT NULL,
	"kind" "host_resource_kind" NOT NULL,
	"mode" "host_resource_mode" NOT NULL,
	"grant_roles" "role"[] DEFAULT '{}' NOT NULL,
	"grant_user_ids" uuid[] DEFAULT '{}' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "script_host_resources" (
	"script_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"state" "host_grant_state" DEFAULT 'granted' NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"script_version" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	CONSTRAINT "script_host_resources_script_id_resource_id_pk" PRIMARY KEY("script_id","resource_id")
);
--> statement-breakpoint
ALTER TABLE "host_resources" ADD CONSTRAINT "host_resources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "script_host_resources" ADD CONSTRAINT "script_host_resources_script_id_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "script_host_resources" ADD CONSTRAINT "script_host_resources_resource_id_host_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."host_resources"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "script_host_resources" ADD CONSTRAINT "script_host_resources_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "host_resources_name_uq" ON "host_resources" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "host_resources_path_uq" ON "host_resources" USING btree ("path");--> statement-breakpoint
CREATE INDEX "script_host_resources_resource_idx" ON "script_host_resources" USING btree ("resource_id");