CREATE TABLE "installation" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"queue_namespace" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installation_one_row" CHECK ("installation"."singleton")
);
--> statement-breakpoint
ALTER TABLE "pairs" ADD COLUMN "end_kind" text;--> statement-breakpoint
ALTER TABLE "pairs" ADD COLUMN "ended_by" integer;--> statement-breakpoint
ALTER TABLE "pairs" ADD CONSTRAINT "pairs_ended_by_members_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Hand-written: a database that already has workspaces keeps its queues where they are in Redis
-- (an empty namespace: QUEUE_PREFIX alone), so an upgrade loses no scheduler or pending job. A new
-- database gets its own random namespace at start (src/db/installation.ts).
INSERT INTO "installation" ("queue_namespace") SELECT '' WHERE EXISTS (SELECT 1 FROM "workspaces");--> statement-breakpoint
-- Hand-written: pairs that ended before these columns existed kept how they ended in end_reason,
-- next to the words people gave. Move the kind to end_kind and keep only people's words.
UPDATE "pairs" SET "end_kind" = CASE "end_reason" WHEN 'rematch' THEN 'rematch' WHEN 'left pairing' THEN 'left' WHEN 'left the workspace' THEN 'retired' ELSE 'unpair' END WHERE "ended_at" IS NOT NULL;--> statement-breakpoint
UPDATE "pairs" SET "end_reason" = NULL WHERE "end_reason" IN ('rematch', 'left pairing', 'left the workspace', 'ended by a participant');
