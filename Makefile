# Dongne: `make run` serves the portal, `make test` runs every test (CI calls it).
# Every target installs what it needs first (scripts/install-tools.sh skips what is present);
# only the browser tests need Chromium and Playwright, so `make run` never waits for them.

SHELL := /bin/bash
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
BIN := $(TARGET_DIR)/release/dongne
# npm's wasm-opt first on PATH: Debian's breaks hydration
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export LEPTOS_SITE_ROOT ?= target/site

.PHONY: run build test test-rust test-browser test-api bench tools tools-browser tools-bench clean

tools:
	@scripts/install-tools.sh

tools-browser:
	@WANT_BROWSER=1 scripts/install-tools.sh

tools-bench:
	@WANT_BENCH=1 scripts/install-tools.sh

build: tools
	cargo leptos build --release --precompress
	@if [ "$(TARGET_DIR)" != target ]; then mkdir -p target/release && cp -f $(BIN) target/release/dongne; fi

run: build
	target/release/dongne serve --simulate-sensors

# app and server tests in release: they reuse what the release build compiles (features differ
# per crate, so each crate is tested on its own: see the README)
test-rust: tools
	cargo test -p domain
	cargo test --release -p app --features ssr
	cargo test --release -p server
	# the benchmark is not a test, but it must keep compiling (it reuses the test build)
	cargo bench -p server --no-run

test-browser: build tools-browser
	end2end/run.sh

# an outside fuzzer (schemathesis, every check) against the OpenAPI document and the running server
test-api: build
	@WANT_FUZZ=1 WANT_BROWSER=0 scripts/install-tools.sh
	scripts/fuzz-api.sh

test: test-rust test-browser test-api

bench: build tools-bench
	scripts/bench.sh

clean:
	cargo clean
