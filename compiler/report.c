/* report.c: the digital-readiness report of a catalogue, computed once and written as
 * text, JSON, CSV or HTML, so the numbers agree in every format. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "i18n.h"
#include "json.h"
#include "readability.h"

/* Words for people, translated where they are written (i18n.h). */
static const char *const level_labels[LEVEL__MAX] = {N_("fully online"), N_("partly online"), N_("form download only"),
                                                     N_("offline")};

enum report_format report_format_find(const char *name)
{
	static const char *const names[REPORT__MAX] = {"text", "json", "csv", "html"};
	for (int i = 0; i < REPORT__MAX; i++)
		if (!strcmp(names[i], name))
			return (enum report_format)i;
	return REPORT__MAX;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Reproducible: the date comes from SOURCE_DATE_EPOCH when it is set. */
static void set_date(struct report *r)
{
	util_today(r->datebuf);
	r->date = r->datebuf;
}

static struct report_agency *agency_for(struct report *r, struct hmap *index, const char *dir)
{
	struct report_agency *a = hmap_get(index, dir, strlen(dir));
	if (a)
		return a;
	a = &r->agencies[r->nagencies++];
	memset(a, 0, sizeof *a);
	a->dir = dir;
	hmap_put(index, dir, strlen(dir), a);
	return a;
}

static int agency_cmp(const void *x, const void *y)
{
	return strcmp(((const struct report_agency *)x)->dir, ((const struct report_agency *)y)->dir);
}

static void count(struct report_agency *a, const struct service *s)
{
	a->services++;
	a->levels[s->level]++;
	a->digital_only += (size_t)s->digital_only;
	a->sdg_not_fully_online += (size_t)(s->annex_ii && s->level != LEVEL_FULLY_ONLINE);
	a->waivers += s->nwaivers;
}

void report_build(struct report *r, const struct catalogue *c)
{
	memset(r, 0, sizeof *r);
	set_date(r);
	r->agencies = xcalloc(c->n ? c->n : 1, sizeof *r->agencies);
	struct hmap index = {0};
	for (size_t i = 0; i < c->n; i++) {
		const struct cat_file *f = c->files[i];
		if (f->context_only && !f->is_agency)
			continue;
		struct report_agency *a = agency_for(r, &index, f->dir);
		if (f->is_agency && f->modeled) {
			a->id = f->agency.id;
			a->name = f->agency.name;
		} else if (!f->is_agency && !f->modeled) {
			a->invalid++;
			r->total.invalid++;
		} else if (!f->is_agency) {
			count(a, &f->service);
			count(&r->total, &f->service);
		}
	}
	hmap_free(&index);
	qsort(r->agencies, r->nagencies, sizeof *r->agencies, agency_cmp);
	r->services = catalogue_services(c, &r->nservices);
}

void report_free(struct report *r)
{
	free(r->agencies);
	free(r->services);
	memset(r, 0, sizeof *r);
}

/* A percentage rounded once to one decimal (half up), so every format shows the same figure. */
static double share(size_t part, size_t whole)
{
	return whole ? floor(1000.0 * (double)part / (double)whole + 0.5) / 10.0 : 0.0;
}

static const char *agency_label(const struct report_agency *a) { return a->id ? a->id : base_of(a->dir); }

/* ---- readability: the hardest texts of the catalogue ---- */

enum { HARDEST = 10 }; /* the lowest scores listed */

/* A scored text field of a service: summary, description, conditions or steps, in a language. */
struct scored {
	const struct service *s;
	enum rd_field field;
	const char *lang;
	double score; /* rounded to one decimal, as PLN001 judges it and JSON shows it */
	size_t order; /* services by path, then fields in order: ties keep this order */
};

static double round1(double x) { return floor(x * 10.0 + 0.5) / 10.0; }

static int scored_cmp(const void *x, const void *y)
{
	const struct scored *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* The fields of one service, appended to *v. */
static void score_service(const struct service *s, struct scored **v, size_t *n, size_t *cap)
{
	size_t k = s->nreadability;
	struct rd_field_stats *f = s->readability ? s->readability /* measured once by the rules */
	                                          : readability_service(s->root, s->language, NULL, NULL, &k);
	for (size_t i = 0; i < k; i++) {
		*v = xgrow(*v, cap, *n + 1, sizeof **v);
		(*v)[*n] = (struct scored){s, f[i].field, f[i].lang, round1(f[i].score), *n};
		(*n)++;
	}
	if (f != s->readability)
		free(f);
}

/* The HARDEST lowest-scoring texts of the report's services (fewer when there are fewer). */
static struct scored *hardest(const struct report *r, size_t *n)
{
	struct scored *v = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t i = 0; i < r->nservices; i++)
		score_service(r->services[i], &v, n, &cap);
	if (*n)
		qsort(v, *n, sizeof *v, scored_cmp);
	if (*n > HARDEST)
		*n = HARDEST;
	return v;
}

/* The lowest score of a service and its field; 0 when it has no scored text. */
static int service_minimum(const struct service *s, struct scored *out)
{
	struct scored *v = NULL;
	size_t n = 0, cap = 0;
	score_service(s, &v, &n, &cap);
	for (size_t i = 1; i < n; i++)
		if (scored_cmp(&v[i], &v[0]) < 0)
			v[0] = v[i];
	if (n)
		*out = v[0];
	free(v);
	return n > 0;
}

static const char hardest_title[] = N_("Hardest to read (the lowest readability scores: Flesch-Douma for nl, Flesch "
                                       "reading ease for en; higher is easier)");

/* ---- text ---- */

static void text_row(struct buf *b, const char *name, const struct report_agency *a)
{
	buf_printf(b, "%-28.28s %8zu %8zu %8zu %8zu %8zu %7.1f%% %8zu %8zu\n", name, a->services,
	           a->levels[LEVEL_FULLY_ONLINE], a->levels[LEVEL_PARTLY_ONLINE], a->levels[LEVEL_FORM_DOWNLOAD_ONLY],
	           a->levels[LEVEL_OFFLINE], share(a->levels[LEVEL_FULLY_ONLINE], a->services), a->digital_only,
	           a->invalid);
}

static void write_text(const struct report *r, struct buf *b)
{
	buf_printf(b, _("Digital readiness report, %s\n\n"), r->date);
	/* TRANSLATORS: column heads of the text report, at most 8 characters each (the first 28). */
	buf_printf(b, "%-28s %8s %8s %8s %8s %8s %8s %8s %8s\n", _("agency"), _("services"), _("online"), _("partly"),
	           _("form"), _("offline"), _("online%"), _("dig-only"), _("invalid"));
	for (size_t i = 0; i < r->nagencies; i++)
		text_row(b, agency_label(&r->agencies[i]), &r->agencies[i]);
	text_row(b, _("total"), &r->total);
	buf_adds(b,
	         _("\n(online: fully online; partly: partly online; form: form download only; dig-only: digital-only,"
	           " no assisted channel can submit; invalid: has errors, not counted)\n"));

	buf_adds(b, _("\nNot fully online, with what is missing:\n"));
	for (size_t i = 0; i < r->nservices; i++) {
		const struct service *s = r->services[i];
		if (s->level == LEVEL_FULLY_ONLINE)
			continue;
		buf_printf(b, "  %s [%s]\n", s->path, _(model_level_name(s->level))); /* msgids: rules.c */
		for (size_t k = 0; k < s->ngaps; k++)
			buf_printf(b, "    - %s\n", s->gaps[k].text);
	}
	buf_adds(b, _("\nDigital-only (no assisted channel can submit):\n"));
	for (size_t i = 0; i < r->nservices; i++)
		if (r->services[i]->digital_only)
			buf_printf(b, "  %s\n", r->services[i]->path);
	buf_adds(b, _("\nSDG Annex II procedures not fully online:\n"));
	for (size_t i = 0; i < r->nservices; i++) {
		const struct service *s = r->services[i];
		if (s->annex_ii && s->level != LEVEL_FULLY_ONLINE)
			buf_printf(b, "  %s [%s, %s]\n", s->path, s->annex_ii, _(model_level_name(s->level)));
	}
	buf_adds(b, _("\nWaivers:\n"));
	for (size_t i = 0; i < r->nservices; i++) {
		const struct service *s = r->services[i];
		for (size_t k = 0; k < s->nwaivers; k++)
			buf_printf(b, "  %s: %s: %s\n", s->path, s->waivers[k].rule, s->waivers[k].reason);
	}
	size_t n;
	struct scored *h = hardest(r, &n);
	buf_printf(b, "\n%s:\n", _(hardest_title));
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "  %s: %s (%s): %.1f\n", h[i].s->path, readability_field_name(h[i].field), h[i].lang,
		           h[i].score);
	free(h);
}

