// Stage 4, threat model and hardening: stage 3's API with a strict target check (target-url.js)
// and time limits for slow clients. THREATS.md is the STRIDE table behind these choices.
import { serve } from "../1-run/http.js";
import { createPool } from "../2-data/db.js";
import { shortlinks } from "../3-auth/app.js";
import { limit, port, publicUrl } from "../3-auth/config.js";
import * as links from "../3-auth/links.js";
import { slowClientLimits } from "./slow-clients.js";
import { checkTarget } from "./target-url.js";

const app = shortlinks({ pool: createPool(), links, checkTarget: (raw) => checkTarget(raw, publicUrl), publicUrl, limit });
serve(app, port, slowClientLimits);
