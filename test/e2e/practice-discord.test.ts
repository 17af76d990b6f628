import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labCompletions, labSubmissions } from "../../drizzle/schema/index.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import type { EmuMessage, EmuUser } from "../emulators/discord/world.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

const EPHEMERAL = 64;
const adversarial = readFileSync("test/fixtures/practice/explain-analyze/adversarial-mention-in-relation.txt", "utf8");

describe("practice labs on Discord, through the emulator", () => {
  let t: DiscordTestApp;
  beforeAll(async () => {
    t = await startDiscordApp({ commands: true });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const shown = (messages: EmuMessage[]) => messages.map((m) => t.emulator.world.shownText(m)).join("\n");

  /** Runs /mentor lab explain-analyze and presses "Paste the output": the modal's opener. */
  async function openPasteModal(user: EmuUser): Promise<EmuInteraction> {
    const command = t.driver.slashCommand(user, t.channel, ["lab"], { id: "explain-analyze" });
    const [instructions] = await t.driver.finalResponses(command);
    if (!instructions) throw new Error("no instructions");
    expect((instructions.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const press = t.driver.press(user, instructions.id, "Paste the output");
    expect((await t.driver.waitForCallback(press)).type).toBe(9);
    return press;
  }

  it("opens a modal whose text input takes up to Discord's 4,000 characters", async () => {
    const opener = await openPasteModal(t.member);
    expect(JSON.stringify(opener.modal)).toMatch(/"style":2[^}]*"max_length":4000/);
  });

  it("answers privately with the paste's markup escaped and no mention allowed; two submits are one completion", async () => {
    const opener = await openPasteModal(t.member);
    const answer = await t.driver.finalResponses(t.driver.submitModal(opener, { output: adversarial }));
    const text = shown(answer);
    expect((answer[0]?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(text).toContain("Lab explain-analyze passed");
    expect(text).toContain("expected 1 and got 123,738 rows");
    expect(text).toContain("Parallel Seq Scan on \\<!channel\\>");
    expect(text).toContain("\\_\\*orders\\*");
    const allowed = (answer[0]?.allowed_mentions as { parse?: string[] } | undefined)?.parse ?? [];
    expect(allowed).not.toContain("everyone");
    expect(allowed).not.toContain("roles");
    await t.driver.finalResponses(t.driver.submitModal(await openPasteModal(t.member), { output: adversarial }));
    expect(await t.app.services.db.select().from(labSubmissions)).toHaveLength(2);
    expect(await t.app.services.db.select().from(labCompletions)).toHaveLength(1);
  });

  it("refuses another member's share and an oversized paste; the owner's share posts a summary once", async () => {
    const opener = await openPasteModal(t.member);
    const [feedback] = await t.driver.finalResponses(t.driver.submitModal(opener, { output: adversarial }));
    if (!feedback) throw new Error("no feedback");
    const forged = await t.driver.finalResponses(t.driver.press(t.admin, feedback.id, "Share summary"));
    expect(shown(forged)).toContain("Only the person who pasted an output can share its summary.");
    await t.driver.finalResponses(t.driver.press(t.member, feedback.id, "Share summary"));
    expect(shown(await t.driver.finalResponses(t.driver.press(t.member, feedback.id, "Share summary")))).toContain("You already shared this summary.");
    const posted = t.driver.messagesIn(t.channel.id).filter((m) => shown([m]).includes("passed lab"));
    expect(posted).toHaveLength(1);
    expect((posted[0]?.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(shown(posted)).toContain("maria passed lab `explain-analyze`");
    expect(shown(posted)).not.toMatch(/channel|everyone|Seq Scan/);
    const huge = await t.driver.finalResponses(t.driver.submitModal(await openPasteModal(t.member), { output: "y".repeat(4_001) }));
    expect(shown(huge)).toContain("That paste is 4,001 characters");
  });
});