/* ---- JSON ---- */

static void json_counts(struct json *j, const struct report_agency *a)
{
	json_kv_int(j, "services", (long long)a->services);
	json_key(j, "levels");
	json_obj_begin(j);
	for (int l = 0; l < LEVEL__MAX; l++)
		json_kv_int(j, model_level_name((enum level)l), (long long)a->levels[l]);
	json_obj_end(j);
	json_key(j, "fully_online_percent");
	json_num(j, share(a->levels[LEVEL_FULLY_ONLINE], a->services));
	json_kv_int(j, "digital_only", (long long)a->digital_only);
	json_kv_int(j, "sdg_not_fully_online", (long long)a->sdg_not_fully_online);
	json_kv_int(j, "waivers", (long long)a->waivers);
	json_kv_int(j, "invalid", (long long)a->invalid);
}

static void json_service(struct json *j, const struct service *s)
{
	json_obj_begin(j);
	json_kv_str(j, "file", s->path);
	json_kv_str(j, "agency", s->agency ? s->agency->id : NULL);
	json_kv_str(j, "id", s->id);
	json_kv_str(j, "product", s->product);
	json_kv_str(j, "title", s->title);
	json_kv_str(j, "level", model_level_name(s->level));
	json_key(j, "digital_only");
	json_bool(j, s->digital_only);
	json_kv_nullable(j, "sdg_annex_ii", s->annex_ii);
	json_key(j, "missing");
	json_arr_begin(j);
	for (size_t k = 0; k < s->ngaps; k++)
		json_str(j, s->gaps[k].text);
	json_arr_end(j);
	json_key(j, "waivers");
	json_arr_begin(j);
	for (size_t k = 0; k < s->nwaivers; k++) {
		json_obj_begin(j);
		json_kv_str(j, "rule", s->waivers[k].rule);
		json_kv_str(j, "reason", s->waivers[k].reason);
		json_key(j, "used");
		json_bool(j, s->waivers[k].used);
		json_obj_end(j);
	}
	json_arr_end(j);
	struct scored m;
	int has = service_minimum(s, &m);
	json_key(j, "readability_min");
	if (has)
		json_num(j, m.score);
	else
		json_null(j);
	json_key(j, "readability_field");
	if (has)
		json_str(j, readability_field_name(m.field));
	else
		json_null(j);
	json_key(j, "readability_language");
	if (has)
		json_str(j, m.lang);
	else
		json_null(j);
	json_obj_end(j);
}

