CREATE TABLE "curriculum_state" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"content_hash" text NOT NULL,
	"skills" jsonb NOT NULL,
	"questions" integer NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "curriculum_state_one_row" CHECK ("curriculum_state"."singleton")
);
