import { and, count, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { checkinAsks, checkins, lessonCompletions, members, pairs, quizAnswers, quizRoundAnswers } from "../../drizzle/schema/index.js";
import { type Message, ui } from "../core/message.js";
import { plainName } from "../core/text.js";
import { addDays, localDate, weekdayOf, zonedMidnight } from "../lessons/schedule.js";
import { isoWeek } from "../pairing/schedule.js";
import type { Services } from "../services.js";
import type { Workspace } from "../workspaces/service.js";

/** The CSV's columns, in order (documented in the README). */
export const REPORT_COLUMNS = [
  "week",
  "members",
  "mentees",
  "mentors",
  "active_pairs",
  "lessons_completed",
  "members_with_a_lesson",
  "quiz_answers",
  "checkins_asked",
  "checkins_submitted",
  "checkin_rate",
  "average_mood",
] as const;

type Row = Record<(typeof REPORT_COLUMNS)[number], string | number>;

const WEEKS = 4;

/**
 * The team report: participation, lessons, quizzes, check-in rate and mood per week, and pairs
 * with no check-in for two weeks. Aggregates only: no check-in text appears here.
 */
export async function teamReport(services: Services, workspace: Workspace): Promise<{ rows: Row[]; quietPairs: string[] }> {
  const { db } = services;
  const now = services.now();
  const today = localDate(now, workspace.timezone);
  const thisMonday = addDays(today, -((weekdayOf(today) + 6) % 7));
  const people = await db
    .select({ roles: members.roles })
    .from(members)
    .where(and(eq(members.workspaceId, workspace.id), isNull(members.leftAt)));
  const activePairs = await db
    .select()
    .from(pairs)
    .where(and(eq(pairs.workspaceId, workspace.id), isNull(pairs.endedAt)));
  const rows: Row[] = [];
  for (let back = WEEKS - 1; back >= 0; back--) {
    const monday = addDays(thisMonday, -7 * back);
    const from = zonedMidnight(monday, workspace.timezone);
    const to = zonedMidnight(addDays(monday, 7), workspace.timezone);
    const week = isoWeek(monday).key;
    const [lessons] = await db
      .select({ done: count(), people: sql<number>`count(distinct ${lessonCompletions.memberId})::int` })
      .from(lessonCompletions)
      .where(and(eq(lessonCompletions.workspaceId, workspace.id), gte(lessonCompletions.doneAt, from), lt(lessonCompletions.doneAt, to)));
    const [personal] = await db
      .select({ n: count() })
      .from(quizAnswers)
      .where(and(eq(quizAnswers.workspaceId, workspace.id), gte(quizAnswers.answeredAt, from), lt(quizAnswers.answeredAt, to)));
    const [rounds] = await db
      .select({ n: count() })
      .from(quizRoundAnswers)
      .where(and(eq(quizRoundAnswers.workspaceId, workspace.id), gte(quizRoundAnswers.answeredAt, from), lt(quizRoundAnswers.answeredAt, to)));
    const [asked] = await db
      .select({ n: count() })
      .from(checkinAsks)
      .where(and(eq(checkinAsks.workspaceId, workspace.id), eq(checkinAsks.week, week)));
    const [submitted] = await db
      .select({ n: count(), mood: sql<string | null>`avg(${checkins.mood})` })
      .from(checkins)
      .where(and(eq(checkins.workspaceId, workspace.id), eq(checkins.week, week)));
    const askedCount = asked?.n ?? 0;
    const submittedCount = submitted?.n ?? 0;
    rows.push({
      week,
      members: people.length,
      mentees: people.filter((p) => p.roles.includes("mentee")).length,
      mentors: people.filter((p) => p.roles.includes("mentor")).length,
      active_pairs: activePairs.length,
      lessons_completed: lessons?.done ?? 0,
      members_with_a_lesson: lessons?.people ?? 0,
      quiz_answers: (personal?.n ?? 0) + (rounds?.n ?? 0),
      checkins_asked: askedCount,
      checkins_submitted: submittedCount,
      checkin_rate: askedCount > 0 ? Number((Math.min(submittedCount, askedCount) / askedCount).toFixed(2)) : "",
      average_mood: submitted?.mood ? Number(Number(submitted.mood).toFixed(1)) : "",
    });
  }
  const twoWeeks = new Set([isoWeek(thisMonday).key, isoWeek(addDays(thisMonday, -7)).key]);
  const quietPairs: string[] = [];
  for (const pair of activePairs.filter((p) => p.startedAt.getTime() <= now.getTime() - 14 * 86_400_000)) {
    const recent = await services.checkins.recent(pair.menteeId, 2);
    if (recent.some((c) => twoWeeks.has(c.week))) continue;
    const [mentor, mentee] = await Promise.all([services.members.byId(pair.mentorId), services.members.byId(pair.menteeId)]);
    quietPairs.push(`${plainName(mentor?.displayName ?? "?")} → ${plainName(mentee?.displayName ?? "?")}`);
  }
  return { rows, quietPairs };
}

export function reportMessage(rows: Row[], quietPairs: string[]): Message {
  const lines = rows.map(
    (r) =>
      `**${r.week}**: ${r.members} members (${r.mentees} mentees, ${r.mentors} mentors, ${r.active_pairs} pairs) · ${r.lessons_completed} lessons by ${r.members_with_a_lesson} people · ${r.quiz_answers} quiz answers · check-ins ${r.checkins_submitted}/${r.checkins_asked}${r.average_mood === "" ? "" : ` · mood ${r.average_mood}`}`,
  );
  const quiet =
    quietPairs.length > 0 ? `Pairs with no check-in for two weeks: ${quietPairs.join(", ")}.` : "Every pair older than two weeks has a recent check-in.";
  return {
    text: `Team report\n${lines.join("\n")}\n${quiet}`,
    blocks: [
      ui.header("Team report: the last four weeks"),
      ui.section(lines.join("\n")),
      ui.section(quiet),
      ui.context("Aggregates only; check-in text stays between mentees and their mentors. `/mentor report csv` for a spreadsheet."),
    ],
  };
}

export function reportCsv(rows: Row[]): string {
  const quote = (value: string | number) => (/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));
  return [REPORT_COLUMNS.join(","), ...rows.map((row) => REPORT_COLUMNS.map((column) => quote(row[column])).join(","))].join("\n").concat("\n");
}
