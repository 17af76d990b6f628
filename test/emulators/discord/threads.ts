import { ApiError, rejectInvalid } from "./api-error.js";
import { channelById } from "./lookups.js";
import { snowflake } from "./snowflake.js";
import { Problems } from "./validate.js";
import { type EmuChannel, PERMISSIONS, type World } from "./world.js";

type Json = Record<string, unknown>;

const ARCHIVE_MINUTES = [60, 1440, 4320, 10080];
const PUBLIC_THREAD = 11;
const PRIVATE_THREAD = 12;

/**
 * Discord's thread routes as the bot uses them: start a thread without a message
 * (POST /channels/{channel}/threads) and add someone to it (PUT /channels/{thread}/thread-members/{user}),
 * with Discord's checks and error codes.
 */
export class ThreadRoutes {
  constructor(
    private readonly world: World,
    private readonly onCreated: (thread: Json) => void,
  ) {}

  create(parentId: string, body: Json | undefined): Json {
    const parent = channelById(this.world, parentId);
    if (parent.type === 1) throw new ApiError(400, 50003, "Cannot execute action on a DM channel");
    if (parent.type !== 0) throw new ApiError(400, 50024, "Cannot execute action on this channel type");
    if (parent.botHasNoAccess) throw new ApiError(403, 50001, "Missing Access");
    const problems = new Problems();
    const name = body?.name;
    if (typeof name !== "string") problems.add(["name"], "BASE_TYPE_REQUIRED", "This field is required");
    else problems.maxLength(["name"], name, 100, 1);
    const type = Number(body?.type ?? PRIVATE_THREAD);
    if (type !== PUBLIC_THREAD && type !== PRIVATE_THREAD) problems.add(["type"], "BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}.");
    const archive = body?.auto_archive_duration;
    if (archive !== undefined && !ARCHIVE_MINUTES.includes(Number(archive)))
      problems.add(["auto_archive_duration"], "BASE_TYPE_CHOICES", "Value must be one of {60, 1440, 4320, 10080}.");
    if (body?.invitable !== undefined && typeof body.invitable !== "boolean") problems.add(["invitable"], "BASE_TYPE_BAD_TYPE", "Must be a boolean.");
    rejectInvalid(problems);
    const needed = type === PRIVATE_THREAD ? PERMISSIONS.createPrivateThreads : PERMISSIONS.createPublicThreads;
    const allowed = this.world.botPermissionsIn(parent);
    if ((allowed & PERMISSIONS.viewChannel) === 0n) throw new ApiError(403, 50001, "Missing Access");
    if ((allowed & needed) === 0n) throw new ApiError(403, 50013, "Missing Permissions");
    const thread: EmuChannel = {
      id: snowflake(),
      type: type === PRIVATE_THREAD ? PRIVATE_THREAD : PUBLIC_THREAD,
      guildId: parent.guildId as string,
      name: name as string,
      parentId: parent.id,
      ownerId: this.world.bot.id,
      // Whoever starts a thread is in it.
      threadMembers: new Set([this.world.bot.id]),
      invitable: type === PRIVATE_THREAD ? body?.invitable !== false : true,
      autoArchiveMinutes: Number(archive ?? 4320),
    };
    this.world.channels.set(thread.id, thread);
    const json = this.world.channelJson(thread);
    this.onCreated({ ...json, newly_created: true });
    return json;
  }

  addMember(threadId: string, userId: string): undefined {
    const thread = channelById(this.world, threadId);
    if (!thread.parentId) throw new ApiError(400, 50024, "Cannot execute action on this channel type");
    if (thread.archived) throw new ApiError(400, 50083, "Thread is archived");
    const guild = this.world.guilds.get(thread.guildId as string);
    if (!this.world.users.has(userId)) throw new ApiError(404, 10013, "Unknown User");
    if (!guild?.members.has(userId)) throw new ApiError(404, 10007, "Unknown Member");
    const allowed = this.world.botPermissionsIn(thread);
    if ((allowed & PERMISSIONS.sendMessagesInThreads) === 0n) throw new ApiError(403, 50013, "Missing Permissions");
    // In a private thread that is not invitable, only moderators and its owner add people.
    const moderator = (allowed & PERMISSIONS.manageThreads) !== 0n || thread.ownerId === this.world.bot.id;
    if (thread.invitable === false && !moderator) throw new ApiError(403, 50013, "Missing Permissions");
    if (!thread.threadMembers?.has(this.world.bot.id) && !moderator) throw new ApiError(403, 50001, "Missing Access");
    thread.threadMembers?.add(userId);
    return undefined;
  }

  /** Posting in a thread: Send Messages in Threads in its parent, and the thread must be open. */
  checkPost(thread: EmuChannel): void {
    if (thread.archived) throw new ApiError(400, 50083, "Thread is archived");
    if ((this.world.botPermissionsIn(thread) & PERMISSIONS.sendMessagesInThreads) === 0n) throw new ApiError(403, 50013, "Missing Permissions");
  }
}
