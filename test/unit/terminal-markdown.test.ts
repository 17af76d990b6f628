import { describe, expect, it } from "vitest";
import { terminalMarkdown } from "../../adapters/console/markdown.js";
import { readerTime, userText } from "../../src/core/text.js";

describe("Markdown in the terminal", () => {
  it("takes the marks out of plain text (a pipe, a file)", () => {
    expect(terminalMarkdown("**Right:** use `/mentor lesson next`, _(admin)_ and *this*", "plain")).toBe("Right: use /mentor lesson next, (admin) and this");
    expect(terminalMarkdown("see [the docs](https://example.com/a)", "plain")).toBe("see the docs (https://example.com/a)");
    expect(terminalMarkdown("## Title\n- one\n* two", "plain")).toBe("Title\n• one\n• two");
  });

  it("styles bold, italic, code and links with ANSI at a terminal", () => {
    expect(terminalMarkdown("**Right:** `x`", "ansi")).toBe("\x1b[1mRight:\x1b[22m \x1b[36mx\x1b[39m");
    expect(terminalMarkdown("_(admin)_", "ansi")).toBe("\x1b[3m(admin)\x1b[23m");
    expect(terminalMarkdown("[docs](https://e.x)", "ansi")).toBe("\x1b[4mdocs\x1b[24m (https://e.x)");
  });

  it("leaves snake_case, zone names and code contents alone", () => {
    expect(terminalMarkdown("America/New_York and snake_case_name", "plain")).toBe("America/New_York and snake_case_name");
    expect(terminalMarkdown("`a_b_c` and `**not bold**`", "plain")).toBe("a_b_c and **not bold**");
    expect(terminalMarkdown("```sql\nselect *\nfrom t_x;\n```", "plain")).toBe("    select *\n    from t_x;");
  });

  it("prints what a person wrote exactly as written, and times in their zone", () => {
    expect(terminalMarkdown(`**Note:** ${userText("the **cache** and `rm`")}`, "plain")).toBe("Note: the **cache** and `rm`");
    const at = readerTime(new Date("2026-12-04T08:00:00Z"), "dateTime", "Europe/Berlin");
    expect(terminalMarkdown(`Closes **${at}**`, "plain")).toBe("Closes Fri 4 Dec 09:00 Europe/Berlin");
  });
});
