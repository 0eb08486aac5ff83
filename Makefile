# The two commands: `make run` opens the app, `make test` runs every test.
# Both install what is missing first (scripts/install-deps.sh).

CARGO ?= cargo
# The desktop binary with the UI built in (no Vite dev server). `make run` and the
# real-window tests share this one debug build.
DESKTOP_BUILD = $(CARGO) build -p kaifang-desktop --features custom-protocol
DESKTOP_BIN = target/debug/kaifang-desktop

.PHONY: run dev test deb deps-run deps-test ui lint test-rust test-portal test-ui test-e2e desktop cli bindings icons clean bench fixtures

run: deps-run ui desktop
	$(DESKTOP_BIN) $(ARGS)

# Hot reload: Vite serves the UI, Tauri rebuilds the Rust side on change.
dev: deps-run
	cd src-tauri && ../ui/node_modules/.bin/tauri dev

test: deps-test ui lint test-rust test-portal test-ui desktop test-e2e
	@echo "make test: all suites passed"

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

ui:
	cd ui && npm run --silent build

desktop:
	$(DESKTOP_BUILD)

cli:
	$(CARGO) build -p kaifang-cli

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --exclude kaifang-bench --features kaifang-desktop/custom-protocol,kaifang-core/portal-tests -- -D warnings
	$(CARGO) clippy -p kaifang-bench -- -D warnings

test-rust:
	$(CARGO) test --workspace --exclude kaifang-bench --features kaifang-desktop/custom-protocol

# Publishing against a real CKAN 2.11 on loopback (started and stopped by the script).
test-portal:
	tests/portal/run-tests.sh

# `make ui` (a dependency of `make test`) already type-checked the UI.
test-ui:
	cd ui && npm test --silent

test-e2e: desktop cli
	tests/e2e/run.sh $(abspath $(DESKTOP_BIN))

# Import benchmark (not part of `make test`: tests never time). See the script.
bench:
	scripts/bench-import.sh
	$(CARGO) run --release -q -p kaifang-core --example sensitive_bench -- .cache/bench/bench.csv

# Regenerates tests/fixtures/import from tests/fixtures/make_fixtures.py.
fixtures:
	python3 -m venv .cache/fixtures-venv
	.cache/fixtures-venv/bin/pip install -q openpyxl xlwt odfpy msoffcrypto-tool
	.cache/fixtures-venv/bin/python tests/fixtures/make_fixtures.py

# Installers. AppImage needs downloads and is left out.
deb: deps-run
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb

# Regenerates ui/src/api/bindings from the Rust types (a test fails when they drift).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p kaifang-core --test bindings

icons:
	scripts/make-icons.sh

clean:
	$(CARGO) clean
	rm -rf ui/dist test-output
