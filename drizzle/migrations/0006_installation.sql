CREATE TABLE "installation" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"queue_namespace" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installation_one_row" CHECK ("installation"."singleton")
);
--> statement-breakpoint
-- Hand-written: a database that already has workspaces keeps its queues where they are in Redis
-- (an empty namespace: QUEUE_PREFIX alone), so an upgrade loses no scheduler or pending job. A new
-- database gets its own random namespace at start (src/db/installation.ts).
INSERT INTO "installation" ("queue_namespace") SELECT '' WHERE EXISTS (SELECT 1 FROM "workspaces");
