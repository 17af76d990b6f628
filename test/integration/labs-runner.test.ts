import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type LabContext, runLab } from "../../src/lessons/labs/lab-run.js";
import { type Lab, labFileSchema } from "../../src/lessons/labs/lab-schema.js";
import { type LabServices, needChecker } from "../../src/lessons/labs/lab-services.js";

const services: LabServices = {
  postgresAdminUrl: process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  mongodbUrl: "mongodb://127.0.0.1:27017",
  jaegerUrl: "http://127.0.0.1:16686",
  otlpUrl: "http://127.0.0.1:4318",
};
/** The curriculum folder labs are run from; a lab reads the course's own files through $CURRICULUM_DIR. */
const curriculumDir = mkdtempSync(path.join(tmpdir(), "lab-curriculum-"));
writeFileSync(path.join(curriculumDir, "shared.txt"), "a file of the course\n");
const context: LabContext = { services, hasNeed: needChecker(services), curriculumDir };

/** A file outside the lab's directory, named by $KEEP, for a lab to leave evidence in. */
let keep = "";
beforeEach(() => {
  keep = path.join(mkdtempSync(path.join(tmpdir(), "lab-keep-")), "kept");
  process.env.KEEP = keep;
});

/** A lab from YAML text, as a lab file would hold it. */
function lab(yaml: string): Lab {
  return { ...labFileSchema.parse({ lesson: "a", title: "A lab", ...parse(yaml) }), file: "t/m1/001-a.lab.yaml", name: "m1/001-a" };
}

