// to-draft7.js: a schema exported by `loket schema export --json` (draft 2020-12) as draft-07
// for json-schema-diff (which validates its inputs as draft-07): without $schema and $id,
// $defs as definitions. Usage: node to-draft7.js IN.json OUT.json
const fs = require("fs");
const s = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
delete s.$schema;
delete s.$id;
const text = JSON.stringify(s).replace(/"\$defs"/g, '"definitions"').replace(/#\/\$defs\//g, "#/definitions/");
fs.writeFileSync(process.argv[3], text);
