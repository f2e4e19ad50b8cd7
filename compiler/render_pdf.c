/* render_pdf.c: the printed leaflet back-end: one PDF per service and language
 * (leaflets/<agency>/<service>[.<lang>].pdf) and one printable file of all of an agency's
 * leaflets (leaflets/<agency>.pdf), typeset with pango on cairo's PDF surface in the order
 * of the uniform presentation. Agency text reaches pango only as plain text, never markup.
 *
 * A leaflet is made in three steps: build (the model becomes a list of measured blocks,
 * "items"), paginate (items are placed on pages and columns, split only between lines of
 * a paragraph), draw (the pages, then the footer with "page / pages" on each). The files
 * are made on ctx->jobs threads, each with its own pango context; the bytes of every file
 * depend only on the model, SOURCE_DATE_EPOCH and the paper, not on the threads. */
#include "render.h"

#include <cairo-pdf.h>
#include <hb.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "labels.h"
#include "pdf_ua.h"

/* ------------------------------------------------------------------------------------
 * Words the leaflet needs that labels.c does not have yet, in Dutch and English.
 * TO MOVE into labels.c / labels.h; the language rule is the one of labels.c.
 */
enum pdf_label {
	PL_LEAFLETS,        /* the title of an agency's file of leaflets */
	PL_PROCESSING_TIME, /* before the duration: "Doorlooptijd: 5 dagen" */
	PL_MORE_INFO,       /* before the source URL in the footer */
	PL_AND,             /* "Inwoners en ondernemers" */
	PL_DAYS_THROUGH,    /* "maandag t/m vrijdag" */
	PL_QR_ALT,          /* the alternative text of the QR code, before its address */
	PL__MAX
};

static int lang_is_dutch(const char *lang)
{
	return lang && !strncmp(lang, "nl", 2) && (lang[2] == '\0' || lang[2] == '-');
}

static const char *pdf_label(const char *lang, enum pdf_label l)
{
	static const char *const nl[PL__MAX] = {"folders", "Doorlooptijd", "Meer informatie",
	                                        "en",      "t/m",          "QR-code met het webadres"};
	static const char *const en[PL__MAX] = {
	        "leaflets", "Processing time", "More information", "and", "to", "QR code with the web address"};
	return lang_is_dutch(lang) ? nl[l] : en[l];
}

/* A payment method of costs.payment_methods in words ("card-at-counter" ...). */
static const char *pdf_label_payment(const char *lang, const char *method)
{
	static const char *const keys[] = {"online", "card-at-counter", "cash", "invoice", "direct-debit"};
	static const char *const nl[] = {"online", "met de pinpas aan de balie", "contant", "met een factuur",
	                                 "met automatische incasso"};
	static const char *const en[] = {"online", "by card at the counter", "in cash", "by invoice",
	                                 "by direct debit"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (!strcmp(keys[i], method))
			return lang_is_dutch(lang) ? nl[i] : en[i];
	return method;
}

/* The name of month 1..12. */
static const char *pdf_label_month(const char *lang, int month)
{
	static const char *const nl[12] = {"januari", "februari", "maart",     "april",   "mei",      "juni",
	                                   "juli",    "augustus", "september", "oktober", "november", "december"};
	static const char *const en[12] = {"January", "February", "March",     "April",   "May",      "June",
	                                   "July",    "August",   "September", "October", "November", "December"};
	if (month < 1 || month > 12)
		return "";
	return lang_is_dutch(lang) ? nl[month - 1] : en[month - 1];
}

/* A unit of an ISO 8601 duration: designator Y M W D (date part) or H M S (time part). */
static const char *pdf_label_unit(const char *lang, char unit, int in_time, int plural)
{
	static const char units[] = "YMWDhms";
	static const char *const nl[][2] = {{"jaar", "jaar"},       {"maand", "maanden"}, {"week", "weken"},
	                                    {"dag", "dagen"},       {"uur", "uur"},       {"minuut", "minuten"},
	                                    {"seconde", "seconden"}};
	static const char *const en[][2] = {{"year", "years"},    {"month", "months"}, {"week", "weeks"},
	                                    {"day", "days"},      {"hour", "hours"},   {"minute", "minutes"},
	                                    {"second", "seconds"}};
	char u = in_time ? (unit == 'H' ? 'h' : unit == 'M' ? 'm' : 's') : unit;
	const char *at = strchr(units, u);
	if (at == NULL || u == '\0')
		return "?";
	size_t k = (size_t)(at - units);
	return lang_is_dutch(lang) ? nl[k][plural != 0] : en[k][plural != 0];
}
/* ---------------------------------------------------------------------------------- */

/* Paper, type sizes and spacing, in points. */
struct paper {
	double w, h;                /* the page */
	double margin, top, bottom; /* left and right; top; bottom, which holds the footer */
	double body, lead, level, sub, heading, title, subtitle, band, footer; /* type sizes */
	double gap_heading, gap_para, gap_item, gap_box; /* space above a heading, paragraph, list item, the box */
	double box_pad, qr;                              /* padding of the How-to-apply box; side of the QR code */
	int columns;                                     /* columns of the sections after the box: 1 or 2 */
	double gutter;                                   /* between the columns */
};

static const struct paper paper_a4 = {
        .w = 595.276,
        .h = 841.89,
        .margin = 40,
        .top = 30,
        .bottom = 50,
        .body = 11,
        .lead = 12,
        .level = 13,
        .sub = 12,
        .heading = 14.5,
        .title = 21,
        .subtitle = 13.5,
        .band = 12,
        .footer = 9.5,
        .gap_heading = 8,
        .gap_para = 4,
        .gap_item = 2,
        .gap_box = 9,
        .box_pad = 8,
        .qr = 88,
        .columns = 2,
        .gutter = 18,
};

static const struct paper paper_a5 = {
        .w = 419.528,
        .h = 595.276,
        .margin = 34,
        .top = 30,
        .bottom = 56,
        .body = 11,
        .lead = 11.5,
        .level = 12,
        .sub = 11.5,
        .heading = 13.5,
        .title = 20,
        .subtitle = 13,
        .band = 11,
        .footer = 9,
        .gap_heading = 12,
        .gap_para = 5,
        .gap_item = 3,
        .gap_box = 11,
        .box_pad = 10,
        .qr = 92,
        .columns = 1,
        .gutter = 0,
};

#define LINE_SPACING 1.16f /* pango's factor over the font's height: generous leading */
#define EPSILON      0.01

struct rgb {
	double r, g, b;
};
static const struct rgb ink = {0, 0, 0};                                   /* body text */
static const struct rgb navy = {0x15 / 255.0, 0x42 / 255.0, 0x73 / 255.0}; /* headings, band: 10:1 on white */
static const struct rgb white = {1, 1, 1};
static const struct rgb tint = {0xe8 / 255.0, 0xf0 / 255.0, 0xf8 / 255.0}; /* the box: black on it is 18:1 */
static const struct rgb grey = {0x33 / 255.0, 0x33 / 255.0, 0x33 / 255.0}; /* footer: 12.6:1 on white */

/* The faces of the leaflet, all DejaVu Sans. */
enum face { F_BODY, F_LEAD, F_LEVEL, F_SUB, F_HEADING, F_TITLE, F_SUBTITLE, F_BAND, F_FOOTER, F__MAX };

struct typesetter {
	const struct paper *paper;
	PangoFontMap *fontmap;
	PangoContext *pango;
	PangoFontDescription *face[F__MAX];
};

/* Make the pango context for PDF output: unhinted metrics, 72 units per inch (1 unit is
 * 1 pt), unrounded glyph positions. Free with typesetter_free. */
static void typesetter_init(struct typesetter *ts, const struct paper *p)
{
	memset(ts, 0, sizeof *ts);
	ts->paper = p;
	ts->fontmap = pango_cairo_font_map_new();
	ts->pango = pango_font_map_create_context(ts->fontmap);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ts->pango, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ts->pango, 72.0);
	pango_context_set_round_glyph_positions(ts->pango, FALSE);
	const double size[F__MAX] = {p->body,  p->lead,     p->level, p->sub,   p->heading,
	                             p->title, p->subtitle, p->band,  p->footer};
	const int bold[F__MAX] = {0, 0, 1, 1, 1, 1, 0, 1, 0};
	for (int f = 0; f < F__MAX; f++) {
		ts->face[f] = pango_font_description_new();
		pango_font_description_set_family(ts->face[f], "DejaVu Sans");
		pango_font_description_set_weight(ts->face[f], bold[f] ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
		pango_font_description_set_absolute_size(ts->face[f], size[f] * PANGO_SCALE);
	}
}

static void typesetter_free(struct typesetter *ts)
{
	for (int f = 0; f < F__MAX; f++)
		pango_font_description_free(ts->face[f]);
	g_object_unref(ts->pango);
	g_object_unref(ts->fontmap);
}

/* ---- Text with bold spans and links, built piece by piece (never parsed as markup). */

struct link_span {
	size_t start, end; /* bytes of the text */
	char *uri;         /* owned; only https:, http:, mailto: and tel: */
};

struct rich {
	struct buf text;
	PangoAttrList *attrs;
	struct link_span *links;
	size_t nlinks, cap;
};

static void rich_init(struct rich *r)
{
	memset(r, 0, sizeof *r);
	buf_adds(&r->text, "");
	r->attrs = pango_attr_list_new();
}

static void rich_free(struct rich *r)
{
	for (size_t i = 0; i < r->nlinks; i++)
		free(r->links[i].uri);
	free(r->links);
	pango_attr_list_unref(r->attrs);
	buf_free(&r->text);
}

/* Give the attribute the byte range [start, end) and add it to the list. */
static void rich_attr(struct rich *r, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(r->attrs, a);
}

/* Append text (NULL appends nothing), bold or not. */
static void rich_add(struct rich *r, const char *s, int bold)
{
	if (s == NULL || *s == '\0')
		return;
	size_t start = r->text.len;
	buf_adds(&r->text, s);
	if (bold)
		rich_attr(r, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, r->text.len);
}

/* uri as cairo 1.16 may put it into a PDF string: it writes the bytes as they are, so an
 * unbalanced ")" would end the string and let the rest be read as PDF syntax (an action
 * of another kind). "(", ")", "\\", spaces, controls and non-ASCII bytes are
 * percent-encoded. The caller frees. */
static char *pdf_safe_uri(const char *uri)
{
	struct buf b = {0};
	for (const unsigned char *p = (const unsigned char *)uri; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '(' || *p == ')' || *p == '\\')
			buf_printf(&b, "%%%02X", *p);
		else
			buf_addc(&b, (char)*p);
	buf_adds(&b, "");
	return buf_take(&b);
}

/* Append shown text that links to uri when the URI is safe (html_url_is_safe); the span
 * is never hyphenated (a hyphen would change the address). */
static void rich_link(struct rich *r, const char *shown, const char *uri, int bold)
{
	size_t start = r->text.len;
	rich_add(r, shown, bold);
	if (r->text.len == start)
		return;
	rich_attr(r, pango_attr_insert_hyphens_new(FALSE), start, r->text.len);
	if (uri == NULL || !html_url_is_safe(uri))
		return;
	r->links = xgrow(r->links, &r->cap, r->nlinks + 1, sizeof *r->links);
	r->links[r->nlinks++] = (struct link_span){start, r->text.len, pdf_safe_uri(uri)};
}

/* Append agency text folded to one line: every run of white space becomes one space. */
static void rich_add_folded(struct rich *r, const char *s, int bold)
{
	struct buf b = {0};
	int space = 0;
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *p);
	}
	rich_add(r, b.p, bold);
	buf_free(&b);
}

/* Mark the text from byte `start` to the end as written in lang (pango shapes,
 * breaks and hyphenates it by that language). */
static void rich_mark_lang(struct rich *r, size_t start, const char *lang)
{
	if (lang && r->text.len > start)
		rich_attr(r, pango_attr_language_new(pango_language_from_string(lang)), start, r->text.len);
}

/* Append a title as a sentence: folded, with a full stop unless it ends in one. */
static void rich_add_sentence(struct rich *r, const char *s, int bold)
{
	rich_add_folded(r, s, bold);
	char last = r->text.len ? r->text.p[r->text.len - 1] : '.';
	if (!strchr(".?!:", last))
		rich_add(r, ".", bold);
}

/* Append a label with its first letter in lower case, to go after another word. */
static void rich_add_lowercased(struct rich *r, const char *s)
{
	gunichar c = g_utf8_get_char_validated(s, -1);
	if (c == (gunichar)-1 || c == (gunichar)-2) {
		rich_add(r, s, 0);
		return;
	}
	char first[8] = {0};
	g_unichar_to_utf8(g_unichar_tolower(c), first);
	rich_add(r, first, 0);
	rich_add(r, g_utf8_next_char(s), 0);
}

