/* render_json.c: the JSON back-end: catalogue.json (every service normalised: defaults
 * filled, labels resolved, digital level, missing steps and flags), one file per service,
 * and the linked-data export catalogue.jsonld following the EU CPSV-AP vocabulary. */
#include <math.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "json.h"
#include "html.h"
#include "labels.h"
#include "readability.h"
#include "render.h"

/* A node as JSON, where a url or website that may not become a link (javascript:,
 * data:, ...) becomes null: other systems consume this JSON. Absent becomes null.
 * Recursion is bounded by the loader's depth limit. */
static void node_or_null(struct json *j, const struct node *n)
{
	if (n == NULL) {
		json_null(j);
	} else if (n->kind == NODE_MAP) {
		json_obj_begin(j);
		for (size_t i = 0; i < n->n; i++) {
			const char *key = NODE_KEY(n, i)->str;
			const struct node *v = NODE_VAL(n, i);
			json_key(j, key);
			if ((!strcmp(key, "url") || !strcmp(key, "website")) && v->kind == NODE_STR &&
			    !html_url_is_safe(v->str))
				json_null(j);
			else
				node_or_null(j, v);
		}
		json_obj_end(j);
	} else if (n->kind == NODE_SEQ) {
		json_arr_begin(j);
		for (size_t i = 0; i < n->n; i++)
			node_or_null(j, n->kids[i]);
		json_arr_end(j);
	} else {
		json_node(j, n);
	}
}

/* A field of the tree copied under the same key, or null. */
static void copy_field(struct json *j, const struct node *root, const char *key)
{
	json_key(j, key);
	node_or_null(j, node_get(root, key));
}

static void write_list(struct json *j, const char *key, const struct node *list)
{
	json_key(j, key);
	if (list)
		node_or_null(j, list);
	else {
		json_arr_begin(j);
		json_arr_end(j);
	}
}

static void write_channel(struct json *j, const struct channel *c)
{
	const struct node *n = c->node;
	json_obj_begin(j);
	json_kv_str(j, "type", model_channel_name(c->type));
	json_key(j, "digital");
	json_bool(j, model_channel_is_digital(c->type));
	copy_field(j, n, "url");
	copy_field(j, n, "phone");
	copy_field(j, n, "email");
	copy_field(j, n, "address");
	write_list(j, "can", node_get(n, "can"));
	write_list(j, "identification", node_get(n, "identification"));
	json_key(j, "assisted"); /* the default filled in */
	json_bool(j, c->assisted);
	json_key(j, "appointment");
	json_str(j, c->appointment ? c->appointment : "none");
	write_list(j, "opening_hours", node_get(n, "opening_hours"));
	write_list(j, "languages", node_get(n, "languages"));
	copy_field(j, n, "note");
	json_obj_end(j);
}

static void write_costs(struct json *j, const struct service *s)
{
	const struct node *costs = node_get(s->root, "costs");
	json_obj_begin(j);
	json_key(j, "free");
	json_bool(j, s->free);
	json_key(j, "items");
	json_arr_begin(j);
	const struct node *items = node_get(costs, "items");
	for (size_t i = 0; items && i < items->n; i++) {
		const char *currency = node_get_str(items->kids[i], "currency");
		json_obj_begin(j);
		json_kv_str(j, "description", node_get_str(items->kids[i], "description"));
		json_key(j, "amount");
		json_num(j, node_get(items->kids[i], "amount")->num);
		json_kv_str(j, "currency", currency ? currency : "EUR");
		json_obj_end(j);
	}
	json_arr_end(j);
	/* The items are separate prices and never added up: where one figure is wanted,
	 * the range. null when free (no items) or when the items mix currencies. */
	json_key(j, "range");
	if (s->free || s->mixed_currencies || s->currency == NULL) {
		json_null(j);
	} else {
		json_obj_begin(j);
		json_key(j, "min");
		json_num(j, s->cost_min);
		json_key(j, "max");
		json_num(j, s->cost_max);
		json_kv_str(j, "currency", s->currency);
		json_obj_end(j);
	}
	write_list(j, "payment_methods", node_get(costs, "payment_methods"));
	json_obj_end(j);
}

