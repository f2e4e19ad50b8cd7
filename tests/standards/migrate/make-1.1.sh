#!/usr/bin/env bash
# make-1.1.sh DIR: turn DIR (a copy of schemas/) into a standard with versions 1.0 and 1.1, where
# 1.1 makes the changes that tests/standards/migrate/1.1/migration.yaml migrates mechanically.
set -eu
dir=$1
here=$(cd "$(dirname "$0")" && pwd)
cp -r "$dir/1.0" "$dir/1.1"
cp "$here/1.1/migration.yaml" "$dir/1.1/"
sed -i 's|standard/1\.0/|standard/1.1/|; s|const: "1\.0"|const: "1.1"|; s|standard: "1\.0"|standard: "1.1"|; s|standard 1\.0|standard 1.1|' "$dir"/1.1/*.yaml
s=$dir/1.1/service.schema.yaml
sed -i 's/^  legal_basis:$/  legislation:/; s/^      note:$/      remark:/; s/enum: \[required, optional, none\]/enum: [required, optional, not-needed]/' "$s"
sed -i 's/channels, modified\]$/channels, modified, publication]/' "$s"
sed -i 's/^  modified:$/  publication:\n    description: "Whether the description is public or for internal use."\n    x-description-nl: "Of de beschrijving openbaar is of voor intern gebruik."\n    enum: [public, internal]\n  modified:/' "$s"
