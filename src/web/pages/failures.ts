import { html, messageToHtml } from "../html.js";
import type { Page } from "../page-context.js";
import { runAs } from "../run-command.js";

/** Messages the platform refused for good: `/mentor admin failures`, admins only. */
export const failuresPage: Page = {
  path: "/failures",
  title: "Delivery failures",
  adminOnly: true,
  async render(ctx) {
    const answers = await runAs(ctx.core, ctx.grant, "admin failures");
    return html`<section class="card">${answers.map(messageToHtml)}</section>`;
  },
};
