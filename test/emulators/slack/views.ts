import { randomBytes } from "node:crypto";
import { validateView } from "./block-kit.js";
import { type Answer, fail, ok, type Params, parseJsonParam, str } from "./wire.js";

export interface StoredView {
  id: string;
  team: string;
  user: string;
  view: Record<string, unknown>;
}

/**
 * Modals and App Home tabs: trigger ids (one use, 3 s), views.open and views.publish with
 * Slack's answers, and the views they left open or published.
 */
export class SlackViews {
  readonly modals: StoredView[] = [];
  readonly homes = new Map<string, StoredView>();
  private readonly triggers = new Map<string, { team: string; user: string; at: number; used: boolean }>();

  constructor(private readonly hasUser: (team: string, user: string) => boolean) {}

  newTrigger(team: string, user: string): string {
    const id = `${Date.now()}.${randomBytes(6).toString("hex")}`;
    this.triggers.set(id, { team, user, at: Date.now(), used: false });
    return id;
  }

  openModal(team: string, user: string): StoredView | undefined {
    return this.modals.filter((v) => v.team === team && v.user === user).at(-1);
  }

  closeModal(id: string): void {
    const index = this.modals.findIndex((m) => m.id === id);
    if (index >= 0) this.modals.splice(index, 1);
  }

  /** views.open; `problems` receives Block Kit problems for the call record. */
  open(team: string, params: Params, problems: (found: string[]) => void): Answer {
    const trigger = this.triggers.get(str(params.trigger_id) ?? "");
    if (!trigger || trigger.team !== team) return fail("invalid_trigger_id");
    if (trigger.used || Date.now() - trigger.at > 3_000) return fail("expired_trigger_id");
    const view = parseJsonParam(params.view) as Record<string, unknown> | undefined;
    const refused = refusal(validateView(view, "modal"), problems);
    if (refused) return refused;
    trigger.used = true;
    const stored = storedView(team, trigger.user, view);
    this.modals.push(stored);
    return ok({ view: { id: stored.id, ...stored.view } });
  }

  /** views.publish (App Home). */
  publish(team: string, params: Params, problems: (found: string[]) => void): Answer {
    const user = str(params.user_id);
    if (!user || !this.hasUser(team, user)) return fail("user_not_found");
    const view = parseJsonParam(params.view) as Record<string, unknown> | undefined;
    const refused = refusal(validateView(view, "home"), problems);
    if (refused) return refused;
    const stored = storedView(team, user, view);
    this.homes.set(`${team}:${user}`, stored);
    return ok({ view: { id: stored.id, ...stored.view } });
  }
}

function refusal(found: string[], problems: (found: string[]) => void): Answer | undefined {
  if (found.length === 0) return undefined;
  problems(found);
  return fail("invalid_arguments", { response_metadata: { messages: found } });
}

function storedView(team: string, user: string, view: Record<string, unknown> | undefined): StoredView {
  return { id: `V${randomBytes(5).toString("hex").toUpperCase()}`, team, user, view: view as Record<string, unknown> };
}
