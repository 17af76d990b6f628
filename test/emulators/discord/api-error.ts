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