/* ---- Items: measured blocks of a leaflet. */

enum item_kind { ITEM_TEXT, ITEM_QR };

enum item_flag {
	KEEP_WITH_NEXT = 1, /* a heading: never the last thing on a page */
	KEEP_TOGETHER = 2,  /* a list item, a channel: moved whole to the next page */
	FILLED = 4,         /* text on a navy band */
};

/* What an item is in the PDF's structure tree (the tag cairo gets). */
enum role { ROLE_P, ROLE_H1, ROLE_H2, ROLE_H3, ROLE_LI, ROLE_FIGURE, ROLE__MAX };

struct line_box {
	double top, bottom, baseline, x; /* in the layout, in points */
};

struct item {
	enum item_kind kind;
	enum role role;
	unsigned flags;
	double x, w;         /* from the left margin */
	double space_before; /* above the item, unless it starts a page */
	double h;            /* its height, padding included */
	double pad, inset;   /* FILLED: vertical and horizontal padding */
	struct rgb color;
	PangoLayout *layout; /* ITEM_TEXT */
	PangoLayout *marker; /* a bullet or number left of the first line, or NULL */
	double marker_x;     /* from x */
	struct line_box *lines;
	size_t nlines;
	struct link_span *links;
	size_t nlinks;
	QRcode *qr;       /* ITEM_QR: a square of side h */
	char *alt;        /* ITEM_QR: its alternative text (owned) */
	const char *lang; /* the language of its text (the model's or the builder's string) */
};

struct leaflet {
	const struct paper *paper;
	struct item *items;
	size_t n, cap;
	size_t box_first, box_end; /* the How-to-apply box: items [box_first, box_end) */
	size_t col_first;          /* the items from here on flow in paper->columns columns */
	double col_w;
	struct item floats[2]; /* beside the box, on the right: the QR code and its URL */
	size_t nfloats;
	double float_h;
	/* For the footer and the document's properties: */
	char *title, *subject, *author, *lang, *reviewed, *source_uri, *source_shown;
};

static void item_free(struct item *it)
{
	if (it->layout)
		g_object_unref(it->layout);
	if (it->marker)
		g_object_unref(it->marker);
	for (size_t i = 0; i < it->nlinks; i++)
		free(it->links[i].uri);
	free(it->links);
	free(it->lines);
	if (it->qr)
		QRcode_free(it->qr);
	free(it->alt);
}

static void leaflet_free(struct leaflet *lf)
{
	for (size_t i = 0; i < lf->n; i++)
		item_free(&lf->items[i]);
	for (size_t i = 0; i < lf->nfloats; i++)
		item_free(&lf->floats[i]);
	free(lf->items);
	free(lf->title);
	free(lf->subject);
	free(lf->author);
	free(lf->lang);
	free(lf->reviewed);
	free(lf->source_uri);
	free(lf->source_shown);
	memset(lf, 0, sizeof *lf);
}

/* How an item looks and where it goes. */
struct look {
	enum face face;
	struct rgb color;
	double x, w, space_before;
	unsigned flags;
	const char *lang; /* the language of the text: pango hyphenates and shapes by it */
};

/* Lay out text in a face at a width, in a language. The caller unrefs the layout. */
static PangoLayout *make_layout(const struct typesetter *ts, const char *text, PangoAttrList *attrs, enum face f,
                                double width, const char *lang)
{
	PangoLayout *l = pango_layout_new(ts->pango);
	pango_layout_set_font_description(l, ts->face[f]);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_line_spacing(l, LINE_SPACING);
	pango_layout_set_text(l, text, -1);
	PangoAttrList *a = attrs ? pango_attr_list_copy(attrs) : pango_attr_list_new();
	pango_attr_list_insert_before(a, pango_attr_language_new(pango_language_from_string(lang ? lang : "nl")));
	/* No ligatures: one glyph per character, so that the PDF's text is the text (cairo
	 * 1.16 writes a ligature as a nested /ActualText span, which poppler's structure
	 * reader stops at). */
	pango_attr_list_insert_before(a, pango_attr_font_features_new("liga 0, clig 0"));
	pango_layout_set_attributes(l, a);
	pango_attr_list_unref(a);
	return l;
}

/* Measure the lines of a text item: their tops, bottoms, baselines and left edges, and
 * the item's height. */
static void measure_lines(struct item *it)
{
	it->nlines = (size_t)pango_layout_get_line_count(it->layout);
	it->lines = xcalloc(it->nlines ? it->nlines : 1, sizeof *it->lines);
	PangoLayoutIter *iter = pango_layout_get_iter(it->layout);
	size_t k = 0;
	do {
		int top, bottom;
		PangoRectangle logical, own;
		pango_layout_iter_get_line_yrange(iter, &top, &bottom);
		pango_layout_iter_get_line_extents(iter, NULL, &logical);
		pango_layout_line_get_extents(pango_layout_iter_get_line_readonly(iter), NULL, &own);
		if (k < it->nlines)
			it->lines[k++] = (struct line_box){(double)top / PANGO_SCALE, (double)bottom / PANGO_SCALE,
			                                   (double)pango_layout_iter_get_baseline(iter) / PANGO_SCALE,
			                                   (double)(logical.x - own.x) / PANGO_SCALE};
	} while (pango_layout_iter_next_line(iter));
	pango_layout_iter_free(iter);
	it->nlines = k;
	it->h = k ? it->lines[k - 1].bottom - it->lines[0].top : 0;
	it->h += 2 * it->pad;
}

/* Make a text item from r, which it empties (the links move to the item). */
static void fill_text_item(struct item *it, const struct typesetter *ts, struct rich *r, const struct look *lk)
{
	memset(it, 0, sizeof *it);
	it->kind = ITEM_TEXT;
	it->role = lk->face == F_TITLE     ? ROLE_H1
	           : lk->face == F_HEADING ? ROLE_H2
	           : lk->face == F_SUB     ? ROLE_H3
	                                   : ROLE_P;
	it->flags = lk->flags;
	it->lang = lk->lang;
	it->x = lk->x;
	it->w = lk->w;
	it->space_before = lk->space_before;
	it->color = lk->color;
	if (it->flags & FILLED) {
		it->pad = ts->paper->box_pad * 0.6;
		it->inset = ts->paper->box_pad;
	}
	it->layout = make_layout(ts, r->text.p, r->attrs, lk->face, lk->w - 2 * it->inset, lk->lang);
	it->links = r->links;
	it->nlinks = r->nlinks;
	r->links = NULL;
	r->nlinks = r->cap = 0;
	measure_lines(it);
}

static struct item *leaflet_push(struct leaflet *lf)
{
	lf->items = xgrow(lf->items, &lf->cap, lf->n + 1, sizeof *lf->items);
	return &lf->items[lf->n++];
}

/* ---- Building a leaflet from the model. */

struct builder {
	const struct typesetter *ts;
	const struct paper *p;
	struct leaflet *lf;
	const struct service *s;
	const char *lang;      /* the leaflet's language: labels */
	const struct node *tr; /* the translation being rendered, or NULL for the main language */
	double x, w;           /* the column being filled */
	int in_box;            /* filling the box: items beside the QR code are narrower */
	double box_offset;     /* in the box: the height of its items so far */
	double narrow_w;       /* in the box: the width beside the QR code */
};

/* A translatable field: the translation's, else the main language's. *lang (may be NULL)
 * says in which language the result is written. */
static const struct node *field(const struct builder *b, const char *key, const char **lang)
{
	const struct node *n = b->tr ? node_get(b->tr, key) : NULL;
	if (lang)
		*lang = n ? b->lang : b->s->language;
	return n ? n : node_get(b->s->root, key);
}

static const char *field_str(const struct builder *b, const char *key, const char **lang)
{
	const struct node *n = field(b, key, lang);
	return n && n->kind == NODE_STR ? n->str : NULL;
}

/* The language of text the translation does not cover (notes, evidence, costs ...). */
static const char *main_lang(const struct builder *b) { return b->s->language; }

/* Add text as one item; empties r. */
static struct item *add_rich(struct builder *b, struct rich *r, enum face f, struct rgb color, double space,
                             unsigned flags, const char *lang)
{
	struct look lk = {f, color, b->x, b->w, space, flags, lang};
	if (b->in_box && b->box_offset < b->lf->float_h)
		lk.w = b->narrow_w;
	struct item *it = leaflet_push(b->lf);
	fill_text_item(it, b->ts, r, &lk);
	if (b->in_box)
		b->box_offset += (b->box_offset > 0 ? space : 0) + it->h;
	return it;
}

/* Add a plain run of text as one item. */
static struct item *add_plain(struct builder *b, const char *text, enum face f, struct rgb color, double space,
                              unsigned flags, const char *lang, int bold)
{
	struct rich r;
	rich_init(&r);
	rich_add_folded(&r, text, bold);
	struct item *it = add_rich(b, &r, f, color, space, flags, lang);
	rich_free(&r);
	return it;
}

static void add_heading(struct builder *b, enum label l)
{
	add_plain(b, label(b->lang, l), F_HEADING, navy, b->p->gap_heading, KEEP_WITH_NEXT, b->lang, 0);
}

static void add_subheading(struct builder *b, const char *text, double space)
{
	add_plain(b, text, F_SUB, ink, space, KEEP_WITH_NEXT, b->lang, 0);
}

/* A list item: r beside a marker in a hanging indent, kept together on one page.
 * Empties r. */
static void add_marked(struct builder *b, struct rich *r, const char *marker, double indent, const char *lang)
{
	struct look lk = {F_BODY, ink, b->x + indent, b->w - indent, b->p->gap_item, KEEP_TOGETHER, lang};
	struct item *it = leaflet_push(b->lf);
	fill_text_item(it, b->ts, r, &lk);
	it->role = ROLE_LI;
	it->marker = make_layout(b->ts, marker, NULL, F_BODY, indent, b->lang);
	it->marker_x = -indent;
}

/* A bulleted list item ("•"). Empties r. */
static void add_bullet(struct builder *b, struct rich *r, const char *lang)
{
	add_marked(b, r, "\xe2\x80\xa2", b->p->body * 1.3, lang);
}

/* A numbered list item ("1."). Empties r. */
static void add_numbered(struct builder *b, struct rich *r, size_t n, const char *lang)
{
	char number[24];
	snprintf(number, sizeof number, "%zu.", n);
	add_marked(b, r, number, b->p->body * 1.9, lang);
}

/* Read the next block of a text field at *p (spec, "Text fields": paragraphs are
 * separated by a blank line; a line starting with "- " is a bullet) into block, its
 * lines joined; *p moves past it. Returns 0 at the end of the text, else 1, and *bullet
 * says whether the block is a bullet. */
static int next_block(const char **p, struct buf *block, int *bullet)
{
	const char *s = *p;
	while (*s == '\n' || *s == ' ' || *s == '\t' || *s == '\r')
		s++;
	if (*s == '\0')
		return 0;
	*bullet = s[0] == '-' && s[1] == ' ';
	if (*bullet)
		s += 2;
	for (;;) {
		size_t n = strcspn(s, "\n");
		buf_add(block, s, n);
		buf_addc(block, ' ');
		s += n + (s[n] == '\n');
		const char *next = s + strspn(s, " \t");
		if (*next == '\0' || *next == '\n' || *next == '\r' || (next[0] == '-' && next[1] == ' '))
			break;
	}
	*p = s;
	return 1;
}

/* Agency text of a long field: its paragraphs (split between lines when they must) and
 * bullets (kept whole), the first paragraph first_space below what comes before. */
static void add_long_text(struct builder *b, const char *text, const char *lang, double first_space)
{
	const char *p = text ? text : "";
	double space = first_space;
	struct buf block = {0};
	int bullet;
	while (next_block(&p, &block, &bullet)) {
		struct rich r;
		rich_init(&r);
		rich_add_folded(&r, block.p, 0);
		if (bullet)
			add_bullet(b, &r, lang);
		else
			add_rich(b, &r, F_BODY, ink, space, 0, lang);
		rich_free(&r);
		block.len = 0;
		space = b->p->gap_para;
	}
	buf_free(&block);
}

/* "https://www.x.nl/a" is shown as "www.x.nl/a": what people type. */
static const char *shown_url(const char *url) { return strncmp(url, "https://", 8) ? url : url + 8; }

/* "tel:+31140456" for "+31 14 0456" (digits and a leading +). The caller frees. */
static char *tel_uri(const char *phone)
{
	struct buf b = {0};
	buf_adds(&b, "tel:");
	for (const char *p = phone; *p; p++)
		if ((*p >= '0' && *p <= '9') || (*p == '+' && b.len == 4))
			buf_addc(&b, *p);
	return buf_take(&b);
}

static void rich_phone(struct rich *r, const char *phone, int bold)
{
	char *uri = tel_uri(phone);
	rich_link(r, phone, uri, bold);
	free(uri);
}

