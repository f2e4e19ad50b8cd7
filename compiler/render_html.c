/* render_html.c: the HTML portal back-end: a home page, indexes (A to Z, by agency, by
 * life event, by audience, by digital level), a page per agency and a page per service
 * and language, in the uniform presentation's order. Every byte goes through html.c.
 * Pages use HTML 4 elements with ARIA landmark roles, so libxml2's HTML parser reads
 * them without errors, and need no JavaScript. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "json.h"
#include "labels.h"
#include "render.h"
#include "search.h"
#include "xml.h"

/* A page being written: its buffer, its language and how deep it lies below html/. */
struct page {
	struct buf b;
	const char *lang;
	const char *up; /* "" or "../": the way back to html/ */
};

/* ---- text ---- */

/* Plain text of the standard as paragraphs and bullets (html_rich_text). */
static void rich_text(struct page *p, const char *text, const char *lang_attr)
{
	html_rich_text(&p->b, text, lang_attr);
}

/* A mailto: URL for an address. Characters that mean something in a mailto: URL (RFC 6068:
 * ? starts headers, & separates them, # a fragment, % an escape), spaces, controls and
 * non-ASCII bytes are percent-encoded, so "info?bcc=x@..." cannot add a recipient. */
static void mailto_url(struct buf *b, const char *email)
{
	buf_adds(b, "mailto:");
	for (const unsigned char *s = (const unsigned char *)email; *s; s++)
		if (*s <= 0x20 || *s >= 0x7f || strchr("%?#&\"<>[]\\^`{|}", *s))
			buf_printf(b, "%%%02X", *s);
		else
			buf_addc(b, (char)*s);
}

/* A link whose URL passed the scheme allowlist, else the URL as plain text. */
static void link_or_text(struct page *p, const char *url, const char *text)
{
	if (url && html_url_is_safe(url))
		html_printf(&p->b, "<a href=\"%s\">%s</a>", url, text ? text : url);
	else
		html_text(&p->b, text ? text : url ? url : "");
}

/* "P8W" -> "8 weken"; the raw value when it is not a simple duration. */
static void duration(struct page *p, const char *iso)
{
	static const struct {
		char unit;
		int time;
		const char *nl1, *nl, *en1, *en;
	} units[] = {
	        {'Y', 0, "jaar", "jaar", "year", "years"},
	        {'M', 0, "maand", "maanden", "month", "months"},
	        {'W', 0, "week", "weken", "week", "weeks"},
	        {'D', 0, "dag", "dagen", "day", "days"},
	        {'H', 1, "uur", "uur", "hour", "hours"},
	        {'M', 1, "minuut", "minuten", "minute", "minutes"},
	        {'S', 1, "seconde", "seconden", "second", "seconds"},
	};
	int nl = !strncmp(p->lang, "nl", 2);
	struct buf out = {0};
	int in_time = 0;
	for (const char *s = iso + 1; *s;) {
		if (*s == 'T') {
			in_time = 1;
			s++;
			continue;
		}
		char *end;
		long v = strtol(s, &end, 10);
		size_t k = 0;
		while (k < sizeof units / sizeof *units && (units[k].unit != *end || units[k].time != in_time))
			k++;
		if (end == s || k == sizeof units / sizeof *units) {
			buf_free(&out);
			html_text(&p->b, iso);
			return;
		}
		buf_printf(&out, "%s%ld %s", out.len ? ", " : "", v,
		           nl ? (v == 1 ? units[k].nl1 : units[k].nl) : (v == 1 ? units[k].en1 : units[k].en));
		s = end + 1;
	}
	html_text(&p->b, out.p ? out.p : iso);
	buf_free(&out);
}

/* The uniform product name as a heading: its first letter a capital (UPL names are lower case). */
static void product_name(struct buf *b, const char *name)
{
	if (name[0] >= 'a' && name[0] <= 'z') {
		char first[2] = {(char)(name[0] - 'a' + 'A'), 0};
		html_text(b, first);
		html_text(b, name + 1);
	} else {
		html_text(b, name);
	}
}

/* A language's name in that language, for links between translations. */
static const char *language_name(const char *code)
{
	static const struct {
		const char *code, *name;
	} names[] = {{"nl", "Nederlands"}, {"en", "English"}, {"de", "Deutsch"}, {"fr", "Français"},
	             {"fy", "Frysk"},      {"pl", "Polski"},  {"tr", "Türkçe"},  {"ar", "العربية"},
	             {"uk", "Українська"}, {"es", "Español"}};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(names[i].code, code))
			return names[i].name;
	return code;
}

/* ---- page frame ---- */

