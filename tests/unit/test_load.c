/* test_load.c: the YAML loader (load_yaml_mem): positions, YAML 1.2 core schema
 * scalars, and every refusal with its message code and position. */
#include "unit.h"

#include <unistd.h>

/* ------------------------------------------------------------ helpers */

/* Load "v: <text>" and return the kind of v; *out receives the node. */
static enum node_kind scalar_kind(struct doc *d, struct msgq *q, const char *value_text, const struct node **out)
{
	char src[256];
	snprintf(src, sizeof src, "v: %s\n", value_text);
	enum load_result r = unit_load(d, src, q);
	if (r != LOAD_OK)
		unit_dump(q);
	assert_int_equal(r, LOAD_OK);
	*out = unit_first_value(d);
	return (*out)->kind;
}

/* Load src that must fail; assert exactly one diagnostic with code, line, col. */
static void expect_refusal(const char *src, size_t n, const struct load_limits *lim, enum msg_code code, unsigned line,
                           unsigned col, const char *text)
{
	struct doc d;
	struct msgq q = {0};
	enum load_result r = unit_load_n(&d, src, n, lim, &q);
	if (r != LOAD_INVALID || q.n != 1)
		unit_dump(&q);
	assert_int_equal(r, LOAD_INVALID);
	assert_null(d.root);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, code, line, col);
	assert_string_equal(q.d[0].pos.file, UNIT_FILE);
	if (text)
		assert_string_equal(q.d[0].text, text);
	msg_free(&q);
	load_doc_free(&d);
}

#define REFUSE(src, code, line, col, text)                                                                             \
	expect_refusal((src), strlen(src), &load_default_limits, (code), (line), (col), (text))
#define REFUSE_N(src, code, line, col, text)                                                                           \
	expect_refusal((src), sizeof(src) - 1, &load_default_limits, (code), (line), (col), (text))

/* ------------------------------------------------------------ accepted input */

static void test_simple_mapping(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "title: Paspoort\nn: 3\n", &q), LOAD_OK);
	assert_nmsgs(&q, 0);
	assert_non_null(d.root);
	assert_int_equal(d.root->kind, NODE_MAP);
	assert_int_equal(d.root->n, 2);
	assert_string_equal(d.root->pos.file, UNIT_FILE);
	assert_int_equal(d.root->pos.line, 1);
	assert_int_equal(d.root->pos.col, 1);
	const struct node *k0 = NODE_KEY(d.root, 0), *v0 = NODE_VAL(d.root, 0);
	assert_int_equal(k0->kind, NODE_STR);
	assert_string_equal(k0->str, "title");
	assert_int_equal(k0->len, 5);
	assert_int_equal(k0->pos.line, 1);
	assert_int_equal(k0->pos.col, 1);
	assert_int_equal(v0->kind, NODE_STR);
	assert_string_equal(v0->str, "Paspoort");
	assert_int_equal(v0->len, 8);
	assert_int_equal(v0->pos.line, 1);
	assert_int_equal(v0->pos.col, 8);
	const struct node *k1 = NODE_KEY(d.root, 1), *v1 = NODE_VAL(d.root, 1);
	assert_string_equal(k1->str, "n");
	assert_int_equal(k1->pos.line, 2);
	assert_int_equal(k1->pos.col, 1);
	assert_int_equal(v1->kind, NODE_INT);
	assert_true(v1->num == 3.0);
	assert_int_equal(v1->pos.line, 2);
	assert_int_equal(v1->pos.col, 4);
	/* node_get over the loaded tree */
	assert_ptr_equal(node_get(d.root, "n"), v1);
	assert_string_equal(node_get_str(d.root, "title"), "Paspoort");
	assert_null(node_get(d.root, "nope"));
	assert_null(node_get_str(d.root, "n"));
	load_doc_free(&d);
	msg_free(&q);
}

static void test_nested_positions(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	const char *src = "a:\n"
	                  "  b: [x, yy]\n"
	                  "  c:\n"
	                  "    - k: 1\n"
	                  "      l: 2\n";
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	const struct node *a = node_get(d.root, "a");
	assert_non_null(a);
	assert_int_equal(a->kind, NODE_MAP);
	assert_int_equal(a->pos.line, 2);
	assert_int_equal(a->pos.col, 3);
	const struct node *b = node_get(a, "b");
	assert_int_equal(b->kind, NODE_SEQ);
	assert_int_equal(b->n, 2);
	assert_int_equal(b->pos.line, 2);
	assert_int_equal(b->pos.col, 6);
	assert_int_equal(b->kids[1]->pos.line, 2);
	assert_int_equal(b->kids[1]->pos.col, 10);
	assert_string_equal(b->kids[1]->str, "yy");
	const struct node *c = node_get(a, "c");
	assert_int_equal(c->kind, NODE_SEQ);
	assert_int_equal(c->pos.line, 4);
	assert_int_equal(c->pos.col, 5);
	const struct node *item = c->kids[0];
	assert_int_equal(item->kind, NODE_MAP);
	assert_int_equal(item->pos.line, 4);
	assert_int_equal(item->pos.col, 7);
	const struct node *l = node_get(item, "l");
	assert_int_equal(l->pos.line, 5);
	assert_int_equal(l->pos.col, 10);
	load_doc_free(&d);
	msg_free(&q);
}

/* Columns count code points, not bytes. */
static void test_columns_count_code_points(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	/* é is 2 bytes, € 3 bytes, 😀 4 bytes; each is one column. */
	const char *src = "é: {x: 1, y: 2}\n"
	                  "€€: {z: 3}\n"
	                  "😀: [w]\n"
	                  "t: 'ééé' # c\n"
	                  "u: ééé z\n";
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	assert_nmsgs(&q, 0);
	const struct node *m = node_get(d.root, "é");
	assert_non_null(m);
	assert_int_equal(m->pos.col, 4);
	assert_int_equal(NODE_KEY(m, 1)->pos.line, 1);
	assert_int_equal(NODE_KEY(m, 1)->pos.col, 11); /* y */
	assert_int_equal(NODE_VAL(m, 1)->pos.col, 14); /* 2 */
	const struct node *m2 = node_get(d.root, "€€");
	assert_int_equal(NODE_KEY(m2, 0)->pos.line, 2);
	assert_int_equal(NODE_KEY(m2, 0)->pos.col, 6); /* z */
	const struct node *s = node_get(d.root, "😀");
	assert_int_equal(s->kids[0]->pos.line, 3);
	assert_int_equal(s->kids[0]->pos.col, 5); /* w */
	const struct node *u = node_get(d.root, "u");
	assert_int_equal(u->pos.line, 5);
	assert_int_equal(u->pos.col, 4);
	assert_string_equal(u->str, "ééé z");
	assert_int_equal(u->len, 8);
	load_doc_free(&d);
	msg_free(&q);
}

/* ------------------------------------------------------------ scalars: YAML 1.2 core schema */

static void test_core_schema_null(void **state)
{
	(void)state;
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		assert_int_equal(scalar_kind(&d, &q, nulls[i], &v), NODE_NULL);
		load_doc_free(&d);
		msg_free(&q);
	}
	/* Not null in YAML 1.2: */
	static const char *const texts[] = {"nULL", "none", "nil", "Nothing"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		assert_int_equal(scalar_kind(&d, &q, texts[i], &v), NODE_STR);
		assert_string_equal(v->str, texts[i]);
		load_doc_free(&d);
		msg_free(&q);
	}
}

