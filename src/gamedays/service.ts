import { and, eq } from "drizzle-orm";
import { lessonSubscriptions } from "../../drizzle/schema/index.js";
import type { JobPort } from "../../jobs/queues.js";
import { UserError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Db } from "../db/connection.js";
import type { Scenario } from "./scenario-schema.js";
import { ScenarioCatalog } from "./scenarios.js";
import { type Gameday, type GamedayStep, GamedayStore, type VoteOutcome } from "./store.js";

const VOTE_VALUE = /^(\d{1,9})\.(\d{1,2})\.([a-z][a-z0-9-]{0,23})$/;

function notAGame(): UserError {
  return new UserError("invalid_vote", "That vote does not match a game day running here.");
}

/** Incident game days: scenarios, games in channels, votes, and the timers that drive them. */
export class GamedayService {
  readonly store: GamedayStore;
  private scenarioSource: () => Scenario[] = () => [];
  private loaded: ScenarioCatalog | undefined;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobPort,
    private readonly logger: Logger,
  ) {
    this.store = new GamedayStore(db);
  }

  /**
   * Where the scenarios come from. They are read when a game day first needs them, not at every
   * start: parsing the YAML files costs a start a fifth of a second that most starts never use.
   */
  setScenarioSource(load: () => Scenario[]): void {
    this.scenarioSource = load;
    this.loaded = undefined;
  }

  get catalog(): ScenarioCatalog {
    this.loaded ??= new ScenarioCatalog(this.scenarioSource());
    return this.loaded;
  }

  scenarioOf(game: Gameday): Scenario | undefined {
    return this.catalog.get(game.scenarioId);
  }

  /** The channel's zone: its daily lesson's zone when it has one, else the workspace's. */
  async channelZone(workspaceId: number, channel: string, workspaceZone: string): Promise<string> {
    const subscription = await this.db.query.lessonSubscriptions.findFirst({
      where: and(eq(lessonSubscriptions.workspaceId, workspaceId), eq(lessonSubscriptions.channel, channel)),
    });
    return subscription?.timezone ?? workspaceZone;
  }

  /** Starts a scenario in a channel; the alert is posted by a job. */
  async start(
    workspaceId: number,
    channel: string,
    scenarioId: string,
    memberId: number,
    timezone: string,
    now: Date,
  ): Promise<{ game: Gameday; scenario: Scenario }> {
    const scenario = this.catalog.get(scenarioId.toLowerCase());
    if (!scenario) {
      const ids = this.catalog.scenarios.map((s) => s.id).join(", ");
      throw new UserError("unknown_scenario", `There is no game day scenario "${scenarioId.slice(0, 40)}". Scenarios: ${ids || "none installed"}.`);
    }
    const game = await this.store.start({ workspaceId, channel, scenario, memberId, timezone, now });
    await this.jobs.enqueue("gameday.step", { gamedayId: game.id, seq: 0 }, { jobId: stepJobId(game.id, 0) });
    return { game, scenario };
  }

  /**
   * A click on a vote button. The value names a game, a decision and an option; a value naming
   * another workspace's game, or anything that is not an open decision here, is refused and
   * changes nothing.
   */
  async vote(
    workspaceId: number,
    channel: string,
    memberId: number,
    value: string,
    now: Date,
  ): Promise<{ outcome: VoteOutcome; game: Gameday; label: (id: string) => string }> {
    const match = VOTE_VALUE.exec(value);
    const game = match ? await this.store.byId(Number(match[1])) : undefined;
    const scenario = game && this.scenarioOf(game);
    if (!match || !game || !scenario || game.workspaceId !== workspaceId || game.channel !== channel) {
      this.logger.warn({ value, workspaceId }, "refused a game day vote that names no game of this channel");
      throw notAGame();
    }
    const seq = Number(match[2]);
    const optionId = match[3] as string;
    const row = await this.store.step(game.id, seq);
    const options = row ? (scenario.stepById.get(row.stepId)?.decision?.options ?? []) : [];
    if (!options.some((o) => o.id === optionId)) throw notAGame();
    const outcome = await this.store.vote(game, seq, memberId, optionId, now);
    return { outcome, game, label: (id) => options.find((o) => o.id === id)?.label ?? id };
  }

  /** Closes the channel's open decision now (an admin's command or button); undefined when no game runs. */
  async closeNow(workspaceId: number, channel: string, pressed?: { gameId: number; seq: number }): Promise<Gameday | undefined> {
    const game = await this.store.running(workspaceId, channel);
    if (!game || (pressed && pressed.gameId !== game.id)) return undefined;
    if (pressed && pressed.seq !== game.currentSeq) throw new UserError("decision_closed", "That decision has already closed.");
    await this.jobs.enqueue(
      "gameday.close",
      { gamedayId: game.id, seq: game.currentSeq, by: "admin" },
      { jobId: `gameday.close-${game.id}-${game.currentSeq}-admin` },
    );
    return game;
  }

  /** The timers of an open decision: each fact's reveal and the close. Deterministic ids: arming twice adds nothing. */
  async arm(game: Gameday, row: GamedayStep, now: Date): Promise<void> {
    const scenario = this.scenarioOf(game);
    const step = scenario?.stepById.get(row.stepId);
    if (!step?.decision || row.closedAt || !row.closesAt) return;
    for (const [fact, { after_seconds }] of step.facts.entries()) {
      if (String(fact) in row.revealedAt) continue;
      const delayMs = Math.max(0, row.openedAt.getTime() + after_seconds * 1000 - now.getTime());
      await this.jobs.enqueue("gameday.reveal", { gamedayId: game.id, seq: row.seq, fact }, { jobId: `gameday.reveal-${game.id}-${row.seq}-${fact}`, delayMs });
    }
    const delayMs = Math.max(0, row.closesAt.getTime() - now.getTime());
    await this.jobs.enqueue("gameday.close", { gamedayId: game.id, seq: row.seq, by: "timer" }, { jobId: `gameday.close-${game.id}-${row.seq}`, delayMs });
  }

  /**
   * Every running game's current step is posted and armed again: what a fresh or flushed Redis
   * lost comes back (run with the schedulers' reconcile). Jobs still in Redis make this a no-op.
   */
  async rearmAll(): Promise<number> {
    const running = await this.store.allRunning();
    for (const game of running) {
      await this.jobs.enqueue("gameday.step", { gamedayId: game.id, seq: game.currentSeq }, { jobId: stepJobId(game.id, game.currentSeq) });
    }
    return running.length;
  }
}

export function stepJobId(gameId: number, seq: number): string {
  return `gameday.step-${gameId}-${seq}`;
}
