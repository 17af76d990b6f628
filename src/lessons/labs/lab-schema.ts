import { z } from "zod";

/**
 * The shape of a `*.lab.yaml` file: the runnable form of a lesson's "Try it". The contract is
 * curriculum/README.md ("Labs"); the runner is lab-run.ts.
 */

/** Services are probed (a server answering); everything else is a program on the PATH. */
export const SERVICE_NEEDS = ["postgres", "redis", "mongodb", "jaeger", "docker"] as const;
export const PROGRAM_NEEDS = [
  "node",
  "python",
  "ruby",
  "curl",
  "jq",
  "openssl",
  "git",
  "wrk",
  "ab",
  "k6",
  "haproxy",
  "nginx",
  "sqlite3",
  "go",
  "vmstat",
  "promtool",
] as const;
export const NEEDS = [...SERVICE_NEEDS, ...PROGRAM_NEEDS] as const;
export type Need = (typeof NEEDS)[number];

export const RUNNERS = ["psql", "redis", "sh", "node", "python", "ruby"] as const;
export type Runner = (typeof RUNNERS)[number];
/** The need a step's runner implies; a lab must declare it. */
export const RUNNER_NEED: Record<Runner, Need | undefined> = {
  psql: "postgres",
  redis: "redis",
  sh: undefined,
  node: "node",
  python: "python",
  ruby: "ruby",
};

/** Free TCP ports handed to every lab for the servers it starts. */
export const PORT_VARIABLES = ["PORT", "PORT2", "PORT3", "PORT4", "PORT5"] as const;

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase words joined by hyphens");

const pattern = z
  .string()
  .min(1)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source, "m");
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `not a JavaScript regular expression: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

/** How many capture groups a pattern has (-1 if it is not a pattern): "a|" always matches "". */
function captureGroups(source: string): number {
  try {
    return (new RegExp(`${source}|`).exec("")?.length ?? 1) - 1;
  } catch {
    return -1;
  }
}

const expectation = z.union([
  z.strictObject({ match: pattern }),
  z.strictObject({ absent: pattern }),
  z
    .strictObject({ number: pattern, between: z.tuple([z.number(), z.number()]) })
    .refine((e) => e.between[0] <= e.between[1], { message: "between: the low end comes first", path: ["between"] })
    .refine((e) => captureGroups(e.number) !== 0, { message: "the pattern needs a capture group for the number", path: ["number"] }),
]);
export type Expectation = z.infer<typeof expectation>;

const exitStatus = z.union([z.number().int().min(0).max(255), z.literal("nonzero"), z.literal("any")]);
export type ExitStatus = z.infer<typeof exitStatus>;

const fileStep = z.strictObject({
  name: z.string().min(1).optional(),
  file: z
    .string()
    .min(1)
    .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), "must be a path inside the lab's working directory"),
  content: z.string(),
});

const runStep = z
  .strictObject({
    name: z.string().min(1).optional(),
    run: z.enum(RUNNERS),
    script: z.string().min(1),
    expect: z.array(expectation).default([]),
    exit: exitStatus.default(0),
    background: z.boolean().default(false),
    ready: z.enum(["http", "port"]).optional(),
    /** Which port variable `ready` waits on (default PORT). */
    port: z.enum(PORT_VARIABLES).optional(),
  })
  .refine((s) => s.background || (s.ready === undefined && s.port === undefined), {
    message: "ready and port apply to background steps only",
    path: ["ready"],
  })
  .refine((s) => !s.background || s.expect.length === 0, {
    message: "a background step has no expectations; check its effect in a later step",
    path: ["expect"],
  })
  .refine((s) => s.ready !== undefined || s.port === undefined, { message: "port names where `ready` waits; add ready: http or port", path: ["port"] });

export type FileStep = z.infer<typeof fileStep>;
export type RunStep = z.infer<typeof runStep>;
export type LabStep = FileStep | RunStep;

export const MAX_TIMEOUT = 300;

export const labFileSchema = z.strictObject({
  lesson: id,
  title: z.string().min(1).max(150),
  needs: z.array(z.enum(NEEDS)).default([]),
  timeout: z.number().int().min(1).max(MAX_TIMEOUT).default(60),
  /** Runs with no other lab beside it: it loads every CPU or measures timings. */
  exclusive: z.boolean().default(false),
  steps: z.array(z.union([fileStep, runStep])).min(1),
});

export type LabFile = z.infer<typeof labFileSchema>;

export interface Lab extends LabFile {
  /** Path of the lab file, relative to the working directory. */
  file: string;
  /** "06-performance/028-query-tuning": module folder and file stem, as the table shows it. */
  name: string;
}

export const isRunStep = (step: LabStep): step is RunStep => "run" in step;
