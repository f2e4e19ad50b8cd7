/* fuzz_schema.c: libFuzzer harness for the schema compiler and validator: a fuzzed
 * schema against a fixed instance (a realistic service description). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char instance[] =
        "standard: \"1.0\"\nid: paspoort\nproduct: paspoort\ntitle: Paspoort aanvragen\n"
        "summary: Vraag een paspoort aan bij de gemeente.\ndescription: |\n  Een paspoort.\n\n  - met foto\n"
        "audience: [citizen]\ncosts: {items: [{description: Paspoort, amount: 84.10}], payment_methods: [online]}\n"
        "channels:\n  - {type: online, url: \"https://example.nl/a\", can: [submit, pay], identification: [digid]}\n"
        "  - type: counter\n    address: {street: Plein 1, postal_code: 1234 AB, city: Stad}\n    can: [submit]\n"
        "    opening_hours: [{days: [mon], from: \"09:00\", to: \"17:00\"}]\nmodified: \"2026-01-05\"\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct load_limits any = {LOAD_MAX_BYTES, LOAD_MAX_DEPTH, 1, 0, LOAD_PARSER_ANY};
	struct msgq q = {0};
	struct doc inst;
	load_yaml_mem(&inst, "instance.yaml", instance, strlen(instance), &load_default_limits, &q);
	struct doc *d = xcalloc(1, sizeof *d);
	struct schema_set *set = schema_set_new();
	if (load_yaml_mem(d, "schema.yaml", (const char *)data, size, &any, &q) == LOAD_OK) {
		schema_set_add(set, d, "https://fuzz.example/schema");
		if (schema_set_compile(set, &q) == 0) {
			const struct schema *s = schema_set_get(set, "https://fuzz.example/schema");
			if (s)
				schema_validate(s, inst.root, &q);
		}
	} else {
		load_doc_free(d);
		free(d);
	}
	schema_set_free(set);
	load_doc_free(&inst);
	msg_free(&q);
	return 0;
}
