import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { gamedaySteps, gamedays, gamedayVotes } from "../../drizzle/schema/index.js";
import { UserError } from "../core/errors.js";
import type { Db } from "../db/connection.js";
import type { Option, Scenario } from "./scenario-schema.js";
import { type ChoiceReason, choose, scoreOf } from "./tally.js";

export type Gameday = typeof gamedays.$inferSelect;
export type GamedayStep = typeof gamedaySteps.$inferSelect;

/** Decisions a game takes at most: a story with a loop ends here, out of time, whatever is chosen. */
export const MAX_DECISIONS = 12;
/** The ending of a game that used up its decisions. */
export const OUT_OF_TIME = "out-of-time";

export type VoteOutcome = { kind: "recorded" | "changed" | "same"; previous?: string; voters: number } | { kind: "closed" };

export interface Closed {
  option: Option;
  reason: ChoiceReason;
  nextSeq: number;
  finished: boolean;
}

const UNIQUE_VIOLATION = "23505";

/** The game days' rows: one game per channel, steps in order, one vote per person per decision. */
export class GamedayStore {
  constructor(private readonly db: Db) {}

  /** A new game at its first step; refused while another game runs in the channel. */
  async start(input: { workspaceId: number; channel: string; scenario: Scenario; memberId: number; timezone: string; now: Date }): Promise<Gameday> {
    const { workspaceId, channel, scenario, memberId, timezone, now } = input;
    const first = scenario.stepById.get(scenario.start);
    try {
      return await this.db.transaction(async (tx) => {
        const [game] = await tx
          .insert(gamedays)
          .values({ workspaceId, channel, scenarioId: scenario.id, timezone, startedBy: memberId, startedAt: now })
          .returning();
        const closesAt = new Date(now.getTime() + (first?.decision?.vote_seconds ?? 0) * 1000);
        await tx.insert(gamedaySteps).values({ gamedayId: (game as Gameday).id, seq: 0, workspaceId, stepId: scenario.start, openedAt: now, closesAt });
        return game as Gameday;
      });
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      if (code !== UNIQUE_VIOLATION) throw error;
      throw new UserError("gameday_running", "A game day is already running in this channel: `/mentor gameday stop` ends it first (admins).");
    }
  }

  async byId(id: number): Promise<Gameday | undefined> {
    return this.db.query.gamedays.findFirst({ where: eq(gamedays.id, id) });
  }

  async running(workspaceId: number, channel: string): Promise<Gameday | undefined> {
    return this.db.query.gamedays.findFirst({
      where: and(eq(gamedays.workspaceId, workspaceId), eq(gamedays.channel, channel), isNull(gamedays.endedAt)),
    });
  }

  /** Every running game, for re-arming their timers (a small set: one per channel at most). */
  async allRunning(): Promise<Gameday[]> {
    return this.db.select().from(gamedays).where(isNull(gamedays.endedAt));
  }

  async step(gamedayId: number, seq: number): Promise<GamedayStep | undefined> {
    return this.db.query.gamedaySteps.findFirst({ where: and(eq(gamedaySteps.gamedayId, gamedayId), eq(gamedaySteps.seq, seq)) });
  }

  async steps(gamedayId: number): Promise<GamedayStep[]> {
    return this.db.select().from(gamedaySteps).where(eq(gamedaySteps.gamedayId, gamedayId)).orderBy(asc(gamedaySteps.seq));
  }

  async setMessageId(gamedayId: number, seq: number, messageId: string): Promise<void> {
    await this.db
      .update(gamedaySteps)
      .set({ messageId })
      .where(and(eq(gamedaySteps.gamedayId, gamedayId), eq(gamedaySteps.seq, seq)));
  }

  async markRevealed(gamedayId: number, seq: number, index: number, at: Date): Promise<void> {
    await this.db
      .update(gamedaySteps)
      .set({ revealedAt: sql`${gamedaySteps.revealedAt} || jsonb_build_object(${String(index)}::text, ${at.toISOString()}::text)` })
      .where(and(eq(gamedaySteps.gamedayId, gamedayId), eq(gamedaySteps.seq, seq)));
  }

