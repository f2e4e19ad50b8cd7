/* test_pdf_ua.c: pdf_ua.c, what cairo 1.16 cannot write into a tagged PDF: text strings,
 * the edits of a small tagged document cairo makes here, and refusals. */
#include "unit.h"

#include <cairo-pdf.h>

#include "pdf_ua.h"

static void test_text_string(void **state)
{
	(void)state;
	struct buf b = {0};
	pdf_ua_text_string(&b, "a(b)\\");
	assert_string_equal(b.p, "<FEFF0061002800620029005C>"); /* no byte can end the string */
	b.len = 0;
	pdf_ua_text_string(&b, "\xe2\x82\xac\xf0\x9f\x98\x80"); /* U+20AC, U+1F600 as a surrogate pair */
	assert_string_equal(b.p, "<FEFF20ACD83DDE00>");
	b.len = 0;
	pdf_ua_text_string(&b, "\xff"
	                       "a");
	assert_string_equal(b.p, "<FEFFFFFD0061>"); /* invalid UTF-8 */
	b.len = 0;
	pdf_ua_text_string(&b, NULL);
	assert_string_equal(b.p, "<FEFF>");
	buf_free(&b);
}

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int length)
{
	buf_add(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* A page as render_pdf.c tags it: a heading, a paragraph with a link, a figure, and a
 * frame and a bar drawn outside every element (shapes stand for text). */
static void make_pdf(struct buf *out)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append, out, 200, 200);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "T");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2026-01-01T00:00:00Z");
	cairo_t *cr = cairo_create(s);
	cairo_rectangle(cr, 1, 1, 198, 198);
	cairo_stroke(cr); /* an artifact */
	cairo_tag_begin(cr, "Document", "");
	cairo_tag_begin(cr, "H1", "");
	cairo_rectangle(cr, 10, 10, 30, 10); /* text would start fontconfig, whose caches LSan reports */
	cairo_fill(cr);
	cairo_tag_end(cr, "H1");
	cairo_tag_begin(cr, "P", "");
	cairo_tag_begin(cr, "Link", "rect=[10 30 40 10] uri='https://x.nl/'");
	cairo_rectangle(cr, 10, 30, 40, 10);
	cairo_fill(cr);
	cairo_tag_end(cr, "Link");
	cairo_tag_end(cr, "P");
	cairo_tag_begin(cr, "Figure", "");
	cairo_rectangle(cr, 50, 50, 20, 20);
	cairo_fill(cr);
	cairo_tag_end(cr, "Figure");
	cairo_rectangle(cr, 10, 180, 100, 10);
	cairo_fill(cr); /* an artifact */
	cairo_tag_end(cr, "Document");
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(s);
}

/* needle in the bytes of b (which hold NULs: fonts, compressed streams), or NULL. */
static const char *find(const struct buf *b, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= b->len; i++)
		if (!memcmp(b->p + i, needle, n))
			return b->p + i;
	return NULL;
}

static void ua_init(struct pdf_ua *ua, const char *title)
{
	memset(ua, 0, sizeof *ua);
	ua->title = title;
	ua->author = "A";
	ua->subject = "S";
	ua->lang = "nl";
	ua->producer = "cairo";
	ua->epoch = 1795824000;
	pdf_strings_add(&ua->alt, "QR-code met het webadres https://x.nl/");
	pdf_strings_add(&ua->contents, "x.nl");
	static const char *const tags[] = {"Document", "H1", "P", "Link", "Figure"};
	for (size_t i = 0; i < 5; i++) {
		pdf_strings_add(&ua->elem_tag, tags[i]);
		pdf_strings_add(&ua->elem_lang, i == 3 ? "en" : "");
	}
}

static void ua_free(struct pdf_ua *ua)
{
	pdf_strings_free(&ua->alt);
	pdf_strings_free(&ua->contents);
	pdf_strings_free(&ua->elem_tag);
	pdf_strings_free(&ua->elem_lang);
}

