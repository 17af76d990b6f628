import type { FastifyReply, FastifyRequest } from "fastify";
import type { BotCore } from "../../core/bot.js";
import { isAdmin } from "../../members/service.js";
import type { Services } from "../../services.js";
import { html, layout, type PageFrame } from "../html.js";
import type { PageContext } from "../page-context.js";

type WorkspaceRequest = FastifyRequest<{ Params: { workspaceId: string } }>;

/**
 * Who is asking, in the workspace the URL names: only a workspace the session was granted at
 * sign-in; any other id (another team's, or none) is 404, the same answer as a page that does
 * not exist, so ids of other workspaces are not confirmed. Undefined: the reply is sent.
 */
export async function pageContext(services: Services, core: BotCore, request: WorkspaceRequest, reply: FastifyReply): Promise<PageContext | undefined> {
  const grants = request.session.grants;
  if (!grants || grants.length === 0) {
    await reply.redirect("/");
    return undefined;
  }
  const id = Number(request.params.workspaceId);
  const workspace = Number.isSafeInteger(id) ? await services.workspaces.byId(id) : undefined;
  const grant = workspace ? grants.find((g) => g.workspace === workspace.ref) : undefined;
  if (!workspace || !grant) {
    await reply
      .code(404)
      .type("text/html")
      .send(layout({ title: "Not found" }, html`<p>There is no such page.</p>`));
    return undefined;
  }
  const member = await services.members.ensure(workspace, grant);
  return {
    services,
    core,
    workspace,
    grant,
    member,
    isAdmin: isAdmin(member, grant),
    timezone: services.members.timezoneOf(member, workspace),
    csrfToken: reply.generateCsrf(),
  };
}

export function frameOf(ctx: PageContext, title: string): PageFrame {
  return {
    title,
    workspace: { id: ctx.workspace.id, name: ctx.workspace.name || ctx.workspace.ref },
    viewer: { name: ctx.grant.displayName, admin: ctx.isAdmin },
    csrfToken: ctx.csrfToken,
  };
}
