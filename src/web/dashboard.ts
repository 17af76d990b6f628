import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyFormbody from "@fastify/formbody";
import fastifyHelmet from "@fastify/helmet";
import fastifySession from "@fastify/session";
import Fastify, { type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Config } from "../config.js";
import type { BotCore } from "../core/bot.js";
import { projectRoot } from "../project-root.js";
import type { Services } from "../services.js";
import { type Grant, SignInLinks } from "./grants.js";
import { html, layout } from "./html.js";
import { DiscordSignIn, SlackSignIn } from "./identity-providers.js";
import { registerPages } from "./pages/routes.js";
import { DrizzleSessionStore } from "./session-store.js";
import { registerSignIn } from "./sign-in.js";

declare module "fastify" {
  interface Session {
    grants?: Grant[];
    pending?: { provider: "slack" | "discord"; state: string; nonce?: string; verifier?: string };
    /** What the bot answered to the last form, shown once on the page it redirected to. */
    flash?: string[];
  }
}

export type DashboardSettings = Pick<
  Config,
  | "DASHBOARD_URL"
  | "SESSION_SECRET"
  | "SESSION_HOURS"
  | "TRUST_PROXY"
  | "QUEUE_PREFIX"
  | "SLACK_CLIENT_ID"
  | "SLACK_CLIENT_SECRET"
  | "SLACK_SIGNIN_CLIENT_ID"
  | "SLACK_SIGNIN_CLIENT_SECRET"
  | "SLACK_API_URL"
  | "DISCORD_APPLICATION_ID"
  | "DISCORD_CLIENT_SECRET"
  | "DISCORD_API_URL"
>;