static void page_begin(struct page *p, const struct render_ctx *ctx, const char *title, const char *canonical,
                       const char *lang)
{
	p->lang = lang;
	html_printf(&p->b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">", lang);
	html_raw(&p->b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
	html_printf(&p->b, "<title>%s</title><link rel=\"stylesheet\" href=\"%sassets/loket.css\">", title, p->up);
	if (*ctx->base_url && canonical)
		html_printf(&p->b, "<link rel=\"canonical\" href=\"%s/html/%s\">", ctx->base_url, canonical);
}

static const struct {
	enum label label;
	const char *file; /* without .html: the English list adds .en */
} nav_items[] = {
        {L_SERVICES_AZ, "a-z"},      {L_BY_AGENCY, "agencies"}, {L_BY_LIFE_EVENT, "life-events"},
        {L_BY_AUDIENCE, "audience"}, {L_BY_LEVEL, "levels"},
};

/* Whether any service has an English page: then the lists exist in English too. */
static int has_english(const struct render_ctx *ctx) { return ctx->english; }

/* The language of the lists a page in lang links to: "en" or "nl". */
static const char *list_lang(const struct render_ctx *ctx, const char *lang)
{
	return strncmp(lang, "en", 2) == 0 && has_english(ctx) ? "en" : "nl";
}

/* A list page's file name in a language: "a-z.html", "a-z.en.html". */
static void list_file(struct buf *b, const char *base, const char *lang)
{
	buf_printf(b, "%s%s.html", base, strcmp(lang, "nl") ? ".en" : "");
}

/* After the <head> extras: the body's opening, skip link, header and navigation. */
static void page_body(struct page *p, const struct render_ctx *ctx)
{
	const char *ll = list_lang(ctx, p->lang);
	html_raw(&p->b, "</head><body>");
	html_printf(&p->b, "<a class=\"skip\" href=\"#main\">%s</a>", label(p->lang, L_SKIP_TO_CONTENT));
	html_printf(&p->b,
	            "<div class=\"site-header\" role=\"banner\"><a href=\"%sindex.html\">Loket</a>"
	            "<span class=\"tagline\">%s</span></div>",
	            p->up,
	            !strncmp(p->lang, "nl", 2) ? "E\xc3\xa9n loket voor de hele overheid"
	                                       : "One counter for all of government");
	html_printf(&p->b, "<div class=\"nav\" role=\"navigation\" aria-label=\"%s\"><ul>",
	            !strncmp(p->lang, "nl", 2) ? "Hoofdmenu" : "Main menu");
	html_printf(&p->b, "<li><a href=\"%sindex.html\">%s</a></li>", p->up, label(p->lang, L_HOME));
	struct buf f = {0};
	for (size_t i = 0; i < sizeof nav_items / sizeof *nav_items; i++) {
		f.len = 0;
		list_file(&f, nav_items[i].file, ll);
		if (strncmp(p->lang, ll, 2))
			html_printf(&p->b, "<li><a href=\"%s%s\" lang=\"%s\">%s</a></li>", p->up, f.p, ll,
			            label(ll, nav_items[i].label));
		else
			html_printf(&p->b, "<li><a href=\"%s%s\">%s</a></li>", p->up, f.p,
			            label(ll, nav_items[i].label));
	}
	f.len = 0;
	list_file(&f, "search", ll);
	if (strncmp(p->lang, ll, 2))
		html_printf(&p->b, "<li><a href=\"%s%s\" lang=\"%s\">%s</a></li>", p->up, f.p, ll, label(ll, L_SEARCH));
	else
		html_printf(&p->b, "<li><a href=\"%s%s\">%s</a></li>", p->up, f.p, label(ll, L_SEARCH));
	buf_free(&f);
	html_raw(&p->b, "</ul></div><div class=\"page\"><div id=\"main\" role=\"main\" tabindex=\"-1\">");
}

static int page_end(struct page *p, const struct render_ctx *ctx, const char *path, int search)
{
	html_raw(&p->b, "</div></div><div class=\"footer\" role=\"contentinfo\"><p>");
	html_printf(&p->b, "%s: %s. ", !strncmp(p->lang, "nl", 2) ? "Gemaakt met loket op" : "Made with loket on",
	            ctx->date);
	html_raw(&p->b, "</p></div>");
	if (search)
		html_printf(&p->b,
		            "<script src=\"%sassets/search-index.js\"></script><script "
		            "src=\"%sassets/search.js\"></script>",
		            p->up, p->up);
	html_raw(&p->b, "</body></html>\n");
	struct buf full = {0};
	buf_printf(&full, "html/%s", path);
	int rc = render_file(ctx, full.p, p->b.p, p->b.len);
	buf_free(&full);
	buf_free(&p->b);
	return rc;
}

/* ---- the service page ---- */

/* A text of the service in the page's language: the translation's when it has one. */
struct texts {
	const struct node *tr; /* the translation mapping, or NULL for the main language */
	const struct node *root;
	const char *main_lang;
};

static const struct node *field(const struct texts *t, const char *key, const char **lang)
{
	const struct node *v = t->tr ? node_get(t->tr, key) : NULL;
	if (v) {
		*lang = NULL;
		return v;
	}
	/* Not translated: the main language's text, marked with its own lang. */
	*lang = t->tr ? t->main_lang : NULL;
	return node_get(t->root, key);
}

static const char *field_str(const struct texts *t, const char *key, const char **lang)
{
	const struct node *v = field(t, key, lang);
	return v && v->kind == NODE_STR ? v->str : NULL;
}

static void section(struct page *p, const char *id, enum label l)
{
	html_printf(&p->b, "<h2 id=\"%s\">%s</h2>", id, label(p->lang, l));
}

/* The sections of the page (spec, "Uniform presentation"), by the ids an x-section names. */
static const char *const page_sections[] = {"how-to-apply", "who-can-apply", "what-you-need", "costs",  "how-long",
                                            "what-you-get", "objection",     "legal-basis",   "contact"};

static int known_section(const char *id)
{
	for (size_t i = 0; id && i < sizeof page_sections / sizeof *page_sections; i++)
		if (!strcmp(page_sections[i], id))
			return 1;
	return 0;
}

/* The fields newer than this loket that the schema places in section `id` (NULL: those it
 * places nowhere known, under "More information"): a heading from x-label, then the value
 * as text, or a list. */
static void extra_fields(struct page *p, const struct service *s, const char *id)
{
	int heading = 0;
	const char *lang_attr = s->language && strcmp(p->lang, s->language) != 0 ? s->language : NULL;
	for (size_t i = 0; i < s->nextra; i++) {
		const struct extra_field *x = &s->extra[i];
		if (id ? !x->section || strcmp(x->section, id) != 0 : known_section(x->section))
			continue;
		if (id == NULL && !heading++)
			section(p, "more-information", L_MORE_INFORMATION);
		const char *l = !strncmp(p->lang, "nl", 2) ? x->label_nl : x->label_en;
		html_printf(&p->b, "<h3>%s</h3>",
		            l             ? l
		            : x->label_nl ? x->label_nl
		            : x->label_en ? x->label_en
		                          : x->name);
		const struct node *v = x->value;
		if (v->kind == NODE_SEQ || v->kind == NODE_MAP) {
			html_raw(&p->b, lang_attr ? "" : "<ul>");
			if (lang_attr)
				html_printf(&p->b, "<ul lang=\"%s\">", lang_attr);
			for (size_t k = 0; k < v->n; k++) {
				const struct node *item = v->kind == NODE_SEQ ? v->kids[k] : NODE_VAL(v, k);
				html_raw(&p->b, "<li>");
				if (v->kind == NODE_MAP)
					html_printf(&p->b, "%s: ", NODE_KEY(v, k)->str);
				html_text(&p->b, item->str ? item->str : "");
				html_raw(&p->b, "</li>");
			}
			html_raw(&p->b, "</ul>");
		} else if (v->str) {
			rich_text(p, v->str, lang_attr);
		}
	}
}

static void nothing_to_add(struct page *p)
{
	html_printf(&p->b, "<p class=\"meta\">%s</p>",
	            !strncmp(p->lang, "nl", 2) ? "Niet van toepassing." : "Not applicable.");
}

static void opening_hours(struct page *p, const struct node *hours)
{
	if (hours == NULL)
		return;
	html_printf(&p->b, "<p><strong>%s</strong></p><ul>", label(p->lang, L_OPENING_HOURS));
	for (size_t i = 0; i < hours->n; i++) {
		const struct node *days = node_get(hours->kids[i], "days");
		html_raw(&p->b, "<li>");
		for (size_t d = 0; days && d < days->n; d++)
			html_printf(&p->b, "%s%s", d ? ", " : "", label_day(p->lang, days->kids[d]->str));
		html_printf(&p->b, ": %s&ndash;%s</li>", node_get_str(hours->kids[i], "from"),
		            node_get_str(hours->kids[i], "to"));
	}
	html_raw(&p->b, "</ul>");
}

static void address(struct page *p, const struct node *a)
{
	if (a == NULL)
		return;
	html_printf(&p->b, "<p>%s<br>%s %s</p>", node_get_str(a, "street"), node_get_str(a, "postal_code"),
	            node_get_str(a, "city"));
}

/* "E-mail: <a href="mailto:...">address</a>" as a paragraph. */
static void email_line(struct page *p, const char *email)
{
	struct buf mail = {0};
	mailto_url(&mail, email);
	html_printf(&p->b, "<p>%s: ", label(p->lang, L_EMAIL));
	link_or_text(p, mail.p, email);
	html_raw(&p->b, "</p>");
	buf_free(&mail);
}

static void channel(struct page *p, const struct channel *c)
{
	html_printf(&p->b, "<div class=\"channel\"><h3>%s</h3>", label_channel(p->lang, c->type));
	if (c->url)
		html_raw(&p->b, "<p>"), link_or_text(p, c->url, NULL), html_raw(&p->b, "</p>");
	if (c->phone) {
		struct buf tel = {0};
		buf_adds(&tel, "tel:");
		for (const char *s = c->phone; *s; s++)
			if ((*s >= '0' && *s <= '9') || *s == '+')
				buf_addc(&tel, *s);
		html_printf(&p->b, "<p>%s: ", label(p->lang, L_PHONE));
		link_or_text(p, tel.p, c->phone);
		html_raw(&p->b, "</p>");
		buf_free(&tel);
	}
	if (c->email)
		email_line(p, c->email);
	address(p, node_get(c->node, "address"));
	html_printf(&p->b, "<p>%s:</p><ul>", label(p->lang, L_YOU_CAN));
	for (int k = 0; k < CAP__MAX; k++)
		if (c->can & (1u << k))
			html_printf(&p->b, "<li>%s</li>", label_capability(p->lang, (enum capability)k));
	html_raw(&p->b, "</ul>");
	const struct node *ids = c->ident_node;
	if (ids) {
		html_printf(&p->b, "<p>%s: ", label(p->lang, L_IDENTIFICATION));
		for (size_t i = 0; i < ids->n; i++)
			html_printf(&p->b, "%s%s", i ? ", " : "", label_identification(p->lang, ids->kids[i]->str));
		html_raw(&p->b, "</p>");
	}
	opening_hours(p, node_get(c->node, "opening_hours"));
	if (c->appointment && strcmp(c->appointment, "none") != 0)
		html_printf(&p->b, "<p>%s</p>",
		            label(p->lang, !strcmp(c->appointment, "required") ? L_APPOINTMENT_REQUIRED
		                                                               : L_APPOINTMENT_OPTIONAL));
	if (c->note)
		rich_text(p, c->note, NULL);
	html_raw(&p->b, "</div>");
}

static void how_to_apply(struct page *p, const struct service *s, const struct texts *t)
{
	section(p, "how-to-apply", L_HOW_TO_APPLY);
	html_printf(&p->b, "<div class=\"level %s\"><p>%s</p>", model_level_name(s->level),
	            label_level(p->lang, s->level));
	if (s->ngaps && s->level != LEVEL_OFFLINE) {
		html_printf(&p->b, "<p>%s:</p><ul>", label(p->lang, L_NOT_ONLINE_MISSING));
		for (size_t i = 0; i < s->ngaps; i++)
			if (s->gaps[i].kind == GAP_STEP)
				html_printf(&p->b, "<li>%s</li>", label_capability(p->lang, s->gaps[i].step));
		for (size_t i = 0; i < s->nevidence; i++)
			if (!s->evidence[i].digital)
				html_printf(&p->b, "<li>%s: %s</li>", s->evidence[i].name,
				            label(p->lang, L_PAPER_ONLY));
		html_raw(&p->b, "</ul>");
	}
	const struct node *visit = node_get(node_get(s->root, "physical_presence"), "steps");
	if (s->presence_required && visit && visit->n) {
		html_printf(&p->b, "<p>%s:</p><ul>", label(p->lang, L_VISIT_REQUIRED));
		for (size_t i = 0; i < visit->n; i++)
			html_printf(&p->b, "<li>%s</li>", visit->kids[i]->str);
		html_raw(&p->b, "</ul>");
	}
	html_raw(&p->b, "</div>");
	const char *lang;
	const struct node *steps = field(t, "steps", &lang);
	if (steps && steps->n) {
		html_printf(&p->b, "<h3>%s</h3><ol>", label(p->lang, L_STEPS));
		for (size_t i = 0; i < steps->n; i++) {
			if (lang)
				html_printf(&p->b, "<li lang=\"%s\">", lang);
			else
				html_raw(&p->b, "<li>");
			html_printf(&p->b, "<strong>%s</strong>", node_get_str(steps->kids[i], "title"));
			rich_text(p, node_get_str(steps->kids[i], "text"), NULL);
			html_raw(&p->b, "</li>");
		}
		html_raw(&p->b, "</ol>");
	}
	for (int digital = 1; digital >= 0; digital--)
		for (size_t i = 0; i < s->nchannels; i++)
			if (model_channel_is_digital(s->channels[i].type) == digital)
				channel(p, &s->channels[i]);
}

static void who_can_apply(struct page *p, const struct service *s, const struct texts *t)
{
	section(p, "who-can-apply", L_WHO_CAN_APPLY);
	html_printf(&p->b, "<p>%s: ", label(p->lang, L_AUDIENCE));
	if (s->audience_citizen)
		html_text(&p->b, label(p->lang, L_CITIZENS));
	if (s->audience_citizen && s->audience_business)
		html_raw(&p->b, ", ");
	if (s->audience_business)
		html_text(&p->b, label(p->lang, L_BUSINESSES));
	html_raw(&p->b, "</p>");
	const char *lang;
	const struct node *cond = field(t, "conditions", &lang);
	if (cond && cond->n) {
		html_raw(&p->b, "<ul>");
		for (size_t i = 0; i < cond->n; i++) {
			if (lang)
				html_printf(&p->b, "<li lang=\"%s\">%s</li>", lang, cond->kids[i]->str);
			else
				html_printf(&p->b, "<li>%s</li>", cond->kids[i]->str);
		}
		html_raw(&p->b, "</ul>");
	}
}

static void what_you_need(struct page *p, const struct service *s)
{
	section(p, "what-you-need", L_WHAT_YOU_NEED);
	if (s->nevidence == 0) {
		nothing_to_add(p);
		return;
	}
	html_raw(&p->b, "<ul>");
	for (size_t i = 0; i < s->nevidence; i++) {
		html_printf(&p->b, "<li><strong>%s</strong>", s->evidence[i].name);
		if (!s->evidence[i].digital)
			html_printf(&p->b, " <span class=\"paper\">(%s)</span>", label(p->lang, L_PAPER_ONLY));
		if (s->evidence[i].description)
			rich_text(p, s->evidence[i].description, NULL);
		html_raw(&p->b, "</li>");
	}
	html_raw(&p->b, "</ul>");
}

/* An amount with its currency before it, joined by a no-break space: "€ 84,10", "USD 7.00". */
static void money(struct page *p, const char *cur, double value)
{
	char amount[64];
	snprintf(amount, sizeof amount, "%.2f", value);
	if (!strncmp(p->lang, "nl", 2))
		*strchr(amount, '.') = ',';
	html_printf(&p->b, "%s\xc2\xa0%s", !cur || !strcmp(cur, "EUR") ? "\xe2\x82\xac" : cur, amount);
}

static void costs(struct page *p, const struct service *s)
{
	section(p, "costs", L_COSTS);
	const struct node *c = node_get(s->root, "costs");
	if (s->free) {
		html_printf(&p->b, "<p>%s</p>", label(p->lang, L_FREE));
		return;
	}
	html_raw(&p->b, "<table><tbody>");
	const struct node *items = node_get(c, "items");
	for (size_t i = 0; items && i < items->n; i++) {
		html_printf(&p->b, "<tr><td>%s</td><td class=\"amount\">", node_get_str(items->kids[i], "description"));
		money(p, node_get_str(items->kids[i], "currency"), node_get(items->kids[i], "amount")->num);
		html_raw(&p->b, "</td></tr>");
	}
	html_raw(&p->b, "</tbody></table>");
	const struct node *methods = node_get(c, "payment_methods");
	if (methods) {
		static const struct {
			const char *key, *nl, *en;
		} names[] = {{"online", "online", "online"},
		             {"card-at-counter", "met de pinpas aan de balie", "by card at the counter"},
		             {"cash", "contant", "in cash"},
		             {"invoice", "na een factuur", "by invoice"},
		             {"direct-debit", "met automatische incasso", "by direct debit"}};
		html_printf(&p->b, "<p>%s: ", label(p->lang, L_PAYMENT_METHODS));
		for (size_t i = 0; i < methods->n; i++)
			for (size_t k = 0; k < sizeof names / sizeof *names; k++)
				if (!strcmp(names[k].key, methods->kids[i]->str))
					html_printf(&p->b, "%s%s", i ? ", " : "",
					            !strncmp(p->lang, "nl", 2) ? names[k].nl : names[k].en);
		html_raw(&p->b, ".</p>");
	}
}

static void how_long(struct page *p, const struct service *s)
{
	section(p, "how-long", L_HOW_LONG);
	const struct node *pt = node_get(s->root, "processing_time"), *nr = node_get(s->root, "no_response");
	if (!pt && !nr) {
		nothing_to_add(p);
		return;
	}
	if (pt) {
		html_raw(&p->b, "<p><strong>");
		duration(p, node_get_str(pt, "duration"));
		html_raw(&p->b, "</strong></p>");
		rich_text(p, node_get_str(pt, "text"), NULL);
	}
	if (nr) {
		html_printf(&p->b, "<h3>%s</h3><p>%s</p>", label(p->lang, L_NO_RESPONSE),
		            label_no_response(p->lang, node_get_str(nr, "rule")));
		rich_text(p, node_get_str(nr, "text"), NULL);
	}
}

static void text_section(struct page *p, const struct texts *t, const char *key, const char *id, enum label l)
{
	section(p, id, l);
	const char *lang;
	const char *text = field_str(t, key, &lang);
	if (text)
		rich_text(p, text, lang);
	else
		nothing_to_add(p);
}

static void legal_and_contact(struct page *p, const struct service *s)
{
	section(p, "legal-basis", L_LEGAL_BASIS);
	const struct node *lb = node_get(s->root, "legal_basis");
	if (lb && lb->n) {
		html_raw(&p->b, "<ul>");
		for (size_t i = 0; i < lb->n; i++) {
			html_raw(&p->b, "<li>");
			link_or_text(p, node_get_str(lb->kids[i], "url"), node_get_str(lb->kids[i], "title"));
			html_raw(&p->b, "</li>");
		}
		html_raw(&p->b, "</ul>");
	} else {
		nothing_to_add(p);
	}
	extra_fields(p, s, "legal-basis");
	section(p, "contact", L_CONTACT);
	const struct node *c = node_get(s->root, "contact");
	if (c == NULL && s->agency)
		c = node_get(s->agency->root, "contact");
	if (c) {
		const char *phone = node_get_str(c, "phone"), *email = node_get_str(c, "email"),
		           *url = node_get_str(c, "url");
		if (phone)
			html_printf(&p->b, "<p>%s: %s</p>", label(p->lang, L_PHONE), phone);
		if (email)
			email_line(p, email);
		if (url) {
			html_printf(&p->b, "<p>%s: ", label(p->lang, L_WEBSITE));
			link_or_text(p, url, NULL);
			html_raw(&p->b, "</p>");
		}
		address(p, node_get(c, "address"));
	}
	html_printf(&p->b, "<p class=\"meta\">%s: %s</p>", label(p->lang, L_LAST_REVIEWED),
	            node_get_str(s->root, "modified"));
}

/* schema.org GovernmentService, through the JSON writer (which escapes < > &). */
static void json_ld(struct page *p, const struct render_ctx *ctx, const struct service *s, const char *title,
                    const char *summary, const char *path)
{
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	json_obj_begin(&j);
	json_kv_str(&j, "@context", "https://schema.org");
	json_kv_str(&j, "@type", "GovernmentService");
	json_kv_str(&j, "name", title);
	json_kv_str(&j, "serviceType", s->product);
	json_kv_str(&j, "description", summary);
	json_kv_str(&j, "inLanguage", p->lang);
	if (*ctx->base_url) {
		struct buf url = {0};
		buf_printf(&url, "%s/html/%s", ctx->base_url, path);
		json_kv_str(&j, "url", url.p);
		buf_free(&url);
	}
	if (s->agency) {
		json_key(&j, "provider");
		json_obj_begin(&j);
		json_kv_str(&j, "@type", "GovernmentOrganization");
		json_kv_str(&j, "name", s->agency->name);
		if (s->agency->website && html_url_is_safe(s->agency->website))
			json_kv_str(&j, "url", s->agency->website);
		json_obj_end(&j);
	}
	json_key(&j, "audience");
	json_obj_begin(&j);
	json_kv_str(&j, "@type", "Audience");
	json_kv_str(&j, "audienceType",
	            s->audience_citizen && s->audience_business ? "citizens and businesses"
	            : s->audience_business                      ? "businesses"
	                                                        : "citizens");
	json_obj_end(&j);
	json_key(&j, "availableChannel");
	json_arr_begin(&j);
	for (size_t i = 0; i < s->nchannels; i++) {
		const struct channel *c = &s->channels[i];
		json_obj_begin(&j);
		json_kv_str(&j, "@type", "ServiceChannel");
		json_kv_str(&j, "name", label_channel(p->lang, c->type));
		if (c->url && html_url_is_safe(c->url))
			json_kv_str(&j, "serviceUrl", c->url);
		if (c->phone) {
			json_key(&j, "servicePhone");
			json_obj_begin(&j);
			json_kv_str(&j, "@type", "ContactPoint");
			json_kv_str(&j, "telephone", c->phone);
			json_obj_end(&j);
		}
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	html_raw(&p->b, "<script type=\"application/ld+json\">");
	html_raw(&p->b, b.p); /* JSON from json.c: <, > and & are already \u-escaped */
	html_raw(&p->b, "</script>");
	buf_free(&b);
}

/* The page of service id of an agency in a language (NULL: its own), relative to html/. */
static char *page_file(const char *agency, const char *id, const char *lang)
{
	struct buf b = {0};
	if (lang)
		buf_printf(&b, "%s/%s.%s.html", agency, id, lang);
	else
		buf_printf(&b, "%s/%s.html", agency, id);
	return buf_take(&b);
}

static char *service_file(const struct service *s, const char *lang) { return page_file(s->agency->id, s->id, lang); }
static char *entry_file(const struct render_entry *e, const char *lang)
{
	return page_file(e->agency->id, e->id, lang);
}

/* Whether the leaflets are being built too (then a service page links its leaflet). */
static int leaflets_built(const struct render_ctx *ctx)
{
	for (size_t i = 0; i < render_nbackends; i++)
		if (!strcmp(render_backends[i].name, "pdf"))
			return (ctx->formats >> i) & 1u;
	return 0;
}

/* The channel a citizen can start with online: a digital channel that can submit, with a
 * safe URL; NULL when there is none. */
static const struct channel *start_channel(const struct service *s)
{
	for (size_t i = 0; i < s->nchannels; i++) {
		const struct channel *c = &s->channels[i];
		if (model_channel_is_digital(c->type) && (c->can & (1u << CAP_SUBMIT)) && c->url &&
		    html_url_is_safe(c->url) && strncmp(c->url, "mailto:", 7) && strncmp(c->url, "tel:", 4))
			return c;
	}
	return NULL;
}

/* What a citizen needs first, above the first section: the cost, the processing time and
 * the digital level in words, the way to start (a button, or the counter's address and
 * hours), and the leaflet. */
static void key_facts(struct page *p, const struct render_ctx *ctx, const struct service *s, const char *lang)
{
	html_printf(&p->b,
	            "<div class=\"key-facts\" role=\"region\" aria-labelledby=\"key-facts\"><h2 "
	            "id=\"key-facts\">%s</h2><dl>",
	            label(p->lang, L_KEY_FACTS));
	html_printf(&p->b, "<dt>%s</dt><dd>", label(p->lang, L_COSTS));
	const struct node *items = node_get(node_get(s->root, "costs"), "items");
	if (s->free || !items || !items->n) {
		html_text(&p->b, label(p->lang, L_FREE));
	} else if (s->mixed_currencies || s->cost_min == s->cost_max) {
		money(p, s->currency, s->cost_min);
	} else {
		money(p, s->currency, s->cost_min);
		html_raw(&p->b, " &ndash; ");
		money(p, s->currency, s->cost_max);
	}
	html_raw(&p->b, "</dd>");
	const char *d = node_get_str(node_get(s->root, "processing_time"), "duration");
	if (d) {
		html_printf(&p->b, "<dt>%s</dt><dd>", label(p->lang, L_HOW_LONG));
		duration(p, d);
		html_raw(&p->b, "</dd>");
	}
	html_printf(&p->b, "<dt>%s</dt><dd>%s</dd></dl>", label(p->lang, L_DIGITAL_LEVEL),
	            label_level(p->lang, s->level));
	const struct channel *start = start_channel(s);
	if (start) {
		html_printf(&p->b, "<p><a class=\"start\" href=\"%s\">%s</a></p>", start->url,
		            label(p->lang, L_START_ONLINE));
	} else {
		for (size_t i = 0; i < s->nchannels; i++)
			if (s->channels[i].type == CH_COUNTER) {
				html_printf(&p->b, "<p><strong>%s</strong></p>", label(p->lang, L_WHERE_TO_GO));
				address(p, node_get(s->channels[i].node, "address"));
				opening_hours(p, node_get(s->channels[i].node, "opening_hours"));
				break;
			}
	}
	if (leaflets_built(ctx)) {
		int main_lang = !strcmp(lang, s->language);
		html_printf(&p->b, "<p><a href=\"../../leaflets/%s/%s%s%s.pdf\">%s</a></p>", s->agency->id, s->id,
		            main_lang ? "" : ".", main_lang ? "" : lang, label(p->lang, L_LEAFLET_PDF));
	}
	html_raw(&p->b, "</div>");
}

/* Home › agency › service, as a list in a navigation landmark. */
static void breadcrumbs(struct page *p, const struct service *s, const char *title, const char *title_lang)
{
	html_printf(&p->b,
	            "<div class=\"breadcrumbs\" role=\"navigation\" aria-label=\"%s\"><ol><li><a "
	            "href=\"../index.html\">%s</a></li><li><a href=\"index.html\">%s</a></li>",
	            label(p->lang, L_BREADCRUMBS), label(p->lang, L_HOME), s->agency->name);
	if (title_lang)
		html_printf(&p->b, "<li><span aria-current=\"page\" lang=\"%s\">%s</span></li></ol></div>", title_lang,
		            title);
	else
		html_printf(&p->b, "<li><span aria-current=\"page\">%s</span></li></ol></div>", title);
}

/* The page of a service in one language (tr: the translation, or NULL). */
static int service_page(const struct render_ctx *ctx, const struct service *s, const char *lang, const struct node *tr)
{
	struct texts t = {tr, s->root, s->language};
	const char *l, *title_lang;
	const char *title = field_str(&t, "title", &title_lang), *summary = field_str(&t, "summary", &l);
	char *path = service_file(s, tr ? lang : NULL);
	struct page p = {{0}, lang, "../"};
	struct buf head = {0};
	buf_printf(&head, "%s \xe2\x80\x93 %s", title, s->agency->name);
	page_begin(&p, ctx, head.p, path, lang);
	buf_free(&head);
	/* Every language of the page, linked both ways. */
	const struct node *all = node_get(s->root, "translations");
	if (all && all->n) {
		char *main = service_file(s, NULL);
		html_printf(&p.b, "<link rel=\"alternate\" hreflang=\"%s\" href=\"../%s\">", s->language, main);
		free(main);
		for (size_t i = 0; i < all->n; i++) {
			char *other = service_file(s, NODE_KEY(all, i)->str);
			html_printf(&p.b, "<link rel=\"alternate\" hreflang=\"%s\" href=\"../%s\">",
			            NODE_KEY(all, i)->str, other);
			free(other);
		}
	}
	json_ld(&p, ctx, s, title, summary, path);
	page_body(&p, ctx);
	breadcrumbs(&p, s, title, title_lang);
	/* 1. The agency's title (in the page's language), the uniform product name, the agency. */
	if (title_lang)
		html_printf(&p.b, "<h1 lang=\"%s\">%s</h1>", title_lang, title);
	else
		html_printf(&p.b, "<h1>%s</h1>", title);
	/* The uniform product name is Dutch, whatever the page's language. */
	html_printf(&p.b, "<p class=\"subtitle\">%s: ", label(lang, L_PRODUCT));
	html_raw(&p.b, strncmp(lang, "nl", 2) ? "<span lang=\"nl\">" : "<span>");
	product_name(&p.b, s->product);
	html_raw(&p.b, "</span></p>");
	html_printf(&p.b, "<p class=\"agency-line\">%s: <a href=\"index.html\">%s</a></p>", label(lang, L_AGENCY),
	            s->agency->name);
	if (all && all->n) {
		html_printf(&p.b, "<p class=\"languages\">%s: ", label(lang, L_OTHER_LANGUAGES));
		if (tr) {
			char *main = service_file(s, NULL);
			html_printf(&p.b, "<a href=\"../%s\" hreflang=\"%s\" lang=\"%s\">%s</a> ", main, s->language,
			            s->language, language_name(s->language));
			free(main);
		}
		for (size_t i = 0; i < all->n; i++) {
			const char *code = NODE_KEY(all, i)->str;
			if (tr && !strcmp(code, lang))
				continue;
			char *other = service_file(s, code);
			html_printf(&p.b, "<a href=\"../%s\" hreflang=\"%s\" lang=\"%s\">%s</a> ", other, code, code,
			            language_name(code));
			free(other);
		}
		html_raw(&p.b, "</p>");
	}
	/* 2. Summary (and the description). */
	const char *summary_lang, *desc_lang;
	summary = field_str(&t, "summary", &summary_lang);
	if (summary_lang)
		html_printf(&p.b, "<p class=\"summary\" lang=\"%s\">%s</p>", summary_lang, summary);
	else
		html_printf(&p.b, "<p class=\"summary\">%s</p>", summary);
	key_facts(&p, ctx, s, lang);
	const char *desc = field_str(&t, "description", &desc_lang);
	rich_text(&p, desc, desc_lang);
	/* 3 to 10, in the spec's order. */
	how_to_apply(&p, s, &t);
	extra_fields(&p, s, "how-to-apply");
	who_can_apply(&p, s, &t);
	extra_fields(&p, s, "who-can-apply");
	what_you_need(&p, s);
	extra_fields(&p, s, "what-you-need");
	costs(&p, s);
	extra_fields(&p, s, "costs");
	how_long(&p, s);
	extra_fields(&p, s, "how-long");
	text_section(&p, &t, "outcome", "what-you-get", L_WHAT_YOU_GET);
	extra_fields(&p, s, "what-you-get");
	text_section(&p, &t, "redress", "objection", L_OBJECTION);
	extra_fields(&p, s, "objection");
	legal_and_contact(&p, s);
	extra_fields(&p, s, "contact");
	extra_fields(&p, s, NULL);
	int rc = page_end(&p, ctx, path, 0);
	free(path);
	return rc;
}

/* The pages of one service: its language and each translation. */
static int service_pages(const struct render_ctx *ctx, const struct service *s)
{
	if (s->agency == NULL)
		return 0;
	int rc = service_page(ctx, s, s->language, NULL);
	const struct node *tr = node_get(s->root, "translations");
	for (size_t k = 0; rc == 0 && tr && k < tr->n; k++)
		rc = service_page(ctx, s, NODE_KEY(tr, k)->str, NODE_VAL(tr, k));
	return rc;
}

/* ---- lists of services ---- */

/* A service as a list shows it, in one language: its title there (or its own language's
 * title, marked), the page to link, and the key it sorts by. */
struct item {
	const struct render_entry *e;
	const char *title, *title_lang; /* title_lang: NULL when in the list's language */
	char *url;                      /* relative to html/ */
	char *key;                      /* folded title, for Dutch collation */
	int same_product;               /* another service in the list has the same product */
};

static void join_folded(const char *w, size_t n, void *arg)
{
	struct buf *b = arg;
	if (b->len)
		buf_addc(b, ' ');
	buf_add(b, w, n);
}

/* The sort key of a text: lower case, accents removed, punctuation ignored ("ij" stays
 * i + j, as Dutch dictionaries sort it). Caller frees. */
static char *collation_key(const char *text)
{
	struct buf b = {0};
	search_words(text, join_folded, &b);
	buf_addc(&b, 0);
	b.len--;
	return buf_take(&b);
}

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c == 0)
		c = strcmp(x->e->agency->name, y->e->agency->name);
	if (c == 0) /* then by agency and id: the same whichever file a service was read from */
		c = strcmp(x->e->agency->id, y->e->agency->id);
	return c ? c : strcmp(x->e->id, y->e->id);
}

