import { and, desc, eq } from "drizzle-orm";
import { lessonPosts, lessons } from "../../../drizzle/schema/index.js";
import { readerTime } from "../../core/text.js";
import { html } from "../html.js";
import type { Page } from "../page-context.js";
import { visiblePeople } from "./people.js";

const RECENT_POSTS = 20;

/** Progress per module and person with streaks (those the viewer may see), and the recent posts. */
export const lessonsPage: Page = {
  path: "/lessons",
  title: "Lessons",
  async render(ctx) {
    const { services, workspace } = ctx;
    const track = services.lessons.defaultTrack();
    const now = services.now();
    const people = await visiblePeople(ctx);
    const progress = await Promise.all(
      people.map(async (p) => ({ person: p, progress: await services.lessons.progress.progress(workspace.id, p.id, track, workspace.timezone, now) })),
    );
    const modules = progress[0]?.progress.modules ?? [];
    const table = html`<table id="progress"><tr><th>person</th><th>done</th><th>streak</th><th>longest</th>${modules.map((m) => html`<th>${m.title}</th>`)}</tr>
      ${progress.map(
        ({ person, progress: p }) =>
          html`<tr><td>${person.displayName}</td><td>${p.done} of ${p.total}</td><td>${p.streaks.current}</td><td>${p.streaks.longest}</td>${p.modules.map((m) => html`<td>${m.done}/${m.total}</td>`)}</tr>`,
      )}</table>`;
    const posts = await services.db
      .select({ channel: lessonPosts.channel, date: lessonPosts.localDate, postedAt: lessonPosts.postedAt, title: lessons.title })
      .from(lessonPosts)
      .innerJoin(lessons, eq(lessons.id, lessonPosts.lessonId))
      .where(and(eq(lessonPosts.workspaceId, workspace.id)))
      .orderBy(desc(lessonPosts.localDate))
      .limit(RECENT_POSTS);
    const adapter = services.adapters.named(workspace.platform);
    const where = async (channel: string) => (await adapter?.describeTarget?.(channel).catch(() => undefined)) ?? channel;
    const postRows = await Promise.all(
      posts.map(
        async (p) =>
          html`<tr><td>${p.date}</td><td>${await where(p.channel)}</td><td>${p.title}</td><td>${p.postedAt ? readerTime(p.postedAt, "dateTime", ctx.timezone) : "not sent yet"}</td></tr>`,
      ),
    );
    return html`<section class="card"><h2>Progress per module</h2>${table}</section>
      <section class="card"><h2>Posted where</h2>${posts.length === 0 ? html`<p>No lesson has been posted to a channel yet.</p>` : html`<table id="posts"><tr><th>date</th><th>where</th><th>lesson</th><th>sent (your time)</th></tr>${postRows}</table>`}</section>`;
  },
};
