/* fuzz_load.c: libFuzzer harness for the YAML loader: any bytes must give a tree or
 * positioned errors, never a crash, a hang or a leak. */
#include <stddef.h>
#include <stdint.h>

#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc d;
	struct msgq q = {0};
	load_yaml_mem(&d, "fuzz.yaml", (const char *)data, size, &load_default_limits, &q);
	for (size_t i = 0; i < q.n; i++) /* every message has a position in the file */
		if (q.d[i].pos.line == 0 || q.d[i].pos.col == 0)
			__builtin_trap();
	msg_free(&q);
	load_doc_free(&d);
	return 0;
}
