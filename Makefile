# The two commands: `make demo` and `make test`. Everything else is a step of theirs.
PORT ?= 8080
export NODE_PATH := /usr/share/nodejs

.PHONY: demo test setup native wasm clean

demo: setup wasm
	node examples/serve.mjs --port $(PORT)

test: setup native wasm
	scripts/test.sh

setup:
	@scripts/setup.sh

native:
	@cmake --preset native >/dev/null
	cmake --build --preset native

wasm:
	@cmake --preset wasm >/dev/null
	cmake --build --preset wasm

clean:
	rm -rf build web/dist
