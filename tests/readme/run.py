#!/usr/bin/env python3
"""tests/readme/run.py: the README's examples, run (see tests/readme/README.md).

Fenced blocks marked ```console: each line that starts with "$ " is a command; the lines
below it, up to the next "$ " line, are its output (stdout and stderr), compared exactly,
except that a line "..." stands for any number of lines and "..." inside a line for any
text. Fenced blocks marked ```sh: every line that is not blank or a comment is a command
that must run with exit status 0 or 1 (loket ran and judged the input); its output is not
compared. Other blocks are not run.

Commands run with bash from the top of a temporary copy of the repository (without build/,
output/ and .git), where ./loket is the loket under test and ../shared the shared data
when it exists (a block that uses ../shared is skipped, with a message, when it does not).
Usage: run.py LOKET REPOSITORY [README]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

loket = os.path.abspath(sys.argv[1])
root = os.path.abspath(sys.argv[2])
readme = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "README.md")
shared = os.path.join(os.path.dirname(root), "shared")


def blocks(path):
    """(kind, first line number, lines) of every ```console and ```sh block."""
    out, kind, start, body = [], None, 0, []
    for n, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        if kind is None:
            m = re.match(r"^```(console|sh)\s*$", line)
            if m:
                kind, start, body = m.group(1), n + 1, []
        elif line.startswith("```"):
            out.append((kind, start, body))
            kind = None
        else:
            body.append(line)
    if kind is not None:
        sys.exit("readme: %s:%d: a ``` block is not closed" % (path, start - 1))
    return out


def line_re(p):
    return re.compile("^" + ".*".join(re.escape(part) for part in p.split("...")) + "$")


def matches(pattern, got):
    """Whether the lines got match the pattern lines ("..." alone: any lines)."""
    memo = {}

    def m(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(pattern):
            r = j == len(got)
        elif pattern[i] == "...":
            r = any(m(i + 1, k) for k in range(j, len(got) + 1))
        else:
            r = j < len(got) and bool(line_re(pattern[i]).match(got[j])) and m(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    return m(0, 0)


def run(cmd, cwd, env):
    p = subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def main():
    tmp = tempfile.mkdtemp(prefix="loket-readme.")
    try:
        copy = os.path.join(tmp, "repo")
        shutil.copytree(root, copy, symlinks=True,
                        ignore=lambda d, names: [n for n in names if d == root and n in ("build", "output", ".git")] +
                        [n for n in names if n == "node_modules"])
        if os.path.exists(os.path.join(copy, "loket")):
            os.remove(os.path.join(copy, "loket"))
        os.symlink(loket, os.path.join(copy, "loket"))
        if os.path.isdir(shared):
            os.symlink(shared, os.path.join(tmp, "shared"))
        env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
        env.update(SOURCE_DATE_EPOCH="1795824000", NO_COLOR="1", TERM="dumb")
        passed = failed = skipped = 0
        for kind, start, body in blocks(readme):
            where = "%s:%d" % (os.path.basename(readme), start)
            if any("../shared" in line for line in body) and not os.path.isdir(shared):
                print("readme: SKIP %s: it uses ../shared, which is absent" % where)
                skipped += 1
                continue
            if kind == "sh":
                for k, line in enumerate(body):
                    if not line.strip() or line.lstrip().startswith("#"):
                        continue
                    status, out = run(line, copy, env)
                    if status in (0, 1):
                        passed += 1
                    else:
                        failed += 1
                        print("readme: FAIL %s:%d: exit status %d: %s\n%s" %
                              (os.path.basename(readme), start + k, status, line, out[-2000:]))
                continue
            cmds = []  # (line number, command, expected lines)
            for k, line in enumerate(body):
                if line.startswith("$ "):
                    cmds.append((start + k, line[2:], []))
                elif cmds:
                    cmds[-1][2].append(line)
                elif line.strip():
                    sys.exit("readme: %s: a console block starts with output, not with '$ '" % where)
            for n, cmd, want in cmds:
                while want and want[-1] == "":
                    want.pop()
                status, out = run(cmd, copy, env)
                got = out.split("\n")
                if got and got[-1] == "":
                    got.pop()
                if matches(want, got):
                    passed += 1
                else:
                    failed += 1
                    print("readme: FAIL %s:%d: %s (exit status %d)" % (os.path.basename(readme), n, cmd, status))
                    print("  expected:\n" + "\n".join("    " + w for w in want))
                    print("  got:\n" + "\n".join("    " + g for g in got[:60]))
        print("readme: %d commands passed, %d failed, %d blocks skipped" % (passed, failed, skipped))
        return 1 if failed or passed == 0 else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


sys.exit(main())