export interface Dashboard {
  /** Handles a request the HTTP listener's fixed routes (health, Slack's receiver) did not take. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  links: SignInLinks;
  /** The platforms people can sign in with here. */
  signInWith: ReadonlySet<string>;
  /** The public base URL: DASHBOARD_URL, else this machine and the port it listens on. */
  baseUrl(): string;
  setPort(port: number): void;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
const OWN_ASSETS = path.join(projectRoot(import.meta.dirname), "src/web/assets");
const ASSETS: Record<string, { file: string; type: string }> = {
  "dashboard.css": { file: path.join(OWN_ASSETS, "dashboard.css"), type: "text/css" },
  "dashboard.js": { file: path.join(OWN_ASSETS, "dashboard.js"), type: "text/javascript" },
  // The package exports no subpath for its browser bundle: found next to its main entry.
  "chart.umd.min.js": { file: path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js"), type: "text/javascript" },
};

/**
 * The web dashboard: fastify with sessions in the database, CSRF tokens, a strict CSP, and
 * sign-in through Slack, Discord or the console's one-time link. It has no listener of its own:
 * the public HTTP listener hands it every request its fixed routes do not take.
 */
export async function createDashboard(settings: DashboardSettings, services: Services, core: BotCore, redis: Redis): Promise<Dashboard> {
  let port = 0;
  const baseUrl = () => (settings.DASHBOARD_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, "");
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const app: FastifyInstance = Fastify({
    trustProxy: settings.TRUST_PROXY,
    logger: false,
    // fastify's documented way to serve through a server it does not own: keep its handler.
    serverFactory: (handle: (req: IncomingMessage, res: ServerResponse) => void) => {
      handler = handle;
      return createServer(handle);
    },
  });
  const secret = settings.SESSION_SECRET ?? randomBytes(32).toString("hex");
  if (!settings.SESSION_SECRET) services.logger.info("SESSION_SECRET is not set: dashboard sign-ins last until this process stops.");

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
  });
  await app.register(fastifyFormbody);
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret,
    cookieName: "mentor_session",
    saveUninitialized: false,
    store: new DrizzleSessionStore(services.db, () => new Date(), settings.SESSION_HOURS * 3_600_000),
    // Secure whenever the browser reached us over TLS (X-Forwarded-Proto counts with TRUST_PROXY).
    cookie: { httpOnly: true, sameSite: "lax", secure: "auto", path: "/", maxAge: settings.SESSION_HOURS * 3_600_000 },
  });
  await app.register(fastifyCsrf, { sessionPlugin: "@fastify/session" });
  // Every POST carries the session's CSRF token (the forms' hidden _csrf field); the body is parsed by now.
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method === "POST") app.csrfProtection(request, reply, done);
    else done();
  });

  for (const [name, asset] of Object.entries(ASSETS)) {
    const body = readFileSync(asset.file);
    app.get(`/assets/${name}`, (_request, reply) => reply.type(asset.type).header("cache-control", "public, max-age=3600").send(body));
  }

  const links = new SignInLinks(redis, settings.QUEUE_PREFIX);
  const slackClient = {
    id: settings.SLACK_SIGNIN_CLIENT_ID ?? settings.SLACK_CLIENT_ID,
    secret: settings.SLACK_SIGNIN_CLIENT_SECRET ?? settings.SLACK_CLIENT_SECRET,
  };
  const slack =
    slackClient.id && slackClient.secret
      ? new SlackSignIn(
          { clientId: slackClient.id, clientSecret: slackClient.secret, apiUrl: settings.SLACK_API_URL },
          () => `${baseUrl()}/auth/slack/callback`,
        )
      : undefined;
  const discord =
    settings.DISCORD_APPLICATION_ID && settings.DISCORD_CLIENT_SECRET ? new DiscordSignIn(settings, () => `${baseUrl()}/auth/discord/callback`) : undefined;
  registerSignIn(app, { services, links, slack, discord, baseUrl });

  app.get("/", async (request, reply) => {
    const grants = request.session.grants ?? [];
    if (grants.length > 0) {
      const choices = await Promise.all(grants.map(async (g) => ({ grant: g, workspace: await services.workspaces.ensure(g.workspace) })));
      if (choices.length === 1) return reply.redirect(`/w/${choices[0]?.workspace.id}`);
      const list = choices.map((c) => html`<li><a href="/w/${c.workspace.id}">${c.workspace.name || c.workspace.ref}</a></li>`);
      return reply.type("text/html").send(layout({ title: "Your workspaces" }, html`<ul>${list}</ul>`));
    }
    const body = html`<p>Sign in to see your progress, and, as a mentor or an admin, your team's.</p>
      ${slack ? html`<p><a class="signin" href="/auth/slack">Sign in with Slack</a></p>` : ""}
      ${discord ? html`<p><a class="signin discord" href="/auth/discord">Sign in with Discord</a></p>` : ""}
      <p class="context">In the console, run <code>/mentor dashboard</code> for a sign-in link that works once.</p>`;
    return reply.type("text/html").send(layout({ title: "Sign in" }, body));
  });

  registerPages(app, services, core);

  app.setNotFoundHandler((_request, reply) =>
    reply
      .code(404)
      .type("text/html")
      .send(layout({ title: "Not found" }, html`<p>There is no such page.</p>`)),
  );
  app.setErrorHandler((error: { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) services.logger.error({ err: error, url: request.url }, "dashboard request failed");
    const sentence = error.code?.startsWith("FST_CSRF")
      ? "This form has expired or did not come from the dashboard. Reload the page and try again."
      : "That did not work.";
    return reply
      .code(status)
      .type("text/html")
      .send(layout({ title: "Refused" }, html`<p class="refused">${sentence}</p>`));
  });
  await app.ready();
  const handle = handler;
  if (!handle) throw new Error("fastify built no request handler");
  return {
    handle,
    links,
    signInWith: new Set([...(slack ? ["slack"] : []), ...(discord ? ["discord"] : [])]),
    baseUrl,
    setPort(value) {
      port = value;
    },
    close: () => app.close(),
  };
}
