// Shared by the tests of examples/: paths, running a script, and writing a screenshot
// under docs/ only when its bytes changed (as tests/e2e/screenshot.test.mjs does).

import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const EXAMPLES = path.join(REPO_ROOT, "examples");
export const CLI = path.join(REPO_ROOT, "build", "native", "cli", "empathy");

/**
 * Runs a command and resolves to {code, stdout, stderr} (never rejects on exit status).
 * @param {string} file
 * @param {string[]} args
 * @param {{input?: string, cwd?: string}} [options]
 */
export function run(file, args, { input, cwd = REPO_ROOT } = {}) {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr, error });
      });
    if (input !== undefined) child.stdin.end(input);
  });
}

/** Runs a shell pipeline (bash -o pipefail) from the repository root. */
export function sh(script, options) {
  return run("/bin/bash", ["-o", "pipefail", "-c", script], options);
}

/** A copy to tests/e2e/artifacts/; `make screenshots` (EMPATHY_UPDATE_SCREENSHOTS=1) also writes docs/NAME. */
export async function saveScreenshot(png, name) {
  const artifacts = path.join(REPO_ROOT, "tests", "e2e", "artifacts");
  await mkdir(artifacts, { recursive: true });
  await writeFile(path.join(artifacts, name), png);
  if (process.env.EMPATHY_UPDATE_SCREENSHOTS !== "1") return;  // make screenshots: the README's copy
  const output = path.join(REPO_ROOT, "docs", name);
  const previous = await readFile(output).catch(() => null);
  if (!previous?.equals(png)) await writeFile(output, png);
}

/** PNG width and height from the IHDR chunk. */
export function pngSize(png) {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
