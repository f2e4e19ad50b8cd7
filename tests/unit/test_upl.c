/* test_upl.c: the UPL reader of compiler/upl.c (RFC 4180 CSV: quotes, doubled quotes,
 * CRLF, a BOM; columns by header name; rows per legal basis merged; positioned errors),
 * its YAML output, the product vocabulary it replaces (vocab_use_upl), and the published
 * files in ../shared/data/upl/ (skipped with a message where that folder is absent). */
#include "unit.h"

#include <unistd.h>

#include "standard.h"
#include "upl.h"
#include "vocab.h"

#define HEADER                                                                                                         \
	"UniformeProductnaam,URI,Rijk,Provincie,Waterschap,Gemeente,Burger,Bedrijf,SDG,Grondslag,Grondslaglabel,"      \
	"Grondslaglink\r\n"
#define DATA "../shared/data/upl/"

static int read_csv(struct upl *u, const char *csv, struct msgq *q)
{
	return upl_read_mem(u, "t.csv", csv, strlen(csv), q);
}

/* The product of that name; fails the test (and returns an empty product) when absent. */
static const struct upl_product *find(const struct upl *u, const char *name)
{
	static const struct upl_product none = {"", "", 0, 0, 0, NULL, 0, NULL, 0, 0};
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->v[i].name, name))
			return &u->v[i];
	fail_msg("no product '%s'", name);
	return &none;
}

/* Assert diagnostic i: code, line, column (file t.csv). */
static void at(const struct msgq *q, size_t i, enum msg_code code, unsigned line, unsigned col)
{
	if (i >= q->n)
		unit_dump(q);
	assert_true(i < q->n);
	assert_string_equal(msg_code_name(q->d[i].code), msg_code_name(code));
	assert_string_equal(q->d[i].pos.file, "t.csv");
	assert_int_equal(q->d[i].pos.line, line);
	assert_int_equal(q->d[i].pos.col, col);
}

/* ---- CSV ---- */

static void quoting_bom_crlf(void **state)
{
	(void)state;
	struct upl u;
	struct msgq q = {0};
	/* A BOM, CRLF line ends, a quoted name with a comma, a doubled quote and a line break
	 * inside, an empty last line. */
	const char *csv =
	        "\xEF\xBB\xBF" HEADER "\"vergunning, \"\"groot\"\"\r\nen klein\",http://x/a,X,,,X,X,,A1;B2,,,\r\n"
	        "kapvergunning,http://x/b,,,,X,,X,,g,\"Artikel 1, lid 2\",https://w/1\r\n"
	        "\r\n";
	assert_int_equal(read_csv(&u, csv, &q), 0);
	assert_nmsgs(&q, 0);
	assert_int_equal(u.n, 2);
	assert_int_equal(u.rows, 2);
	const struct upl_product *p = &u.v[0];
	assert_string_equal(p->name, "vergunning, \"groot\"\r\nen klein");
	assert_string_equal(p->uri, "http://x/a");
	assert_int_equal(p->layers, UPL_RIJK | UPL_GEMEENTE);
	assert_true(p->citizen);
	assert_false(p->business);
	assert_int_equal(p->nsdg, 2);
	assert_string_equal(p->sdg[1], "B2");
	assert_int_equal(p->nlegal, 0);
	assert_int_equal(p->line, 2);
	p = &u.v[1];
	assert_int_equal(p->line, 4); /* the quoted line break counted */
	assert_int_equal(p->layers, UPL_GEMEENTE);
	assert_true(p->business);
	assert_int_equal(p->nlegal, 1);
	assert_string_equal(p->legal[0].title, "Artikel 1, lid 2");
	assert_string_equal(p->legal[0].url, "https://w/1");
	upl_free(&u);
	msg_free(&q);
}

static void columns_by_name(void **state)
{
	(void)state;
	struct upl u;
	struct msgq q = {0};
	/* Another order, another spelling of the name column, extra columns, no layer columns. */
	const char *csv = "Dienstenwet,URI,Uniforme productnaam,Gemeente\n"
	                  ",http://x/a,afvalcontainer,X\n";
	assert_int_equal(read_csv(&u, csv, &q), 0);
	assert_int_equal(u.n, 1);
	assert_string_equal(u.v[0].name, "afvalcontainer");
	assert_int_equal(u.v[0].layers, UPL_GEMEENTE);
	upl_free(&u);
	msg_free(&q);
}

