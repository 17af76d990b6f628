import { sql } from "drizzle-orm";
import pg from "pg";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { ActionEvent } from "../../src/core/events.js";
import { silentLogger } from "../../src/core/logger.js";
import { freshDatabase, freshRedis } from "../helpers/fresh.js";
import { type BenchSuite, percentile } from "./suite.js";

const WORKSPACES = 20;
const MEMBERS = 20_000;
const CARDS_PER_MEMBER = 250;
const DUE_SAMPLES = 2_000;
const BURST_MEMBERS = 10_000;
const IN_FLIGHT = 64;

/**
 * The daily review at scale: 20,000 members with 250 FSRS cards each (5 million rows in the real
 * Postgres). Times the fan-out that finds every member with due cards and enqueues their jobs,
 * the per-member due query, and a burst of 10,000 answers to one channel round.
 *
 * REVIEWS_BURST_ONLY=1 runs the round burst alone: the same workspaces and members, cards only
 * for the round's workspace (250,000 rows instead of 5 million), no fan-out or due query.
 */
export const reviewsSuite: BenchSuite = {
  name: "reviews",
  description: "review fan-out over 5M cards, per-member due query, 10k-answer round burst",
  async run() {
    const database = await freshDatabase("bench");
    const redis = freshRedis("bench");
    const now = new Date("2026-11-25T12:00:00Z");
    const app = await createApp(loadConfig({ DATABASE_URL: database.url, QUEUE_PREFIX: redis.prefix, PORT: "0", LOG_LEVEL: "silent" }), {
      logger: silentLogger,
      redis: redis.connection,
      now: () => now,
    });
    const { db } = app.services;
    try {
      if (process.env.REVIEWS_BURST_ONLY === "1") {
        await seed(db, now, 1);
        const burst = await roundBurst(app, now);
        return { rows: burstRows(burst), figures: burstFigures(burst) };
      }
      const seedStarted = performance.now();
      await seed(db, now);
      const seedSeconds = (performance.now() - seedStarted) / 1000;

      // Fan-out: what the review ticks of all workspaces do, end to end, jobs enqueued.
      const fanoutStarted = performance.now();
      let enqueued = 0;
      for (let w = 1; w <= WORKSPACES; w++) {
        const due = await app.services.quizzes.reviews.dueMembers(w, "UTC", now);
        await app.jobs.enqueueMany(
          "quiz.review",
          due.map((d) => ({ data: d, jobId: `quiz.review-${d.memberId}-${d.localDate}` })),
        );
        enqueued += due.length;
      }
      const fanoutSeconds = (performance.now() - fanoutStarted) / 1000;

      // The per-member due query, as the review job runs it.
      const latencies: number[] = [];
      for (let i = 0; i < DUE_SAMPLES; i++) {
        const memberId = 1 + ((i * 7919) % MEMBERS);
        const t0 = performance.now();
        await app.services.quizzes.cards.due(memberId, now, 5);
        latencies.push(performance.now() - t0);
      }
      latencies.sort((a, b) => a - b);
      const plan = await db.execute(sql`explain analyze select * from cards where member_id = 4242 and due <= ${now} order by due limit 5`);
      const planLines = (plan as unknown as { rows: { "QUERY PLAN": string }[] }).rows.map((r) => r["QUERY PLAN"]);
      const sizes = await tableSizes(db);

      const burst = await roundBurst(app, now);
      return {
        rows: [
          ["members / cards", `${MEMBERS} / ${(MEMBERS * CARDS_PER_MEMBER).toLocaleString("en")}`],
          ["seeding (s)", seedSeconds.toFixed(1)],
          ["fan-out: members with due cards, jobs enqueued", String(enqueued)],
          ["fan-out total (s, target < 30)", fanoutSeconds.toFixed(2)],
          ["due query p50 / p99 (ms, target p99 < 5)", `${percentile(latencies, 50).toFixed(2)} / ${percentile(latencies, 99).toFixed(2)}`],
          ["due query plan", planLines.slice(0, 3).join(" | ")],
          ["cards table + indexes (MiB)", (sizes.cards / 2 ** 20).toFixed(0)],
          ["quiz_settings table + indexes (MiB)", (sizes.quizSettings / 2 ** 20).toFixed(1)],
          ...burstRows(burst),
        ],
        figures: {
          members: MEMBERS,
          cards: MEMBERS * CARDS_PER_MEMBER,
          fanoutSeconds: Number(fanoutSeconds.toFixed(3)),
          jobsEnqueued: enqueued,
          dueQueryP50Ms: Number(percentile(latencies, 50).toFixed(3)),
          dueQueryP99Ms: Number(percentile(latencies, 99).toFixed(3)),
          cardsMiB: Math.round(sizes.cards / 2 ** 20),
          ...burstFigures(burst),
        },
      };
    } finally {
      await app.stop();
      await redis.cleanup();
      await database.drop();
    }
  },
};