static void write_json(const struct report *r, struct buf *b)
{
	struct json j;
	json_init(&j, b, 1);
	json_obj_begin(&j);
	json_kv_str(&j, "report", "digital-readiness");
	json_kv_str(&j, "date", r->date);
	json_key(&j, "total");
	json_obj_begin(&j);
	json_counts(&j, &r->total);
	json_obj_end(&j);
	json_key(&j, "agencies");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->nagencies; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "folder", r->agencies[i].dir);
		json_kv_str(&j, "id", r->agencies[i].id);
		json_kv_str(&j, "name", r->agencies[i].name);
		json_counts(&j, &r->agencies[i]);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "services");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->nservices; i++)
		json_service(&j, r->services[i]);
	json_arr_end(&j);
	size_t n;
	struct scored *h = hardest(r, &n);
	json_key(&j, "hardest_to_read");
	json_arr_begin(&j);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(&j);
		json_kv_str(&j, "file", h[i].s->path);
		json_kv_str(&j, "field", readability_field_name(h[i].field));
		json_kv_str(&j, "language", h[i].lang);
		json_key(&j, "score");
		json_num(&j, h[i].score);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	free(h);
	json_obj_end(&j);
}

/* ---- CSV: one row per service, for spreadsheets ---- */

static void csv_field(struct buf *b, const char *s, int last)
{
	s = s ? s : "";
	/* A cell starting with = + - @ is a formula to a spreadsheet, and so is one starting
	 * with a TAB or CR that a spreadsheet strips first: neutralise it (OWASP, CSV injection). */
	int formula = strchr("=+-@\t\r", s[0]) && s[0];
	buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
	buf_adds(b, last ? "\r\n" : ",");
}