static void rich_email(struct rich *r, const char *email, int bold)
{
	struct buf uri = {0};
	buf_printf(&uri, "mailto:%s", email); /* rich_link makes it safe for the PDF */
	rich_link(r, email, uri.p, bold);
	buf_free(&uri);
}

/* "Stadhuisplein 1, 4561 AB Voorbeeldstad". */
static void rich_address(struct rich *r, const struct node *addr, int bold)
{
	rich_add_folded(r, node_get_str(addr, "street"), bold);
	rich_add(r, ", ", bold);
	rich_add_folded(r, node_get_str(addr, "postal_code"), bold);
	rich_add(r, " ", bold);
	rich_add_folded(r, node_get_str(addr, "city"), bold);
}

/* "2026-09-30" as "30 september 2026". The caller frees. */
static char *format_date(const char *lang, const char *iso)
{
	int y, m, d;
	struct buf b = {0};
	if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
		buf_printf(&b, "%d %s %d", d, pdf_label_month(lang, m), y);
	else
		buf_adds(&b, iso ? iso : "");
	return buf_take(&b);
}

/* An amount in the language's way: "€ 1.250,50" (nl), "€1,250.50" (en); other
 * currencies by their code. */
static void rich_amount(struct rich *r, const char *lang, double amount, const char *currency)
{
	int nl = lang_is_dutch(lang);
	long long cents = llround(amount * 100);
	long long units = cents / 100;
	struct buf b = {0};
	if (currency == NULL || !strcmp(currency, "EUR"))
		buf_adds(&b, nl ? "\xe2\x82\xac\xc2\xa0" : "\xe2\x82\xac");
	else
		buf_printf(&b, "%s\xc2\xa0", currency);
	char digits[32];
	int nd = snprintf(digits, sizeof digits, "%lld", units);
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			buf_addc(&b, nl ? '.' : ',');
		buf_addc(&b, digits[i]);
	}
	buf_printf(&b, "%c%02lld", nl ? ',' : '.', cents % 100);
	rich_add(r, b.p, 0);
	buf_free(&b);
}

/* An ISO 8601 duration (P5D, P8W, PT2H, P1Y2M) in words: "5 dagen", "1 jaar, 2 maanden en
 * 3 dagen"; the duration as written when it has another form. */
static void rich_duration(struct rich *r, const char *lang, const char *iso)
{
	char part[8][48];
	int in_time = 0, nparts = 0;
	const char *p = iso && iso[0] == 'P' ? iso + 1 : NULL;
	while (p && *p) {
		if (*p == 'T') {
			in_time = 1;
			p++;
			continue;
		}
		char *end;
		long n = strtol(p, &end, 10);
		if (end == p || *end == '\0' || strchr("YMWDHS", *end) == NULL || nparts == 8) {
			p = NULL;
			break;
		}
		if (n > 0)
			snprintf(part[nparts++], sizeof part[0], "%ld %s", n,
			         pdf_label_unit(lang, *end, in_time, n != 1));
		p = end + 1;
	}
	if (p == NULL || nparts == 0) {
		rich_add(r, iso, 0);
		return;
	}
	for (int i = 0; i < nparts; i++) {
		if (i > 0 && i == nparts - 1) {
			rich_add(r, " ", 0);
			rich_add(r, pdf_label(lang, PL_AND), 0);
			rich_add(r, " ", 0);
		} else if (i > 0)
			rich_add(r, ", ", 0);
		rich_add(r, part[i], 0);
	}
}

/* Capitalise the first letter of a product name ("paspoort" → "Paspoort"). The caller frees. */
static char *capitalised(const char *s)
{
	gunichar c = g_utf8_get_char_validated(s, -1);
	if (c == (gunichar)-1 || c == (gunichar)-2)
		return xstrdup(s);
	char first[8] = {0};
	g_unichar_to_utf8(g_unichar_totitle(c), first);
	struct buf b = {0};
	buf_adds(&b, first);
	buf_adds(&b, g_utf8_next_char(s));
	return buf_take(&b);
}

/* The header: the agency on a navy band, the uniform product name, the agency's title. */
static void build_header(struct builder *b)
{
	struct rich r;
	rich_init(&r);
	rich_add_folded(&r, b->s->agency->name, 0);
	add_rich(b, &r, F_BAND, white, 0, KEEP_WITH_NEXT | FILLED, main_lang(b));
	rich_free(&r);
	char *product = capitalised(b->s->product);
	add_plain(b, product, F_TITLE, navy, b->p->gap_heading * 1.1, KEEP_WITH_NEXT, main_lang(b), 0);
	free(product);
	const char *lang;
	const char *title = field_str(b, "title", &lang);
	add_plain(b, title, F_SUBTITLE, ink, b->p->gap_para * 0.5, KEEP_WITH_NEXT, lang, 0);
	const char *summary = field_str(b, "summary", &lang);
	add_plain(b, summary, F_LEAD, ink, b->p->gap_heading * 0.8, 0, lang, 0);
}

/* A step title of the main language in the leaflet's language: the translation's title
 * of the step at the same place, when the translation has steps. */
static const char *translated_step_title(const struct builder *b, const char *title)
{
	const struct node *steps = node_get(b->s->root, "steps");
	const struct node *tsteps = b->tr ? node_get(b->tr, "steps") : NULL;
	for (size_t k = 0; title && steps && tsteps && k < steps->n && k < tsteps->n; k++) {
		const char *main_title = node_get_str(steps->kids[k], "title");
		const char *tr_title = node_get_str(tsteps->kids[k], "title");
		if (main_title && tr_title && !strcmp(title, main_title))
			return tr_title;
	}
	return title;
}

/* "You must come in person for: Come to the city office, Collect your passport." (the
 * steps of physical_presence; "apply" when it names none). */
static void build_presence(struct builder *b)
{
	struct rich r;
	rich_init(&r);
	rich_add(&r, label(b->lang, L_VISIT_REQUIRED), 1);
	rich_add(&r, ": ", 1);
	const struct node *steps = node_get(node_get(b->s->root, "physical_presence"), "steps");
	size_t n = steps && steps->kind == NODE_SEQ ? steps->n : 0;
	for (size_t i = 0; i < n; i++) {
		rich_add(&r, i ? ", " : "", 0);
		rich_add_folded(&r, translated_step_title(b, steps->kids[i]->str), 0);
	}
	if (n == 0)
		rich_add(&r, label_capability(b->lang, CAP_SUBMIT), 0);
	rich_add(&r, ".", 0);
	add_rich(b, &r, F_BODY, ink, b->p->gap_para, KEEP_TOGETHER, b->lang);
	rich_free(&r);
}

/* " (Pasfoto, Huidig paspoort: alleen op papier of aan de balie)": the paper-only evidence. */
static void rich_paper_evidence(struct builder *b, struct rich *r)
{
	rich_add(r, " (", 0);
	int n = 0;
	for (size_t k = 0; k < b->s->nevidence; k++)
		if (!b->s->evidence[k].digital) {
			rich_add(r, n++ ? ", " : "", 0);
			size_t start = r->text.len;
			rich_add_folded(r, b->s->evidence[k].name, 0);
			rich_mark_lang(r, start, main_lang(b));
		}
	rich_add(r, ": ", 0);
	rich_add(r, label(b->lang, L_PAPER_ONLY), 0);
	rich_add(r, ")", 0);
}

/* "Not possible online: provide evidence (Pasfoto: only on paper ...), receive the
 * decision.": the steps (bits of enum capability) no digital channel covers. */
static void build_missing_steps(struct builder *b, unsigned steps, int paper)
{
	struct rich r;
	rich_init(&r);
	rich_add(&r, label(b->lang, L_NOT_ONLINE_MISSING), 1);
	rich_add(&r, ": ", 1);
	int n = 0;
	for (int c = 0; c < CAP__MAX; c++)
		if (steps & (1u << c)) {
			rich_add(&r, n++ ? ", " : "", 0);
			rich_add(&r, label_capability(b->lang, (enum capability)c), 0);
			if (c == CAP_PROVIDE_EVIDENCE && paper)
				rich_paper_evidence(b, &r);
		}
	rich_add(&r, ".", 0);
	add_rich(b, &r, F_BODY, ink, b->p->gap_para, KEEP_TOGETHER, b->lang);
	rich_free(&r);
}

/* What is missing for fully online (s->gaps), in words: the steps that cannot be done
 * online with the paper-only evidence, then the visit in person. (No digital channel at
 * all is said by the level itself.) */
static void build_gaps(struct builder *b)
{
	unsigned steps = 0;
	int paper = 0, presence = 0;
	for (size_t i = 0; i < b->s->ngaps; i++) {
		const struct gap *g = &b->s->gaps[i];
		if (g->kind == GAP_STEP)
			steps |= 1u << g->step;
		paper |= g->kind == GAP_PAPER_EVIDENCE;
		presence |= g->kind == GAP_PRESENCE;
	}
	if (paper)
		steps |= 1u << CAP_PROVIDE_EVIDENCE;
	if (steps)
		build_missing_steps(b, steps, paper);
	if (presence)
		build_presence(b);
}

/* Opening hours: "maandag t/m vrijdag 08:30‑16:30; donderdag 17:30‑20:00". */
static void rich_opening_hours(struct rich *r, const char *lang, const struct node *hours)
{
	static const char *const keys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	for (size_t i = 0; hours && hours->kind == NODE_SEQ && i < hours->n; i++) {
		const struct node *days = node_get(hours->kids[i], "days");
		int idx[7], n = 0;
		for (size_t d = 0; days && days->kind == NODE_SEQ && d < days->n && n < 7; d++)
			for (int k = 0; k < 7; k++)
				if (days->kids[d]->str && !strcmp(days->kids[d]->str, keys[k]))
					idx[n++] = k;
		rich_add(r, i ? "; " : "", 0);
		for (int d = 0; d < n;) {
			int run = 1;
			while (d + run < n && idx[d + run] == idx[d] + run)
				run++;
			rich_add(r, d ? ", " : "", 0);
			rich_add(r, label_day(lang, keys[idx[d]]), 0);
			if (run >= 3) {
				rich_add(r, " ", 0);
				rich_add(r, pdf_label(lang, PL_DAYS_THROUGH), 0);
				rich_add(r, " ", 0);
				rich_add(r, label_day(lang, keys[idx[d + run - 1]]), 0);
				d += run;
			} else
				d++;
		}
		rich_add(r, " ", 0);
		rich_add(r, node_get_str(hours->kids[i], "from"), 0);
		rich_add(r, "\xe2\x80\x91", 0); /* a non-breaking hyphen: 10:00‑12:00 stays on one line */
		rich_add(r, node_get_str(hours->kids[i], "to"), 0);
	}
}

/* "Hier kunt u: aanvragen, betalen.": what a channel can do (bits of enum capability). */
static void rich_capabilities(struct rich *r, const char *lang, unsigned can)
{
	rich_add(r, label(lang, L_YOU_CAN), 0);
	rich_add(r, ": ", 0);
	if (can != (1u << CAP_INFORM))
		can &= ~(1u << CAP_INFORM); /* every channel informs: say so only when that is all */
	int n = 0;
	for (int c = 0; c < CAP__MAX; c++)
		if (can & (1u << c)) {
			rich_add(r, n++ ? ", " : "", 0);
			rich_add(r, label_capability(lang, (enum capability)c), 0);
		}
	rich_add(r, ".", 0);
}

/* "Online: www.x.nl/aanvragen" in bold: the channel and where to find it (its URL,
 * number, email address or street address). */
static void rich_channel_name(struct rich *r, const char *lang, const struct channel *c)
{
	rich_add(r, label_channel(lang, c->type), 1);
	const struct node *addr = node_get(c->node, "address");
	if (c->url || c->phone || c->email || addr)
		rich_add(r, ": ", 1);
	if (c->url)
		rich_link(r, shown_url(c->url), c->url, 1);
	else if (c->phone)
		rich_phone(r, c->phone, 1);
	else if (c->email)
		rich_email(r, c->email, 1);
	else if (addr)
		rich_address(r, addr, 1);
}

/* "\nAlleen op afspraak. Openingstijden: ...": the appointment and the opening hours on a
 * line of their own; nothing when the channel has neither. */
static void rich_channel_times(struct rich *r, const char *lang, const struct channel *c)
{
	int appointment = c->appointment && strcmp(c->appointment, "none");
	const struct node *hours = node_get(c->node, "opening_hours");
	if (appointment || hours)
		rich_add(r, "\n", 0);
	if (appointment) {
		int required = !strcmp(c->appointment, "required");
		rich_add(r, label(lang, required ? L_APPOINTMENT_REQUIRED : L_APPOINTMENT_OPTIONAL), 0);
		rich_add(r, hours ? ". " : ".", 0);
	}
	if (hours) {
		rich_add(r, label(lang, L_OPENING_HOURS), 0);
		rich_add(r, ": ", 0);
		rich_opening_hours(r, lang, hours);
		rich_add(r, ".", 0);
	}
}

