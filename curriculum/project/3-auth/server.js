// Stage 3, auth and rate limits: every call but the redirect needs an API key, and each key has
// a rate limit (run `node migrate.js 3-auth`, then `node 3-auth/create-key.js NAME` for a key).
import { HttpError, serve } from "../1-run/http.js";
import { createPool } from "../2-data/db.js";
import { shortlinks } from "./app.js";
import { limit, port, publicUrl } from "./config.js";
import * as links from "./links.js";

/** @param {unknown} raw */
async function checkTarget(raw) {
  if (typeof raw !== "string" || !/^https?:\/\//.test(raw) || raw.length > 2048) {
    throw new HttpError(400, "url: give an http:// or https:// address of at most 2048 characters");
  }
  return raw;
}

serve(shortlinks({ pool: createPool(), links, checkTarget, publicUrl, limit }), port);
