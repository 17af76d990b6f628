import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderForm, renderMessage } from "../../adapters/discord/render.js";
import { renderHelp } from "../../src/core/help.js";
import { MODEL_LIMITS } from "../../src/core/limits.js";
import type { Block, Message } from "../../src/core/message.js";
import { validateMessage } from "../../src/core/validate-message.js";
import { renderLesson } from "../../src/lessons/render.js";
import { validateMessageBody, validateModal } from "../emulators/discord/validate.js";
import { type DiscordTestApp, startDiscordApp } from "../helpers/discord-app.js";

/** Every part the adapter would send, checked by the emulator's field-by-field 50035 rules. */
function problemsOf(message: Message, serverLink?: string): string[] {
  return renderMessage(message, serverLink ? { serverLink } : {}).flatMap((part, i) =>
    validateMessageBody(JSON.parse(JSON.stringify(part))).list.map((p) => `part ${i} ${p.path.join(".")}: ${p.message}`),
  );
}

describe("every message the bot sends passes Discord's limits", () => {
  let t: DiscordTestApp;
  beforeAll(async () => {
    t = await startDiscordApp({ start: false, workers: false });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it("renders all lessons of the course, in channels and in DMs, without a single problem", () => {
    const { catalog } = t.app.services.lessons;
    const lessons = catalog.track(t.app.services.lessons.defaultTrack());
    expect(lessons.length).toBeGreaterThanOrEqual(60);
    for (const lesson of lessons) {
      const message = renderLesson(lesson, catalog, { lead: "Today's lesson", withButtons: true });
      expect(problemsOf(message), lesson.id).toEqual([]);
      expect(problemsOf(message, "https://discord.com/channels/123456789012345678"), lesson.id).toEqual([]);
      // Nothing of the lesson is lost on the way: every word of its sections is in the embeds.
      const shown = renderMessage(message)
        .flatMap((p) => p.embeds.map((e) => e.description ?? ""))
        .join("\n\n");
      const words = (message.blocks ?? []).flatMap((b) => (b.type === "section" ? b.markdown.split(/\s+/).filter(Boolean) : []));
      for (const word of words) expect(shown, lesson.id).toContain(word);
    }
  });

  it("renders help for admins and members", () => {
    const definitions = t.app.services.router.all();
    expect(problemsOf(renderHelp(definitions, true))).toEqual([]);
    expect(problemsOf(renderHelp(definitions, false))).toEqual([]);
  });

  it("renders any message the core accepts (property), splitting instead of truncating", () => {
    const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);
    const block: fc.Arbitrary<Block> = fc.oneof(
      text(MODEL_LIMITS.header).map((s) => ({ type: "header" as const, text: s })),
      fc
        .array(fc.lorem({ maxCount: 40, mode: "sentences" }), { minLength: 1, maxLength: 30 })
        .map((p) => ({ type: "section" as const, markdown: p.join("\n\n") })),
      fc
        .array(fc.record({ label: text(MODEL_LIMITS.fieldLabel), value: text(MODEL_LIMITS.fieldValue) }), {
          minLength: 1,
          maxLength: MODEL_LIMITS.fieldsPerBlock,
        })
        .map((fields) => ({ type: "fields" as const, fields })),
      fc.array(text(300), { minLength: 1, maxLength: MODEL_LIMITS.contextElements }).map((elements) => ({ type: "context" as const, elements })),
      fc.constant({ type: "divider" as const }),
    );
    const actions = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9.]{0,39}$/), { minLength: 1, maxLength: 5 }).map((ids) => ({
      type: "actions" as const,
      elements: ids.map((id, i) => ({ type: "button" as const, actionId: id, label: `Button ${i}`, value: "x".repeat(MODEL_LIMITS.actionValue) })),
    }));
    const message = fc.record({
      text: text(200),
      blocks: fc.tuple(fc.array(block, { maxLength: 30 }), fc.array(actions, { maxLength: MODEL_LIMITS.actionBlocks })).map(([b, a]) => [...b, ...a]),
    });
    fc.assert(
      fc.property(message, (m) => {
        fc.pre(validateMessage(m).length === 0);
        expect(problemsOf(m)).toEqual([]);
        const sections = (m.blocks ?? []).filter((b) => b.type === "section").map((b) => (b as { markdown: string }).markdown);
        const shown = renderMessage(m)
          .flatMap((p) => p.embeds.map((e) => e.description ?? ""))
          .join("\n\n");
        for (const word of sections.join(" ").split(/\s+/).filter(Boolean)) expect(shown).toContain(word);
      }),
      { numRuns: 150 },
    );
  });

  it("renders the profile form and a five-input form as valid modals", () => {
    const form = {
      id: "checkin",
      title: "Weekly check-in",
      submitLabel: "Send",
      metadata: "round-12",
      inputs: [
        { kind: "text" as const, id: "win", label: "A win this week", required: true, maxLength: 200 },
        { kind: "longText" as const, id: "blocker", label: "What blocks you", required: false },
        { kind: "number" as const, id: "mood", label: "Mood", required: true, min: 1, max: 5 },
        {
          kind: "choice" as const,
          id: "pace",
          label: "Pace",
          required: true,
          options: [
            { label: "Too slow", value: "slow" },
            { label: "Right", value: "ok" },
          ],
        },
        { kind: "text" as const, id: "note", label: "N".repeat(45), required: false },
      ],
    };
    expect(validateModal(JSON.parse(JSON.stringify(renderForm(form)))).list).toEqual([]);
  });
});