/* " Inloggen met: DigiD, eHerkenning." or " Zonder inloggen."; nothing when the channel
 * does not say. */
static void rich_identification(struct rich *r, const char *lang, const struct channel *c)
{
	if (c->ident == (1u << ID_NONE)) {
		char *none = capitalised(label_identification(lang, "none"));
		rich_add(r, " ", 0);
		rich_add(r, none, 0);
		rich_add(r, ".", 0);
		free(none);
		return;
	}
	if (c->ident_node == NULL || c->ident_node->kind != NODE_SEQ || c->ident_node->n == 0)
		return;
	rich_add(r, " ", 0);
	rich_add(r, label(lang, L_IDENTIFICATION), 0);
	rich_add(r, ": ", 0);
	int n = 0;
	for (size_t i = 0; i < c->ident_node->n; i++)
		if (strcmp(c->ident_node->kids[i]->str, "none")) {
			rich_add(r, n++ ? ", " : "", 0);
			rich_add(r, label_identification(lang, c->ident_node->kids[i]->str), 0);
		}
	rich_add(r, ".", 0);
}

/* One channel, kept together: its name and where to find it; the appointment and the
 * opening hours; what you can do there and how you log in; a second number; the note. */
static void build_channel(struct builder *b, const struct channel *c, int first)
{
	const char *lang = b->lang;
	struct rich r;
	rich_init(&r);
	rich_channel_name(&r, lang, c);
	rich_channel_times(&r, lang, c);
	rich_add(&r, "\n", 0);
	rich_capabilities(&r, lang, c->can);
	rich_identification(&r, lang, c);
	if (c->phone && c->url) { /* a video channel with a number, say */
		rich_add(&r, "\n", 0);
		rich_add(&r, label(lang, L_PHONE), 0);
		rich_add(&r, ": ", 0);
		rich_phone(&r, c->phone, 0);
	}
	if (c->note) {
		rich_add(&r, "\n", 0);
		size_t start = r.text.len;
		rich_add_folded(&r, c->note, 0);
		rich_mark_lang(&r, start, main_lang(b));
	}
	add_rich(b, &r, F_BODY, ink, b->p->gap_para * (first ? 1.5 : 1.8), KEEP_TOGETHER, lang);
	rich_free(&r);
}

/* The URL the leaflet points to: the online channel's (else the app's), or NULL. */
static const char *online_url(const struct service *s)
{
	for (int want = CH_ONLINE; want <= CH_APP; want++)
		for (size_t i = 0; i < s->nchannels; i++)
			if ((int)s->channels[i].type == want && s->channels[i].url &&
			    html_url_is_safe(s->channels[i].url))
				return s->channels[i].url;
	return NULL;
}

/* The QR code of url with the URL under it, as floats beside the box. Returns the width of
 * the float column, 0 when there is no code (no URL, or too long for a QR code). */
static double build_qr(struct builder *b, const char *url)
{
	struct leaflet *lf = b->lf;
	QRcode *qr = url ? QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1) : NULL;
	if (qr == NULL)
		return 0;
	double side = b->p->qr;
	struct item *it = &lf->floats[lf->nfloats++];
	memset(it, 0, sizeof *it);
	it->kind = ITEM_QR;
	it->role = ROLE_FIGURE;
	it->qr = qr;
	struct buf alt = {0};
	buf_printf(&alt, "%s %s", pdf_label(b->lang, PL_QR_ALT), url);
	it->alt = buf_take(&alt);
	it->w = it->h = side;
	struct rich r;
	rich_init(&r);
	rich_link(&r, shown_url(url), url, 0);
	struct look lk = {F_FOOTER, ink, 0, side, b->p->gap_item, 0, b->lang};
	fill_text_item(&lf->floats[lf->nfloats++], b->ts, &r, &lk);
	rich_free(&r);
	lf->float_h = 0;
	for (size_t i = 0; i < lf->nfloats; i++)
		lf->float_h += lf->floats[i].h + (i ? lf->floats[i].space_before : 0);
	return side;
}

/* The How-to-apply box: the level in words, what is missing, every channel (digital
 * first) and the QR code of the online channel beside them. */
static void build_box(struct builder *b)
{
	const struct service *s = b->s;
	const struct paper *p = b->p;
	double x = b->x, w = b->w;
	double qr = build_qr(b, online_url(s));
	b->x = x + p->box_pad;
	b->w = w - 2 * p->box_pad;
	b->narrow_w = b->w - (qr > 0 ? qr + p->box_pad : 0);
	b->in_box = 1;
	b->box_offset = 0;
	for (size_t i = 0; i < b->lf->nfloats; i++)
		b->lf->floats[i].x = x + w - p->box_pad - qr;
	b->lf->box_first = b->lf->n;
	add_plain(b, label(b->lang, L_HOW_TO_APPLY), F_HEADING, navy, p->gap_box, KEEP_WITH_NEXT, b->lang, 0);
	const char *mark = s->level == LEVEL_FULLY_ONLINE ? "\xe2\x9c\x93 " : ""; /* ✓ */
	struct rich r;
	rich_init(&r);
	rich_add(&r, mark, 0);
	rich_add(&r, label_level(b->lang, s->level), 0);
	add_rich(b, &r, F_LEVEL, ink, p->gap_para, KEEP_WITH_NEXT, b->lang);
	rich_free(&r);
	if (s->level != LEVEL_FULLY_ONLINE)
		build_gaps(b);
	int first = 1;
	for (int digital = 1; digital >= 0; digital--)
		for (size_t i = 0; i < s->nchannels; i++)
			if (model_channel_is_digital(s->channels[i].type) == digital) {
				build_channel(b, &s->channels[i], first);
				first = 0;
			}
	b->lf->box_end = b->lf->n;
	b->in_box = 0;
	b->x = x;
	b->w = w;
}

/* The steps (SDG Art. 10a), numbered, after the box. */
static void build_steps(struct builder *b)
{
	const char *lang;
	const struct node *steps = field(b, "steps", &lang);
	if (steps == NULL || steps->kind != NODE_SEQ || steps->n == 0)
		return;
	add_heading(b, L_STEPS);
	for (size_t i = 0; i < steps->n; i++) {
		struct rich r;
		rich_init(&r);
		rich_add_sentence(&r, node_get_str(steps->kids[i], "title"), 1);
		rich_add(&r, " ", 0);
		rich_add_folded(&r, node_get_str(steps->kids[i], "text"), 0);
		add_numbered(b, &r, i + 1, lang);
		rich_free(&r);
	}
}

/* Who can apply: the audience and the conditions. */
static void build_who(struct builder *b)
{
	const char *lang;
	const struct node *conditions = field(b, "conditions", &lang);
	add_heading(b, L_WHO_CAN_APPLY);
	struct rich r;
	rich_init(&r);
	rich_add(&r, label(b->lang, L_AUDIENCE), 1);
	rich_add(&r, ": ", 1);
	if (b->s->audience_citizen)
		rich_add(&r, label(b->lang, L_CITIZENS), 0);
	if (b->s->audience_citizen && b->s->audience_business) {
		rich_add(&r, " ", 0);
		rich_add(&r, pdf_label(b->lang, PL_AND), 0);
		rich_add(&r, " ", 0);
	}
	if (b->s->audience_business && b->s->audience_citizen)
		rich_add_lowercased(&r, label(b->lang, L_BUSINESSES));
	else if (b->s->audience_business)
		rich_add(&r, label(b->lang, L_BUSINESSES), 0);
	rich_add(&r, ".", 0);
	add_rich(b, &r, F_BODY, ink, b->p->gap_para, 0, b->lang);
	rich_free(&r);
	for (size_t i = 0; conditions && conditions->kind == NODE_SEQ && i < conditions->n; i++) {
		rich_init(&r);
		rich_add_folded(&r, conditions->kids[i]->str, 0);
		add_bullet(b, &r, lang);
		rich_free(&r);
	}
}

/* What you need: the evidence, paper-only items marked. */
static void build_need(struct builder *b)
{
	const struct service *s = b->s;
	if (s->nevidence == 0)
		return;
	add_heading(b, L_WHAT_YOU_NEED);
	for (size_t i = 0; i < s->nevidence; i++) {
		struct rich r;
		rich_init(&r);
		rich_add_folded(&r, s->evidence[i].name, 1);
		if (!s->evidence[i].digital) {
			rich_add(&r, " \xe2\x80\x93 ", 1);
			size_t start = r.text.len;
			rich_add(&r, label(b->lang, L_PAPER_ONLY), 1);
			rich_mark_lang(&r, start, b->lang);
		}
		if (s->evidence[i].description) {
			rich_add(&r, "\n", 0);
			rich_add_folded(&r, s->evidence[i].description, 0);
		}
		add_bullet(b, &r, main_lang(b));
		rich_free(&r);
	}
}

/* Costs and how to pay. */
static void build_costs(struct builder *b)
{
	const struct node *costs = node_get(b->s->root, "costs");
	add_heading(b, L_COSTS);
	if (b->s->free) {
		add_plain(b, label(b->lang, L_FREE), F_BODY, ink, b->p->gap_para, 0, b->lang, 1);
		return;
	}
	const struct node *items = node_get(costs, "items");
	for (size_t i = 0; items && items->kind == NODE_SEQ && i < items->n; i++) {
		const struct node *amount = node_get(items->kids[i], "amount");
		struct rich r;
		rich_init(&r);
		rich_add_folded(&r, node_get_str(items->kids[i], "description"), 0);
		rich_add(&r, ": ", 0);
		size_t start = r.text.len;
		rich_amount(&r, b->lang, amount && node_is_number(amount) ? amount->num : 0,
		            node_get_str(items->kids[i], "currency"));
		rich_attr(&r, pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, r.text.len);
		add_bullet(b, &r, main_lang(b));
		rich_free(&r);
	}
	const struct node *methods = node_get(costs, "payment_methods");
	if (methods && methods->kind == NODE_SEQ && methods->n) {
		struct rich r;
		rich_init(&r);
		rich_add(&r, label(b->lang, L_PAYMENT_METHODS), 1);
		rich_add(&r, ": ", 1);
		for (size_t i = 0; i < methods->n; i++) {
			rich_add(&r, i ? ", " : "", 0);
			rich_add(&r, pdf_label_payment(b->lang, methods->kids[i]->str), 0);
		}
		rich_add(&r, ".", 0);
		add_rich(b, &r, F_BODY, ink, b->p->gap_para, 0, b->lang);
		rich_free(&r);
	}
}

/* How long it takes, and what happens if you get no answer. */
static void build_time(struct builder *b)
{
	const struct node *pt = node_get(b->s->root, "processing_time");
	const struct node *nr = node_get(b->s->root, "no_response");
	if (pt == NULL && nr == NULL)
		return;
	add_heading(b, L_HOW_LONG);
	if (pt) {
		struct rich r;
		rich_init(&r);
		rich_add(&r, pdf_label(b->lang, PL_PROCESSING_TIME), 1);
		rich_add(&r, ": ", 1);
		rich_duration(&r, b->lang, node_get_str(pt, "duration"));
		rich_add(&r, ".", 0);
		add_rich(b, &r, F_BODY, ink, b->p->gap_para, 0, b->lang);
		rich_free(&r);
		add_long_text(b, node_get_str(pt, "text"), main_lang(b), b->p->gap_para);
	}
	if (nr) {
		add_subheading(b, label(b->lang, L_NO_RESPONSE), b->p->gap_para * 2);
		struct rich r;
		rich_init(&r);
		rich_add(&r, label_no_response(b->lang, node_get_str(nr, "rule") ? node_get_str(nr, "rule") : "other"),
		         0);
		rich_add(&r, ".", 0);
		add_rich(b, &r, F_BODY, ink, b->p->gap_para, 0, b->lang);
		rich_free(&r);
		add_long_text(b, node_get_str(nr, "text"), main_lang(b), b->p->gap_para);
	}
}

/* A section of one translatable text field (outcome, redress); nothing when it is absent. */
static void build_text_section(struct builder *b, enum label heading, const char *key)
{
	const char *lang;
	const char *text = field_str(b, key, &lang);
	if (text == NULL)
		return;
	add_heading(b, heading);
	add_long_text(b, text, lang, b->p->gap_para);
}

/* The fields newer than this loket that the schema places in section `id` (the ids of the
 * HTML page; NULL: those placed nowhere known, under "More information"): a subheading from
 * x-label, then the value as text or as a list. */
