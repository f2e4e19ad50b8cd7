# Makefile: build, test and install loket. `make help` lists the targets.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
BUILD   ?= build

# Debian packages loket needs to build, test and render (see CONTRIBUTING.md).
DEB_PACKAGES = gcc make pkg-config libyaml-dev libpcre2-dev libxml2-dev libcmocka-dev \
               libcairo2-dev libpango1.0-dev libqrencode-dev zlib1g-dev fonts-dejavu-core \
               libxml2-utils python3 clang clang-format libclang-rt-14-dev poppler-utils zbar-tools qpdf \
               valgrind default-jre-headless gettext libssl-dev neovim libmicrohttpd-dev libstemmer-dev
# Packaging (make dist, make deb, tests/man, tests/completion, tests/pkg): mandoc lints the
# manual pages, bash-completion/zsh/fish run the completions, the rest builds the .deb.
DEB_PACKAGES += mandoc bash-completion zsh fish debhelper dpkg-dev fakeroot lintian pre-commit python3-yaml
# strace: the hostile-feed test checks that loket import opens no socket and no other file.
DEB_PACKAGES += strace
PKGS = yaml-0.1 libpcre2-8 pangocairo libqrencode libxml-2.0 zlib libcrypto libmicrohttpd $(EXTRA_PKGS)

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wformat=2 -Wvla -Wundef -Wcast-align -Wwrite-strings \
           -Wnull-dereference -Wdouble-promotion
OPT      ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL  = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARNINGS) $(OPT) $(PKG_CFLAGS) -Icompiler -I$(BUILD) $(CFLAGS)
LIBS        = $(PKG_LIBS) -lstemmer -lm -lpthread

# The compiler's stages and back-ends (main.c and the build tool embed.c apart).
# The command line: main.c dispatches to one file per command over the shared pipeline.
CLI_SRC = compiler/main.c compiler/cli.c compiler/config.c compiler/pipeline.c compiler/stream.c compiler/publish.c $(sort $(wildcard compiler/cmd_*.c))
LIB_SRC = compiler/util.c compiler/i18n.c compiler/node.c compiler/msg.c compiler/msg_format.c compiler/xml.c compiler/json.c compiler/regex.c \
          compiler/load_yaml.c compiler/load_fast.c compiler/schema.c compiler/standard.c compiler/catalogue.c \
          compiler/model.c compiler/vocab.c compiler/readability.c compiler/upl.c compiler/rules.c compiler/report.c compiler/html.c \
          compiler/labels.c compiler/render.c compiler/search.c compiler/render_html.c compiler/render_json.c compiler/render_pdf.c \
          compiler/render_sc.c compiler/load_sc.c compiler/yaml_write.c compiler/pdf_ua.c compiler/manifest.c \
          compiler/jsonrpc.c compiler/http.c $(EXTRA_SRC)
SCHEMA_FILES = $(shell find schemas -name '*.yaml' | LC_ALL=C sort)
ASSET_FILES  = $(shell find compiler/assets -type f | LC_ALL=C sort)

LIB_OBJ = $(LIB_SRC:compiler/%.c=$(BUILD)/%.o) $(BUILD)/embedded.o $(BUILD)/assets.o $(BUILD)/locale.o

