/**
 * A seeded order of ids: the position of each id when all are sorted by a hash of (seed, id),
 * then by the id itself. It depends only on the seed and the set of ids, never on the order
 * the ids were given in, so a shuffled instance is solved the same way.
 */
export function seededOrder(ids: string[], seed: number, side: string): Int32Array {
  const seedHash = mixSeed(seed, side);
  const hashes = ids.map((id) => hashString(id, seedHash));
  const sorted = ids.map((_, i) => i).sort((a, b) => (hashes[a] as number) - (hashes[b] as number) || compareIds(ids[a] as string, ids[b] as string));
  const rank = new Int32Array(ids.length);
  sorted.forEach((index, position) => {
    rank[index] = position;
  });
  return rank;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mixSeed(seed: number, side: string): number {
  const low = (seed % 2 ** 32) >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  return hashString(side, fmix32(low ^ fmix32(high ^ 0x9e3779b9)));
}

/** FNV-1a over UTF-16 code units from a seeded start, finished with MurmurHash3's mixer. */
function hashString(text: string, start: number): number {
  let h = (start ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
