import { eq, inArray } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as oidc from "openid-client";
import { workspaces } from "../../drizzle/schema/index.js";
import type { Actor } from "../core/events.js";
import { makeRef } from "../core/refs.js";
import type { Services } from "../services.js";
import type { Grant, SignInLinks } from "./grants.js";
import { html, layout } from "./html.js";
import { type DiscordSignIn, discordAdmin, type SlackSignIn } from "./identity-providers.js";

export interface SignInRoutes {
  services: Services;
  links: SignInLinks;
  slack?: SlackSignIn;
  discord?: DiscordSignIn;
  /** The dashboard's public base URL (DASHBOARD_URL): where the providers send the browser back. */
  baseUrl: () => string;
}

/** A sign-in that failed: said in a sentence on the sign-in page, with a way to try again. */
function refused(reply: FastifyReply, status: number, sentence: string): FastifyReply {
  return reply
    .code(status)
    .type("text/html")
    .send(layout({ title: "Sign in" }, html`<p class="refused">${sentence}</p><p><a href="/">Back to sign in</a></p>`));
}

/** Starts the session afresh (a new id: no fixation) holding what the person may see. */
async function signIn(request: FastifyRequest, reply: FastifyReply, grants: Grant[]): Promise<FastifyReply> {
  await request.session.regenerate();
  request.session.grants = grants;
  return reply.redirect("/");
}

/**
 * Sign-in: Slack (OpenID Connect), Discord (OAuth2: identify, guilds), the console's one-time
 * link, and sign-out. A person sees only workspaces where the bot is installed.
 */
export function registerSignIn(app: FastifyInstance, routes: SignInRoutes): void {
  const { services } = routes;
  const knownWorkspaces = async (refs: string[]) =>
    refs.length === 0 ? [] : await services.db.select({ ref: workspaces.ref }).from(workspaces).where(inArray(workspaces.ref, refs));

  if (routes.slack) {
    const slack = routes.slack;
    app.get("/auth/slack", async (request, reply) => {
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      request.session.pending = { provider: "slack", state, nonce };
      return reply.redirect((await slack.authorizeUrl(state, nonce)).href);
    });
    app.get("/auth/slack/callback", async (request, reply) => {
      const pending = request.session.pending;
      request.session.pending = undefined;
      if (pending?.provider !== "slack" || !pending.nonce)
        return refused(reply, 400, "That sign-in link was already used or has expired. Please sign in again.");
      const identity = await slack.finish(currentUrl(request, routes.baseUrl()), pending.state, pending.nonce).catch(() => undefined);
      if (!identity) return refused(reply, 400, "Slack did not confirm who you are. Please sign in again.");
      const workspaceRef = makeRef("slack", identity.team);
      if ((await knownWorkspaces([workspaceRef])).length === 0) {
        return refused(reply, 403, "The bot is not installed in your Slack workspace, so there is nothing to show yet.");
      }
      const user = makeRef("slack", identity.team, identity.user);
      const adapter = services.adapters.all().find((a) => a.platform === "slack");
      const actor: Actor = (await adapter?.actorFor?.(user).catch(() => undefined)) ?? {
        user,
        workspace: workspaceRef,
        displayName: identity.name,
        platformAdmin: false,
      };
      return signIn(request, reply, [actor]);
    });
  }

  if (routes.discord) {
    const discord = routes.discord;
    app.get("/auth/discord", async (request, reply) => {
      const state = oidc.randomState();
      const verifier = oidc.randomPKCECodeVerifier();
      request.session.pending = { provider: "discord", state, verifier };
      return reply.redirect(discord.authorizeUrl(state, await oidc.calculatePKCECodeChallenge(verifier)).href);
    });
    app.get("/auth/discord/callback", async (request, reply) => {
      const pending = request.session.pending;
      request.session.pending = undefined;
      if (pending?.provider !== "discord" || !pending.verifier)
        return refused(reply, 400, "That sign-in link was already used or has expired. Please sign in again.");
      const identity = await discord.finish(currentUrl(request, routes.baseUrl()), pending.state, pending.verifier).catch(() => undefined);
      if (!identity) return refused(reply, 400, "Discord did not confirm who you are. Please sign in again.");
      const known = new Set((await knownWorkspaces(identity.guilds.map((g) => makeRef("discord", g.id)))).map((w) => w.ref));
      const grants: Grant[] = identity.guilds
        .filter((guild) => known.has(makeRef("discord", guild.id)))
        .map((guild) => ({
          user: makeRef("discord", guild.id, identity.user),
          workspace: makeRef("discord", guild.id),
          displayName: identity.name,
          platformAdmin: discordAdmin(guild.permissions),
        }));
      if (grants.length === 0) return refused(reply, 403, "None of your Discord servers has the bot, so there is nothing to show yet.");
      return signIn(request, reply, grants);
    });
  }

  // The one-time link shows a button first: a link preview or a mail scanner opening it uses nothing.
  app.get<{ Querystring: { token?: string } }>("/auth/link", async (request, reply) => {
    const token = String(request.query.token ?? "");
    return reply
      .type("text/html")
      .send(
        layout(
          { title: "Sign in" },
          html`<form method="post" action="/auth/link"><input type="hidden" name="_csrf" value="${reply.generateCsrf()}"><input type="hidden" name="token" value="${token}"><button type="submit">Open the dashboard</button></form>`,
        ),
      );
  });
  app.post<{ Body: { token?: string } }>("/auth/link", async (request, reply) => {
    const grant = await routes.links.redeem(String(request.body?.token ?? ""));
    if (!grant) return refused(reply, 403, "That sign-in link was already used or has expired. Run /mentor dashboard for a new one.");
    const [known] = await services.db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.ref, grant.workspace));
    if (!known) return refused(reply, 403, "That workspace is gone.");
    return signIn(request, reply, [grant]);
  });

  app.post("/logout", async (request, reply) => {
    await request.session.destroy();
    return reply.redirect("/");
  });
}

/** The URL the provider redirected to, on the public base URL it was given (behind a proxy too). */
function currentUrl(request: FastifyRequest, baseUrl: string): URL {
  return new URL(request.url, baseUrl);
}
