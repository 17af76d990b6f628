CREATE TABLE "lab_completions" (
	"workspace_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"lab_id" text NOT NULL,
	"submission_id" integer NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lab_completions_member_id_lab_id_pk" PRIMARY KEY("member_id","lab_id")
);
--> statement-breakpoint
CREATE TABLE "lab_submissions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lab_submissions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"workspace_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"lab_id" text NOT NULL,
	"output" text NOT NULL,
	"passed" boolean NOT NULL,
	"result" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"shared_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "lab_completions" ADD CONSTRAINT "lab_completions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_completions" ADD CONSTRAINT "lab_completions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_completions" ADD CONSTRAINT "lab_completions_submission_id_lab_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."lab_submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_submissions" ADD CONSTRAINT "lab_submissions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_submissions" ADD CONSTRAINT "lab_submissions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lab_completions_workspace_idx" ON "lab_completions" USING btree ("workspace_id","completed_at");--> statement-breakpoint
CREATE INDEX "lab_submissions_member_lab_idx" ON "lab_submissions" USING btree ("member_id","lab_id","submitted_at");