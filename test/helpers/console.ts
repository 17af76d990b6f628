/** What a person does at the console in a test: switch person, type, press buttons, answer quiz questions. */
import { questions } from "../../drizzle/schema/index.js";
import { buttonAnswer, numericAnswer, orderAnswer } from "./kinds-driver.js";
import type { TestApp } from "./test-app.js";

/** The numbers of the buttons printed in `text`, by label. */
export function buttons(text: string): Map<string, string> {
  return new Map([...text.matchAll(/\[(\d+)\] ([^[\n]+?)(?=\s{3}\[|\n|$)/g)].map((m) => [m[2]?.trim() as string, m[1] as string]));
}

/**
 * Presses the right (or a wrong) option of the last question the console printed in `shown`,
 * whatever the course's question is; returns what the bot answered.
 */
export async function answerLast(t: TestApp, shown: string, correct: boolean): Promise<string> {
  const lastQuestion = shown.slice(shown.lastIndexOf("== "));
  const all = await t.app.services.db.select().from(questions);
  const question = all.filter((q) => lastQuestion.includes(q.prompt)).at(-1);
  if (!question) throw new Error(`No known question in: ${lastQuestion.slice(0, 300)}`);
  if (question.kind === "numeric" || question.kind === "order") {
    // Typed kinds take the short reply: a number, or the steps' letters in order.
    const reply = question.kind === "numeric" ? numericAnswer(question, correct) : orderAnswer(question, lastQuestion, correct).join(" ");
    await t.type(`/mentor quiz answer ${reply}`);
    return t.take();
  }
  await t.type(`/press ${buttons(lastQuestion).get(buttonAnswer(question, correct))}`);
  return t.take();
}

/** Acts as `name` (created on first use), types each line, and returns what the console printed. */
export async function as(t: TestApp, name: string, ...lines: string[]): Promise<string> {
  await t.type(`/as ${name}`);
  for (const line of lines) await t.type(line);
  return t.take();
}
