import type { TestProject } from "vitest/node";
import { buildForProcesses } from "../helpers/processes.js";

/** Vitest global setup: bundles what the tests start as processes, once per run and again before each rerun in watch mode. */
export default async function setup(project: TestProject): Promise<void> {
  await buildForProcesses();
  project.onTestsRerun(buildForProcesses);
}
