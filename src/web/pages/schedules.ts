import { and, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { lessonSubscriptions, quizSchedules } from "../../../drizzle/schema/index.js";
import { describeInstant } from "../../calendar/dates.js";
import { checkinScheduleOf } from "../../checkins/schedule.js";
import { formatDays } from "../../core/args.js";
import type { BotCore } from "../../core/bot.js";
import { scheduleOf } from "../../pairing/schedule.js";
import { nextFireAfter } from "../../schedules/fire-times.js";
import type { Services } from "../../services.js";
import { type Html, html, messageToHtml } from "../html.js";
import type { Page, PageContext } from "../page-context.js";
import { runAs } from "../run-command.js";
import { pageContext } from "./context.js";
import { DAY_ARGS, daysArg, nextPairingRound } from "./schedule-times.js";

function field(name: string, label: string, value: string): Html {
  return html`<label>${label}<input name="${name}" value="${value}" required></label>`;
}

function dayChoice(name: string, selected: number): Html {
  return html`<label>day<select name="${name}">${DAY_ARGS.map((d, i) => html`<option value="${d}"${i === selected ? html` selected` : ""}>${d}</option>`)}</select></label>`;
}

function form(ctx: PageContext, action: string, hidden: Record<string, string>, fields: Html[]): Html {
  if (!ctx.isAdmin) return html``;
  return html`<form class="inline" method="post" action="/w/${ctx.workspace.id}/schedules/${action}">
    <input type="hidden" name="_csrf" value="${ctx.csrfToken}">${Object.entries(hidden).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
    ${fields}<button type="submit">Save</button></form>`;
}

/**
 * Every schedule with its next run in the viewer's zone. Admins edit them here with forms that
 * run the same commands as chat (`lessons here`, `quiz schedule`, `pair every`, `checkins
 * schedule`), so the same validation and the same sentences apply.
 */
export const schedulesPage: Page = {
  path: "/schedules",
  title: "Schedules",
  async render(ctx) {
    const { services, workspace } = ctx;
    const now = services.now();
    const adapter = services.adapters.named(workspace.platform);
    const where = async (channel: string) => (await adapter?.describeTarget?.(channel).catch(() => undefined)) ?? channel;
    const subscriptions = await services.db
      .select()
      .from(lessonSubscriptions)
      .where(and(eq(lessonSubscriptions.workspaceId, workspace.id), eq(lessonSubscriptions.active, true)));
    const lessonRows = await Promise.all(
      subscriptions.map(async (s) => {
        const status = await runAs(ctx.core, ctx.grant, "lessons status", s.channel);
        return html`<section class="card lesson-schedule"><h3>${await where(s.channel)}</h3>
          <p>${s.time} ${formatDays(s.days)}, ${s.timezone}</p>${status.map(messageToHtml)}
          ${form(ctx, "lessons", { subscription: String(s.id) }, [field("time", "time", s.time), field("days", "days", daysArg(s.days)), field("timezone", "timezone", s.timezone)])}</section>`;
      }),
    );
    const quizRows = await Promise.all(
      (await services.db.select().from(quizSchedules).where(eq(quizSchedules.workspaceId, workspace.id))).map(async (q) => {
        const next = nextFireAfter({ time: q.time, days: q.days, timezone: q.timezone }, now);
        return html`<section class="card"><h3>${await where(q.channel)}</h3><p>${q.time} ${formatDays(q.days)}, ${q.timezone}; ${q.skill ?? "any skill"}, open ${q.minutes} minutes.
          Next round: ${describeInstant(next, q.timezone, ctx.timezone)}</p>
          ${form(ctx, "quiz", { schedule: String(q.id) }, [field("days", "days", daysArg(q.days)), field("time", "time", q.time), field("timezone", "timezone", q.timezone)])}</section>`;
      }),
    );
    const pairing = scheduleOf(workspace.settings);
    const nextRound = pairing ? nextPairingRound(pairing, workspace.timezone, now) : undefined;
    const checkins = checkinScheduleOf(workspace.settings);
    const nextAsk = nextFireAfter({ time: checkins.time, days: [checkins.day], timezone: ctx.timezone }, now);
    return html`<h2>Daily lessons</h2>${subscriptions.length === 0 ? html`<p>No channel gets the daily lesson yet: run <code>/mentor lessons here</code> in one.</p>` : lessonRows}
      <h2>Quiz rounds</h2>${quizRows.length === 0 ? html`<p>No scheduled quiz rounds: run <code>/mentor quiz schedule</code> in a channel.</p>` : quizRows}
      <h2>Pairing</h2><section class="card">${
        pairing
          ? html`<p>Every ${pairing.everyWeeks === 1 ? "week" : `${pairing.everyWeeks} weeks`} on ${DAY_ARGS[pairing.day]} at ${pairing.time}, ${workspace.timezone}. Next round: ${nextRound ? describeInstant(nextRound, workspace.timezone, ctx.timezone) : "none"}</p>`
          : html`<p>No scheduled pairing rounds.</p>`
      }${form(ctx, "pairing", {}, [field("weeks", "every N weeks", String(pairing?.everyWeeks ?? 1)), dayChoice("day", pairing?.day ?? 1), field("time", "time", pairing?.time ?? "10:00")])}</section>
      <h2>Check-ins</h2><section class="card"><p>Mentees are asked on ${DAY_ARGS[checkins.day]} at ${checkins.time} in their own timezone. In yours (${ctx.timezone}), the next ask is ${describeInstant(nextAsk, ctx.timezone)}.</p>
      ${form(ctx, "checkins", {}, [dayChoice("day", checkins.day), field("time", "time", checkins.time)])}</section>`;
  },
};

/** One command-line word: a field with spaces or quotes would add arguments the form does not show. */
const ONE_WORD = /^[^\s"'`“”]{1,64}$/;

type FormBody = Record<string, string | undefined>;

/** The command line a schedule form stands for, and the channel it runs in; or the sentence why not. */
async function commandFor(services: Services, ctx: PageContext, kind: string, body: FormBody): Promise<{ line: string; channel?: string } | string> {
  const words = (names: string[]) => {
    for (const name of names)
      if (!ONE_WORD.test(body[name] ?? ""))
        return `The ${name} must be one word, such as ${name === "days" ? "mon-fri" : name === "time" ? "09:30" : name === "timezone" ? "Europe/Berlin" : "mon"}.`;
    return undefined;
  };
  switch (kind) {
    case "lessons": {
      const [row] = await services.db
        .select()
        .from(lessonSubscriptions)
        .where(and(eq(lessonSubscriptions.id, Number(body.subscription)), eq(lessonSubscriptions.workspaceId, ctx.workspace.id)));
      if (!row) return "That lesson schedule is gone.";
      return words(["time", "days", "timezone"]) ?? { line: `lessons here ${body.time} ${body.days} ${body.timezone}`, channel: row.channel };
    }
    case "quiz": {
      const [row] = await services.db
        .select()
        .from(quizSchedules)
        .where(and(eq(quizSchedules.id, Number(body.schedule)), eq(quizSchedules.workspaceId, ctx.workspace.id)));
      if (!row) return "That quiz schedule is gone.";
      const rest = `${row.skill ? ` ${row.skill}` : ""} ${row.minutes}`;
      return words(["days", "time", "timezone"]) ?? { line: `quiz schedule ${body.days} ${body.time} ${body.timezone}${rest}`, channel: row.channel };
    }
    case "pairing":
      return words(["weeks", "day", "time"]) ?? { line: `pair every ${body.weeks} weeks ${body.day} ${body.time}` };
    case "checkins":
      return words(["day", "time"]) ?? { line: `checkins schedule ${body.day} ${body.time}` };
    default:
      return "There is no such schedule.";
  }
}

export function registerScheduleForms(app: FastifyInstance, services: Services, core: BotCore): void {
  app.post<{ Params: { workspaceId: string; kind: string }; Body: FormBody }>("/w/:workspaceId/schedules/:kind", async (request, reply) => {
    const ctx = await pageContext(services, core, request, reply);
    if (!ctx) return reply;
    const command = await commandFor(services, ctx, request.params.kind, request.body ?? {});
    if (typeof command === "string") request.session.flash = [command];
    else {
      const answers = (await runAs(core, ctx.grant, command.line, command.channel)).map((a) => a.text);
      // "This channel gets…" said in a channel; here the page names the channel it means.
      const adapter = services.adapters.named(ctx.workspace.platform);
      const where = command.channel ? await adapter?.describeTarget?.(command.channel).catch(() => undefined) : undefined;
      request.session.flash = where ? answers.map((answer) => `${where}: ${answer}`) : answers;
    }
    return reply.redirect(`/w/${ctx.workspace.id}/schedules`, 303);
  });
}
