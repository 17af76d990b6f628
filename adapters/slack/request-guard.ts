import type { IncomingMessage, ServerResponse } from "node:http";
import { parse } from "node:querystring";
import { type BufferedIncomingMessage, defaultBodyLimit, HTTPModuleFunctions, isRawBodyError } from "@slack/bolt";
import type { Logger } from "../../src/core/logger.js";
import { judgeSlackBody } from "./request-shapes.js";
import { slackSignatureProblem } from "./signature.js";

/** A request that passed the guard: its buffered message and its body, parsed once. */
export interface AdmittedRequest {
  request: BufferedIncomingMessage;
  /** Undefined for Slack's unsigned certificate check (`ssl_check=1`), which carries nothing to read. */
  body: Record<string, unknown> | undefined;
}

/**
 * Reads a POST to /slack/events once and refuses, at once, a bad or missing signature or a
 * timestamp outside ±5 minutes (Bolt refuses only old ones) with 401, and a signed body in no
 * shape Slack sends with 400. Answers the request itself when it refuses it (and then resolves
 * to undefined); otherwise the caller answers.
 */
export function slackRequestGuard(signingSecret: string, logger: Logger, now: () => number = Date.now) {
  return async function admit(req: IncomingMessage, res: ServerResponse): Promise<AdmittedRequest | undefined> {
    let request: BufferedIncomingMessage;
    try {
      request = await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit);
    } catch (error) {
      const tooLarge = isRawBodyError(error) && (error as { statusCode: number }).statusCode === 413;
      logger.warn(tooLarge ? "refused a Slack request over the body limit" : "could not read a Slack request body");
      return answer(res, tooLarge ? 413 : 400);
    }
    if (isSslCheck(req, request.rawBody)) return { request, body: undefined };
    const unsigned = slackSignatureProblem(signingSecret, req.headers, request.rawBody, now());
    if (unsigned) {
      logger.warn({ reason: unsigned }, "refused a Slack request: not signed by Slack");
      return answer(res, 401);
    }
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(request);
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
    // judgeSlackBody forwards objects only.
    return { request, body: body as Record<string, unknown> };
  };
}

/**
 * Slack's certificate check (form `ssl_check=1`) is unsigned and is answered 200 with nothing
 * else read. Read as Bolt reads it (same content type test, same parser).
 */
function isSslCheck(req: IncomingMessage, raw: Buffer): boolean {
  // Parsing every body to find out would cost each click a second parse of its payload.
  if (!raw.includes("ssl_check")) return false;
  return req.headers["content-type"] === "application/x-www-form-urlencoded" && parse(raw.toString()).ssl_check === "1";
}

function answer(res: ServerResponse, status: number): undefined {
  res.writeHead(status).end();
  return undefined;
}
