#!/bin/sh
# run.sh: the official JSON-Schema-Test-Suite (draft 2020-12) through loket's own loader
# and validator: builds tests/conformance/driver.c against BUILD/libloket.a with the
# Makefile's flags, runs it, and fails on a test that fails and is not listed in
# tests/conformance/known-failures.txt.
#
#   tests/conformance/run.sh [BUILD_DIR] [DRIVER_OPTIONS...]     (default BUILD_DIR: build)
#
# OPT is passed to make as for the other builds (sanitizers: OPT="-O1 -g -fsanitize=...").
# The suite is not part of loket: it is read from ../shared/conformance (or
# $CONFORMANCE_SUITE); without it the run is skipped, with exit status 0.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build}
[ $# -gt 0 ] && shift
suite=${CONFORMANCE_SUITE:-../shared/conformance/JSON-Schema-Test-Suite}
if [ ! -d "$suite/tests/draft2020-12" ] || [ ! -d "$suite/remotes" ]; then
	echo "conformance: skipped: the JSON-Schema-Test-Suite is not at $suite"
	exit 0
fi
if [ -n "${OPT:-}" ]; then
	set -- "$@" # keep the driver options
	make -s --no-print-directory BUILD="$build" OPT="$OPT" "$build/libloket.a"
	flags=$(make -s --no-print-directory BUILD="$build" OPT="$OPT" \
		--eval='conformance-flags: ; @echo "$(CFLAGS_ALL)"' conformance-flags)
	libs=$(make -s --no-print-directory BUILD="$build" OPT="$OPT" \
		--eval='conformance-libs: ; @echo "$(LIBS)"' conformance-libs)
else
	make -s --no-print-directory BUILD="$build" "$build/libloket.a"
	flags=$(make -s --no-print-directory BUILD="$build" \
		--eval='conformance-flags: ; @echo "$(CFLAGS_ALL)"' conformance-flags)
	libs=$(make -s --no-print-directory BUILD="$build" \
		--eval='conformance-libs: ; @echo "$(LIBS)"' conformance-libs)
fi
# shellcheck disable=SC2086 # the flags are words
${CC:-cc} $flags -o "$build/conformance-driver" tests/conformance/driver.c "$build/libloket.a" $libs
exec "$build/conformance-driver" --metaschemas tests/conformance/metaschemas \
	--known tests/conformance/known-failures.txt "$@" "$suite"