  /**
   * A person's vote on an open decision: the first one is recorded, the same again changes
   * nothing, another option replaces it. The step row is locked for share, so a vote is either
   * counted by the close or refused as closed, never lost in between.
   */
  async vote(game: Gameday, seq: number, memberId: number, optionId: string, now: Date): Promise<VoteOutcome> {
    return this.db.transaction(async (tx) => {
      const [step] = await tx
        .select()
        .from(gamedaySteps)
        .where(and(eq(gamedaySteps.gamedayId, game.id), eq(gamedaySteps.seq, seq)))
        .for("share");
      const [current] = await tx.select().from(gamedays).where(eq(gamedays.id, game.id));
      if (!step || step.closedAt || current?.endedAt || current?.currentSeq !== seq) return { kind: "closed" } as const;
      // A double click arrives as two deliveries at once: one at a time per person, so the second sees the first.
      await tx.execute(sql`select pg_advisory_xact_lock(${game.id}::int, ${memberId}::int)`);
      const key = and(eq(gamedayVotes.gamedayId, game.id), eq(gamedayVotes.seq, seq), eq(gamedayVotes.memberId, memberId));
      const [previous] = await tx.select({ optionId: gamedayVotes.optionId }).from(gamedayVotes).where(key);
      if (previous?.optionId !== optionId) {
        await tx
          .insert(gamedayVotes)
          .values({ gamedayId: game.id, seq, workspaceId: game.workspaceId, memberId, optionId, votedAt: now })
          .onConflictDoUpdate({ target: [gamedayVotes.gamedayId, gamedayVotes.seq, gamedayVotes.memberId], set: { optionId, votedAt: now } });
      }
      const [{ voters } = { voters: 0 }] = await tx
        .select({ voters: sql<number>`count(*)::int` })
        .from(gamedayVotes)
        .where(and(eq(gamedayVotes.gamedayId, game.id), eq(gamedayVotes.seq, seq)));
      const kind = !previous ? "recorded" : previous.optionId === optionId ? "same" : "changed";
      return { kind, previous: previous?.optionId, voters };
    });
  }

  /**
   * Closes decision `seq` once: counts its votes, records the choice and opens the step it leads
   * to (an ending finishes the game with its score). Undefined when it was closed before, or the
   * game is over: a repeated close job changes nothing.
   */
  async close(gameId: number, scenario: Scenario, seq: number, by: "timer" | "admin", now: Date): Promise<Closed | undefined> {
    return this.db.transaction(async (tx) => {
      const [step] = await tx
        .select()
        .from(gamedaySteps)
        .where(and(eq(gamedaySteps.gamedayId, gameId), eq(gamedaySteps.seq, seq)))
        .for("update");
      const [game] = await tx.select().from(gamedays).where(eq(gamedays.id, gameId)).for("update");
      const decision = step ? scenario.stepById.get(step.stepId)?.decision : undefined;
      if (!step || !game || !decision || step.closedAt || game.endedAt || game.currentSeq !== seq) return undefined;
      const counted = await tx
        .select({ optionId: gamedayVotes.optionId, votes: sql<number>`count(*)::int` })
        .from(gamedayVotes)
        .where(and(eq(gamedayVotes.gamedayId, gameId), eq(gamedayVotes.seq, seq)))
        .groupBy(gamedayVotes.optionId);
      const tally = Object.fromEntries(counted.map((c) => [c.optionId, Number(c.votes)]));
      const { option, reason } = choose(decision, tally);
      await tx
        .update(gamedaySteps)
        .set({ closedAt: now, closedBy: by, chosenOption: option.id, tally })
        .where(and(eq(gamedaySteps.gamedayId, gameId), eq(gamedaySteps.seq, seq)));
      const next = scenario.stepById.get(option.next);
      const nextSeq = seq + 1;
      const finished = !next?.decision || nextSeq >= MAX_DECISIONS;
      const endingId = next?.decision ? OUT_OF_TIME : (next?.id ?? OUT_OF_TIME);
      await tx.insert(gamedaySteps).values({
        gamedayId: gameId,
        seq: nextSeq,
        workspaceId: game.workspaceId,
        stepId: finished ? endingId : (next?.id as string),
        openedAt: now,
        closesAt: finished ? now : new Date(now.getTime() + (next?.decision?.vote_seconds ?? 0) * 1000),
        ...(finished ? { closedAt: now } : {}),
      });
      const update: Partial<Gameday> = { currentSeq: nextSeq };
      if (finished) {
        const earlier = await tx.select().from(gamedaySteps).where(eq(gamedaySteps.gamedayId, gameId));
        const chosen = earlier.flatMap((s) => chosenOption(scenario, s) ?? []);
        Object.assign(update, { status: "finished", endedAt: now, endingId, score: scoreOf(chosen) });
      }
      await tx.update(gamedays).set(update).where(eq(gamedays.id, gameId));
      return { option, reason, nextSeq, finished };
    });
  }

  /** Ends the channel's running game without a postmortem; undefined when none runs. */
  async stop(workspaceId: number, channel: string, now: Date): Promise<Gameday | undefined> {
    const [stopped] = await this.db
      .update(gamedays)
      .set({ status: "stopped", endedAt: now })
      .where(and(eq(gamedays.workspaceId, workspaceId), eq(gamedays.channel, channel), isNull(gamedays.endedAt)))
      .returning();
    return stopped;
  }

  /** Votes of a game per decision and option, and how many people voted at all: never who chose what. */
  async voterCount(gamedayId: number): Promise<number> {
    const [row] = await this.db
      .select({ people: sql<number>`count(distinct ${gamedayVotes.memberId})::int` })
      .from(gamedayVotes)
      .where(eq(gamedayVotes.gamedayId, gamedayId));
    return Number(row?.people ?? 0);
  }
}

/** The option a closed step chose, as the scenario defines it. */
export function chosenOption(scenario: Scenario, step: GamedayStep): Option | undefined {
  if (!step.chosenOption) return undefined;
  return scenario.stepById.get(step.stepId)?.decision?.options.find((o) => o.id === step.chosenOption);
}