describe("running a lab", () => {
  it("passes when patterns match, numbers are in range and absent patterns are absent", async () => {
    const result = await runLab(
      lab(`
steps:
  - run: sh
    script: printf 'rows=42\\nall good\\n'
    expect:
      - match: '^all good$'
      - number: 'rows=(\\d+)'
        between: [40, 50]
      - absent: 'ERROR'
`),
      context,
    );
    expect(result).toMatchObject({ status: "passed", note: "" });
  });

  it("fails at the first step that misses, naming the step, every miss and the output", async () => {
    const result = await runLab(
      lab(`
steps:
  - name: count rows
    run: sh
    script: |
      printf 'rows=42\\nERROR: disk full\\n'
    expect:
      - match: '^all good$'
      - number: 'rows=(\\d+)'
        between: [1, 10]
      - absent: 'ERROR'
  - name: never reached
    run: sh
    script: touch reached
`),
      context,
    );
    expect(result.status).toBe("failed");
    expect(result.note).toBe('count rows: no match for /^all good$/; /rows=(\\d+)/ gave 42, expected 1 to 10; /ERROR/ should be absent but matched "ERROR"');
    expect(result.output).toContain("ERROR: disk full");
  });

  it("checks exit statuses: a number, nonzero, any, and 0 by default", async () => {
    const run = async (script: string, exit?: string) =>
      (await runLab(lab(`steps:\n  - run: sh\n    script: '${script}'\n${exit === undefined ? "" : `    exit: ${exit}\n`}`), context)).note;
    expect(await run("exit 3", "3")).toBe("");
    expect(await run("exit 3", "nonzero")).toBe("");
    expect(await run("exit 0", "nonzero")).toBe("step 1: exited with 0, expected a non-zero status");
    expect(await run("exit 7", "any")).toBe("");
    expect(await run("exit 1")).toBe("step 1: exited with 1, expected 0");
    expect(await run("psql-that-does-not-exist")).toMatch(/^step 1: exited with 127, expected 0$/);
  });

  it("starts a background server, waits until it answers, and stops it when the lab ends", async () => {
    const result = await runLab(
      lab(`
steps:
  - file: server.js
    content: |
      require("node:fs").writeFileSync("server.pid", String(process.pid));
      setTimeout(() => require("node:http").createServer((q, s) => s.end("ok from " + q.url)).listen(process.env.PORT2), 300);
  - run: sh
    script: exec node server.js
    background: true
    ready: http
    port: PORT2
  - run: node
    script: fetch("http://127.0.0.1:" + process.env.PORT2 + "/x").then((r) => r.text()).then(console.log)
    expect:
      - match: '^ok from /x$'
  - run: sh
    script: cp server.pid "$KEEP"
`),
      context,
    );
    expect(result.note).toBe("");
    expect(await gone(Number(readFileSync(keep, "utf8")))).toBe(true);
  });

  it("fails a background step that exits before it answers", async () => {
    const result = await runLab(
      lab("steps:\n  - name: server\n    run: sh\n    script: echo cannot bind; exit 1\n    background: true\n    ready: port\n"),
      context,
    );
    expect(result.status).toBe("failed");
    expect(result.note).toMatch(/^server: exited before it answered \(port on \$PORT, port \d+\)$/);
    expect(result.output).toBe("cannot bind");
  });

  it("stops a lab at its timeout and kills what the step started", async () => {
    const started = Date.now();
    const result = await runLab(lab("timeout: 2\nsteps:\n  - name: hang\n    run: sh\n    script: 'sleep 60 & echo $! > \"$KEEP\"; wait'\n"), context);
    expect(result.status).toBe("failed");
    expect(result.note).toBe("hang: timed out: the lab's 2 s ran out during this step");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await gone(Number(readFileSync(keep, "utf8")))).toBe(true);
  });

  it("skips a lab whose need is missing and names it, running nothing", async () => {
    const result = await runLab(lab('needs: [node, k6]\nsteps:\n  - run: sh\n    script: touch "$KEEP"\n'), {
      services,
      hasNeed: async (need) => need !== "k6",
      curriculumDir,
    });
    expect(result).toMatchObject({ status: "skipped", note: "missing k6" });
    expect(existsSync(keep)).toBe(false);
  });

  it("names the curriculum folder it runs from in $CURRICULUM_DIR, absolute, over an inherited value", async () => {
    const saved = process.env.CURRICULUM_DIR;
    process.env.CURRICULUM_DIR = "/somewhere/else";
    try {
      const reads = lab(`
steps:
  - run: sh
    script: echo "$CURRICULUM_DIR"; cat "$CURRICULUM_DIR/shared.txt"
    expect:
      - match: '^/'
      - match: '^a file of the course$'
`);
      const result = await runLab(reads, { ...context, curriculumDir: path.relative(process.cwd(), curriculumDir) });
      expect(result.note).toBe("");
    } finally {
      if (saved === undefined) delete process.env.CURRICULUM_DIR;
      else process.env.CURRICULUM_DIR = saved;
    }
  });

  it("runs a lab's steps without the variables `npm run` sets, so a lab's npm works in the lab's folder", async () => {
    const saved = { prefix: process.env.npm_config_local_prefix, init: process.env.INIT_CWD };
    process.env.npm_config_local_prefix = "/somewhere/else";
    process.env.INIT_CWD = "/somewhere/else";
    try {
      const clean = lab(`
steps:
  - run: sh
    script: echo "prefix=\${npm_config_local_prefix:-unset} init=\${INIT_CWD:-unset}"
    expect:
      - match: '^prefix=unset init=unset$'
`);
      expect((await runLab(clean, context)).note).toBe("");
    } finally {
      for (const [key, value] of [
        ["npm_config_local_prefix", saved.prefix],
        ["INIT_CWD", saved.init],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("finds programs on the PATH and nothing else", async () => {
    const bin = mkdtempSync(path.join(tmpdir(), "lab-bin-"));
    writeFileSync(path.join(bin, "jq"), "#!/bin/sh\n");
    chmodSync(path.join(bin, "jq"), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = bin;
    try {
      const has = needChecker(services);
      expect(await has("jq")).toBe(true);
      expect(await has("k6")).toBe(false);
      expect(await has("python")).toBe(false);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe("services for a lab", () => {
  it("gives each lab a fresh PostgreSQL database, reached with plain psql, and drops it afterwards", async () => {
    const create = lab(`
needs: [postgres]
steps:
  - run: psql
    script: |
      CREATE TABLE t (id int);
      INSERT INTO t VALUES (1), (2);
      SELECT count(*) AS rows, current_database() FROM t;
    expect:
      - match: 'rows \\| current_database'
  - run: sh
    script: echo "$PGDATABASE" > "$KEEP"; psql -Atc 'SELECT count(*) FROM t'
    expect:
      - match: '^2$'
`);
    expect((await runLab(create, context)).note).toBe("");
    const first = readFileSync(keep, "utf8").trim();
    const second = await runLab(
      lab(
        "needs: [postgres]\nsteps:\n  - run: psql\n    script: SELECT count(*) FROM t;\n    exit: nonzero\n    expect:\n      - match: 'relation \"t\" does not exist'\n",
      ),
      context,
    );
    expect(second.note).toBe("");
    const admin = new pg.Client({ connectionString: services.postgresAdminUrl });
    await admin.connect();
    const { rows } = await admin.query("select 1 from pg_database where datname = $1", [first]);
    await admin.end();
    expect(first).toMatch(/^lab_a_/);
    expect(rows).toEqual([]);
  });

  it("gives each lab a private redis-server where FLUSHALL and DEBUG are allowed, replies as at the prompt", async () => {
    const result = await runLab(
      lab(`
needs: [redis]
steps:
  - run: redis
    script: |
      INCR visits
      GET missing
      DEBUG SLEEP 0
      FLUSHALL
      DBSIZE
    expect:
      - match: '^\\(integer\\) 1$'
      - match: '^\\(nil\\)$'
      - match: '^\\(integer\\) 0$'
      - absent: 'ERR'
  - run: sh
    script: echo "port $REDIS_PORT"; redis-cli -u "$REDIS_URL" ping
    expect:
      - match: '^PONG$'
      - absent: '^port 6379$'
`),
      context,
    );
    expect(result.note).toBe("");
  });
});

/** Whether the process is gone within 3 s (a killed child stays a zombie until it is reaped). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 30; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
