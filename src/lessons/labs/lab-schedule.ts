import type { Lab } from "./lab-schema.js";

/**
 * Runs labs `jobs` at a time, in order; an exclusive lab (one that loads every CPU or measures
 * timings) runs with nothing beside it, after the others. Calls `onDone` as each lab finishes.
 */
export function runScheduled<T>(labs: Lab[], jobs: number, run: (lab: Lab) => Promise<T>, onDone: (result: T) => void): Promise<T[]> {
  const queue = [...labs.filter((l) => !l.exclusive), ...labs.filter((l) => l.exclusive)];
  const results: T[] = [];
  let running = 0;
  let exclusiveRunning = false;
  return new Promise((resolve, reject) => {
    const pump = () => {
      if (queue.length === 0 && running === 0) resolve(results);
      while (queue.length > 0 && !exclusiveRunning) {
        const next = queue[0] as Lab;
        if (next.exclusive ? running > 0 : running >= Math.max(1, jobs)) return;
        queue.shift();
        running++;
        exclusiveRunning = next.exclusive;
        run(next).then((result) => {
          results.push(result);
          onDone(result);
          running--;
          exclusiveRunning = false;
          pump();
        }, reject);
      }
    };
    pump();
  });
}
