import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { answeredAfterHandling } from "./redelivery.js";

/**
 * Socket Mode with the same promise as the events receiver over HTTP: Bolt acknowledges an event
 * before its listeners run, so a deactivation whose handling failed would be lost. For the
 * events listed in redelivery.ts, this receiver holds the acknowledgement until the handling
 * succeeded; when it failed, the envelope stays unacknowledged and Slack sends it again.
 */
export function acknowledgedAfterHandling(inner: Receiver): Receiver {
  return {
    init(app) {
      // The inner receiver calls only processEvent; everything else is the app's own.
      inner.init(
        new Proxy(app, { get: (target, key) => (key === "processEvent" ? (event: ReceiverEvent) => processEvent(target, event) : Reflect.get(target, key)) }),
      );
    },
    start: (...args) => inner.start(...args),
    stop: (...args) => inner.stop(...args),
  };
}

async function processEvent(app: App, event: ReceiverEvent): Promise<void> {
  if (!answeredAfterHandling(event.body)) return app.processEvent(event);
  // A failure throws past the acknowledgement: the receiver sends none, which asks Slack for the event again.
  await app.processEvent({ ...event, ack: async () => {} });
  await event.ack();
}
