#!/usr/bin/env python3
"""pdfua.py: the PDF/UA-1 checks of a leaflet that can be made without veraPDF (see README.md).

Usage: pdfua.py [--lang=TAG|auto:TAG] [--outlines=N] [--alt=TEXT] [--whole-text] FILE.pdf...
Reads each PDF through qpdf's JSON (qpdf --json, streams decoded), pdfinfo -struct-text and
pdftotext -bbox-layout, prints one line per failed check ("FAIL: file: what") and exits 1
when any check fails. --lang: the expected /Lang and dc:language (auto:TAG: the language in
the file's name, x.en.pdf, else TAG); --outlines: the number of
top-level bookmarks (an agency's file), each pointing at the page that shows its title;
--alt: text every Figure's /Alt must contain; --whole-text: no nested /ActualText (then
every element's text can be read whole from the tree; a word that pango hyphenates, only
one longer than a line, carries one).
"""
import base64
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

failures = 0
whole_text = False  # --whole-text


def fail(path, what):
    global failures
    failures += 1
    print(f"FAIL: {path.rsplit('/', 1)[-1]}: {what}")


def text(v):
    """A PDF string as qpdf's JSON gives it ("u:..." for text strings, "b:..." for bytes)."""
    if isinstance(v, str) and v[:2] in ("u:", "b:"):
        return v[2:]
    return v


def load(path):
    out = subprocess.run(["qpdf", "--json", "--json-key=qpdf", "--json-stream-data=inline",
                          "--decode-level=generalized", path], capture_output=True, check=True).stdout
    objs = json.loads(out)["qpdf"][1]
    return {k[4:]: v for k, v in objs.items() if k.startswith("obj:")}, objs["trailer"]["value"]


def val(objs, ref):
    """The value of an indirect reference ("12 0 R"), or the value itself."""
    if isinstance(ref, str) and ref.endswith(" R") and ref in objs:
        o = objs[ref]
        return o["stream"]["dict"] if "stream" in o else o["value"]
    return ref


def stream_data(objs, ref):
    return base64.b64decode(objs[ref]["stream"]["data"])


TOKEN = re.compile(rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<<|>>|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/<>\[\]()%]*"
                   rb"|[^\s/<>\[\]()%]+|%[^\n]*")
PAINT = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"sh", b"Do", b"BI"}


def content_check(path, objs, page_no, data):
    """Every painting operator is in marked content (tagged, or an /Artifact), and there is
    no nested /ActualText; returns the MCIDs of the page's marked content."""
    depth, mcids, operands, untagged, actual = 0, [], [], 0, 0
    for m in TOKEN.finditer(data):
        t = m.group(0)
        if t.startswith(b"%"):
            continue
        if t == b"BDC" and b"/ActualText" in b" ".join(operands):
            actual += 1
        if t in (b"BDC", b"BMC"):
            if t == b"BDC" and b"/MCID" in b" ".join(operands):
                mcids.append(int(re.search(rb"/MCID\s+(\d+)", b" ".join(operands)).group(1)))
            depth += 1
        elif t == b"EMC":
            depth -= 1
        elif t in PAINT and depth == 0:
            untagged += 1
        if re.fullmatch(rb"[A-Za-z'\"*]+", t) and t not in (b"true", b"false", b"null"):
            operands = []
        else:
            operands.append(t)
    if untagged:
        fail(path, f"page {page_no}: {untagged} painting operators neither tagged nor an artifact")
    if depth != 0:
        fail(path, f"page {page_no}: unbalanced marked content")
    if actual and whole_text:  # valid PDF, but poppler's structure reader cuts an element's text there
        fail(path, f"page {page_no}: {actual} nested /ActualText sequences (ligatures, glyph-less characters)")
    return mcids


def struct_walk(path, objs, root):
    """The structure elements in pre-order: (type, element, depth); the marked content
    (page ref, MCID) and annotations (OBJR) they hold."""
    elems, mcrs, objrs = [], set(), {}
    stack = [(k, 0, None) for k in reversed(as_list(val(objs, root).get("/K")))]
    while stack:
        k, depth, parent = stack.pop()
        if isinstance(k, int):
            mcrs.add((parent.get("/Pg"), k))
            continue
        e = val(objs, k)
        if not isinstance(e, dict):
            continue
        if e.get("/Type") == "/MCR":
            mcrs.add((e.get("/Pg"), e.get("/MCID")))
            continue
        if e.get("/Type") == "/OBJR":
            objrs[e.get("/Obj")] = parent
            continue
        elems.append((e.get("/S", "")[1:], e, depth))
        for kid in reversed(as_list(e.get("/K"))):
            stack.append((kid, depth + 1, e))
    return elems, mcrs, objrs


