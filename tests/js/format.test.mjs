// House habits: every C++ source follows .clang-format (clang-format --dry-run -Werror, the
// Debian package scripts/setup.sh installs). `clang-format -i FILE` fixes a file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("C++ sources follow .clang-format", () => {
  const files = execFileSync("git", ["ls-files", "*.cpp", "*.hpp"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
  assert.ok(files.length > 40, `${files.length} C++ files`);
  const run = spawnSync("clang-format", ["--dry-run", "-Werror", ...files], { cwd: root, encoding: "utf8" });
  assert.equal(run.error, undefined, "clang-format is installed (scripts/setup.sh)");
  const offenders = [...new Set([...run.stderr.matchAll(/^(\S+?):\d+:\d+: error/gm)].map((m) => m[1]))];
  assert.deepEqual(offenders, [], `not formatted (clang-format -i ${offenders.join(" ")}):\n${run.stderr.slice(0, 2000)}`);
  assert.equal(run.status, 0, run.stderr.slice(0, 2000));
});