static void test_finish(void **state)
{
	(void)state;
	struct buf pdf = {0}, again = {0};
	make_pdf(&pdf);
	make_pdf(&again);
	struct pdf_ua ua;
	ua_init(&ua, "a<b&");
	assert_int_equal(pdf_ua_finish(&pdf, &ua), 0);
	assert_int_equal(pdf_ua_finish(&again, &ua), 0);
	assert_int_equal(pdf.len, again.len); /* deterministic */
	assert_memory_equal(pdf.p, again.p, pdf.len);
	assert_non_null(find(&pdf, "   /Lang (nl)\n   /ViewerPreferences << /DisplayDocTitle true >>\n"));
	assert_non_null(find(&pdf, "/Type /Page % 1\n   /Tabs /S\n"));
	assert_non_null(find(&pdf, "/S /Figure\n   /Alt <FEFF0051"));
	assert_non_null(find(&pdf, "/S /Link\n   /Lang (en)\n")); /* the element's own language */
	assert_non_null(find(&pdf, "/Subtype /Link\n   /Contents <FEFF0078002E006E006C>\n"));
	/* The XMP: escaped, with pdfuaid:part 1. */
	assert_non_null(find(&pdf, "<rdf:li xml:lang=\"x-default\">a&lt;b&amp;</rdf:li>"));
	assert_non_null(find(&pdf, "<pdfuaid:part>1</pdfuaid:part>"));
	assert_non_null(find(&pdf, "<dc:language>\n        <rdf:Bag>\n          <rdf:li>nl</rdf:li>"));
	/* A new table: every in-use entry points at its object. */
	const char *xref = find(&pdf, "\nxref\n0 ");
	assert_non_null(xref);
	unsigned long n;
	assert_int_equal(sscanf(xref + 8, "%lu", &n), 1);
	const char *e = strchr(xref + 8, '\n') + 1 + 20; /* entry 1 */
	for (unsigned long i = 1; i < n; i++, e += 20)
		if (e[17] == 'n') {
			char want[32];
			snprintf(want, sizeof want, "%lu 0 obj\n", i);
			assert_memory_equal(pdf.p + strtoul(e, NULL, 10), want, strlen(want));
		}
	buf_free(&pdf);
	buf_free(&again);
	ua_free(&ua);
}

static void test_refusals(void **state)
{
	(void)state;
	struct pdf_ua ua;
	ua_init(&ua, "T");
	/* Not cairo's PDF: left as it was. */
	struct buf b = {0};
	buf_adds(&b, "%PDF-1.5\nnot a pdf\nstartxref\n99999\n%%EOF\n");
	char *copy = xstrdup(b.p);
	assert_int_equal(pdf_ua_finish(&b, &ua), -1);
	assert_string_equal(b.p, copy);
	free(copy);
	buf_free(&b);
	/* More figures tagged than alternative texts given: refused, not guessed. */
	make_pdf(&b);
	size_t len = b.len;
	pdf_strings_free(&ua.alt);
	assert_int_equal(pdf_ua_finish(&b, &ua), -1);
	assert_int_equal(b.len, len);
	/* And fewer. */
	pdf_strings_add(&ua.alt, "a");
	pdf_strings_add(&ua.alt, "b");
	assert_int_equal(pdf_ua_finish(&b, &ua), -1);
	/* Elements that are not the ones begun (another order, or another cairo). */
	pdf_strings_free(&ua.alt);
	pdf_strings_add(&ua.alt, "a");
	free(ua.elem_tag.v[1]);
	ua.elem_tag.v[1] = xstrdup("H2");
	assert_int_equal(pdf_ua_finish(&b, &ua), -1);
	assert_int_equal(b.len, len);
	buf_free(&b);
	ua_free(&ua);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_text_string),
	        cmocka_unit_test(test_finish),
	        cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