static void rows_merged(void **state)
{
	(void)state;
	struct upl u;
	struct msgq q = {0};
	/* One product on three rows (one per legal basis): one product, three legal bases,
	 * the SDG codes of every row, a repeated legal basis kept once. */
	const char *csv = HEADER "aanschrijving,http://x/a,,X,X,X,X,X,A1,g1,Gemeentewet,https://w/1\n"
	                         "aanschrijving,http://x/a,,X,X,X,X,X,A1;C5,g2,Provinciewet,https://w/2\n"
	                         "aanschrijving,http://x/a,,X,X,X,X,X,,g3,Waterschapswet,https://w/3\n"
	                         "aanschrijving,http://x/a,,X,X,X,X,X,,g3,Waterschapswet,https://w/3\n";
	assert_int_equal(read_csv(&u, csv, &q), 0);
	assert_nmsgs(&q, 0);
	assert_int_equal(u.n, 1);
	assert_int_equal(u.rows, 4);
	assert_int_equal(u.v[0].nlegal, 3);
	assert_string_equal(u.v[0].legal[2].title, "Waterschapswet");
	assert_int_equal(u.v[0].nsdg, 2);
	assert_int_equal(u.v[0].layers, UPL_PROVINCIE | UPL_WATERSCHAP | UPL_GEMEENTE);
	upl_free(&u);
	msg_free(&q);

	/* Rows that disagree: a warning at the row, the first row counts. */
	csv = HEADER "a,http://x/a,X,,,,X,,,,,\n"
	             "a,http://x/a,X,,,X,X,,,,,\n"
	             "a,http://x/other,X,,,,X,,,,,\n";
	assert_int_equal(read_csv(&u, csv, &q), 0);
	assert_nmsgs(&q, 2);
	at(&q, 0, CODE_SCM007, 3, 1);
	assert_diag_text(&q, 0, "this row of 'a' disagrees with line 2 on the layers; the first row counts",
	                 "Make every row of a product say the same.");
	at(&q, 1, CODE_SCM007, 4, 3);
	assert_int_equal(msg_code_default(CODE_SCM007), SEV_WARNING);
	assert_int_equal(u.v[0].layers, UPL_RIJK);
	upl_free(&u);
	msg_free(&q);
}

static void errors_positioned(void **state)
{
	(void)state;
	struct upl u;
	struct msgq q = {0};
	/* An empty file, or one of blank lines. */
	assert_int_equal(read_csv(&u, "", &q), -1);
	at(&q, 0, CODE_SCM006, 1, 1);
	upl_free(&u);
	msg_free(&q);
	assert_int_equal(read_csv(&u, "\xEF\xBB\xBF\r\n\r\n", &q), -1);
	assert_nmsgs(&q, 1);
	at(&q, 0, CODE_SCM006, 1, 1);
	upl_free(&u);
	msg_free(&q);
	/* A header without products. */
	assert_int_equal(read_csv(&u, HEADER, &q), -1);
	at(&q, 0, CODE_SCM006, 2, 1);
	upl_free(&u);
	msg_free(&q);

	/* A required column missing; a near miss in the header is named, at its column. */
	assert_int_equal(read_csv(&u, "UniformeProductnaam,url,Rijk\na,b,X\n", &q), -1);
	assert_nmsgs(&q, 1);
	at(&q, 0, CODE_SCM006, 1, 21);
	assert_diag_text(&q, 0, "the product list has no column 'URI'", "Is 'url' meant? Name that column 'URI'.");
	upl_free(&u);
	msg_free(&q);
	assert_int_equal(read_csv(&u, "Naam,Adres\na,b\n", &q), -1);
	assert_nmsgs(&q, 2);
	assert_diag_text(&q, 0, "the product list has no column 'UniformeProductnaam'", "The header has: Naam, Adres.");
	upl_free(&u);
	msg_free(&q);

	/* A quoted field without its closing quote: at the opening quote. */
	assert_int_equal(read_csv(&u, HEADER "a,\"http://x/a,X\n", &q), -1);
	assert_nmsgs(&q, 1);
	at(&q, 0, CODE_SCM005, 2, 3);
	upl_free(&u);
	msg_free(&q);
	/* Text after a closing quote; a quote inside a field without quotes. Reading goes on. */
	assert_int_equal(read_csv(&u,
	                          HEADER "\"a\"b,http://x/a,,,,,,,,,,\n"
	                                 "a,http://x/\"a,,,,,,,,,,\n"
	                                 "ok,http://x/ok,,,,,,,,,,\n",
	                          &q),
	                 -1);
	assert_nmsgs(&q, 2);
	at(&q, 0, CODE_SCM005, 2, 4);
	at(&q, 1, CODE_SCM005, 3, 12);
	upl_free(&u);
	msg_free(&q);
	/* A row with too few fields. */
	assert_int_equal(read_csv(&u, HEADER "a,http://x/a,X\n", &q), -1);
	at(&q, 0, CODE_SCM005, 2, 1);
	assert_diag_text(&q, 0, "this row has 3 fields; the header has 12",
	                 "Check the commas of this row: a value with a comma needs quotes.");
	upl_free(&u);
	msg_free(&q);
	/* A byte that is not UTF-8, in code points from the line's start (é is one). */
	assert_int_equal(read_csv(&u, HEADER "café,http://x/\xE9,,,,,,,,,,\n", &q), -1);
	at(&q, 0, CODE_SCM005, 2, 15);
	assert_diag_text(&q, 0, "invalid UTF-8 byte 0xE9", "Save the list as UTF-8.");
	upl_free(&u);
	msg_free(&q);
	/* A product without a URI: at the empty field. */
	assert_int_equal(read_csv(&u, HEADER "a,,X,,,,,,,,,\n", &q), -1);
	at(&q, 0, CODE_SCM006, 2, 3);
	assert_diag_text(&q, 0, "this product has no URI (column 'URI')", NULL);
	upl_free(&u);
	msg_free(&q);
}

