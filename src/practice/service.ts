import type { Logger } from "../core/logger.js";
import type { Db } from "../db/connection.js";
import { loadPracticeLabs, type PracticeLab } from "./lab-files.js";
import { PracticeStore } from "./store.js";

/** The practice labs of the curriculum and where their submissions are kept. */
export class PracticeService {
  readonly store: PracticeStore;
  private source: () => PracticeLab[] = () => [];
  private loaded: PracticeLab[] | undefined;

  constructor(db: Db) {
    this.store = new PracticeStore(db);
  }

  /**
   * Where the labs come from: `curriculum/practice/`, read when a lab is first asked for rather
   * than at every start. A broken lab file is left out and logged rather than stopping the bot:
   * `npm run curriculum:check` refuses it before it ships.
   */
  load(curriculumDir: string, lessonIds: () => ReadonlySet<string>, logger: Logger): void {
    this.loaded = undefined;
    this.source = () => {
      const { labs, problems } = loadPracticeLabs(curriculumDir, lessonIds());
      for (const problem of problems) logger.warn({ problem }, "practice lab left out");
      return labs;
    };
  }

  private get labs(): PracticeLab[] {
    this.loaded ??= this.source();
    return this.loaded;
  }

  all(): readonly PracticeLab[] {
    return this.labs;
  }

  get(id: string): PracticeLab | undefined {
    return this.labs.find((lab) => lab.id === id);
  }
}
