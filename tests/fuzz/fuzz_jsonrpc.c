/* fuzz_jsonrpc.c: libFuzzer harness for the language server's transport: any bytes as a
 * JSON text give a tree or an explanation, and any bytes on the stream give messages,
 * frame errors or the end, never a crash, a hang or a leak. The same bytes as a build
 * manifest (read from the output folder, where anyone who can write may have changed it)
 * give a manifest or a refusal. */
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "jsonrpc.h"
#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = {0};
	const char *err = NULL;
	if (jsonrpc_parse(&a, (const char *)data, size, &err) == NULL && err == NULL)
		__builtin_trap(); /* a refusal always says why */
	arena_free(&a);
	static const char *const dirs[] = {"html", "json", "leaflets", "sc"};
	manifest_format_names = manifest_format_dirs = dirs;
	manifest_nformats = 4;
	struct manifest m;
	if (manifest_parse(&m, (const char *)data, size) == 0)
		manifest_free(&m);
	/* the same bytes as a stream: through a pipe, as the server reads stdin */
	int fds[2];
	if (size > 60000 || pipe(fds) != 0)
		return 0;
	if (write(fds[1], data, size) != (ssize_t)size)
		__builtin_trap();
	close(fds[1]);
	struct jsonrpc_reader r = {.fd = fds[0]};
	for (unsigned rounds = 0; rounds < 100000; rounds++) {
		const char *body;
		size_t len;
		enum jsonrpc_next got = jsonrpc_next(&r, &body, &len);
		if (got == JSONRPC_EOF)
			break;
		if (got == JSONRPC_MESSAGE) {
			struct arena b = {0};
			jsonrpc_parse(&b, body, len, &err);
			arena_free(&b);
		} else if (got == JSONRPC_NEED_MORE && jsonrpc_fill(&r) != 0) {
			break;
		}
	}
	jsonrpc_reader_free(&r);
	close(fds[0]);
	return 0;
}
