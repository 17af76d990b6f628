import { App, HTTPReceiver, type Receiver, SocketModeReceiver, webApi } from "@slack/bolt";
import { type ChatAdapter, type EventSink, type HandedOffInteraction, isPlatformRefusal, type UserProfile } from "../../src/core/adapter.js";
import type { Actor } from "../../src/core/events.js";
import type { Message } from "../../src/core/message.js";
import { type ConversationRef, type MessageRef, makeRef, parseRef, type UserRef } from "../../src/core/refs.js";
import { slackActor } from "./actor.js";
import { AfterAck } from "./after-ack.js";
import { InstalledWorkspacesAuth, isNotInstalled, SingleWorkspaceAuth, type SlackAuth } from "./auth.js";
import { boltLogger } from "./bolt-logger.js";
import { SlackEventsReceiver } from "./events-receiver.js";
import { placeFiles, placingFiles, shareFiles } from "./files.js";
import { SLACK_BOT_SCOPES, SLACK_EVENTS_PATH, SLACK_INSTALL_PATH, SLACK_OUTBOUND_LIMITS, SLACK_REDIRECT_PATH, type SlackAdapterOptions } from "./options.js";
import { registerListeners } from "./receive.js";
import { wantsRedelivery } from "./redelivery.js";
import { renderMessage, renderMessages, SLACK_LIMITS } from "./render.js";
import { asBlocks } from "./responders.js";
import { type InteractionEnv, resumeSlackInteraction } from "./resume.js";
import { acknowledgedAfterHandling } from "./socket-receiver.js";
import { UserDirectory } from "./users.js";
import { callSlack, slackClientOptions } from "./web-errors.js";

/** Interactions handled at once after their ack: about the database pool, so none waits long for a connection. */
const AFTER_ACK_CONCURRENCY = 16;

