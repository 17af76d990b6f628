import { pathToFileURL } from "node:url";
import { BUNDLE_ENTRY, buildBundle, bundleIsFresh } from "./bundle.mjs";

/**
 * `npm start`: runs the bundle in dist/, building it first when it is missing or older than
 * the sources (a fresh clone, a pull, an edit), so that one command always runs the code as it is.
 */
if (!bundleIsFresh()) {
  process.stderr.write("Building dist/ from the sources (once after each change)...\n");
  await buildBundle();
}
await import(pathToFileURL(BUNDLE_ENTRY).href);
