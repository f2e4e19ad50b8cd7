#!/usr/bin/env bash
# tests/pkg/deb.sh TARBALL OUTDIR: the Debian package from the release tarball. The
# repository's top level is fixed, so the packaging lives in docs/debian/ and becomes
# debian/ in the extracted tarball; then dpkg-buildpackage -us -uc -b, then lintian (no
# error allowed). Leaves OUTDIR/loket_VERSION-REV_ARCH.deb.
set -euo pipefail
tarball=$(realpath "$1")
out=$2
for t in dpkg-buildpackage dh lintian; do
	command -v $t >/dev/null || { echo "deb: $t is missing (make deps installs it)"; exit 1; }
done
rm -rf "$out" && mkdir -p "$out"
out=$(realpath "$out")
tar -xzf "$tarball" -C "$out"
src=$(echo "$out"/loket-*/)
cp -r "$src/docs/debian" "$src/debian"
# The package's version is the release's: debian/changelog must name it.
version=$(sed -n 's/^#define LOKET_VERSION "\(.*\)"/\1/p' "$src/compiler/cli.h")
head -1 "$src/debian/changelog" | grep -q "^loket ($version-" ||
	{ echo "deb: docs/debian/changelog does not start with version $version-N (compiler/cli.h)"; exit 1; }
start=$(date +%s)
(cd "$src" && DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1 ||
	{ tail -40 "$out/build.log"; echo "deb: dpkg-buildpackage failed (log: $out/build.log)"; exit 1; }
deb=$(ls "$out"/loket_*.deb)
echo "deb: $(basename "$deb") built in $(($(date +%s) - start)) s"
lintian --fail-on error "$deb" > "$out/lintian.log" 2>&1 || { cat "$out/lintian.log"; echo "deb: lintian reports errors"; exit 1; }
echo "deb: lintian: no errors ($(grep -c '^W:' "$out/lintian.log" || true) warnings, in $out/lintian.log)"
