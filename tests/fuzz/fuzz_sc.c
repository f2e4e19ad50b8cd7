/* fuzz_sc.c: libFuzzer harness for the SC 4.0 feed reader (load_sc.c) and the YAML the
 * import writes: any bytes must give products or positioned errors, never a crash, a hang
 * or a leak. */
#include <stddef.h>
#include <stdint.h>

#include "load_sc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_feed f;
	struct msgq q = {0};
	load_sc_mem(&f, "fuzz.xml", (const char *)data, size, &q);
	for (size_t i = 0; i < q.n; i++) /* every message has a position in the feed */
		if (q.d[i].pos.line == 0 || q.d[i].pos.col == 0)
			__builtin_trap();
	msg_free(&q);
	load_sc_free(&f);
	return 0;
}
