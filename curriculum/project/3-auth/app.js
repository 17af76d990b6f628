// Stage 3: the API behind keys and a rate limit. The link queries and the target check are
// passed in, so later stages change them without copying the routes.
import { CODE_PATTERN } from "../1-run/codes.js";
import { HttpError, readJson, redirect, sendJson } from "../1-run/http.js";
import { authenticate } from "./keys.js";
import { spendToken } from "./rate-limit.js";

/**
 * @typedef {object} Links the link queries of a stage
 * @property {(pool: import("pg").Pool, accountId: string, target: string) => Promise<string>} createLink
 * @property {(pool: import("pg").Pool, code: string) => Promise<string | undefined>} followLink
 * @property {(pool: import("pg").Pool, accountId: string, code: string) => Promise<object | undefined>} linkStats
 * @property {(pool: import("pg").Pool, accountId: string, before?: string) => Promise<object>} listLinks
 */

/**
 * @param {object} deps
 * @param {import("pg").Pool} deps.pool
 * @param {Links} deps.links
 * @param {(raw: unknown) => Promise<string>} deps.checkTarget the target URL to store, or an HttpError
 * @param {string} deps.publicUrl
 * @param {{ burst: number, perSecond: number }} deps.limit
 * @returns {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, url: URL) => Promise<void>}
 */
export function shortlinks({ pool, links, checkTarget, publicUrl, limit }) {
  /** @param {import("node:http").IncomingMessage} req */
  const caller = async (req) => {
    const { keyId, accountId } = await authenticate(pool, req);
    await spendToken(pool, keyId, limit);
    return accountId;
  };

  return async (req, res, url) => {
    if (req.method === "GET" && url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });

    if (req.method === "POST" && url.pathname === "/links") {
      const accountId = await caller(req);
      const body = /** @type {{ url?: unknown } | null} */ (await readJson(req));
      const target = await checkTarget(body?.url);
      const code = await links.createLink(pool, accountId, target);
      return sendJson(res, 201, { code, short_url: `${publicUrl}/${code}`, url: target }, { location: `/links/${code}` });
    }

    if (req.method === "GET" && url.pathname === "/links") {
      const accountId = await caller(req);
      const before = url.searchParams.get("before") ?? undefined;
      if (before !== undefined && !/^\d{1,18}$/.test(before)) throw new HttpError(400, "before: give the `next` value of the previous page");
      return sendJson(res, 200, await links.listLinks(pool, accountId, before));
    }

    const stats = /^\/links\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && stats) {
      const accountId = await caller(req);
      const code = stats[1] ?? "";
      const found = CODE_PATTERN.test(code) ? await links.linkStats(pool, accountId, code) : undefined;
      if (!found) throw new HttpError(404, "no such link");
      return sendJson(res, 200, found);
    }

    const code = url.pathname.slice(1);
    if (req.method === "GET" && CODE_PATTERN.test(code)) {
      const target = await links.followLink(pool, code);
      if (target === undefined) throw new HttpError(404, "no such link");
      return redirect(res, target);
    }

    throw new HttpError(404, "not found");
  };
}
