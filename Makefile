# The two commands: `make demo` and `make test`. Everything else is a step of theirs,
# or a tool for developers (bench, fuzz, eval, screenshots).
PORT ?= 8080
FUZZ_SECONDS ?= 60
export NODE_PATH := /usr/share/nodejs

.PHONY: demo test setup native asan wasm bench fuzz eval screenshots clean

demo: setup wasm
	node examples/serve.mjs --port $(PORT)

test: setup native asan wasm
	scripts/test.sh

setup:
	@scripts/setup.sh

native:
	@cmake --preset native >/dev/null
	cmake --build --preset native

asan:
	@cmake --preset asan >/dev/null
	cmake --build --preset asan

# web/dist/empathy-core.{mjs,wasm}, then the minified bundles beside the sources
# (web/*.min.js, scripts/bundle.mjs), so the demo, the tests and the bench have them.
wasm:
	@cmake --preset wasm >/dev/null
	cmake --build --preset wasm
	node scripts/bundle.mjs

bench: setup wasm
	@cmake --preset release >/dev/null
	cmake --build --preset release
	node bench/run.mjs

fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)

# Held-out accuracy: the CX corpus's test split and every "measure" set, beside a keyword
# baseline and reply length (scripts/eval.py; docs/EVAL.md is its output).
# The README's pictures (docs/*.png), rendered by the screenshot tests in Chromium.
screenshots: setup wasm
	EMPATHY_UPDATE_SCREENSHOTS=1 node --test --test-concurrency=1 tests/e2e/screenshot.test.mjs tests/e2e/widget-screenshot.test.mjs \
	  tests/examples/dashboard.test.mjs tests/examples/extension.test.mjs

eval: native
	/usr/bin/python3 scripts/eval.py --empathy build/native/cli/empathy --data ../shared/data --cx data/cx --json build/eval.json | tee docs/EVAL.md

clean:
	rm -rf build web/dist web/*.min.js
