/**
 * Events whose handling Slack should see end before it gets its answer, so that a failure is
 * answered 500 (over HTTP) or left unacknowledged (in Socket Mode, socket-receiver.ts) and Slack
 * delivers the event again. A deactivation is one: it is sent once, and a failure before the
 * person was marked as gone (the database restarting) would otherwise lose it. Handling these
 * must be quick (Slack waits 3 s) and safe to repeat.
 */
const ANSWERED_AFTER_HANDLING = new Set(["user_change"]);

/** Whether an Events API body is one of those. */
export function answeredAfterHandling(body: Record<string, unknown>): boolean {
  const event = body.event as { type?: unknown } | undefined;
  return body.type === "event_callback" && typeof event?.type === "string" && ANSWERED_AFTER_HANDLING.has(event.type);
}

/** Thrown by a listener of such an event when handling it failed: answered 500, or left unacknowledged, for Slack to try again. */
export class RedeliveryWanted extends Error {
  constructor(
    readonly eventType: string,
    cause: unknown,
  ) {
    super(`handling a ${eventType} event failed; Slack is asked to deliver it again`, { cause });
    this.name = "RedeliveryWanted";
  }
}

/** Bolt hands its error handler the listener's error, or a wrapper keeping it as `original`. */
export function wantsRedelivery(error: unknown): boolean {
  return error instanceof RedeliveryWanted || (error as { original?: unknown } | undefined)?.original instanceof RedeliveryWanted;
}
