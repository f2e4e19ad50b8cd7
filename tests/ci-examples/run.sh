#!/usr/bin/env bash
# tests/ci-examples/run.sh LOKET: the loket commands of the CI examples run as written, in a
# scratch copy of the sample catalogue, with LOKET as `loket` and `./loket`:
#   docs/github-actions.yml (the run: lines that call loket), docs/gitlab-ci.yml (the script
#   lines from `status=0` on), docs/ci.sh; then .pre-commit-hooks.yaml through
#   `pre-commit try-repo`. Each on the clean catalogue (exit 0, the reports are valid) and
#   with a broken file added (exit 1, the reports name its code).
set -euo pipefail
loket=$(realpath "$1")
cd "$(dirname "$0")/../.."
repo=$PWD
scratch=$(mktemp -d "${TMPDIR:-/tmp}/loket-ci.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin" && ln -s "$loket" "$scratch/bin/loket"
export PATH=$scratch/bin:$PATH
fail=0

# The commands of each example as one shell script (python3 reads the YAML).
python3 - "$scratch" <<'PY'
import sys, yaml
out = sys.argv[1]
gh = yaml.safe_load(open("docs/github-actions.yml"))
lines = [l for job in gh["jobs"].values() for s in job["steps"] if "run" in s
         for l in s["run"].splitlines() if "loket " in l and "make" not in l]
# A workflow step fails on its command's exit status; the SARIF step runs regardless.
open(out + "/github.sh", "w").write("status=0\n" + "".join(l + " || status=$?\n" for l in lines) + "exit $status\n")
gl = yaml.safe_load(open("docs/gitlab-ci.yml"))["loket"]["script"]
start = gl.index("status=0")
open(out + "/gitlab.sh", "w").write("\n".join(gl[start:]) + "\n")
PY
[ "$(grep -c 'loket check' "$scratch/github.sh")" = 2 ] || { echo "ci-examples: expected 2 loket commands in docs/github-actions.yml"; cat "$scratch/github.sh"; exit 1; }
[ "$(grep -c 'loket check' "$scratch/gitlab.sh")" = 2 ] || { echo "ci-examples: expected 2 loket commands in docs/gitlab-ci.yml"; exit 1; }
cp docs/ci.sh "$scratch/shell.sh"

valid_reports() { # DIR EXPECTED-CODE (or "") : the reports each example leaves are valid
	python3 - "$@" <<'PY'
import sys, json, os, xml.etree.ElementTree as ET
d, code = sys.argv[1], sys.argv[2]
found = {}
for name in ("loket.sarif", "gl-code-quality-report.json", "junit.xml"):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        continue
    text = open(p).read()
    if name == "junit.xml":
        ET.fromstring(text)
    else:
        doc = json.loads(text)
        if name == "loket.sarif":
            assert doc["version"] == "2.1.0", "SARIF version"
            assert doc["runs"][0]["tool"]["driver"]["name"] == "loket"
        else:
            assert isinstance(doc, list)
    found[name] = text
if not found:
    sys.exit("no report written")
for name, text in found.items():
    if code and code not in text:
        sys.exit(f"{name} does not name {code}")
print(" ".join(sorted(found)))
PY
}

run_example() { # NAME SCRIPT EXPECTED-STATUS CODE
	local dir=$scratch/run-$1-$3 status=0
	mkdir -p "$dir" && cp -r catalogue "$dir/" && ln -s "$loket" "$dir/loket"
	[ "$3" = 1 ] && printf 'standard: "1.0"\nid: kapot\n' > "$dir/catalogue/gemeente-voorbeeldstad/kapot.yaml"
	(cd "$dir" && sh "$scratch/$2") > "$dir/log" 2>&1 || status=$?
	if [ "$status" != "$3" ]; then
		echo "ci-examples: $1 exits $status, expected $3"; tail -5 "$dir/log"; fail=1; return
	fi
	local reports
	if ! reports=$(valid_reports "$dir" "$4" 2>&1); then
		echo "ci-examples: $1: $reports"; fail=1; return
	fi
	echo "ci-examples: $1 exits $3 ($reports)"
}
for ex in github gitlab shell; do
	run_example "$ex" "$ex.sh" 0 ""
	run_example "$ex" "$ex.sh" 1 SCH001
done

# The pre-commit hook: .pre-commit-hooks.yaml as it is in the work tree, committed alone in a
# scratch hook repository (try-repo's shadow copy of a dirty work tree reports "files were
# modified" by itself), tried on a scratch catalogue repository.
if command -v pre-commit >/dev/null && command -v git >/dev/null; then
	hooks=$scratch/hook-repo
	mkdir -p "$hooks" && cp .pre-commit-hooks.yaml "$hooks/"
	(cd "$hooks" && git init -q && git add -A &&
		git -c user.name=test -c user.email=test@loket.example commit -qm hooks) ||
		{ echo "ci-examples: cannot make the scratch hook repository"; exit 1; }
	for case in clean broken; do
		dir=$scratch/pc-$case
		mkdir -p "$dir" && cp -r catalogue "$dir/"
		[ $case = broken ] && printf 'standard: "1.0"\nid: kapot\n' > "$dir/catalogue/gemeente-voorbeeldstad/kapot.yaml"
		status=0
		(cd "$dir" && git init -q && git add -A &&
			PRE_COMMIT_HOME=$scratch/pre-commit-home pre-commit try-repo "$hooks" loket-check --all-files) > "$scratch/pc-$case.log" 2>&1 || status=$?
		want=0; [ $case = broken ] && want=1
		if [ $status != $want ] || { [ $case = broken ] && ! grep -q SCH001 "$scratch/pc-$case.log"; }; then
			echo "ci-examples: pre-commit ($case) exits $status, expected $want"; grep -v "^  \|^catalogue/\|^ *[0-9]* |" "$scratch/pc-$case.log" | head -30; fail=1
		else
			echo "ci-examples: pre-commit hook loket-check ($case catalogue) exits $want"
		fi
	done
else
	echo "ci-examples: pre-commit is missing (make deps installs it); .pre-commit-hooks.yaml not run"
	fail=1
fi
exit $fail
