/**
 * Opaque, serialisable, platform-prefixed ids, safe to put in job data and the database:
 *   workspace     "slack:T123"
 *   conversation  "slack:T123:C456"      (a channel, a DM or a group DM)
 *   user          "slack:T123:U789"
 * The core never looks inside beyond the platform and the workspace.
 */
export type WorkspaceRef = string;
export type ConversationRef = string;
export type UserRef = string;

/** A posted message: where it is and the platform's id for it (Slack ts, Discord snowflake). */
export interface MessageRef {
  conversation: ConversationRef;
  id: string;
}

const REF_PART = /^[A-Za-z0-9._@+-]{1,100}$/;

/** Whether a platform id can be part of a ref (adapters check ids from the wire with it). */
export function isRefPart(value: string): boolean {
  return REF_PART.test(value);
}

export function makeRef(platform: string, workspace: string, local?: string): string {
  const parts = local === undefined ? [platform, workspace] : [platform, workspace, local];
  for (const part of parts) {
    if (!REF_PART.test(part)) throw new Error(`Invalid ref part ${JSON.stringify(part)}`);
  }
  return parts.join(":");
}

export interface ParsedRef {
  platform: string;
  workspace: string;
  local: string | undefined;
}

export function parseRef(ref: string): ParsedRef {
  const [platform, workspace, ...rest] = ref.split(":");
  if (!platform || !workspace) throw new Error(`Invalid ref ${JSON.stringify(ref)}`);
  return { platform, workspace, local: rest.length > 0 ? rest.join(":") : undefined };
}

export function workspaceOf(ref: ConversationRef | UserRef): WorkspaceRef {
  const { platform, workspace } = parseRef(ref);
  return `${platform}:${workspace}`;
}

export function localIdOf(ref: ConversationRef | UserRef): string {
  const { local } = parseRef(ref);
  if (local === undefined) throw new Error(`Ref ${JSON.stringify(ref)} has no local id`);
  return local;
}
