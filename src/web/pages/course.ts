import { loadCurriculum } from "../../lessons/curriculum-loader.js";
import { loadLabs } from "../../lessons/labs/lab-files.js";
import { courseShape, MIN_LESSONS_PER_SKILL } from "../../lessons/quality/course-shape.js";
import { bankStats } from "../../lessons/quality/stats.js";
import { html } from "../html.js";
import type { Page } from "../page-context.js";

const figures = new Map<string, { stats: ReturnType<typeof bankStats>; shape: ReturnType<typeof courseShape>; labs: unknown[] }>();

/** Read from the course folder once per process: the files change only with a deploy (and a restart). */
function courseFigures(dir: string) {
  let known = figures.get(dir);
  if (!known) {
    const curriculum = loadCurriculum(dir);
    const { labs } = loadLabs(
      dir,
      curriculum.tracks.flatMap((t) => t.lessons),
    );
    known = { stats: bankStats(curriculum, labs), shape: courseShape(curriculum), labs };
    figures.set(dir, known);
  }
  return known;
}

/** The course as `npm run curriculum:stats` reads it: per module and per skill, and every lesson. */
export const coursePage: Page = {
  path: "/course",
  title: "Course",
  async render(ctx) {
    const { stats, shape, labs } = courseFigures(ctx.services.config.CURRICULUM_DIR);
    const catalog = ctx.services.lessons.catalog.track(ctx.services.lessons.defaultTrack());
    const modules = html`<table><tr><th>module</th><th>lessons</th><th>questions</th><th>labs</th></tr>
      ${stats.modules.map((m) => html`<tr><td>${m.name}</td><td>${m.lessons}</td><td>${m.questions}</td><td>${m.labs}</td></tr>`)}</table>`;
    const coverage = html`<table><tr><th>skill</th><th>lessons</th><th>questions</th><th></th></tr>
      ${shape.skills.map((s) => html`<tr><td>${s.skill}</td><td>${s.lessons}</td><td>${s.questions}</td><td>${s.belowMinimum ? `below ${MIN_LESSONS_PER_SKILL} lessons` : ""}</td></tr>`)}</table>`;
    const lessons = html`<table><tr><th>#</th><th>module</th><th>lesson</th><th>minutes</th><th>questions</th></tr>
      ${catalog.map((l) => html`<tr><td>${l.position}</td><td>${l.moduleTitle}</td><td>${l.title} <span class="context">${l.id}</span></td><td>${l.minutes}</td><td>${l.questionIds.length}</td></tr>`)}</table>`;
    return html`<p>${shape.lessons} lessons in ${shape.modules} modules, ${stats.questions} questions, ${labs.length} labs.</p>
      <section class="card"><h2>Per module</h2>${modules}</section>
      <section class="card"><h2>Coverage per skill</h2>${coverage}</section>
      <section class="card"><h2>Lessons</h2>${lessons}</section>`;
  },
};
