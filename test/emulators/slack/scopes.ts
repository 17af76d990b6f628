/**
 * The bot scope each Web API method needs, for the methods the bot calls that need one. A token
 * the emulator knows without a scope list has every scope; one with a list gets `missing_scope`
 * (with `needed` and `provided`, as Slack answers) for a method outside it.
 */
export const METHOD_SCOPES: Record<string, string> = {
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.postEphemeral": "chat:write",
  "users.info": "users:read",
  // Public channels; a private one needs groups:read, a DM im:read (conversationInfo checks).
  "conversations.info": "channels:read",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
};

export interface TokenGrant {
  team: string;
  /** Epoch ms after which the token answers `token_expired` (token rotation). */
  expiresAt?: number;
  scopes?: string[];
}
