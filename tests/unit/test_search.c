/* test_search.c: the search index (search.c): folding into words, stop words, Snowball
 * stems, compound parts, field weights, escaping of hostile text, byte-identical output. */
#include "unit.h"

#include "search.h"

static void collect(const char *w, size_t n, void *arg)
{
	struct buf *b = arg;
	buf_add(b, w, n);
	buf_addc(b, '|');
}

static void check_words(const char *text, const char *want)
{
	struct buf b = {0};
	buf_adds(&b, "");
	search_words(text, collect, &b);
	if (strcmp(b.p, want) != 0)
		fprintf(stderr, "  words of \"%s\" gave \"%s\"\n", text, b.p);
	assert_string_equal(b.p, want);
	buf_free(&b);
}

static void test_words_fold_case_and_accents(void **state)
{
	(void)state;
	check_words("Identiteitskaart (ID-kaart) aanvragen", "identiteitskaart|id|kaart|aanvragen|");
	check_words("Beëindiging café ÉÉN naïef", "beeindiging|cafe|een|naief|");
	check_words("", "");
	check_words("  ,,  ", "");
	check_words("a\x01"
	            "b\tc",
	            "a|b|c|");
	/* other scripts stay as they are */
	check_words("Українська мова", "Українська|мова|");
}

/* The index of docs, as a string (caller frees). */
static char *index_of(const struct search_doc *d, size_t n)
{
	struct buf b = {0};
	search_index_write(&b, d, n, NULL, NULL);
	return buf_take(&b);
}

static struct search_doc doc(const char *url, const char *lang, const char *title, const char *desc)
{
	static struct search_field pool[64]; /* the fields of every document of a test */
	static size_t used;
	if (used + 2 > sizeof pool / sizeof *pool)
		used = 0;
	struct search_doc d = {.url = url, .lang = lang, .title = title, .agency = "Gemeente", .fields = pool + used};
	pool[used++] = (struct search_field){.text = title, .weight = SEARCH_W_TITLE};
	pool[used++] = (struct search_field){.text = desc, .weight = SEARCH_W_DESCRIPTION};
	d.nfields = 2;
	return d;
}

static void test_stems_weights_and_compounds(void **state)
{
	(void)state;
	struct search_doc d[2] = {doc("a.html", "nl", "Parkeervergunning aanvragen",
	                              "U wilt parkeren bij uw huis. De vergunning geldt een jaar."),
	                          doc("b.html", "en", "Parking permits", "Apply for a permit.")};
	char *s = index_of(d, 2);
	/* Dutch stems for the Dutch page, English ones for the English page */
	assert_non_null(strstr(s, "\"aanvrag\":[0,100]"));
	assert_non_null(strstr(s, "\"permit\":[1,101]"));
	/* the compound's parts, at 0.6 of the title's weight (+1: the description has them too) */
	assert_non_null(strstr(s, "\"parker\":[0,61]"));
	assert_non_null(strstr(s, "\"vergunn\":[0,61]"));
	/* surface words lead to their stems; stop words are not indexed */
	assert_non_null(strstr(s, "\"parkeren\":\"parker\""));
	assert_null(strstr(s, "\"uw\":["));
	assert_null(strstr(s, "\"for\":["));
	free(s);
}

static void test_hostile_text_is_escaped(void **state)
{
	(void)state;
	struct search_doc d[1] = {doc("a.html", "nl", "<script>alert(1)</script>", "\xe2\x80\xa8 & \"quotes\"")};
	char *s = index_of(d, 1);
	assert_null(strchr(s, '<'));
	assert_null(strchr(s, '>'));
	assert_null(strstr(s, "</script"));
	assert_null(strstr(s, "\xe2\x80\xa8"));
	assert_non_null(strstr(s, "\\u003cscript\\u003e"));
	free(s);
}

static void test_same_docs_same_bytes(void **state)
{
	(void)state;
	struct search_doc d[3] = {doc("a.html", "nl", "Grofvuil laten ophalen", "Bank, kast of matras."),
	                          doc("b.html", "nl", "Afvalcontainer bestellen", "Een extra container."),
	                          doc("c.html", "nl", "Grofvuil bestellen", "Neue Adresse.")};
	char *x = index_of(d, 3), *y = index_of(d, 3);
	assert_string_equal(x, y);
	assert_true(strncmp(x,
	                    "window.LOKET_SEARCH={\"agencies\":[\"Gemeente\"],\"docs\":[[\"a.html\",\"Grofvuil laten "
	                    "ophalen\",0,\"nl\"]",
	                    88) == 0);
	/* postings: document numbers as differences (0 and 2; 1 and 2) */
	assert_non_null(strstr(x, "\"grofvuil\":[0,100,2,100]"));
	assert_non_null(strstr(x, "\"bestell\":[1,100,1,100]"));
	free(x);
	free(y);
}

/* No documents (an empty catalogue): an index with nothing in it, no qsort of NULL. */
static void test_no_docs(void **state)
{
	(void)state;
	char *s = index_of(NULL, 0);
	assert_non_null(strstr(s, "{\"agencies\":[],\"docs\":[],\"terms\":{},\"words\":{}"));
	free(s);
}

static void test_synonyms(void **state)
{
	(void)state;
	struct doc yaml;
	struct msgq q = {0};
	assert_int_equal(
	        unit_load(&yaml,
	                  "entries:\n  - term: Afvalcontainer\n    synonyms: [Kliko, ID-kaart, kliko]\n  - term: x\n",
	                  &q),
	        LOAD_OK);
	struct search_doc d[1] = {doc("a.html", "nl", "Afvalcontainer", "")};
	struct buf b = {0};
	search_index_write(&b, d, 1, node_get(yaml.root, "entries"), NULL);
	assert_non_null(strstr(b.p, "\"syn\":{\"kliko\":\"afvalcontainer\",\"id kaart\":\"afvalcontainer\"}"));
	buf_free(&b);
	load_doc_free(&yaml);
	msg_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_words_fold_case_and_accents),
	        cmocka_unit_test(test_stems_weights_and_compounds),
	        cmocka_unit_test(test_hostile_text_is_escaped),
	        cmocka_unit_test(test_same_docs_same_bytes),
	        cmocka_unit_test(test_no_docs),
	        cmocka_unit_test(test_synonyms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
