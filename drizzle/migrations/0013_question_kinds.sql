CREATE TABLE "checkpoint_asks" (
	"workspace_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"fortnight" date NOT NULL,
	"claim_token" text NOT NULL,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkpoint_asks_member_id_fortnight_pk" PRIMARY KEY("member_id","fortnight")
);
--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "last_asked" text;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "kind" text DEFAULT 'single' NOT NULL;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "spec" jsonb DEFAULT '{"kind":"single"}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "family" jsonb;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "chain" jsonb;--> statement-breakpoint
ALTER TABLE "quiz_answers" ADD COLUMN "response" text;--> statement-breakpoint
ALTER TABLE "quiz_answers" ADD COLUMN "credit" double precision;--> statement-breakpoint
ALTER TABLE "quiz_settings" ADD COLUMN "checkpoints_on" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "checkpoint_asks" ADD CONSTRAINT "checkpoint_asks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoint_asks" ADD CONSTRAINT "checkpoint_asks_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;