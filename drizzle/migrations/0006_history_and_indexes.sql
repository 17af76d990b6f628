CREATE TABLE "lesson_schedule_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lesson_schedule_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" integer NOT NULL,
	"subscription_id" integer,
	"member_id" integer,
	"days" integer[] NOT NULL,
	"effective_from" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lesson_streaks" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"workspace_id" integer NOT NULL,
	"longest" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_periods" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_periods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "lesson_schedule_changes" ADD CONSTRAINT "lesson_schedule_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_schedule_changes" ADD CONSTRAINT "lesson_schedule_changes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_schedule_changes" ADD CONSTRAINT "lesson_schedule_changes_subscription_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."lesson_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_streaks" ADD CONSTRAINT "lesson_streaks_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_streaks" ADD CONSTRAINT "lesson_streaks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_periods" ADD CONSTRAINT "member_periods_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_periods" ADD CONSTRAINT "member_periods_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lesson_schedule_changes_workspace_idx" ON "lesson_schedule_changes" USING btree ("workspace_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "member_periods_open_key" ON "member_periods" USING btree ("member_id","kind") WHERE "member_periods"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "member_periods_workspace_idx" ON "member_periods" USING btree ("workspace_id","kind","started_at");--> statement-breakpoint
CREATE INDEX "quiz_answers_member_idx" ON "quiz_answers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "quiz_round_answers_member_idx" ON "quiz_round_answers" USING btree ("member_id");--> statement-breakpoint
-- Hand-written backfill: history for what existed before it was kept.
-- Membership: from a member's first contact until they left the workspace.
INSERT INTO "member_periods" ("workspace_id", "member_id", "kind", "started_at", "ended_at")
SELECT "workspace_id", "id", 'member', "created_at", "left_at" FROM "members";--> statement-breakpoint
-- A role held now: from first contact (when the role was taken was not recorded) until they left.
INSERT INTO "member_periods" ("workspace_id", "member_id", "kind", "started_at", "ended_at")
SELECT m."workspace_id", m."id", r."kind", m."created_at", m."left_at"
FROM "members" m CROSS JOIN (VALUES ('mentee'), ('mentor')) AS r ("kind")
WHERE r."kind" = ANY (m."roles");--> statement-breakpoint
-- A role given up since (`/mentor leave` drops it and ends its pairs): from first contact until
-- the last of its pairs ended.
INSERT INTO "member_periods" ("workspace_id", "member_id", "kind", "started_at", "ended_at")
SELECT m."workspace_id", m."id", p."kind", m."created_at",
  CASE WHEN bool_and(p."ended_at" IS NOT NULL) THEN max(p."ended_at") ELSE m."left_at" END
FROM "members" m
JOIN (
  SELECT "mentee_id" AS "member_id", 'mentee' AS "kind", "ended_at" FROM "pairs"
  UNION ALL
  SELECT "mentor_id", 'mentor', "ended_at" FROM "pairs"
) p ON p."member_id" = m."id"
WHERE NOT (p."kind" = ANY (m."roles"))
GROUP BY m."workspace_id", m."id", p."kind", m."created_at", m."left_at";--> statement-breakpoint
-- Lesson days: the schedule each channel and member has now, in force since ever, so that no
-- existing streak changes with this migration.
INSERT INTO "lesson_schedule_changes" ("workspace_id", "subscription_id", "days", "effective_from")
SELECT "workspace_id", "id", CASE WHEN "active" THEN "days" ELSE '{}'::integer[] END, DATE '1970-01-01' FROM "lesson_subscriptions";--> statement-breakpoint
INSERT INTO "lesson_schedule_changes" ("workspace_id", "member_id", "days", "effective_from")
SELECT "workspace_id", "member_id", CASE WHEN "active" THEN "days" ELSE '{}'::integer[] END, DATE '1970-01-01' FROM "lesson_dm_subscriptions";
