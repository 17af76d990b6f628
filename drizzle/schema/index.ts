export * from "./checkins.js";
export * from "./installation.js";
export * from "./lessons.js";
export * from "./members.js";
export * from "./pairing.js";
export * from "./quizzes.js";
export * from "./slack.js";
export * from "./workspaces.js";
