import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { parseFile } from "../lessons/curriculum-loader.js";
import { checkScenario } from "./scenario-check.js";
import { type Scenario, scenarioFileSchema } from "./scenario-schema.js";

export const GAMEDAY_DIR = "gamedays";

/**
 * Reads `curriculum/gamedays/*.yaml` and checks each file (schema, then the story's shape and its
 * lesson ids). A file with problems is left out of the catalog; its problems name file and field.
 */
export function loadScenarios(root: string, lessonIds: ReadonlySet<string>): { scenarios: Scenario[]; problems: string[] } {
  const dir = path.join(root, GAMEDAY_DIR);
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  if (!existsSync(dir)) return { scenarios, problems };
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  for (const name of files) {
    const file = path.join(dir, name);
    const parsed = parseFile(file, scenarioFileSchema, problems, rel);
    if (!parsed) continue;
    const found = checkScenario(parsed, lessonIds);
    if (parsed.id !== name.slice(0, -".yaml".length)) found.unshift(`id: "${parsed.id}" but the file is ${name} (a scenario has its id as file name)`);
    if (found.length > 0) {
      problems.push(...found.map((p) => `${rel(file)}: ${p}`));
      continue;
    }
    scenarios.push({ ...parsed, file: rel(file), stepById: new Map(parsed.steps.map((s) => [s.id, s])) });
  }
  return { scenarios, problems };
}

/** The scenarios a running bot offers, by id. */
export class ScenarioCatalog {
  private readonly byId: Map<string, Scenario>;

  constructor(readonly scenarios: Scenario[]) {
    this.byId = new Map(scenarios.map((s) => [s.id, s]));
  }

  get(id: string): Scenario | undefined {
    return this.byId.get(id);
  }
}
