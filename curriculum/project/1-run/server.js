// Stage 1, run it: create a short link, follow it, and a health check. Links live in memory and
// are gone when the process stops; stage 2 keeps them in PostgreSQL.
import { CODE_PATTERN, newCode } from "./codes.js";
import { HttpError, readJson, redirect, sendJson, serve } from "./http.js";

const port = Number(process.env.PORT ?? 3000);
// Short links are built from configuration, never from the request's Host header, which the caller controls.
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;

/** @type {Map<string, string>} code -> target URL */
const links = new Map();

serve(async (req, res, url) => {
  if (req.method === "GET" && url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });

  if (req.method === "POST" && url.pathname === "/links") {
    const body = /** @type {{ url?: unknown } | null} */ (await readJson(req));
    const target = body?.url;
    if (typeof target !== "string" || !/^https?:\/\//.test(target)) throw new HttpError(400, "url: give an http:// or https:// address");
    let code = newCode();
    while (links.has(code)) code = newCode();
    links.set(code, target);
    return sendJson(res, 201, { code, short_url: `${publicUrl}/${code}`, url: target });
  }

  const code = url.pathname.slice(1);
  if (req.method === "GET" && CODE_PATTERN.test(code)) {
    const target = links.get(code);
    if (target === undefined) throw new HttpError(404, "no such link");
    return redirect(res, target);
  }

  throw new HttpError(404, "not found");
}, port);
