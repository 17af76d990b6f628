import { NodeHeap } from "./node-heap.js";

/**
 * A bipartite transportation problem with unit arcs: each row sends `rowSupply[r]` units, each
 * along a different arc to a column, or to "none" at `noneCost` a unit; column c takes at most
 * `columnCapacity[c]` units. The arcs of row r are `arcStart[r] .. arcStart[r + 1] - 1`, cheapest
 * first: a search stops reading a row at the first arc too dear to matter.
 * Costs are non-negative integers, well inside 2^53 so sums are exact and ties are real ties.
 */
export interface TransportProblem {
  rowSupply: Int32Array;
  columnCapacity: Int32Array;
  arcStart: Int32Array;
  arcColumn: Int32Array;
  arcCost: Float64Array;
  noneCost: number;
}

const SINK = 0;
const NONE = 1;
const FROM_ROOT = -1;
const FROM_NONE = -2;
const UNREACHED = Number.POSITIVE_INFINITY;

/**
 * The cheapest way to send every unit, exactly; returns 1 for each arc used.
 *
 * Successive shortest paths with potentials, one row unit at a time (the Hungarian method, as in
 * Jonker-Volgenant): each unit follows a shortest path in the residual graph from its row to the
 * sink, either a column with room, or "none" (always open, so every search ends). Dijkstra runs on
 * reduced costs (cost + potential[from] - potential[to], never negative) and stops when the sink is
 * settled; nodes reached closer than the sink then move their potential by (distance - sink
 * distance), which keeps every residual reduced cost non-negative although the search stopped early.
 * No negative reduced cost means no cheaper rearrangement: the final flow is optimal.
 *
 * Rows, "none" and the sink sit in the heap; a column is passed through the moment it is reached
 * (its only ways on are the rows it holds and the sink, so that costs a few steps), which keeps
 * the heap small. Ties go to the lower row number and the earlier arc.
 */
