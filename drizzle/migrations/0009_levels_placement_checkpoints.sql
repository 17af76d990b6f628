CREATE TABLE "checkpoint_evidence" (
	"workspace_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"lesson_id" text NOT NULL,
	"evidence" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "checkpoint_evidence_member_id_lesson_id_pk" PRIMARY KEY("member_id","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "lesson_dm_waits" (
	"workspace_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"lesson_id" text NOT NULL,
	"prerequisite_id" text NOT NULL,
	"send_notice" boolean NOT NULL,
	"claim_token" text NOT NULL,
	"notified_at" timestamp with time zone,
	CONSTRAINT "lesson_dm_waits_member_id_local_date_pk" PRIMARY KEY("member_id","local_date")
);
--> statement-breakpoint
CREATE TABLE "lesson_placed_out" (
	"workspace_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"lesson_id" text NOT NULL,
	"placement_id" integer NOT NULL,
	CONSTRAINT "lesson_placed_out_member_id_lesson_id_pk" PRIMARY KEY("member_id","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "placements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"result" jsonb
);
--> statement-breakpoint
ALTER TABLE "lesson_subscriptions" ADD COLUMN "start_lesson_id" text;--> statement-breakpoint
ALTER TABLE "lesson_subscriptions" ADD COLUMN "levels" integer[] DEFAULT '{1,2,3}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "prerequisites" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "kind" text DEFAULT 'lesson' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkpoint_evidence" ADD CONSTRAINT "checkpoint_evidence_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoint_evidence" ADD CONSTRAINT "checkpoint_evidence_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoint_evidence" ADD CONSTRAINT "checkpoint_evidence_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_dm_waits" ADD CONSTRAINT "lesson_dm_waits_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_dm_waits" ADD CONSTRAINT "lesson_dm_waits_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_placed_out" ADD CONSTRAINT "lesson_placed_out_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_placed_out" ADD CONSTRAINT "lesson_placed_out_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_placed_out" ADD CONSTRAINT "lesson_placed_out_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_placed_out" ADD CONSTRAINT "lesson_placed_out_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_session_id_quiz_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."quiz_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkpoint_evidence_member_idx" ON "checkpoint_evidence" USING btree ("member_id","submitted_at");--> statement-breakpoint
CREATE INDEX "placements_member_idx" ON "placements" USING btree ("member_id","started_at");