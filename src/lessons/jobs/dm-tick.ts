import type { Processor } from "../../../jobs/job-system.js";
import type { Services } from "../../services.js";

/** Every minute per workspace: members whose lesson time has come get one job each (deterministic id). */
export function lessonsDmTickProcessor(services: Services): Processor<"lessons.dmTick"> {
  return {
    name: "lessons.dmTick",
    async run(data) {
      const workspace = await services.workspaces.byId(data.workspaceId);
      if (!workspace) return;
      const due = await services.lessons.personal.due(workspace.id, workspace.timezone, services.now());
      await services.jobs.enqueueMany(
        "lessons.dm",
        due.map((d) => ({ data: d, jobId: `lessons.dm-${d.memberId}-${d.localDate}` })),
      );
    },
  };
}
