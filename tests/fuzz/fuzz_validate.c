/* fuzz_validate.c: libFuzzer harness for the schema validator: a fuzzed instance
 * against the standard's service schema (the built-in one). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "catalogue.h"
#include "standard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct standard st;
static int loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!loaded) {
		struct msgq q = {0};
		if (standard_load(&st, NULL, &q) != 0)
			abort();
		msg_free(&q);
		loaded = 1;
	}
	struct doc d;
	struct msgq q = {0};
	if (load_yaml_mem(&d, "fuzz.yaml", (const char *)data, size, &load_default_limits, &q) == LOAD_OK) {
		catalogue_validate_doc(&st, d.root, 0, &q);
		catalogue_validate_doc(&st, d.root, 1, &q);
	}
	msg_free(&q);
	load_doc_free(&d);
	return 0;
}
