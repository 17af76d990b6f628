// `npm run depcheck`: the import rules in .dependency-cruiser.cjs, over the whole codebase.
// dependency-cruiser's CLI refuses Node 20; its API runs on it, so CI calls the API.
// Violations listed in .ci/depcheck-known.json (what is left of the adapters' reach into the
// app) are reported as known; any other fails. `--update-known` rewrites that list.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cruise } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const require = createRequire(import.meta.url);
const config = require("../.dependency-cruiser.cjs");
const KNOWN = new URL("./depcheck-known.json", import.meta.url);
const updateKnown = process.argv.includes("--update-known");

const options = {
  ...config.options,
  validate: true,
  ruleSet: { forbidden: config.forbidden },
  outputType: updateKnown ? "baseline" : "err",
  knownViolations: updateKnown ? [] : JSON.parse(readFileSync(KNOWN, "utf8")),
};
const result = await cruise(["src", "jobs", "adapters", "drizzle"], options, undefined, { tsConfig: extractTSConfig("tsconfig.json") });
if (updateKnown) {
  writeFileSync(KNOWN, result.output);
  process.stdout.write(`Wrote ${JSON.parse(result.output).length} known violations to .ci/depcheck-known.json\n`);
} else {
  process.stdout.write(result.output);
  process.exitCode = result.exitCode === 0 ? 0 : 1;
}
