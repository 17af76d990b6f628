import { checkinsModule } from "./checkins/module.js";
import { gamedaysModule } from "./gamedays/module.js";
import { lessonsModule } from "./lessons/module.js";
import { membersModule } from "./members/module.js";
import type { DomainModule } from "./module.js";
import { pairingModule } from "./pairing/module.js";
import { practiceModule } from "./practice/module.js";
import { quizzesModule } from "./quizzes/module.js";
import { workspacesModule } from "./workspaces/module.js";

/** Every domain of the bot, in the order help lists their commands. A new domain adds one line. */
export const MODULES: readonly DomainModule[] = [
  workspacesModule,
  membersModule,
  lessonsModule,
  quizzesModule,
  pairingModule,
  checkinsModule,
  gamedaysModule,
  practiceModule,
];
