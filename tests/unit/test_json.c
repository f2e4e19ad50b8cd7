/* test_json.c: the JSON writer: escaping, numbers, nesting and commas, pretty and compact. */
#include "unit.h"

#include <limits.h>

#include "json.h"

/* Escape n bytes and compare with the expected text. */
static void check_escape(const char *s, size_t n, const char *want)
{
	struct buf b = {0};
	json_escape(&b, s, n);
	const char *got = b.p ? b.p : "";
	if (strcmp(got, want) != 0)
		fprintf(stderr, "  escape of %zu bytes gave \"%s\"\n", n, got);
	assert_string_equal(got, want);
	buf_free(&b);
}

#define ESC(lit, want) check_escape((lit), sizeof(lit) - 1, (want))

/* One value written by f, compact. */
static char *one(void (*f)(struct json *, const void *), const void *arg)
{
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	f(&j, arg);
	return buf_take(&b);
}

static void put_num(struct json *j, const void *arg) { json_num(j, *(const double *)arg); }
static void put_int(struct json *j, const void *arg) { json_int(j, *(const long long *)arg); }

static void check_num(double v, const char *want)
{
	char *s = one(put_num, &v);
	if (strcmp(s, want) != 0)
		fprintf(stderr, "  json_num(%.17g) gave %s\n", v, s);
	assert_string_equal(s, want);
	assert_true(unit_json_valid(s, strlen(s)));
	free(s);
}

static void check_int(long long v, const char *want)
{
	char *s = one(put_int, &v);
	assert_string_equal(s, want);
	free(s);
}

/* ------------------------------------------------------------ escaping */

static void test_escape_json_specials(void **state)
{
	(void)state;
	ESC("", "");
	ESC("plain text", "plain text");
	ESC("\"", "\\\"");
	ESC("\\", "\\\\");
	ESC("a\"b\\c", "a\\\"b\\\\c");
	ESC("/", "/");
	ESC("\n", "\\n");
	ESC("\t", "\\t");
	ESC("\r", "\\r");
}

static void test_escape_control_characters(void **state)
{
	(void)state;
	ESC("\x01", "\\u0001");
	ESC("\x08", "\\u0008");
	ESC("\x0c", "\\u000c");
	ESC("\x1b[31m", "\\u001b[31m");
	ESC("\x1f", "\\u001f");
	ESC("\x7f", "\\u007f");
	ESC("a\0b", "a\\u0000b"); /* json_escape takes a length: NUL is escaped, not an end */
	ESC(" ", " ");
}

static void test_escape_html_characters(void **state)
{
	(void)state;
	ESC("<", "\\u003c");
	ESC(">", "\\u003e");
	ESC("&", "\\u0026");
	ESC("</script><!--", "\\u003c/script\\u003e\\u003c!--");
	ESC("a & b", "a \\u0026 b");
}

static void test_escape_line_separators(void **state)
{
	(void)state;
	ESC("\xe2\x80\xa8", "\\u2028");
	ESC("\xe2\x80\xa9", "\\u2029");
	ESC("a\xe2\x80\xa8"
	    "b\xe2\x80\xa9"
	    "c",
	    "a\\u2028b\\u2029c");
	/* Neighbours of U+2028 stay as they are. */
	ESC("\xe2\x80\xa7", "\xe2\x80\xa7"); /* U+2027 */
	ESC("\xe2\x80\xaa", "\xe2\x80\xaa"); /* U+202A */
}

static void test_escape_keeps_utf8(void **state)
{
	(void)state;
	ESC("é", "é");
	ESC("€ 😀 日本", "€ 😀 日本");
	ESC("\xc2\x85", "\xc2\x85"); /* U+0085 is valid in JSON strings */
	/* Invalid UTF-8 never reaches the output raw. */
	ESC("\xff", "\\ufffd");
	ESC("a\xc3", "a\\ufffd");
	ESC("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd");
	struct buf b = {0};
	json_escape(&b, "x\xc0\x80y", 4);
	assert_true(utf8_valid(b.p, b.len));
	buf_free(&b);
}

static void test_escaped_output_is_valid_json(void **state)
{
	(void)state;
	/* Every byte value inside a string: the result parses and holds no raw controls. */
	char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	json_strn(&j, all, sizeof all);
	assert_true(unit_json_valid(b.p, b.len));
	assert_true(utf8_valid(b.p, b.len));
	for (size_t i = 0; i < b.len; i++)
		assert_true((unsigned char)b.p[i] >= 0x20);
	assert_null(strchr(b.p, '<'));
	assert_null(strchr(b.p, '>'));
	assert_null(strchr(b.p, '&'));
	buf_free(&b);
}

