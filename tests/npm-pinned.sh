# npm-pinned.sh: shell functions for the tests whose tools come from npm (tests/a11y,
# tests/shacl, tests/vnu); sourced, not run.

# npm_pinned DIR FAIL [NPM_OPTIONS...]: Node.js 18+ and npm must be there, and
# DIR/node_modules must hold exactly the versions that DIR/package.json names (installed
# with `npm ci` from DIR/package-lock.json when not); on failure calls the function FAIL
# with the reason (FAIL may exit or return).
npm_pinned() {
  local dir=$1 fail=$2 major
  shift 2
  command -v node > /dev/null || { "$fail" "node is missing (Debian: nodejs; make deps installs it)"; return 1; }
  command -v npm > /dev/null || { "$fail" "npm is missing (Debian: npm; make deps installs it)"; return 1; }
  major=$(node -p 'process.versions.node.split(".")[0]' 2> /dev/null || echo 0)
  [ "$major" -ge 18 ] || { "$fail" "Node.js $major is too old: 18 or newer is needed"; return 1; }
  npm_pinned_ok() {
    (cd "$dir" && node -e '
      const want = require("./package.json").dependencies;
      for (const [name, version] of Object.entries(want))
        if (require(name + "/package.json").version !== version) process.exit(1);' 2> /dev/null)
  }
  npm_pinned_ok && return 0
  echo "npm ci into ${dir#"$PWD"/}/node_modules: $(cd "$dir" && node -p 'Object.keys(require("./package.json").dependencies).join(", ")')"
  if ! (cd "$dir" && npm ci --no-audit --no-fund "$@" > npm-install.log 2>&1); then
    tail -5 "$dir/npm-install.log"
    rm -f "$dir/npm-install.log"
    "$fail" "npm ci failed (offline?)"
    return 1
  fi
  rm -f "$dir/npm-install.log"
  npm_pinned_ok || { "$fail" "npm ci did not install the pinned versions"; return 1; }
}

# loket_build_catalogues LOKET TMP FORMAT [OPTIONS...]: build the sample catalogue into
# TMP/sample and the render regression catalogue into TMP/render (from the project's root);
# status 1 (some services have errors, the rest is built) is fine. Returns 1 after printing
# the log when a build fails.
loket_build_catalogues() {
  local loket=$1 tmp=$2 format=$3 c rc
  shift 3
  for c in sample:catalogue render:tests/render/catalogue; do
    "$loket" build -q --color=never --format="$format" "$@" -o "$tmp/${c%%:*}" "${c#*:}" > "$tmp/${c%%:*}.log" 2>&1
    rc=$?
    if [ $rc -gt 1 ]; then
      echo "FAIL: loket build ${c#*:} exited with $rc"
      sed 's/^/  /' "$tmp/${c%%:*}.log" | tail -10
      return 1
    fi
  done
}