static void test_core_schema_bool(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int value;
	} bools[] = {{"true", 1}, {"True", 1}, {"TRUE", 1}, {"false", 0}, {"False", 0}, {"FALSE", 0}};
	for (size_t i = 0; i < sizeof bools / sizeof *bools; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		assert_int_equal(scalar_kind(&d, &q, bools[i].text, &v), NODE_BOOL);
		assert_int_equal(v->boolean, bools[i].value);
		load_doc_free(&d);
		msg_free(&q);
	}
	/* YAML 1.1 booleans are text in 1.2 (the "Norway problem"). */
	static const char *const texts[] = {"yes", "no", "Yes", "NO", "on", "off", "y", "n", "tRUE"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		assert_int_equal(scalar_kind(&d, &q, texts[i], &v), NODE_STR);
		assert_string_equal(v->str, texts[i]);
		load_doc_free(&d);
		msg_free(&q);
	}
}

static void test_core_schema_int(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		double value;
	} ints[] = {{"0", 0},     {"42", 42},    {"-17", -17}, {"+5", 5},  {"010", 10},
	            {"0x1F", 31}, {"0xff", 255}, {"0o17", 15}, {"0o0", 0}, {"9007199254740992", 9007199254740992.0},
	            {"-0", 0}};
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		enum node_kind k = scalar_kind(&d, &q, ints[i].text, &v);
		if (k != NODE_INT)
			fprintf(stderr, "  '%s' read as kind %d\n", ints[i].text, (int)k);
		assert_int_equal(k, NODE_INT);
		assert_true(v->num == ints[i].value);
		assert_string_equal(v->str, ints[i].text); /* the source text is kept */
		load_doc_free(&d);
		msg_free(&q);
	}
	/* Not integers in YAML 1.2 core: 1.1 forms, underscores, binary, empty prefixes. */
	static const char *const texts[] = {"0x",    "0o",    "0o8",  "0xg",  "1_000",
	                                    "0b101", "12:30", "-0x1", "+0o7", "1,000"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		enum node_kind k = scalar_kind(&d, &q, texts[i], &v);
		if (k != NODE_STR)
			fprintf(stderr, "  '%s' read as kind %d\n", texts[i], (int)k);
		assert_int_equal(k, NODE_STR);
		load_doc_free(&d);
		msg_free(&q);
	}
}

static void test_core_schema_float(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		double value;
	} floats[] = {{"1.5", 1.5},  {"-0.25", -0.25}, {"1.0", 1.0},  {".5", 0.5},     {"1.", 1.0},
	              {"1e3", 1000}, {"2.5E-1", 0.25}, {"+1.5", 1.5}, {"-1e+2", -100}, {"84.10", 84.10}};
	for (size_t i = 0; i < sizeof floats / sizeof *floats; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		enum node_kind k = scalar_kind(&d, &q, floats[i].text, &v);
		if (k != NODE_FLOAT)
			fprintf(stderr, "  '%s' read as kind %d\n", floats[i].text, (int)k);
		assert_int_equal(k, NODE_FLOAT);
		assert_true(v->num == floats[i].value);
		assert_string_equal(v->str, floats[i].text);
		load_doc_free(&d);
		msg_free(&q);
	}
	static const struct {
		const char *text;
		int sign;
	} infs[] = {{".inf", 1}, {".Inf", 1}, {".INF", 1}, {"+.inf", 1}, {"-.inf", -1}, {"-.Inf", -1}};
	for (size_t i = 0; i < sizeof infs / sizeof *infs; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		assert_int_equal(scalar_kind(&d, &q, infs[i].text, &v), NODE_FLOAT);
		assert_true(isinf(v->num));
		assert_true(infs[i].sign > 0 ? v->num > 0 : v->num < 0);
		load_doc_free(&d);
		msg_free(&q);
	}
	static const char *const nans[] = {".nan", ".NaN", ".NAN"};
	for (size_t i = 0; i < sizeof nans / sizeof *nans; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		assert_int_equal(scalar_kind(&d, &q, nans[i], &v), NODE_FLOAT);
		assert_true(isnan(v->num));
		load_doc_free(&d);
		msg_free(&q);
	}
	static const char *const texts[] = {".",   "1e",    "e3",   "1.2.3", ".inF", "inf",
	                                    "nan", "-.nan", "1e3x", "1 .5",  "--1"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		enum node_kind k = scalar_kind(&d, &q, texts[i], &v);
		if (k != NODE_STR)
			fprintf(stderr, "  '%s' read as kind %d\n", texts[i], (int)k);
		assert_int_equal(k, NODE_STR);
		load_doc_free(&d);
		msg_free(&q);
	}
}

static void test_quoted_stays_text(void **state)
{
	(void)state;
	static const struct {
		const char *src, *text;
	} cases[] = {{"\"12\"", "12"},     {"'true'", "true"},    {"\"null\"", "null"},
	             {"''", ""},           {"\"1.0\"", "1.0"},    {"'~'", "~"},
	             {"\".inf\"", ".inf"}, {"|\n  12\n", "12\n"}, {">-\n  3\n", "3"}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct doc d;
		struct msgq q = {0};
		const struct node *v;
		assert_int_equal(scalar_kind(&d, &q, cases[i].src, &v), NODE_STR);
		assert_string_equal(v->str, cases[i].text);
		assert_int_equal(v->len, strlen(cases[i].text));
		load_doc_free(&d);
		msg_free(&q);
	}
}

static void test_standard_tags(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	const struct node *v;
	assert_int_equal(scalar_kind(&d, &q, "!!str 12", &v), NODE_STR);
	assert_string_equal(v->str, "12");
	load_doc_free(&d);
	assert_int_equal(scalar_kind(&d, &q, "!!str true", &v), NODE_STR);
	assert_string_equal(v->str, "true");
	load_doc_free(&d);
	assert_int_equal(scalar_kind(&d, &q, "!!str", &v), NODE_STR);
	assert_string_equal(v->str, "");
	load_doc_free(&d);
	assert_int_equal(scalar_kind(&d, &q, "!!int \"12\"", &v), NODE_INT);
	assert_true(v->num == 12);
	load_doc_free(&d);
	assert_int_equal(scalar_kind(&d, &q, "!!float 1", &v), NODE_FLOAT);
	assert_true(v->num == 1.0);
	load_doc_free(&d);
	assert_int_equal(scalar_kind(&d, &q, "!!bool 'false'", &v), NODE_BOOL);
	assert_int_equal(v->boolean, 0);
	load_doc_free(&d);
	assert_int_equal(scalar_kind(&d, &q, "!!null ''", &v), NODE_NULL);
	load_doc_free(&d);
	/* The non-specific tag "!" makes a plain scalar text. */
	assert_int_equal(scalar_kind(&d, &q, "! 12", &v), NODE_STR);
	assert_string_equal(v->str, "12");
	load_doc_free(&d);
	assert_int_equal(scalar_kind(&d, &q, "!!seq [1]", &v), NODE_SEQ);
	load_doc_free(&d);
	assert_int_equal(scalar_kind(&d, &q, "!!map {a: 1}", &v), NODE_MAP);
	load_doc_free(&d);
	assert_nmsgs(&q, 0);
	msg_free(&q);
}