/* The translation of e into lang, or NULL. */
static const struct render_tr *entry_tr(const struct render_entry *e, const char *lang)
{
	for (size_t k = 0; k < e->ntr; k++)
		if (!strcmp(e->tr[k].lang, lang))
			return &e->tr[k];
	return NULL;
}

static int by_product(const void *a, const void *b)
{
	const struct item *x = *(const struct item *const *)a, *y = *(const struct item *const *)b;
	return strcmp(x->e->product, y->e->product);
}

/* Mark the items whose product another item of the list has too (sorted by product:
 * n log n, where comparing every pair took n squared). */
static void mark_same_product(struct item *it, size_t n)
{
	struct item **by = xcalloc(n ? n : 1, sizeof *by);
	for (size_t i = 0; i < n; i++)
		by[i] = &it[i];
	if (n > 1)
		qsort(by, n, sizeof *by, by_product);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(by[i - 1]->e->product, by[i]->e->product))
			by[i - 1]->same_product = by[i]->same_product = 1;
	free(by);
}

/* The items of services v[0..n) in a list of language lang ("nl" or "en"), sorted by
 * title with Dutch collation (caller frees with items_free). */
static struct item *items_of(const struct render_entry *const *v, size_t n, const char *lang)
{
	struct item *it = xcalloc(n ? n : 1, sizeof *it);
	for (size_t i = 0; i < n; i++) {
		const struct render_entry *e = v[i];
		const struct render_tr *tr = entry_tr(e, lang);
		const char *t = tr ? tr->title : NULL;
		it[i].e = e;
		if (!strncmp(e->language, lang, 2) || !t) {
			it[i].title = e->title;
			it[i].title_lang = strncmp(e->language, lang, 2) ? e->language : NULL;
			it[i].url = entry_file(e, NULL);
		} else {
			it[i].title = t;
			it[i].url = entry_file(e, lang);
		}
		if (tr && !t)
			it[i].url = (free(it[i].url), entry_file(e, lang));
		it[i].key = collation_key(it[i].title);
	}
	mark_same_product(it, n);
	qsort(it, n, sizeof *it, item_cmp);
	return it;
}

