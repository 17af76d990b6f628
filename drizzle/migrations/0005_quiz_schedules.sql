CREATE TABLE "quiz_schedules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "quiz_schedules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" integer NOT NULL,
	"channel" text NOT NULL,
	"time" text NOT NULL,
	"days" integer[] NOT NULL,
	"timezone" text NOT NULL,
	"skill" text,
	"minutes" integer NOT NULL,
	"created_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quiz_rounds" ADD COLUMN "scheduled_date" date;--> statement-breakpoint
ALTER TABLE "quiz_rounds" ADD COLUMN "claim_token" text;--> statement-breakpoint
ALTER TABLE "quiz_schedules" ADD CONSTRAINT "quiz_schedules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiz_schedules" ADD CONSTRAINT "quiz_schedules_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_schedules_channel_key" ON "quiz_schedules" USING btree ("workspace_id","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_rounds_scheduled_key" ON "quiz_rounds" USING btree ("workspace_id","channel","scheduled_date");