#!/usr/bin/env node
// A dependency-free static file server for the demo and the end-to-end tests.
//
//   node examples/serve.mjs [--port N] [--host ADDR]
//     --port: default $PORT, else 8080; 0 picks a free port
//     --host: default 127.0.0.1 (this machine only); 0.0.0.0 to serve a container's host
//
// Serves the repository root (the folder above examples/) with the same strict
// Content-Security-Policy a browser extension page or a locked-down CRM would use, so
// the demo proves the module and the widget need nothing more than 'wasm-unsafe-eval'.
//
//   import { startServer } from "./serve.mjs";
//   const server = await startServer({ port: 0, root });   // -> { url, port, close() }

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The policy sent with every response: no inline script or style, no eval, wasm allowed. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** The path `/` redirects to. */
export const DEMO_PATH = "/examples/demo/";

/** Content types by file extension (lower case, with the dot). */
export const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".jsonl": "text/plain; charset=utf-8",
};

const DEFAULT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Headers every response carries, errors and redirects included. */
function baseHeaders() {
  return {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
  };
}

function sendText(res, status, text, extra = {}) {
  const body = Buffer.from(text + "\n", "utf8");
  res.writeHead(status, {
    ...baseHeaders(),
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": body.length,
    ...extra,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/**
 * Maps a request path to a file under `root`, or null when the path is malformed or
 * escapes the root. Works on the decoded path, so `%2e%2e/` cannot slip through.
 * @param {string} root absolute path of the served folder
 * @param {string} pathname URL path, still percent-encoded
 * @returns {string | null}
 */
export function resolveInRoot(root, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const file = path.resolve(root, "." + path.posix.normalize("/" + decoded));
  const rel = path.relative(root, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return file;
}

async function handle(root, req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendText(res, 405, "Method Not Allowed", { Allow: "GET, HEAD" });
    return;
  }
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/") {
    res.writeHead(302, { ...baseHeaders(), Location: DEMO_PATH, "Content-Length": 0 });
    res.end();
    return;
  }
  let file = resolveInRoot(root, url.pathname);
  if (file === null) {
    sendText(res, 400, "Bad Request");
    return;
  }
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!url.pathname.endsWith("/")) {
      // Relative URLs in an index page resolve against the folder only with the slash.
      res.writeHead(301, { ...baseHeaders(), Location: url.pathname + "/" + url.search, "Content-Length": 0 });
      res.end();
      return;
    }
    file = path.join(file, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) {
    sendText(res, 404, "Not Found");
    return;
  }
  const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  res.writeHead(200, { ...baseHeaders(), "Content-Type": type, "Content-Length": info.size });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/**
 * Starts the server.
 * @param {{port?: number, root?: string, host?: string}} [options] `port` 0 picks a free
 *   port; `root` defaults to the repository root; `host` defaults to 127.0.0.1.
 * @returns {Promise<{url: string, port: number, close(): Promise<void>}>} `url` is the
 *   origin with a trailing slash, e.g. `http://localhost:8080/`.
 */
export function startServer({ port = 8080, root = DEFAULT_ROOT, host = "127.0.0.1" } = {}) {
  const absRoot = path.resolve(root);
  const server = createServer((req, res) => {
    handle(absRoot, req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, "Internal Server Error");
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const actual = server.address().port;
      resolve({
        url: `http://localhost:${actual}/`,
        port: actual,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The value of `--name V` or `--name=V` in argv, else undefined. */
function option(argv, name) {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i].includes("=") ? argv[i].slice(argv[i].indexOf("=") + 1) : argv[i + 1] ?? "";
}

function parsePort(argv, env) {
  const raw = option(argv, "port") ?? env.PORT ?? "8080";
  const port = raw === "" ? NaN : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port: ${raw || "(missing)"}`);
  }
  return port;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log("usage: node examples/serve.mjs [--port N] [--host ADDR]\n" +
      "  --port  default $PORT, else 8080; 0 picks a free port\n" +
      "  --host  default 127.0.0.1; 0.0.0.0 to listen on every interface");
    process.exit(0);
  }
  const argv = process.argv.slice(2);
  let port;
  try {
    port = parsePort(argv, process.env);
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(2);
  }
  const host = option(argv, "host") || "127.0.0.1";
  try {
    const { port: actual } = await startServer({ port, host });
    console.log(`empathy-coach demo: http://localhost:${actual}${DEMO_PATH}`);
  } catch (err) {
    console.error(`serve.mjs: cannot listen on port ${port}: ${err.message}`);
    process.exit(1);
  }
}