/* BUG: resolve_plain converts 0x and 0o integers with strtoull, which saturates
 * at 2^64 - 1: 0x100000000000000000 (2^68) is read as 18446744073709551616 (2^64)
 * and every larger hex or octal integer too, silently. Decimal integers use strtod
 * and keep their magnitude. Expected: the nearest double (or a refusal). */
static void test_big_hex_and_octal_keep_magnitude(void **state)
{
	(void)state;
	/* fixed */
	struct doc d;
	struct msgq q = {0};
	const struct node *v;
	assert_int_equal(scalar_kind(&d, &q, "0x100000000000000000", &v), NODE_INT);
	assert_true(v->num == ldexp(1.0, 68));
	load_doc_free(&d);
	assert_int_equal(scalar_kind(&d, &q, "0o40000000000000000000000", &v), NODE_INT); /* 4 * 8^22 = 2^68 */
	assert_true(v->num == ldexp(1.0, 68));
	load_doc_free(&d);
	msg_free(&q);
}

/* A standard tag that cannot hold its value is named as written. */
static void test_tag_value_message_names_tag_as_written(void **state)
{
	(void)state;
	REFUSE("a: !!int abc\n", CODE_YML009, 1, 4, "'abc' cannot be read as !!int");
	REFUSE("a: !!float x\n", CODE_YML009, 1, 4, "'x' cannot be read as !!float");
	REFUSE("a: !!bool yes\n", CODE_YML009, 1, 4, "'yes' cannot be read as !!bool");
	REFUSE("a: !!null 0\n", CODE_YML009, 1, 4, "'0' cannot be read as !!null");
}

static void test_keys_are_text(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "1: a\ntrue: b\nnull: c\n1.5: d\n~: e\n", &q), LOAD_OK);
	assert_int_equal(d.root->n, 5);
	static const char *const keys[] = {"1", "true", "null", "1.5", "~"};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(NODE_KEY(d.root, i)->kind, NODE_STR);
		assert_string_equal(NODE_KEY(d.root, i)->str, keys[i]);
	}
	load_doc_free(&d);
	msg_free(&q);
}

static void test_crlf_line_numbers(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	const char *src = "a: 1\r\nb: two\r\nc: [x,\r\n  y]\r\nd: |\r\n  l1\r\n  l2\r\ne: end\r\n";
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	assert_nmsgs(&q, 0);
	const struct node *b = node_get(d.root, "b");
	assert_string_equal(b->str, "two"); /* no CR in the value */
	assert_int_equal(b->pos.line, 2);
	assert_int_equal(b->pos.col, 4);
	const struct node *c = node_get(d.root, "c");
	assert_int_equal(c->kids[1]->pos.line, 4);
	assert_int_equal(c->kids[1]->pos.col, 3);
	assert_string_equal(node_get_str(d.root, "d"), "l1\nl2\n");
	const struct node *e = node_get(d.root, "e");
	assert_int_equal(e->pos.line, 8);
	assert_int_equal(e->pos.col, 4);
	load_doc_free(&d);
	msg_free(&q);
}

static void test_crlf_error_position(void **state)
{
	(void)state;
	/* A refusal after CR LF lines is positioned on the right line. */
	REFUSE("a: 1\r\nb: 2\r\na: 3\r\n", CODE_YML002, 3, 1, "duplicate field 'a' (first at line 1)");
	REFUSE_N("a: 1\r\nb: 2\r\nc: \xff\r\n", CODE_YML006, 3, 4, "invalid UTF-8 byte 0xFF");
}

static void test_bom_accepted(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d,
	                           "\xef\xbb\xbf"
	                           "a: 1\nb: x\n",
	                           &q),
	                 LOAD_OK);
	assert_nmsgs(&q, 0);
	const struct node *k = NODE_KEY(d.root, 0);
	assert_string_equal(k->str, "a"); /* the BOM is not part of the key */
	assert_int_equal(k->pos.line, 1);
	assert_int_equal(k->pos.col, 1);
	const struct node *b = node_get(d.root, "b");
	assert_int_equal(b->pos.line, 2);
	assert_int_equal(b->pos.col, 4);
	load_doc_free(&d);
	/* Error positions after a BOM count from the first character after it. */
	REFUSE_N("\xef\xbb\xbf"
	         "a: \xff\n",
	         CODE_YML006, 1, 4, "invalid UTF-8 byte 0xFF");
	REFUSE("\xef\xbb\xbf"
	       "a: 1\na: 2\n",
	       CODE_YML002, 2, 1, NULL);
	msg_free(&q);
}

static void test_tab_in_value_accepted(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "a: \"x\\ty\\nz\"\nb: p\tq\n", &q), LOAD_OK);
	assert_string_equal(node_get_str(d.root, "a"), "x\ty\nz");
	assert_string_equal(node_get_str(d.root, "b"), "p\tq");
	load_doc_free(&d);
	msg_free(&q);
}

/* ------------------------------------------------------------ refusals */

static void test_syntax_error(void **state)
{
	(void)state;
	REFUSE("a: b: c\n", CODE_YML001, 1, 5,
	       "a colon followed by a space in text without quotes; YAML reads it as a new field");
	/* An unclosed flow sequence. */
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "a: [1, 2\nb: 3\n", &q), LOAD_INVALID);
	assert_null(d.root);
	assert_nmsgs(&q, 1);
	assert_int_equal(q.d[0].code, CODE_YML001);
	assert_int_equal(q.d[0].sev, SEV_ERROR);
	assert_true(strncmp(q.d[0].text, "YAML syntax error: ", 19) == 0);
	assert_string_equal(q.d[0].hint, "Check the indentation and the quoting just before this point.");
	load_doc_free(&d);
	msg_free(&q);
	/* A tab used for indentation. */
	assert_int_equal(unit_load(&d, "a:\n\tb: 1\n", &q), LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, CODE_YML001, 2, 1);
	load_doc_free(&d);
	msg_free(&q);
}

static void test_syntax_error_positions(void **state)
{
	(void)state;
	/* An unclosed quote: the error is where the quote opened, not at the end of the file. */
	REFUSE("a: \"unclosed\nb: 2\nc: 3\n", CODE_YML001, 1, 4, "the quote that starts here is never closed");
	REFUSE("a: 'unclosed\nb: 2\n", CODE_YML001, 1, 4, "the quote that starts here is never closed");
	/* A line without a colon: where the would-be key starts. */
	REFUSE("a: b\nc\nd: e\n", CODE_YML001, 2, 1,
	       "YAML syntax error: could not find expected ':' while scanning a simple key");
	/* A quote left open swallows the following fields; the parser fails later, and
	 * the message points at the quote. */
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "title: \"Paspoort\nsummary: text\nchannels:\n  - url: \"x\"\n", &q),
	                 LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, CODE_YML001, 1, 8);
	assert_diag_text(&q, 0,
	                 "the quoted text that starts here runs on to line 4: its closing quote is probably missing",
	                 "Close the quote at the end of the value.");
	load_doc_free(&d);
	msg_free(&q);
}

