// Stage 6, the outbox: stage 5 with click events written with each redirect (links.js). Run
// relay.js beside it to send them on, and consumer.js to receive them.
import { serve } from "../1-run/http.js";
import { createPool } from "../2-data/db.js";
import { shortlinks } from "../3-auth/app.js";
import { limit, port, publicUrl } from "../3-auth/config.js";
import { slowClientLimits } from "../4-harden/slow-clients.js";
import { checkTarget } from "../4-harden/target-url.js";
import * as links from "./links.js";

const app = shortlinks({ pool: createPool(), links, checkTarget: (raw) => checkTarget(raw, publicUrl), publicUrl, limit });
serve(app, port, slowClientLimits);