/* ------------------------------------------------------------ numbers */

static void test_integers(void **state)
{
	(void)state;
	check_int(0, "0");
	check_int(42, "42");
	check_int(-7, "-7");
	check_int(LLONG_MAX, "9223372036854775807");
	check_int(LLONG_MIN, "-9223372036854775808");
}

static void test_numbers(void **state)
{
	(void)state;
	check_num(0, "0");
	check_num(-0.0, "0");
	check_num(3, "3");
	check_num(-12, "-12");
	check_num(1.0, "1");
	check_num(0.1, "0.1");
	check_num(1.5, "1.5");
	check_num(84.1, "84.1");
	check_num(-0.25, "-0.25");
	check_num(0.1 + 0.2, "0.30000000000000004");
	check_num(1e300, "1e+300");
	check_num(1e21, "1e+21");
	check_num(1e-7, "1e-07");
	check_num(9007199254740991.0, "9007199254740991");
	check_num(9007199254740992.0, "9007199254740992");
	check_num(5e-324, "5e-324");
}

static void test_numbers_round_trip(void **state)
{
	(void)state;
	const double values[] = {
	        1.0 / 3, 2.0 / 3, 123456.789, 1e-300, 6.02214076e23, -1.7976931348623157e308, 2.2250738585072014e-308,
	        0.3,     19.99,   1e15 + 0.5};
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		char *s = one(put_num, &values[i]);
		assert_true(unit_json_valid(s, strlen(s)));
		assert_true(strtod(s, NULL) == values[i]);
		/* The shortest form: one digit fewer would not read back the same. */
		assert_true(strlen(s) <= 24);
		free(s);
	}
}

static void test_non_finite_numbers_are_null(void **state)
{
	(void)state;
	check_num(NAN, "null");
	check_num(INFINITY, "null");
	check_num(-INFINITY, "null");
}

/* ------------------------------------------------------------ structure */

static void test_compact_nesting_and_commas(void **state)
{
	(void)state;
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	json_obj_begin(&j);
	json_kv_str(&j, "a", "x");
	json_key(&j, "b");
	json_arr_begin(&j);
	json_int(&j, 1);
	json_num(&j, 2.5);
	json_obj_begin(&j);
	json_key(&j, "c");
	json_null(&j);
	json_obj_end(&j);
	json_arr_begin(&j);
	json_arr_end(&j);
	json_bool(&j, 1);
	json_bool(&j, 0);
	json_arr_end(&j);
	json_key(&j, "d");
	json_obj_begin(&j);
	json_obj_end(&j);
	json_kv_int(&j, "e", -3);
	json_obj_end(&j);
	assert_string_equal(b.p, "{\"a\":\"x\",\"b\":[1,2.5,{\"c\":null},[],true,false],\"d\":{},\"e\":-3}");
	assert_true(unit_json_valid(b.p, b.len));
	buf_free(&b);
}

static void test_pretty(void **state)
{
	(void)state;
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 1);
	json_obj_begin(&j);
	json_kv_int(&j, "a", 1);
	json_key(&j, "b");
	json_arr_begin(&j);
	json_int(&j, 1);
	json_str(&j, "two");
	json_arr_end(&j);
	json_key(&j, "c");
	json_obj_begin(&j);
	json_obj_end(&j);
	json_key(&j, "d");
	json_arr_begin(&j);
	json_arr_end(&j);
	json_key(&j, "e");
	json_obj_begin(&j);
	json_kv_str(&j, "f", "g");
	json_obj_end(&j);
	json_obj_end(&j);
	assert_string_equal(b.p, "{\n"
	                         "  \"a\": 1,\n"
	                         "  \"b\": [\n"
	                         "    1,\n"
	                         "    \"two\"\n"
	                         "  ],\n"
	                         "  \"c\": {},\n"
	                         "  \"d\": [],\n"
	                         "  \"e\": {\n"
	                         "    \"f\": \"g\"\n"
	                         "  }\n"
	                         "}\n");
	assert_true(unit_json_valid(b.p, b.len));
	buf_free(&b);
}

