#!/usr/bin/env python3
"""client.py: a scripted LSP client for `loket lsp` (tests/lsp/run.sh).

usage: client.py LOKET FOLDER
FOLDER holds agency.yaml and extra-afvalcontainer.yaml (a valid service). Prints one
line per check, "ok ..." or "FAIL ...", and "latency-ms N" lines; exits 1 on a failure.
"""
import json
import os
import select
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, exit_status  # noqa: E402

loket, folder = sys.argv[1], sys.argv[2]
path = os.path.join(folder, "extra-afvalcontainer.yaml")
uri = "file://" + path
good = open(path, encoding="utf-8").read()


def break_text(text):
    """The service with four mistakes: a misspelt field, a value not in the list, an
    unquoted version (and so a missing required field)."""
    text = text.replace("\ntitle:", "\ntitel:", 1)
    text = text.replace("audience: [citizen]", "audience: [citizn]", 1)
    return text.replace('standard: "1.0"', "standard: 1.0", 1)


class Server:
    def __init__(self):
        self.p = subprocess.Popen([loket, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buf = b""
        self.next_id = 0

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self, timeout):
        """One message, or None after timeout seconds."""
        end = time.monotonic() + timeout
        while True:
            head = self.buf.find(b"\r\n\r\n")
            if head >= 0:
                length = None
                for line in self.buf[:head].split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if length is not None and len(self.buf) >= head + 4 + length:
                    body = self.buf[head + 4 : head + 4 + length]
                    self.buf = self.buf[head + 4 + length :]
                    return json.loads(body)
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 65536)
                if not chunk:
                    return None
                self.buf += chunk

    def wait(self, pred, timeout=10):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = self.read(end - time.monotonic())
            if m is None:
                break
            if pred(m):
                return m
        return None

    def diagnostics(self, timeout=10):
        m = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri, timeout)
        return m["params"]["diagnostics"] if m else None