static void items_free(struct item *it, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(it[i].url);
		free(it[i].key);
	}
	free(it);
}

/* One service in a list: its title as the link (with the agency when another agency
 * offers the same product), then the product name and the digital level. */
static void service_item(struct page *p, const struct item *it, int show_agency)
{
	html_printf(&p->b, "<li><a href=\"%s%s\"", p->up, it->url);
	if (it->title_lang)
		html_printf(&p->b, " lang=\"%s\"", it->title_lang);
	html_printf(&p->b, ">%s", it->title);
	if (it->same_product && show_agency)
		html_printf(&p->b, " \xe2\x80\x93 %s", it->e->agency->name);
	html_raw(&p->b, "</a> <span class=\"meta\">(");
	html_raw(&p->b, strncmp(p->lang, "nl", 2) ? "<span lang=\"nl\">" : "<span>");
	product_name(&p->b, it->e->product);
	html_raw(&p->b, "</span>");
	if (show_agency && !it->same_product)
		html_printf(&p->b, "; %s", it->e->agency->name);
	html_printf(&p->b, "; %s)</span></li>", label_level(p->lang, it->e->level));
}

/* The letter a title is listed under: A to Z, or # for the rest. */
static char item_letter(const struct item *it)
{
	char c = it->key[0];
	if (c >= 'a' && c <= 'z')
		return (char)(c - 'a' + 'A');
	return '#';
}

