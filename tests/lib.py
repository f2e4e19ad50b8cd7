"""lib.py: what the Python test clients share (tests/lsp, tests/serve): `check`, which
prints "ok WHAT" or "FAIL WHAT" and counts the failures, and `exit_status`."""

failures = 0


def check(cond, what):
    """Print one line for a check; count it when it failed. Returns cond."""
    global failures
    print(("ok " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures += 1
    return cond


def exit_status():
    return 1 if failures else 0
