// examples/serve.mjs, the demo's static server: content types, the CSP on every
// response, the redirect from /, 404s, no way out of the served folder, and the CLI's
// one line of output. No browser needed.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CSP, startServer } from "../../examples/serve.mjs";
import { ARTIFACTS } from "./browser.mjs";

const SERVE = fileURLToPath(new URL("../../examples/serve.mjs", import.meta.url));

/** GET (or another method) with the path sent byte for byte, unlike fetch(). */
function get(port, rawPath, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

let dir;
let root;
let server;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  dir = await mkdtemp(path.join(ARTIFACTS, "serve-"));
  root = path.join(dir, "root");
  await mkdir(path.join(root, "examples", "demo"), { recursive: true });
  await mkdir(path.join(root, "empty"), { recursive: true });
  const files = {
    "examples/demo/index.html": "<!doctype html><title>demo</title>",
    "a.wasm": "\0asm", "a.mjs": "export {};", "a.js": "1;", "a.json": "{}", "a.css": "a{}",
    "a.png": "png", "a.svg": "<svg/>", "a.bin": "?",
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
  await writeFile(path.join(dir, "secret.txt"), "outside the root");
  server = await startServer({ port: 0, root });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("examples/serve.mjs", () => {
  test("serves each file type with its MIME type and the strict CSP", async () => {
    const expected = {
      "/a.wasm": "application/wasm",
      "/a.mjs": "text/javascript; charset=utf-8",
      "/a.js": "text/javascript; charset=utf-8",
      "/a.json": "application/json; charset=utf-8",
      "/a.css": "text/css; charset=utf-8",
      "/a.png": "image/png",
      "/a.svg": "image/svg+xml",
      "/a.bin": "application/octet-stream",
      "/examples/demo/": "text/html; charset=utf-8",
    };
    for (const [p, type] of Object.entries(expected)) {
      const res = await get(server.port, p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers["content-type"], type, p);
      assert.equal(res.headers["content-security-policy"], CSP, p);
    }
    assert.equal((await get(server.port, "/a.wasm")).body.toString(), "\0asm");
    const head = await get(server.port, "/a.json", "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
  });

  test("redirects / to the demo and folders to their slash form", async () => {
    const home = await get(server.port, "/");
    assert.equal(home.status, 302);
    assert.equal(home.headers.location, "/examples/demo/");
    assert.equal(home.headers["content-security-policy"], CSP);
    const folder = await get(server.port, "/examples/demo");
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.location, "/examples/demo/");
  });

  test("answers 404 for missing files and folders without an index, with the CSP", async () => {
    for (const p of ["/nope.js", "/empty/", "/examples/demo/missing.png"]) {
      const res = await get(server.port, p);
      assert.equal(res.status, 404, p);
      assert.equal(res.headers["content-security-policy"], CSP, p);
    }
    assert.equal((await get(server.port, "/a.js", "POST")).status, 405);
  });

  test("never serves a file outside the root", async () => {
    for (const p of ["/../secret.txt", "/%2e%2e/secret.txt", "/examples/../../secret.txt",
      "/%2e%2e%2fsecret.txt", "/..%5csecret.txt", "/a.js%00", "/%ZZ"]) {
      const res = await get(server.port, p);
      assert.ok([400, 404].includes(res.status), `${p} -> ${res.status}`);
      assert.ok(!res.body.toString().includes("outside the root"), p);
    }
  });

  test("the CLI prints exactly one line with the demo URL", async () => {
    const child = spawn(process.execPath, [SERVE, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      await new Promise((resolve, reject) => {
        child.stdout.on("data", (d) => {
          out += d;
          if (out.includes("\n")) resolve();
        });
        child.on("exit", (code) => reject(new Error(`exited with ${code}`)));
      });
      await new Promise((r) => setTimeout(r, 100));
      const m = /^empathy-coach demo: http:\/\/localhost:(\d+)\/examples\/demo\/\n$/.exec(out);
      assert.ok(m, JSON.stringify(out));
      const res = await get(Number(m[1]), "/examples/demo/");
      assert.equal(res.status, 200);
    } finally {
      child.kill();
    }
  });
});
