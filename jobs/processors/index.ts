import type { Services } from "../../src/services.js";
import type { Processor } from "../job-system.js";
import type { Pacer } from "../pacing.js";
import { lessonsChannelProcessor } from "./lessons-channel.js";
import { lessonsDmProcessor } from "./lessons-dm.js";
import { lessonsDmTickProcessor } from "./lessons-dm-tick.js";
import { lessonsFanoutProcessor } from "./lessons-fanout.js";

/** Every job kind the workers run. */
export function allProcessors(services: Services, pacer: Pacer): Processor<never>[] {
  return [
    lessonsChannelProcessor(services, pacer),
    lessonsDmProcessor(services, pacer),
    lessonsFanoutProcessor(services),
    lessonsDmTickProcessor(services),
  ] as unknown as Processor<never>[];
}