static void write_digital(struct json *j, const struct service *s)
{
	json_obj_begin(j);
	json_kv_str(j, "level", model_level_name(s->level));
	json_kv_str(j, "label", label_level(s->language, s->level));
	json_key(j, "digital_only");
	json_bool(j, s->digital_only);
	json_key(j, "sdg");
	json_bool(j, s->sdg);
	json_kv_nullable(j, "annex_ii", s->annex_ii);
	json_key(j, "missing");
	json_arr_begin(j);
	static const char *const kinds[GAP__MAX] = {"step", "paper-evidence", "presence", "no-digital-channel"};
	for (size_t i = 0; i < s->ngaps; i++) {
		json_obj_begin(j);
		json_kv_str(j, "kind", kinds[s->gaps[i].kind]);
		json_kv_str(j, "step", model_capability_name(s->gaps[i].step));
		json_kv_str(j, "reason", s->gaps[i].reason);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

/* The readability of the texts (the numbers PLN001 and PLN002 judge): per language (the
 * service's, then each translation's) and field: score (one decimal), words, sentences,
 * syllables and the words of the longest sentence. Fields without text are left out. */
static void write_readability(struct json *j, const struct service *s)
{
	size_t n = s->nreadability;
	struct rd_field_stats *f = s->readability ? s->readability /* measured once by the rules */
	                                          : readability_service(s->root, s->language, NULL, NULL, &n);
	json_obj_begin(j);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(f[i].lang, f[i - 1].lang) != 0) {
			if (i)
				json_obj_end(j);
			json_key(j, f[i].lang);
			json_obj_begin(j);
		}
		json_key(j, readability_field_name(f[i].field));
		json_obj_begin(j);
		json_key(j, "score");
		json_num(j, floor(f[i].score * 10.0 + 0.5) / 10.0);
		json_kv_int(j, "words", f[i].words);
		json_kv_int(j, "sentences", f[i].sentences);
		json_kv_int(j, "syllables", f[i].syllables);
		json_kv_int(j, "longest_sentence", f[i].longest);
		json_obj_end(j);
	}
	if (n)
		json_obj_end(j);
	json_obj_end(j);
	if (f != s->readability)
		free(f);
}

/* One service, normalised: the order of keys is fixed here. */
static void write_service(struct json *j, const struct render_ctx *ctx, const struct service *s)
{
	const struct node *r = s->root;
	const struct product *p = vocab_product(ctx->vocab, s->product);
	json_obj_begin(j);
	json_kv_str(j, "id", s->id);
	json_kv_str(j, "agency", s->agency ? s->agency->id : NULL);
	json_key(j, "product");
	json_obj_begin(j);
	json_kv_str(j, "name", p ? p->name : s->product);
	json_key(j, "uri");
	if (p)
		json_str(j, p->uri);
	else
		json_null(j);
	json_obj_end(j);
	json_kv_str(j, "language", s->language);
	json_kv_str(j, "title", s->title);
	json_kv_str(j, "summary", s->summary);
	json_kv_str(j, "description", s->description);
	write_list(j, "audience", node_get(r, "audience"));
	json_key(j, "life_events");
	json_arr_begin(j);
	const struct node *events = node_get(r, "life_events");
	for (size_t i = 0; events && i < events->n; i++) {
		json_obj_begin(j);
		json_kv_str(j, "id", events->kids[i]->str);
		const char *l = vocab_life_event(ctx->vocab, events->kids[i]->str, s->language);
		json_kv_str(j, "label", l ? l : events->kids[i]->str);
		json_obj_end(j);
	}
	json_arr_end(j);
	copy_field(j, r, "sdg");
	json_key(j, "digital");
	write_digital(j, s);
	write_list(j, "conditions", node_get(r, "conditions"));
	write_list(j, "steps", node_get(r, "steps"));
	json_key(j, "evidence");
	json_arr_begin(j);
	for (size_t i = 0; i < s->nevidence; i++) {
		json_obj_begin(j);
		json_kv_str(j, "name", s->evidence[i].name);
		json_kv_nullable(j, "description", s->evidence[i].description);
		json_key(j, "digital");
		json_bool(j, s->evidence[i].digital);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "costs");
	write_costs(j, s);
	copy_field(j, r, "processing_time");
	copy_field(j, r, "no_response");
	copy_field(j, r, "outcome");
	copy_field(j, r, "redress");
	write_list(j, "legal_basis", node_get(r, "legal_basis"));
	json_key(j, "contact"); /* defaults to the agency's */
	const struct node *contact = node_get(r, "contact");
	node_or_null(j, contact ? contact : s->agency ? node_get(s->agency->root, "contact") : NULL);
	copy_field(j, r, "physical_presence");
	json_key(j, "channels");
	json_arr_begin(j);
	for (int digital = 1; digital >= 0; digital--) /* digital first, then in the file's order */
		for (size_t i = 0; i < s->nchannels; i++)
			if (model_channel_is_digital(s->channels[i].type) == digital)
				write_channel(j, &s->channels[i]);
	json_arr_end(j);
	write_list(j, "languages", node_get(r, "languages"));
	json_kv_str(j, "modified", node_get_str(r, "modified"));
	write_list(j, "waivers", node_get(r, "waivers"));
	json_key(j, "flags");
	json_arr_begin(j);
	for (size_t i = 0; i < s->nflags; i++)
		json_str(j, s->flags[i]);
	json_arr_end(j);
	json_key(j, "translations");
	const struct node *tr = node_get(r, "translations");
	if (tr)
		node_or_null(j, tr);
	else {
		json_obj_begin(j);
		json_obj_end(j);
	}
	json_key(j, "readability");
	write_readability(j, s);
	json_kv_str(j, "standard", s->standard);
	/* Fields newer than this loket, as written, with where the schema places them. */
	json_key(j, "fields");
	json_obj_begin(j);
	for (size_t i = 0; i < s->nextra; i++) {
		const struct extra_field *x = &s->extra[i];
		json_key(j, x->name);
		json_obj_begin(j);
		json_key(j, "value");
		json_node(j, x->value);
		json_kv_nullable(j, "section", x->section);
		json_kv_nullable(j, "label_nl", x->label_nl);
		json_kv_nullable(j, "label_en", x->label_en);
		json_obj_end(j);
	}
	json_obj_end(j);
	json_obj_end(j);
}