/* Links to the agencies' own lists: the filter by agency, without script. */
static void agency_filter(struct page *p, const struct render_ctx *ctx, const char *az_file)
{
	html_printf(&p->b, "<div class=\"filter\" role=\"navigation\" aria-label=\"%s\"><p>%s:</p><ul>",
	            label(p->lang, L_FILTER_AGENCY), label(p->lang, L_FILTER_AGENCY));
	html_printf(&p->b, "<li><a href=\"%s%s\" aria-current=\"page\">%s</a></li>", p->up, az_file,
	            label(p->lang, L_ALL_AGENCIES));
	for (size_t i = 0; i < ctx->nagencies; i++)
		html_printf(&p->b, "<li><a href=\"%s%s/index.html\">%s</a></li>", p->up, ctx->agencies[i]->id,
		            ctx->agencies[i]->name);
	html_raw(&p->b, "</ul></div>");
}

/* A to Z in a language: a letter index, the filter by agency, then the services by letter. */
static int az_page(const struct render_ctx *ctx, const struct render_entry *const *v, size_t n, const char *lang)
{
	struct buf file = {0};
	list_file(&file, "a-z", lang);
	struct page p = {{0}, lang, ""};
	page_begin(&p, ctx, label(lang, L_SERVICES_AZ), file.p, lang);
	page_body(&p, ctx);
	html_printf(&p.b, "<h1>%s</h1>", label(lang, L_SERVICES_AZ));
	struct item *it = items_of(v, n, lang);
	html_printf(&p.b, "<div class=\"letters\" role=\"navigation\" aria-label=\"%s\"><ul>",
	            label(lang, L_LETTER_INDEX));
	char letter = 0;
	for (size_t i = 0; i < n; i++)
		if (item_letter(&it[i]) != letter) {
			letter = item_letter(&it[i]);
			char id[2] = {letter == '#' ? '0' : letter, 0}, shown[2] = {letter, 0};
			html_printf(&p.b, "<li><a href=\"#letter-%s\">%s</a></li>", id, shown);
		}
	html_raw(&p.b, "</ul></div>");
	agency_filter(&p, ctx, file.p);
	letter = 0;
	for (size_t i = 0; i < n; i++) {
		char first = item_letter(&it[i]);
		if (first != letter) {
			if (letter)
				html_raw(&p.b, "</ul>");
			char id[2] = {first == '#' ? '0' : first, 0}, shown[2] = {first, 0};
			html_printf(&p.b, "<h2 class=\"letter\" id=\"letter-%s\">%s</h2><ul class=\"list\">", id,
			            shown);
			letter = first;
		}
		service_item(&p, &it[i], 1);
	}
	if (letter)
		html_raw(&p.b, "</ul>");
	items_free(it, n);
	int rc = page_end(&p, ctx, file.p, 0);
	buf_free(&file);
	return rc;
}

