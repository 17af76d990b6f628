import type { Actor } from "./events.js";

/**
 * What a person hears when they run an admin-only command. Someone of another organisation
 * (Slack Connect) is also told why: no role they hold at home makes them an admin here.
 */
export function adminOnlySentence(path: readonly string[], actor: Pick<Actor, "external">): string {
  const refusal = `Only an admin of this workspace can run \`/mentor ${path.join(" ")}\`.`;
  return actor.external ? `${refusal} You take part here from another organisation, so as a member.` : refusal;
}
