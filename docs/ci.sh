#!/bin/sh
# docs/ci.sh: loket as a plain shell step of any CI system (Jenkins, Woodpecker, a cron job):
# SARIF for code scanning and JUnit for test reports, whatever the first finds; then the
# step fails when there are errors (exit status 1) or a file could not be read (3).
# Assumes an installed loket (the Debian package or make install) and the catalogue in
# catalogue/; replace it with the path of yours.
status=0
loket check --format=sarif --output loket.sarif catalogue/ || status=$?
loket check --format=junit --output junit.xml catalogue/ || status=$?
loket check catalogue/ || status=$?
exit $status
