// ajv-x-hint.js: lets ajv-cli (-c) compile loket's schema in strict mode.
// loket's schema annotates keywords with "x-hint" (advice shown when a value
// fails). Strict mode refuses unknown keywords, so this registers x-hint as an
// annotation that validates nothing; every other strict check stays on.
module.exports = (ajv) => ajv.addKeyword({ keyword: "x-hint", schemaType: "string" });
