// Helpers for the bad-input suite: run the CLI with a time limit, run the JS API in a
// worker thread that can be stopped (a synchronous wasm call cannot be interrupted
// otherwise), and temporary files.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = process.env.EMPATHY_CLI ?? path.join(REPO_ROOT, "build", "native", "cli", "empathy");
export const HAVE_CLI = existsSync(CLI);
/** The same CLI built with AddressSanitizer and UndefinedBehaviorSanitizer (`make asan`). */
export const ASAN_CLI = process.env.EMPATHY_ASAN_CLI ?? path.join(REPO_ROOT, "build", "asan", "cli", "empathy");
export const HAVE_ASAN_CLI = existsSync(ASAN_CLI);

/**
 * Runs the CLI (or `binary`) with `args`, feeding `input` (string or Buffer) on standard input.
 * Kills it after `timeout` ms. Resolves {status, signal, stdout, stderr, ms, timedOut}.
 */
export function runCli(args, { input = "", timeout = 60_000, binary = CLI } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const env = { ...process.env, ASAN_OPTIONS: "detect_leaks=1:abort_on_error=1", UBSAN_OPTIONS: "print_stacktrace=1:halt_on_error=1" };
    const child = spawn(binary, args, { stdio: ["pipe", "pipe", "pipe"], env });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeout);
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.stdin.on("error", () => {}); // the CLI may exit before reading everything
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({
        status, signal, timedOut,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: performance.now() - started,
      });
    });
    child.stdin.end(input);
  });
}

/** Output lines of the CLI (the last newline ends the last line). */
export function outputLines(stdout) {
  const lines = stdout.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** A fresh temporary folder, removed by the returned function. */
export async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "empathy-bad-input-"));
  return { dir, file: (name) => path.join(dir, name), write: (name, data) => writeFile(path.join(dir, name), data),
    remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Runs `job` (a function source taking (scorer, args) and returning a value) on a fresh
 * scorer in a worker thread. Resolves {value, ms, timedOut, error}; ms covers only the
 * job, not loading the scorer. The worker is terminated after `timeout` ms.
 */
export function inWorker(job, args, { timeout = 60_000, resourceLimits } = {}) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL("./worker.mjs", import.meta.url), {
      workerData: { job: job.toString(), args }, resourceLimits,
    });
    let settled = false;
    let timer = null;
    const done = (r) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate().finally(() => resolve(r));
    };
    worker.on("message", (m) => {
      if (m.type === "ready") timer = setTimeout(() => done({ timedOut: true, ms: timeout }), timeout);
      else done(m);
    });
    worker.on("error", (error) => done({ error: String(error?.stack ?? error) }));
    worker.on("exit", (code) => done({ error: `worker exited with ${code}` }));
  });
}

/** "1.23 s" */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}
