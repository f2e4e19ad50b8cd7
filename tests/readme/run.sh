#!/bin/sh
# tests/readme/run.sh: every example of README.md that is marked to run, run against the
# files of the repository, outputs compared (tests/readme/README.md says how to mark them).
# Usage: tests/readme/run.sh path/to/loket [README]    Exit status 0 only if all pass.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
exec python3 "$root/tests/readme/run.py" "$1" "$root" ${2:+"$2"}