static int agencies_page(const struct render_ctx *ctx, const char *lang)
{
	struct buf file = {0};
	list_file(&file, "agencies", lang);
	struct page p = {{0}, lang, ""};
	page_begin(&p, ctx, label(lang, L_BY_AGENCY), file.p, lang);
	page_body(&p, ctx);
	html_printf(&p.b, "<h1>%s</h1><ul class=\"list\">", label(lang, L_BY_AGENCY));
	for (size_t i = 0; i < ctx->nagencies; i++)
		html_printf(&p.b, "<li><a href=\"%s/index.html\">%s</a></li>", ctx->agencies[i]->id,
		            ctx->agencies[i]->name);
	html_raw(&p.b, "</ul>");
	int rc = page_end(&p, ctx, file.p, 0);
	buf_free(&file);
	return rc;
}

/* An agency's page: its services v[0..n), by title. */
static int agency_page(const struct render_ctx *ctx, const struct agency *a, const struct render_entry *const *v,
                       size_t n)
{
	struct buf path = {0};
	buf_printf(&path, "%s/index.html", a->id);
	struct page p = {{0}, a->language ? a->language : "nl", "../"};
	page_begin(&p, ctx, a->name, path.p, p.lang);
	page_body(&p, ctx);
	html_printf(&p.b, "<h1>%s</h1><p>%s: ", a->name, label(p.lang, L_WEBSITE));
	link_or_text(&p, a->website, NULL);
	html_raw(&p.b, "</p><ul class=\"list\">");
	struct item *it = items_of(v, n, strncmp(p.lang, "en", 2) ? "nl" : "en");
	for (size_t i = 0; i < n; i++)
		service_item(&p, &it[i], 0);
	items_free(it, n);
	html_raw(&p.b, "</ul>");
	int rc = page_end(&p, ctx, path.p, 0);
	buf_free(&path);
	return rc;
}

/* An index page grouped by some key: groups are given in order with a test. */
struct group {
	const char *heading;
	int (*member)(const struct render_entry *e, const void *arg);
	const void *arg;
};

static int grouped_page(const struct render_ctx *ctx, const char *base, enum label title, const struct group *groups,
                        size_t ngroups, const struct render_entry *const *v, size_t n, const char *lang)
{
	struct buf file = {0};
	list_file(&file, base, lang);
	struct page p = {{0}, lang, ""};
	page_begin(&p, ctx, label(lang, title), file.p, lang);
	page_body(&p, ctx);
	html_printf(&p.b, "<h1>%s</h1>", label(lang, title));
	struct item *it = items_of(v, n, lang);
	for (size_t g = 0; g < ngroups; g++) {
		size_t count = 0;
		for (size_t i = 0; i < n; i++)
			count += (size_t)groups[g].member(it[i].e, groups[g].arg);
		if (count == 0)
			continue;
		html_printf(&p.b, "<h2>%s (%zu)</h2><ul class=\"list\">", groups[g].heading, count);
		for (size_t i = 0; i < n; i++)
			if (groups[g].member(it[i].e, groups[g].arg))
				service_item(&p, &it[i], 1);
		html_raw(&p.b, "</ul>");
	}
	items_free(it, n);
	int rc = page_end(&p, ctx, file.p, 0);
	buf_free(&file);
	return rc;
}

static int is_level(const struct render_entry *e, const void *arg) { return e->level == *(const enum level *)arg; }
static int for_citizens(const struct render_entry *e, const void *arg) { return (void)arg, e->citizens; }
static int for_business(const struct render_entry *e, const void *arg) { return (void)arg, e->businesses; }

static int has_life_event(const struct render_entry *e, const void *arg)
{
	for (size_t i = 0; i < e->life_events.n; i++)
		if (!strcmp(e->life_events.v[i], (const char *)arg))
			return 1;
	return 0;
}

static int index_pages(const struct render_ctx *ctx, const struct render_entry *const *v, size_t n, const char *lang)
{
	static const enum level levels[LEVEL__MAX] = {LEVEL_FULLY_ONLINE, LEVEL_PARTLY_ONLINE, LEVEL_FORM_DOWNLOAD_ONLY,
	                                              LEVEL_OFFLINE};
	struct group lg[LEVEL__MAX];
	for (int l = 0; l < LEVEL__MAX; l++)
		lg[l] = (struct group){label_level(lang, (enum level)l), is_level, &levels[l]};
	struct group ag[2] = {{label(lang, L_CITIZENS), for_citizens, NULL},
	                      {label(lang, L_BUSINESSES), for_business, NULL}};
	/* Life events in the vocabulary's order. */
	size_t nev = ctx->vocab->nlife_events;
	struct group *eg = xcalloc(nev ? nev : 1, sizeof *eg);
	for (size_t i = 0; i < nev; i++) {
		const char *name = vocab_life_event(ctx->vocab, ctx->vocab->life_event_ids[i], lang);
		eg[i] = (struct group){name ? name : vocab_life_event(ctx->vocab, ctx->vocab->life_event_ids[i], "nl"),
		                       has_life_event, ctx->vocab->life_event_ids[i]};
	}
	int rc = grouped_page(ctx, "levels", L_BY_LEVEL, lg, LEVEL__MAX, v, n, lang);
	if (rc == 0)
		rc = grouped_page(ctx, "audience", L_BY_AUDIENCE, ag, 2, v, n, lang);
	if (rc == 0)
		rc = grouped_page(ctx, "life-events", L_BY_LIFE_EVENT, eg, nev, v, n, lang);
	free(eg);
	return rc;
}

/* The search form: a plain GET form to search.html, so it submits without script. */
static void search_form(struct page *p, const char *lang)
{
	struct buf f = {0};
	list_file(&f, "search", lang);
	html_printf(&p->b,
	            "<form id=\"search-form\" class=\"search\" role=\"search\" action=\"%s%s\" method=\"get\">"
	            "<label for=\"search-q\">%s</label> <input type=\"search\" id=\"search-q\" name=\"q\"> "
	            "<button type=\"submit\">%s</button></form>",
	            p->up, f.p, label(lang, L_SEARCH_TERMS), label(lang, L_SEARCH_BUTTON));
	buf_free(&f);
}

