-- Whether the domains have let go of someone who left. People who left before this column are not
-- marked handled: the sweep runs the (idempotent) listeners for them once, which ends any pair a
-- leaving interrupted by a crash kept open.
ALTER TABLE "members" ADD COLUMN "left_handled_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "members_left_unhandled_idx" ON "members" USING btree ("left_at") WHERE "members"."left_at" is not null and "members"."left_handled_at" is null;