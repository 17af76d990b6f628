import { createRequire } from "node:module";
import { percent } from "./mastery.js";
import type { SkillMastery } from "./profile.js";

const WIDTH = 720;
const ROW = 44;
const LABEL = 250;
const PAD = 24;

// Loaded on the first chart, not at start: the native module costs a tenth of a second to load.
let canvasModule: typeof import("@napi-rs/canvas") | undefined;
function createCanvas(width: number, height: number) {
  canvasModule ??= createRequire(import.meta.url)("@napi-rs/canvas") as typeof import("@napi-rs/canvas");
  return canvasModule.createCanvas(width, height);
}

/** A horizontal bar chart of mastery per skill, rendered server-side to PNG. */
export function renderSkillChart(title: string, profile: SkillMastery[]): Uint8Array {
  const height = PAD * 3 + ROW * profile.length + 20;
  const canvas = createCanvas(WIDTH, height);
  const g = canvas.getContext("2d");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, WIDTH, height);
  g.fillStyle = "#1d1c1d";
  g.font = "bold 20px sans-serif";
  g.fillText(title.slice(0, 60), PAD, PAD + 8);
  const barWidth = WIDTH - LABEL - PAD * 2 - 50;
  profile.forEach((skill, i) => {
    const y = PAD * 2 + 10 + i * ROW;
    g.fillStyle = "#1d1c1d";
    g.font = "15px sans-serif";
    g.fillText(skill.title.slice(0, 32), PAD, y + 20);
    g.fillStyle = "#e8e8e8";
    g.fillRect(LABEL, y + 4, barWidth, 24);
    if (skill.mastery !== undefined) {
      g.fillStyle = skill.mastery >= 0.8 ? "#2eb67d" : skill.mastery >= 0.5 ? "#ecb22e" : "#e01e5a";
      g.fillRect(LABEL, y + 4, Math.round(barWidth * skill.mastery), 24);
    }
    g.fillStyle = "#1d1c1d";
    g.fillText(skill.mastery === undefined ? "–" : percent(skill.mastery), LABEL + barWidth + 8, y + 22);
  });
  return new Uint8Array(canvas.toBuffer("image/png"));
}