static void build_extra(struct builder *b, const char *id)
{
	static const char *const known[] = {"how-to-apply", "who-can-apply", "what-you-need", "costs",  "how-long",
	                                    "what-you-get", "objection",     "legal-basis",   "contact"};
	int heading = 0;
	for (size_t i = 0; i < b->s->nextra; i++) {
		const struct extra_field *x = &b->s->extra[i];
		int is_known = 0;
		for (size_t k = 0; x->section && k < sizeof known / sizeof *known; k++)
			is_known |= !strcmp(known[k], x->section);
		if (id ? !x->section || strcmp(x->section, id) != 0 : is_known)
			continue;
		if (id == NULL && !heading++)
			add_heading(b, L_MORE_INFORMATION);
		const char *l = lang_is_dutch(b->lang) ? x->label_nl : x->label_en;
		add_subheading(b,
		               l             ? l
		               : x->label_nl ? x->label_nl
		               : x->label_en ? x->label_en
		                             : x->name,
		               b->p->gap_para);
		const struct node *v = x->value;
		if (v->kind == NODE_SEQ || v->kind == NODE_MAP) {
			for (size_t k = 0; k < v->n; k++) {
				const struct node *item = v->kind == NODE_SEQ ? v->kids[k] : NODE_VAL(v, k);
				struct rich r;
				rich_init(&r);
				if (v->kind == NODE_MAP) {
					rich_add(&r, NODE_KEY(v, k)->str, 1);
					rich_add(&r, ": ", 1);
				}
				rich_add(&r, item->str ? item->str : "", 0);
				add_bullet(b, &r, b->s->language);
				rich_free(&r);
			}
		} else if (v->str) {
			add_long_text(b, v->str, b->s->language, b->p->gap_para);
		}
	}
}

static void build_legal_basis(struct builder *b)
{
	const struct node *legal = node_get(b->s->root, "legal_basis");
	if (legal == NULL || legal->kind != NODE_SEQ || legal->n == 0)
		return;
	add_heading(b, L_LEGAL_BASIS);
	for (size_t i = 0; i < legal->n; i++) {
		struct rich r;
		rich_init(&r);
		const char *url = node_get_str(legal->kids[i], "url");
		struct rich folded;
		rich_init(&folded);
		rich_add_folded(&folded, node_get_str(legal->kids[i], "title"), 0);
		rich_link(&r, folded.text.p, url, 0);
		rich_free(&folded);
		add_bullet(b, &r, main_lang(b));
		rich_free(&r);
	}
}

/* Contact: the service's contact, else the agency's, and the agency's website. (The date
 * of the last review is in the footer of every page.) */
static void build_contact(struct builder *b)
{
	const struct node *contact = node_get(b->s->root, "contact");
	if (contact == NULL)
		contact = node_get(b->s->agency->root, "contact");
	add_heading(b, L_CONTACT);
	struct rich r;
	rich_init(&r);
	const char *phone = node_get_str(contact, "phone"), *email = node_get_str(contact, "email");
	const char *url = node_get_str(contact, "url");
	const struct node *addr = node_get(contact, "address");
	const char *sep = "";
	if (phone) {
		rich_add(&r, label(b->lang, L_PHONE), 0);
		rich_add(&r, ": ", 0);
		rich_phone(&r, phone, 1);
		sep = "\n";
	}
	if (email) {
		rich_add(&r, sep, 0);
		rich_add(&r, label(b->lang, L_EMAIL), 0);
		rich_add(&r, ": ", 0);
		rich_email(&r, email, 1);
		sep = "\n";
	}
	if (url == NULL)
		url = b->s->agency->website;
	if (url) {
		rich_add(&r, sep, 0);
		rich_add(&r, label(b->lang, L_WEBSITE), 0);
		rich_add(&r, ": ", 0);
		rich_link(&r, shown_url(url), url, 1);
		sep = "\n";
	}
	if (addr) {
		rich_add(&r, sep, 0);
		rich_add(&r, label(b->lang, L_ADDRESS), 0);
		rich_add(&r, ": ", 0);
		rich_address(&r, addr, 0);
	}
	add_rich(b, &r, F_BODY, ink, b->p->gap_para, KEEP_TOGETHER, b->lang);
	rich_free(&r);
}

/* Build the leaflet of service s in a language: tr is the translation's mapping, or NULL
 * for the service's own language. Free with leaflet_free. */
static void build_leaflet(struct leaflet *lf, const struct typesetter *ts, const struct service *s, const char *lang,
                          const struct node *tr)
{
	memset(lf, 0, sizeof *lf);
	lf->paper = ts->paper;
	struct builder b = {.ts = ts,
	                    .p = ts->paper,
	                    .lf = lf,
	                    .s = s,
	                    .lang = lang,
	                    .tr = tr,
	                    .w = ts->paper->w - 2 * ts->paper->margin};
	const char *title = field_str(&b, "title", NULL);
	lf->title = xstrdup(title ? title : s->product);
	lf->subject = capitalised(s->product);
	lf->author = xstrdup(s->agency->name ? s->agency->name : "");
	lf->lang = xstrdup(lang);
	lf->reviewed = format_date(lang, node_get_str(s->root, "modified"));
	const char *source = online_url(s);
	if (source == NULL && s->agency->website && html_url_is_safe(s->agency->website))
		source = s->agency->website;
	lf->source_uri = source ? xstrdup(source) : NULL;
	lf->source_shown = xstrdup(source ? shown_url(source) : "");

	build_header(&b);
	build_box(&b);
	/* The sections after the box: in columns on A4. */
	lf->col_first = lf->n;
	lf->col_w = (b.w - (b.p->columns - 1) * b.p->gutter) / b.p->columns;
	b.w = lf->col_w;
	build_steps(&b);
	build_extra(&b, "how-to-apply");
	build_who(&b);
	build_extra(&b, "who-can-apply");
	build_need(&b);
	build_extra(&b, "what-you-need");
	build_costs(&b);
	build_extra(&b, "costs");
	build_time(&b);
	build_extra(&b, "how-long");
	build_text_section(&b, L_WHAT_YOU_GET, "outcome");
	build_extra(&b, "what-you-get");
	build_text_section(&b, L_OBJECTION, "redress");
	build_extra(&b, "objection");
	build_legal_basis(&b);
	build_extra(&b, "legal-basis");
	build_contact(&b);
	build_extra(&b, "contact");
	build_extra(&b, NULL);
}

/* ---- Pagination: items onto pages, lines of a paragraph split only where they must. */

struct placement {
	const struct item *it;
	size_t first, last; /* lines [first, last) of a text item */
	double x, y;        /* top left on the page */
};

struct page {
	struct placement *pl;
	size_t n, cap;
	int framed; /* part of the box is on this page */
	double frame_top, frame_bottom;
	int floats; /* the QR code column is on this page */
	double floats_top;
};

struct pages {
	struct page *v;
	size_t n, cap;
};

/* Where the next item goes. An area is a column of a page (the whole width before the
 * columns start). */
struct cursor {
	struct pages *pages;
	const struct leaflet *lf;
	const struct paper *p;
	double top, bottom; /* of the current area */
	double x, y;        /* x: the area's left edge from the margin */
	int fresh;          /* nothing placed in the area yet */
	double box_pad;     /* > 0 while a box taller than a page is being flowed */
	int ncols, col;     /* the columns of the flow, and the current one */
	double col_top;     /* where the columns start on this page */
	size_t limit_page;  /* balancing: on this page the columns end at limit_bottom */
	double limit_bottom;
};

static void pages_free(struct pages *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].pl);
	free(ps->v);
	memset(ps, 0, sizeof *ps);
}

static struct page *cur_page(struct cursor *c) { return &c->pages->v[c->pages->n - 1]; }

/* The bottom of the columns on the current page (lower on the page being balanced). */
static double columns_bottom(const struct cursor *c)
{
	double bottom = c->p->h - c->p->bottom;
	if (c->ncols > 1 && c->pages->n - 1 == c->limit_page && c->limit_bottom < bottom)
		bottom = c->limit_bottom;
	return bottom;
}

/* Start a new page; inside a box taller than a page, close its frame on this page and
 * open one on the next. */
static void new_page(struct cursor *c)
{
	if (c->box_pad > 0 && c->pages->n)
		cur_page(c)->frame_bottom = c->y + c->box_pad;
	c->pages->v = xgrow(c->pages->v, &c->pages->cap, c->pages->n + 1, sizeof *c->pages->v);
	memset(&c->pages->v[c->pages->n++], 0, sizeof *c->pages->v);
	c->top = c->col_top = c->p->top;
	c->bottom = columns_bottom(c);
	c->x = 0;
	c->col = 0;
	c->y = c->top;
	c->fresh = 1;
	if (c->box_pad > 0) {
		cur_page(c)->framed = 1;
		cur_page(c)->frame_top = c->y;
		c->top += c->box_pad;
		c->bottom -= c->box_pad;
		c->y = c->top;
	}
}

/* Go on in the next column, or on a new page after the last one. */
static void next_area(struct cursor *c)
{
	if (c->col + 1 >= c->ncols) {
		new_page(c);
		return;
	}
	c->col++;
	c->x = c->col * (c->lf->col_w + c->p->gutter);
	c->y = c->top = c->col_top;
	c->fresh = 1;
}

/* From here on, flow in the leaflet's columns, their tops level at y + space. */
static void start_columns(struct cursor *c, double space)
{
	c->ncols = c->p->columns;
	c->col = 0;
	c->x = 0;
	if (!c->fresh)
		c->y += space;
	c->top = c->col_top = c->y;
	c->bottom = columns_bottom(c);
	c->fresh = 1;
}

/* The height of a page's flow area: what fits on no page is split wherever it must. */
static double full_area(const struct cursor *c) { return c->p->h - c->p->bottom - c->p->top - 2 * c->box_pad; }

static size_t item_nlines(const struct item *it) { return it->kind == ITEM_TEXT ? it->nlines : 1; }

/* The height of lines [first, last) of an item (of all of it for a QR code or a band). */
static double range_height(const struct item *it, size_t first, size_t last)
{
	if (it->kind != ITEM_TEXT || (it->flags & FILLED))
		return it->h;
	if (last <= first)
		return 0;
	return it->lines[last - 1].bottom - it->lines[first].top;
}

static void place(struct cursor *c, const struct item *it, size_t first, size_t last)
{
	struct page *pg = cur_page(c);
	pg->pl = xgrow(pg->pl, &pg->cap, pg->n + 1, sizeof *pg->pl);
	pg->pl[pg->n++] = (struct placement){it, first, last, c->p->margin + c->x + it->x, c->y};
	c->y += range_height(it, first, last);
	c->fresh = 0;
}

/* The most lines from `first` that fit in `avail` with at least min_head of them and,
 * unless all fit, min_tail left over; `first` when none may be split off. */
static size_t lines_that_fit(const struct item *it, size_t first, double avail, size_t min_head, size_t min_tail)
{
	size_t n = item_nlines(it), best = first;
	if (it->kind != ITEM_TEXT || (it->flags & FILLED))
		return range_height(it, first, n) <= avail + EPSILON ? n : first;
	for (size_t k = first + 1; k <= n; k++) {
		if (range_height(it, first, k) > avail + EPSILON)
			break;
		if (k - first >= min_head && (k == n || n - k >= min_tail))
			best = k;
	}
	return best;
}

/* The height of the box: padding, its items and the float column beside them. */
static double box_height(const struct leaflet *lf)
{
	double content = 0;
	for (size_t i = lf->box_first; i < lf->box_end; i++)
		content += lf->items[i].h + (i > lf->box_first ? lf->items[i].space_before : 0);
	return 2 * lf->paper->box_pad + (content > lf->float_h ? content : lf->float_h);
}

/* The least height that must follow a heading in its area: the next item's first two
 * lines, or all of it when it keeps together (the box included). */
static double next_min(const struct leaflet *lf, size_t i)
{
	if (i >= lf->n || i == lf->col_first)
		return 0;
	const struct item *it = &lf->items[i];
	double h;
	if (i == lf->box_first && lf->box_end > lf->box_first)
		h = box_height(lf);
	else if (it->flags & (KEEP_TOGETHER | KEEP_WITH_NEXT) || it->kind != ITEM_TEXT)
		h = it->h;
	else if (it->nlines < 4) /* split only as 2 + 2 or more: a shorter paragraph moves whole */
		h = range_height(it, 0, it->nlines);
	else
		h = range_height(it, 0, 2);
	return it->space_before + h;
}

/* Place one item, splitting a paragraph between lines when it does not fit (never
 * leaving a line alone), moving anything else whole to the next area; only what is
 * taller than a page is split wherever it must. keep: the height that must follow the
 * item in its area (a heading's next item). */