/* The common YAML mistakes of an editor, said in words at the character that is wrong. */
static void test_syntax_mistakes_in_words(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	/* A tab before a list item: at the tab. */
	assert_int_equal(unit_load(&d, "a:\n  - 1\n\t- 2\n", &q), LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, CODE_YML001, 3, 1);
	assert_diag_text(&q, 0, "a tab in the indentation; YAML indents with spaces only",
	                 "Replace the tab with spaces (two for each level).");
	load_doc_free(&d);
	msg_free(&q);
	/* An unquoted colon in text: the hint shows the line quoted, a quote in it escaped. */
	assert_int_equal(unit_load(&d, "title: Let op: de \"nieuwe\" pas\n", &q), LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, CODE_YML001, 1, 14);
	assert_string_equal(q.d[0].hint, "Put the text in quotes: title: \"Let op: de \\\"nieuwe\\\" pas\"");
	load_doc_free(&d);
	msg_free(&q);
	/* A non-breaking space after a colon: at its own column (counted in code points). */
	assert_int_equal(unit_load(&d,
	                           "a: 1\nb:\xc2\xa0"
	                           "[x]\nc: 2\n",
	                           &q),
	                 LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, CODE_YML001, 2, 3);
	assert_string_equal(q.d[0].text, "a non-breaking space (U+00A0) where YAML expects an ordinary space");
	load_doc_free(&d);
	msg_free(&q);
	/* After a list dash: libyaml notices only on the next line; loket names the space. */
	assert_int_equal(unit_load(&d,
	                           "a:\n  -\xc2\xa0"
	                           "b: 1\n    c: 2\n",
	                           &q),
	                 LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, CODE_YML001, 2, 4);
	load_doc_free(&d);
	msg_free(&q);
	/* A non-breaking space inside text is text: no error. */
	assert_int_equal(unit_load(&d,
	                           "a: 12\xc2\xa0"
	                           "euro\n",
	                           &q),
	                 LOAD_OK);
	assert_nmsgs(&q, 0);
	load_doc_free(&d);
	msg_free(&q);
	/* Curly quotes around text with a colon: the quotes are named, at the quote. */
	assert_int_equal(unit_load(&d,
	                           "t: \xe2\x80\x9c"
	                           "Let op: x\xe2\x80\x9d\n",
	                           &q),
	                 LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, CODE_YML001, 1, 4);
	assert_string_equal(q.d[0].text, "curly quotes (\xe2\x80\x9c"
	                                 ") are not quotes in YAML");
	load_doc_free(&d);
	msg_free(&q);
}

/* BUG: the loader remembers the last multi-line quoted scalar that contains a line
 * looking like "  key: ..." (open_quote) and blames every later parser error on it,
 * even when that quote was closed properly and the error is far away. Here the
 * quoted text on lines 1-2 is valid; the real error is the unclosed flow list on
 * line 3, yet loket reports 1:4 "... (at line 3); this quoted text runs over several
 * lines and may lack its closing quote". Expected: the error at line 3. */
static void test_syntax_error_not_blamed_on_closed_quote(void **state)
{
	(void)state;
	/* fixed */
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "a: \"first line\n  b: still text\"\nc: [1, 2\n", &q), LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_int_equal(q.d[0].code, CODE_YML001);
	assert_int_equal(q.d[0].id, MSG_YML001_CONTEXT);
	assert_true(q.d[0].pos.line >= 3);
	load_doc_free(&d);
	msg_free(&q);
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	REFUSE("a: 1\nb: 2\na: 3\n", CODE_YML002, 3, 1, "duplicate field 'a' (first at line 1)");
	REFUSE("x: {k: 1, j: 2, k: 3}\n", CODE_YML002, 1, 17, "duplicate field 'k' (first at line 1)");
	/* The same name quoted and plain is the same field. */
	REFUSE("a: 1\n\"a\": 2\n", CODE_YML002, 2, 1, "duplicate field 'a' (first at line 1)");
	/* In a nested mapping. */
	REFUSE("o:\n  p: 1\n  p: 2\n", CODE_YML002, 3, 3, "duplicate field 'p' (first at line 2)");
	/* Keys that differ only in case are different. */
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "a: 1\nA: 2\n", &q), LOAD_OK);
	load_doc_free(&d);
	msg_free(&q);
}

/* A mapping with n keys k0..k{n-1}, then optionally key `dup` again. */
static char *many_keys(size_t n, const char *dup)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "k%zu: %zu\n", i, i);
	if (dup)
		buf_printf(&b, "%s: again\n", dup);
	return buf_take(&b);
}

static void test_duplicate_keys_large_mapping(void **state)
{
	(void)state;
	/* 1000 distinct keys: accepted (the hash path gives no false positive). */
	char *src = many_keys(1000, NULL);
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	assert_int_equal(d.root->n, 1000);
	assert_string_equal(NODE_KEY(d.root, 999)->str, "k999");
	load_doc_free(&d);
	free(src);
	/* 1000 keys and a repeat of k500 at line 1001. */
	src = many_keys(1000, "k500");
	REFUSE(src, CODE_YML002, 1001, 1, "duplicate field 'k500' (first at line 501)");
	free(src);
	/* Just over the pairwise threshold (17 keys) and just under (16). */
	src = many_keys(16, "k0");
	REFUSE(src, CODE_YML002, 17, 1, "duplicate field 'k0' (first at line 1)");
	free(src);
	src = many_keys(15, "k14");
	REFUSE(src, CODE_YML002, 16, 1, "duplicate field 'k14' (first at line 15)");
	free(src);
	/* Two different repeated keys in a large mapping: both reported. */
	struct buf b = {0};
	char *base = many_keys(100, NULL);
	buf_adds(&b, base);
	buf_adds(&b, "k7: x\nk99: y\n");
	free(base);
	assert_int_equal(unit_load(&d, b.p, &q), LOAD_INVALID);
	assert_nmsgs(&q, 2);
	assert_diag_at(&q, 0, CODE_YML002, 101, 1);
	assert_string_equal(q.d[0].text, "duplicate field 'k7' (first at line 8)");
	assert_diag_at(&q, 1, CODE_YML002, 102, 1);
	assert_string_equal(q.d[1].text, "duplicate field 'k99' (first at line 100)");
	load_doc_free(&d);
	msg_free(&q);
	buf_free(&b);
}

static void test_anchor_refused(void **state)
{
	(void)state;
	REFUSE("a: &x 1\n", CODE_YML003, 1, 4, "anchor '&x' is not allowed");
	REFUSE("a: &m {b: 1}\n", CODE_YML003, 1, 4, "anchor '&m' is not allowed");
	REFUSE("a: &s\n  - 1\n", CODE_YML003, 1, 4, "anchor '&s' is not allowed");
}

static void test_alias_refused(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "a: &x 1\nb: *x\n", &q), LOAD_INVALID);
	assert_null(d.root);
	assert_nmsgs(&q, 2);
	assert_diag_at(&q, 0, CODE_YML003, 1, 4);
	assert_diag_text(&q, 0, "anchor '&x' is not allowed",
	                 "Write the value out in full; anchors and aliases are refused.");
	assert_diag_at(&q, 1, CODE_YML003, 2, 4);
	assert_string_equal(q.d[1].text, "alias '*x' is not allowed");
	load_doc_free(&d);
	msg_free(&q);
	/* A billion-laughs shape is refused at the first anchor, without expanding anything. */
	assert_int_equal(unit_load(&d, "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", &q), LOAD_INVALID);
	assert_true(q.n >= 1);
	assert_diag_at(&q, 0, CODE_YML003, 1, 4);
	for (size_t i = 0; i < q.n; i++)
		assert_int_equal(q.d[i].code, CODE_YML003);
	load_doc_free(&d);
	msg_free(&q);
	REFUSE("a: 1\nb: *x\n", CODE_YML003, 2, 4, "alias '*x' is not allowed");
}

