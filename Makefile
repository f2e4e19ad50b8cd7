# Makefile: build, test and install loket. `make help` lists the targets.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
BUILD   ?= build

# Debian packages loket needs to build, test and render (see CONTRIBUTING.md).
DEB_PACKAGES = gcc make pkg-config libyaml-dev libpcre2-dev libxml2-dev libcmocka-dev \
               libcairo2-dev libpango1.0-dev libqrencode-dev fonts-dejavu-core \
               libxml2-utils python3 clang clang-format libclang-rt-14-dev poppler-utils zbar-tools qpdf \
               valgrind
PKGS = yaml-0.1 libpcre2-8 pangocairo libqrencode $(EXTRA_PKGS)

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wformat=2 -Wvla -Wundef -Wcast-align -Wwrite-strings \
           -Wnull-dereference -Wdouble-promotion
OPT      ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL  = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARNINGS) $(OPT) $(PKG_CFLAGS) -Icompiler -I$(BUILD) $(CFLAGS)
LIBS        = $(PKG_LIBS) -lm -lpthread

# The compiler's stages and back-ends (main.c and the build tool embed.c apart).
# The command line: main.c dispatches to one file per command over the shared pipeline.
CLI_SRC = compiler/main.c compiler/cli.c compiler/config.c compiler/pipeline.c $(sort $(wildcard compiler/cmd_*.c))
LIB_SRC = compiler/util.c compiler/node.c compiler/msg.c compiler/msg_format.c compiler/xml.c compiler/json.c compiler/regex.c \
          compiler/load_yaml.c compiler/schema.c compiler/standard.c compiler/catalogue.c \
          compiler/model.c compiler/vocab.c compiler/readability.c compiler/upl.c compiler/rules.c compiler/report.c compiler/html.c \
          compiler/labels.c compiler/render.c compiler/render_html.c compiler/render_json.c compiler/render_pdf.c $(EXTRA_SRC)
SCHEMA_FILES = $(shell find schemas -name '*.yaml' | LC_ALL=C sort)
ASSET_FILES  = $(shell find compiler/assets -type f | LC_ALL=C sort)

LIB_OBJ = $(LIB_SRC:compiler/%.c=$(BUILD)/%.o) $(BUILD)/embedded.o $(BUILD)/assets.o
CLI_OBJ = $(CLI_SRC:compiler/%.c=$(BUILD)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/%)

SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps run test test-unit test-regress test-hostile test-report test-sarif test-render test-upl test-leaflet test-fuzz-crashes test-a11y test-ajv test-standards screenshots deps-a11y conformance conformance-sanitize valgrind test-sanitize install uninstall clean \
        regen bench format format-check help check-deps fuzz
.DELETE_ON_ERROR:

all: loket

help:
	@echo "make deps      install the Debian packages loket needs (as root; otherwise prints the command)"
	@echo "make           build ./loket"
	@echo "make run       deps, build ./loket, then check and build the sample catalogue into output/"
	@echo "make test      deps, then unit, regression and hostile-input tests, again under ASan+UBSan"
	@echo "make regen     rewrite the expected regression outputs and show the diff"
	@echo "make bench     loket beside cat, libyaml, ajv-cli, Hugo and WeasyPrint, then the scaling run (not part of make test; installs what it needs)"
	@echo "make fuzz      libFuzzer harnesses, FUZZ_TIME seconds each (default 60)"
	@echo "make conformance  the JSON-Schema-Test-Suite (draft 2020-12) through loket's validator"
	@echo "make valgrind  memcheck over the sample catalogue's check, report and build"
	@echo "make install   install loket into \$$(DESTDIR)\$$(PREFIX)/bin (PREFIX=$(PREFIX))"
	@echo "make format    reformat the C sources with clang-format"
	@echo "make clean     remove build products"

deps:
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

