import type { FastifyInstance } from "fastify";
import type { BotCore } from "../../core/bot.js";
import type { Services } from "../../services.js";
import { html, layout, markdownToHtml } from "../html.js";
import type { Page } from "../page-context.js";
import { checkinsPage } from "./checkins.js";
import { frameOf, pageContext } from "./context.js";
import { coursePage } from "./course.js";
import { failuresPage } from "./failures.js";
import { lessonsPage } from "./lessons.js";
import { overviewPage } from "./overview.js";
import { pairingPage } from "./pairing.js";
import { registerReportCsv, reportPage } from "./report.js";
import { registerScheduleForms, schedulesPage } from "./schedules.js";
import { skillsPage } from "./skills.js";

export const PAGES: Page[] = [overviewPage, schedulesPage, pairingPage, lessonsPage, skillsPage, checkinsPage, failuresPage, coursePage, reportPage];

export function registerPages(app: FastifyInstance, services: Services, core: BotCore): void {
  for (const page of PAGES) {
    app.get<{ Params: { workspaceId: string } }>(`/w/:workspaceId${page.path}`, async (request, reply) => {
      const ctx = await pageContext(services, core, request, reply);
      if (!ctx) return reply;
      const flash = request.session.flash;
      if (flash) request.session.flash = undefined;
      if (page.adminOnly && !ctx.isAdmin) {
        const sentence = `Only an admin of this workspace can see the ${page.title.toLowerCase()} page${ctx.grant.external ? ": you take part here from another organisation, so as a member" : ""}.`;
        return reply
          .code(403)
          .type("text/html")
          .send(layout(frameOf(ctx, page.title), html`<p class="refused">${sentence}</p>`));
      }
      const notice = flash ? html`<div class="notice">${flash.map((line) => html`<p>${markdownToHtml(line)}</p>`)}</div>` : "";
      return reply.type("text/html").send(layout(frameOf(ctx, page.title), html`${notice}${await page.render(ctx)}`));
    });
  }
  registerScheduleForms(app, services, core);
  registerReportCsv(app, services, core);
}