/* "a: " then n '[' then n ']'. */
static char *deep_flow(size_t n)
{
	struct buf b = {0};
	buf_adds(&b, "a: ");
	for (size_t i = 0; i < n; i++)
		buf_addc(&b, '[');
	for (size_t i = 0; i < n; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\n');
	return buf_take(&b);
}

/* n nested block mappings: k0:, two more spaces per level, the last has a value. */
static char *deep_block(size_t n)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < 2 * i; k++)
			buf_addc(&b, ' ');
		buf_printf(&b, "k%zu:%s\n", i, i + 1 == n ? " x" : "");
	}
	return buf_take(&b);
}

static void test_depth_limit(void **state)
{
	(void)state;
	/* The root mapping is level 1, so the 64th '[' would be level 65, at column 3 + 64. */
	char *src = deep_flow(100);
	REFUSE(src, CODE_YML004, 1, 67, "nesting deeper than 64 levels");
	free(src);
	/* 63 lists inside the root mapping: 64 levels, accepted. */
	src = deep_flow(63);
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	load_doc_free(&d);
	free(src);
	src = deep_flow(64);
	REFUSE(src, CODE_YML004, 1, 67, "nesting deeper than 64 levels");
	free(src);
	/* Block mappings: the mapping of k64 is level 65; it starts at line 65, column 129. */
	src = deep_block(100);
	REFUSE(src, CODE_YML004, 65, 129, "nesting deeper than 64 levels");
	free(src);
	src = deep_block(64);
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	assert_nmsgs(&q, 0);
	load_doc_free(&d);
	free(src);
	msg_free(&q);
}

static void test_depth_custom_limit(void **state)
{
	(void)state;
	const struct load_limits lim = {LOAD_MAX_BYTES, 3, 0, 0, LOAD_PARSER_ANY};
	struct doc d;
	struct msgq q = {0};
	const char *ok = "a: {b: {c: 1}}\n";
	assert_int_equal(unit_load_n(&d, ok, strlen(ok), &lim, &q), LOAD_OK);
	load_doc_free(&d);
	ok = "a: [[1]]\n";
	assert_int_equal(unit_load_n(&d, ok, strlen(ok), &lim, &q), LOAD_OK);
	load_doc_free(&d);
	assert_nmsgs(&q, 0);
	const char *deep = "a: {b: {c: {d: 1}}}\n";
	expect_refusal(deep, strlen(deep), &lim, CODE_YML004, 1, 12, "nesting deeper than 3 levels");
	deep = "a: [[[1]]]\n";
	expect_refusal(deep, strlen(deep), &lim, CODE_YML004, 1, 6, "nesting deeper than 3 levels");
	deep = "a:\n  b:\n    c:\n      d: 1\n";
	expect_refusal(deep, strlen(deep), &lim, CODE_YML004, 4, 7, "nesting deeper than 3 levels");
	msg_free(&q);
}

static void test_file_size_limit(void **state)
{
	(void)state;
	const struct load_limits lim = {10, LOAD_MAX_DEPTH, 0, 0, LOAD_PARSER_ANY};
	struct doc d;
	struct msgq q = {0};
	/* Exactly at the limit: accepted. */
	assert_int_equal(unit_load_n(&d, "a: 123456\n", 10, &lim, &q), LOAD_OK);
	assert_nmsgs(&q, 0);
	load_doc_free(&d);
	/* One byte over. */
	expect_refusal("a: 1234567\n", 11, &lim, CODE_YML005, 1, 1,
	               "file is 11 bytes, more than the limit of 10 bytes");
	/* The default limit of 1 MiB. */
	size_t n = (size_t)LOAD_MAX_BYTES + 1;
	char *big = xmalloc(n + 1);
	memset(big, '#', n);
	big[n] = '\0';
	expect_refusal(big, n, &load_default_limits, CODE_YML005, 1, 1,
	               "file is 1048577 bytes, more than the limit of 1048576 bytes");
	free(big);
	msg_free(&q);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	REFUSE_N("a: \xff\n", CODE_YML006, 1, 4, "invalid UTF-8 byte 0xFF");
	/* Overlong encoding of NUL. */
	REFUSE_N("a: \xc0\x80\n", CODE_YML006, 1, 4, "invalid UTF-8 byte 0xC0");
	/* A surrogate (U+D800) encoded in UTF-8. */
	REFUSE_N("a: \xed\xa0\x80\n", CODE_YML006, 1, 4, "invalid UTF-8 byte 0xED");
	/* A lone continuation byte after multibyte text: the column counts code points. */
	REFUSE_N("b: ok\né: x\x80\n", CODE_YML006, 2, 5, "invalid UTF-8 byte 0x80");
	/* Truncated at the end of the file. */
	REFUSE_N("a: \xc3", CODE_YML006, 1, 4, "invalid UTF-8 byte 0xC3");
	/* Beyond U+10FFFF. */
	REFUSE_N("a: \xf4\x90\x80\x80\n", CODE_YML006, 1, 4, "invalid UTF-8 byte 0xF4");
	/* Latin-1 text. */
	REFUSE_N("naam: caf\xe9\n", CODE_YML006, 1, 10, "invalid UTF-8 byte 0xE9");
}

static void test_utf16_utf32_refused(void **state)
{
	(void)state;
	REFUSE_N("\xff\xfe"
	         "a\x00:\x00 \x00"
	         "1\x00\n\x00",
	         CODE_YML006, 1, 1, "file is encoded as UTF-16, not UTF-8");
	REFUSE_N("\xfe\xff\x00"
	         "a\x00:\x00 \x00"
	         "1\x00\n",
	         CODE_YML006, 1, 1, "file is encoded as UTF-16, not UTF-8");
	REFUSE_N("\xff\xfe\x00\x00"
	         "a\x00\x00\x00",
	         CODE_YML006, 1, 1, "file is encoded as UTF-32, not UTF-8");
	REFUSE_N("\x00\x00\xfe\xff\x00\x00\x00"
	         "a",
	         CODE_YML006, 1, 1, "file is encoded as UTF-32, not UTF-8");
	/* Without a byte order mark: YAML starts with an ASCII character, so zero bytes
	 * around it tell the encoding (YAML 1.2, 5.2). */
	REFUSE_N("a\x00:\x00 \x00"
	         "1\x00",
	         CODE_YML006, 1, 1, "file is encoded as UTF-16, not UTF-8");
	REFUSE_N("\x00"
	         "a\x00:\x00 \x00"
	         "1",
	         CODE_YML006, 1, 1, "file is encoded as UTF-16, not UTF-8");
	REFUSE_N("a\x00\x00\x00:\x00\x00\x00", CODE_YML006, 1, 1, "file is encoded as UTF-32, not UTF-8");
	REFUSE_N("\x00\x00\x00"
	         "a\x00\x00\x00:",
	         CODE_YML006, 1, 1, "file is encoded as UTF-32, not UTF-8");
}

