import type { FastifyInstance } from "fastify";
import type { BotCore } from "../../core/bot.js";
import type { Services } from "../../services.js";
import { html, messageToHtml } from "../html.js";
import type { Page } from "../page-context.js";
import { runAs } from "../run-command.js";
import { pageContext } from "./context.js";

/** `/mentor report`, and its CSV as a download: the same command, so the same admin check. */
export const reportPage: Page = {
  path: "/report",
  title: "Report",
  adminOnly: true,
  async render(ctx) {
    const answers = await runAs(ctx.core, ctx.grant, "report");
    return html`<p><a id="csv" href="/w/${ctx.workspace.id}/report.csv" download>Download the report as CSV</a></p><section class="card">${answers.map(messageToHtml)}</section>`;
  },
};

export function registerReportCsv(app: FastifyInstance, services: Services, core: BotCore): void {
  app.get<{ Params: { workspaceId: string } }>("/w/:workspaceId/report.csv", async (request, reply) => {
    const ctx = await pageContext(services, core, request, reply);
    if (!ctx) return reply;
    const answers = await runAs(core, ctx.grant, "report csv");
    const file = answers.flatMap((a) => a.files ?? []).find((f) => f.contentType === "text/csv");
    if (!file)
      return reply
        .code(403)
        .type("text/plain")
        .send(answers.map((a) => a.text).join("\n"));
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${file.name.replace(/[^\w.-]/g, "_")}"`)
      .send(Buffer.from(file.data));
  });
}
