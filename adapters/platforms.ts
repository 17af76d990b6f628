import { discordFactory } from "./discord/factory.js";
import type { AdapterFactory } from "./factory.js";
import { slackFactory } from "./slack/factory.js";

/** The chat platforms this build knows. With none configured, main falls back to the console. */
export const PLATFORM_FACTORIES: AdapterFactory[] = [slackFactory, discordFactory];
