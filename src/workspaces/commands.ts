import type { AdminJobRegistry } from "../core/admin-jobs.js";
import type { CommandDefinition } from "../core/commands.js";
import { UserError } from "../core/errors.js";
import { textMessage } from "../core/message.js";
import { quoted } from "../core/text.js";

export function workspaceCommands(adminJobs: AdminJobRegistry): CommandDefinition[] {
  return [
    {
      path: ["admin", "run"],
      summary: "Run a scheduled job now (for example today's lesson).",
      args: [{ kind: "word", name: "job" }],
      access: "admin",
      async run(ctx, args) {
        const name = args.requireString("job").toLowerCase();
        const job = adminJobs.get(name);
        if (!job) {
          const known = adminJobs.names();
          throw new UserError("unknown_job", `There is no job ${quoted(name)}. Jobs you can run: ${known.length > 0 ? known.join(", ") : "none yet"}.`);
        }
        return textMessage(await job.start(ctx));
      },
    },
    {
      path: ["admin", "timezone"],
      summary: "Set the workspace's default timezone (an IANA name such as Europe/Berlin).",
      args: [{ kind: "timezone", name: "timezone" }],
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
        const lines = failures.map(
          (f) => `• ${f.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC — ${f.job} to ${f.target}: ${f.code}${f.detail ? ` (${f.detail})` : ""}`,
        );
        return textMessage(`Latest delivery failures:\n${lines.join("\n")}`);
      },
    },
  ];
}
