#!/usr/bin/env bash
# make-inputs.sh DIR: writes the hostile XML inputs too big or too binary to commit into DIR.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
mkdir -p "$dir"
cd "$dir"
# A valid-looking feed compressed with gzip but named .xml: libxml2's own file reader would
# unpack it silently (a 48 KB file took 1.5 GB); loket reads bytes and never unpacks.
gzip -c -n < "$here/files/xinclude.xml" > gzip-stream.xml
# 10,000 nested elements inside a product's body.
{ printf '<?xml version="1.0" encoding="UTF-8"?>\n<overheidproduct:scproducten xmlns:overheidproduct="http://standaarden.overheid.nl/product/terms/">'
  for i in $(seq 10000); do printf '<a>'; done; for i in $(seq 10000); do printf '</a>'; done
  printf '</overheidproduct:scproducten>\n'; } > nest-10000.xml
# 20,000 attributes on one element (libxml2 2.9.14 checks duplicates in quadratic time).
{ printf '<?xml version="1.0" encoding="UTF-8"?>\n<overheidproduct:scproducten xmlns:overheidproduct="http://standaarden.overheid.nl/product/terms/"\n  '
  for i in $(seq 20000); do printf 'a%d="x" ' "$i"; done; printf '/>\n'; } > attributes-20000.xml
# 1 MB of deterministic binary junk.
awk 'BEGIN { srand(11); for (i = 0; i < 1048000; i++) printf "%c", int(rand() * 256) }' LC_ALL=C > binary-junk.xml
# UTF-16 with a BOM.
{ printf '\xff\xfe'; printf '<?xml version="1.0" encoding="UTF-16"?><a/>' | sed 's/./&\x00/g'; } > utf16.xml
# 9 MiB: over the size limit, refused before it is read whole.
{ printf '<?xml version="1.0" encoding="UTF-8"?>\n<a>'; head -c 9437184 /dev/zero | tr '\0' 'a'; printf '</a>\n'; } > size-9mb.xml
# A product whose body alone (2 MB) would make a description over loket's 1 MiB limit.
{ sed -n '1s/ISO-8859-1/UTF-8/p; 2,/<overheidproduct:body>/p' "$here/files/encoding-lies.xml" | sed '$d'
  printf '    <overheidproduct:body><overheidproduct:productHTML>'; head -c 2000000 /dev/zero | tr '\0' 'a'
  printf '</overheidproduct:productHTML></overheidproduct:body>\n  </overheidproduct:scproduct>\n</overheidproduct:scproducten>\n'
} > huge-body.xml