static void test_forbidden_characters(void **state)
{
	(void)state;
	REFUSE_N("a: 1\nb: x\0y\n", CODE_YML010, 2, 5, "forbidden character NUL (a zero byte)");
	REFUSE_N("a: 1\rb: 2\n", CODE_YML010, 1, 5, "forbidden character CR (a carriage return without a line feed)");
	REFUSE_N("a: 1\r", CODE_YML010, 1, 5, "forbidden character CR (a carriage return without a line feed)");
	REFUSE_N("a: 1\r\r\nb: 2\n", CODE_YML010, 1, 5,
	         "forbidden character CR (a carriage return without a line feed)");
	REFUSE_N("a: x\xe2\x80\xa8y\n", CODE_YML010, 1, 5, "forbidden character U+2028 (line separator)");
	REFUSE_N("a: x\xe2\x80\xa9y\n", CODE_YML010, 1, 5, "forbidden character U+2029 (paragraph separator)");
	REFUSE_N("a: x\xc2\x85y\n", CODE_YML010, 1, 5, "forbidden character NEL (U+0085, next line)");
	REFUSE_N("a: 1\nb: \xef\xbb\xbfx\n", CODE_YML010, 2, 4,
	         "forbidden character U+FEFF (a byte order mark after the start)");
	REFUSE_N("\xef\xbb\xbf\xef\xbb\xbf"
	         "a: 1\n",
	         CODE_YML010, 1, 1, "forbidden character U+FEFF (a byte order mark after the start)");
	REFUSE_N("a: x\x1by\n", CODE_YML010, 1, 5, "forbidden character U+001B (a control character)");
	REFUSE_N("a: x\x7fy\n", CODE_YML010, 1, 5, "forbidden character U+007F (a control character)");
	REFUSE_N("a: x\x0cy\n", CODE_YML010, 1, 5, "forbidden character U+000C (a control character)");
	/* A forbidden character inside a comment is refused too. */
	REFUSE_N("a: 1 # x\x1b[31m\n", CODE_YML010, 1, 9, "forbidden character U+001B (a control character)");
	/* Positions after multibyte text count code points. */
	REFUSE_N("ééé: \x01\n", CODE_YML010, 1, 6, "forbidden character U+0001 (a control character)");
}

static void test_escaped_forbidden_characters(void **state)
{
	(void)state;
	/* Escapes in double-quoted scalars can produce what raw bytes could not hold;
	 * the position is that of the scalar. */
	REFUSE("a: ok\nb: \"x\\x1by\"\n", CODE_YML010, 2, 4, "forbidden character U+001B (a control character)");
	REFUSE("a: \"x\\0y\"\n", CODE_YML010, 1, 4, "forbidden character NUL (a zero byte)");
	REFUSE("a: \"x\\u2028y\"\n", CODE_YML010, 1, 4, "forbidden character U+2028 (line separator)");
	REFUSE("a: \"x\\ry\"\n", CODE_YML010, 1, 4, "forbidden character CR (a carriage return without a line feed)");
	REFUSE("a: \"\\uFEFF\"\n", CODE_YML010, 1, 4, "forbidden character U+FEFF (a byte order mark after the start)");
	REFUSE("a: \"\\e\"\n", CODE_YML010, 1, 4, "forbidden character U+001B (a control character)");
	REFUSE("a: \"\\N\"\n", CODE_YML010, 1, 4, "forbidden character NEL (U+0085, next line)");
	/* In a key too. */
	REFUSE("\"k\\x07\": 1\n", CODE_YML010, 1, 1, "forbidden character U+0007 (a control character)");
}

/* Bidirectional embeddings, overrides and isolates reorder what a reader sees ("EUR 1000"
 * shown as "EUR 0001"): refused raw and through escapes; neighbours of the ranges pass. */
static void test_bidirectional_controls(void **state)
{
	(void)state;
	static const char *const raw[] = {"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac",
	                                  "\xe2\x80\xad", "\xe2\x80\xae", "\xe2\x81\xa6",
	                                  "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9"};
	static const unsigned cps[] = {0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069};
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
		char src[64], want[96];
		snprintf(src, sizeof src, "title: EUR %s1000\n", raw[i]);
		snprintf(want, sizeof want, "forbidden character U+%04X (a bidirectional control character)", cps[i]);
		REFUSE(src, CODE_YML010, 1, 12, want);
		snprintf(src, sizeof src, "title: \"EUR \\u%04x1000\"\n", cps[i]);
		REFUSE(src, CODE_YML010, 1, 8, want);
	}
	/* U+202F (a narrow no-break space, right after the range) is not a control. */
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "title: \"EUR\u202f1000\"\n", &q), LOAD_OK);
	assert_int_equal(q.n, 0);
	load_doc_free(&d);
}

static void test_empty_input(void **state)
{
	(void)state;
	REFUSE("", CODE_YML007, 1, 1, "file is empty");
	REFUSE("# only a comment\n", CODE_YML007, 1, 1, "file is empty");
	REFUSE("\n\n   \n# c\n", CODE_YML007, 1, 1, "file is empty");
	REFUSE("\xef\xbb\xbf", CODE_YML007, 1, 1, "file is empty");
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "", &q), LOAD_INVALID);
	assert_string_equal(q.d[0].hint, "A description starts with 'standard: \"1.0\"' and its fields.");
	load_doc_free(&d);
	msg_free(&q);
}

static void test_top_level_not_mapping(void **state)
{
	(void)state;
	REFUSE("- a\n- b\n", CODE_YML007, 1, 1, "the top level is a list, not a mapping of fields");
	REFUSE("[a, b]\n", CODE_YML007, 1, 1, "the top level is a list, not a mapping of fields");
	REFUSE("hello\n", CODE_YML007, 1, 1, "the top level is text, not a mapping of fields");
	REFUSE("# c\n  42\n", CODE_YML007, 2, 3, "the top level is a whole number, not a mapping of fields");
	REFUSE("true\n", CODE_YML007, 1, 1, "the top level is true or false, not a mapping of fields");
	REFUSE("\"quoted\"\n", CODE_YML007, 1, 1, "the top level is text, not a mapping of fields");
}

static void test_any_root(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	const char *src = "- a\n- 2\n";
	assert_int_equal(unit_load_n(&d, src, strlen(src), &unit_any_root, &q), LOAD_OK);
	assert_nmsgs(&q, 0);
	assert_int_equal(d.root->kind, NODE_SEQ);
	assert_int_equal(d.root->n, 2);
	assert_string_equal(d.root->kids[0]->str, "a");
	assert_int_equal(d.root->kids[1]->kind, NODE_INT);
	load_doc_free(&d);
	src = "5\n";
	assert_int_equal(unit_load_n(&d, src, strlen(src), &unit_any_root, &q), LOAD_OK);
	assert_int_equal(d.root->kind, NODE_INT);
	assert_true(d.root->num == 5);
	load_doc_free(&d);
	src = "true";
	assert_int_equal(unit_load_n(&d, src, strlen(src), &unit_any_root, &q), LOAD_OK);
	assert_int_equal(d.root->kind, NODE_BOOL);
	load_doc_free(&d);
	/* any_root does not make an empty file acceptable. */
	src = "# nothing\n";
	assert_int_equal(unit_load_n(&d, src, strlen(src), &unit_any_root, &q), LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_int_equal(q.d[0].code, CODE_YML007);
	load_doc_free(&d);
	msg_free(&q);
}

static void test_empty_collections(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "a: {}\nb: []\nc: [[], {}]\n", &q), LOAD_OK);
	assert_int_equal(node_get(d.root, "a")->kind, NODE_MAP);
	assert_int_equal(node_get(d.root, "a")->n, 0);
	assert_int_equal(node_get(d.root, "b")->kind, NODE_SEQ);
	assert_int_equal(node_get(d.root, "b")->n, 0);
	assert_int_equal(node_get(d.root, "c")->n, 2);
	load_doc_free(&d);
	msg_free(&q);
}

