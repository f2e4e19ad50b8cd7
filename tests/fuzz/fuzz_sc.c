/* fuzz_sc.c: libFuzzer harness for the SC 4.0 feed reader of loket import sc (load_sc.c):
 * any bytes must give products or errors positioned in the feed, never a crash, a hang or
 * a leak. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "load_sc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char name[] = "fuzz.xml";
	struct sc_feed f;
	struct msgq q = {0};
	int rc = load_sc_mem(&f, name, (const char *)data, size, &q);
	if ((rc == 0) != (q.n == 0)) /* refused exactly when there is a message */
		__builtin_trap();
	for (size_t i = 0; i < q.n; i++) {
		const struct pos *p = &q.d[i].pos;
		if (p->file == NULL || strcmp(p->file, name) != 0 || p->line == 0 || p->col == 0)
			__builtin_trap();
	}
	msg_free(&q);
	load_sc_free(&f);
	return 0;
}