static void write_csv(const struct report *r, struct buf *b)
{
	static const char *const head[] = {
	        "agency",       "file",         "id",      "product", "title",           "level",
	        "digital_only", "sdg_annex_ii", "missing", "waivers", "readability_min", "readability_field"};
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		csv_field(b, head[i], i + 1 == sizeof head / sizeof *head);
	for (size_t i = 0; i < r->nservices; i++) {
		const struct service *s = r->services[i];
		struct buf gaps = {0}, waivers = {0};
		for (size_t k = 0; k < s->ngaps; k++)
			buf_printf(&gaps, "%s%s", k ? "; " : "", s->gaps[k].text);
		for (size_t k = 0; k < s->nwaivers; k++)
			buf_printf(&waivers, "%s%s: %s", k ? "; " : "", s->waivers[k].rule, s->waivers[k].reason);
		csv_field(b, s->agency ? s->agency->id : "", 0);
		csv_field(b, s->path, 0);
		csv_field(b, s->id, 0);
		csv_field(b, s->product, 0);
		csv_field(b, s->title, 0);
		csv_field(b, model_level_name(s->level), 0);
		csv_field(b, s->digital_only ? "yes" : "no", 0);
		csv_field(b, s->annex_ii, 0);
		csv_field(b, gaps.p, 0);
		csv_field(b, waivers.p, 0);
		struct scored m;
		char score[32] = "", field[64] = "";
		if (service_minimum(s, &m)) {
			snprintf(score, sizeof score, "%.1f", m.score);
			snprintf(field, sizeof field, "%s (%.16s)", readability_field_name(m.field), m.lang);
		}
		csv_field(b, score, 0);
		csv_field(b, field, 1);
		buf_free(&gaps);
		buf_free(&waivers);
	}
}

/* ---- HTML: one self-contained page with an inline SVG chart ---- */

static const char html_style[] =
        "body{font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;background:#fff;margin:0 auto;"
        "max-width:60rem;padding:1rem}h1{font-size:1.8rem}h2{font-size:1.3rem;margin-top:2rem}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left}"
        "td.n,th.n{text-align:right}caption{text-align:left;font-weight:bold;padding:.3rem 0}"
        "a{color:#0b4f8a}a:focus{outline:3px solid #b35c00}.legend span{display:inline-block;margin-right:1rem}"
        "svg text{font-family:system-ui,sans-serif;font-size:13px}@media print{body{max-width:none}}";

/* Colours with patterns, so the chart reads without colour too. */
static const char *const level_fill[LEVEL__MAX] = {"#1a7f37", "url(#p-partly)", "url(#p-form)", "url(#p-offline)"};

static void svg_defs(struct buf *b)
{
	html_raw(b, "<defs>"
	            "<pattern id=\"p-partly\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
	            "<rect width=\"8\" height=\"8\" fill=\"#9fd3ff\"/><path d=\"M0 8L8 0\" stroke=\"#0b4f8a\" "
	            "stroke-width=\"2\"/></pattern>"
	            "<pattern id=\"p-form\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
	            "<rect width=\"8\" height=\"8\" fill=\"#ffe08a\"/><circle cx=\"4\" cy=\"4\" r=\"1.8\" "
	            "fill=\"#7a5200\"/></pattern>"
	            "<pattern id=\"p-offline\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">"
	            "<rect width=\"8\" height=\"8\" fill=\"#f4b4b4\"/><path d=\"M0 4H8M4 0V8\" stroke=\"#8a1010\" "
	            "stroke-width=\"1.5\"/></pattern>"
	            "</defs>");
}

