# wif-console. The two commands of the README:
#   make run    build the app and start the console on http://127.0.0.1:8080 (data in data/)
#   make test   every test suite: host, wasm, browser components, end to end
# Both install what is missing first (scripts/setup.sh).

export PATH := $(CURDIR)/.tools/binaryen/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
# Chromium and the test runners keep their temporary folders inside the build folder.
export TMPDIR := $(CURDIR)/target/tmp
$(shell mkdir -p $(TMPDIR))

.PHONY: run test tools browser-tools dist sizes bench

run: tools dist
	cargo build --release -p wif-server
	./target/release/wif-server

test: browser-tools dist
	cargo fmt --all -- --check
	cargo test --workspace --exclude wif-console
	cargo test -p wif-core --target wasm32-unknown-unknown
	cargo test -p wif-console --target wasm32-unknown-unknown

tools:
	@scripts/setup.sh

browser-tools:
	@scripts/setup.sh --browser

dist: tools
	trunk build

sizes: dist
	@scripts/sizes.sh

bench: browser-tools
	cargo bench -p wif-core
	cargo test -p wif-console --target wasm32-unknown-unknown --release --test components \
		-- --nocapture paste_to_verdict