def as_list(v):
    return v if isinstance(v, list) else [] if v is None else [v]


def check(path, lang, outlines, alt):
    if lang and lang.startswith("auto:"):  # the language in the name (x.en.pdf), else the given one
        m = re.search(r"\.([a-z]{2,3}(?:-[A-Za-z0-9]+)*)\.pdf$", path)
        lang = m.group(1) if m else lang[5:]
    objs, trailer = load(path)
    root = val(objs, trailer["/Root"])
    info = val(objs, trailer.get("/Info"))
    title = text(info.get("/Title", "")) if isinstance(info, dict) else ""
    # The catalogue.
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        fail(path, "no /MarkInfo << /Marked true >>")
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        fail(path, "no /ViewerPreferences << /DisplayDocTitle true >>")
    if lang and text(root.get("/Lang")) != lang:
        fail(path, f"/Lang is {root.get('/Lang')!r}, expected {lang!r}")
    if not title:
        fail(path, "no /Title in the document information")
    # XMP.
    meta = root.get("/Metadata")
    if meta not in objs or "stream" not in objs[meta] or objs[meta]["stream"]["dict"].get("/Subtype") != "/XML":
        fail(path, "no XMP metadata stream in the catalogue")
    else:
        ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
              "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}
        try:
            x = ET.fromstring(stream_data(objs, meta))
            part = x.find(".//pdfuaid:part", ns)
            if part is None or part.text != "1":
                fail(path, "XMP: no pdfuaid:part 1")
            t = x.find(".//dc:title/rdf:Alt/rdf:li", ns)
            if t is None or t.text != title:
                fail(path, f"XMP: dc:title {None if t is None else t.text!r} is not the title {title!r}")
            lg = x.find(".//dc:language/rdf:Bag/rdf:li", ns)
            if lang and (lg is None or lg.text != lang):
                fail(path, f"XMP: dc:language is not {lang!r}")
        except ET.ParseError as e:
            fail(path, f"XMP does not parse: {e}")
    # The structure tree.
    if "/StructTreeRoot" not in root:
        fail(path, "no structure tree")
        return
    elems, mcrs, objrs = struct_walk(path, objs, root["/StructTreeRoot"])
    kinds = [k for k, _, _ in elems]
    allowed = {"Document", "Sect", "P", "H1", "H2", "H3", "L", "LI", "Lbl", "LBody", "Figure", "Link", "Span"}
    if not kinds or kinds[0] != "Document" or kinds.count("Document") != 1:
        fail(path, "the structure tree does not start with one Document")
    if set(kinds) - allowed:
        fail(path, f"unexpected structure types: {sorted(set(kinds) - allowed)}")
    for need in ("H1", "H2", "P"):
        if need not in kinds:
            fail(path, f"no {need} element")
    level = 0  # headings: an H1 first in each Document or Sect, no level skipped
    for k, e, _ in elems:
        if k == "Sect":
            level = 0
            if not text(e.get("/Lang", "")):
                fail(path, "a Sect (a leaflet in an agency's file) without /Lang")
        if "/Lang" in e and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", text(e["/Lang"])):
            fail(path, f"{k} with /Lang {e['/Lang']!r}")
        elif re.fullmatch(r"H[1-6]", k):
            n = int(k[1])
            if n > level + 1:
                fail(path, f"heading {k} after H{level}")
            level = n
        elif k == "LI" and [val(objs, c).get("/S") for c in as_list(e.get("/K"))] != ["/Lbl", "/LBody"]:
            fail(path, "a list item without Lbl and LBody")
        elif k == "Figure":
            a = text(e.get("/Alt", ""))
            if not a or (alt and alt not in a):
                fail(path, f"Figure /Alt {a!r} (expected it to name {alt!r})")
    # Pages: /Tabs /S, every painting operator tagged or an artifact, every marked
    # content in the tree; every annotation a link with /Contents, in a Link element.
    pages = []
    todo = [val(objs, root["/Pages"])]
    while todo:
        n = todo.pop(0)
        for kid in n.get("/Kids", []):
            v = val(objs, kid)
            if v.get("/Type") == "/Pages":
                todo.append(v)
            else:
                pages.append(kid)
    content_mcrs = set()
    for i, ref in enumerate(pages, 1):
        page = val(objs, ref)
        if page.get("/Tabs") != "/S":
            fail(path, f"page {i}: no /Tabs /S")
        for c in as_list(page.get("/Contents")):
            content_mcrs |= {(ref, m) for m in content_check(path, objs, i, stream_data(objs, c))}
        for a in page.get("/Annots", []):
            annot = val(objs, a)
            uri = text(annot.get("/A", {}).get("/URI", ""))
            contents = text(annot.get("/Contents", ""))
            bare = re.sub(r"^(https?://|mailto:|tel:)", "", uri)
            if annot.get("/Subtype") != "/Link" or not contents or bare not in contents and uri not in contents:
                fail(path, f"page {i}: link {uri!r} has /Contents {contents!r}")
            parent = objrs.get(a)
            if parent is None or parent.get("/S") != "/Link" or "/StructParent" not in annot:
                fail(path, f"page {i}: link {uri!r} is not in a Link element")
    if content_mcrs != mcrs:
        fail(path, f"{len(content_mcrs ^ mcrs)} marked-content sequences not in the structure tree (or the reverse)")
    # Bookmarks.
    if outlines is not None:
        top = []
        o = val(objs, root.get("/Outlines", ""))
        item = o.get("/First") if isinstance(o, dict) else None
        while item:
            top.append(val(objs, item))
            item = top[-1].get("/Next")
        if len(top) != outlines or (outlines and root.get("/PageMode") != "/UseOutlines"):
            fail(path, f"{len(top)} bookmarks (expected {outlines}, with /PageMode /UseOutlines)")
        for b in top:
            dest = b.get("/Dest", [None])[0]
            t = text(b.get("/Title", ""))
            if dest not in pages:
                fail(path, f"bookmark {t!r} points at no page")
                continue
            n = pages.index(dest) + 1
            page_text = subprocess.run(["pdftotext", "-raw", "-f", str(n), "-l", str(n), path, "-"],
                                       capture_output=True, text=True).stdout
            if "".join(t.split()) not in "".join(page_text.split()):  # lines broken anywhere
                fail(path, f"bookmark {t!r} points at page {n}, which does not show it")
    reading_order(path)


