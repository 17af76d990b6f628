import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { CurriculumError, loadCurriculum } from "../curriculum-loader.js";
import { loadLabs } from "./lab-files.js";
import { type LabResult, runLab } from "./lab-run.js";
import { runScheduled } from "./lab-schedule.js";
import type { Lab } from "./lab-schema.js";
import { needChecker } from "./lab-services.js";

const USAGE = `usage: npm run curriculum:labs -- [--module 06|performance] [--lab 028|60|query-tuning] [--jobs N] [DIR]
Runs every lab whose needs are on this machine; prints lab, result, time and notes, then "N passed, N failed, N skipped".`;

/**
 * `npm run curriculum:labs`: runs the curriculum's labs against real services and prints a table.
 * Exit status: 0 when no lab failed, 1 when one did, 2 for a usage error or an invalid lab file.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { module: { type: "string" }, lab: { type: "string" }, jobs: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) return say(USAGE, 0);
  // One more than the cores, up to three: most labs wait on a server, an install or a sleep part of
  // their time; those that measure timings or load every CPU are `exclusive` and run alone.
  const jobs = values.jobs === undefined ? Math.min(3, availableParallelism() + 1) : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return say(`--jobs must be a whole number from 1\n${USAGE}`, 2);
  const root = path.resolve(positionals[0] ?? process.env.CURRICULUM_DIR ?? "curriculum");
  const lessons = loadCurriculum(root).tracks.flatMap((t) => t.lessons);
  const { labs, problems } = loadLabs(root, lessons);
  if (problems.length > 0) return say(`Invalid lab files:\n${problems.map((p) => `  ${p}`).join("\n")}`, 2);
  const moduleOf = new Map(lessons.map((l) => [l.id, l.module]));
  const selected = labs.filter((lab) => matchesModule(lab, moduleOf.get(lab.lesson), values.module) && matchesLab(lab, values.lab));
  if (selected.length === 0) return say(`No lab matches${values.module ? ` --module ${values.module}` : ""}${values.lab ? ` --lab ${values.lab}` : ""}.`, 2);

  const services = {
    postgresAdminUrl: process.env.LABS_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    mongodbUrl: process.env.LABS_MONGODB_URL ?? "mongodb://127.0.0.1:27017",
    jaegerUrl: process.env.LABS_JAEGER_URL ?? "http://127.0.0.1:16686",
    otlpUrl: process.env.LABS_OTLP_URL ?? "http://127.0.0.1:4318",
  };
  const width = Math.max(3, ...selected.map((l) => l.name.length));
  const row = (cells: [string, string, string, string]) => `${cells[0].padEnd(width)}  ${cells[1].padEnd(7)}  ${cells[2].padStart(7)}  ${cells[3]}`.trimEnd();
  process.stdout.write(`Running ${selected.length} labs, ${jobs} at a time.\n${row(["lab", "result", "time", "note"])}\n`);
  const check = needChecker(services);
  const results = await runScheduled(
    selected,
    jobs,
    (lab) => runLab(lab, { services, hasNeed: check, curriculumDir: root }),
    (result: LabResult) => {
      process.stdout.write(`${row([result.lab.name, result.status, `${result.seconds.toFixed(1)} s`, result.note])}\n`);
    },
  );
  const failed = results.filter((r) => r.status === "failed");
  for (const failure of failed) {
    process.stdout.write(`\n${failure.lab.name} (${failure.lab.file}) failed at ${failure.note}\n${failure.output ? `${indent(failure.output)}\n` : ""}`);
  }
  const count = (status: LabResult["status"]) => results.filter((r) => r.status === status).length;
  process.stdout.write(`\n${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped\n`);
  return failed.length > 0 ? 1 : 0;
}

const indent = (text: string) => text.replace(/^/gm, "    | ");

function matchesModule(lab: Lab, moduleId: string | undefined, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  const folder = lab.name.split("/")[0] ?? "";
  return folder === wanted || folder.startsWith(`${wanted}-`) || moduleId === wanted;
}

/** A lesson id, a stem, a lab file, or a number: "028" is one lab, a shorter one ("60") every lab whose number starts with it. */
function matchesLab(lab: Lab, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  const stem = lab.name.split("/")[1] ?? "";
  const number = /^\d+/.exec(stem)?.[0] ?? "";
  const numberPrefix = /^\d+$/.test(wanted) && number.startsWith(wanted);
  return (
    lab.lesson === wanted ||
    stem === wanted ||
    stem.startsWith(`${wanted}-`) ||
    numberPrefix ||
    lab.name === wanted ||
    path.resolve(lab.file) === path.resolve(wanted)
  );
}

function say(message: string, code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof CurriculumError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
