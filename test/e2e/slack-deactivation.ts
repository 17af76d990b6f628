import { expect, vi } from "vitest";
import { CHANNEL, eventually, type SlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";

/** What Slack sends when Lee's account is deactivated. */
export const LEE_DEACTIVATED = { type: "user_change", user: { id: "ULEE", team_id: TEAM, deleted: true } };

/**
 * Lee joins as a mentee and is then deactivated, the first handling of that failing (the
 * database restarting). `deliver` sends LEE_DEACTIVATED as the transport does and checks what
 * Slack saw; `notYetLeft` checks that the failed try changed nothing. Afterwards the core was
 * asked twice, and Lee is left with the leaving handled.
 */
export async function deactivateWhileHandlingFails(t: SlackTestApp, deliver: (notYetLeft: () => Promise<void>) => Promise<void>): Promise<void> {
  t.emulator.addUser(TEAM, { id: "ULEE", name: "Lee", tz: "Europe/Berlin" });
  await t.slack.command("ULEE", CHANNEL, "join mentee");
  const seenByLee = () => t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === undefined || m.visibleTo === "ULEE");
  await eventually(() => expect(seenByLee().at(-1)?.text).toContain("mentee"));
  const workspace = await t.app.services.workspaces.ensure(`slack:${TEAM}`);
  const lee = async () => t.app.services.members.byRef(workspace.id, `slack:${TEAM}:ULEE`);
  const failing = vi.spyOn(t.app.core, "handle").mockRejectedValueOnce(new Error("the database is restarting"));
  try {
    await deliver(async () => expect((await lee())?.leftAt).toBeNull());
    expect(failing).toHaveBeenCalledTimes(2);
  } finally {
    failing.mockRestore();
  }
  expect((await lee())?.leftAt).toBeInstanceOf(Date);
  expect((await lee())?.leftHandledAt).toBeInstanceOf(Date);
}