static void place_item(struct cursor *c, const struct item *it, double keep)
{
	size_t n = item_nlines(it), first = 0;
	int splittable = it->kind == ITEM_TEXT && !(it->flags & (KEEP_TOGETHER | KEEP_WITH_NEXT | FILLED));
	while (first < n) {
		double space = c->fresh ? 0 : it->space_before;
		double avail = c->bottom - c->y - space;
		double rest = range_height(it, first, n);
		double extra = first == 0 ? keep : 0;
		/* It fits, with what must follow it. */
		if (rest + extra <= avail + EPSILON) {
			c->y += space;
			place(c, it, first, n);
			return;
		}
		/* A paragraph: the lines that fit here, the others in the next area. */
		size_t k = splittable ? lines_that_fit(it, first, avail, 2, 2) : first;
		if (k > first && k < n) {
			c->y += space;
			place(c, it, first, k);
			next_area(c);
			first = k;
			continue;
		}
		/* Try the next area: from here, or from an area shorter than a page. */
		if (!c->fresh || (c->bottom - c->top < full_area(c) - EPSILON && rest <= full_area(c) + EPSILON)) {
			next_area(c);
			continue;
		}
		/* At the top of a page: it fits, but what must follow it never will. */
		if (rest <= avail + EPSILON) {
			place(c, it, first, n);
			return;
		}
		/* Taller than a page: split wherever it must. */
		k = lines_that_fit(it, first, avail, 1, 0);
		if (k == first)
			k = first + 1;
		place(c, it, first, k);
		if (k < n)
			next_area(c);
		first = k;
	}
}

/* Place the How-to-apply box whole: here, or at the top of the next page; only a box
 * taller than a page flows over pages, with a frame on each. So does a box that would
 * leave more than half of the first page empty (on A5 the box of a service with a counter
 * is about a page): the first page holds the start of the content, not only the header. */
static void place_box(struct cursor *c)
{
	const struct leaflet *lf = c->lf;
	const struct paper *p = lf->paper;
	double run = box_height(lf);
	double space = c->fresh ? 0 : lf->items[lf->box_first].space_before;
	int first_page_half_empty = c->pages->n == 1 && c->bottom - c->y > full_area(c) / 2;
	if (c->y + space + run > c->bottom + EPSILON && !c->fresh && run <= full_area(c) + EPSILON &&
	    !first_page_half_empty) {
		new_page(c);
		space = 0;
	}
	struct page *pg = cur_page(c);
	if (c->y + space + run <= c->bottom + EPSILON) {
		pg->framed = pg->floats = 1;
		pg->frame_top = c->y + space;
		pg->frame_bottom = pg->frame_top + run;
		pg->floats_top = pg->frame_top + p->box_pad;
		c->y = pg->floats_top;
		for (size_t i = lf->box_first; i < lf->box_end; i++) {
			c->y += i > lf->box_first ? lf->items[i].space_before : 0;
			place(c, &lf->items[i], 0, item_nlines(&lf->items[i]));
		}
		c->y = pg->frame_bottom;
		return;
	}
	/* Taller than a page: here if its start (the QR code column, the heading and the
	 * line after it) fits, else from the top of the next page; a frame on each page. */
	const struct item *head = &lf->items[lf->box_first];
	double start = head->h + next_min(lf, lf->box_first + 1);
	if (c->y + space + 2 * p->box_pad + (start > lf->float_h ? start : lf->float_h) > c->bottom + EPSILON) {
		new_page(c);
		space = 0;
		pg = cur_page(c);
	}
	size_t float_page = c->pages->n;
	pg->framed = pg->floats = 1;
	pg->frame_top = c->y + space;
	pg->floats_top = pg->frame_top + p->box_pad;
	c->box_pad = p->box_pad;
	c->top = c->y = pg->floats_top;
	c->bottom -= p->box_pad;
	c->fresh = 1;
	for (size_t i = lf->box_first; i < lf->box_end; i++)
		place_item(c, &lf->items[i], lf->items[i].flags & KEEP_WITH_NEXT ? next_min(lf, i + 1) : 0);
	if (c->pages->n == float_page && c->y < pg->floats_top + lf->float_h)
		c->y = pg->floats_top + lf->float_h;
	cur_page(c)->frame_bottom = c->y + p->box_pad;
	c->y += p->box_pad;
	c->top -= p->box_pad;
	c->bottom += p->box_pad;
	c->box_pad = 0;
	c->fresh = 0;
}

/* Lay the leaflet out on pages, the columns of page limit_page ending at limit_bottom.
 * Returns the number of pages. Free with pages_free. */
static size_t paginate_limited(const struct leaflet *lf, struct pages *out, size_t limit_page, double limit_bottom)
{
	memset(out, 0, sizeof *out);
	struct cursor c = {.pages = out,
	                   .lf = lf,
	                   .p = lf->paper,
	                   .ncols = 1,
	                   .limit_page = limit_page,
	                   .limit_bottom = limit_bottom};
	new_page(&c);
	for (size_t i = 0; i < lf->n;) {
		if (i == lf->col_first)
			start_columns(&c, lf->items[i].space_before);
		if (i == lf->box_first && lf->box_end > lf->box_first) {
			place_box(&c);
			i = lf->box_end;
			continue;
		}
		const struct item *it = &lf->items[i];
		place_item(&c, it, it->flags & KEEP_WITH_NEXT ? next_min(lf, i + 1) : 0);
		i++;
	}
	return out->n;
}

/* Lay the leaflet out on pages, the columns of the last page balanced: as short as
 * they can be without a page more. Free with pages_free. */
static void paginate(const struct leaflet *lf, struct pages *out)
{
	size_t n = paginate_limited(lf, out, SIZE_MAX, 0);
	if (lf->paper->columns < 2 || lf->col_first >= lf->n)
		return;
	double lo = lf->paper->top, hi = lf->paper->h - lf->paper->bottom;
	for (int i = 0; i < 16 && hi - lo > 0.5; i++) {
		double mid = (lo + hi) / 2;
		struct pages trial;
		size_t m = paginate_limited(lf, &trial, n - 1, mid);
		pages_free(&trial);
		if (m == n)
			hi = mid;
		else
			lo = mid;
	}
	pages_free(out);
	paginate_limited(lf, out, n - 1, hi);
}

/* ---- Drawing. */

static void set_color(cairo_t *cr, struct rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

/* ---- Tags: the structure tree that cairo writes, and what it cannot write (pdf_ua.c).
 *
 * cairo 1.16 marks content only in structure elements that have no child elements (a
 * "leaf"); what is drawn in an element with children, or in none, is left unmarked and
 * becomes an /Artifact in pdf_ua_finish. So a text item is one leaf element (P, H1, H2,
 * H3, LBody) when it is drawn in one piece without links; otherwise its element holds a
 * Span or Link leaf per run of text, per piece (a paragraph split over columns or
 * pages stays one element). The footer is drawn outside every leaf: page furniture, an
 * artifact. Links are Link elements around their own text, each with its annotation. */

static const char *const role_tag[ROLE__MAX] = {"P", "H1", "H2", "H3", "LI", "Figure"};

struct tagger {
	cairo_t *cr;
	int tagged;        /* 0: draw only (the footer) */
	int in_list;       /* an L element is open */
	const char *lang;  /* the leaflet's language */
	struct pdf_ua *ua; /* every element with its language, the /Alt and /Contents, in the order of the tags */
};

/* Begin a structure element, in lang when that is not NULL (nor the language around it). */
static void tag_begin(struct tagger *tg, const char *tag, const char *attr, const char *lang)
{
	cairo_tag_begin(tg->cr, tag, attr);
	pdf_strings_add(&tg->ua->elem_tag, tag);
	pdf_strings_add(&tg->ua->elem_lang, lang ? lang : "");
}

/* The language of an item's element: its own when the leaflet is in another. */
static const char *item_lang(const struct tagger *tg, const struct item *it)
{
	return it->lang && tg->lang && g_ascii_strcasecmp(it->lang, tg->lang) ? it->lang : NULL;
}

/* Whether some run of lines [first, last) is in another language than the item. */
static int mixed_language(const struct item *it, size_t first, size_t last)
{
	PangoLanguage *own = pango_language_from_string(it->lang ? it->lang : "nl");
	for (size_t k = first; k < last; k++)
		for (GSList *r = pango_layout_get_line_readonly(it->layout, (int)k)->runs; r; r = r->next)
			if (((PangoGlyphItem *)r->data)->item->analysis.language != own)
				return 1;
	return 0;
}
static void tag_end(struct tagger *tg, const char *tag) { cairo_tag_end(tg->cr, tag); }

/* Close the open list (before anything that is not a list item). */
static void end_list(struct tagger *tg)
{
	if (tg->tagged && tg->in_list) {
		tag_end(tg, "L");
		tg->in_list = 0;
	}
}

/* Append a number for cairo's attribute syntax, whatever the locale: "-12.34". */
static void add_number(struct buf *b, double v)
{
	long long h = llround(v * 100);
	buf_printf(b, "%s%lld.%02lld ", h < 0 ? "-" : "", (h < 0 ? -h : h) / 100, (h < 0 ? -h : h) % 100);
}

/* Append uri quoted for cairo's attribute syntax: in single quotes, with \ and ' escaped. */
static void add_quoted(struct buf *b, const char *uri)
{
	buf_addc(b, '\'');
	for (const char *p = uri; *p; p++) {
		if (*p == '\'' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '\'');
}

/* The attributes of link s of an item in lines [first, last): "rect=[x y w h ...]
 * uri='...'", one rectangle per piece of a line, origin_y being where the layout's top is
 * drawn. Returns the number of rectangles. */
static int link_attr(struct buf *attr, const struct item *it, size_t s, size_t first, size_t last, double x,
                     double origin_y)
{
	buf_adds(attr, "rect=[");
	int nrects = 0;
	for (size_t k = first; k < last; k++) {
		PangoLayoutLine *line = pango_layout_get_line_readonly(it->layout, (int)k);
		size_t ls = (size_t)line->start_index, le = ls + (size_t)line->length;
		if (le <= it->links[s].start || ls >= it->links[s].end)
			continue;
		int *ranges = NULL, nr = 0;
		pango_layout_line_get_x_ranges(line, (int)it->links[s].start, (int)it->links[s].end, &ranges, &nr);
		for (int i = 0; i < nr; i++) {
			double x0 = (double)ranges[2 * i] / PANGO_SCALE, x1 = (double)ranges[2 * i + 1] / PANGO_SCALE;
			if (x1 - x0 < EPSILON)
				continue;
			add_number(attr, x + it->inset + x0);
			add_number(attr, origin_y + it->lines[k].top);
			add_number(attr, x1 - x0);
			add_number(attr, it->lines[k].bottom - it->lines[k].top);
			nrects++;
		}
		g_free(ranges);
	}
	buf_adds(attr, "] uri=");
	add_quoted(attr, it->links[s].uri);
	return nrects;
}

/* The /Contents of link s: its text, and its address when the text is not the address
 * ("Artikel 26 Paspoortwet (https://wetten.overheid.nl/...)", "www.x.nl/a"). The caller
 * frees. */
static char *link_contents(const struct item *it, size_t s)
{
	const char *text = pango_layout_get_text(it->layout);
	const struct link_span *l = &it->links[s];
	const char *uri = l->uri, *bare = uri;
	static const char *const schemes[] = {"https://", "http://", "mailto:", "tel:"};
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
		if (!strncmp(uri, schemes[i], strlen(schemes[i])))
			bare = uri + strlen(schemes[i]);
	struct buf b = {0};
	buf_add(&b, text + l->start, l->end - l->start);
	buf_adds(&b, "");
	if (strcmp(b.p, bare))
		buf_printf(&b, " (%s)", uri);
	return buf_take(&b);
}

/* The link of an item that holds bytes [start, end) of its text, or -1. */
static int link_at(const struct item *it, size_t start, size_t end)
{
	for (size_t s = 0; s < it->nlinks; s++)
		if (start < it->links[s].end && end > it->links[s].start)
			return (int)s;
	return -1;
}

/* Show a run of glyphs at the current point. A space that ends a line has no glyph in
 * pango (PANGO_GLYPH_EMPTY): it is shown as the font's space glyph (drawn with the width
 * pango gave it, none), because cairo 1.16 writes text without a glyph as a nested
 * "/Span << /ActualText >>" marked-content sequence, and poppler's structure reader stops
 * collecting an element's text there. */
static void show_run(cairo_t *cr, const char *text, PangoGlyphItem *run)
{
	PangoGlyphString *g = run->glyphs;
	PangoGlyphItem *copy = NULL;
	hb_codepoint_t space = 0;
	for (int i = 0; i < g->num_glyphs; i++) {
		if (g->glyphs[i].glyph != PANGO_GLYPH_EMPTY || text[run->item->offset + g->log_clusters[i]] != ' ')
			continue;
		if (copy == NULL) {
			hb_font_t *hb = pango_font_get_hb_font(run->item->analysis.font);
			if (hb == NULL || !hb_font_get_nominal_glyph(hb, ' ', &space))
				break;
			copy = pango_glyph_item_copy(run);
		}
		copy->glyphs->glyphs[i].glyph = space;
	}
	pango_cairo_show_glyph_item(cr, text, copy ? copy : run);
	if (copy)
		pango_glyph_item_free(copy);
}

/* After the last run of a line that ends in "\n" (which pango draws nothing for), a space
 * glyph with the text " " at (x, y): invisible, and the words on either side of the break
 * stay apart when the text is read from the PDF. Not in the layout, so that it changes no
 * line break. */
static void show_break(cairo_t *cr, PangoGlyphItem *run, double x, double y)
{
	hb_font_t *hb = pango_font_get_hb_font(run->item->analysis.font);
	hb_codepoint_t space;
	if (hb == NULL || !hb_font_get_nominal_glyph(hb, ' ', &space))
		return;
	cairo_save(cr);
	cairo_set_scaled_font(cr, pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font)));
	cairo_glyph_t glyph = {space, x, y};
	cairo_text_cluster_t cluster = {1, 1};
	cairo_show_text_glyphs(cr, " ", 1, &glyph, 1, &cluster, 1, 0);
	cairo_restore(cr);
}

