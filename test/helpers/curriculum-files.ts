import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A lesson body of `words` filler words, then `extra` (a link, a term). */
export const lessonBody = (words: number, extra = "") => `${Array.from({ length: words }, (_, i) => `word${i}`).join(" ")}${extra}`;

/** A lesson file in module m1 of track t, with frontmatter fields overridable as YAML text. */
export function lessonFile(id: string, order: number, overrides: Record<string, string> = {}, text = lessonBody(200)): string {
  const fields = {
    id,
    title: `Lesson ${id}`,
    module: "m1",
    order: String(order),
    skills: "[backend-tech]",
    level: "1",
    minutes: "3",
    questions: "[]",
    ...overrides,
  };
  return `---\n${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}\n---\n${text}\n`;
}

/** Writes a curriculum folder (skills.yaml, track t with module m1, then `files`) and returns its path. */
export function makeCurriculum(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "curriculum-"));
  const all: Record<string, string> = {
    "skills.yaml": "skills:\n  - id: backend-tech\n    title: Backend\n",
    "t/track.yaml": "id: t\ntitle: Track\ndescription: A track\nmodules:\n  - id: m1\n    title: Module one\n",
    ...files,
  };
  for (const [name, content] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}
