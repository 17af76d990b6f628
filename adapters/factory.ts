import type { Config } from "../src/config.js";
import type { ChatAdapter } from "../src/core/adapter.js";
import type { AdapterPorts } from "../src/core/adapter-ports.js";
import type { HttpServer } from "../src/http/server.js";

/** What a platform adapter may use while it is built: settings, the HTTP server and the core's adapter ports. */
export interface AdapterContext {
  config: Config;
  http: HttpServer;
  ports: AdapterPorts;
}

/** Builds a platform's adapter when its settings are present; undefined otherwise. */
export type AdapterFactory = (ctx: AdapterContext) => ChatAdapter | undefined;