static void svg_chart(const struct report *r, struct buf *b)
{
	const int label_w = 220, bar_w = 480, row_h = 34, top = 10;
	int height = top + (int)r->nagencies * row_h + 50;
	html_printf(
	        b,
	        "<svg role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 %d %d\" width=\"100%%\">",
	        label_w + bar_w + 60, height);
	html_printf(b, "<title id=\"chart-title\">%s</title>", _("Services per digital level, per agency"));
	html_printf(b, "<desc id=\"chart-desc\">%s</desc>",
	            _("A stacked bar per agency; the table below gives the same numbers."));
	svg_defs(b);
	for (size_t i = 0; i < r->nagencies; i++) {
		const struct report_agency *a = &r->agencies[i];
		int y = top + (int)i * row_h;
		html_printf(b, "<text x=\"0\" y=\"%d\">%s</text>", y + 18, a->name ? a->name : agency_label(a));
		double x = label_w;
		for (int l = 0; l < LEVEL__MAX; l++) {
			if (!a->levels[l] || !a->services)
				continue;
			double w = (double)bar_w * (double)a->levels[l] / (double)a->services;
			buf_printf(b,
			           "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"24\" fill=\"%s\" "
			           "stroke=\"#1b1b1b\">",
			           x, y + 2, w, level_fill[l]);
			html_printf(b, "<title>%s: %zu</title></rect>", _(level_labels[l]), a->levels[l]);
			if (w >= 22)
				buf_printf(b,
				           "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\" "
				           "fill=\"#000\" "
				           "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">%zu</text>",
				           x + w / 2, y + 19, a->levels[l]);
			x += w;
		}
	}
	int ly = top + (int)r->nagencies * row_h + 20;
	for (int l = 0; l < LEVEL__MAX; l++) {
		int lx = l * 170;
		buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"18\" fill=\"%s\" stroke=\"#1b1b1b\"/>", lx,
		           ly, level_fill[l]);
		html_printf(b, "<text x=\"%d\" y=\"%d\">%s</text>", lx + 24, ly + 14, _(level_labels[l]));
	}
	html_raw(b, "</svg>");
}

static void html_table(const struct report *r, struct buf *b)
{
	html_printf(b,
	            "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	            "<th scope=\"col\" class=\"n\">%s</th>",
	            _("Services per digital level"), _("Agency"), _("Services"));
	for (int l = 0; l < LEVEL__MAX; l++)
		html_printf(b, "<th scope=\"col\" class=\"n\">%s</th>", _(level_labels[l]));
	html_printf(b,
	            "<th scope=\"col\" class=\"n\">%s</th><th scope=\"col\" class=\"n\">%s</th>"
	            "<th scope=\"col\" class=\"n\">%s</th><th scope=\"col\" "
	            "class=\"n\">%s</th></tr></thead><tbody>",
	            /* xgettext:no-c-format */ _("% fully online"), _("Digital-only"), _("SDG not fully online"),
	            _("Invalid"));
	for (size_t i = 0; i <= r->nagencies; i++) {
		const struct report_agency *a = i < r->nagencies ? &r->agencies[i] : &r->total;
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"n\">%zu</td>",
		            i < r->nagencies ? (a->name ? a->name : agency_label(a)) : _("Total"), a->services);
		for (int l = 0; l < LEVEL__MAX; l++)
			html_printf(b, "<td class=\"n\">%zu</td>", a->levels[l]);
		html_printf(b,
		            "<td class=\"n\">%f%%</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td "
		            "class=\"n\">%zu</td></tr>",
		            share(a->levels[LEVEL_FULLY_ONLINE], a->services), a->digital_only, a->sdg_not_fully_online,
		            a->invalid);
	}
	html_raw(b, "</tbody></table>");
}

