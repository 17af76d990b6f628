// Stage 2, model the data: the links live in PostgreSQL (run `node migrate.js 2-data` first).
import { CODE_PATTERN } from "../1-run/codes.js";
import { HttpError, readJson, redirect, sendJson, serve } from "../1-run/http.js";
import { createPool } from "./db.js";
import { createLink, followLink, linkStats } from "./links.js";

const port = Number(process.env.PORT ?? 3000);
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
const pool = createPool();

serve(async (req, res, url) => {
  if (req.method === "GET" && url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });

  if (req.method === "POST" && url.pathname === "/links") {
    const body = /** @type {{ url?: unknown } | null} */ (await readJson(req));
    const target = body?.url;
    if (typeof target !== "string" || !/^https?:\/\//.test(target) || target.length > 2048) {
      throw new HttpError(400, "url: give an http:// or https:// address of at most 2048 characters");
    }
    const code = await createLink(pool, target);
    return sendJson(res, 201, { code, short_url: `${publicUrl}/${code}`, url: target }, { location: `/links/${code}` });
  }

  const stats = /^\/links\/([^/]+)$/.exec(url.pathname);
  if (req.method === "GET" && stats) {
    const found = CODE_PATTERN.test(stats[1] ?? "") ? await linkStats(pool, stats[1] ?? "") : undefined;
    if (!found) throw new HttpError(404, "no such link");
    return sendJson(res, 200, found);
  }

  const code = url.pathname.slice(1);
  if (req.method === "GET" && CODE_PATTERN.test(code)) {
    const target = await followLink(pool, code);
    if (target === undefined) throw new HttpError(404, "no such link");
    return redirect(res, target);
  }

  throw new HttpError(404, "not found");
}, port);
