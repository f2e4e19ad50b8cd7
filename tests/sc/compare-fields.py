#!/usr/bin/env python3
"""compare-fields.py ORIGINAL.json ROUNDTRIP.json: every field SC 4.0 carries must come back
from export then import (loket build --format=json of both catalogues, catalogue.json)."""
import json
import re
import sys

def words(text):
    return re.sub(r"\s+", " ", text or "").strip()

a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
problems = []
services = {(s["agency"], s["id"]): s for s in b["services"]}
for s in a["services"]:
    t = services.get((s["agency"], s["id"]))
    if t is None:
        problems.append("%s/%s: not imported" % (s["agency"], s["id"]))
        continue
    for key in ("title", "summary", "language", "modified", "audience"):
        if s[key] != t[key]:
            problems.append("%s/%s: %s %r became %r" % (s["agency"], s["id"], key, s[key], t[key]))
    if s["product"]["name"] != t["product"]["name"]:
        problems.append("%s/%s: product %r became %r" % (s["agency"], s["id"], s["product"], t["product"]))
    if words(s["description"]) != words(t["description"]):
        problems.append("%s/%s: description differs" % (s["agency"], s["id"]))
agencies = {x["id"]: x for x in b["agencies"]}
for x in a["agencies"]:
    y = agencies.get(x["id"])
    if y is None or x["name"] != y["name"] or x.get("uri") != y.get("uri") or x["language"] != y["language"]:
        problems.append("agency %s: name, uri or language differs" % x["id"])
for p in problems:
    print("FAIL: " + p)
print("sc round trip: %d services, %d agencies compared, %d problems"
      % (len(a["services"]), len(a["agencies"]), len(problems)))
sys.exit(1 if problems else 0)