/* ---- YAML ---- */

static const char *annex_of(void *ctx, const char *name, const char *uri)
{
	(void)ctx, (void)uri;
	return !strcmp(name, "paspoort") ? "Z1" : NULL;
}

static void as_yaml(void **state)
{
	(void)state;
	struct upl u;
	struct msgq q = {0};
	const char *csv = HEADER "\"naam: met \"\"quotes\"\" # en meer\",http://x/a,X,X,X,X,X,X,A1,g,\"t\",https://w\n"
	                         "paspoort,http://x/p,X,,,X,X,,,,,\n"
	                         "niemand,http://x/n,,,,,,,,,,\n";
	assert_int_equal(read_csv(&u, csv, &q), 0);
	struct buf b = {0};
	upl_write_yaml(&u, "/some/where/UPL.csv", annex_of, NULL, &b);
	struct doc d = {0};
	assert_int_equal(load_yaml_mem(&d, "out.yaml", b.p, b.len, &load_default_limits, &q), LOAD_OK);
	assert_nmsgs(&q, 0);
	assert_string_equal(node_get_str(d.root, "vocabulary"), "products");
	const struct node *e = node_get(d.root, "entries");
	assert_int_equal(e->n, 3);
	assert_string_equal(node_get_str(e->kids[0], "name"), "naam: met \"quotes\" # en meer");
	assert_int_equal(node_get(e->kids[0], "layers")->n, 4);
	assert_int_equal(node_get(e->kids[0], "audience")->n, 2);
	assert_string_equal(node_get(e->kids[0], "information_areas")->kids[0]->str, "A1");
	const struct node *legal = node_get(e->kids[0], "legal_basis");
	assert_int_equal(legal->n, 1);
	assert_string_equal(node_get_str(legal->kids[0], "url"), "https://w");
	assert_string_equal(node_get_str(e->kids[1], "annex_ii"), "Z1");
	assert_null(node_get(e->kids[2], "annex_ii"));
	assert_int_equal(node_get(e->kids[2], "layers")->n, 0);
	assert_non_null(strstr(b.p, "`loket vocab import-upl UPL.csv`"));
	load_doc_free(&d);
	buf_free(&b);
	upl_free(&u);
	msg_free(&q);
}

/* ---- the product vocabulary ---- */

static void replaces_vocabulary(void **state)
{
	(void)state;
	struct standard st;
	struct vocab v;
	struct msgq q = {0};
	assert_int_equal(standard_load(&st, NULL, &q), 0);
	assert_int_equal(vocab_load(&v, &st, &q), 0);
	const struct product *old = vocab_product(&v, "aow-uitkering");
	assert_non_null(old);
	assert_non_null(old->annex_ii);
	struct upl *u = xcalloc(1, sizeof *u);
	const char *csv = HEADER "aow-uitkering,http://standaarden.overheid.nl/owms/terms/aow-uitkering,X,,,,X,,B9,,,\n"
	                         "hondenbelasting,http://x/hond,,,,X,X,,,,,\n"
	                         "hondbelasting,http://x/hb,,,,X,X,,,,,\n";
	assert_int_equal(read_csv(u, csv, &q), 0);
	vocab_use_upl(&v, u);
	assert_int_equal(v.nproducts, 3);
	const struct product *p = vocab_product(&v, "aow-uitkering");
	assert_non_null(p);
	assert_string_equal(p->annex_ii, "W1"); /* kept from the built-in vocabulary */
	assert_int_equal(p->layers, LAYER_RIJK);
	assert_int_equal(p->ninformation_areas, 1);
	assert_ptr_equal(vocab_product(&v, "http://x/hond"), vocab_product(&v, "hondenbelasting"));
	assert_null(vocab_product(&v, "paspoort")); /* the built-in list is gone */
	const char *near[3];
	assert_int_equal(vocab_nearest_products(&v, "hondenbelastin", near, 3), 2);
	assert_string_equal(near[0], "hondenbelasting");
	assert_string_equal(near[1], "hondbelasting"); /* 3 edits away */
	vocab_free(&v);
	standard_free(&st);
	msg_free(&q);
}