type Db = Awaited<ReturnType<typeof createApp>>["services"]["db"];

/**
 * Members, 250 cards each (the 240 real questions plus 10 bench ones), due dates spread over a
 * month; cards only for the first `cardWorkspaces` workspaces.
 */
async function seed(db: Db, now: Date, cardWorkspaces = WORKSPACES): Promise<void> {
  await db.execute(sql`insert into workspaces (platform, ref, name) select 'bench', 'bench:w' || g, 'w' || g from generate_series(1, ${WORKSPACES}) g`);
  await db.execute(sql`insert into members (workspace_id, ref, display_name)
    select 1 + (g - 1) % ${WORKSPACES}, 'bench:w' || (1 + (g - 1) % ${WORKSPACES}) || ':u' || g, 'user' || g from generate_series(1, ${MEMBERS}) g`);
  await db.execute(sql`insert into questions (id, lesson_id, skill, difficulty, prompt, options, correct_index, explanation, content_hash)
    select 'bench-q' || g, 'what-is-a-backend', 'performance', 1, 'Bench question ' || g, '["a","b","c"]'::jsonb, 0, 'Bench explanation text.', 'bench'
    from generate_series(1, 10) g`);
  // A bulk load: indexes are built once after the rows are in, as a restore would.
  await db.execute(sql`alter table cards drop constraint cards_member_id_question_id_pk`);
  await db.execute(sql`drop index cards_member_due_idx`);
  for (let from = 1; from <= MEMBERS; from += 2_000) {
    await db.execute(sql`insert into cards (workspace_id, member_id, question_id, skill, due, stability, difficulty, scheduled_days, learning_steps, reps, lapses, state, last_review)
      select m.workspace_id, m.id, q.id, q.skill,
        ${now}::timestamptz + ((hashtext(m.id || q.id) % 30) || ' days')::interval + ((hashtext(q.id) % 1440) || ' minutes')::interval,
        5.0, 5.0, 5, 0, 3, 0, 2, ${now}::timestamptz - interval '5 days'
      from members m cross join (select id, skill from questions order by id limit ${CARDS_PER_MEMBER}) q
      where m.id between ${from} and ${from + 1_999} and m.workspace_id <= ${cardWorkspaces}`);
  }
  await db.execute(sql`alter table cards add constraint cards_member_id_question_id_pk primary key (member_id, question_id)`);
  await db.execute(sql`create index cards_member_due_idx on cards (member_id, due)`);
  await db.execute(sql`insert into quiz_settings (member_id, workspace_id, next_due)
    select member_id, min(workspace_id), min(due) from cards group by member_id`);
  await db.execute(sql`analyze`);
}

async function tableSizes(db: Db): Promise<{ cards: number; quizSettings: number }> {
  const result = (await db.execute(sql`select pg_total_relation_size('cards') as cards, pg_total_relation_size('quiz_settings') as settings`)) as unknown as {
    rows: { cards: string; settings: string }[];
  };
  return { cards: Number(result.rows[0]?.cards), quizSettings: Number(result.rows[0]?.settings) };
}

type Burst = Awaited<ReturnType<typeof roundBurst>>;

