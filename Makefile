# The two commands: `make run` opens the app, `make test` runs every test.
# Both install what is missing first (scripts/install-deps.sh). Contributors
# iterate with `make check` (a few minutes warm; see README.md).

CARGO ?= cargo
# The desktop binary with the UI built in (no Vite dev server). `make run` and the
# real-window tests share this one debug build.
DESKTOP_BUILD = $(CARGO) build -p kaifang-desktop --features custom-protocol
DESKTOP_BIN = target/debug/kaifang-desktop


.PHONY: run dev test check test-with-portal dist check-dist portal bench-publish deps-run deps-test deps-check ui lint test-rust test-portal test-ui test-e2e desktop cli bindings icons clean bench fixtures fuzz test-e2e-stress test-windows docs

run: deps-run ui desktop
	$(DESKTOP_BIN) $(ARGS)

# Hot reload: Vite serves the UI, Tauri rebuilds the Rust side on change.
dev: deps-run
	cd src-tauri && ../ui/node_modules/.bin/tauri dev

# The UI is built once (`ui`), CKAN is started once for the publishing and the
# real-window suites (`test-with-portal`), and the installers reuse both builds.
test: deps-test ui lint test-rust test-ui desktop cli test-with-portal dist check-dist test-windows
	@echo "make test: all suites passed"

# The fast inner loop: formatting, clippy and every test of the core and the CLI,
# the desktop's own tests (contract and security), the UI's type check, lint and
# unit tests. No portal, no window, no installers: `make test` runs those.
check: deps-check
	$(CARGO) fmt --all --check
	$(CARGO) clippy -p kaifang-xlsx -p kaifang-core -p kaifang-cli --all-targets -- -D warnings
	$(CARGO) test -q -p kaifang-xlsx -p kaifang-core -p kaifang-cli
	$(CARGO) test -q -p kaifang-desktop --lib
	cd ui && npm run --silent typecheck && npm run --silent lint && npm test --silent
	@echo "make check: passed"

# One CKAN portal on loopback for both suites that publish; stopped at the end
# whatever happened.
test-with-portal:
	@tests/portal/ckan.sh setup
	@tests/portal/ckan.sh start --max-resource-mb $(CKAN_MAX_MB) >/dev/null
	@status=0; KAIFANG_SHARED_CKAN=1 $(MAKE) --no-print-directory test-portal test-e2e || status=$$?; \
	  tests/portal/ckan.sh stop >/dev/null 2>&1; exit $$status

# The upload limit of the test portal (a 6 MB file meets "too large").
CKAN_MAX_MB = 5

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

deps-check:
	@scripts/install-deps.sh check

# The build fails when a chunk passes Vite's 500 kB warning (one 1 MB script
# once slowed the first paint): screens load on demand.
ui:
	@mkdir -p target
	@cd ui && { npm run --silent build >../target/ui-build.log 2>&1; status=$$?; cat ../target/ui-build.log; exit $$status; }
	@! grep -q 'Some chunks are larger than' target/ui-build.log || { echo "ui: a chunk is over 500 kB (see above)" >&2; exit 1; }

desktop:
	$(DESKTOP_BUILD)

cli:
	$(CARGO) build -p kaifang-cli

lint:
	cd ui && npm run --silent lint
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --exclude kaifang-bench --features kaifang-desktop/custom-protocol,kaifang-core/portal-tests,kaifang-cli/portal-tests -- -D warnings
	$(CARGO) clippy -p kaifang-bench -- -D warnings

test-rust:
	$(CARGO) test --workspace --exclude kaifang-bench --features kaifang-desktop/custom-protocol
	scripts/check-datapackage.sh
	scripts/check-dcat.sh

# Publishing against a real CKAN 2.11 on loopback (started and stopped by the
# script, unless `test-with-portal` shares one).
test-portal:
	tests/portal/run-tests.sh

# `make ui` (a dependency of `make test`) already type-checked the UI.
test-ui:
	cd ui && npm test --silent