/**
 * The Slack platform on @slack/bolt. Inbound traffic goes through a receiver (SlackEventsReceiver
 * over HTTP, Bolt's SocketModeReceiver wrapped by socket-receiver.ts) into registerListeners; outbound calls use a WebClient
 * per bot token, so post/update/openDM/getUser work in a worker that never started the receiver.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = "slack";
  readonly outboundLimits = SLACK_OUTBOUND_LIMITS;
  readonly bolt: App;
  private readonly auth: SlackAuth;
  private readonly receiver: Receiver;
  /** The receiver in HTTP mode, mounted on the app's server at start. */
  private readonly events: SlackEventsReceiver | undefined;
  /** Serves the install pages in OAuth mode (Bolt's HTTPReceiver, whose InstallProvider keeps the tokens). */
  private readonly installPages: HTTPReceiver | undefined;
  private readonly users = new UserDirectory();
  private readonly clients = new Map<string, webApi.WebClient>();
  private readonly clientOptions: webApi.WebClientOptions;
  private readonly interactions: InteractionEnv;
  private sink: EventSink | undefined;

  constructor(private readonly options: SlackAdapterOptions) {
    if (!options.botToken === !options.oauth) throw new Error("Slack needs either a bot token or OAuth settings, not both");
    this.clientOptions = slackClientOptions(options.apiUrl);
    const logger = boltLogger(options.logger);
    const oauth = options.oauth
      ? {
          clientId: options.oauth.clientId,
          clientSecret: options.oauth.clientSecret,
          stateSecret: options.oauth.stateSecret,
          installationStore: options.oauth.installationStore,
          scopes: SLACK_BOT_SCOPES,
        }
      : {};
    const installerOptions = {
      clientOptions: this.clientOptions,
      directInstall: true,
      ...(options.oauth?.authorizationUrl ? { authorizationUrl: options.oauth.authorizationUrl } : {}),
    };
    if (options.mode.kind === "http") {
      this.events = new SlackEventsReceiver(options.mode.signingSecret, options.logger, logger);
      this.receiver = this.events;
      if (options.oauth) {
        // Events go to SlackEventsReceiver; this receiver only answers the install and redirect paths.
        const receiverOptions = { signingSecret: options.mode.signingSecret, endpoints: [] };
        this.installPages = new HTTPReceiver({ ...receiverOptions, logger, installerOptions, ...oauth });
      }
    } else {
      if (options.oauth) throw new Error("Socket Mode runs with a single workspace token (SLACK_BOT_TOKEN); OAuth installs need HTTP mode");
      this.receiver = acknowledgedAfterHandling(new SocketModeReceiver({ appToken: options.mode.appToken, logger, installerOptions }));
    }
    const installer = this.installPages?.installer;
    if (options.botToken) this.auth = new SingleWorkspaceAuth(options.botToken, new webApi.WebClient(undefined, this.clientOptions));
    else if (installer && options.oauth) this.auth = new InstalledWorkspacesAuth(installer, options.oauth.installationStore);
    else throw new Error("Slack OAuth settings are incomplete");
    this.bolt = new App({
      receiver: this.receiver,
      authorize: this.auth.authorize,
      clientOptions: this.clientOptions,
      logger,
      convoStore: false,
      // Bolt's ignoreSelf drops events whose `user` is the bot itself: none of the events listened to can
      // be (user_change carries an object there), so it would only add a middleware to every click.
      ignoreSelf: false,
    });
    this.bolt.error(async (error) => {
      // A request from a team the app is not installed in is refused, not a failure of ours; so is Slack
      // refusing or rate-limiting an answer (user_not_found, 429): its answer about one request.
      if (isNotInstalled(error)) options.logger.warn({ err: error }, "refused a Slack request from a team without an installation");
      else options.logger[isPlatformRefusal(error) ? "warn" : "error"]({ err: error }, "Slack listener failed");
      // Rethrown, the receiver answers 500 (HTTP) or sends no ack (Socket Mode), and Slack delivers the event again (redelivery.ts).
      if (wantsRedelivery(error)) throw error;
    });
    this.interactions = {
      users: this.users,
      logger: options.logger,
      openDm: async (teamId, userId) => parseRef(await this.openDM(makeRef("slack", teamId, userId))).local as string,
    };
    registerListeners(this.bolt, {
      ...this.interactions,
      sink: () => this.sink,
      claims: options.claims,
      installedIn: (teamId) => this.auth.installedIn(teamId),
      afterAck: new AfterAck(AFTER_ACK_CONCURRENCY, options.logger),
      onUninstalled: async (teamId) => {
        options.logger.info({ teamId }, "Slack app removed from a workspace; forgetting its tokens");
        await options.oauth?.installationStore.deleteInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
      },
    });
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = this.placingFiles(sink);
    const { mode } = this.options;
    if (mode.kind === "socket") {
      await this.bolt.start();
      return;
    }
    if (this.events) mode.http.mount(SLACK_EVENTS_PATH, this.events.listener);
    const installPages = this.installPages;
    if (installPages) {
      const pages = (req: Parameters<HTTPReceiver["requestListener"]>[0], res: Parameters<HTTPReceiver["requestListener"]>[1]) => {
        try {
          installPages.requestListener(req, res);
        } catch {
          // Bolt defers requests it does not route (a POST to the install page).
          res.writeHead(404).end();
        }
      };
      mode.http.mount(SLACK_INSTALL_PATH, pages);
      mode.http.mount(SLACK_REDIRECT_PATH, pages);
    }
  }

  async stop(): Promise<void> {
    this.sink = undefined;
    if (this.options.mode.kind === "socket") await this.bolt.stop();
  }

  async resumeInteraction(interaction: HandedOffInteraction, sink: EventSink): Promise<void> {
    await resumeSlackInteraction(interaction, (team) => this.client(team), this.placingFiles(sink), this.interactions);
  }

  /** Answers to interactions get their files uploaded where the person can open them (see placeFiles). */
  private placingFiles(sink: EventSink): EventSink {
    return placingFiles(sink, (event) => {
      const { team, local } = target(event.conversation);
      return {
        client: () => this.client(team),
        channel: local,
        dm: async () => target(await this.openDM(event.actor.user)).local,
        logger: this.options.logger,
      };
    });
  }

  async post(to: ConversationRef, message: Message): Promise<MessageRef> {
    const { team, local } = target(to);
    const client = await this.client(team);
    let first: string | undefined;
    for (const part of renderMessages(message)) {
      const answer = await callSlack(() => client.chat.postMessage({ channel: local, text: part.text, blocks: asBlocks(part.blocks), unfurl_links: false }));
      first ??= answer.ts;
    }
    // The files follow the message, which already describes them. A failed upload is logged, not
    // thrown: the job would retry and post the message twice.
    if (message.files?.length) {
      await shareFiles(client, local, message.files).catch((error: unknown) => {
        this.options.logger.warn({ err: error, conversation: to }, "Slack file upload failed after the message was posted");
      });
    }
    return { conversation: to, id: first ?? "" };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const { team, local } = target(ref.conversation);
    const client = await this.client(team);
    const part = renderMessage(message);
    await callSlack(() => client.chat.update({ channel: local, ts: ref.id, text: part.text, blocks: asBlocks(part.blocks) }));
  }

  async postEphemeral(to: ConversationRef, user: UserRef, message: Message): Promise<void> {
    const { team, local } = target(to);
    const client = await this.client(team);
    const places = { client: async () => client, channel: local, dm: async () => target(await this.openDM(user)).local, logger: this.options.logger };
    const shown = await placeFiles(message, true, places);
    for (const part of renderMessages(shown)) {
      await callSlack(() => client.chat.postEphemeral({ channel: local, user: target(user).local, text: part.text, blocks: asBlocks(part.blocks) }));
    }
  }

  async openDM(user: UserRef): Promise<ConversationRef> {
    return this.openConversation([user]);
  }

  async openGroupDM(users: UserRef[]): Promise<ConversationRef> {
    return this.openConversation(users);
  }

  async publishHome(user: UserRef, view: Message): Promise<void> {
    const { team, local } = target(user);
    const client = await this.client(team);
    const home = renderMessage(view, SLACK_LIMITS.viewBlocks);
    await callSlack(() => client.views.publish({ user_id: local, view: { type: "home", blocks: asBlocks(home.blocks) } }));
  }

  /**
   * A ref in words for an admin: "#general", a person's name, "a direct message" (naming its
   * person would need the im:read scope, which the bot does not ask for).
   */
  async describeTarget(ref: string): Promise<string> {
    const { workspace: team, local } = parseRef(ref);
    if (local === undefined) return "this workspace";
    if (/^[UW]/.test(local)) return (await this.getUser(ref)).displayName;
    if (local.startsWith("D")) return "a direct message";
    const client = await this.client(team);
    const info = await callSlack(() => client.conversations.info({ channel: local })).catch(() => undefined);
    if (info?.channel?.name) return `#${info.channel.name}`;
    return local.startsWith("G") ? "a group direct message" : `the channel ${local}`;
  }

  /** The person as a chat event would carry them (admin flag, zone, Slack Connect): for the dashboard's sign-in. */
  async actorFor(user: UserRef): Promise<Actor> {
    const { team, local } = target(user);
    return slackActor(this.users, this.options.logger, await this.client(team), team, local, "");
  }

  async getUser(user: UserRef): Promise<UserProfile> {
    const { team, local } = target(user);
    const found = await callSlack(async () => this.users.lookup(await this.client(team), team, local));
    const profile: UserProfile = { user, displayName: found.displayName, isBot: found.isBot };
    if (found.timezone) profile.timezone = found.timezone;
    return profile;
  }

  private async openConversation(users: UserRef[]): Promise<ConversationRef> {
    const team = target(users[0] ?? "").team;
    const ids = users.map((u) => {
      const parsed = target(u);
      if (parsed.team !== team) throw new Error("A Slack conversation can only hold people of one workspace");
      return parsed.local;
    });
    const client = await this.client(team);
    const answer = await callSlack(() => client.conversations.open({ users: ids.join(",") }));
    const id = answer.channel?.id;
    if (!id) throw new Error("conversations.open answered without a channel id");
    return makeRef("slack", team, id);
  }

  private async client(team: string): Promise<webApi.WebClient> {
    const token = await this.auth.botToken(team);
    let client = this.clients.get(token);
    if (!client) {
      // Rotated tokens leave old clients behind; the map is small (one per workspace token).
      if (this.clients.size > 1_000) this.clients.clear();
      client = new webApi.WebClient(token, { ...this.clientOptions, logger: boltLogger(this.options.logger) });
      this.clients.set(token, client);
    }
    return client;
  }
}

function target(ref: string): { team: string; local: string } {
  const { platform, workspace, local } = parseRef(ref);
  if (platform !== "slack" || !local) throw new Error(`Not a Slack ref: ${ref}`);
  return { team: workspace, local };
}
