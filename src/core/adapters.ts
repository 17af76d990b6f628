import type { ChatAdapter } from "./adapter.js";
import { parseRef } from "./refs.js";

/** The adapters this process runs, found by the platform prefix of a ref. */
export class AdapterRegistry {
  private readonly byPlatform = new Map<string, ChatAdapter>();

  add(adapter: ChatAdapter): void {
    this.byPlatform.set(adapter.platform, adapter);
  }

  all(): ChatAdapter[] {
    return [...this.byPlatform.values()];
  }

  /** The adapter for a platform name, if this process runs it. */
  named(platform: string): ChatAdapter | undefined {
    return this.byPlatform.get(platform);
  }

  for(ref: string): ChatAdapter {
    const { platform } = parseRef(ref);
    const adapter = this.byPlatform.get(platform);
    if (!adapter) throw new Error(`No adapter for platform ${platform} in this process`);
    return adapter;
  }
}
