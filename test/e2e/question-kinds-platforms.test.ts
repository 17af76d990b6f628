import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QuestionRow } from "../../src/quizzes/bank.js";
import type { EmuInteraction } from "../emulators/discord/interactions.js";
import { CHANNEL, eventually, MEMBER, type SlackTestApp, startSlackTestApp, TEAM } from "../emulators/slack/slack-test-app.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";
import { buttonAnswer, numericAnswer } from "../helpers/kinds-driver.js";
import { kindsCurriculum } from "../helpers/question-kinds-curriculum.js";

type Json = Record<string, unknown>;

/** The letters of an ordering question's steps in the right order, read from its form's options ("A. Client sends SYN"). */
function lettersFromOptions(question: QuestionRow, options: { label: string; value: string }[]): string[] {
  if (question.spec.kind !== "order") throw new Error("not an ordering question");
  return question.spec.items.map((item) => options.find((o) => o.label.endsWith(`. ${item}`))?.value as string);
}

function questionIn(bank: QuestionRow[], text: string): QuestionRow {
  const found = bank.find((q) => text.includes(q.prompt));
  if (!found) throw new Error(`No known prompt in: ${text.slice(0, 300)}`);
  return found;
}

describe("question kinds on Slack (Bolt against the emulator)", () => {
  let t: SlackTestApp;
  let bank: QuestionRow[];
  beforeAll(async () => {
    t = await startSlackTestApp({ env: { CURRICULUM_DIR: kindsCurriculum() } });
    bank = await t.app.services.quizzes.bank.forLesson("kinds");
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const lastQuestion = () => {
    const seen = t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === MEMBER && m.text.includes("question"));
    return seen.at(-1) as { ts: string; text: string; blocks: unknown[] };
  };

  it("answers every kind with buttons and modals, within Block Kit's limits", async () => {
    await t.slack.command(MEMBER, CHANNEL, "quiz kinds 10");
    let shown = await eventually(() => {
      const last = lastQuestion();
      if (!last?.text.includes("question 1 of 8")) throw new Error("no quiz yet");
      return last;
    });
    for (let i = 1; i <= 8; i++) {
      const question = questionIn(bank, shown.text);
      if (question.kind === "numeric" || question.kind === "order") {
        await t.slack.press(MEMBER, CHANNEL, shown.ts, question.kind === "numeric" ? "Type your answer" : "Put them in order");
        const modal = await eventually(() => t.emulator.openModal(TEAM, MEMBER) ?? Promise.reject(new Error("no modal")));
        const inputs = (modal.view.blocks as Json[]).filter((b) => b.type === "input");
        if (question.kind === "numeric") {
          const refused = await t.slack.submitModal(MEMBER, { [String(inputs[0]?.block_id)]: "fifty" });
          expect(refused.body).toMatchObject({ response_action: "errors" });
          await t.slack.submitModal(MEMBER, { [String(inputs[0]?.block_id)]: numericAnswer(question, true) });
        } else {
          const options = (((inputs[0] as Json).element as Json).options as { text: { text: string }; value: string }[]).map((o) => ({
            label: o.text.text,
            value: o.value,
          }));
          const letters = lettersFromOptions(question, options);
          await t.slack.submitModal(MEMBER, Object.fromEntries(inputs.map((input, k) => [String(input.block_id), letters[k] as string])));
        }
      } else {
        await t.slack.press(MEMBER, CHANNEL, shown.ts, buttonAnswer(question, true));
      }
      const before = shown.ts;
      shown = await eventually(() => {
        const seen = t.emulator.messagesIn(TEAM, CHANNEL).filter((m) => m.visibleTo === MEMBER);
        const last = seen.at(-1) as typeof shown;
        if (last.ts === before) throw new Error("no answer yet");
        return last;
      });
      expect(JSON.stringify(shown.blocks)).toContain("Right:");
    }
    expect(shown.text).toContain("You got 8 of 8 right");
  }, 60_000);
});

describe("question kinds on Discord (discord.js against the emulator)", () => {
  let t: DiscordTestApp;
  let bank: QuestionRow[];
  beforeAll(async () => {
    t = await startDiscordApp({ env: { CURRICULUM_DIR: kindsCurriculum() }, commands: true });
    bank = await t.app.services.quizzes.bank.forLesson("kinds");
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  async function lastWithButtons(interaction: EmuInteraction) {
    const messages = await t.driver.finalResponses(interaction);
    return messages.filter((m) => m.components.length > 0).at(-1) ?? messages.at(-1);
  }

  it("answers every kind with buttons and modals, within 5 rows of 5 buttons", async () => {
    let shown = await lastWithButtons(t.driver.slashCommand(t.member, t.channel, ["quiz", "go"], { topic: "kinds", count: 10 }));
    for (let i = 1; i <= 8; i++) {
      if (!shown) throw new Error("no question shown");
      const text = t.emulator.world.shownText(shown);
      const question = questionIn(bank, text);
      expect(shown.components.length).toBeLessThanOrEqual(5);
      if (question.kind === "numeric" || question.kind === "order") {
        const opener = t.driver.press(t.member, shown.id, question.kind === "numeric" ? "Type your answer" : "Put them in order");
        expect((await t.driver.waitForCallback(opener)).type).toBe(9);
        const components = (opener.modal?.components ?? []) as Json[];
        const ids = components.map((c) => String((c.component as Json).custom_id));
        if (question.kind === "numeric") {
          shown = await lastWithButtons(t.driver.submitModal(opener, { [ids[0] as string]: numericAnswer(question, true) }));
        } else {
          const options = (((components[0] as Json).component as Json).options as { label: string; value: string }[]) ?? [];
          const letters = lettersFromOptions(question, options);
          shown = await lastWithButtons(t.driver.submitModal(opener, Object.fromEntries(ids.map((id, k) => [id, [letters[k] as string]]))));
        }
      } else {
        shown = await lastWithButtons(t.driver.press(t.member, shown.id, buttonAnswer(question, true)));
      }
      expect(t.emulator.world.shownText(shown as NonNullable<typeof shown>)).toContain("Right:");
    }
    expect(t.emulator.world.shownText(shown as NonNullable<typeof shown>)).toContain("You got 8 of 8 right");
  }, 60_000);
});