/* Draw lines [first, last) of an item run by run; with spans, each run in a Span leaf or
 * in the Link leaf of its link (with the link's annotation over its pieces in these
 * lines). */
static void draw_runs(struct tagger *tg, const struct item *it, size_t first, size_t last, double x, double origin_y,
                      int spans)
{
	cairo_t *cr = tg->cr;
	const char *text = pango_layout_get_text(it->layout);
	PangoLanguage *own = pango_language_from_string(it->lang ? it->lang : "nl"), *open_lang = NULL;
	int open = -2; /* -2 nothing open, -1 a Span, else the link */
	for (size_t k = first; k < last; k++) {
		PangoLayoutLine *line = pango_layout_get_line_readonly(it->layout, (int)k);
		double run_x = x + it->inset + it->lines[k].x;
		for (GSList *r = line->runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;
			size_t start = (size_t)run->item->offset, end = start + (size_t)run->item->length;
			int want = link_at(it, start, end);
			PangoLanguage *lang = run->item->analysis.language;
			if (spans && (want != open || lang != open_lang)) {
				if (open != -2)
					tag_end(tg, open >= 0 ? "Link" : "Span");
				const char *in = lang && lang != own ? pango_language_to_string(lang) : NULL;
				if (want >= 0) {
					struct buf attr = {0};
					link_attr(&attr, it, (size_t)want, first, last, x, origin_y);
					tag_begin(tg, "Link", attr.p, in);
					buf_free(&attr);
					char *contents = link_contents(it, (size_t)want);
					pdf_strings_add(&tg->ua->contents, contents);
					free(contents);
				} else
					tag_begin(tg, "Span", "", in);
				open = want;
				open_lang = lang;
			}
			cairo_move_to(cr, run_x, origin_y + it->lines[k].baseline);
			show_run(cr, text, run);
			run_x += (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE;
			if (r->next == NULL && text[line->start_index + line->length] == '\n')
				show_break(cr, run, run_x, origin_y + it->lines[k].baseline);
		}
	}
	if (open != -2)
		tag_end(tg, open >= 0 ? "Link" : "Span");
}

/* Draw lines [first, last) of a text item with its top at (x, y), in its structure
 * element: opened with the first line, closed with the last. */
static void draw_text(struct tagger *tg, const struct item *it, size_t first, size_t last, double x, double y)
{
	cairo_t *cr = tg->cr;
	if (it->flags & FILLED) { /* the band: an artifact, drawn before the element */
		set_color(cr, navy);
		cairo_rectangle(cr, x, y, it->w, it->h);
		cairo_fill(cr);
		y += it->pad;
	}
	double origin_y = y - it->lines[first].top;
	int li = it->role == ROLE_LI;
	if (tg->tagged && first == 0) {
		if (li && !tg->in_list) {
			tag_begin(tg, "L", "", NULL);
			tg->in_list = 1;
		} else if (!li)
			end_list(tg);
		tag_begin(tg, role_tag[it->role], "", item_lang(tg, it));
	}
	set_color(cr, it->color);
	if (it->marker && first == 0) { /* first: the number is read before the text */
		double marker_baseline = (double)pango_layout_get_baseline(it->marker) / PANGO_SCALE;
		if (tg->tagged)
			tag_begin(tg, "Lbl", "", NULL);
		cairo_move_to(cr, x + it->marker_x, origin_y + it->lines[0].baseline - marker_baseline);
		pango_cairo_show_layout(cr, it->marker);
		if (tg->tagged)
			tag_end(tg, "Lbl");
	}
	if (tg->tagged && li && first == 0)
		tag_begin(tg, "LBody", "", NULL);
	int spans = tg->tagged && (it->nlinks || mixed_language(it, first, last));
	int leaf = first == 0 && last == it->nlines && !spans;
	if (spans)
		draw_runs(tg, it, first, last, x, origin_y, 1);
	else {
		if (tg->tagged && !leaf)
			tag_begin(tg, "Span", "", NULL);
		draw_runs(tg, it, first, last, x, origin_y, 0);
		if (tg->tagged && !leaf)
			tag_end(tg, "Span");
	}
	if (tg->tagged && last == it->nlines) {
		if (li)
			tag_end(tg, "LBody");
		tag_end(tg, role_tag[it->role]);
	}
}

/* Draw a QR code as filled rectangles (one per run of dark modules), on white with its
 * quiet zone of 4 modules, in a square of side it->h at (x, y): a Figure with its address
 * as alternative text. */
static void draw_qr(struct tagger *tg, const struct item *it, double x, double y)
{
	cairo_t *cr = tg->cr;
	const QRcode *qr = it->qr;
	double m = it->h / (qr->width + 8);
	if (tg->tagged) {
		end_list(tg);
		tag_begin(tg, "Figure", "", NULL);
		pdf_strings_add(&tg->ua->alt, it->alt);
	}
	set_color(cr, white);
	cairo_rectangle(cr, x, y, it->h, it->h);
	cairo_fill(cr);
	for (int row = 0; row < qr->width; row++)
		for (int col = 0; col < qr->width;) {
			if (!(qr->data[row * qr->width + col] & 1)) {
				col++;
				continue;
			}
			int end = col;
			while (end < qr->width && (qr->data[row * qr->width + end] & 1))
				end++;
			cairo_rectangle(cr, x + (4 + col) * m, y + (4 + row) * m, (end - col) * m, m);
			col = end;
		}
	set_color(cr, ink);
	cairo_fill(cr);
	if (tg->tagged)
		tag_end(tg, "Figure");
}

static void draw_item(struct tagger *tg, const struct item *it, size_t first, size_t last, double x, double y)
{
	if (it->kind == ITEM_QR)
		draw_qr(tg, it, x, y);
	else
		draw_text(tg, it, first, last, x, y);
}

/* A rectangle with rounded corners of radius r. */
static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
	cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

/* The footer of every page: a rule, the last-reviewed date, "page / pages", and the
 * source URL. Page furniture, an artifact (untagged; the URL is linked in the leaflet,
 * and an annotation would have to be in the structure tree). */
static void draw_footer(cairo_t *cr, const struct typesetter *ts, const struct leaflet *lf, size_t page, size_t npages)
{
	struct tagger untagged = {.cr = cr};
	const struct paper *p = lf->paper;
	double x = p->margin, w = p->w - 2 * p->margin, y = p->h - p->bottom + 10;
	set_color(cr, grey);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, x, y);
	cairo_line_to(cr, x + w, y);
	cairo_stroke(cr);
	struct rich r;
	rich_init(&r);
	rich_add(&r, label(lf->lang, L_LAST_REVIEWED), 0);
	rich_add(&r, ": ", 0);
	rich_add(&r, lf->reviewed, 0);
	struct look lk = {F_FOOTER, grey, 0, w * 0.75, 0, 0, lf->lang};
	struct item left;
	fill_text_item(&left, ts, &r, &lk);
	rich_free(&r);
	draw_text(&untagged, &left, 0, left.nlines, x, y + 4);
	double left_h = left.h;
	item_free(&left);

	char num[64];
	snprintf(num, sizeof num, "%zu / %zu", page, npages);
	PangoLayout *l = make_layout(ts, num, NULL, F_FOOTER, w * 0.25, lf->lang);
	pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	set_color(cr, grey);
	cairo_move_to(cr, x + w * 0.75, y + 4);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);

	rich_init(&r);
	rich_add(&r, pdf_label(lf->lang, PL_MORE_INFO), 0);
	rich_add(&r, ": ", 0);
	size_t start = r.text.len;
	rich_add(&r, lf->source_shown, 0);
	rich_attr(&r, pango_attr_insert_hyphens_new(FALSE), start, r.text.len); /* as a link's text */
	lk.w = w;
	struct item source;
	fill_text_item(&source, ts, &r, &lk);
	rich_free(&r);
	size_t lines = source.nlines < 2 ? source.nlines : 2; /* a long URL: two lines at most */
	draw_text(&untagged, &source, 0, lines, x, y + 4 + left_h);
	item_free(&source);
}

/* Whether an item is in the How-to-apply box. */
static int in_box(const struct leaflet *lf, const struct item *it)
{
	return it >= lf->items + lf->box_first && it < lf->items + lf->box_end;
}

/* The column beside the box: the QR code and its URL, from y down. */
static void draw_floats(struct tagger *tg, const struct leaflet *lf, double y)
{
	for (size_t f = 0; f < lf->nfloats; f++) {
		const struct item *it = &lf->floats[f];
		y += f ? it->space_before : 0;
		draw_item(tg, it, 0, item_nlines(it), lf->paper->margin + it->x, y);
		y += it->h;
	}
}

/* Draw the leaflet's pages on tg's cairo context, each followed by cairo_show_page; the
 * structure elements in the order of reading (the columns one after the other), inside
 * the element the caller has opened (Document, or a Sect of an agency's file). */
static void draw_leaflet(struct tagger *tg, const struct typesetter *ts, const struct leaflet *lf,
                         const struct pages *ps)
{
	cairo_t *cr = tg->cr;
	const struct paper *p = lf->paper;
	for (size_t i = 0; i < ps->n; i++) {
		const struct page *pg = &ps->v[i];
		if (pg->framed) {
			rounded_rect(cr, p->margin, pg->frame_top, p->w - 2 * p->margin,
			             pg->frame_bottom - pg->frame_top, 6);
			set_color(cr, tint);
			cairo_fill_preserve(cr);
			set_color(cr, navy);
			cairo_set_line_width(cr, 1.6);
			cairo_stroke(cr);
		}
		/* The QR code column is drawn after the box's text on the page: text order is
		 * reading order (pdftotext, screen readers). */
		size_t after = 0; /* the QR code column goes after the last piece of the box */
		for (size_t k = 0; k < pg->n; k++)
			if (in_box(lf, pg->pl[k].it))
				after = k + 1;
		for (size_t k = 0; k <= pg->n; k++) {
			if (k == after && pg->floats)
				draw_floats(tg, lf, pg->floats_top);
			if (k < pg->n)
				draw_item(tg, pg->pl[k].it, pg->pl[k].first, pg->pl[k].last, pg->pl[k].x, pg->pl[k].y);
		}
		if (i + 1 == ps->n)
			end_list(tg);
		draw_footer(cr, ts, lf, i + 1, ps->n);
		cairo_show_page(cr);
	}
}

/* ---- PDF documents in memory. */

struct pdf_doc {
	struct buf bytes;
	cairo_surface_t *surface;
	cairo_t *cr;
	struct pdf_ua ua; /* what pdf_ua_finish adds; its strings owned */
	struct tagger tg; /* draws on cr, collects into ua */
	char *title, *author, *subject, *lang;
};

static cairo_status_t append_bytes(void *closure, const unsigned char *data, unsigned int length)
{
	buf_add(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* A failure while making relpath, in words for the report (the caller frees). */
static char *pdf_error_text(const char *what, const char *relpath)
{
	struct buf b = {0};
	buf_printf(&b, "cannot make the leaflet %s: %s", relpath, what);
	return buf_take(&b);
}

/* Open a tagged PDF document in memory with its properties, its language and its
 * Document element; dates from ctx->epoch, so two builds give the same bytes. Check with
 * cairo_status(d->cr); close with pdf_close. */
static void pdf_open(struct pdf_doc *d, const struct paper *p, const struct render_ctx *ctx, const char *title,
                     const char *author, const char *subject, const char *lang)
{
	memset(d, 0, sizeof *d);
	d->surface = cairo_pdf_surface_create_for_stream(append_bytes, &d->bytes, p->w, p->h);
	char date[32];
	struct tm tm;
	time_t t = ctx->epoch;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_AUTHOR, author);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_SUBJECT, subject);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "loket");
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	d->cr = cairo_create(d->surface);
	d->title = xstrdup(title);
	d->author = xstrdup(author);
	d->subject = xstrdup(subject);
	d->lang = xstrdup(lang ? lang : "");
	d->ua.epoch = ctx->epoch;
	d->tg = (struct tagger){.cr = d->cr, .tagged = 1, .lang = d->lang, .ua = &d->ua};
	tag_begin(&d->tg, "Document", "", NULL);
}

