/* test_yaml_write.c: the YAML writer of compiler/yaml_write.c: every text it writes (plain,
 * quoted or as a literal block) is read back by loket's loader as exactly the same text, and
 * texts that YAML would read as something else are never written plain. */
#include "unit.h"

#include "yaml_write.h"

/* Write "k: VALUE" with fn, load it, and return the text of k (NULL when not text). */
static char *round_trip(void (*fn)(struct buf *, const char *), const char *value, int block)
{
	struct buf b = {0};
	buf_adds(&b, "k: ");
	if (block)
		yamlw_text(&b, value, 2);
	else
		fn(&b, value);
	buf_addc(&b, '\n');
	struct doc d;
	struct msgq q = {0};
	enum load_result r = unit_load(&d, b.p, &q);
	char *out = NULL;
	if (r == LOAD_OK) {
		const struct node *k = node_get(d.root, "k");
		if (k && k->kind == NODE_STR)
			out = xstrdup(k->str);
	} else {
		unit_dump(&q);
		printf("written: %s\n", b.p);
	}
	load_doc_free(&d);
	msg_free(&q);
	buf_free(&b);
	return out;
}

static const char *const texts[] = {
        "Paspoort aanvragen",
        "yes",
        "no",
        "true",
        "False",
        "null",
        "NULL",
        "~",
        "1.0",
        "2026-01-05",
        "0x1F",
        ".inf",
        "a: b",
        "a:b",
        "# not a comment",
        "text # with a hash",
        "- not an item",
        "? key",
        "[1, 2]",
        "{a: 1}",
        "&anchor",
        "*alias",
        "!tag",
        "|",
        ">",
        "%YAML",
        "@at",
        "`tick",
        "'single'",
        "\"double\"",
        "back\\slash",
        "trailing space ",
        " leading space",
        "tab\tinside",
        "Container: \"groot\" & <klein> #1",
        "http://standaarden.overheid.nl/owms/terms/Buren_(gemeente)",
        "\xc3\xa9\xc3\xa9n euro: \xe2\x82\xac 5",
        "\xc3\x89tienne",
};

static void test_scalar_reads_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		char *got = round_trip(yamlw_scalar, texts[i], 0);
		if (got == NULL || strcmp(got, texts[i]))
			fail_msg("'%s' read back as '%s'", texts[i], got ? got : "(not text)");
		free(got);
		got = round_trip(yamlw_quoted, texts[i], 0);
		assert_non_null(got);
		assert_string_equal(got, texts[i]);
		free(got);
	}
}

static void test_plain_only_when_safe(void **state)
{
	(void)state;
	struct buf b = {0};
	yamlw_scalar(&b, "Paspoort aanvragen");
	assert_string_equal(b.p, "Paspoort aanvragen");
	b.len = 0;
	yamlw_scalar(&b, "yes and no");
	assert_string_equal(b.p, "yes and no");
	static const char *const quoted[] = {"true", "null", "1.0", "a: b", "#x", "- x", "2026-01-05", "x ", ""};
	for (size_t i = 0; i < sizeof quoted / sizeof *quoted; i++) {
		b.len = 0;
		yamlw_scalar(&b, quoted[i]);
		if (b.p[0] != '"')
			fail_msg("'%s' written plain: %s", quoted[i], b.p);
	}
	buf_free(&b);
}

static const char *const blocks[] = {
        "Eerste alinea.\n\nTweede alinea.",
        "Alinea.\n- punt een\n- punt twee\n\nSlot: met dubbele punt # en hekje",
        "# begint met een hekje\ntweede regel",
        "regel\n",
        "  begint met spaties\nen verder",
        "eind met spatie \nverder",
        "yes\nno",
        "\"quotes\" and 'quotes'\n&amp; <script>",
        "tab\tin the middle\nnext",
};

static void test_text_reads_back(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++) {
		char *got = round_trip(NULL, blocks[i], 1);
		if (got == NULL || strcmp(got, blocks[i]))
			fail_msg("block %zu read back as '%s'", i, got ? got : "(not text)");
		free(got);
	}
	struct buf b = {0};
	yamlw_text(&b, "a\n\nb", 2);
	assert_string_equal(b.p, "|-\n  a\n\n  b");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_scalar_reads_back),
	        cmocka_unit_test(test_plain_only_when_safe),
	        cmocka_unit_test(test_text_reads_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
