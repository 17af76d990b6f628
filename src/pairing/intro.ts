import { type Message, ui } from "../core/message.js";
import type { ConversationRef } from "../core/refs.js";
import { plainName } from "../core/text.js";
import { skillProfile, weakest } from "../quizzes/profile.js";
import type { Services } from "../services.js";

/** The introduction: both people, why they were paired, and a first agenda from the mentee's data. */
export async function introMessage(
  services: Services,
  mentor: { id: number; name: string },
  mentee: { id: number; name: string },
  reason: string,
): Promise<Message> {
  const { lessons, quizzes } = services;
  const profile = skillProfile(lessons.skills, await quizzes.cards.forMember(mentee.id), quizzes.cards, services.now());
  const weak = weakest(profile, 2);
  const done = await lessons.progress.completedIds(mentee.id);
  const next = lessons.catalog.firstNot(lessons.defaultTrack(), (id) => done.has(id));
  const agenda = [
    "Introductions: what each of you works on, and what the mentee wants from the next three months.",
    ...weak.map((s) => `${s.title}: the mentee's quiz mastery is ${Math.round((s.mastery ?? 0) * 100)}%; pick one real task to work through together.`),
    next
      ? `The mentee's next lesson is "${next.title}"; read it before you meet and bring one question.`
      : "The mentee has finished the course: pick a topic to go deeper on.",
    "Agree on a weekly slot inside your overlapping working hours.",
  ];
  const names = `${plainName(mentor.name)} (mentor) and ${plainName(mentee.name)} (mentee)`;
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
