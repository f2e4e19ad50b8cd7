/* fuzz_yaml_diff.c: libFuzzer harness for the YAML fast path: any bytes the fast path takes
 * must give libyaml's tree exactly (kinds, positions, texts, numbers, order), under the
 * default limits and others (tests/fuzz/yaml_diff.h); where it declines, it reports nothing
 * of its own. A difference is printed, then the harness traps (the input is saved by
 * libFuzzer; reproduce it with build/yamlfast-diff FILE). Seeds: the regression and catalogue
 * YAML; dictionary: tests/fuzz/yaml.dict. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "yaml_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf why = {0};
	if (yaml_diff("fuzz.yaml", (const char *)data, size, &why, NULL)) {
		fprintf(stderr, "fuzz_yaml_diff: the fast path and libyaml differ:\n%s", why.p);
		__builtin_trap();
	}
	buf_free(&why);
	return 0;
}
