#!/usr/bin/env bash
# make-inputs.sh: writes the hostile inputs too big (or too binary) to commit into DIR.
# Usage: tests/hostile/make-inputs.sh DIR
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
# A 50 MB scalar: refused by the file size limit before it is read whole.
{ printf 'standard: "1.0"\ndescription: "'; head -c 52428800 /dev/zero | tr '\0' 'a'; printf '"\n'; } > scalar-50mb.yaml
# 10,000-deep nesting, flow and block style: refused at depth 64, in far less than libyaml's quadratic time.
{ printf 'a: '; printf '[%.0s' $(seq 10000); printf ']%.0s' $(seq 10000); printf '\n'; } > nest-flow-10000.yaml
{ printf 'a: '; printf '{a: %.0s' $(seq 10000); printf '}%.0s' $(seq 10000); printf '\n'; } > nest-map-10000.yaml
{ printf 'a:\n'; printf -- '- %.0s' $(seq 10000); printf 'x\n'; } > nest-block-10000.yaml
# 20,000 keys with the first repeated at the end: the duplicate check must stay linear.
{ for i in $(seq 20000); do printf 'key%d: %d\n' "$i" "$i"; done; printf 'key1: again\n'; } > many-keys-20000.yaml
# A description with 30,000 unknown fields: error recovery takes each out of the tree, which
# must stay linear (it took 3 s at 30,000 and 37 s at 100,000).
{ printf 'standard: "1.0"\nid: many-unknown\n'; for i in $(seq 30000); do printf 'k%d: v\n' "$i"; done; } > unknown-fields-30000.yaml
# 1 MB of deterministic binary junk.
awk 'BEGIN { srand(7); for (i = 0; i < 1048000; i++) printf "%c", int(rand() * 256) }' LC_ALL=C > binary-junk.yaml
# A long line of 200,000 'a' and a 'b' in a field checked by a pattern.
{ printf 'standard: "1.0"\nid: "'; head -c 200000 /dev/zero | tr '\0' 'a'; printf 'b"\n'; } > long-id.yaml
# A catalogue file that is a symbolic link to a file outside the catalogue.
mkdir -p symlink && ln -sf /etc/hostname symlink/outside.yaml
