export * from "./lessons.js";
export * from "./members.js";
export * from "./workspaces.js";
