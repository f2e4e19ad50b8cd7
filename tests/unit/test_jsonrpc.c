/* test_jsonrpc.c: the language server's transport: the strict JSON reader (what it
 * accepts, what it refuses, limits) and Content-Length framing over a pipe. */
#include "unit.h"

#include <unistd.h>

#include "jsonrpc.h"

static const struct node *parse(struct arena *a, const char *s, const char **err)
{
	return jsonrpc_parse(a, s, strlen(s), err);
}

static void test_parse_values(void **state)
{
	(void)state;
	struct arena a = {0};
	const char *err;
	const struct node *n = parse(&a, " {\"a\": [1, -2.5e3, true, false, null, \"x\"], \"b\": {}} ", &err);
	assert_non_null(n);
	assert_int_equal(n->kind, NODE_MAP);
	assert_int_equal(n->n, 2);
	const struct node *l = node_get(n, "a");
	assert_int_equal(l->kind, NODE_SEQ);
	assert_int_equal(l->n, 6);
	assert_int_equal(l->kids[0]->kind, NODE_INT);
	assert_true(l->kids[0]->num == 1);
	assert_int_equal(l->kids[1]->kind, NODE_FLOAT);
	assert_true(l->kids[1]->num == -2500);
	assert_int_equal(l->kids[2]->kind, NODE_BOOL);
	assert_true(l->kids[2]->boolean);
	assert_false(l->kids[3]->boolean);
	assert_int_equal(l->kids[4]->kind, NODE_NULL);
	assert_string_equal(l->kids[5]->str, "x");
	assert_int_equal(node_get(n, "b")->kind, NODE_MAP);
	arena_free(&a);
}

static void test_parse_strings(void **state)
{
	(void)state;
	struct arena a = {0};
	const char *err;
	/* escapes, a surrogate pair, raw UTF-8 and an escaped NUL (kept: len counts it) */
	const struct node *n = parse(&a, "\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00é\\u0000z\"", &err);
	assert_non_null(n);
	static const char want[] = "a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80\xc3\xa9\0z";
	assert_int_equal(n->len, sizeof want - 1);
	assert_memory_equal(n->str, want, n->len);
	arena_free(&a);
}

static void test_parse_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
	        "",         "{",        "[1,]",         "{\"a\":1,}",  "{'a':1}",     "{a:1}",
	        "01",       "1.",       ".5",           "1e",          "+1",          "NaN",
	        "1e999",    "tru",      "\"\\x\"",      "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
	        "\"a\tb\"", "\"\xff\"", "\"\xc0\xaf\"", "[1] [2]",     "// c\n1",     "{\"a\" 1}",
	        "[1 2]",    "\"abc",    "\"\\u12\"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct arena a = {0};
		const char *err = NULL;
		if (parse(&a, bad[i], &err) != NULL)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(err);
		arena_free(&a);
	}
}

static void test_parse_depth(void **state)
{
	(void)state;
	struct buf b = {0};
	for (int i = 0; i < JSONRPC_MAX_DEPTH; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < JSONRPC_MAX_DEPTH; i++)
		buf_addc(&b, ']');
	struct arena a = {0};
	const char *err;
	assert_non_null(jsonrpc_parse(&a, b.p, b.len, &err));
	arena_free(&a);
	b.len = 0;
	for (int i = 0; i < 100000; i++) /* deep nesting is refused at the limit, quickly */
		buf_addc(&b, '[');
	assert_null(jsonrpc_parse(&a, b.p, b.len, &err));
	assert_string_equal(err, "nested deeper than 64 levels");
	arena_free(&a);
	buf_free(&b);
}

/* Write bytes into a pipe and read the messages back. */
static void test_framing(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	struct jsonrpc_reader r = {.fd = fds[0]};
	static const char in[] =
	        "Content-Length: 2\r\n\r\n{}"
	        "content-length:  3 \r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1]"
	        "X-Other: 1\r\n\r\n"
	        "Content-Length: 99999999\r\n\r\nabc";
	assert_int_equal(write(fds[1], in, sizeof in - 1), (ssize_t)(sizeof in - 1));
	assert_int_equal(jsonrpc_write(fds[1], "null", 4), 0);
	close(fds[1]);
	const char *body;
	size_t len;
	assert_int_equal(jsonrpc_next(&r, &body, &len), JSONRPC_NEED_MORE);
	assert_int_equal(jsonrpc_fill(&r), 0);
	assert_int_equal(jsonrpc_next(&r, &body, &len), JSONRPC_MESSAGE);
	assert_int_equal(len, 2);
	assert_memory_equal(body, "{}", 2);
	assert_int_equal(jsonrpc_next(&r, &body, &len), JSONRPC_MESSAGE);
	assert_memory_equal(body, "[1]", 3);
	assert_int_equal(jsonrpc_next(&r, &body, &len), JSONRPC_BAD_FRAME);
	/* too large: refused, and the rest of its body (here: all that follows) is skipped */
	assert_int_equal(jsonrpc_next(&r, &body, &len), JSONRPC_TOO_LARGE);
	while (!r.eof)
		assert_int_equal(jsonrpc_fill(&r), 0);
	assert_int_equal(jsonrpc_next(&r, &body, &len), JSONRPC_EOF);
	jsonrpc_reader_free(&r);
	close(fds[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_parse_values),  cmocka_unit_test(test_parse_strings),
	        cmocka_unit_test(test_parse_refused), cmocka_unit_test(test_parse_depth),
	        cmocka_unit_test(test_framing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