/* ---- the published files ---- */

static int have_data(void)
{
	if (access(DATA "UPL-actueel.csv", R_OK) == 0)
		return 1;
	print_message("SKIP: " DATA " is absent (run from the repository, beside ../shared/data)\n");
	return 0;
}

static void published_upl(void **state)
{
	(void)state;
	if (!have_data())
		skip();
	struct upl u;
	struct msgq q = {0};
	assert_int_equal(upl_read_file(&u, DATA "UPL-actueel.csv", &q), 0);
	assert_nmsgs(&q, 0);
	assert_int_equal(u.rows, 1121);
	assert_int_equal(u.n, 1017); /* one per product, the rows per legal basis merged */
	const struct upl_product *p = find(&u, "aanschrijving");
	assert_int_equal(p->nlegal, 3);
	assert_int_equal(p->layers, UPL_PROVINCIE | UPL_WATERSCHAP | UPL_GEMEENTE);
	p = find(&u, "paspoort");
	assert_int_equal(p->layers, UPL_RIJK | UPL_GEMEENTE);
	assert_string_equal(p->uri, "http://standaarden.overheid.nl/owms/terms/paspoort");
	/* Every product of the built-in vocabulary is on the UPL, with the same URI. */
	struct standard st;
	struct vocab v;
	assert_int_equal(standard_load(&st, NULL, &q), 0);
	assert_int_equal(vocab_load(&v, &st, &q), 0);
	for (size_t i = 0; i < v.nproducts; i++) {
		const struct upl_product *x = find(&u, v.products[i].name);
		assert_string_equal(x->uri, v.products[i].uri);
	}
	vocab_free(&v);
	standard_free(&st);
	upl_free(&u);
	msg_free(&q);
}

static void published_variants(void **state)
{
	(void)state;
	if (!have_data())
		skip();
	static const struct {
		const char *file;
		int rc;
		size_t products, rows;
		const char *code;
		unsigned line, col;
	} cases[] = {
	        {DATA "small/UPL-actueel.small.csv", 0, 16, 18, NULL, 0, 0},
	        /* A header with an empty last column, and SDG codes spilt into the next column. */
	        {DATA "small/UPL-actueel-without-adoptie.small.csv", 0, 15, 17, NULL, 0, 0},
	        /* Another export: names and URIs, no layers. */
	        {DATA "small/UPL-SDG-Informatiegebied.small.csv", 0, 3, 3, NULL, 0, 0},
	        {DATA "open-product-tests/upl.csv", 0, 1, 1, NULL, 0, 0},
	        {DATA "open-product-tests/upl-empty-data.csv", -1, 0, 1, "SCM006", 2, 29},
	        {DATA "open-product-tests/upl-missing-columns.csv", -1, 0, 0, "SCM006", 1, 21},
	        {DATA "small/SDG-Informatiegebieden.small.csv", -1, 0, 0, "SCM006", 1, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct upl u;
		struct msgq q = {0};
		int rc = upl_read_file(&u, cases[i].file, &q);
		if (rc != cases[i].rc)
			unit_dump(&q);
		assert_int_equal(rc, cases[i].rc);
		assert_int_equal(u.n, cases[i].products);
		assert_int_equal(u.rows, cases[i].rows);
		if (cases[i].code) {
			assert_true(q.n >= 1);
			assert_string_equal(msg_code_name(q.d[0].code), cases[i].code);
			assert_int_equal(q.d[0].pos.line, cases[i].line);
			assert_int_equal(q.d[0].pos.col, cases[i].col);
		} else {
			assert_nmsgs(&q, 0);
		}
		upl_free(&u);
		msg_free(&q);
	}
}

static void unreadable(void **state)
{
	(void)state;
	struct upl u;
	struct msgq q = {0};
	assert_int_equal(upl_read_file(&u, "/nonexistent/upl.csv", &q), -2);
	assert_nmsgs(&q, 1);
	assert_int_equal(q.d[0].code, CODE_SYS001);
	upl_free(&u);
	msg_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(quoting_bom_crlf), cmocka_unit_test(columns_by_name),
	        cmocka_unit_test(rows_merged),      cmocka_unit_test(errors_positioned),
	        cmocka_unit_test(as_yaml),          cmocka_unit_test(replaces_vocabulary),
	        cmocka_unit_test(published_upl),    cmocka_unit_test(published_variants),
	        cmocka_unit_test(unreadable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
