/**
 * The import rules of the codebase's shape (README "How it works"), checked by `npm run depcheck`
 * in CI. Type-only imports count: a type import is as much a dependency as a value import.
 */
const DOMAINS = "(lessons|quizzes|pairing|checkins|members|workspaces)";

module.exports = {
  forbidden: [
    {
      name: "core-knows-no-domain",
      comment: "src/core imports only itself, the config and the metrics it counts with: no domain, adapter or jobs/.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { pathNot: ["^src/core/", "^src/config\\.ts$", "^src/http/metrics\\.ts$", "node_modules"], dependencyTypesNot: ["core"] },
    },
    {
      name: "domains-import-no-adapter",
      comment: "Only the composition root (src/app.ts, src/main.ts) knows the platforms.",
      severity: "error",
      from: { path: "^(src|jobs)/", pathNot: "^src/(app|main)\\.ts$" },
      to: { path: "^adapters/" },
    },
    {
      name: "no-other-domains-commands",
      comment: "A domain may use another's services, never its commands file (what it runs is its own).",
      severity: "error",
      from: { path: `^src/${DOMAINS}/` },
      to: { path: `^src/${DOMAINS}/commands\\.ts$`, pathNot: "^src/$1/" },
    },
    {
      name: "adapters-use-the-core-surface",
      comment: "Adapters see the core's public surface, the config and the HTTP server: no domain, no database, no jobs.",
      severity: "error",
      from: { path: "^adapters/", pathNot: "^adapters/discord/register-cli\\.ts$" },
      to: { path: "^(src|jobs|drizzle)/", pathNot: ["^src/core/", "^src/config\\.ts$", "^src/http/server\\.ts$"] },
    },
    {
      name: "no-cycles",
      comment: "No import cycle, type imports included.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|curriculum|drizzle/migrations)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js"] },
  },
};
