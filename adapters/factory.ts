import type { Config } from "../src/config.js";
import type { ChatAdapter } from "../src/core/adapter.js";
import type { HttpServer } from "../src/http/server.js";
import type { Services } from "../src/services.js";

/** What a platform adapter may use while it is built: settings, the app's services, the HTTP server. */
export interface AdapterContext {
  config: Config;
  services: Services;
  http: HttpServer;
}

/** Builds a platform's adapter when its settings are present; undefined otherwise. */
export type AdapterFactory = (ctx: AdapterContext) => ChatAdapter | undefined;
