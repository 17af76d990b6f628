import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { StepOutcome } from "./lab-expect.js";
import type { Runner, RunStep } from "./lab-schema.js";

/** A step's process. Each runs in its own process group, so killing it also stops what it started. */
export interface StepProcess {
  /** Settles when the process has exited and its output is read (or 500 ms after exit, if children keep the pipes). */
  outcome: Promise<StepOutcome>;
  output(): string;
  exited(): boolean;
  kill(): void;
}

const MAX_OUTPUT = 1 << 20;

/** How each runner is invoked: the script goes on stdin, except for sh, which takes it as -c. */
function command(run: Runner, script: string, env: NodeJS.ProcessEnv): { file: string; args: string[]; stdin?: string } {
  switch (run) {
    case "psql":
      return { file: "psql", args: ["-X", "-v", "ON_ERROR_STOP=1", "-f", "-"], stdin: script };
    case "redis":
      // --no-raw: replies look as they do at the prompt ("(integer) 1", "(nil)") although stdout is a pipe.
      return { file: env.LAB_REDIS_CLI ?? "redis-cli", args: ["--no-raw", "-p", env.REDIS_PORT ?? ""], stdin: script };
    case "sh":
      return { file: "bash", args: ["-euo", "pipefail", "-c", script] };
    case "node":
      return { file: "node", args: ["-"], stdin: script };
    case "python":
      return { file: "python3", args: ["-"], stdin: script };
    case "ruby":
      return { file: "ruby", args: ["-"], stdin: script };
  }
}

export function startStep(step: RunStep, cwd: string, env: NodeJS.ProcessEnv): StepProcess {
  const { file, args, stdin } = command(step.run, step.script, env);
  const child = spawn(file, args, { cwd, env, detached: true, stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
  let output = "";
  const append = (chunk: Buffer | string) => {
    output += chunk.toString();
    if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  child.stdin?.on("error", () => {}); // a program that exits without reading its script is judged by its output
  child.stdin?.end(stdin);
  let done = false;
  const kill = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // the group is already gone
    }
  };
  const outcome = new Promise<StepOutcome>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => resolve({ output, code: code ?? undefined, signal: signal ?? undefined });
    child.on("error", (error) => {
      done = true;
      append(`\n${file}: ${error.message}\n`);
      finish(127, null);
    });
    child.on("exit", (code, signal) => {
      done = true;
      const closed = new Promise((r) => child.on("close", r));
      void Promise.race([closed, sleep(500)]).then(() => finish(code, signal));
    });
  });
  return { outcome, output: () => output, exited: () => done, kill };
}

/** Whether something on host:port accepts a TCP connection (`port`) or answers HTTP at all (`http`). */
export function answers(kind: "http" | "port", port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    if (kind === "port") {
      const socket = net.connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
      socket.setTimeout(1000, () => {
        socket.destroy();
        resolve(false);
      });
      return;
    }
    const request = http.get({ host, port, path: "/", timeout: 1000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on("error", () => resolve(false));
    request.on("timeout", () => {
      request.destroy();
      resolve(false);
    });
  });
}

/** Polls until the background process answers; false if it exits first or the deadline passes. */
export async function waitUntilReady(process: StepProcess, kind: "http" | "port", port: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline && !process.exited()) {
    if (await answers(kind, port)) return true;
    await sleep(100);
  }
  return false;
}
