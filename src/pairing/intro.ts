import { type Message, ui } from "../core/message.js";
import type { ConversationRef } from "../core/refs.js";
import { counted, plainName, quoted } from "../core/text.js";
import { percent } from "../quizzes/mastery.js";
import { weakest } from "../quizzes/profile.js";
import type { Services } from "../services.js";

/**
 * The introduction: both people, why they were paired, and a first agenda from the mentee's data.
 * Both read it, so it speaks to each of them by name ("maria, your next lesson"), never about
 * one of them to the other.
 */
export async function introMessage(
  services: Services,
  mentor: { id: number; name: string },
  mentee: { id: number; name: string },
  reason: string,
): Promise<Message> {
  const { lessons, quizzes } = services;
  const weak = weakest(await quizzes.skillProfile(mentee.id, lessons.skills, services.now()), 2);
  const done = await lessons.progress.completedIds(mentee.id);
  const next = lessons.catalog.firstNot(lessons.defaultTrack(), (id) => done.has(id));
  const menteeName = plainName(mentee.name);
  const agenda = [
    `Introductions: what each of you works on; ${menteeName}, what you want from the next three months.`,
    ...weak.map(
      (s) =>
        `${s.title}: ${menteeName}, your quiz mastery is ${percent(s.mastery ?? 0)} (${s.right} of ${counted(s.answers, "answer")} right); pick one real task to work through together.`,
    ),
    next
      ? `${menteeName}, your next lesson is ${quoted(next.title)}: both of you read it before you meet, and bring one question each.`
      : `${menteeName}, you have finished the course: pick a topic to go deeper on together.`,
    "Agree on a weekly slot inside your overlapping working hours.",
  ];
  const names = `${plainName(mentor.name)} (mentor) and ${menteeName} (mentee)`;
  return {
    text: `Meet your mentoring partner: ${names}. ${reason}`,
    blocks: [
      ui.header("Meet your mentoring partner"),
      ui.section(`${names}, you are paired.\n\n**Why:** ${reason}.`),
      ui.section(`**A first agenda**\n${agenda.map((line, i) => `${i + 1}. ${line}`).join("\n")}`),
      ui.context("Weekly check-ins keep the mentor up to date. `/mentor unpair` ends the pairing; `/mentor rematch` asks for a new match next round."),
    ],
  };
}

/**
 * Where a pair's private introduction thread opens on a platform without group DMs (Discord): the
 * workspace's oldest active lesson channel, which the team already reads. None: DMs instead.
 */
export async function introChannel(services: Services, workspaceId: number): Promise<ConversationRef | undefined> {
  const subscriptions = await services.lessons.subscriptions.activeInWorkspace(workspaceId);
  return subscriptions.sort((a, b) => a.id - b.id)[0]?.channel;
}

export function introThreadName(mentor: string, mentee: string): string {
  return `Mentoring: ${plainName(mentor)} & ${plainName(mentee)}`;
}