static void write_agency(struct json *j, const struct agency *a)
{
	json_obj_begin(j);
	json_kv_str(j, "id", a->id);
	json_kv_str(j, "name", a->name);
	json_kv_str(j, "type", node_get_str(a->root, "type"));
	json_kv_str(j, "language", a->language);
	json_kv_str(j, "website", a->website);
	copy_field(j, a->root, "contact");
	copy_field(j, a->root, "uri");
	json_obj_end(j);
}

static int write_catalogue(const struct render_ctx *ctx)
{
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 1);
	json_obj_begin(&j);
	json_kv_str(&j, "standard", "1.0");
	json_kv_str(&j, "generated", ctx->date);
	json_key(&j, "agencies");
	json_arr_begin(&j);
	for (size_t i = 0; i < ctx->nagencies; i++)
		write_agency(&j, ctx->agencies[i]);
	json_arr_end(&j);
	json_key(&j, "services");
	json_arr_begin(&j);
	for (size_t i = 0; i < ctx->nservices; i++)
		write_service(&j, ctx, ctx->services[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	int rc = render_file(ctx, "json/catalogue.json", b.p, b.len);
	buf_free(&b);
	return rc;
}

static int write_service_file(const struct render_ctx *ctx, const struct service *s)
{
	if (s->agency == NULL)
		return 0; /* no agency: no folder to put it in */
	struct buf b = {0}, path = {0};
	struct json j;
	json_init(&j, &b, 1);
	write_service(&j, ctx, s);
	buf_printf(&path, "json/%s/%s.json", s->agency->id, s->id);
	int rc = render_file(ctx, path.p, b.p, b.len);
	buf_free(&b);
	buf_free(&path);
	return rc;
}

/* ---- linked data: CPSV-AP 3 ---- */

static void ld_text(struct json *j, const char *key, const char *text, const char *lang)
{
	if (text == NULL)
		return;
	json_key(j, key);
	json_obj_begin(j);
	json_kv_str(j, "@value", text);
	json_kv_str(j, "@language", lang);
	json_obj_end(j);
}

static void ld_id(struct json *j, const char *key, const char *kind, const char *a, const char *b)
{
	struct buf id = {0};
	buf_printf(&id, "%s/%s%s%s", kind, a, b ? "/" : "", b ? b : "");
	if (key)
		json_key(j, key);
	json_obj_begin(j);
	json_kv_str(j, "@id", id.p);
	json_obj_end(j);
	buf_free(&id);
}

static void ld_service(struct json *j, const struct render_ctx *ctx, const struct service *s)
{
	const struct product *p = vocab_product(ctx->vocab, s->product);
	struct buf id = {0};
	buf_printf(&id, "service/%s/%s", s->agency->id, s->id);
	json_obj_begin(j);
	json_kv_str(j, "@id", id.p);
	json_kv_str(j, "@type", "cpsv:PublicService");
	json_kv_str(j, "dct:identifier", id.p);
	ld_text(j, "dct:title", s->title, s->language);
	ld_text(j, "dct:description", s->summary, s->language);
	ld_id(j, "cv:hasCompetentAuthority", "agency", s->agency->id, NULL);
	if (p) {
		json_key(j, "cv:isClassifiedBy");
		json_obj_begin(j);
		json_kv_str(j, "@id", p->uri);
		json_obj_end(j);
	}
	json_key(j, "cv:hasChannel");
	json_arr_begin(j);
	for (size_t i = 0; i < s->nchannels; i++) {
		const struct channel *c = &s->channels[i];
		json_obj_begin(j);
		json_kv_str(j, "@type", "cv:Channel");
		json_kv_str(j, "dct:type", model_channel_name(c->type));
		if (c->url && html_url_is_safe(c->url)) {
			json_key(j, "foaf:page");
			json_obj_begin(j);
			json_kv_str(j, "@id", c->url);
			json_obj_end(j);
		}
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "cv:hasCost");
	json_arr_begin(j);
	const struct node *items = node_get(node_get(s->root, "costs"), "items");
	for (size_t i = 0; items && i < items->n; i++) {
		const char *currency = node_get_str(items->kids[i], "currency");
		json_obj_begin(j);
		json_kv_str(j, "@type", "cv:Cost");
		ld_text(j, "dct:description", node_get_str(items->kids[i], "description"), s->language);
		json_key(j, "cv:value");
		json_num(j, node_get(items->kids[i], "amount")->num);
		json_kv_str(j, "cv:currency", currency ? currency : "EUR");
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "cpsv:hasInput");
	json_arr_begin(j);
	for (size_t i = 0; i < s->nevidence; i++) {
		json_obj_begin(j);
		json_kv_str(j, "@type", "cv:Evidence");
		ld_text(j, "dct:title", s->evidence[i].name, s->language);
		ld_text(j, "dct:description", s->evidence[i].description, s->language);
		json_obj_end(j);
	}
	json_arr_end(j);
	const char *outcome = node_get_str(s->root, "outcome");
	if (outcome) {
		json_key(j, "cpsv:produces");
		json_obj_begin(j);
		json_kv_str(j, "@type", "cv:Output");
		ld_text(j, "dct:description", outcome, s->language);
		json_obj_end(j);
	}
	json_kv_str(j, "loket:digitalLevel", model_level_name(s->level));
	json_obj_end(j);
	buf_free(&id);
}

static int write_jsonld(const struct render_ctx *ctx)
{
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 1);
	json_obj_begin(&j);
	json_key(&j, "@context");
	json_obj_begin(&j);
	if (*ctx->base_url) {
		struct buf base = {0};
		buf_printf(&base, "%s/id/", ctx->base_url);
		json_kv_str(&j, "@base", base.p);
		buf_free(&base);
	}
	json_kv_str(&j, "cpsv", "http://purl.org/vocab/cpsv#");
	json_kv_str(&j, "cv", "http://data.europa.eu/m8g/");
	json_kv_str(&j, "dct", "http://purl.org/dc/terms/");
	json_kv_str(&j, "foaf", "http://xmlns.com/foaf/0.1/");
	json_kv_str(&j, "skos", "http://www.w3.org/2004/02/skos/core#");
	json_kv_str(&j, "loket", "https://loket.example/standard/1.0/terms#");
	json_obj_end(&j);
	json_key(&j, "@graph");
	json_arr_begin(&j);
	for (size_t i = 0; i < ctx->nagencies; i++) {
		const struct agency *a = ctx->agencies[i];
		struct buf id = {0};
		buf_printf(&id, "agency/%s", a->id);
		json_obj_begin(&j);
		json_kv_str(&j, "@id", id.p);
		json_kv_str(&j, "@type", "cv:PublicOrganisation");
		ld_text(&j, "skos:prefLabel", a->name, a->language);
		const char *uri = node_get_str(a->root, "uri");
		if (uri) {
			json_key(&j, "dct:spatial"); /* the OWMS identifier of the organisation */
			json_obj_begin(&j);
			json_kv_str(&j, "@id", uri);
			json_obj_end(&j);
		}
		json_obj_end(&j);
		buf_free(&id);
	}
	for (size_t i = 0; i < ctx->nservices; i++)
		if (ctx->services[i]->agency)
			ld_service(&j, ctx, ctx->services[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	int rc = render_file(ctx, "json/catalogue.jsonld", b.p, b.len);
	buf_free(&b);
	return rc;
}

int render_json(const struct render_ctx *ctx)
{
	if (write_catalogue(ctx) != 0 || render_each(ctx, write_service_file) != 0 || write_jsonld(ctx) != 0)
		return -1;
	return 0;
}
