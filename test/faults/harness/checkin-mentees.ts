import { inArray } from "drizzle-orm";
import { checkins, pairs } from "../../../drizzle/schema/index.js";
import { makeRef } from "../../../src/core/refs.js";
import type { SlackEmulator } from "../../emulators/slack/emulator.js";
import type { WorkspaceDriver } from "../../emulators/slack/workspace-driver.js";
import { sleep } from "../../helpers/private-servers.js";
import { type FaultWorld, TEAM } from "./world.js";

export interface MentorPair {
  mentee: string;
  mentor: string;
  menteeId: number;
}

export interface CheckinOutcome {
  /** The bot said the check-in was sent (or updated): which of this person's submits it said it for. */
  acceptedSubmit?: number;
  /** Times the person ran `/mentor checkin`, and times they sent the form. */
  tries: number;
  submits: number;
}

const ACCEPTED = /Check-in for \S+ (updated|sent to your mentor)/;
/** How long a person waits for the form to open, and for an answer to a submit, before trying again. */
const FORM_WAIT_MS = 5_000;
const ANSWER_WAIT_MS = 12_000;

/** `count` mentees (UE…), each with a mentor of their own (UM…), numbered from `first`: known to Slack and paired in Postgres. */
export async function pairMentees(world: FaultWorld, first: number, count: number): Promise<MentorPair[]> {
  const { services } = world.seed;
  const workspace = await services.workspaces.ensure(makeRef("slack", TEAM));
  const result: MentorPair[] = [];
  for (let i = first; i < first + count; i++) {
    const [mentee, mentor] = [`UE${String(i).padStart(4, "0")}`, `UM${String(i).padStart(4, "0")}`];
    const [menteeRow, mentorRow] = await Promise.all(
      [mentee, mentor].map((id) => {
        world.emulator.addUser(TEAM, { id, name: id, tz: "UTC" });
        return services.members.ensure(workspace, { user: makeRef("slack", TEAM, id), workspace: workspace.ref, displayName: id, platformAdmin: false });
      }),
    );
    if (!menteeRow || !mentorRow) throw new Error(`could not create ${mentee} and ${mentor}`);
    await services.pairing.profiles.join(menteeRow, "mentee", services.now());
    await services.pairing.profiles.join(mentorRow, "mentor", services.now());
    await services.db
      .insert(pairs)
      .values({ workspaceId: workspace.id, mentorId: mentorRow.id, menteeId: menteeRow.id, fit: 1, reason: "faults", startedAt: new Date() });
    result.push({ mentee, mentor, menteeId: menteeRow.id });
  }
  return result;
}

/**
 * A mentee checking in the way people do: `/mentor checkin`, fill the form (`fillMs` the first
 * time; a retry is sent at once), send, read the answer; when the form does not open, or the
 * answer is an error or does not come, start again, until the bot says the check-in was sent.
 * Each submit says which one it is in "what I worked on".
 */
export async function checkInUntilAccepted(
  emulator: SlackEmulator,
  slack: WorkspaceDriver,
  user: string,
  channel: string,
  timing: { fillMs: number; deadlineMs: number },
): Promise<CheckinOutcome> {
  let tries = 0;
  let submits = 0;
  const deadline = Date.now() + timing.deadlineMs;
  while (Date.now() < deadline) {
    const formBefore = emulator.openModal(TEAM, user)?.id;
    const answered = answersTo(emulator, channel, user).length;
    tries += 1;
    await slack.command(user, channel, "checkin").catch(() => undefined);
    const formBy = Date.now() + FORM_WAIT_MS;
    const formOpened = () => (emulator.openModal(TEAM, user)?.id ?? formBefore) !== formBefore;
    while (Date.now() < formBy && !formOpened() && answersTo(emulator, channel, user).length === answered) await sleep(50);
    if (formOpened()) {
      if (submits === 0) await sleep(timing.fillMs);
      submits += 1;
      const seen = answersTo(emulator, channel, user).length;
      await slack.submitModal(user, { mood: "4", workedOn: workedOnText(user, submits), blockers: "", meet: "no" }).catch(() => undefined);
      const answerBy = Date.now() + ANSWER_WAIT_MS;
      while (Date.now() < answerBy && answersTo(emulator, channel, user).length === seen) await sleep(50);
      if (ACCEPTED.test(answersTo(emulator, channel, user)[seen] ?? "")) return { acceptedSubmit: submits, tries, submits };
    }
    await sleep(300);
  }
  return { tries, submits };
}

