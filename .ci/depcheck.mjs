// `npm run depcheck`: the import rules in .dependency-cruiser.cjs, over the whole codebase.
// dependency-cruiser's CLI refuses Node 20; its API runs on it, so CI calls the API.
// Any violation fails: there is no list of tolerated ones.
import { createRequire } from "node:module";
import { cruise } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const require = createRequire(import.meta.url);
const config = require("../.dependency-cruiser.cjs");

const options = { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, outputType: "err" };
const result = await cruise(["src", "jobs", "adapters", "drizzle"], options, undefined, { tsConfig: extractTSConfig("tsconfig.json") });
process.stdout.write(result.output);
process.exitCode = result.exitCode === 0 ? 0 : 1;
