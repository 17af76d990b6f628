import type { Problems } from "./validate.js";

type Json = Record<string, unknown>;

/** An answer Discord gives as an error: HTTP status, Discord's JSON code, and an optional body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly body?: Json,
  ) {
    super(message);
  }
}

/** Discord's 50035 "Invalid Form Body" when a body broke any of its checks. */
export function rejectInvalid(problems: Problems): void {
  if (problems.list.length > 0) throw new ApiError(400, 50035, "Invalid Form Body", problems.toBody());
}
