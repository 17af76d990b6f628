CREATE TABLE "gameday_steps" (
	"gameday_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"workspace_id" integer NOT NULL,
	"step_id" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone,
	"message_id" text,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"chosen_option" text,
	"tally" jsonb,
	"revealed_at" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "gameday_steps_gameday_id_seq_pk" PRIMARY KEY("gameday_id","seq")
);
--> statement-breakpoint
CREATE TABLE "gameday_votes" (
	"gameday_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"workspace_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"option_id" text NOT NULL,
	"voted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gameday_votes_gameday_id_seq_member_id_pk" PRIMARY KEY("gameday_id","seq","member_id")
);
--> statement-breakpoint
CREATE TABLE "gamedays" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gamedays_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" integer NOT NULL,
	"channel" text NOT NULL,
	"scenario_id" text NOT NULL,
	"timezone" text NOT NULL,
	"started_by" integer,
	"started_at" timestamp with time zone NOT NULL,
	"current_seq" integer DEFAULT 0 NOT NULL,
	"ended_at" timestamp with time zone,
	"status" text DEFAULT 'running' NOT NULL,
	"ending_id" text,
	"score" integer
);
--> statement-breakpoint
ALTER TABLE "gameday_steps" ADD CONSTRAINT "gameday_steps_gameday_id_gamedays_id_fk" FOREIGN KEY ("gameday_id") REFERENCES "public"."gamedays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gameday_steps" ADD CONSTRAINT "gameday_steps_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gameday_votes" ADD CONSTRAINT "gameday_votes_gameday_id_gamedays_id_fk" FOREIGN KEY ("gameday_id") REFERENCES "public"."gamedays"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gameday_votes" ADD CONSTRAINT "gameday_votes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gameday_votes" ADD CONSTRAINT "gameday_votes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamedays" ADD CONSTRAINT "gamedays_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamedays" ADD CONSTRAINT "gamedays_started_by_members_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gameday_votes_member_idx" ON "gameday_votes" USING btree ("workspace_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "gamedays_one_running_key" ON "gamedays" USING btree ("workspace_id","channel") WHERE "gamedays"."ended_at" is null;