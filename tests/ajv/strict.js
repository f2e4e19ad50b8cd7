// strict.js: compiles a JSON Schema in ajv's strict mode (draft 2020-12, ajv/dist/2020,
// with ajv-formats) and validates data files against it.
//   node strict.js SCHEMA.json [DATA.json...]   exit 0 when the schema compiles and every
//                                               data file is valid; problems on stdout
//   node strict.js --teeth SCHEMA.json          exit 0 when strict mode refuses each of
//                                               two mutations of SCHEMA: an x-hint keyword,
//                                               and a maxLength without a type beside it
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

function compile(schema) {
  // strict: true turns every strict check into an error: unknown keywords and formats,
  // strictTypes (a type beside maxLength and the like), strictTuples, strictRequired.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const args = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
let failed = false;
if (args[0] === "--teeth") {
  const mutations = {
    "an x-hint keyword": (s) => { s.properties.id["x-hint"] = "a hint"; },
    "maxLength without a type": (s) => { delete s.properties.title.type; },
  };
  for (const [name, mutate] of Object.entries(mutations)) {
    const s = read(args[1]);
    mutate(s);
    try {
      compile(s);
      console.log("strict mode accepts a schema with " + name);
      failed = true;
    } catch (e) { /* refused, as it should be */ }
  }
} else {
  let validate;
  try {
    validate = compile(read(args[0]));
  } catch (e) {
    console.log(args[0] + ": " + e.message);
    process.exit(1);
  }
  for (const f of args.slice(1)) {
    if (!validate(read(f))) {
      failed = true;
      for (const e of validate.errors.slice(0, 5))
        console.log(f + ": " + (e.instancePath || "(top)") + " " + e.message);
    }
  }
}
process.exit(failed ? 1 : 0);
