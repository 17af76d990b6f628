import type { Config } from "../src/config.js";
import type { ChatAdapter } from "../src/core/adapter.js";
import type { HttpServer } from "../src/http/server.js";
import type { Services } from "../src/services.js";
import { discordFactory } from "./discord/factory.js";
import { slackFactory } from "./slack/factory.js";

/** What a platform adapter may use while it is built: settings, the app's services, the HTTP server. */
export interface AdapterContext {
  config: Config;
  services: Services;
  http: HttpServer;
}

/** Builds a platform's adapter when its settings are present; undefined otherwise. */
export type AdapterFactory = (ctx: AdapterContext) => ChatAdapter | undefined;

/** The chat platforms this build knows. With none configured, main falls back to the console. */
export const PLATFORM_FACTORIES: AdapterFactory[] = [slackFactory, discordFactory];