static int home_page(const struct render_ctx *ctx, size_t n)
{
	struct page p = {{0}, "nl", ""};
	page_begin(&p, ctx, "Loket: alle diensten van de overheid", "index.html", "nl");
	html_printf(&p.b, "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\" title=\"%s\">",
	            label("nl", L_NEWS_FEED));
	page_body(&p, ctx);
	html_raw(&p.b, "<h1>Alle diensten van de overheid, op \xc3\xa9\xc3\xa9n plek</h1>");
	html_printf(&p.b,
	            "<p class=\"summary\">%zu diensten van %zu organisaties. Elke dienst staat hier op dezelfde "
	            "manier beschreven: wat het is, hoe u het aanvraagt, wat u nodig heeft en wat het kost.</p>",
	            n, ctx->nagencies);
	search_form(&p, "nl");
	html_raw(&p.b, "<h2>Zoek een dienst</h2><ul class=\"list\">");
	for (size_t i = 0; i < sizeof nav_items / sizeof *nav_items; i++)
		html_printf(&p.b, "<li><a href=\"%s.html\">%s</a></li>", nav_items[i].file,
		            label("nl", nav_items[i].label));
	if (has_english(ctx))
		html_printf(&p.b, "<li><a href=\"a-z.en.html\" lang=\"en\" hreflang=\"en\">%s</a></li>",
		            label("en", L_SERVICES_AZ));
	html_raw(&p.b, "</ul><h2>Organisaties</h2><ul class=\"list\">");
	for (size_t i = 0; i < ctx->nagencies; i++)
		html_printf(&p.b, "<li><a href=\"%s/index.html\">%s</a></li>", ctx->agencies[i]->id,
		            ctx->agencies[i]->name);
	html_printf(&p.b, "</ul><p><a href=\"feed.xml\">%s</a></p>", label("nl", L_NEWS_FEED));
	return page_end(&p, ctx, "index.html", 0);
}

/* search.html?q=WORDS: the form, and the results as an ordered list in rank order
 * (assets/search.js fills it; without script the page says so and links to A to Z). */
static int search_page(const struct render_ctx *ctx, const char *lang)
{
	struct buf file = {0}, az = {0};
	list_file(&file, "search", lang);
	list_file(&az, "a-z", lang);
	struct page p = {{0}, lang, ""};
	page_begin(&p, ctx, label(lang, L_SEARCH), file.p, lang);
	page_body(&p, ctx);
	html_printf(&p.b, "<h1>%s</h1>", label(lang, L_SEARCH));
	search_form(&p, lang);
	html_printf(&p.b, "<noscript><p>%s: <a href=\"%s\">%s</a>.</p></noscript>", label(lang, L_SEARCH_NOSCRIPT),
	            az.p, label(lang, L_SERVICES_AZ));
	html_printf(&p.b, "<p id=\"search-status\" role=\"status\" data-found=\"%s\" data-none=\"%s\"></p>",
	            label(lang, L_SEARCH_FOUND), label(lang, L_SEARCH_NONE));
	html_raw(&p.b, "<ol id=\"search-results\" class=\"list\"></ol>");
	int rc = page_end(&p, ctx, file.p, 1);
	buf_free(&file);
	buf_free(&az);
	return rc;
}

struct spooled {
	const struct render_ctx *ctx;
	int failed; /* reported */
};

/* The fields of all documents, one after the other (the documents point in at the end). */
struct fields {
	struct search_field *v;
	size_t n, cap;
};

static void add_field(struct fields *f, struct search_doc *d, const char *text, enum search_weight w, const char *lang)
{
	f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
	f->v[f->n++] = (struct search_field){.text = text, .weight = w, .lang = lang};
	d->nfields++;
}

/* The descriptions wait in the build's spool (render_entry_build). */
static int read_spooled(void *arg, size_t off, size_t len, struct buf *b)
{
	struct spooled *sp = arg;
	if (!sp->failed && render_spool_read(sp->ctx, off, len, b) != 0)
		sp->failed = 1;
	return sp->failed ? -1 : 0;
}

/* The search index (assets/search-index.js, a script: a JSON file cannot be fetched from
 * a page opened from disk): every page of every service in v[0..n), in each language. */
static int search_index(const struct render_ctx *ctx, const struct render_entry *const *v, size_t n)
{
	size_t cap = 0;
	for (size_t i = 0; i < n; i++)
		cap += 1 + v[i]->ntr;
	struct search_doc *docs = xcalloc(cap ? cap : 1, sizeof *docs);
	struct fields f = {0};
	size_t nd = 0;
	for (size_t i = 0; i < n; i++) {
		const struct render_entry *s = v[i];
		const struct path_list *ev = &s->life_events;
		for (size_t k = 0; k <= s->ntr; k++) {
			const struct render_tr *tr = k ? &s->tr[k - 1] : NULL;
			const char *lang = k ? tr->lang : s->language;
			struct search_doc *d = &docs[nd++];
			const char *title = tr ? tr->title : NULL;
			*d = (struct search_doc){.url = entry_file(s, k ? lang : NULL),
			                         .lang = lang,
			                         .title = title ? title : s->title,
			                         .agency = s->agency->name};
			add_field(&f, d, d->title, SEARCH_W_TITLE, NULL);
			add_field(&f, d, s->product, SEARCH_W_PRODUCT, "nl");
			add_field(&f, d, tr ? tr->summary : s->summary, SEARCH_W_SUMMARY, NULL);
			const struct render_text *desc = tr ? &tr->description : &s->description;
			add_field(&f, d, desc->s, SEARCH_W_DESCRIPTION, NULL);
			f.v[f.n - 1].off = desc->off; /* or in the spool */
			f.v[f.n - 1].len = desc->len;
			add_field(&f, d, s->agency->name, SEARCH_W_AGENCY, NULL);
			/* Life events in the page's language and, on other pages, in English: a
			 * visitor may search in English for a service that has no English page. */
			for (size_t e = 0; e < ev->n && d->nfields + 2 <= SEARCH_MAX_FIELDS; e++) {
				const char *id = ev->v[e];
				add_field(&f, d, vocab_life_event(ctx->vocab, id, lang), SEARCH_W_LIFE_EVENT, NULL);
				if (strncmp(lang, "en", 2))
					add_field(&f, d, vocab_life_event(ctx->vocab, id, "en"), SEARCH_W_LIFE_EVENT,
					          "en");
			}
		}
	}
	for (size_t i = 0, at = 0; i < nd; at += docs[i++].nfields)
		docs[i].fields = f.v + at;
	struct buf b = {0};
	struct spooled sp = {ctx, 0};
	struct search_source src = {read_spooled, &sp};
	search_index_write(&b, docs, nd, ctx->vocab->synonyms, &src);
	int rc = sp.failed ? -1 : render_file(ctx, "html/assets/search-index.js", b.p, b.len);
	buf_free(&b);
	for (size_t i = 0; i < nd; i++)
		free((char *)docs[i].url);
	free(docs);
	free(f.v);
	return rc;
}

