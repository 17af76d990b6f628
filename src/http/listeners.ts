import type { Config } from "../config.js";
import type { Logger } from "../core/logger.js";
import type { Metrics } from "./metrics.js";
import { HttpServer, mountHealth, mountMetrics, PortInUseError } from "./server.js";

const EVERY_INTERFACE = "0.0.0.0";
const LOOPBACK = "127.0.0.1";

/**
 * The bot's two HTTP listeners. The public one (PORT) serves /healthz, /readyz and the
 * platforms' receivers on every interface, or on 127.0.0.1 alone when the only platform is the
 * console, which needs no one else to reach it. /metrics has its own listener (METRICS_PORT
 * on METRICS_HOST, 127.0.0.1 by default), so the load balancer's port never shows it.
 */
export class Listeners {
  readonly public: HttpServer;
  readonly metrics: HttpServer;

  constructor(
    private readonly config: Pick<Config, "PORT" | "METRICS_PORT" | "METRICS_HOST" | "METRICS_TOKEN">,
    metrics: Metrics,
    readinessChecks: Record<string, () => Promise<void>>,
  ) {
    this.public = new HttpServer({ port: config.PORT, portSetting: "PORT" });
    mountHealth(this.public, readinessChecks);
    this.metrics = new HttpServer({ port: config.METRICS_PORT, portSetting: "METRICS_PORT" });
    mountMetrics(this.metrics, metrics, config.METRICS_TOKEN);
  }

  /**
   * Opens both; returns the public port. The public port in use stops the start
   * (PortInUseError, one sentence), except in the console, which needs no HTTP: it says so and
   * goes on without (the port is then undefined). The metrics port in use never stops the bot:
   * it is most often another replica's on the same machine, and serving matters more.
   */
  async listen(consoleOnly: boolean, logger: Logger): Promise<number | undefined> {
    const port = await this.public.listen(consoleOnly ? LOOPBACK : EVERY_INTERFACE).catch((error: unknown) => {
      if (!(consoleOnly && error instanceof PortInUseError)) throw error;
      logger.warn(`Port ${error.port} is in use by another program, so the console runs without /healthz and /readyz; set PORT to a free port to have them.`);
      return undefined;
    });
    await this.metrics.listen(this.config.METRICS_HOST).catch((error: unknown) => {
      if (!(error instanceof PortInUseError)) throw error;
      logger.warn(`Port ${error.port} is in use by another program, so this process serves no /metrics; set METRICS_PORT to a free port to have them.`);
    });
    return port;
  }

  async close(): Promise<void> {
    await Promise.all([this.public.close(), this.metrics.close()]);
  }
}
