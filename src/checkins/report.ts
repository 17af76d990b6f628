import { and, count, eq, gt, gte, isNull, lt, or, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { checkinAsks, checkins, lessonCompletions, memberPeriods, pairs, quizAnswers, quizRoundAnswers } from "../../drizzle/schema/index.js";
import { addDays, localDate, weekdayOf, zonedMidnight } from "../calendar/dates.js";
import { isoWeek } from "../calendar/weeks.js";
import { type Message, ui } from "../core/message.js";
import { counted, plainName } from "../core/text.js";
import type { Db } from "../db/connection.js";
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

/** Pairs older than this can have missed two weeks of check-ins. */
const QUIET_AFTER_MS = 14 * 86_400_000;

/** What the report says of quiet pairs: those with no check-in for two weeks, out of those old enough to tell. */
export interface QuietPairs {
  names: string[];
  oldEnough: number;
}

/**
 * The team report: participation, lessons, quizzes, check-in rate and mood per week, and pairs
 * with no check-in for two weeks. Aggregates only: no check-in text appears here.
 */
export async function teamReport(services: Services, workspace: Workspace): Promise<{ rows: Row[]; quiet: QuietPairs }> {
  const { db } = services;
  const now = services.now();
  const today = localDate(now, workspace.timezone);
  const thisMonday = addDays(today, -((weekdayOf(today) + 6) % 7));
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
    const heads = await headCounts(db, workspace.id, from, to);
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
      ...heads,
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
  const oldEnough = activePairs.filter((p) => p.startedAt.getTime() <= now.getTime() - QUIET_AFTER_MS);
  const names: string[] = [];
  for (const pair of oldEnough) {
    const recent = await services.checkins.recent(pair.menteeId, 2);
    if (recent.some((c) => twoWeeks.has(c.week))) continue;
    const [mentor, mentee] = await Promise.all([services.members.byId(pair.mentorId), services.members.byId(pair.menteeId)]);
    names.push(`${plainName(mentor?.displayName ?? "?")} → ${plainName(mentee?.displayName ?? "?")}`);
  }
  return { rows, quiet: { names, oldEnough: oldEnough.length } };
}

/**
 * Who was a member, mentee and mentor, and how many pairs there were, at any time in [from, to):
 * from the stretches recorded as people joined, left, were paired and unpaired.
 */
async function headCounts(db: Db, workspaceId: number, from: Date, to: Date): Promise<Pick<Row, "members" | "mentees" | "mentors" | "active_pairs">> {
  const overlaps = (start: AnyPgColumn, end: AnyPgColumn) => and(lt(start, to), or(isNull(end), gt(end, from)));
  const people = await db
    .select({ kind: memberPeriods.kind, n: sql<number>`count(distinct ${memberPeriods.memberId})::int` })
    .from(memberPeriods)
    .where(and(eq(memberPeriods.workspaceId, workspaceId), overlaps(memberPeriods.startedAt, memberPeriods.endedAt)))
    .groupBy(memberPeriods.kind);
  const [paired] = await db
    .select({ n: count() })
    .from(pairs)
    .where(and(eq(pairs.workspaceId, workspaceId), overlaps(pairs.startedAt, pairs.endedAt)));
  const of = (kind: string) => people.find((p) => p.kind === kind)?.n ?? 0;
  return { members: of("member"), mentees: of("mentee"), mentors: of("mentor"), active_pairs: paired?.n ?? 0 };
}

export function reportMessage(rows: Row[], quietPairs: QuietPairs): Message {
  const lines = rows.map(
    (r) =>
      `**${r.week}**: ${counted(Number(r.members), "member")} (${counted(Number(r.mentees), "mentee")}, ${counted(Number(r.mentors), "mentor")}, ${counted(Number(r.active_pairs), "pair")}) · ${counted(Number(r.lessons_completed), "lesson")} by ${counted(Number(r.members_with_a_lesson), "person", "people")} · ${counted(Number(r.quiz_answers), "quiz answer")} · check-ins ${r.checkins_submitted}/${r.checkins_asked}${r.average_mood === "" ? "" : ` · mood ${r.average_mood}`}`,
  );
  const quiet = quietLine(quietPairs);
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

function quietLine({ names, oldEnough }: QuietPairs): string {
  if (names.length > 0) return `Pairs with no check-in for two weeks: ${names.join(", ")}.`;
  if (oldEnough === 0) return "No pair has been together for two weeks yet, so none can have missed two weeks of check-ins.";
  return oldEnough === 1
    ? "The one pair together for two weeks or more has a check-in in the last two weeks."
    : `All ${oldEnough} pairs together for two weeks or more have a check-in in the last two weeks.`;
}

export function reportCsv(rows: Row[]): string {
  const quote = (value: string | number) => (/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));
  return [REPORT_COLUMNS.join(","), ...rows.map((row) => REPORT_COLUMNS.map((column) => quote(row[column])).join(","))].join("\n").concat("\n");
}