function burstRows(burst: Burst): [string, string][] {
  return [
    ["round burst: answers / seconds", `${burst.answered} / ${burst.seconds.toFixed(2)}`],
    ["round burst: answers per second", burst.perSecond.toFixed(0)],
    ["round burst: p50 / p99 (ms)", `${burst.p50.toFixed(1)} / ${burst.p99.toFixed(1)}`],
    ["round burst: SQL round trips per answer", burst.queriesPerAnswer.toFixed(2)],
    ["round burst: bot CPU per answer (ms; less noisy than time)", burst.cpuMsPerAnswer.toFixed(3)],
    ["round burst: lost answers / error replies", `${burst.lost} / ${burst.errors}`],
    ["round close: cards recorded / seconds / on a repeat", `${burst.cardsRecorded} / ${burst.closeSeconds.toFixed(2)} / ${burst.cardsOnRepeat}`],
  ];
}

function burstFigures(burst: Burst): Record<string, number> {
  return {
    burstAnswers: burst.answered,
    burstSeconds: Number(burst.seconds.toFixed(3)),
    burstPerSecond: Math.round(burst.perSecond),
    burstP50Ms: Number(burst.p50.toFixed(2)),
    burstP99Ms: Number(burst.p99.toFixed(2)),
    burstQueriesPerAnswer: Number(burst.queriesPerAnswer.toFixed(2)),
    burstCpuMsPerAnswer: Number(burst.cpuMsPerAnswer.toFixed(3)),
    burstLost: burst.lost,
    burstErrors: burst.errors,
    closeCardsRecorded: burst.cardsRecorded,
    closeCardsSeconds: Number(burst.closeSeconds.toFixed(3)),
    closeCardsOnRepeat: burst.cardsOnRepeat,
  };
}

/**
 * 10,000 members of one workspace answer one round through the core's action path, each click
 * with its own delivery id as the platforms send them. 9,000 of them are new to the bot (created
 * on first contact), 1,000 have 250 cards each. Every SQL round trip on the pool is counted.
 */
async function roundBurst(app: Awaited<ReturnType<typeof createApp>>, now: Date) {
  const { quizzes } = app.services;
  const candidates = await quizzes.bank.forSkill("api-design");
  const { round } = await quizzes.rounds.open(1, "bench:w1:c1", candidates, 10, now, "UTC");
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const counted = countQueries();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < BURST_MEMBERS) {
        const i = next++;
        const seeded = 1 + i * WORKSPACES;
        const user = `bench:w1:u${seeded}`;
        const event: ActionEvent = {
          kind: "action",
          actionId: "round.answer",
          value: `${round.id}.${round.optionOrder[i % round.optionOrder.length]}`,
          actor: { user, workspace: "bench:w1", displayName: `user${seeded}`, platformAdmin: false },
          conversation: "bench:w1:c1",
          deliveryId: `bench:${i}`,
          respond: {
            reply: async (message) => {
              if (!message.text.startsWith("Answer recorded")) errors++;
            },
          },
        };
        const t0 = performance.now();
        await app.core.handle(event);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const queries = counted.stop();
  const stored = (await app.services.db.execute(sql`select count(*)::int as n from quiz_round_answers where round_id = ${round.id}`)) as unknown as {
    rows: { n: number }[];
  };
  latencies.sort((a, b) => a - b);
  const answered = Number(stored.rows[0]?.n);
  // What the close job adds: every answer into its member's FSRS card, in batches; a repeat changes nothing.
  await quizzes.rounds.markClosed(round.id, now);
  const closeStarted = performance.now();
  const cardsRecorded = await quizzes.rounds.recordCards(round);
  const closeSeconds = (performance.now() - closeStarted) / 1000;
  const cardsOnRepeat = await quizzes.rounds.recordCards(round);
  return {
    answered,
    seconds,
    perSecond: answered / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    queriesPerAnswer: queries / BURST_MEMBERS,
    cpuMsPerAnswer: (cpu.user + cpu.system) / 1000 / BURST_MEMBERS,
    lost: BURST_MEMBERS - answered,
    errors,
    cardsRecorded,
    closeSeconds,
    cardsOnRepeat,
  };
}

/** Counts every query a pg client sends (the app's pool included) until `stop`. */
function countQueries(): { stop(): number } {
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  let count = 0;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  };
  return {
    stop() {
      prototype.query = original;
      return count;
    },
  };
}
