import type { ClaimPort, RefusedSendNotices } from "../core/adapter-ports.js";
import type { WorkspaceService } from "./service.js";

/** How far back recorded send failures are read for a notice (newest first). */
const NOTICE_LOOKBACK = 50;

/** Once-only keys in the effects table, per workspace (created on first contact). */
export function workspaceClaims(workspaces: WorkspaceService): ClaimPort {
  return {
    async claim(ref, key) {
      const workspace = await workspaces.ensure(ref);
      return workspaces.claimEffect(workspace.id, key);
    },
  };
}

/** Recorded delivery failures a person was not told of yet; each notice is an effect key, so it is given once. */
export function refusedSendNotices(workspaces: WorkspaceService): RefusedSendNotices {
  return {
    async unnoticed(ref, { code, targetPrefix, noticeKey }) {
      const workspace = await workspaces.ensure(ref);
      const refused = (await workspaces.recentDeliveryFailures(workspace.id, NOTICE_LOOKBACK)).filter(
        (failure) => failure.code === code && failure.target.startsWith(targetPrefix),
      );
      let unnoticed = 0;
      for (const failure of refused) {
        if (await workspaces.claimEffect(workspace.id, `${noticeKey}:${failure.id}`)) unnoticed++;
      }
      return unnoticed;
    },
  };
}