test-e2e: desktop cli
	tests/e2e/run.sh $(abspath $(DESKTOP_BIN))

# The user guide's screenshots (docs/screens), from the real-window walkthrough
# in both languages; `make test` runs the same walkthrough.
docs: deps-test ui desktop cli
	KAIFANG_E2E_FILES="$(abspath tests/e2e/walkthrough.test.mjs)" tests/e2e/run.sh $(abspath $(DESKTOP_BIN))
	scripts/docs-screens.sh

# Import and grid benchmarks (not part of `make test`: tests never time). See the
# script and crates/kaifang-core/examples/grid_bench.rs.
bench:
	scripts/bench-import.sh
	$(CARGO) run --release -q -p kaifang-core --example grid_bench -- .cache/bench/bench.csv
	$(CARGO) run --release -q -p kaifang-core --example sensitive_bench -- .cache/bench/bench.csv
	$(CARGO) run --release -q -p kaifang-core --example risk_bench -- .cache/bench/bench.csv
	$(CARGO) run --release -q -p kaifang-core --example clean_bench -- .cache/bench/bench.csv

# The real-window suite 5 times (RUNS) with both cores loaded by busy loops.
test-e2e-stress: deps-test ui desktop cli
	scripts/e2e-stress.sh

# Fuzzing campaign (nightly Rust, cargo-fuzz): FUZZ_SECONDS per target (default
# 600), FUZZ_TARGETS to pick some. Findings land in tests/fixtures/fuzz/, which
# `make test` replays.
fuzz:
	scripts/fuzz.sh

# Regenerates tests/fixtures/import from tests/fixtures/make_fixtures.py.
fixtures:
	python3 -m venv .cache/fixtures-venv
	.cache/fixtures-venv/bin/pip install -q openpyxl xlwt odfpy msoffcrypto-tool
	.cache/fixtures-venv/bin/python tests/fixtures/make_fixtures.py
	.cache/fixtures-venv/bin/python tests/fixtures/make_hostile.py
	.cache/fixtures-venv/bin/python tests/fixtures/make_layouts.py

# The UI is built by `make ui` (a dependency): dist.sh does not build it again.
dist: ui
	KAIFANG_UI_BUILT=1 scripts/dist.sh

check-dist:
	scripts/check-dist.sh

# The Windows programs under Wine: the journey compared with the Linux CLI, the
# Windows habits, the desktop program without WebView2 and the installer.
test-windows: dist cli
	scripts/test-windows.sh

# A local CKAN portal (the one the tests use) to try the whole journey on one
# machine; prints how to connect the app. `tests/portal/ckan.sh stop` stops it.
portal: deps-test
	@tests/portal/ckan.sh setup
	@tests/portal/ckan.sh start --max-resource-mb 500 >/dev/null
	@. .cache/ckan/run/env && printf '\nA CKAN %s portal runs at %s\n\nIn Kaifang: Settings → Portal → add\n  Address:      %s\n  Organisation: %s\n  API token:    %s\n\nOr from the command line:\n  echo %s | target/debug/kaifang portal add local --url %s --org %s\n\nStop it with: tests/portal/ckan.sh stop\n' \
	  2.11.6 "$$CKAN_URL" "$$CKAN_URL" "$$CKAN_ORG" "$$CKAN_TOKEN" "$$CKAN_TOKEN" "$$CKAN_URL" "$$CKAN_ORG"

# Publishing benchmark against the local CKAN (not part of `make test`).
bench-publish:
	scripts/bench-publish.sh

# Regenerates ui/src/api/bindings from the Rust types (a test fails when they drift).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p kaifang-core --test bindings
	UPDATE_BINDINGS=1 $(CARGO) test -p kaifang-desktop --features custom-protocol --lib ipc
	UPDATE_BINDINGS=1 $(CARGO) test -p kaifang-desktop --lib ipc

icons:
	scripts/make-icons.sh

clean:
	$(CARGO) clean
	rm -rf ui/dist test-output
