import { describe, expect, it } from "vitest";
import { type Message, ui } from "../../src/core/message.js";
import { splitMarkdown } from "../../src/core/split-text.js";
import { validateForm, validateMessage } from "../../src/core/validate-message.js";

describe("validateMessage", () => {
  it("accepts a well-formed message", () => {
    const message: Message = {
      text: "Lesson",
      blocks: [ui.header("Title"), ui.section("Body"), ui.actions(ui.button("lesson.done", "Mark as done", "what-is-a-backend"))],
    };
    expect(validateMessage(message)).toEqual([]);
  });

  it("names each problem by its place", () => {
    const message: Message = {
      text: " ",
      blocks: [
        ui.header("x".repeat(151)),
        ui.actions(ui.button("Bad Id", "ok", "v"), ui.button("quiz.answer", "y".repeat(76), "v".repeat(59))),
        { type: "fields", fields: [] },
      ],
    };
    expect(validateMessage(message)).toEqual([
      "text: is empty",
      "blocks[0].text: is longer than 150",
      "blocks[1].elements[0].actionId: must be a dotted lowercase id",
      "blocks[1].elements[1].label: is longer than 75",
      "blocks[1].elements[1].value: is longer than 58",
      "blocks[2].fields: must hold 1 to 10",
    ]);
  });

  it("refuses more than five buttons in a row and repeated id and value", () => {
    const buttons = Array.from({ length: 6 }, (_, i) => ui.button("quiz.answer", `Option ${i}`, "same"));
    const problems = validateMessage({ text: "q", blocks: [ui.actions(...buttons)] });
    expect(problems).toContain("blocks[0].elements: must hold 1 to 5");
    expect(problems).toContain("blocks[0].elements[1]: repeats an action id and value");
  });
});

describe("validateForm", () => {
  it("keeps forms within both platforms' modal limits", () => {
    const inputs = Array.from({ length: 6 }, (_, i) => ({ kind: "text" as const, id: `f${i}`, label: `Field ${i}`, required: true }));
    expect(validateForm({ id: "f", title: "A title that is far too long", submitLabel: "Save", inputs })).toEqual([
      "title: must be 1 to 24 characters",
      "inputs: must hold 1 to 5",
    ]);
  });
});

describe("splitMarkdown", () => {
  it("splits at paragraph, then line, then word boundaries, never mid-word", () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const pieces = splitMarkdown(`${words}\n\nsecond paragraph`, 300);
    expect(pieces.every((p) => p.length <= 300)).toBe(true);
    expect(pieces.join(" ").split(/\s+/)).toEqual(`${words} second paragraph`.split(/\s+/));
  });

  it("closes and reopens a code fence it has to cut", () => {
    const code = `\`\`\`sql\n${Array.from({ length: 40 }, (_, i) => `select ${i} from some_table;`).join("\n")}\n\`\`\``;
    const pieces = splitMarkdown(code, 200);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(200);
      expect(piece.startsWith("```sql")).toBe(true);
      expect(piece.endsWith("```")).toBe(true);
    }
  });
});
