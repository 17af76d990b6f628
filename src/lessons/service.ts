import type { JobPort } from "../../jobs/queues.js";
import type { Db } from "../db/connection.js";
import { LessonCatalog } from "./catalog.js";
import type { Skill } from "./curriculum-schema.js";
import { syncCurriculumFolder } from "./folder-sync.js";
import { PersonalLessons } from "./personal.js";
import { LessonPosts } from "./posts.js";
import { LessonProgress } from "./progress.js";
import { SubscriptionService } from "./subscriptions.js";
import type { SyncReport } from "./sync.js";

export const DEFAULT_TRACK = "backend";

/** A start's sync: what changed, and whether the folder was read at all (it differed from the last sync). */
export interface FolderSyncReport extends SyncReport {
  parsed: boolean;
}

/** The lessons domain: catalog, channel subscriptions, posts, personal pace and progress. */
export class LessonService {
  readonly catalog = new LessonCatalog();
  readonly subscriptions: SubscriptionService;
  readonly posts: LessonPosts;
  readonly personal: PersonalLessons;
  readonly progress: LessonProgress;
  /** The curriculum's skills, in the order skills.yaml lists them. */
  skills: Skill[] = [];

  /** `now`: the app's clock, for the date a change of lesson days takes effect. */
  constructor(
    private readonly db: Db,
    jobs: JobPort,
    now: () => Date,
  ) {
    this.subscriptions = new SubscriptionService(db, jobs, now);
    this.posts = new LessonPosts(db, this.catalog);
    this.personal = new PersonalLessons(db, jobs, now);
    this.progress = new LessonProgress(db, this.catalog);
  }

  /** Checks the curriculum folder, syncs it into the database, loads the catalog. Throws on a bad file before writing anything. */
  async syncFrom(curriculumDir: string): Promise<FolderSyncReport> {
    const sync = await syncCurriculumFolder(this.db, curriculumDir);
    await this.catalog.load(this.db);
    this.skills = sync.skills;
    if (sync.parsed) return { ...sync.report, parsed: true };
    return { added: 0, updated: 0, unchanged: this.catalog.size(), retired: 0, questions: sync.questions, parsed: false };
  }

  /** Every lesson id of the synced curriculum (practice labs link to them). */
  lessonIds(): Set<string> {
    return new Set(this.catalog.tracks().flatMap((track) => this.catalog.track(track).map((lesson) => lesson.id)));
  }

  /** The track a workspace follows: the built-in one, or the first a team provides. */
  defaultTrack(): string {
    const tracks = this.catalog.tracks();
    return tracks.includes(DEFAULT_TRACK) ? DEFAULT_TRACK : (tracks[0] ?? DEFAULT_TRACK);
  }
}
