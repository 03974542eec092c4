// ESLint (flat config): @eslint/js's recommended rules on every JS file of the repository,
// with the globals of the place each file runs. `make test` runs it (tests/js/lint.test.mjs).
import { fileURLToPath } from "node:url";
import { defineConfig, globalIgnores, includeIgnoreFile } from "eslint/config";
import js from "@eslint/js";
import globals from "globals";

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const workers = ["web/worker.js", "examples/dashboard/load-worker.js", "examples/extension/background.js"];

export default defineConfig([
  // Generated (the wasm build, the bundles) and vendored files, and anything else git ignores.
  globalIgnores(["build/", "node_modules/", "web/dist/", "web/*.min.js", "examples/extension/vendor/"]),
  includeIgnoreFile([here(".gitignore"), here("examples/extension/.gitignore")], { gitignoreResolution: true }),

  // Every *.js and *.mjs: the recommended rules, as ES modules. `const { key, ...rest } = object`
  // is how the house leaves a key out, so the key is not an unused variable.
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: "latest", sourceType: "module" },
    rules: { "no-unused-vars": ["error", { ignoreRestSiblings: true }] },
  },

  // Pages: the library, the examples' pages, and the pages the tests and benchmarks open.
  {
    files: ["web/**", "examples/**/*.js", "bench/page/**", "tests/e2e/fixtures/**", "tests/bad-input/fixture/**"],
    ignores: workers,
    languageOptions: { globals: globals.browser },
  },

  // Workers: the scorer's, the dashboard's loading worker, the extension's service worker.
  { files: workers.slice(0, 2), languageOptions: { globals: globals.worker } },
  { files: workers.slice(2), languageOptions: { globals: globals.serviceworker } },

  // Node: tests, benchmarks, scripts and command-line examples; the library runs in Node too.
  {
    files: ["tests/**/*.mjs", "bench/*.mjs", "scripts/**", "examples/**/*.mjs", "eslint.config.js", "web/empathy.js", "web/worker.js"],
    languageOptions: { globals: globals.node },
  },

  // Playwright drivers and the page probes they pass to page.evaluate(), which run in the page.
  {
    files: ["bench/browser.mjs", "bench/page-probe.mjs", "tests/e2e/*.mjs", "tests/bad-input/*.mjs", "tests/examples/*.mjs"],
    languageOptions: { globals: globals.browser },
  },

  // The browser extension and its test: `chrome`.
  { files: ["examples/extension/*.js", "tests/examples/extension.test.mjs"], languageOptions: { globals: globals.webextensions } },

  // Classic scripts, not modules: the content scripts and the extension's service worker.
  {
    files: ["examples/extension/settings.js", "examples/extension/content.js", "examples/extension/background.js"],
    languageOptions: { sourceType: "script" },
  },
]);
