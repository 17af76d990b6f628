import { counted } from "../../core/text.js";
import { lines, plainNumber } from "./clean.js";
import { fail, type OutputParser } from "./types.js";

export interface PlanNode {
  /** "Parallel Seq Scan on orders", as the plan names it. */
  label: string;
  depth: number;
  plannedRows: number;
  actualRows?: number;
  loops?: number;
  rowsRemovedByFilter?: number;
  sortSpillKb?: number;
  sharedRead: number;
  sharedHit: number;
}

export interface ExplainPlan {
  nodes: PlanNode[];
  executionMs?: number;
  planningMs?: number;
  hasBuffers: boolean;
}

const NODE =
  /^(\s*)(?:->\s+)?(.+?)\s+\(cost=[\d.]+\.\.[\d.]+ rows=(\d+) width=\d+\)(?:\s+\((?:actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)|(never executed))\))?\s*$/;

/** PostgreSQL's text-format plan, as psql prints it (the "QUERY PLAN" frame is optional). */
export function parseExplain(text: string): ReturnType<OutputParser<ExplainPlan>["parse"]> {
  const plan: ExplainPlan = { nodes: [], hasBuffers: false };
  let current: PlanNode | undefined;
  for (const line of lines(text)) {
    const node = NODE.exec(line);
    if (node) {
      current = {
        label: (node[2] ?? "").trim(),
        depth: (node[1] ?? "").length,
        plannedRows: Number(node[3]),
        actualRows: node[4] !== undefined ? Number(node[4]) : node[6] ? 0 : undefined,
        loops: node[5] !== undefined ? Number(node[5]) : node[6] ? 0 : undefined,
        sharedRead: 0,
        sharedHit: 0,
      };
      plan.nodes.push(current);
      continue;
    }
    const detail = line.trim();
    const time = /^(Planning|Execution) Time: ([\d.]+) ms$/.exec(detail);
    if (time) {
      if (time[1] === "Execution") plan.executionMs = Number(time[2]);
      else plan.planningMs = Number(time[2]);
      current = undefined;
      continue;
    }
    if (detail === "Planning:") current = undefined;
    if (!current) continue;
    const removed = /^Rows Removed by Filter: (\d+)$/.exec(detail);
    if (removed) current.rowsRemovedByFilter = Number(removed[1]);
    const spill = /Sort Method: external (?:merge|sort)\s+Disk: (\d+)kB/.exec(detail);
    if (spill) current.sortSpillKb = Math.max(current.sortSpillKb ?? 0, Number(spill[1]));
    const buffers = /^Buffers: shared(.*)$/.exec(detail);
    if (buffers) {
      plan.hasBuffers = true;
      current.sharedHit = plainNumber(/hit=(\d+)/.exec(buffers[1] ?? "")?.[1]) ?? 0;
      current.sharedRead = plainNumber(/read=(\d+)/.exec(buffers[1] ?? "")?.[1]) ?? 0;
    }
  }
  if (plan.nodes.length === 0) return fail("I found no plan node in it (a line like `Seq Scan on orders  (cost=… rows=… width=…)`).");
  if (plan.nodes[0]?.actualRows === undefined)
    return fail(
      "This plan has estimates only: it was run without ANALYZE. Run `EXPLAIN (ANALYZE, BUFFERS)` so PostgreSQL runs the query and shows what really happened.",
    );
  return { ok: true, data: plan };
}

/** How far off an estimate was, both ways: 1 is exact, 100 is a hundred times too many or too few. */
function misestimate(node: PlanNode): number {
  if (node.actualRows === undefined || !node.loops) return 1;
  const planned = Math.max(node.plannedRows, 1);
  const actual = Math.max(node.actualRows, 1);
  return Math.max(planned / actual, actual / planned);
}

/** The relation a scan reads ("orders" in "Seq Scan on orders o"), else the node's own name. */
function relationOf(label: string): string {
  return /\bon (\S+)/.exec(label)?.[1] ?? label;
}

export const explainParser: OutputParser<ExplainPlan> = {
  name: "postgres-explain",
  describes: "the output of EXPLAIN (ANALYZE, BUFFERS) in psql",
  recognises: (text) => /\(cost=[\d.]+\.\.[\d.]+ rows=\d+ width=\d+\)/.test(text),
  parse: parseExplain,
  summary: (plan) =>
    `${counted(plan.nodes.length, "plan node")}${plan.executionMs !== undefined ? `, executed in ${plan.executionMs} ms` : ""}${plan.hasBuffers ? "" : ", without buffer counts"}`,
  checks: {
    "row-misestimate": {
      values: ["node", "relation", "planned", "actual", "loops", "factor"],
      params: { factor: 10, minRows: 100 },
      find(plan, params) {
        // Estimates feed upwards, so the deepest node that is far off is where the error starts.
        const off = plan.nodes.filter((n) => misestimate(n) >= (params.factor ?? 10) && Math.max(n.plannedRows, n.actualRows ?? 0) >= (params.minRows ?? 100));
        const origin = off.sort((a, b) => b.depth - a.depth || misestimate(b) - misestimate(a))[0];
        if (!origin || origin.actualRows === undefined) return undefined;
        return {
          node: origin.label,
          relation: relationOf(origin.label),
          planned: origin.plannedRows,
          actual: origin.actualRows,
          loops: origin.loops ?? 1,
          factor: Math.round(misestimate(origin)),
        };
      },
    },
    "filter-discards-most": {
      values: ["node", "relation", "removed", "kept"],
      params: { share: 0.9, minRemoved: 10_000 },
      find(plan, params) {
        const node = plan.nodes.find((n) => {
          const removed = n.rowsRemovedByFilter ?? 0;
          const kept = (n.actualRows ?? 0) * Math.max(n.loops ?? 1, 1);
          return /Seq Scan/.test(n.label) && removed >= (params.minRemoved ?? 10_000) && removed / (removed + kept) >= (params.share ?? 0.9);
        });
        if (!node) return undefined;
        return {
          node: node.label,
          relation: relationOf(node.label),
          removed: (node.rowsRemovedByFilter ?? 0) * Math.max(node.loops ?? 1, 1),
          kept: (node.actualRows ?? 0) * Math.max(node.loops ?? 1, 1),
        };
      },
    },
    "sort-spills-to-disk": {
      values: ["node", "diskKb"],
      params: {},
      find(plan) {
        const node = plan.nodes.find((n) => n.sortSpillKb !== undefined);
        return node ? { node: node.label, diskKb: node.sortSpillKb ?? 0 } : undefined;
      },
    },
    "reads-from-disk": {
      values: ["read", "hit"],
      params: { share: 0.5, minRead: 1_000 },
      find(plan, params) {
        const top = plan.nodes[0];
        if (!top) return undefined;
        const total = top.sharedHit + top.sharedRead;
        return top.sharedRead >= (params.minRead ?? 1_000) && top.sharedRead / total >= (params.share ?? 0.5)
          ? { read: top.sharedRead, hit: top.sharedHit }
          : undefined;
      },
    },
    "no-buffers": {
      values: [],
      params: {},
      find: (plan) => (plan.hasBuffers ? undefined : {}),
    },
  },
};
