#!/usr/bin/env python3
"""verify.py OUT: the published tree of OUT is one complete generation.

OUT/current is a link to .loket/gen-N; that generation's manifest names every file of
html/, json/, leaflets/ and sc/ with its SHA-256, and nothing else is there; every page's
relative links and sources resolve inside the generation; the generation named by the
manifest is the one current points at. Prints what is wrong; exit status 1 if anything."""
import hashlib, json, os, re, sys

out = sys.argv[1]
problems = []
cur = os.path.join(out, "current")
target = os.readlink(cur) if os.path.islink(cur) else None
if not target or not re.fullmatch(r"\.loket/gen-[0-9]+", target):
    print(f"{cur} is not a link to .loket/gen-N: {target}")
    sys.exit(1)
gen = os.path.join(out, target)
with open(os.path.join(gen, ".loket", "manifest.json"), encoding="utf-8") as f:
    m = json.load(f)
if f".loket/gen-{m['generation']}" != target:
    problems.append(f"the manifest describes generation {m['generation']}, current is {target}")
listed = {}
for entry in m["files"] + [f for s in m["services"] for f in s["files"]]:
    if entry["path"] in listed:
        problems.append(f"{entry['path']} listed twice")
    listed[entry["path"]] = entry["sha256"]
present = set()
for top in ("html", "json", "leaflets", "sc"):  # the format folders (render.c's back-end table)
    for root, _, files in os.walk(os.path.join(gen, top)):
        for name in files:
            present.add(os.path.relpath(os.path.join(root, name), gen))
for p in sorted(present - set(listed)):
    problems.append(f"{p} is in the generation but not in the manifest")
for p in sorted(set(listed) - present):
    problems.append(f"{p} is in the manifest but missing")
for p in sorted(present & set(listed)):
    with open(os.path.join(gen, p), "rb") as f:
        if hashlib.sha256(f.read()).hexdigest() != listed[p]:
            problems.append(f"{p} does not have the manifest's SHA-256")
for p in sorted(x for x in present if x.endswith(".html")):
    with open(os.path.join(gen, p), encoding="utf-8") as f:
        for u in re.findall(r'(?:href|src)="([^"]*)"', f.read()):
            if re.match(r"(https?:|mailto:|tel:|#)", u):
                continue
            if not os.path.exists(os.path.join(gen, os.path.dirname(p), u.split("#")[0])):
                problems.append(f"{p}: broken link {u}")
for s in m["services"]:
    for kind in ("html", "json"):
        if kind in m["formats"] and not any(f["path"].startswith(kind + "/") for f in s["files"]):
            problems.append(f"{s['agency']}/{s['id']} has no {kind} file")
for p in problems[:20]:
    print(p)
sys.exit(1 if problems else 0)
