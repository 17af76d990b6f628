import { randomBytes } from "node:crypto";

/**
 * The expected failure: a wrong argument, a missing permission, nothing due.
 * The person sees `message`; nothing is logged as an error.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
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
