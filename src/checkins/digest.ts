import { and, eq, gte } from "drizzle-orm";
import { lessonCompletions } from "../../drizzle/schema/index.js";
import { addDays, localDate, weekdayOf } from "../calendar/dates.js";
import { type Block, type Message, ui } from "../core/message.js";
import { plainName, userText } from "../core/text.js";
import { type Evidence, evidenceExcerpt, evidenceSince } from "../lessons/checkpoints.js";
import type { Member } from "../members/service.js";
import { percent } from "../quizzes/mastery.js";
import { weakest } from "../quizzes/profile.js";
import type { Services } from "../services.js";
import type { Workspace } from "../workspaces/service.js";
import { checkinBlocks } from "./render.js";
import { currentWeek } from "./schedule.js";
import type { Checkin } from "./store.js";

/** Checkpoint evidence this recent is shown in the digest. */
const EVIDENCE_DAYS = 7;
/** Mastery below this is worth a session together. */
const WEAK_MASTERY = 0.5;

/**
 * A mentor's weekly digest: each mentee's check-in (or its absence), trend, lessons, weakest
 * skills, talking points. `only` limits it to some mentees (the scheduled digest's covered ones).
 */
export async function mentorDigest(services: Services, workspace: Workspace, mentor: Member, only?: ReadonlySet<number>): Promise<Message> {
  const mentees = (await services.pairing.profiles.currentMentees(mentor.id)).filter((pair) => !only || only.has(pair.menteeId));
  if (mentees.length === 0) return { text: "You have no mentees right now.", blocks: [ui.section("You have no mentees right now.")] };
  const blocks: Block[] = [ui.header("Your mentees this week")];
  const summary: string[] = [];
  for (const pair of mentees.slice(0, 8)) {
    const mentee = await services.members.byId(pair.menteeId);
    if (!mentee) continue;
    const section = await menteeSection(services, workspace, mentee);
    blocks.push(ui.divider(), ...section.blocks);
    summary.push(section.summary);
  }
  return { text: `Your mentees this week: ${summary.join("; ")}`, blocks };
}

async function menteeSection(services: Services, workspace: Workspace, mentee: Member): Promise<{ blocks: Block[]; summary: string }> {
  const now = services.now();
  const timezone = services.members.timezoneOf(mentee, workspace);
  const week = currentWeek(now, timezone);
  const recent = await services.checkins.recent(mentee.id, 4);
  const thisWeek = recent.find((c) => c.week === week);
  const today = localDate(now, timezone);
  const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
  const lessonsThisWeek = await services.db
    .select({ id: lessonCompletions.lessonId })
    .from(lessonCompletions)
    .where(and(eq(lessonCompletions.memberId, mentee.id), gte(lessonCompletions.localDate, monday)));
  const progress = await services.lessons.progress.progress(workspace.id, mentee.id, services.lessons.defaultTrack(), timezone, now);
  const profile = await services.quizzes.skillProfile(mentee.id, services.lessons.skills, now);
  const weak = weakest(profile, 2);
  const name = plainName(mentee.displayName);
  const trend = [...recent].reverse().map((c) => String(c.mood));
  const facts = [
    `Mood trend: ${trend.length > 0 ? trend.join(" → ") : "no check-ins yet"}`,
    `Lessons this week: ${lessonsThisWeek.length} · streak ${progress.streaks.current} · ${progress.done}/${progress.total} done`,
    `Weakest skills: ${weak.length > 0 ? weak.map((s) => `${s.title} (${percent(s.mastery ?? 0)})`).join(", ") : "no quiz answers yet"}`,
  ];
  const evidence = await evidenceSince(services.db, mentee.id, new Date(now.getTime() - EVIDENCE_DAYS * 86_400_000));
  const points = talkingPoints(thisWeek, recent, lessonsThisWeek.length, weak);
  const blocks: Block[] = [ui.section(`**${name}**${thisWeek ? "" : ` has not checked in for ${week} yet.`}`)];
  if (thisWeek) blocks.push(...checkinBlocks(mentee.displayName, thisWeek));
  blocks.push(ui.context(...facts));
  if (evidence.length > 0)
    blocks.push(ui.section(`**Project checkpoints (last ${EVIDENCE_DAYS} days)**\n${evidence.map((e) => evidenceLine(services, e)).join("\n")}`));
  blocks.push(ui.section(`**Talking points**\n${points.map((p) => `• ${p}`).join("\n")}`));
  return { blocks, summary: `${name}: ${thisWeek ? `mood ${thisWeek.mood}/5` : "no check-in"}` };
}

/** A checkpoint's title and an excerpt of its evidence, shown exactly as the mentee wrote it. */
function evidenceLine(services: Services, evidence: Evidence): string {
  const title = services.lessons.catalog.get(evidence.lessonId)?.title ?? evidence.lessonId;
  return `• ${title}: ${userText(evidenceExcerpt(evidence.evidence))}`;
}

/** Two or three things worth raising, from the data: falling mood, blockers, a wish to meet, a gap, a stall. */
export function talkingPoints(
  thisWeek: Checkin | undefined,
  recent: Checkin[],
  lessonsThisWeek: number,
  weak: { title: string; mastery: number | undefined }[],
): string[] {
  const points: string[] = [];
  const previous = recent.find((c) => c.week !== thisWeek?.week);
  if (!thisWeek) points.push("No check-in this week: ask how things are going, without pressure.");
  if (thisWeek && previous && previous.mood - thisWeek.mood >= 2) points.push(`Mood fell from ${previous.mood} to ${thisWeek.mood}: ask what changed.`);
  if (thisWeek?.blockers) points.push("They reported a blocker: offer to look at it together.");
  if (thisWeek?.wantsMeeting) points.push("They would like to meet this week: propose a time.");
  const gap = weak.find((s) => (s.mastery ?? 1) < WEAK_MASTERY);
  if (gap) points.push(`${gap.title} is their weakest skill: pick one real task to work through together.`);
  if (lessonsThisWeek === 0) points.push("No lessons done this week: ask what gets in the way.");
  if (points.length === 0) points.push("Things look steady: ask what they want to learn next.");
  return points.slice(0, 3);
}