def reading_order(path):
    """The headings in the order of the structure tree are in the visual order of the
    page: page by page, the full-width part and the left column before the right one."""
    tree = subprocess.run(["pdfinfo", "-struct-text", path], capture_output=True, text=True).stdout.split("\n")
    heads = [tree[i + 1].strip().strip('"') for i, line in enumerate(tree[:-1])
             if re.fullmatch(r"\s*H[1-3] \(block\)", line)]
    layout = subprocess.run(["pdftotext", "-bbox-layout", path, "-"], capture_output=True, text=True).stdout
    where, page, width = {}, 0, 0
    for line in layout.split("\n"):
        m = re.search(r'<page width="([0-9.]+)"', line)
        if m:
            page, width = page + 1, float(m.group(1))
        m = re.search(r'<line xMin="([0-9.]+)" yMin="([0-9.]+)"', line)
        if m:
            cur = [float(m.group(1)), float(m.group(2)), []]
        m = re.search(r"<word [^>]*>(.*)</word>", line)
        if m:
            cur[2].append(m.group(1))
        if "</line>" in line:
            t = " ".join(cur[2]).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
            t = t.replace("&quot;", '"').replace("&apos;", "'")
            where.setdefault(t, []).append((page, 1 if cur[0] > width / 2 else 0, cur[1]))
    seen, keys = {}, []
    for h in heads:
        n = seen.get(h, 0)
        seen[h] = n + 1
        if h in where and n < len(where[h]):
            keys.append((where[h][n], h))
    if len(keys) < len(heads) // 2 or len(heads) < 3:
        fail(path, f"reading order: found {len(keys)} of {len(heads)} headings on the pages")
    if [k for k, _ in keys] != sorted(k for k, _ in keys):
        fail(path, "reading order: headings not in the visual order: " + ", ".join(h for _, h in keys))


def main():
    global whole_text
    lang = outlines = alt = None
    files = []
    for a in sys.argv[1:]:
        if a.startswith("--lang="):
            lang = a[7:]
        elif a.startswith("--outlines="):
            outlines = int(a[11:])
        elif a.startswith("--alt="):
            alt = a[6:]
        elif a == "--whole-text":
            whole_text = True
        else:
            files.append(a)
    for f in files:
        check(f, lang, outlines, alt)
    sys.exit(1 if failures else 0)


main()