/* Finish the document, add what cairo cannot write (pdf_ua_finish) and write it to
 * relpath (render_file reports its own failures). Returns 0, or -1; any other failure is
 * put in *error (the caller frees) for the caller to report. Frees the document in every
 * case. */
static int pdf_close(struct pdf_doc *d, const struct render_ctx *ctx, const char *relpath, char **error)
{
	cairo_tag_end(d->cr, "Document");
	cairo_status_t st = cairo_status(d->cr);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	int rc = -1;
	struct buf producer = {0};
	buf_printf(&producer, "cairo %s (https://cairographics.org)", cairo_version_string());
	d->ua.title = d->title;
	d->ua.author = d->author;
	d->ua.subject = d->subject;
	d->ua.lang = d->lang;
	d->ua.producer = producer.p;
	if (st != CAIRO_STATUS_SUCCESS)
		*error = pdf_error_text(cairo_status_to_string(st), relpath);
	else if (pdf_ua_finish(&d->bytes, &d->ua) != 0)
		*error = pdf_error_text("cairo wrote a PDF of a form loket cannot tag (another cairo than 1.16?)",
		                        relpath);
	else
		rc = render_file(ctx, relpath, d->bytes.p, d->bytes.len);
	buf_free(&producer);
	buf_free(&d->bytes);
	pdf_strings_free(&d->ua.alt);
	pdf_strings_free(&d->ua.contents);
	pdf_strings_free(&d->ua.elem_tag);
	pdf_strings_free(&d->ua.elem_lang);
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->lang);
	return rc;
}

/* ---- The back-end: each service's leaflets, then each agency's file of them, on
 * ctx->jobs threads. Every file is made on its own, so the bytes do not depend on the
 * number of threads. */

/* Typesetters for the threads: pango's font maps and contexts may not be shared by
 * threads, so each thread borrows one of its own for a task. */
struct typesetter_pool {
	pthread_mutex_t lock;
	const struct paper *paper;
	struct typesetter **idle, **all;
	size_t nidle, nall, cap_idle, cap_all;
};

/* Borrow a typesetter (a new one when all are in use); give it back with pool_give. */
static struct typesetter *pool_take(struct typesetter_pool *pool)
{
	pthread_mutex_lock(&pool->lock);
	struct typesetter *ts = pool->nidle ? pool->idle[--pool->nidle] : NULL;
	if (ts == NULL) { /* made under the lock: fontconfig's start is not to be raced */
		ts = xcalloc(1, sizeof *ts);
		typesetter_init(ts, pool->paper);
		pool->all = xgrow(pool->all, &pool->cap_all, pool->nall + 1, sizeof *pool->all);
		pool->all[pool->nall++] = ts;
	}
	pthread_mutex_unlock(&pool->lock);
	return ts;
}

static void pool_give(struct typesetter_pool *pool, struct typesetter *ts)
{
	pthread_mutex_lock(&pool->lock);
	pool->idle = xgrow(pool->idle, &pool->cap_idle, pool->nidle + 1, sizeof *pool->idle);
	pool->idle[pool->nidle++] = ts;
	pthread_mutex_unlock(&pool->lock);
}

/* Free every typesetter of the pool (when no thread uses one any more). */
static void pool_free(struct typesetter_pool *pool)
{
	for (size_t i = 0; i < pool->nall; i++) {
		typesetter_free(pool->all[i]);
		free(pool->all[i]);
	}
	free(pool->all);
	free(pool->idle);
	pthread_mutex_destroy(&pool->lock);
}

/* The languages of a service's leaflets: its own (k = 0), then its translations. */
static size_t leaflet_count(const struct service *s)
{
	const struct node *trs = node_get(s->root, "translations");
	return 1 + (trs && trs->kind == NODE_MAP ? trs->n : 0);
}

/* Leaflet k of service s: its language and its translation (NULL for k = 0). */
static const char *leaflet_language(const struct service *s, size_t k, const struct node **tr)
{
	const struct node *trs = node_get(s->root, "translations");
	*tr = k ? NODE_VAL(trs, k - 1) : NULL;
	return k ? NODE_KEY(trs, k - 1)->str : s->language;
}

/* What the threads share. Each task writes only its own slot of errors. */
struct pdf_run {
	const struct render_ctx *ctx;
	struct typesetter_pool pool;
	size_t ngroups;
	size_t *group;      /* agency g has services [group[g], group[g + 1]) */
	char **errors;      /* cairo failures: one per service, then one per agency */
	_Atomic int failed; /* stop early: the build fails anyway */
	_Atomic size_t done;
};

/* Leaflet k of service s into the agency's file d, from page `page` on, as a Sect in its
 * language with a bookmark: the service's (k = 0) at the top level, a translation's
 * under it (*parent: the service's bookmark). Returns the number of pages. */
static size_t draw_service_leaflet(struct pdf_doc *d, const struct typesetter *ts, const struct service *s, size_t k,
                                   size_t page, int *parent)
{
	const struct node *tr;
	const char *lang = leaflet_language(s, k, &tr);
	struct leaflet lf;
	struct pages ps;
	build_leaflet(&lf, ts, s, lang, tr);
	paginate(&lf, &ps);
	char dest[48];
	snprintf(dest, sizeof dest, "page=%zu", page);
	int id = cairo_pdf_surface_add_outline(d->surface, k ? *parent : CAIRO_PDF_OUTLINE_ROOT, lf.title, dest, 0);
	if (k == 0)
		*parent = id;
	tag_begin(&d->tg, "Sect", "", lang);
	d->tg.lang = lang;
	draw_leaflet(&d->tg, ts, &lf, &ps);
	d->tg.lang = d->lang;
	cairo_tag_end(d->cr, "Sect");
	size_t n = ps.n;
	pages_free(&ps);
	leaflet_free(&lf);
	return n;
}

/* The file of leaflet k of service s: leaflets/<agency>/<service>[.<lang>].pdf, with the
 * leaflet's title, author, subject and language. Returns 0, or -1 (*error as pdf_close). */
static int write_service_leaflet(const struct render_ctx *ctx, const struct typesetter *ts, const struct service *s,
                                 size_t k, char **error)
{
	const struct node *tr;
	const char *lang = leaflet_language(s, k, &tr);
	struct leaflet lf;
	struct pages ps;
	build_leaflet(&lf, ts, s, lang, tr);
	paginate(&lf, &ps);
	struct buf path = {0};
	buf_printf(&path, "leaflets/%s/%s%s%s.pdf", s->agency->id, s->id, k ? "." : "", k ? lang : "");
	struct pdf_doc d;
	pdf_open(&d, ts->paper, ctx, lf.title, lf.author, lf.subject, lang);
	if (cairo_status(d.cr) == CAIRO_STATUS_SUCCESS)
		draw_leaflet(&d.tg, ts, &lf, &ps);
	int rc = pdf_close(&d, ctx, path.p, error);
	buf_free(&path);
	pages_free(&ps);
	leaflet_free(&lf);
	return rc;
}

/* Task i of the first pass: the leaflets of service i, one file per language. */
static void service_task(void *arg, size_t i)
{
	struct pdf_run *run = arg;
	const struct service *s = run->ctx->services[i];
	int reused = 0;
	if (!atomic_load(&run->failed) && s->agency && s->agency->id &&
	    (reused = render_service_begin(run->ctx, s)) == 0) { /* 1: its leaflets were reused */
		struct typesetter *ts = pool_take(&run->pool);
		for (size_t k = 0; k < leaflet_count(s) && !run->errors[i]; k++)
			if (write_service_leaflet(run->ctx, ts, s, k, &run->errors[i]) != 0)
				atomic_store(&run->failed, 1);
		pool_give(&run->pool, ts);
	}
	if (reused < 0)
		atomic_store(&run->failed, 1);
	render_service_end();
	render_progress(run->ctx, "leaflets", atomic_fetch_add(&run->done, 1) + 1, run->ctx->nservices);
}

/* Task g of the second pass: leaflets/<agency>.pdf, every leaflet of agency g in one
 * printable file, in the order of the services, each with its translations and a
 * bookmark. */
static void agency_task(void *arg, size_t g)
{
	struct pdf_run *run = arg;
	const struct render_ctx *ctx = run->ctx;
	const struct agency *a = ctx->services[run->group[g]]->agency;
	if (atomic_load(&run->failed) || a == NULL || a->id == NULL) /* no agency.yaml: no name, no folder */
		return;
	struct buf title = {0}, path = {0};
	buf_printf(&path, "leaflets/%s.pdf", a->id);
	if (render_reuse_group(ctx, path.p, run->group[g], run->group[g + 1]) == 1) { /* none changed */
		buf_free(&path);
		return;
	}
	struct typesetter *ts = pool_take(&run->pool);
	const char *name = a->name ? a->name : a->id;
	buf_printf(&title, "%s: %s", name, pdf_label(a->language, PL_LEAFLETS));
	struct pdf_doc all;
	pdf_open(&all, ts->paper, ctx, title.p, name, title.p, a->language);
	size_t page = 1;
	for (size_t i = run->group[g]; i < run->group[g + 1] && cairo_status(all.cr) == CAIRO_STATUS_SUCCESS; i++) {
		int parent = CAIRO_PDF_OUTLINE_ROOT;
		for (size_t k = 0; k < leaflet_count(ctx->services[i]); k++)
			page += draw_service_leaflet(&all, ts, ctx->services[i], k, page, &parent);
	}
	if (pdf_close(&all, ctx, path.p, &run->errors[ctx->nservices + g]) != 0)
		atomic_store(&run->failed, 1);
	buf_free(&title);
	buf_free(&path);
	pool_give(&run->pool, ts);
}

/* Split the services into runs of one agency (they are sorted by path). The caller frees
 * the array of ngroups + 1 starts. */
static size_t *agency_groups(const struct render_ctx *ctx, size_t *ngroups)
{
	size_t *group = xcalloc(ctx->nservices + 1, sizeof *group);
	*ngroups = 0;
	for (size_t i = 0; i < ctx->nservices; i++)
		if (i == 0 || ctx->services[i]->agency != ctx->services[i - 1]->agency)
			group[(*ngroups)++] = i;
	group[*ngroups] = ctx->nservices;
	return group;
}

/* Whether fontconfig gives DejaVu Sans for the leaflet's face: without it another font
 * would be embedded and the leaflets would differ from machine to machine. Reports the
 * missing font and returns -1, else 0. */
static int check_font(const struct render_ctx *ctx, const struct typesetter *ts)
{
	PangoFont *font = pango_font_map_load_font(ts->fontmap, ts->pango, ts->face[F_BODY]);
	PangoFontDescription *d = font ? pango_font_describe(font) : NULL;
	const char *family = d ? pango_font_description_get_family(d) : NULL;
	int ok = family && !g_ascii_strcasecmp(family, "DejaVu Sans");
	if (!ok)
		msg_emit(ctx->q, MSG_SYS001, ((struct pos){NULL, 0, 0}),
		         "the font DejaVu Sans for the leaflets (apt-get install fonts-dejavu-core)");
	if (d)
		pango_font_description_free(d);
	if (font)
		g_object_unref(font);
	return ok ? 0 : -1;
}

int render_pdf(const struct render_ctx *ctx)
{
	unsigned jobs = ctx->jobs ? ctx->jobs : 1;
	struct pdf_run run = {.ctx = ctx};
	pthread_mutex_init(&run.pool.lock, NULL);
	run.pool.paper = ctx->paper_a5 ? &paper_a5 : &paper_a4;
	run.group = agency_groups(ctx, &run.ngroups);
	run.errors = xcalloc(ctx->nservices + run.ngroups + 1, sizeof *run.errors);
	if (ctx->nservices) {
		struct typesetter *ts = pool_take(&run.pool);
		if (check_font(ctx, ts) != 0)
			atomic_store(&run.failed, 1);
		pool_give(&run.pool, ts);
	}
	parallel_for(ctx->nservices, jobs, service_task, &run);
	parallel_for(run.ngroups, jobs, agency_task, &run);
	/* The threads are done: report in a fixed order. */
	for (size_t i = 0; i < ctx->nservices + run.ngroups; i++)
		if (run.errors[i]) {
			msg_emit(ctx->q, MSG_SYS001, ((struct pos){NULL, 0, 0}), run.errors[i]);
			free(run.errors[i]);
		}
	free(run.errors);
	free(run.group);
	pool_free(&run.pool);
	return atomic_load(&run.failed) ? -1 : 0;
}
