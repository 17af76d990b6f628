import { type Message, textMessage, ui } from "../core/message.js";
import { plainName } from "../core/text.js";
import { feedbackSentence, findingsCount, type LabResult } from "./evaluate.js";
import type { PracticeLab } from "./lab-files.js";

export const LAB_PASTE_ACTION = "lab.paste";
export const LAB_SHARE_ACTION = "lab.share";
export const LAB_FORM = "lab.submit";

/** `/mentor lab`: every lab, with the learner's own completions marked. */
export function labList(labs: readonly PracticeLab[], done: ReadonlySet<string>): Message {
  if (labs.length === 0) return textMessage("This course has no practice labs.");
  const lines = labs.map((lab) => `${done.has(lab.id) ? "✅" : "▫️"} \`${lab.id}\`: ${lab.title} (lesson \`${lab.lesson}\`)`);
  const text = `Practice labs: run a tool on your own system, paste its output, get feedback. ${done.size} of ${labs.length} passed.`;
  return {
    text: `${text}\n${lines.join("\n")}`,
    blocks: [
      ui.header("Practice labs"),
      ui.section(text),
      ui.section(lines.join("\n")),
      ui.context("`/mentor lab <id>` shows what to run. What you paste stays private to you."),
    ],
  };
}

/** `/mentor lab <id>`: what to run and a button to paste the output. */
export function labInstructions(lab: PracticeLab, passed: boolean): Message {
  const text = `${lab.title}: ${lab.instructions}`;
  return {
    text,
    blocks: [
      ui.header(`Lab ${lab.id}: ${lab.title}`.slice(0, 150)),
      ui.section(lab.instructions.trim()),
      ui.section(`**Run this on your own system:**\n\`\`\`\n${lab.run.trim()}\n\`\`\``),
      ui.context(
        `Part of lesson \`${lab.lesson}\`. ${passed ? "You passed this lab; you can paste again any time." : "Paste the whole output; only you see it and the feedback."}`,
      ),
      ui.actions(ui.button(LAB_PASTE_ACTION, "Paste the output", lab.id, "primary")),
    ],
  };
}

/** The private answer to a paste: what was read, what to look at, and a share button when it passed. */
export function labFeedback(lab: PracticeLab, result: LabResult, submissionId: number, firstCompletion: boolean, points: number): Message {
  if (!result.passed) {
    const text = `Lab ${lab.id}: ${result.reason ?? "I could not read that output."} Nothing counts yet: run the command again and paste its output.`;
    return { text, blocks: [ui.section(text), ui.actions(ui.button(LAB_PASTE_ACTION, "Paste again", lab.id))] };
  }
  const head = `**Lab ${lab.id} passed** (${findingsCount(result)}). I read: ${result.summary ?? ""}.`;
  const body = result.findings.length > 0 ? result.findings.map((f) => `• ${feedbackSentence(lab, f)}`).join("\n") : lab.healthy.trim();
  const counted = firstCompletion
    ? `First pass of this lab: +${points} points on the leaderboard.`
    : "You had passed this lab before, so it counts once, as it did then.";
  return {
    text: `Lab ${lab.id} passed: ${result.summary ?? ""}. ${result.findings.length} findings.`,
    blocks: [
      ui.section(head),
      ui.section(body),
      ui.context(`${counted} Only you see this; "Share summary" posts the figures above (not your paste) to this conversation.`),
      ui.actions(ui.button(LAB_SHARE_ACTION, "Share summary", String(submissionId)), ui.button(LAB_PASTE_ACTION, "Paste again", lab.id)),
    ],
  };
}

/** What "Share summary" posts: the learner's name, the lab and its figures; never the paste. */
export function sharedSummary(name: string, lab: PracticeLab, result: LabResult): Message {
  const text = `${plainName(name)} passed lab \`${lab.id}\` (${lab.title}): ${result.summary ?? ""}; ${findingsCount(result)}. Try it: \`/mentor lab ${lab.id}\``;
  return { text, blocks: [ui.section(text)] };
}
