import { clearLine, createInterface, cursorTo, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";

export interface PromptHandlers {
  line(text: string): Promise<void>;
  /** Ctrl-C: `typed` is what was on the line when it was pressed. */
  interrupt(typed: string): void;
  /** The input ended (Ctrl-D, the end of a pipe, or close()). */
  end(): void;
}

/** Lines kept for the Up and Down keys. */
const HISTORY = 500;

/**
 * Reads the console's lines. At a terminal: Node's readline in terminal mode, with a prompt,
 * line editing and history. It reads key by key (raw mode), so the terminal's 4,095-byte limit
 * on a line in canonical mode does not apply and a long pasted line arrives whole. Through a
 * pipe: plain lines, no prompt. Lines are handled one after another, each once the previous
 * one is answered; the prompt comes back then, and output printed meanwhile (a job's post)
 * goes above the line being typed.
 */
export class ConsolePrompt {
  private reader: Interface | undefined;
  private busy = false;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly terminal: boolean,
  ) {}

  start(prompt: string, handlers: PromptHandlers): void {
    const reader = this.terminal
      ? createInterface({ input: this.input, output: this.output, terminal: true, historySize: HISTORY, removeHistoryDuplicates: true, prompt })
      : createInterface({ input: this.input, terminal: false });
    this.reader = reader;
    reader.on("line", (line) => {
      this.busy = true;
      this.queue = this.queue.then(async () => {
        await handlers.line(line);
        this.busy = false;
        if (!this.closed) this.reader?.prompt();
      });
    });
    reader.on("close", () => {
      this.closed = true;
      void this.queue.then(() => handlers.end());
    });
    if (this.terminal) {
      reader.on("SIGINT", () => handlers.interrupt(reader.line));
      reader.prompt();
    }
  }

  /** Resolves once every line read so far has been handled. */
  settled(): Promise<void> {
    return this.queue;
  }

  setPrompt(prompt: string): void {
    this.reader?.setPrompt(prompt);
  }

  /** Prints above the prompt; at an idle prompt, the prompt and what was typed are drawn again below. */
  print(text: string): void {
    if (!this.terminal || this.closed || this.busy) {
      this.output.write(`${text}\n`);
      return;
    }
    clearLine(this.output, 0);
    cursorTo(this.output, 0);
    this.output.write(`${text}\n`);
    this.reader?.prompt(true);
  }

  /** Empties the line being typed and shows a fresh prompt under it ("^C", as a shell does). */
  discardLine(): void {
    if (!this.reader) return;
    this.output.write("^C\n");
    this.reader.write(null, { ctrl: true, name: "e" });
    this.reader.write(null, { ctrl: true, name: "u" });
    this.reader.prompt();
  }

  close(): void {
    this.reader?.close();
  }
}
