# The two commands: `make demo` and `make test`. Everything else is a step of theirs,
# or a tool for developers (bench, fuzz, eval).
PORT ?= 8080
FUZZ_SECONDS ?= 60
export NODE_PATH := /usr/share/nodejs

.PHONY: demo test setup native asan wasm bench fuzz eval clean

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

wasm:
	@cmake --preset wasm >/dev/null
	cmake --build --preset wasm

bench: setup wasm
	@cmake --preset release >/dev/null
	cmake --build --preset release
	node bench/run.mjs

fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)

eval: native
	build/native/cli/empathy eval tests/data/cx-labelled.jsonl

clean:
	rm -rf build web/dist