export function cheapestTransport(problem: TransportProblem): Uint8Array {
  const { rowSupply, columnCapacity, arcStart, arcColumn, arcCost, noneCost } = problem;
  const rowCount = rowSupply.length;
  const columnCount = columnCapacity.length;
  const arcCount = arcColumn.length;
  const arcRow = new Int32Array(arcCount);
  const degree = new Int32Array(columnCount);
  for (let r = 0; r < rowCount; r++) for (let a = arcStart[r] as number; a < (arcStart[r + 1] as number); a++) arcRow[a] = r;
  for (let a = 0; a < arcCount; a++) {
    const c = arcColumn[a] as number;
    degree[c] = (degree[c] as number) + 1;
  }

  // The arcs each column holds now: slotArc[slotStart[c] .. slotStart[c] + load[c] - 1].
  const slotStart = new Int32Array(columnCount + 1);
  for (let c = 0; c < columnCount; c++) slotStart[c + 1] = (slotStart[c] as number) + Math.min(columnCapacity[c] as number, degree[c] as number);
  const slotArc = new Int32Array(slotStart[columnCount] as number);
  const load = new Int32Array(columnCount);
  const assigned = new Uint8Array(arcCount);
  // Rows sending units to "none", as a dense list for the "none → row" arcs.
  const noneUse = new Int32Array(rowCount);
  const noneRows = new Int32Array(rowCount);
  const noneRowAt = new Int32Array(rowCount);
  let noneRowCount = 0;

  // Heap nodes: the sink, "none", then row r as node r + 2.
  const nodeCount = rowCount + 2;
  const potential = new Float64Array(nodeCount);
  const distance = new Float64Array(nodeCount).fill(UNREACHED);
  const settled = new Uint8Array(nodeCount);
  /** Row: FROM_ROOT, FROM_NONE, or the held arc it was freed from. Sink: the column, or FROM_NONE. "none": the row. */
  const came = new Int32Array(nodeCount);
  const reachedNodes = new Int32Array(nodeCount);
  const columnPotential = new Float64Array(columnCount);
  const columnDistance = new Float64Array(columnCount).fill(UNREACHED);
  const columnVia = new Int32Array(columnCount);
  const reachedColumns = new Int32Array(columnCount);
  const heap = new NodeHeap(2 * nodeCount);
  let nodesReached = 0;
  let columnsReached = 0;

  const reach = (node: number, reducedDistance: number, from: number): void => {
    if (settled[node] === 1 || reducedDistance >= (distance[node] as number) || reducedDistance >= (distance[SINK] as number)) return;
    if (distance[node] === UNREACHED) reachedNodes[nodesReached++] = node;
    distance[node] = reducedDistance;
    came[node] = from;
    heap.push(reducedDistance, node);
  };

  const expandRow = (r: number, base: number): void => {
    for (let a = arcStart[r] as number; a < (arcStart[r + 1] as number); a++) {
      // Column potentials never rise above 0, so no later (dearer) arc can beat the sink either.
      if (base + (arcCost[a] as number) >= (distance[SINK] as number)) break;
      if (assigned[a] === 1) continue;
      const c = arcColumn[a] as number;
      const toColumn = base + (arcCost[a] as number) - (columnPotential[c] as number);
      // Nothing at or beyond the sink's distance can shorten the path, nor needs a new potential.
      if (toColumn >= (columnDistance[c] as number) || toColumn >= (distance[SINK] as number)) continue;
      if (columnDistance[c] === UNREACHED) reachedColumns[columnsReached++] = c;
      columnDistance[c] = toColumn;
      columnVia[c] = a;
      const atColumn = toColumn + (columnPotential[c] as number);
      if ((load[c] as number) < (columnCapacity[c] as number)) reach(SINK, atColumn - (potential[SINK] as number), c);
      const end = (slotStart[c] as number) + (load[c] as number);
      for (let s = slotStart[c] as number; s < end; s++) {
        const held = slotArc[s] as number;
        const node = (arcRow[held] as number) + 2;
        reach(node, atColumn - (arcCost[held] as number) - (potential[node] as number), held);
      }
    }
    if ((noneUse[r] as number) < (rowSupply[r] as number)) reach(NONE, base + noneCost - (potential[NONE] as number), r);
  };

  const expandNone = (base: number): void => {
    reach(SINK, base - (potential[SINK] as number), FROM_NONE);
    for (let i = 0; i < noneRowCount; i++) {
      const node = (noneRows[i] as number) + 2;
      reach(node, base - noneCost - (potential[node] as number), FROM_NONE);
    }
  };

  const hold = (a: number): void => {
    const c = arcColumn[a] as number;
    slotArc[(slotStart[c] as number) + (load[c] as number)] = a;
    load[c] = (load[c] as number) + 1;
    assigned[a] = 1;
  };
  const release = (a: number): void => {
    const c = arcColumn[a] as number;
    const first = slotStart[c] as number;
    load[c] = (load[c] as number) - 1;
    const last = first + (load[c] as number);
    for (let s = first; s <= last; s++) {
      if (slotArc[s] === a) {
        slotArc[s] = slotArc[last] as number;
        break;
      }
    }
    assigned[a] = 0;
  };
  const changeNone = (r: number, by: number): void => {
    const before = noneUse[r] as number;
    noneUse[r] = before + by;
    if (before === 0) {
      noneRowAt[r] = noneRowCount;
      noneRows[noneRowCount++] = r;
    } else if (before + by === 0) {
      const moved = noneRows[--noneRowCount] as number;
      noneRows[noneRowAt[r] as number] = moved;
      noneRowAt[moved] = noneRowAt[r] as number;
    }
  };

  /** Walks the path back from the sink, flipping each arc on it. */
  const augment = (): void => {
    let node: number = SINK;
    let column = came[SINK] as number;
    for (;;) {
      if (column >= 0) {
        const a = columnVia[column] as number;
        hold(a);
        node = (arcRow[a] as number) + 2;
      } else {
        // Through "none": the row that reached it sends one more unit there.
        const r = came[NONE] as number;
        changeNone(r, 1);
        node = r + 2;
      }
      const from = came[node] as number;
      if (from === FROM_ROOT) return;
      if (from === FROM_NONE) {
        changeNone(node - 2, -1);
        column = FROM_NONE;
      } else {
        release(from);
        column = arcColumn[from] as number;
      }
    }
  };

  for (let root = 0; root < rowCount; root++) {
    for (let unit = 0; unit < (rowSupply[root] as number); unit++) {
      distance[root + 2] = 0;
      came[root + 2] = FROM_ROOT;
      reachedNodes[nodesReached++] = root + 2;
      heap.push(0, root + 2);
      while (heap.size > 0) {
        const node = heap.pop();
        if (settled[node] === 1) continue;
        settled[node] = 1;
        if (node === SINK) break;
        const base = (distance[node] as number) + (potential[node] as number);
        if (node === NONE) expandNone(base);
        else expandRow(node - 2, base);
      }
      const toSink = distance[SINK] as number;
      if (settled[SINK] !== 1) throw new Error("cheapestTransport: a search ended without reaching the sink");
      for (let i = 0; i < nodesReached; i++) {
        const v = reachedNodes[i] as number;
        if ((distance[v] as number) < toSink) potential[v] = (potential[v] as number) + (distance[v] as number) - toSink;
        distance[v] = UNREACHED;
        settled[v] = 0;
      }
      for (let i = 0; i < columnsReached; i++) {
        const c = reachedColumns[i] as number;
        if ((columnDistance[c] as number) < toSink) columnPotential[c] = (columnPotential[c] as number) + (columnDistance[c] as number) - toSink;
        columnDistance[c] = UNREACHED;
      }
      augment();
      nodesReached = 0;
      columnsReached = 0;
      heap.clear();
    }
  }
  return assigned;
}
