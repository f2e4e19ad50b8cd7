#!/usr/bin/env python3
"""serve_test.py LOKET FOLDER TMPDIR: `loket serve` end to end (tests/serve/run.sh).

FOLDER is a copy of an agency folder (agency.yaml, extra-afvalcontainer.yaml and one
more service). Starts loket serve on a free port, fetches the service page, changes its
YAML and sees the change (and the reload event) with only that service rendered again
(the build's status line on stderr), breaks it and sees the diagnostic in the page, checks
404s, that it listens on loopback only, and that SIGTERM stops it cleanly.
"""
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lib import check, exit_status  # noqa: E402

loket, folder, tmpdir = sys.argv[1], sys.argv[2], sys.argv[3]
agency = os.path.basename(folder)
yaml = os.path.join(folder, "extra-afvalcontainer.yaml")
page = "/html/%s/extra-afvalcontainer.html" % agency


def get(path, method="GET", host="127.0.0.1"):
    c = http.client.HTTPConnection(host, port, timeout=10)
    c.request(method, path)
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, body


def wait_page(pred, timeout=5):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        status, body = get(page)
        if pred(status, body):
            return time.monotonic() - t0, body
        time.sleep(0.05)
    return None, get(page)[1]


def write(text):
    # as an editor saves: a new file renamed over the old one
    with open(yaml + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.rename(yaml + ".tmp", yaml)


before = sorted(os.listdir(folder))
env = dict(os.environ, TMPDIR=tmpdir)
errlog = open(os.path.join(tmpdir, "serve.err"), "w+b")
p = subprocess.Popen([loket, "serve", folder, "--port=0"], stdout=subprocess.PIPE, stderr=errlog, env=env)


def status_line(generation, timeout=5):
    """The build's status line of that generation on stderr, or None."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        with open(errlog.name, encoding="utf-8") as f:
            for row in f:
                if "(generation %d:" % generation in row:
                    return row.strip()
        time.sleep(0.05)
    return None



line = p.stdout.readline().decode()
check(line.startswith("loket serve: http://127.0.0.1:"), "it says where it listens: " + line.strip())
port = int(line.split("127.0.0.1:")[1].split("/")[0])

status, body = get(page)
good = open(yaml, encoding="utf-8").read()
check(status == 200 and "Extra of grotere afvalcontainer bestellen" in body, "the service page is served")
check('<script src="/_loket/reload.js"></script>' in body, "the page reloads itself (script added in the preview)")
check(get("/")[0] == 302, "/ redirects to the portal")

# server-sent events: a reload after the rebuild
events = []
def listen():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    c.request("GET", "/_loket/events")
    r = c.getresponse()
    events.append(r.getheader("Content-Type"))
    events.append(r.readline().decode())
t = threading.Thread(target=listen, daemon=True)
t.start()
time.sleep(0.3)

write(good.replace("title: Extra of grotere afvalcontainer bestellen", "title: Een nieuwe container bestellen", 1))
took, body = wait_page(lambda s, b: "Een nieuwe container bestellen" in b)
check(took is not None, "a change is shown")
if took is not None:
    print("rebuild-ms %.0f" % (took * 1000))
    check(took < 2, "within a second or so of the save (%.2f s; a loaded machine gets up to 2 s)" % took)
t.join(5)
line = status_line(2) or ""
check("published 2 services of" in line and "(generation 2: 1 rendered, 1 unchanged," in line,
      "the second build renders only the changed service: " + line)
check(events[:2] == ["text/event-stream", "data: reload\n"], "the browser is told to reload (%r)" % events)

write(good.replace("audience: [citizen]", "audience: [citizn]", 1))
took, body = wait_page(lambda s, b: "SCH003" in b)
check(took is not None, "a broken service shows its diagnostics instead of a stale page")
check("extra-afvalcontainer.yaml:" in body and "citizn" in body and "hint: Did you mean" in body,
      "file:line:col, code, message and hint in the page")
check("Een nieuwe container bestellen" not in body.split("<main>")[-1], "the stale page is gone")

write(good)
took, body = wait_page(lambda s, b: "Extra of grotere afvalcontainer bestellen" in b and "SCH003" not in b)
check(took is not None, "fixed: the page is back")

for bad in ["/html/../../etc/passwd", "/html/%2e%2e/%2e%2e/etc/passwd", "/html/.hidden", "/etc/passwd",
            "/html/" + agency + "/nothing.html", "/html/" + agency + "/../../../" + os.path.relpath(yaml, "/")]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.putrequest("GET", bad, skip_host=False)
    c.endheaders()
    check(c.getresponse().status == 404, "404: " + bad)
    c.close()
check(get(page, "POST")[0] == 405, "POST: 405")

# loopback only: the socket is bound to 127.0.0.1, and another address of the machine refuses
listening = []
for name in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        for row in open(name).read().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            if state == "0A" and int(local.split(":")[1], 16) == port:
                listening.append(local.split(":")[0])
    except OSError:
        pass
check(listening == ["0100007F"], "it listens on 127.0.0.1 only (%s)" % listening)
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect(("192.0.2.1", 9))  # no packet is sent: this finds the machine's own address
    own = s.getsockname()[0]
    s.close()
except OSError:
    own = None
if own and not own.startswith("127."):
    try:
        socket.create_connection((own, port), timeout=3).close()
        check(False, "not reachable on %s" % own)
    except OSError:
        check(True, "not reachable on %s" % own)
else:
    print("SKIP no address besides loopback to try")

p.send_signal(signal.SIGTERM)
try:
    rc = p.wait(10)
except subprocess.TimeoutExpired:
    p.kill()
    rc = None
check(rc == 0, "SIGTERM: stops with status 0 (%s)" % rc)
check(not [n for n in os.listdir(tmpdir) if n.startswith("loket-serve-")], "its private folder is removed")
check(sorted(os.listdir(folder)) == before, "nothing written into the catalogue")

r = subprocess.run([loket, "serve", folder, "--bind=not-an-address"], capture_output=True, timeout=30)
check(r.returncode == 2 and b"not-an-address" in r.stderr, "--bind with a bad address: a usage error")
errlog.close()
sys.exit(exit_status())
