// The hand-written declarations (web/empathy.d.ts, web/widget.d.ts) against a TypeScript
// usage example: `tsc --noEmit` must accept it, including its @ts-expect-error lines
// (each one must be an error, or tsc reports the directive as unused).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const project = fileURLToPath(new URL("./tsconfig.json", import.meta.url));

test("the TypeScript usage example type-checks against the declarations", async () => {
  const { code, output } = await new Promise((resolve) => {
    execFile(process.execPath, [tsc, "--noEmit", "-p", project], (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, output: stdout + stderr });
    });
  });
  assert.equal(code, 0, output);
});
