import { randomBytes } from "node:crypto";

/**
 * Why a person was refused: the `reason` label of `mentor_commands_total{outcome="refused"}`, so
 * the set of values is closed and a dashboard can count each one.
 */
export type UserErrorCode =
  | "admin_only"
  | "already_answered"
  | "already_posted"
  | "arg_range"
  | "arg_too_long"
  | "bad_arg"
  | "bad_date"
  | "bad_levels"
  | "bad_time"
  | "bad_timezone"
  | "decision_closed"
  | "expired"
  | "form_invalid"
  | "gameday_running"
  | "invalid_answer"
  | "invalid_close"
  | "invalid_round"
  | "invalid_vote"
  | "invalid_week"
  | "missing_arg"
  | "missing_person"
  | "needs_evidence"
  | "no_days"
  | "no_lesson_today"
  | "no_mentor"
  | "no_open_question"
  | "no_questions"
  | "no_subscription"
  | "no_such_page"
  | "not_a_player"
  | "not_allowed"
  | "not_mentee"
  | "not_partner"
  | "not_shareable"
  | "not_typed"
  | "not_yours"
  | "page_without_module"
  | "past_date"
  | "placement_too_soon"
  | "press_a_button"
  | "round_closed"
  | "self_block"
  | "too_early"
  | "unclosed_quote"
  | "unexpected_arg"
  | "unknown_checkpoint"
  | "unknown_command"
  | "unknown_job"
  | "unknown_lab"
  | "unknown_lesson"
  | "unknown_member"
  | "unknown_module"
  | "unknown_scenario"
  | "unknown_skill"
  | "unknown_subcommand"
  | "unknown_topic"
  | "which_partner";

/**
 * The expected failure: a wrong argument, a missing permission, nothing due.
 * The person sees `message`; nothing is logged as an error.
 */
export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** A form submission with per-field problems: shown next to the fields, the form stays open. */
export class FormValidationError extends UserError {
  constructor(readonly fieldErrors: Record<string, string>) {
    super("form_invalid", Object.values(fieldErrors).join(" "));
    this.name = "FormValidationError";
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** A short id a person can quote and an operator can grep for in the logs. */
export function newErrorReference(): string {
  return randomBytes(4).toString("hex");
}

export function somethingWentWrong(reference: string): string {
  return `Something went wrong (ref ${reference}). The team running this bot can look it up.`;
}
