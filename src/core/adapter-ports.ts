import type { WordSuggestions } from "./args.js";
import type { CommandDefinitionSummary } from "./command-summary.js";
import type { Logger } from "./logger.js";
import type { WorkspaceRef } from "./refs.js";

/**
 * What a platform adapter is built with besides its settings and the HTTP server: the few ports
 * it needs, defined here and implemented by the app (src/adapter-ports.ts). An adapter never
 * sees a domain, the database or the job queues.
 */
export interface AdapterPorts {
  logger: Logger;
  /** The `/mentor` commands as registered: Discord registers them and lays command lines out by them. */
  commands(): readonly CommandDefinitionSummary[];
  /** Once-only keys per workspace: a platform's retried delivery (Slack's event ids) has no second effect. */
  claims: ClaimPort;
  /** What an argument may be while someone types it (Discord's autocomplete). */
  catalogs: CatalogPort;
  /** Sends the platform refused for good that the person was not told of yet. */
  refusedSends: RefusedSendNotices;
  /** Per-workspace installs (Slack OAuth), sealed by the adapter before they are kept. */
  installations: InstallationRecords;
}

export interface ClaimPort {
  /** Claims `key` in the workspace (created on first contact); false when it was claimed before. */
  claim(workspace: WorkspaceRef, key: string): Promise<boolean>;
}

/** One thing an argument may name: a lesson, a skill, a module or a game day scenario. */
export interface CatalogEntry {
  id: string;
  /** What the person sees: the title, then the id to type on the other platforms. */
  label: string;
  title: string;
}

export interface CatalogPort {
  /** A catalog's entries in its own order (skills as skills.yaml lists them, lessons in course order). */
  entries(catalog: WordSuggestions["catalogs"][number]): CatalogEntry[];
}

export interface RefusedSendNotices {
  /**
   * How many recent sends to targets starting with `targetPrefix` were refused with `code` and
   * not noticed yet. Each counted send is marked noticed (`noticeKey` plus its id, claimed once
   * whichever process asks), so a person hears of each refusal once.
   */
  unnoticed(workspace: WorkspaceRef, refusal: { code: string; targetPrefix: string; noticeKey: string }): Promise<number>;
}

/** A platform install as kept: plain ids for lookups, everything else in `secret`, sealed by the adapter. */
export interface InstallationRecord {
  /** The platform's id for the workspace (Slack's team id). */
  teamId: string;
  enterpriseId: string | null;
  botUserId: string | null;
  secret: string;
}

export interface InstallationRecords {
  /** Keeps an install for the workspace (created on first contact with `name`), replacing an earlier one. */
  save(workspace: WorkspaceRef, name: string, record: InstallationRecord): Promise<void>;
  /** The sealed secret of a team's install, undefined when there is none. */
  secret(teamId: string): Promise<string | undefined>;
  has(teamId: string): Promise<boolean>;
  remove(teamId: string): Promise<void>;
  /**
   * Reads a team's secret under a lock (other processes queue on it) and keeps what `change`
   * returns before the lock is released (an unchanged secret is not written again). Returns the
   * secret kept, undefined when the team has no install.
   */
  change(teamId: string, change: (secret: string) => Promise<string>): Promise<string | undefined>;
}
