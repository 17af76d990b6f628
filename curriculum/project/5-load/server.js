// Stage 5, profile and load-test it: stage 4 with clicks as rows (links.js), found and measured
// with load.js. See the README for the numbers before and after.
import { serve } from "../1-run/http.js";
import { createPool } from "../2-data/db.js";
import { shortlinks } from "../3-auth/app.js";
import { limit, port, publicUrl } from "../3-auth/config.js";
import { slowClientLimits } from "../4-harden/slow-clients.js";
import { checkTarget } from "../4-harden/target-url.js";
import * as links from "./links.js";

const app = shortlinks({ pool: createPool(), links, checkTarget: (raw) => checkTarget(raw, publicUrl), publicUrl, limit });
serve(app, port, slowClientLimits);
