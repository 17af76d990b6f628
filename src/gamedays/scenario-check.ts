import type { Scenario, ScenarioFile, Step } from "./scenario-schema.js";

/**
 * The story's shape: every branch names a step, every step is reachable from the start, every
 * reachable step can still reach an ending (a loop must have an exit), and following the best
 * choices resolves the incident. Returns one sentence per problem, naming the step and field.
 */
export function checkScenario(file: ScenarioFile, lessonIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const byId = new Map<string, Step>();
  for (const step of file.steps) {
    if (byId.has(step.id)) problems.push(`steps: "${step.id}" appears twice`);
    byId.set(step.id, step);
  }
  if (!byId.has(file.start)) problems.push(`start: unknown step "${file.start}"`);
  for (const lesson of file.lessons) if (!lessonIds.has(lesson)) problems.push(`lessons: unknown lesson "${lesson}"`);
  const endings = file.steps.filter((s) => s.ending);
  if (endings.length === 0) problems.push("steps: no ending (a step with `ending:`), so the game could never finish");
  else if (!endings.some((s) => s.ending?.outcome === "resolved")) problems.push('steps: no ending with outcome "resolved"');
  for (const step of file.steps) problems.push(...checkStep(step, byId));
  if (!byId.has(file.start) || problems.some((p) => p.includes("unknown step"))) return problems;

  const reachable = walk([file.start], (id) => nextIds(byId.get(id)));
  for (const step of file.steps) if (!reachable.has(step.id)) problems.push(`steps.${step.id}: unreachable from the start "${file.start}"`);
  const canEnd = walk(
    endings.map((s) => s.id),
    (id) => file.steps.filter((s) => nextIds(s).includes(id)).map((s) => s.id),
  );
  for (const id of reachable) {
    if (!canEnd.has(id)) problems.push(`steps.${id}: no ending can be reached from here (a loop without an exit)`);
  }
  const best = bestPathProblem(file, byId);
  if (best) problems.push(best);
  return problems;
}

function checkStep(step: Step, byId: Map<string, Step>): string[] {
  const problems: string[] = [];
  const where = `steps.${step.id}`;
  if (step.ending && step.facts.length > 0) problems.push(`${where}.facts: an ending reveals nothing more (put the facts in its text)`);
  const decision = step.decision;
  if (!decision) return problems;
  const optionIds = new Set<string>();
  for (const option of decision.options) {
    if (optionIds.has(option.id)) problems.push(`${where}.options: "${option.id}" appears twice`);
    optionIds.add(option.id);
    if (!byId.has(option.next)) problems.push(`${where}.options.${option.id}.next: unknown step "${option.next}"`);
    if (option.next === step.id) problems.push(`${where}.options.${option.id}.next: leads back to the same step`);
  }
  if (!optionIds.has(decision.no_vote)) problems.push(`${where}.decision.no_vote: unknown option "${decision.no_vote}"`);
  if (!decision.options.some((o) => o.rating === "best")) problems.push(`${where}.decision: no option rated "best"`);
  step.facts.forEach((fact, i) => {
    if (fact.after_seconds >= decision.vote_seconds) {
      problems.push(`${where}.facts[${i}].after_seconds: ${fact.after_seconds} is not before the vote closes (${decision.vote_seconds})`);
    }
  });
  return problems;
}

function nextIds(step: Step | undefined): string[] {
  return step?.decision?.options.map((o) => o.next) ?? [];
}

function walk(from: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>(from);
  const queue = [...from];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const n of next(id)) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

/** Choosing a best option at every step must end the incident as resolved, without going round. */
function bestPathProblem(file: ScenarioFile, byId: Map<string, Step>): string | undefined {
  const visited = new Set<string>();
  let step = byId.get(file.start);
  while (step?.decision) {
    if (visited.has(step.id)) return `steps.${step.id}: the best choices go round in a loop`;
    visited.add(step.id);
    const best = step.decision.options.find((o) => o.rating === "best");
    step = best ? byId.get(best.next) : undefined;
  }
  if (step?.ending?.outcome !== "resolved") return `start: the best choices end at "${step?.id}", which is not "resolved"`;
  return undefined;
}

/** The path of best choices from the start: the postmortem's better path. */
export function bestPath(scenario: Scenario): Step[] {
  const path: Step[] = [];
  let step = scenario.stepById.get(scenario.start);
  while (step && !path.includes(step)) {
    path.push(step);
    const best = step.decision?.options.find((o) => o.rating === "best");
    step = best ? scenario.stepById.get(best.next) : undefined;
  }
  return path;
}
