import { discordSuite } from "./discord.js";
import { fanoutSuite } from "./fanout.js";
import { interactionsSuite } from "./interactions.js";
import { matchingSuite } from "./matching.js";
import { reviewsSuite } from "./reviews.js";
import { routerSuite } from "./router.js";
import { soakSuite } from "./soak.js";
import { startupSuite } from "./startup.js";
import { type BenchSuite, printTable } from "./suite.js";

/** `npm run bench [suite...]`: runs the named suites (all by default), then one JSON line of every figure. */
const SUITES: BenchSuite[] = [routerSuite, fanoutSuite, reviewsSuite, interactionsSuite, matchingSuite, discordSuite, soakSuite, startupSuite];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown suite(s): ${unknown.join(", ")}. Suites: ${SUITES.map((s) => s.name).join(", ")}\n`);
    process.exit(2);
  }
  const figures: Record<string, Record<string, number>> = {};
  for (const suite of SUITES.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
    const result = await suite.run();
    printTable(`${suite.name}: ${suite.description}`, result.rows);
    figures[suite.name] = result.figures;
  }
  process.stdout.write(`\n${JSON.stringify({ bench: figures })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
