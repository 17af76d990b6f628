import fc from "fast-check";

/** Cutting, replacing and truncating parts of a JSON payload, for the wire fuzzers. */
export type Json = Record<string, unknown>;

export type Mutation =
  | { kind: "none" }
  | { kind: "drop"; at: number }
  | { kind: "replace"; at: number; value: unknown }
  | { kind: "truncate-field"; at: number; keep: number }
  | { kind: "truncate-body"; keep: number }
  | { kind: "swap-content-type" }
  | { kind: "whole-body"; value: unknown };

/** A JSON value of any kind, small. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, "", "null", "{}", [], {}),
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 30 }),
);

/** Any mutation, blind to what it hits. */
export const anyMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.constant({ kind: "none" as const }), weight: 3 },
  { arbitrary: fc.nat().map((at) => ({ kind: "drop" as const, at })), weight: 3 },
  { arbitrary: fc.tuple(fc.nat(), anyJson).map(([at, value]) => ({ kind: "replace" as const, at, value })), weight: 3 },
  { arbitrary: fc.tuple(fc.nat(), fc.nat({ max: 8 })).map(([at, keep]) => ({ kind: "truncate-field" as const, at, keep })), weight: 2 },
  { arbitrary: fc.nat().map((keep) => ({ kind: "truncate-body" as const, keep })), weight: 2 },
  { arbitrary: fc.constant({ kind: "swap-content-type" as const }), weight: 1 },
  { arbitrary: anyJson.map((value) => ({ kind: "whole-body" as const, value })), weight: 1 },
);

/** A value of the wrong kind for a field that holds `current`. */
export function wrongKind(current: unknown): fc.Arbitrary<unknown> {
  if (typeof current === "string") return fc.constantFrom(null, 7, true, [], {});
  if (typeof current === "number") return fc.constantFrom(null, "7", true, [], {});
  return fc.constantFrom(null, 7, "x", true, ...(Array.isArray(current) ? [{}] : [[]]));
}

/** Every path in an object ("a", "a.b", "a.0.c"), parents before children. */
export function pathsOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...pathsOf(child, path)];
  });
}

export function valueAt(root: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (typeof node === "object" && node !== null ? (node as Json)[key] : undefined), root);
}

function setAt(root: Json, path: string, change: (parent: Json, key: string) => void): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  const parent = keys.reduce<unknown>((node, key) => (node as Json)[key], root);
  if (typeof parent === "object" && parent !== null) change(parent as Json, last);
}

/**
 * Applies a field mutation (drop, replace, truncate-field) in place to one of `paths` (all of
 * the object's by default), picked by the mutation's index. Other kinds are the caller's.
 */
export function mutateFields(object: Json, mutation: Mutation, paths = pathsOf(object)): void {
  if (!("at" in mutation) || paths.length === 0) return;
  const path = paths[mutation.at % paths.length] as string;
  if (mutation.kind === "drop") setAt(object, path, (parent, key) => (Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key]));
  if (mutation.kind === "replace") {
    setAt(object, path, (parent, key) => {
      parent[key] = mutation.value;
    });
  }
  if (mutation.kind === "truncate-field") {
    setAt(object, path, (parent, key) => {
      const current = parent[key];
      if (typeof current === "string") parent[key] = current.slice(0, mutation.keep);
    });
  }
}
