import type { Logger } from "../../src/core/logger.js";

/**
 * The work an interaction causes once Slack has its acknowledgement, run at most `limit` at a
 * time, in arrival order. Without a bound, a burst of clicks turns into thousands of concurrent
 * handlers fighting over the event loop and the database pool, and the acks of the next clicks
 * (which must leave within 3 s) wait behind them. With it, acks stay fast and the backlog is
 * worked off at the speed the database allows.
 */
export class AfterAck {
  private active = 0;
  private readonly waiting: (() => Promise<void>)[] = [];

  constructor(
    private readonly limit: number,
    private readonly logger: Logger,
  ) {}

  get backlog(): number {
    return this.waiting.length;
  }

  run(task: () => Promise<void>): void {
    this.waiting.push(task);
    this.next();
  }

  private next(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      const task = this.waiting.shift() as () => Promise<void>;
      this.active++;
      task()
        .catch((error: unknown) => this.logger.error({ err: error }, "Slack interaction failed after its ack"))
        .finally(() => {
          this.active--;
          this.next();
        });
    }
  }
}