export interface CheckinCounts {
  tries: number;
  sent: number;
  accepted: number;
  gaveUp: number;
  stored: number;
  delivered: number;
  duplicates: number;
  lost: number;
}

/**
 * What reached the mentors, per pair: the version stored in Postgres (the submit it carries) and
 * the versions in the mentor's DMs. A version in a mentor's DMs twice is a duplicate; an accepted
 * check-in is lost when Postgres does not hold it (or a later one), or its stored version never
 * reached the mentor.
 */
export async function checkinCounts(world: FaultWorld, mentorPairs: MentorPair[], outcomes: CheckinOutcome[]): Promise<CheckinCounts> {
  const states = await pairStates(world, mentorPairs);
  const counts: CheckinCounts = { tries: 0, sent: 0, accepted: 0, gaveUp: 0, stored: 0, delivered: 0, duplicates: 0, lost: 0 };
  for (const [i, { stored, received }] of states.entries()) {
    const outcome = outcomes[i] as CheckinOutcome;
    const reachedMentor = stored !== undefined && received.includes(stored);
    counts.tries += outcome.tries;
    counts.sent += outcome.submits;
    counts.duplicates += received.length - new Set(received).size;
    if (stored !== undefined) counts.stored += 1;
    if (reachedMentor) counts.delivered += 1;
    if (outcome.acceptedSubmit === undefined) {
      counts.gaveUp += 1;
      continue;
    }
    counts.accepted += 1;
    if (stored === undefined || stored < outcome.acceptedSubmit || !reachedMentor) counts.lost += 1;
  }
  return counts;
}

/** True once every stored check-in of these mentees is in their mentor's DMs. */
export async function allStoredDelivered(world: FaultWorld, mentorPairs: MentorPair[]): Promise<boolean> {
  const states = await pairStates(world, mentorPairs);
  return states.every(({ stored, received }) => stored === undefined || received.includes(stored));
}

/** Per pair: the submit the stored check-in carries, and the submits whose versions are in the mentor's DMs (one per message). */
async function pairStates(world: FaultWorld, mentorPairs: MentorPair[]): Promise<{ stored?: number; received: number[] }[]> {
  const rows = await world.seed.services.db
    .select({ memberId: checkins.memberId, workedOn: checkins.workedOn })
    .from(checkins)
    .where(
      inArray(
        checkins.memberId,
        mentorPairs.map((p) => p.menteeId),
      ),
    );
  const stored = new Map(rows.map((row) => [row.memberId, submitIn(row.workedOn)]));
  return mentorPairs.map((pair) => ({ stored: stored.get(pair.menteeId), received: deliveredSubmits(world.emulator, pair) }));
}

function workedOnText(user: string, submit: number): string {
  return `Notes from ${user} submit ${submit} done`;
}

function submitIn(text: string): number | undefined {
  const match = /submit (\d+) done/.exec(text);
  return match ? Number(match[1]) : undefined;
}

function deliveredSubmits(emulator: SlackEmulator, pair: MentorPair): number[] {
  return emulator.messagesIn(TEAM, `D${pair.mentor}`).flatMap((message) => {
    const match = new RegExp(`Notes from ${pair.mentee} submit (\\d+) done`).exec(JSON.stringify(message.blocks));
    return match && !message.visibleTo ? [Number(match[1])] : [];
  });
}

/** What the bot told this person: private answers in the channel, and their DMs. */
function answersTo(emulator: SlackEmulator, channel: string, user: string): string[] {
  return emulator.messages.flatMap((m) => (m.team === TEAM && ((m.channel === channel && m.visibleTo === user) || m.channel === `D${user}`) ? [m.text] : []));
}