/* BUG: on_end (load_yaml.c) calls memcpy(n->kids, l->kids + f.start, 0) with
 * l->kids == NULL when the first collection to close is empty, which is the case
 * for a whole document "{}" or "[]". memcpy with a null pointer is undefined
 * behaviour even for 0 bytes; UBSan stops loket there ("null pointer passed as
 * argument 2"), so `make test-sanitize` aborts on a hostile or test file "{}".
 * Fix: copy only when count > 0. (Skipped: under the sanitizers it aborts the
 * whole test program.) */
static void test_empty_collection_root(void **state)
{
	(void)state;
	/* fixed */
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "{}\n", &q), LOAD_OK);
	assert_int_equal(d.root->kind, NODE_MAP);
	assert_int_equal(d.root->n, 0);
	load_doc_free(&d);
	assert_int_equal(unit_load_n(&d, "[]\n", 3, &unit_any_root, &q), LOAD_OK);
	assert_int_equal(d.root->kind, NODE_SEQ);
	assert_int_equal(d.root->n, 0);
	load_doc_free(&d);
	assert_nmsgs(&q, 0);
	msg_free(&q);
}

static void test_two_documents(void **state)
{
	(void)state;
	REFUSE("a: 1\n---\nb: 2\n", CODE_YML008, 2, 1, "a second YAML document starts here");
	REFUSE("---\na: 1\n---\nb: 2\n", CODE_YML008, 3, 1, "a second YAML document starts here");
	REFUSE("a: 1\n...\n---\nb: 2\n", CODE_YML008, 3, 1, "a second YAML document starts here");
	/* One explicit document, with its end marker: accepted. */
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "---\na: 1\n...\n", &q), LOAD_OK);
	assert_nmsgs(&q, 0);
	load_doc_free(&d);
	msg_free(&q);
}

static void test_unknown_tag(void **state)
{
	(void)state;
	REFUSE("a: !foo x\n", CODE_YML009, 1, 4, "tag '!foo' is not allowed");
	REFUSE("a: !foo {b: 1}\n", CODE_YML009, 1, 4, "tag '!foo' is not allowed");
	REFUSE("a: !!binary aGVsbG8=\n", CODE_YML009, 1, 4, "tag 'tag:yaml.org,2002:binary' is not allowed");
	REFUSE("a: !!seq {b: 1}\n", CODE_YML009, 1, 4, "tag 'tag:yaml.org,2002:seq' is not allowed");
	REFUSE("a: !!map [1]\n", CODE_YML009, 1, 4, "tag 'tag:yaml.org,2002:map' is not allowed");
	REFUSE("a: !<tag:example.com,2000:x> y\n", CODE_YML009, 1, 4, "tag 'tag:example.com,2000:x' is not allowed");
	/* A standard tag with a value it cannot hold. */
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "a: !!int abc\n", &q), LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, CODE_YML009, 1, 4);
	assert_true(strncmp(q.d[0].text, "'abc' cannot be read as ", 24) == 0);
	load_doc_free(&d);
	msg_free(&q);
	assert_int_equal(unit_load(&d, "a: !!bool yes\n", &q), LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_diag_at(&q, 0, CODE_YML009, 1, 4);
	load_doc_free(&d);
	msg_free(&q);
}

static void test_directives(void **state)
{
	(void)state;
	REFUSE("%YAML 1.2\n---\na: 1\n", CODE_YML009, 1, 1, "YAML directives (%YAML, %TAG) are not allowed");
	REFUSE("%YAML 1.1\n---\na: 1\n", CODE_YML009, 1, 1, "YAML directives (%YAML, %TAG) are not allowed");
	REFUSE("%TAG !e! tag:example.com,2000:\n---\na: 1\n", CODE_YML009, 1, 1,
	       "YAML directives (%YAML, %TAG) are not allowed");
}

static void test_collection_as_key(void **state)
{
	(void)state;
	REFUSE("? [a, b]\n: 1\n", CODE_YML011, 1, 3, "a field name must be text, not a list");
	REFUSE("? {a: 1}\n: 1\n", CODE_YML011, 1, 3, "a field name must be text, not a mapping");
	REFUSE("x: {[a]: 1}\n", CODE_YML011, 1, 5, "a field name must be text, not a list");
	/* A list inside a list is fine (not a key). */
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "x: [[a], {b: 1}]\n", &q), LOAD_OK);
	load_doc_free(&d);
	msg_free(&q);
}

static void test_doc_free_resets(void **state)
{
	(void)state;
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, "a: 1\n", &q), LOAD_OK);
	assert_string_equal(d.path, UNIT_FILE);
	assert_int_equal(d.len, 5);
	assert_memory_equal(d.src, "a: 1\n", 5);
	load_doc_free(&d);
	assert_null(d.path);
	assert_null(d.src);
	assert_null(d.root);
	/* The loader copies: the caller's bytes may change afterwards. */
	char buf[] = "k: v\n";
	assert_int_equal(unit_load(&d, buf, &q), LOAD_OK);
	buf[3] = 'X';
	assert_string_equal(node_get_str(d.root, "k"), "v");
	load_doc_free(&d);
	msg_free(&q);
}

