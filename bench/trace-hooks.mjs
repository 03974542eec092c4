// Module hooks for bench/trace-modules.mjs: records the file URL of every module the ES
// module loader loads (CommonJS files required from CommonJS are read from require.cache).
import { appendFileSync } from "node:fs";

let out = null;

export async function initialize(data) {
  out = data?.out ?? null;
}

export async function load(url, context, next) {
  if (out && url.startsWith("file:")) appendFileSync(out, url + "\n");
  return next(url, context);
}
