import type { AdminJobRegistry } from "../core/admin-jobs.js";
import type { CommandDefinition } from "../core/commands.js";
import { UserError } from "../core/errors.js";
import { type Message, textMessage } from "../core/message.js";
import { parseRef } from "../core/refs.js";
import { plainName, readerTime, userText } from "../core/text.js";
import type { Services } from "../services.js";

export function workspaceCommands(adminJobs: AdminJobRegistry): CommandDefinition[] {
  return [
    {
      path: ["admin", "run"],
      summary: "Run a scheduled job now (for example today's lesson); without a job, list them.",
      args: [{ kind: "word", name: "job", optional: true, description: "The job to run, such as lessons (leave out to list them)", example: "lessons" }],
      access: "admin",
      async run(ctx, args) {
        const name = args.string("job")?.toLowerCase();
        if (name === undefined) return jobList(adminJobs);
        const job = adminJobs.get(name);
        if (!job) {
          const known = adminJobs.names();
          throw new UserError(
            "unknown_job",
            `There is no job "${userText(name.slice(0, 40))}". Jobs you can run: ${known.length > 0 ? known.join(", ") : "none yet"}. For example: \`/mentor admin run ${known[0] ?? "lessons"}\``,
          );
        }
        return textMessage(await job.start(ctx));
      },
    },
    {
      path: ["admin", "timezone"],
      summary: "Set the workspace's default timezone (an IANA name such as Europe/Berlin).",
      args: [{ kind: "timezone", name: "timezone", description: "The workspace's default timezone, such as Europe/Berlin" }],
      access: "admin",
      async run(ctx, args) {
        const timezone = args.requireString("timezone");
        await ctx.services.workspaces.setTimezone(ctx.workspace.id, timezone);
        return textMessage(`The workspace's timezone is now ${timezone}. Lesson schedules you create from now on use it by default.`);
      },
    },
    {
      path: ["admin", "failures"],
      summary: "Show the latest messages the platform refused to deliver, and why.",
      args: [],
      access: "admin",
      async run(ctx) {
        const failures = await ctx.services.workspaces.recentDeliveryFailures(ctx.workspace.id);
        if (failures.length === 0) return textMessage("No delivery failures recorded. Everything sent was delivered.");
        const timezone = ctx.services.members.timezoneOf(ctx.member, ctx.workspace);
        const lines = await Promise.all(
          failures.map(async (f) => {
            const where = await describeTarget(ctx.services, f.target);
            return `• ${readerTime(f.createdAt, "dateTime", timezone)} — ${f.job} to ${where}: ${f.code}${f.detail ? ` (${f.detail})` : ""}`;
          }),
        );
        return textMessage(`Latest delivery failures:\n${lines.join("\n")}`);
      },
    },
  ];
}

/** What `/mentor admin run` can start, one job a line. */
function jobList(adminJobs: AdminJobRegistry): Message {
  const jobs = adminJobs.all().sort((a, b) => a.name.localeCompare(b.name));
  if (jobs.length === 0) return textMessage("There are no jobs to run yet.");
  const lines = jobs.map((job) => `• \`/mentor admin run ${job.name}\`: ${job.description}`);
  return textMessage(`Jobs you can run now (each runs at most once per period, so a second run changes nothing):\n${lines.join("\n")}`);
}

/** A failure's target in words, as its platform names it; the raw ref only where the platform cannot say. */
export async function describeTarget(services: Services, target: string): Promise<string> {
  const adapter = services.adapters.named(parseRef(target).platform);
  const described = await adapter?.describeTarget?.(target).catch(() => undefined);
  return described ? plainName(described) : `\`${target}\``;
}
