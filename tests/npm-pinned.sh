# npm-pinned.sh: sourced by the tests that run npm packages (tests/a11y, tests/ajv).
# npm_pinned NAME DIR: DIR/node_modules holds exactly the versions DIR/package.json
# names, installed once with `npm ci` from DIR/package-lock.json (again when package.json
# asks for other versions). When that cannot be done, it calls the caller's
# `unavailable MESSAGE` (which skips the test, or fails it when the test is required).

# npm_pinned_installed DIR: whether DIR/node_modules holds the pinned versions.
npm_pinned_installed() {
  (cd "$1" && node -e '
    const want = require("./package.json").dependencies;
    for (const [name, version] of Object.entries(want))
      if (require(name + "/package.json").version !== version) process.exit(1);' 2> /dev/null)
}

npm_pinned() {
  local name=$1 dir=$2 packages
  npm_pinned_installed "$dir" && return 0
  packages=$(cd "$dir" && node -p 'Object.keys(require("./package.json").dependencies).join(", ")')
  echo "$name: npm ci ($packages) into $dir/node_modules"
  if ! (cd "$dir" && npm ci --no-audit --no-fund) > "$dir/npm-ci.log" 2>&1; then
    tail -5 "$dir/npm-ci.log"
    rm -f "$dir/npm-ci.log"
    unavailable "npm ci failed (offline?)"
    return 1
  fi
  rm -f "$dir/npm-ci.log"
  npm_pinned_installed "$dir" || { unavailable "npm ci did not install the pinned versions"; return 1; }
}