static void test_load_file(void **state)
{
	(void)state;
	char path[] = "/tmp/loket-unit-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("a: 1\na: 2\n", f);
	fclose(f);
	struct doc d;
	struct msgq q = {0};
	assert_int_equal(load_yaml_file(&d, path, &load_default_limits, &q), LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_int_equal(q.d[0].code, CODE_YML002);
	assert_string_equal(q.d[0].pos.file, path);
	assert_int_equal(q.d[0].pos.line, 2);
	msg_free(&q);
	load_doc_free(&d);
	const struct load_limits lim = {5, LOAD_MAX_DEPTH, 0, 0, LOAD_PARSER_ANY};
	assert_int_equal(load_yaml_file(&d, path, &lim, &q), LOAD_INVALID);
	assert_nmsgs(&q, 1);
	assert_int_equal(q.d[0].code, CODE_YML005);
	assert_string_equal(q.d[0].text, "file is 10 bytes, more than the limit of 5 bytes");
	msg_free(&q);
	load_doc_free(&d);
	unlink(path);
	assert_int_equal(load_yaml_file(&d, path, &load_default_limits, &q), LOAD_SYSTEM);
	assert_nmsgs(&q, 1);
	assert_int_equal(q.d[0].code, CODE_SYS001);
	msg_free(&q);
	load_doc_free(&d);
}

/* ------------------------------------------------------------ the fast path's subset */

/* Whether load_fast takes src (LOAD_PARSER_FAST: a tree, or nothing and no message). */
static int fast_takes(const char *src)
{
	struct load_limits lim = load_default_limits;
	lim.parser = LOAD_PARSER_FAST;
	struct doc d;
	struct msgq q = {0};
	enum load_result r = load_yaml_mem(&d, UNIT_FILE, src, strlen(src), &lim, &q);
	assert_int_equal(q.n, 0); /* declining says nothing */
	msg_free(&q);
	load_doc_free(&d);
	return r == LOAD_OK;
}

/* The subset CONTRIBUTING ("The YAML fast path") writes down: each input is taken by the fast
 * path or left to libyaml as it says, so the subset cannot shrink or grow unnoticed. */
static void test_fast_path_subset(void **state)
{
	(void)state;
	static const char *const taken[] = {
	        "a: 1\n",
	        "a: text with spaces, [brackets] and {braces}\n",
	        "a: http://example.org/x?y=1#frag\n",
	        "a: value # a comment\n",
	        "# comment\n\na: 1\n  # indented comment\nb: 2",
	        "a: 'it''s'\nb: \"quoted # not a comment\"\n",
	        "a: [x, y z, \"q, r\", 1, true, \xc3\xa9]\nb: []\n",
	        "a: |\n  one\n\n  two\nb: |-\n  three\n",
	        "a: >\n  folded\n  lines\n\n    deeper\nb: >-\n  x\n",
	        "a:\n  b:\n    c: 1\n",
	        "a:\n  - 1\n  - x: 1\n    y: 2\n",
	        "a:\n- 1\n- 2\nb: 3\n",
	        "a:\n  - |\n    text\n  - [1, 2]\n",
	        "a: ~\nb: null\nc: -1.5e3\nd: 0x1F\ne: .inf\n",
	};
	static const char *const declined[] = {
	        "a: &x 1\nb: *x\n",    /* anchors and aliases */
	        "a: !!str 1\n",        /* tags */
	        "a: {b: 1}\n",         /* flow mappings */
	        "a: one\n  two\n",     /* multi-line plain */
	        "a: \"one\n  two\"\n", /* multi-line quoted */
	        "a: \"tab\\t\"\n",     /* escapes */
	        "\"a\": 1\n",          /* quoted keys */
	        "? a\n: 1\n",          /* complex keys */
	        "a:\nb: 1\n",          /* empty values */
	        "a: |+\n  x\n",        /* keep chomping */
	        "a: |2\n   x\n",       /* indentation indicator */
	        "a: |\n\n  x\n",       /* a block that starts blank */
	        "a: [[1], 2]\n",       /* nested flow */
	        "a: [1,\n  2]\n",      /* multi-line flow */
	        "---\na: 1\n",         /* document markers */
	        "\xef\xbb\xbf"
	        "a: 1\n",             /* a byte order mark */
	        "a:\t1\n",            /* tabs */
	        "a: 1\r\n",           /* carriage returns */
	        "a: 1\na: 2\n",       /* duplicate keys: libyaml's path reports them */
	        "- 1\n",              /* a top level that is not a mapping */
	        "# only a comment\n", /* nothing */
	};
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++)
		if (!fast_takes(taken[i]))
			fail_msg("the fast path declined %s", taken[i]);
	for (size_t i = 0; i < sizeof declined / sizeof *declined; i++)
		if (fast_takes(declined[i]))
			fail_msg("the fast path took %s", declined[i]);
}

/* The fast path and libyaml give the same tree: a few shapes, compared node by node
 * (tests/yamlfast compares whole files and their near misses). */
static void test_fast_path_same_tree(void **state)
{
	(void)state;
	const char *src = "a: [x, \"\xc3\xa9\", 2]\nb:\n- c: |\n    l1\n     l2\n  d: 'q'''\ne: >-\n  f\n  g\n";
	struct load_limits fast = load_default_limits, slow = load_default_limits;
	fast.parser = LOAD_PARSER_FAST;
	slow.parser = LOAD_PARSER_LIBYAML;
	struct doc a, b;
	struct msgq qa = {0}, qb = {0};
	assert_int_equal(load_yaml_mem(&a, UNIT_FILE, src, strlen(src), &fast, &qa), LOAD_OK);
	assert_int_equal(load_yaml_mem(&b, UNIT_FILE, src, strlen(src), &slow, &qb), LOAD_OK);
	static const char *const ptrs[] = {"", "/a", "/a/0", "/a/1", "/a/2", "/b", "/b/0", "/b/0/c", "/b/0/d", "/e"};
	for (size_t i = 0; i < sizeof ptrs / sizeof *ptrs; i++) {
		struct node *parent;
		const struct node *x = node_at(a.root, ptrs[i], &parent), *y = node_at(b.root, ptrs[i], &parent);
		assert_non_null(x);
		assert_non_null(y);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->pos.line, y->pos.line);
		assert_int_equal(x->pos.col, y->pos.col);
		assert_int_equal(x->n, y->n);
		assert_int_equal(x->len, y->len);
		assert_string_equal(x->str, y->str);
	}
	assert_string_equal(node_get_str(a.root, "e"), "f g");
	struct node *parent;
	assert_string_equal(node_get_str(node_at(a.root, "/b/0", &parent), "c"), "l1\n l2\n");
	msg_free(&qa);
	msg_free(&qb);
	load_doc_free(&a);
	load_doc_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_simple_mapping),
	        cmocka_unit_test(test_nested_positions),
	        cmocka_unit_test(test_columns_count_code_points),
	        cmocka_unit_test(test_core_schema_null),
	        cmocka_unit_test(test_core_schema_bool),
	        cmocka_unit_test(test_core_schema_int),
	        cmocka_unit_test(test_core_schema_float),
	        cmocka_unit_test(test_quoted_stays_text),
	        cmocka_unit_test(test_standard_tags),
	        cmocka_unit_test(test_big_hex_and_octal_keep_magnitude),
	        cmocka_unit_test(test_tag_value_message_names_tag_as_written),
	        cmocka_unit_test(test_keys_are_text),
	        cmocka_unit_test(test_crlf_line_numbers),
	        cmocka_unit_test(test_crlf_error_position),
	        cmocka_unit_test(test_bom_accepted),
	        cmocka_unit_test(test_tab_in_value_accepted),
	        cmocka_unit_test(test_syntax_error),
	        cmocka_unit_test(test_syntax_error_positions),
	        cmocka_unit_test(test_syntax_mistakes_in_words),
	        cmocka_unit_test(test_syntax_error_not_blamed_on_closed_quote),
	        cmocka_unit_test(test_duplicate_keys),
	        cmocka_unit_test(test_duplicate_keys_large_mapping),
	        cmocka_unit_test(test_anchor_refused),
	        cmocka_unit_test(test_alias_refused),
	        cmocka_unit_test(test_depth_limit),
	        cmocka_unit_test(test_depth_custom_limit),
	        cmocka_unit_test(test_file_size_limit),
	        cmocka_unit_test(test_invalid_utf8),
	        cmocka_unit_test(test_utf16_utf32_refused),
	        cmocka_unit_test(test_forbidden_characters),
	        cmocka_unit_test(test_escaped_forbidden_characters),
	        cmocka_unit_test(test_bidirectional_controls),
	        cmocka_unit_test(test_empty_input),
	        cmocka_unit_test(test_top_level_not_mapping),
	        cmocka_unit_test(test_any_root),
	        cmocka_unit_test(test_empty_collections),
	        cmocka_unit_test(test_empty_collection_root),
	        cmocka_unit_test(test_two_documents),
	        cmocka_unit_test(test_unknown_tag),
	        cmocka_unit_test(test_directives),
	        cmocka_unit_test(test_collection_as_key),
	        cmocka_unit_test(test_doc_free_resets),
	        cmocka_unit_test(test_load_file),
	        cmocka_unit_test(test_fast_path_subset),
	        cmocka_unit_test(test_fast_path_same_tree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
