import type { IncomingMessage, ServerResponse } from "node:http";
import { parse } from "node:querystring";
import { type BufferedIncomingMessage, defaultBodyLimit, HTTPModuleFunctions, isRawBodyError, verifySlackRequest } from "@slack/bolt";
import type { Logger } from "../../src/core/logger.js";
import { judgeSlackBody } from "./request-shapes.js";

/** Slack signs the time of each request; a request more than this far from our clock, either way, is refused. */
export const SIGNATURE_WINDOW_S = 5 * 60;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Stands in front of Bolt's HTTPReceiver on /slack/events: reads the body once (Bolt reuses it),
 * refuses a bad or missing signature and a timestamp outside ±5 minutes (Bolt refuses only old
 * ones) with 401, and a signed body in no shape Slack sends with 400, at once. Whatever passes
 * goes to Bolt, which answers it as before.
 */
export function guardSlackRequests(signingSecret: string, logger: Logger, bolt: Listener, now: () => number = Date.now): Listener {
  return (req, res) => {
    if (req.method !== "POST") return bolt(req, res);
    void admit(req, res).then(
      (admitted) => {
        if (admitted) bolt(admitted, res);
      },
      (error: unknown) => {
        logger.warn({ err: error }, "could not read a Slack request");
        answer(res, 400);
      },
    );
  };

  async function admit(req: IncomingMessage, res: ServerResponse): Promise<BufferedIncomingMessage | undefined> {
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit);
    } catch (error) {
      const tooLarge = isRawBodyError(error) && (error as { statusCode: number }).statusCode === 413;
      logger.warn(tooLarge ? "refused a Slack request over the body limit" : "could not read a Slack request body");
      return answer(res, tooLarge ? 413 : 400);
    }
    const raw = buffered.rawBody.toString();
    if (isSslCheck(req, raw)) return buffered;
    const unsigned = signatureProblem(req, raw);
    if (unsigned) {
      logger.warn({ reason: unsigned }, "refused a Slack request: not signed by Slack");
      return answer(res, 401);
    }
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch {
      logger.warn("refused a signed Slack request: the body does not parse");
      return answer(res, 400);
    }
    const verdict = judgeSlackBody(body);
    if (verdict.kind === "refuse") {
      logger.warn({ reason: verdict.reason }, "refused a signed Slack request in no shape Slack sends");
      return answer(res, 400);
    }
    if (verdict.kind === "rate-limited") {
      logger.warn("Slack is holding back event deliveries to this app (app_rate_limited): over 30,000 events an hour in a workspace");
      return answer(res, 200);
    }
    return buffered;
  }

  /** Why the request is not Slack's, or undefined when the signature holds and the time is within the window. */
  function signatureProblem(req: IncomingMessage, raw: string): string | undefined {
    const signature = req.headers["x-slack-signature"];
    const stamp = req.headers["x-slack-request-timestamp"];
    if (typeof signature !== "string" || typeof stamp !== "string") return "signature headers missing";
    const timestamp = Number(stamp);
    if (!Number.isInteger(timestamp)) return "timestamp is not a number";
    if (Math.abs(now() / 1000 - timestamp) > SIGNATURE_WINDOW_S) return "timestamp more than 5 minutes from now";
    try {
      verifySlackRequest({ signingSecret, body: raw, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp } });
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}

/**
 * Slack's certificate check (form `ssl_check=1`) is unsigned; Bolt answers it and drops anything
 * sent along. Read as Bolt reads it (same content type test, same parser), so the two agree.
 */
function isSslCheck(req: IncomingMessage, raw: string): boolean {
  // Parsing every body to find out would cost each click a third parse of its payload.
  if (!raw.includes("ssl_check")) return false;
  return req.headers["content-type"] === "application/x-www-form-urlencoded" && parse(raw).ssl_check === "1";
}

function answer(res: ServerResponse, status: number): undefined {
  res.writeHead(status).end();
  return undefined;
}