def check_json(text):
    """What `loket check --format=json` says about text saved as the file."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    out = subprocess.run([loket, "check", "--format=json", "--max-diagnostics=0", path], capture_output=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(good)
    return json.loads(out.stdout)["diagnostics"]


def same_as_check(diags, text, what):
    """Every diagnostic of check about the file, at the same place with the same code,
    severity, message and hint; those of agency.yaml with their file and position."""
    want = []
    for d in check_json(text):
        msg = d["message"] + ("\nhint: " + d["hint"] if "hint" in d else "")
        sev = {"error": 1, "warning": 2, "info": 3}[d["severity"]]
        if d.get("file") == path:
            want.append((d["line"] - 1, d["column"] - 1, d["code"], sev, msg))
        else:
            where = "%s:%d:%d: " % (d["file"], d["line"], d["column"]) if d.get("line") else ""
            want.append((0, 0, d["code"], sev, where + msg))
    got = [(g["range"]["start"]["line"], g["range"]["start"]["character"], g["code"], g["severity"], g["message"]) for g in diags]
    check(sorted(got) == sorted(want), "%s: the diagnostics are check's (%d)" % (what, len(want)))
    if sorted(got) != sorted(want):
        print("  got:  %r\n  want: %r" % (sorted(got), sorted(want)))


s = Server()
r = s.request("textDocument/hover", {})
check(r is not None and r.get("error", {}).get("code") == -32002, "a request before initialize: -32002")
r = s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
caps = r and r.get("result", {}).get("capabilities", {})
check(bool(caps) and caps.get("hoverProvider") and caps.get("completionProvider") and caps.get("codeActionProvider"),
      "initialize: hover, completion and code actions offered")
check(caps.get("positionEncoding") == "utf-16", "initialize: UTF-16 positions by default")
s.notify("initialized", {})

# didOpen with errors: exactly check's diagnostics
broken = break_text(good)
s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": broken}})
diags = s.diagnostics()
check(diags is not None, "didOpen: diagnostics published")
diags = diags or []
codes = sorted(d["code"] for d in diags)
check({"SCH001", "SCH002", "SCH003", "SCH004"} <= set(codes), "didOpen: SCH001-SCH004 reported (%s)" % ",".join(codes))
same_as_check(diags, broken, "didOpen")
unknown = [d for d in diags if d["code"] == "SCH004"]
check(unknown and unknown[0]["range"]["start"] == {"line": 4, "character": 0}
      and unknown[0]["range"]["end"] == {"line": 4, "character": 5}, "SCH004: the range covers 'titel'")
check(unknown and "hint: Did you mean 'title'?" in unknown[0]["message"], "SCH004: the hint in the message")

# codeAction: the hints as edits
def actions(line):
    r = s.request("textDocument/codeAction", {"textDocument": {"uri": uri},
                  "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                  "context": {"diagnostics": []}})
    return (r or {}).get("result") or []

def edit_of(a):
    return a["edit"]["changes"][uri][0]

a = actions(4)
check(any(x["title"] == "Rename to 'title'" and edit_of(x)["newText"] == "title"
          and edit_of(x)["range"]["end"]["character"] == 5 for x in a), "codeAction: rename 'titel' to 'title'")
a = actions(17)
check(any(edit_of(x)["newText"] == "citizen" and edit_of(x)["range"]["start"]["character"] == 11 for x in a),
      "codeAction: replace 'citizn' with 'citizen'")
a = actions(1)
check(any(edit_of(x)["newText"] == '"1.0"' and edit_of(x)["range"]["start"]["character"] == 10
          and edit_of(x)["range"]["end"]["character"] == 13 for x in a), "codeAction: quote 1.0")
check(any(edit_of(x)["newText"] == 'title: ""\n' for x in a), "codeAction: add the required field 'title'")

# SCH001 in an item of a list, and a list added empty
t = good.replace("  - title: Log in\n", "  - \n", 1).replace("\n  - \n    text: Log in met DigiD.", "\n  - text: Log in met DigiD.", 1)
t = t.replace("audience: [citizen]\n", "", 1)
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 40}, "contentChanges": [{"text": t}]})
m = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 40)
tl = t.split("\n")
step = next(i for i, l in enumerate(tl) if l == "  - text: Log in met DigiD.")
a = actions(step)
check(any(edit_of(x)["newText"] == '\n    title: ""' and edit_of(x)["range"]["start"] == {"line": step, "character": len(tl[step])}
          for x in a), "codeAction: add 'title' to a step (after the item's first line)")
top = next(i for i, l in enumerate(tl) if l.startswith("standard:"))
check(any(edit_of(x)["newText"] == "audience: []\n" for x in actions(top)), "codeAction: add 'audience' as an empty list")
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 41}, "contentChanges": [{"text": broken}]})

# hover: the schema's description, type and allowed values
lines = broken.split("\n")
aud = next(i for i, l in enumerate(lines) if l.startswith("audience:"))
r = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": aud, "character": 2}})
val = ((r or {}).get("result") or {}).get("contents", {}).get("value", "")
check("**audience**" in val and "array" in val and "`citizen`" in val and "`business`" in val,
      "hover audience: type and allowed values")
summ = next(i for i, l in enumerate(lines) if l.startswith("summary:"))
r = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": summ, "character": 1}})
val = ((r or {}).get("result") or {}).get("contents", {}).get("value", "")
check("One or two sentences" in val, "hover summary: the schema's x-hint")
ch = next(i for i, l in enumerate(lines) if l.startswith("  - type: online"))
r = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": ch, "character": 5}})
val = ((r or {}).get("result") or {}).get("contents", {}).get("value", "")
check("`counter`" in val and "`online`" in val, "hover channels[].type: its values")

prod = next(i for i, l in enumerate(lines) if l.startswith("product:"))
r = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": prod, "character": 0}})
val = ((r or {}).get("result") or {}).get("contents", {}).get("value", "")
check("Rules: `VOC001`" in val and "`CON001`" in val, "hover product: the rule codes that concern it (x-rules)")

# completion: field names at the level, values of enums, products, languages
def complete(text, line, char):
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 50},
                                         "contentChanges": [{"text": text}]})
    r = s.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": char}})
    return [i["label"] for i in ((r or {}).get("result") or {}).get("items", [])]

top = complete(good + "\n", len(good.split("\n")), 0)
check("sdg" in top and "translations" in top and "type" not in top, "completion: the top-level fields")
check("summary" not in top and "channels" not in top, "completion: not the fields already there")
t = good + "channels:\n  - type: \n"
n = len(good.split("\n"))
check({"online", "counter", "phone"} <= set(complete(t, n, 10)), "completion: the channel types")
ch = complete(good + "channels:\n  - type: online\n    \n", n + 1, 4)
check("url" in ch and "type" not in ch, "completion: fields of a channel (not its type, already there)")
check("afvalcontainer" in complete(good + "product: \n", n - 1, 9), "completion: product names")
check("nl" in complete(good + "language: \n", n - 1, 10), "completion: language codes")
check("wonen" in complete(good + "life_events:\n  - \n", n, 4), "completion: life events")

# didChange fixing them: check's diagnostics of the good file (none of the errors)
t0 = time.monotonic()
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 99}, "contentChanges": [{"text": good}]})
m = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 99)
check(m is not None, "didChange: diagnostics of the fixed text")
diags = m["params"]["diagnostics"] if m else []
check(not any(d["severity"] == 1 for d in diags), "didChange: no error left")
same_as_check(diags, good, "didChange")

# incremental change: break one field by a range edit
t1 = time.monotonic()
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 100}, "contentChanges": [
    {"range": {"start": {"line": aud, "character": 11}, "end": {"line": aud, "character": 18}}, "text": "citizn"}]})
m = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 100)
check(m is not None and any(d["code"] == "SCH003" for d in m["params"]["diagnostics"]), "incremental change: SCH003")
print("latency-ms %.1f" % ((time.monotonic() - t1) * 1000))

# an open agency.yaml counts with its unsaved text, and a change to it checks the service again
auri = "file://" + os.path.join(folder, "agency.yaml")
atext = open(os.path.join(folder, "agency.yaml"), encoding="utf-8").read()
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 104}, "contentChanges": [{"text": good}]})
s.notify("textDocument/didOpen", {"textDocument": {"uri": auri, "languageId": "yaml", "version": 1,
                                   "text": atext.replace("\nname:", "\nnaam:", 1)}})
m = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
           and any("agency.yaml" in d["message"] and d["code"] == "SCH004" for d in m["params"]["diagnostics"]))
check(m is not None, "the unsaved agency.yaml: its error shown in the service")
s.notify("textDocument/didClose", {"textDocument": {"uri": auri}})
m = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
           and not any(d["severity"] == 1 for d in m["params"]["diagnostics"]))
check(m is not None, "agency.yaml closed unsaved: the one on disk again")

# document symbols: the outline
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 101}, "contentChanges": [{"text": good}]})
r = s.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
names = [x["name"] for x in (r or {}).get("result") or []]
check(names[:3] == ["standard", "id", "product"] and "channels" in names, "documentSymbol: the outline")

# robustness: JSON-RPC errors, never a crash
s.raw(b"Content-Length: 9\r\n\r\n{not json")
m = s.wait(lambda m: "error" in m)
check(m is not None and m["error"]["code"] == -32700 and m["id"] is None, "malformed JSON: parse error -32700")
r = s.request("textDocument/frobnicate", {})
check(r is not None and r.get("error", {}).get("code") == -32601, "unknown method: -32601")
s.notify("$/unknownNotification", {})
s.raw(b"X-Nothing: 1\r\n\r\n")
m = s.wait(lambda m: "error" in m)
check(m is not None and m["error"]["code"] == -32700, "a header without Content-Length: an error")
s.raw(b"Content-Length: 9000000\r\n\r\n" + b" " * 9000000)
m = s.wait(lambda m: "error" in m, 30)
check(m is not None and m["error"]["code"] == -32600, "a 9 MB message: refused with -32600")
s.raw(b"Content-Length: 200000\r\n\r\n" + b"[" * 100000 + b"]" * 100000)
m = s.wait(lambda m: "error" in m)
check(m is not None and m["error"]["code"] == -32700, "100000 nested arrays: parse error")
s.send({"jsonrpc": "2.0", "id": 77, "method": "textDocument/hover", "params": {"position": "x"}})
m = s.wait(lambda m: m.get("id") == 77)
check(m is not None and m.get("error", {}).get("code") == -32602, "hover with bad params: -32602")
huge = "description: |\n" + ("  " + "woord " * 80 + "\n") * 4000
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 102}, "contentChanges": [{"text": good + huge}]})
m = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 102, 30)
check(m is not None and any(d["code"] == "YML005" for d in m["params"]["diagnostics"]),
      "a 2 MB document: YML005 (too large), as check says")
many = good + "".join("onbekend_%d: x\n" % i for i in range(5000))
t0 = time.monotonic()
s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 103}, "contentChanges": [{"text": many}]})
m = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == 103, 30)
check(m is not None and len(m["params"]["diagnostics"]) == 4096 and time.monotonic() - t0 < 5,
      "5000 unknown fields: the first 4096 diagnostics, in %.2f s" % (time.monotonic() - t0))
body = b'{"jsonrpc":"2.0","method":"x","params":"\\ud800"}'
s.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
m = s.wait(lambda m: "error" in m)
check(m is not None and m["error"]["code"] == -32700, "a lone surrogate: parse error")

s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": [1, 2]})
s.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": 5}, "contentChanges": 7}})
s.send({"jsonrpc": "1.0", "id": 78, "method": "shutdown"})
m = s.wait(lambda m: m.get("id") == 78)
check(m is not None and m.get("error", {}).get("code") == -32600, "jsonrpc 1.0: -32600")
s.send({"jsonrpc": "2.0", "id": {"x": 1}, "method": "textDocument/hover", "params": {}})
m = s.wait(lambda m: "error" in m)
check(m is not None and m["id"] is None, "an id that is an object: answered with id null")

# shutdown and exit: status 0
r = s.request("shutdown", None)
check(r is not None and "result" in r and r["result"] is None, "shutdown: null result")
r = s.request("textDocument/hover", {})
check(r is not None and r.get("error", {}).get("code") == -32600, "a request after shutdown: -32600")
s.notify("exit", None)
try:
    rc = s.p.wait(10)
except subprocess.TimeoutExpired:
    s.p.kill()
    rc = None
check(rc == 0, "exit after shutdown: status 0 (%s)" % rc)

# positions: UTF-16 code units by default, code points when the client offers utf-32
emoji = good.replace("audience: [citizen]", "audience: [\U0001F600, citizn]", 1)
for encodings, want in ((None, 15), (["utf-32", "utf-16"], 14)):
    s = Server()
    caps = {"general": {"positionEncodings": encodings}} if encodings else {}
    r = s.request("initialize", {"capabilities": caps})
    s.notify("initialized", {})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": emoji}})
    d = [x for x in (s.diagnostics() or []) if x["code"] == "SCH003" and "citizn" in x["message"]]
    enc = r["result"]["capabilities"]["positionEncoding"]
    check(d and d[0]["range"]["start"]["character"] == want and d[0]["range"]["end"]["character"] == want + 6,
          "%s: the column after an emoji is %d" % (enc, want))
    s.request("shutdown", None)
    s.notify("exit", None)
    check(s.p.wait(10) == 0, "%s: shutdown and exit" % enc)

# exit without shutdown: status 1; end of input: no hang
s = Server()
s.request("initialize", {"capabilities": {}})
s.notify("exit", None)
check(s.p.wait(10) == 1, "exit without shutdown: status 1")
s = Server()
s.p.stdin.close()
check(s.p.wait(10) == 1, "end of input: the server ends")
sys.exit(exit_status())
