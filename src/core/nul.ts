import type { Actor, IncomingEvent } from "./events.js";

/**
 * PostgreSQL text cannot hold U+0000, and a platform may deliver it inside what a person typed
 * (a Slack modal, a Discord option). It carries no meaning, so it is dropped on the way in
 * instead of failing the first query that stores it.
 */
export function withoutNul<E extends IncomingEvent>(event: E): E {
  return cleaned(event) as E;
}

function cleaned(event: IncomingEvent): IncomingEvent {
  // A departure carries only ids the platform made, nothing a person typed.
  if (event.kind === "memberLeft") return event;
  const actor = clean(event.actor);
  switch (event.kind) {
    case "command": {
      const typed = event.typed && {
        path: event.typed.path,
        values: Object.fromEntries(
          Object.entries(event.typed.values).map(([name, value]) => [name, typeof value === "string" ? withoutNulText(value) : value]),
        ),
      };
      return { ...event, actor, text: withoutNulText(event.text), typed };
    }
    case "action":
      return { ...event, actor, value: withoutNulText(event.value) };
    case "formSubmit":
      return {
        ...event,
        actor,
        values: Object.fromEntries(Object.entries(event.values).map(([id, value]) => [id, withoutNulText(value)])),
        metadata: event.metadata === undefined ? undefined : withoutNulText(event.metadata),
      };
    default:
      return { ...event, actor };
  }
}

/** Text as the core passes it on: without U+0000. */
export const withoutNulText = (text: string) => text.replaceAll("\u0000", "");

const clean = (actor: Actor): Actor => ({ ...actor, displayName: withoutNulText(actor.displayName) });
