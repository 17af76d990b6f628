import { describe, expect, it } from "vitest";
import { counted, quoted } from "../../src/core/text.js";

describe("counted", () => {
  it("puts the noun in the number the count needs", () => {
    expect(counted(1, "lesson")).toBe("1 lesson");
    expect(counted(0, "lesson")).toBe("0 lessons");
    expect(counted(2, "mentor")).toBe("2 mentors");
    expect(counted(1, "person", "people")).toBe("1 person");
    expect(counted(3, "person", "people")).toBe("3 people");
  });
});

describe("quoted", () => {
  it("quotes in curly double quotes, or single ones around text that holds double quotes", () => {
    expect(quoted("postgres")).toBe("“postgres”");
    expect(quoted('"Backend" is relative')).toBe('‘"Backend" is relative’');
    expect(quoted("“Backend” is relative")).toBe("‘“Backend” is relative’");
  });
});
