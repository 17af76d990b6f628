import type { DomainModule } from "../module.js";
import { labPasteAction, labShareAction, labSubmitHandler, practiceCommands } from "./commands.js";

/** Practice labs: output from the learner's own system, pasted, parsed and answered privately. */
export const practiceModule: DomainModule = {
  name: "practice",
  commands: () => practiceCommands(),
  actions: [labPasteAction, labShareAction],
  forms: [labSubmitHandler],
};
