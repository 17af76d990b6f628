-- Whether the domains have let go of someone who left. Of the people who left before this column,
-- those with no open pair are marked handled (pairing, the one listener today, has nothing left
-- to do for them); the sweep runs the listeners once for the others, whose leaving a crash
-- interrupted, and ends their pairs.
ALTER TABLE "members" ADD COLUMN "left_handled_at" timestamp with time zone;--> statement-breakpoint
UPDATE "members" SET "left_handled_at" = "left_at" WHERE "left_at" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "pairs" WHERE ("pairs"."mentor_id" = "members"."id" OR "pairs"."mentee_id" = "members"."id") AND "pairs"."ended_at" IS NULL);--> statement-breakpoint
CREATE INDEX "members_left_unhandled_idx" ON "members" USING btree ("left_at") WHERE "members"."left_at" is not null and "members"."left_handled_at" is null;