static void html_service_list(const struct report *r, struct buf *b, const char *heading, int which)
{
	html_printf(b, "<h2>%s</h2><ul>", _(heading));
	size_t shown = 0;
	for (size_t i = 0; i < r->nservices; i++) {
		const struct service *s = r->services[i];
		int in = which == 0   ? s->level != LEVEL_FULLY_ONLINE
		         : which == 1 ? s->digital_only
		                      : s->annex_ii && s->level != LEVEL_FULLY_ONLINE;
		if (!in)
			continue;
		shown++;
		html_printf(b, "<li><strong>%s</strong> (%s, <code>%s</code>): %s", s->title ? s->title : s->id,
		            s->agency && s->agency->name ? s->agency->name : "", s->path, _(level_labels[s->level]));
		if (which != 1 && s->ngaps) {
			html_raw(b, "<ul>");
			for (size_t k = 0; k < s->ngaps; k++)
				html_printf(b, "<li>%s</li>", s->gaps[k].text);
			html_raw(b, "</ul>");
		}
		html_raw(b, "</li>");
	}
	if (!shown)
		html_printf(b, "<li>%s</li>", _("None."));
	html_raw(b, "</ul>");
}

static void write_html(const struct report *r, struct buf *b)
{
	html_printf(b,
	            "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
	            i18n_lang_name());
	html_raw(b, "<title>");
	html_printf(b, _("Digital readiness report, %s"), r->date);
	html_raw(b, "</title><style>");
	html_raw(b, html_style);
	html_raw(b, "</style></head><body><main>");
	html_printf(b, "<h1>%s</h1><p>", _("Digital readiness report"));
	html_printf(b,
	            _("Date: %s. %zu services checked; %f%% fully online; "
	              "%zu digital-only; %zu SDG procedures not fully online; %zu with errors (not counted)."),
	            r->date, r->total.services, share(r->total.levels[LEVEL_FULLY_ONLINE], r->total.services),
	            r->total.digital_only, r->total.sdg_not_fully_online, r->total.invalid);
	html_printf(b, "</p><h2>%s</h2>", _("Per agency"));
	svg_chart(r, b);
	html_table(r, b);
	html_service_list(r, b, N_("Not fully online, with what is missing"), 0);
	html_service_list(r, b, N_("Digital-only: no assisted channel can submit"), 1);
	html_service_list(r, b, N_("SDG Annex II procedures not fully online"), 2);
	html_printf(b, "<h2>%s</h2><ul>", _("Waivers"));
	size_t n = 0;
	for (size_t i = 0; i < r->nservices; i++)
		for (size_t k = 0; k < r->services[i]->nwaivers; k++, n++)
			html_printf(b, _("<li><code>%s</code> waives %s: %s</li>"), r->services[i]->path,
			            r->services[i]->waivers[k].rule, r->services[i]->waivers[k].reason);
	if (!n)
		html_printf(b, "<li>%s</li>", _("None."));
	html_raw(b, "</ul>");
	struct scored *h = hardest(r, &n);
	html_printf(b, "<h2>%s</h2><p>%s.</p><ol>", _("Hardest to read"), _(hardest_title));
	for (size_t i = 0; i < n; i++)
		html_printf(b, "<li><code>%s</code>: %s (%s): %f</li>", h[i].s->path,
		            readability_field_name(h[i].field), h[i].lang, h[i].score);
	if (!n)
		html_printf(b, "<li>%s</li>", _("None."));
	html_raw(b, "</ol></main></body></html>\n");
	free(h);
}

void report_write(const struct report *r, enum report_format f, struct buf *out)
{
	switch (f) {
	case REPORT_TEXT:
		write_text(r, out);
		break;
	case REPORT_JSON:
		write_json(r, out);
		break;
	case REPORT_CSV:
		write_csv(r, out);
		break;
	case REPORT_HTML:
	default:
		write_html(r, out);
		break;
	}
}
