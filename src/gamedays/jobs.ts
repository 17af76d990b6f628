import { sendOnce } from "../../jobs/deliver.js";
import type { Processor } from "../../jobs/job-system.js";
import type { Pacer } from "../../jobs/pacing.js";
import { PermanentDeliveryError } from "../core/adapter.js";
import type { Services } from "../services.js";
import { endingMessage, postmortemMessage } from "./postmortem.js";
import { closedStepMessage, factMessage, openStepMessage } from "./render.js";
import type { Scenario } from "./scenario-schema.js";
import { stepJobId } from "./service.js";
import { chosenOption, type Gameday, type GamedayStep } from "./store.js";
import { choose } from "./tally.js";

/** The game and its scenario, or nothing to do (a game gone, or a scenario no longer installed). */
async function load(services: Services, gamedayId: number): Promise<{ game: Gameday; scenario: Scenario } | undefined> {
  const { gamedays } = services;
  const game = await gamedays.store.byId(gamedayId);
  const scenario = game && gamedays.scenarioOf(game);
  if (game && !scenario) services.logger.warn({ gamedayId, scenario: game.scenarioId }, "a game day's scenario is no longer installed");
  return game && scenario ? { game, scenario } : undefined;
}

/** The game, its scenario and one step's row, or nothing to do. */
async function loadStep(services: Services, gamedayId: number, seq: number): Promise<{ game: Gameday; scenario: Scenario; row: GamedayStep } | undefined> {
  const loaded = await load(services, gamedayId);
  const row = loaded && (await services.gamedays.store.step(loaded.game.id, seq));
  return loaded && row ? { ...loaded, row } : undefined;
}

/** What the previous decision's choice led to: the first lines of the next message. */
async function outcomeBefore(services: Services, game: Gameday, scenario: Scenario, seq: number): Promise<string | undefined> {
  if (seq === 0) return undefined;
  const previous = await services.gamedays.store.step(game.id, seq - 1);
  return previous ? chosenOption(scenario, previous)?.outcome : undefined;
}

/**
 * Posts a step once: an open decision (then arms its reveals and close), or the ending with the
 * postmortem. Every post is keyed, so a repeat (a retry, a re-arm after a restart) posts nothing new.
 */
export function gamedayStepProcessor(services: Services, pacer: Pacer): Processor<"gameday.step"> {
  return {
    name: "gameday.step",
    async run(data, job, token) {
      const loaded = await loadStep(services, data.gamedayId, data.seq);
      if (!loaded) return;
      const { game, scenario, row } = loaded;
      const { store } = services.gamedays;
      const outcome = await outcomeBefore(services, game, scenario, row.seq);
      const key = `gameday:${game.id}`;
      if (scenario.stepById.get(row.stepId)?.decision) {
        // A stopped game, or a decision closed before its message went out, posts nothing.
        if (game.endedAt || row.closedAt) return;
        const message = openStepMessage(game, scenario, row, outcome);
        const posted = await sendOnce(services, pacer, job, token, `${key}:step:${row.seq}`, game.channel, message, game.workspaceId);
        if (posted) await store.setMessageId(game.id, row.seq, posted.id);
        await services.gamedays.arm(game, row, services.now());
        return;
      }
      if (game.status !== "finished") return;
      await sendOnce(services, pacer, job, token, `${key}:end`, game.channel, endingMessage(game, scenario, outcome), game.workspaceId);
      const rows = await store.steps(game.id);
      const lessonTitle = (id: string) => services.lessons.catalog.get(id)?.title;
      const postmortem = postmortemMessage(game, scenario, rows, await store.voterCount(game.id), lessonTitle);
      await sendOnce(services, pacer, job, token, `${key}:postmortem`, game.channel, postmortem, game.workspaceId);
    },
  };
}

/** Reveals one fact while its decision is open, once. */
export function gamedayRevealProcessor(services: Services, pacer: Pacer): Processor<"gameday.reveal"> {
  return {
    name: "gameday.reveal",
    async run(data, job, token) {
      const loaded = await loadStep(services, data.gamedayId, data.seq);
      if (!loaded) return;
      const { game, scenario, row } = loaded;
      const fact = scenario.stepById.get(row.stepId)?.facts[data.fact];
      if (!fact || game.endedAt || row.closedAt || game.currentSeq !== row.seq) return;
      const now = services.now();
      const key = `gameday:${game.id}:step:${row.seq}:fact:${data.fact}`;
      await sendOnce(services, pacer, job, token, key, game.channel, factMessage(game, fact.text, now), game.workspaceId);
      if (!(String(data.fact) in row.revealedAt)) await services.gamedays.store.markRevealed(game.id, row.seq, data.fact, now);
    },
  };
}

/**
 * Closes a decision (on time, or when an admin asks): the choice is recorded and the next step
 * opened in one transaction; then the decision's message shows the result and the next step is
 * posted. A repeat finds the decision closed and only makes sure those two happened.
 */
export function gamedayCloseProcessor(services: Services): Processor<"gameday.close"> {
  return {
    name: "gameday.close",
    async run(data) {
      const loaded = await load(services, data.gamedayId);
      if (!loaded) return;
      const { game, scenario } = loaded;
      const { store } = services.gamedays;
      await store.close(game.id, scenario, data.seq, data.by, services.now());
      const row = await store.step(game.id, data.seq);
      const decision = row && scenario.stepById.get(row.stepId)?.decision;
      if (!row?.closedAt || !decision) return;
      if (row.messageId) {
        const { reason } = choose(decision, row.tally ?? {});
        const message = closedStepMessage(scenario, row, reason, await outcomeBefore(services, game, scenario, row.seq));
        try {
          await services.adapters.for(game.channel).update({ conversation: game.channel, id: row.messageId }, message);
        } catch (error) {
          // A deleted message keeps its buttons nowhere: the next step still goes out.
          if (!(error instanceof PermanentDeliveryError)) throw error;
          services.logger.info({ gamedayId: game.id, code: error.code }, "a game day's decision message is gone; the game goes on");
        }
      }
      await services.jobs.enqueue("gameday.step", { gamedayId: game.id, seq: row.seq + 1 }, { jobId: stepJobId(game.id, row.seq + 1) });
    },
  };
}