static void test_pretty_and_compact_same_data(void **state)
{
	(void)state;
	/* Removing the layout white space from the pretty form gives the compact form. */
	for (int pretty = 0; pretty <= 1; pretty++) {
		struct buf b = {0};
		struct json j;
		json_init(&j, &b, pretty);
		json_arr_begin(&j);
		for (int i = 0; i < 3; i++) {
			json_obj_begin(&j);
			json_kv_int(&j, "i", i);
			json_kv_str(&j, "s", "a b");
			json_obj_end(&j);
		}
		json_arr_end(&j);
		assert_true(unit_json_valid(b.p, b.len));
		if (!pretty) {
			assert_string_equal(
			        b.p, "[{\"i\":0,\"s\":\"a b\"},{\"i\":1,\"s\":\"a b\"},{\"i\":2,\"s\":\"a b\"}]");
		} else {
			assert_non_null(strstr(b.p, "[\n  {\n    \"i\": 0,\n    \"s\": \"a b\"\n  },\n  {\n"));
			assert_int_equal(b.p[b.len - 1], '\n');
		}
		buf_free(&b);
	}
}

static void test_kv_str_null_writes_nothing(void **state)
{
	(void)state;
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	json_obj_begin(&j);
	json_kv_str(&j, "a", NULL);
	json_kv_int(&j, "b", 1);
	json_kv_str(&j, "c", NULL);
	json_kv_str(&j, "d", "");
	json_obj_end(&j);
	assert_string_equal(b.p, "{\"b\":1,\"d\":\"\"}");
	buf_free(&b);
}

static void test_keys_and_strings_escaped(void **state)
{
	(void)state;
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	json_obj_begin(&j);
	json_key(&j, "k\"<\n");
	json_strn(&j, "v\0&", 3);
	json_obj_end(&j);
	assert_string_equal(b.p, "{\"k\\\"\\u003c\\n\":\"v\\u0000\\u0026\"}");
	assert_true(unit_json_valid(b.p, b.len));
	buf_free(&b);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 1);
	for (int i = 0; i < 100; i++)
		json_arr_begin(&j);
	json_int(&j, 1);
	for (int i = 0; i < 100; i++)
		json_arr_end(&j);
	assert_true(unit_json_valid(b.p, b.len));
	assert_int_equal(j.depth, 0);
	buf_free(&b);
}

static void test_node_tree(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	const char *src = "title: \"x<y\"\n"
	                  "n: 3\n"
	                  "f: 1.50\n"
	                  "one: 1.0\n"
	                  "big: .inf\n"
	                  "b: true\n"
	                  "z: ~\n"
	                  "l: [1, two, [], {}]\n"
	                  "m: {k: v, a: 0x10}\n"
	                  "date: 2024-02-29\n";
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	json_node(&j, d.root);
	assert_string_equal(b.p,
	                    "{\"title\":\"x\\u003cy\",\"n\":3,\"f\":1.5,\"one\":1,\"big\":null,\"b\":true,\"z\":null,"
	                    "\"l\":[1,\"two\",[],{}],\"m\":{\"k\":\"v\",\"a\":16},\"date\":\"2024-02-29\"}");
	assert_true(unit_json_valid(b.p, b.len));
	buf_free(&b);
	json_init(&j, &b, 1);
	json_node(&j, d.root);
	assert_true(unit_json_valid(b.p, b.len));
	const char *head = "{\n  \"title\": \"x\\u003cy\",\n  \"n\": 3,\n";
	assert_true(strncmp(b.p, head, strlen(head)) == 0);
	buf_free(&b);
	load_doc_free(&d);
	msg_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_escape_json_specials),
	        cmocka_unit_test(test_escape_control_characters),
	        cmocka_unit_test(test_escape_html_characters),
	        cmocka_unit_test(test_escape_line_separators),
	        cmocka_unit_test(test_escape_keeps_utf8),
	        cmocka_unit_test(test_escaped_output_is_valid_json),
	        cmocka_unit_test(test_integers),
	        cmocka_unit_test(test_numbers),
	        cmocka_unit_test(test_numbers_round_trip),
	        cmocka_unit_test(test_non_finite_numbers_are_null),
	        cmocka_unit_test(test_compact_nesting_and_commas),
	        cmocka_unit_test(test_pretty),
	        cmocka_unit_test(test_pretty_and_compact_same_data),
	        cmocka_unit_test(test_kv_str_null_writes_nothing),
	        cmocka_unit_test(test_keys_and_strings_escaped),
	        cmocka_unit_test(test_deep_nesting),
	        cmocka_unit_test(test_node_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