# Translations (GNU gettext): compiler/po/LANG.po, compiled with msgfmt --check and
# embedded in loket (build/locale.c); installed as well, the gettext way.
PO_LANGS  = nl
MO_FILES  = $(PO_LANGS:%=$(BUILD)/locale/%.mo)
LOCALEDIR = $(PREFIX)/share/locale
# Where the words for people are: the catalogue of diagnostics, every C file, and the
# words of libyaml (compiler/po/libyaml.c, not compiled).
PO_SOURCES = compiler/msg.def $(filter-out compiler/embed.c,$(sort $(wildcard compiler/*.c))) compiler/po/libyaml.c
CLI_OBJ = $(CLI_SRC:compiler/%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/%)

# The release version is LOKET_VERSION in compiler/cli.h (one place); in a git checkout
# `loket --version` adds the commit (git describe), written to build/version.h and rewritten
# only when it changes. A release tarball (make dist) has no .git, and no commit.
VERSION := $(shell sed -n 's/^\#define LOKET_VERSION "\(.*\)"/\1/p' compiler/cli.h)
GIT_DESCRIBE := $(shell [ -e .git ] && git describe --always --dirty --tags 2>/dev/null)
MANDIR  = $(PREFIX)/share/man

SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps run test test-unit test-regress test-hostile test-report test-sarif test-render test-upl test-leaflet test-fuzz-crashes test-a11y po-update test-po test-readme test-shacl test-vnu deps-node test-ajv screenshots deps-a11y conformance conformance-sanitize valgrind test-sanitize test-harden test-stream test-tsan test-sc test-publish test-lsp test-serve test-search test-standards test-yaml-fast install uninstall clean \
        test-man test-completion test-ci-examples test-pkg dist deb \
        regen bench format format-check help check-deps fuzz
.DELETE_ON_ERROR:

all: loket

help:
	@echo "make deps      install the Debian packages loket needs (as root; otherwise prints the command)"
	@echo "make           build ./loket"
	@echo "make run       deps, build ./loket, then check and build the sample catalogue into output/"
	@echo "make test      deps, then unit, regression and hostile-input tests, again under ASan+UBSan"
	@echo "make test-shacl  the linked data against the CPSV-AP 3.2 SHACL shapes (also in make test)"
	@echo "make test-vnu  every portal page in the Nu Html Checker (also in make test)"
	@echo "make regen     rewrite the expected regression outputs and show the diff"
	@echo "make po-update refresh compiler/po/loket.pot from the sources and merge it into compiler/po/nl.po"
	@echo "make bench     loket beside cat, libyaml, ajv-cli, Hugo and WeasyPrint, then the scaling table and the targets, met or missed (not part of make test; installs what it needs)"
	@echo "make fuzz      libFuzzer harnesses, FUZZ_TIME seconds each (default 60); fuzz_yaml_diff (fast path against libyaml) YAML_DIFF_TIME (default 1800)"
	@echo "make conformance  the JSON-Schema-Test-Suite (draft 2020-12) through loket's validator"
	@echo "make valgrind  memcheck over the sample catalogue's check, report and build"
	@echo "make install   install loket into \$$(DESTDIR)\$$(PREFIX)/bin and its translations into \$$(PREFIX)/share/locale (PREFIX=$(PREFIX))"
	@echo "make dist      loket-$(VERSION).tar.gz: the release tarball (builds and tests without git)"
	@echo "make deb       build/deb/loket_$(VERSION)-1_amd64.deb from the tarball (dpkg-buildpackage, lintian)"
	@echo "make test-pkg  the tarball builds and tests from a clean extract; the .deb installs and checks (in make test)"
	@echo "make format    reformat the C sources with clang-format"
	@echo "make clean     remove build products"

deps: deps-node
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all Debian packages present"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "deps: installing$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "deps: missing Debian packages:$$missing"; \
	  echo "run:  sudo apt-get install -y --no-install-recommends$$missing"; exit 1; \
	fi

$(BUILD):
	@mkdir -p $(BUILD)

$(BUILD)/embed: compiler/embed.c | $(BUILD)
	$(CC) -std=c11 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/embedded.c: $(BUILD)/embed $(SCHEMA_FILES)
	$(BUILD)/embed standard_embedded schemas $(SCHEMA_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/assets.c: $(BUILD)/embed $(ASSET_FILES)
	$(BUILD)/embed render_assets compiler/assets $(ASSET_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/locale/%.mo: compiler/po/%.po
	@mkdir -p $(BUILD)/locale
	msgfmt --check -o $@ $<

$(BUILD)/locale.c: $(BUILD)/embed $(MO_FILES)
	$(BUILD)/embed i18n_catalogues $(BUILD)/locale $(MO_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/embedded.o $(BUILD)/assets.o $(BUILD)/locale.o: $(BUILD)/%.o: $(BUILD)/%.c compiler/util.h
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/version.h: FORCE | $(BUILD)
	@printf '/* version.h: written by the Makefile (git describe; empty outside git) */\n#define LOKET_COMMIT "%s"\n' '$(GIT_DESCRIBE)' > $@.tmp; \
	  if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/main.o: $(BUILD)/version.h
FORCE:

$(BUILD)/%.o: compiler/%.c compiler/*.h compiler/msg.def | $(BUILD)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libloket.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

loket: $(CLI_OBJ) $(BUILD)/libloket.a
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/test_%: tests/unit/test_%.c tests/unit/*.h $(BUILD)/libloket.a
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $< $(BUILD)/libloket.a $(LIBS) -lcmocka

run: deps
	@$(MAKE) --no-print-directory loket
	./loket build catalogue/ -o output
	./loket schema doc --format=html -o output/standard.html

# The tests expect loket's English unless a test asks for Dutch (--lang=nl, or LANG in the
# regression cases): a Dutch desktop (LANG=nl_NL.UTF-8) must not fail them.
test test-% regen valgrind conformance: export LANGUAGE = en

# The same tests twice: as built, then with AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps
	@$(MAKE) --no-print-directory format-check test-unit test-regress test-hostile test-report test-sarif test-render test-upl test-leaflet test-fuzz-crashes test-a11y test-po test-readme test-shacl test-vnu test-ajv test-harden test-stream test-tsan test-sc test-publish test-lsp test-serve test-search test-standards test-yaml-fast test-man test-completion test-ci-examples test-pkg
	@$(MAKE) --no-print-directory test-sanitize

test-unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do echo "== $$t"; $$t || exit 1; done

test-regress: loket
	@tests/regress/run.sh ./loket
	@tests/regress/mutants.sh ./loket

# Every example of README.md marked to run (```console, ```sh), against the repository's files.
test-readme: loket
	@tests/readme/run.sh ./loket

test-hostile: loket
	@tests/hostile/run.sh ./loket $(BUILD)/hostile

# loket on a hostile machine: links, FIFOs, devices, full disks, closed pipes, unreadable folders.
test-harden: loket
	@tests/harden/run.sh ./loket

# check's output byte for byte as recorded before streaming (issue 18): every format, -j 1, 2, 4.
# tests/stream/run.sh --record ./loket rewrites tests/stream/expected/, with the reference loket only.
test-stream: loket
	@tests/stream/run.sh ./loket

# loket lsp: a scripted LSP client (python3) and Neovim's built-in client, headless.
test-lsp: loket
	@tests/lsp/run.sh ./loket

# loket serve: a free port, a page, a change, a broken file, 404s, loopback only, SIGTERM.
test-serve: loket
	@tests/serve/run.sh ./loket

test-report: loket
	@tests/report/run.sh ./loket

test-sarif: loket
	@tests/sarif/run.sh ./loket

test-render: loket
	@tests/render/run.sh ./loket

test-upl: loket
	@tests/upl/run.sh ./loket

test-leaflet: loket
	@tests/leaflet/run.sh ./loket

# The standards team's tools: schema lint, diff (beside npm json-schema-diff), deprecated, loket.yaml.
test-standards: loket
	@tests/standards/run.sh ./loket

# The YAML fast path against libyaml (tests/yamlfast/run.sh): every description, the
# regression cases and the standard's schemas, a generated catalogue, and the inputs one
# mutation away from them must give the same tree, positions and values or be declined.
# Under the sanitizers one mutation in YAMLFAST_SANITIZE_EVERY is kept.
YAMLFAST_SANITIZE_EVERY ?= 16
$(BUILD)/yamlfast-diff: tests/yamlfast/diff.c tests/fuzz/yaml_diff.h $(BUILD)/libloket.a
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libloket.a $(LIBS)

test-yaml-fast: $(BUILD)/yamlfast-diff
	@tests/yamlfast/run.sh $(BUILD)/yamlfast-diff

test-fuzz-crashes: loket
	@tests/fuzz/run-crashes.sh ./loket

# Every exported schema in ajv's strict mode (npm packages pinned in tests/ajv; skips with a
# message when Node.js or npm is missing, unless AJV_REQUIRED=1: .ci/run requires it).
test-ajv: loket
	@tests/ajv/run.sh ./loket

# Samenwerkende Catalogi 4.0: export, import, round trip, the official XSD, hostile feeds.
test-sc: loket
	@tests/sc/run.sh ./loket
	@tests/hostile/xml/run.sh ./loket $(BUILD)/hostile-xml

# Publishing as a transaction: generations, the lock, kills, a full disk, last known good,
# subset builds, incremental = clean (tests/publish/run.sh); the streaming build against the
# whole pipeline, step by step, and its peak memory (tests/publish/stream.sh).
test-publish: loket
	@tests/publish/run.sh ./loket
	@tests/publish/stream.sh ./loket

# The JSON-Schema-Test-Suite (draft 2020-12) through loket's validator; skipped with a
# message when ../shared/conformance is absent.
conformance:
	@tests/conformance/run.sh $(BUILD)

conformance-sanitize:
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  OPT="-O1 -g $(SANITIZE)" tests/conformance/run.sh build/sanitize

# The accessibility audit in headless Chromium (skips with a message when Chromium or npm is
# missing, unless A11Y_REQUIRED=1: .ci/run installs them and requires it).
test-a11y: loket
	@tests/a11y/run.sh ./loket

# The linked data against the official CPSV-AP 3.2 SHACL shapes, and the portal's pages in
# the Nu Html Checker (npm packages pinned in tests/shacl/ and tests/vnu/; skipped with a
# message only when ../shared is absent).
test-shacl: loket
	@tests/shacl/run.sh ./loket

test-vnu: loket
	@tests/vnu/run.sh ./loket

# Node.js and npm for the npm-pinned validators (tests/shacl, tests/vnu, tests/a11y):
# Debian's, unless a node and npm are already there (another build of Node.js).
deps-node:
	@command -v node >/dev/null && command -v npm >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm; \
	else echo "deps-node: run: sudo apt-get install -y nodejs npm"; exit 1; fi

# The portal's search quality in headless Chromium (after test-a11y, whose packages it uses),
# sitemap, feed, robots.txt and 404; required like the audit when A11Y_REQUIRED=1.
test-search: loket
	@tests/search/run.sh ./loket

screenshots: loket
	@SCREENSHOTS=1 A11Y_REQUIRED=1 tests/a11y/run.sh ./loket

# Optional: what the browser audit needs (Chromium is about 290 MB).
deps-a11y:
	@command -v chromium >/dev/null && command -v npm >/dev/null && { echo "deps-a11y: present"; exit 0; }; \
	if [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium \
	    $$(command -v npm >/dev/null || echo nodejs npm); \
	else echo "run: sudo apt-get install -y chromium nodejs npm"; exit 1; fi

# The streaming check's threads under ThreadSanitizer (its own build in build/tsan).
test-tsan:
	@$(MAKE) --no-print-directory BUILD=build/tsan OPT="-O1 -g -fsanitize=thread" build/tsan/loket-bin
	@tests/stream/tsan.sh build/tsan/loket-bin

test-sanitize:
	@$(MAKE) --no-print-directory BUILD=build/sanitize OPT="-O1 -g $(SANITIZE)" \
	  build/sanitize/loket-bin build/sanitize/yamlfast-diff test-unit-sanitize
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 YAMLFAST_EVERY=$(YAMLFAST_SANITIZE_EVERY) \
	  tests/yamlfast/run.sh build/sanitize/yamlfast-diff
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/regress/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/regress/mutants.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/hostile/run.sh build/sanitize/loket-bin build/sanitize/hostile
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/harden/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 STREAM_MAX_RSS_KB= \
	  tests/stream/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/report/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/lsp/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/serve/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/render/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/leaflet/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/fuzz/run-crashes.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 LOKET_SARIF_MULTITOOL=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/sarif/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/ajv/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/sc/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 TRACE=0 \
	  tests/hostile/xml/run.sh build/sanitize/loket-bin build/sanitize/hostile-xml
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/publish/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 STREAM_BUILD_GROWTH_KB= \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/publish/stream.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/standards/run.sh build/sanitize/loket-bin

test-unit-sanitize: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do echo "== $$t (sanitizers)"; \
	  ASAN_OPTIONS=detect_leaks=1 $$t || exit 1; done

$(BUILD)/loket-bin: $(CLI_OBJ) $(BUILD)/libloket.a
	$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $^ $(LIBS)

# libFuzzer harnesses (clang): each runs FUZZ_TIME seconds from a seed corpus made of
# the regression cases; findings land in $(BUILD)/fuzz/ (keep each as a regression case).
# LeakSanitizer gets the fontconfig suppressions: its process-long caches are not leaks.
FUZZ_TIME ?= 60
# fuzz_yaml_diff (the fast path against libyaml, tests/fuzz/yaml_diff.h) runs YAML_DIFF_TIME
# seconds (the issue asks for 30 minutes), from fuzz_load's seeds, with tests/fuzz/yaml.dict.
YAML_DIFF_TIME ?= 1800
FUZZ_HARNESSES = fuzz_load fuzz_validate fuzz_schema fuzz_pipeline fuzz_sc fuzz_jsonrpc fuzz_yaml_diff
FUZZ_FLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer \
             -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icompiler -I$(BUILD) $(PKG_CFLAGS)

fuzz: deps $(BUILD)/embedded.c $(BUILD)/assets.c $(BUILD)/locale.c
	@mkdir -p $(BUILD)/fuzz/seed $(BUILD)/fuzz/schema-seed
	@find tests/regress catalogue -name '*.yaml' -exec cp {} $(BUILD)/fuzz/seed/ \;
	@cp tests/fuzz/seed-manifest.json $(BUILD)/fuzz/seed/
	@cp schemas/1.0/*.yaml tests/report/report.schema.yaml $(BUILD)/fuzz/schema-seed/
	@mkdir -p $(BUILD)/fuzz/sc-seed && cp tests/hostile/xml/files/*.xml $(BUILD)/fuzz/sc-seed/ && \
	  { cp ../shared/data/sc-samples/*.xml $(BUILD)/fuzz/sc-seed/ 2>/dev/null || true; }
	@for h in $(FUZZ_HARNESSES); do \
	  time=$(FUZZ_TIME); extra=; \
	  [ $$h = fuzz_yaml_diff ] && { time=$(YAML_DIFF_TIME); extra=-dict=tests/fuzz/yaml.dict; }; \
	  echo "== $$h ($$time s)"; \
	  clang $(FUZZ_FLAGS) -o $(BUILD)/fuzz/$$h tests/fuzz/$$h.c $(LIB_SRC) $(BUILD)/embedded.c $(BUILD)/assets.c $(BUILD)/locale.c $(LIBS) || exit 1; \
	  corpus=$(BUILD)/fuzz/seed; [ $$h = fuzz_schema ] && corpus=$(BUILD)/fuzz/schema-seed; \
	  [ $$h = fuzz_sc ] && corpus=$(BUILD)/fuzz/sc-seed; \
	  mkdir -p $(BUILD)/fuzz/corpus-$$h; \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp \
	  $(BUILD)/fuzz/$$h -max_total_time=$$time $$extra -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(BUILD)/fuzz/$$h- $(BUILD)/fuzz/corpus-$$h $$corpus || exit 1; \
	done

# valgrind memcheck over the sample catalogue's check and build: no error, no leak of ours.
VALGRIND = LOKET_NO_JIT=1 valgrind -q --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite,indirect \
           --error-exitcode=99 --suppressions=tests/valgrind.supp
valgrind: loket
	$(VALGRIND) ./loket check -j 2 catalogue/ > /dev/null
	$(VALGRIND) ./loket report --format=html catalogue/ > /dev/null
	rm -rf $(BUILD)/valgrind-out && SOURCE_DATE_EPOCH=1795824000 $(VALGRIND) ./loket build -q -j 2 -o $(BUILD)/valgrind-out catalogue/ > /dev/null
	rm -rf $(BUILD)/valgrind-out && SOURCE_DATE_EPOCH=1795824000 $(VALGRIND) ./loket build -q -j 2 --format=html,json -o $(BUILD)/valgrind-out catalogue/ > /dev/null
	SOURCE_DATE_EPOCH=1795824000 $(VALGRIND) ./loket build -q -j 2 --format=html,json -o $(BUILD)/valgrind-out catalogue/ > /dev/null
	@echo "valgrind: no errors, no leaks"

regen: loket
	@REGEN=1 tests/regress/run.sh ./loket; git --no-pager diff --stat -- tests/regress
	@REGEN=1 tests/render/run.sh ./loket; git --no-pager diff --stat -- tests/render/expected

# Not part of `make test` (tests/bench/README.md): loket beside cat, libyaml, ajv-cli, Hugo and
# WeasyPrint, the search index, then last the scaling table (1,000 to 1,000,000 services) and the
# targets of issue 18, met or missed. Installs hyperfine, hugo, weasyprint (as root) and ajv-cli (npm ci).
bench: loket
	tests/bench/run.sh
	tests/bench/search-index.sh
	tests/bench/targets.sh

# The binary (the standard is built into it), the translations, the manual pages and the
# completions for bash, zsh and fish.
MAN_PAGES = $(wildcard docs/man/*.1 docs/man/*.5)
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d
install: loket $(MO_FILES)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 755 loket $(DESTDIR)$(PREFIX)/bin/loket
	install -m 644 $(filter %.1,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(filter %.5,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man5/
	install -m 644 docs/completion/loket.bash $(DESTDIR)$(BASHCOMPDIR)/loket
	install -m 644 docs/completion/_loket $(DESTDIR)$(ZSHCOMPDIR)/_loket
	install -m 644 docs/completion/loket.fish $(DESTDIR)$(FISHCOMPDIR)/loket.fish
	for l in $(PO_LANGS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 $(BUILD)/locale/$$l.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/loket.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/loket $(DESTDIR)$(BASHCOMPDIR)/loket $(DESTDIR)$(ZSHCOMPDIR)/_loket \
	  $(DESTDIR)$(FISHCOMPDIR)/loket.fish
	for p in $(notdir $(MAN_PAGES)); do rm -f $(DESTDIR)$(MANDIR)/man$${p##*.}/$$p; done
	for l in $(PO_LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/loket.mo; done

# The manual pages: mandoc -T lint clean, and the options of --help are those of loket(1).
test-man: loket
	@tests/man/run.sh ./loket

# The bash completion sourced and asked (with and without bash-completion); zsh, fish parse.
test-completion: loket
	@tests/completion/run.sh ./loket

# The loket commands of the CI examples in docs/ (GitHub Actions, GitLab, a shell step) and
# of .pre-commit-hooks.yaml, run as written.
test-ci-examples: loket
	@tests/ci-examples/run.sh ./loket

# The release tarball: the files git tracks (as they are in the work tree), under
# loket-VERSION/, reproducible (sorted, owner 0, mtime SOURCE_DATE_EPOCH or the last
# commit's time). Without .git in it, its loket --version has no commit.
DIST = loket-$(VERSION)
dist:
	@[ -e .git ] || { echo "dist: needs a git checkout (it packs the files git tracks)"; exit 2; }
	@rm -rf $(BUILD)/dist && mkdir -p $(BUILD)/dist/$(DIST)
	@git ls-files -z | xargs -0 tar -cf - | tar -xf - -C $(BUILD)/dist/$(DIST)
	@epoch=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct)}; \
	  tar -C $(BUILD)/dist --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$$epoch \
	    --format=gnu -cf - $(DIST) | gzip -9n > $(DIST).tar.gz
	@rm -rf $(BUILD)/dist
	@echo "dist: $(DIST).tar.gz"

# The Debian package, built from the tarball (docs/debian/ becomes its debian/, since the
# top level of the repository is fixed): build/deb/loket_$(VERSION)-1_amd64.deb, then lintian.
deb: dist
	@tests/pkg/deb.sh $(DIST).tar.gz $(BUILD)/deb

# In make test (about 30 s, CONTRIBUTING.md): the tarball from a clean extract without git
# builds and passes make loket test-unit test-man test-completion test-ci-examples; make deb;
# the .deb extracted into a scratch root (dpkg -x) checks the sample catalogue. Skipped, with
# a message, where there is no git (in the tarball itself: it cannot make itself again).
test-pkg: loket
	@if [ -e .git ]; then $(MAKE) --no-print-directory dist && tests/pkg/run.sh $(DIST).tar.gz $(BUILD); \
	else echo "test-pkg: skipped: not a git checkout (make dist packs the files git tracks)"; fi

# The translation template from the sources (msg.def rows: title, explanation, text and
# hint; _() and N_() in C), then merged into every LANG.po. Translate what msgmerge marks
# new or fuzzy, then `make test-po`.
po-update:
	@tests/po/run.sh update $(PO_SOURCES)

# Fails when a message has no Dutch translation, or a fuzzy one (tests/po/run.sh).
test-po:
	@tests/po/run.sh check $(PO_SOURCES)

FORMAT_FILES = compiler/*.c compiler/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c tests/fuzz/*.h tests/conformance/*.c tests/bench/*.c tests/yamlfast/*.c

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format: clean"

clean:
	rm -rf build loket loket-*.tar.gz
