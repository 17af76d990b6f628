import type { IncomingMessage, ServerResponse } from "node:http";
import { type App, type Logger as BoltLogger, HTTPModuleFunctions, HTTPResponseAck, type Receiver } from "@slack/bolt";
import type { Logger } from "../../src/core/logger.js";
import { answeredAfterHandling } from "./redelivery.js";
import { slackRequestGuard } from "./request-guard.js";

/** Slack waits 3 s for an answer; Bolt's HTTPReceiver warns one millisecond later about a listener that never acked. */
const UNACKED_AFTER_MS = 3_001;

/**
 * Bolt's receiver for /slack/events on the app's own HTTP server. It does what Bolt's
 * HTTPReceiver does with an event (ssl_check and url_verification answers, an HTTPResponseAck,
 * App.processEvent, a 401 for a team without an installation, 500 for a crash before the ack;
 * events redelivery.ts names are answered once handled, 500 if that failed), but takes
 * each request from slackRequestGuard, which has already checked its signature and
 * parsed its body: HTTPReceiver would read and parse every body a second time.
 */
export class SlackEventsReceiver implements Receiver {
  private app: App | undefined;
  private readonly admit: ReturnType<typeof slackRequestGuard>;

  constructor(
    signingSecret: string,
    private readonly logger: Logger,
    private readonly boltLogger: BoltLogger,
  ) {
    this.admit = slackRequestGuard(signingSecret, logger);
  }

  init(app: App): void {
    this.app = app;
  }

  /** The adapter mounts `listener` on the app's HTTP server, which starts and stops with the process. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    this.receive(req, res).catch((error: unknown) => {
      this.logger.error({ err: error }, "could not answer a Slack request");
      if (!res.headersSent) res.writeHead(500).end();
    });
  };

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const admitted = await this.admit(req, res);
    if (!admitted) return;
    const { request, body } = admitted;
    if (body === undefined || body.ssl_check === "1") return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (body.type === "url_verification") return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
    const ack = new HTTPResponseAck({
      logger: this.boltLogger,
      processBeforeResponse: answeredAfterHandling(body),
      unhandledRequestHandler: HTTPModuleFunctions.defaultUnhandledRequestHandler,
      unhandledRequestTimeoutMillis: UNACKED_AFTER_MS,
      httpRequest: request,
      httpRequestBody: body,
      httpResponse: res,
    });
    try {
      await this.app?.processEvent({
        body,
        ack: ack.bind(),
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
        customProperties: {},
      });
      // Set only when the answer waited for the handling (processBeforeResponse).
      if (ack.storedResponse !== undefined) HTTPModuleFunctions.buildContentResponse(res, ack.storedResponse);
    } catch (error) {
      const answered = await HTTPModuleFunctions.defaultProcessEventErrorHandler({
        error: error as Error,
        logger: this.boltLogger,
        request: req,
        response: res,
        storedResponse: ack.storedResponse,
      });
      if (answered) ack.ack();
    }
  }
}
