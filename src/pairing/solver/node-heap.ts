/**
 * A binary min-heap of (key, node); equal keys pop the lower node first. A node may be pushed
 * again with a smaller key instead of being moved: the caller skips the stale entries it pops.
 */
export class NodeHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(initialEntries: number) {
    this.keys = new Float64Array(Math.max(16, initialEntries));
    this.nodes = new Int32Array(this.keys.length);
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    const { keys, nodes } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk < key || (pk === key && (nodes[parent] as number) < node)) break;
      keys[i] = pk;
      nodes[i] = nodes[parent] as number;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  pop(): number {
    const { keys, nodes } = this;
    const top = nodes[0] as number;
    const last = --this.size;
    const key = keys[last] as number;
    const node = nodes[last] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last) {
        const ck = keys[child] as number;
        const rk = keys[right] as number;
        if (rk < ck || (rk === ck && (nodes[right] as number) < (nodes[child] as number))) child = right;
      }
      const ck = keys[child] as number;
      if (key < ck || (key === ck && node < (nodes[child] as number))) break;
      keys[i] = ck;
      nodes[i] = nodes[child] as number;
      i = child;
    }
    keys[i] = key;
    nodes[i] = node;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(keys.length);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
