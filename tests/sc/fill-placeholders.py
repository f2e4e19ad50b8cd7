#!/usr/bin/env python3
"""fill-placeholders.py FOLDER...: fill what loket import sc leaves to write (the fields SC 4.0
cannot carry) with fixed test values, so that the imported catalogue builds again. Used by the
round-trip test: none of these fields is part of an SC feed, so the feed must not change."""
import re
import sys
from pathlib import Path

AGENCY = {
    "name": "name: Stichting Proef",
    "type": "type: other",
    "website": 'website: "https://www.example.org"',
    "contact": 'contact: {url: "https://www.example.org/contact"}',
}
SERVICE = {
    "costs": "costs: {free: true}",
    "channels": "channels: [{type: post, address: {street: Straat 1, postal_code: 1234 AB, city: Stad}, can: [submit]}]",
    "description": "description: Een beschrijving om te testen.",
    "summary": "summary: Een samenvatting om te testen.",
    "product": "product: afvalcontainer",
    "audience": "audience: [citizen]",
}
# Fields SDG services need (SDG regulation, Art. 10) and a waiver of DIG003: the channels that
# SC cannot carry are not filled in, so an Annex II procedure cannot be fully online here.
SDG = """steps:
  - title: Aanvragen
    text: Vraag het aan.
processing_time: {duration: P8W}
no_response: {rule: none}
redress: Maak bezwaar binnen zes weken.
waivers:
  - rule: DIG003
    reason: Round-trip test; the channels SC cannot carry are not filled in.
"""

TXT001 = """waivers:
  - rule: TXT001
    reason: Round-trip test of markup kept as text in every output.
"""

for folder in sys.argv[1:]:
    for path in sorted(Path(folder).rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        table = AGENCY if path.name == "agency.yaml" else SERVICE
        for key, value in table.items():
            text = re.sub(r"^%s:  # to write:.*$" % key, lambda m: value, text, flags=re.M)
        if path.name != "agency.yaml" and "# to write for an SDG service" in text:
            text += SDG
        elif path.name != "agency.yaml" and re.search(r"<[a-z]|&[a-z]+;|^  # ", text, flags=re.M):
            # The escaping test's markup stays as text (TXT001 refuses it in a description).
            text += TXT001
        left = re.findall(r"^(\w+):  # to write", text, flags=re.M)
        if left:
            sys.exit("%s: placeholders left: %s" % (path, ", ".join(left)))
        path.write_text(text, encoding="utf-8")