/* ---- for publishers: sitemap, robots.txt, the 404 page, the feed ---- */

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* sitemap.xml (sitemaps.org 0.9) and robots.txt, when there is a base URL: every page of
 * the portal, in byte order, with its lastmod (a service's modified date). */
static int sitemap(const struct render_ctx *ctx, const struct render_entry *const *v, size_t n)
{
	if (!*ctx->base_url)
		return 0;
	static const char *const lists[] = {"index", "a-z", "agencies", "life-events", "audience", "levels", "search"};
	size_t cap = 2 * (sizeof lists / sizeof *lists) + ctx->nagencies + 1;
	for (size_t i = 0; i < n; i++)
		cap += 1 + v[i]->ntr;
	char **pages = xcalloc(cap, sizeof *pages);
	size_t np = 0;
	int en = has_english(ctx);
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		for (int l = 0; l <= (en && i > 0); l++) {
			struct buf f = {0};
			list_file(&f, lists[i], l ? "en" : "nl");
			buf_addc(&f, '\t');
			pages[np++] = buf_take(&f);
		}
	for (size_t i = 0; i < ctx->nagencies; i++) {
		struct buf f = {0};
		buf_printf(&f, "%s/index.html\t", ctx->agencies[i]->id);
		pages[np++] = buf_take(&f);
	}
	for (size_t i = 0; i < n; i++) {
		const char *mod = v[i]->modified;
		for (size_t k = 0; k <= v[i]->ntr; k++) {
			char *f = entry_file(v[i], k ? v[i]->tr[k - 1].lang : NULL);
			struct buf e = {0};
			buf_printf(&e, "%s\t%s", f, mod ? mod : "");
			free(f);
			pages[np++] = buf_take(&e);
		}
	}
	qsort(pages, np, sizeof *pages, cmp_str);
	struct buf b = {0};
	struct xml x;
	xml_init(&x, &b);
	xml_begin(&x, "urlset");
	xml_attr(&x, "xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
	for (size_t i = 0; i < np; i++) {
		char *tab = strchr(pages[i], '\t');
		*tab = 0;
		struct buf loc = {0};
		buf_printf(&loc, "%s/html/%s", ctx->base_url, pages[i]);
		xml_begin(&x, "url");
		xml_begin(&x, "loc");
		xml_text(&x, loc.p);
		xml_end(&x);
		if (tab[1]) {
			xml_begin(&x, "lastmod");
			xml_text(&x, tab + 1);
			xml_end(&x);
		}
		xml_end(&x);
		buf_free(&loc);
		free(pages[i]);
	}
	free(pages);
	xml_end(&x);
	int rc = render_file(ctx, "html/sitemap.xml", b.p, b.len);
	buf_free(&b);
	if (rc == 0) {
		buf_printf(&b, "User-agent: *\nAllow: /\n\nSitemap: %s/html/sitemap.xml\n", ctx->base_url);
		rc = render_file(ctx, "html/robots.txt", b.p, b.len);
		buf_free(&b);
	}
	return rc;
}

/* 404.html: what a server shows for a page that does not exist. With a base URL its
 * links are absolute, so they work from any depth. */
static int not_found_page(const struct render_ctx *ctx)
{
	struct buf up = {0};
	if (*ctx->base_url)
		buf_printf(&up, "%s/html/", ctx->base_url);
	else
		buf_adds(&up, "");
	struct page p = {{0}, "nl", up.p};
	page_begin(&p, ctx, label("nl", L_PAGE_NOT_FOUND), NULL, "nl");
	html_raw(&p.b, "<meta name=\"robots\" content=\"noindex\">");
	page_body(&p, ctx);
	html_printf(&p.b, "<h1>%s</h1><p>%s</p>", label("nl", L_PAGE_NOT_FOUND), label("nl", L_PAGE_NOT_FOUND_TEXT));
	search_form(&p, "nl");
	html_printf(&p.b, "<p><a href=\"%sa-z.html\">%s</a></p>", p.up, label("nl", L_SERVICES_AZ));
	int rc = page_end(&p, ctx, "404.html", 0);
	buf_free(&up);
	return rc;
}

static int by_modified(const void *a, const void *b)
{
	const struct render_entry *x = *(const struct render_entry *const *)a,
	                          *y = *(const struct render_entry *const *)b;
	const char *mx = x->modified, *my = y->modified;
	int c = strcmp(my ? my : "", mx ? mx : "");
	if (c == 0) /* then by agency and id: the same whichever file a service was read from */
		c = strcmp(x->agency->id, y->agency->id);
	return c ? c : strcmp(x->id, y->id);
}

/* feed.xml: an Atom feed (RFC 4287) of the services, newest `modified` first (at most
 * 100 entries). Ids are the pages' URLs with a base URL, else urn:loket: names. */
static int feed(const struct render_ctx *ctx, const struct render_entry *const *v, size_t n)
{
	const struct render_entry **s = xcalloc(n ? n : 1, sizeof *s);
	if (n)
		memcpy(s, v, n * sizeof *s);
	qsort(s, n, sizeof *s, by_modified);
	size_t shown = n < 100 ? n : 100;
	struct buf b = {0}, t = {0};
	struct xml x;
	xml_init(&x, &b);
	xml_begin(&x, "feed");
	xml_attr(&x, "xmlns", "http://www.w3.org/2005/Atom");
	xml_attr(&x, "xml:lang", "nl");
	xml_begin(&x, "title");
	xml_text(&x, "Loket: nieuwe en gewijzigde diensten");
	xml_end(&x);
	if (*ctx->base_url)
		buf_printf(&t, "%s/html/feed.xml", ctx->base_url);
	else
		buf_adds(&t, "urn:loket:feed");
	xml_begin(&x, "id");
	xml_text(&x, t.p);
	xml_end(&x);
	if (*ctx->base_url) {
		xml_begin(&x, "link");
		xml_attr(&x, "rel", "self");
		xml_attr(&x, "href", t.p);
		xml_end(&x);
	}
	const char *newest = shown ? s[0]->modified : NULL;
	t.len = 0;
	buf_printf(&t, "%sT00:00:00Z", newest ? newest : ctx->date);
	xml_begin(&x, "updated");
	xml_text(&x, t.p);
	xml_end(&x);
	xml_begin(&x, "author");
	xml_begin(&x, "name");
	xml_text(&x, "Loket");
	xml_end(&x);
	xml_end(&x);
	for (size_t i = 0; i < shown; i++) {
		char *f = entry_file(s[i], NULL);
		const char *mod = s[i]->modified;
		xml_begin(&x, "entry");
		xml_begin(&x, "title");
		xml_text(&x, s[i]->title);
		xml_end(&x);
		t.len = 0;
		if (*ctx->base_url)
			buf_printf(&t, "%s/html/%s", ctx->base_url, f);
		else
			buf_printf(&t, "urn:loket:service:%s:%s", s[i]->agency->id, s[i]->id);
		xml_begin(&x, "id");
		xml_text(&x, t.p);
		xml_end(&x);
		xml_begin(&x, "link");
		xml_attr(&x, "href", *ctx->base_url ? t.p : f);
		xml_end(&x);
		t.len = 0;
		buf_printf(&t, "%sT00:00:00Z", mod ? mod : ctx->date);
		xml_begin(&x, "updated");
		xml_text(&x, t.p);
		xml_end(&x);
		xml_begin(&x, "author");
		xml_begin(&x, "name");
		xml_text(&x, s[i]->agency->name);
		xml_end(&x);
		xml_end(&x);
		if (s[i]->summary) {
			xml_begin(&x, "summary");
			xml_text(&x, s[i]->summary);
			xml_end(&x);
		}
		xml_end(&x);
		free(f);
	}
	xml_end(&x);
	int rc = render_file(ctx, "html/feed.xml", b.p, b.len);
	buf_free(&b);
	buf_free(&t);
	free(s);
	return rc;
}

static int assets(const struct render_ctx *ctx)
{
	for (const struct embedded_file *f = render_assets; f->name; f++) {
		struct buf path = {0};
		buf_printf(&path, "html/assets/%s", f->name);
		int rc = render_file(ctx, path.p, f->data, f->len);
		buf_free(&path);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* The entries of e[0..n) with an agency, in their order (caller frees). */
static const struct render_entry **listed_entries(const struct render_entry *e, size_t n, size_t *listed)
{
	const struct render_entry **v = xcalloc(n ? n : 1, sizeof *v);
	*listed = 0;
	for (size_t i = 0; i < n; i++)
		if (e[i].agency)
			v[(*listed)++] = &e[i];
	return v;
}

/* The pages that list services, from the list v[0..n): they can be fed from the model or
 * from another source of the same services. */
static int list_pages(const struct render_ctx *ctx, const struct render_entry *const *v, size_t n)
{
	int rc = search_index(ctx, v, n);
	if (rc == 0)
		rc = home_page(ctx, n);
	for (int l = 0; rc == 0 && l <= has_english(ctx); l++) {
		const char *lang = l ? "en" : "nl";
		rc = az_page(ctx, v, n, lang);
		if (rc == 0)
			rc = agencies_page(ctx, lang);
		if (rc == 0)
			rc = index_pages(ctx, v, n, lang);
		if (rc == 0)
			rc = search_page(ctx, lang);
	}
	if (rc == 0)
		rc = sitemap(ctx, v, n);
	if (rc == 0)
		rc = feed(ctx, v, n);
	if (rc == 0)
		rc = not_found_page(ctx);
	/* Agency pages: each agency's services form one run of the list (sorted by path). */
	for (size_t a = 0; rc == 0 && a < ctx->nagencies; a++) {
		size_t from = 0;
		while (from < n && v[from]->agency != ctx->agencies[a])
			from++;
		size_t to = from;
		while (to < n && v[to]->agency == ctx->agencies[a])
			to++;
		rc = agency_page(ctx, ctx->agencies[a], v + from, to - from);
	}
	return rc;
}

int render_html_service(const struct render_ctx *ctx, const struct service *s) { return service_pages(ctx, s); }

int render_html_aggregates(const struct render_ctx *ctx, const struct render_entry *e, size_t n)
{
	size_t listed;
	const struct render_entry **v = listed_entries(e, n, &listed);
	int rc = assets(ctx);
	if (rc == 0)
		rc = list_pages(ctx, v, listed);
	free(v);
	return rc;
}