$(BUILD)/embedded.o $(BUILD)/assets.o: $(BUILD)/%.o: $(BUILD)/%.c compiler/util.h
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/%.o: compiler/%.c compiler/*.h compiler/msg.def | $(BUILD)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/libloket.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

loket: $(CLI_OBJ) $(BUILD)/libloket.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/test_%: tests/unit/test_%.c tests/unit/*.h $(BUILD)/libloket.a
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $< $(BUILD)/libloket.a $(LIBS) -lcmocka

run: deps
	@$(MAKE) --no-print-directory loket
	./loket build catalogue/ -o output
	./loket schema doc --format=html -o output/standard.html

# The same tests twice: as built, then with AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps
	@$(MAKE) --no-print-directory format-check test-unit test-regress test-hostile test-report test-sarif test-render test-upl test-leaflet test-fuzz-crashes test-a11y test-ajv test-standards
	@$(MAKE) --no-print-directory test-sanitize

test-unit: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do echo "== $$t"; $$t || exit 1; done

test-regress: loket
	@tests/regress/run.sh ./loket

test-hostile: loket
	@tests/hostile/run.sh ./loket $(BUILD)/hostile

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

test-fuzz-crashes: loket
	@tests/fuzz/run-crashes.sh ./loket

# Every exported schema in ajv's strict mode (npm packages pinned in tests/ajv; skips with a
# message when Node.js or npm is missing, unless AJV_REQUIRED=1: .ci/run requires it).
test-ajv: loket
	@tests/ajv/run.sh ./loket

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

test-sanitize:
	@$(MAKE) --no-print-directory BUILD=build/sanitize OPT="-O1 -g $(SANITIZE)" \
	  build/sanitize/loket-bin test-unit-sanitize
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/regress/run.sh build/sanitize/loket-bin
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/hostile/run.sh build/sanitize/loket-bin build/sanitize/hostile
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/report/run.sh build/sanitize/loket-bin
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
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/leaflet/lsan.supp tests/standards/run.sh build/sanitize/loket-bin

test-unit-sanitize: $(UNIT_BIN)
	@for t in $(UNIT_BIN); do echo "== $$t (sanitizers)"; \
	  ASAN_OPTIONS=detect_leaks=1 $$t || exit 1; done

$(BUILD)/loket-bin: $(CLI_OBJ) $(BUILD)/libloket.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LIBS)

# libFuzzer harnesses (clang): each runs FUZZ_TIME seconds from a seed corpus made of
# the regression cases; findings land in $(BUILD)/fuzz/ (keep each as a regression case).
FUZZ_TIME ?= 60
FUZZ_HARNESSES = fuzz_load fuzz_validate fuzz_schema fuzz_pipeline
FUZZ_FLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer \
             -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icompiler -I$(BUILD) $(PKG_CFLAGS)

fuzz: deps $(BUILD)/embedded.c $(BUILD)/assets.c
	@mkdir -p $(BUILD)/fuzz/seed $(BUILD)/fuzz/schema-seed
	@find tests/regress catalogue -name '*.yaml' -exec cp {} $(BUILD)/fuzz/seed/ \;
	@cp schemas/1.0/*.yaml tests/report/report.schema.yaml $(BUILD)/fuzz/schema-seed/
	@for h in $(FUZZ_HARNESSES); do \
	  echo "== $$h ($(FUZZ_TIME) s)"; \
	  clang $(FUZZ_FLAGS) -o $(BUILD)/fuzz/$$h tests/fuzz/$$h.c $(LIB_SRC) $(BUILD)/embedded.c $(BUILD)/assets.c $(LIBS) || exit 1; \
	  corpus=$(BUILD)/fuzz/seed; [ $$h = fuzz_schema ] && corpus=$(BUILD)/fuzz/schema-seed; \
	  mkdir -p $(BUILD)/fuzz/corpus-$$h; \
	  $(BUILD)/fuzz/$$h -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(BUILD)/fuzz/$$h- $(BUILD)/fuzz/corpus-$$h $$corpus || exit 1; \
	done

# valgrind memcheck over the sample catalogue's check and build: no error, no leak of ours.
VALGRIND = LOKET_NO_JIT=1 valgrind -q --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite,indirect \
           --error-exitcode=99 --suppressions=tests/valgrind.supp
valgrind: loket
	$(VALGRIND) ./loket check -j 2 catalogue/ > /dev/null
	$(VALGRIND) ./loket report --format=html catalogue/ > /dev/null
	rm -rf $(BUILD)/valgrind-out && SOURCE_DATE_EPOCH=1795824000 $(VALGRIND) ./loket build -q -j 2 -o $(BUILD)/valgrind-out catalogue/ > /dev/null
	@echo "valgrind: no errors, no leaks"

regen: loket
	@REGEN=1 tests/regress/run.sh ./loket; git --no-pager diff --stat -- tests/regress
	@REGEN=1 tests/render/run.sh ./loket; git --no-pager diff --stat -- tests/render/expected

# Not part of `make test` (tests/bench/README.md): loket beside cat, libyaml, ajv-cli, Hugo and
# WeasyPrint, then the scaling run. Installs hyperfine, hugo, weasyprint (as root) and ajv-cli (npm ci).
bench: loket
	tests/bench/run.sh

install: loket
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 loket $(DESTDIR)$(PREFIX)/bin/loket

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/loket

FORMAT_FILES = compiler/*.c compiler/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c tests/conformance/*.c tests/bench/*.c

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "format: clean"

clean:
	rm -rf build loket
