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
#include "standard.h"

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
	if (s->stale) /* kept: the description has errors now; this is the version of that date */
		json_kv_str(j, "stale", s->stale);
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

/* ---- parts of the aggregate files, kept in the spool while services are rendered ---- */

enum { FRAGMENT_DEPTH = 2 }; /* an item of a list in the top object: {"services": [ here ]} */

/* A writer for a part of an aggregate file, at the depth it has there, so the bytes can
 * be copied in as they are. */
static void fragment_begin(struct json *j, struct buf *b)
{
	json_init(j, b, 1);
	j->depth = FRAGMENT_DEPTH;
}

/* Copy a part from the spool into the list j is writing (at FRAGMENT_DEPTH). */
static int fragment_add(struct json *j, const struct render_ctx *ctx, size_t off, size_t len)
{
	if (j->need_comma[j->depth])
		buf_addc(j->out, ',');
	j->need_comma[j->depth] = 1;
	return render_spool_read(ctx, off, len, j->out);
}

static void ld_service(struct json *j, const struct render_ctx *ctx, const struct service *s);

int render_json_entry(const struct render_ctx *ctx, const struct service *s, struct render_entry *e)
{
	struct buf b = {0};
	struct json j;
	fragment_begin(&j, &b);
	write_service(&j, ctx, s);
	int rc = render_spool_add(ctx, b.p, b.len, &e->json_off);
	e->json_len = b.len;
	if (rc == 0 && s->agency) {
		b.len = 0;
		fragment_begin(&j, &b);
		ld_service(&j, ctx, s);
		rc = render_spool_add(ctx, b.p, b.len, &e->ld_off);
		e->ld_len = b.len;
	}
	buf_free(&b);
	return rc;
}

enum { STREAM_CHUNK = 1 << 20 }; /* bytes gathered before they are written */

/* Write relpath in parts: the head j has written so far, the parts of v[0..n) (ld: the
 * linked data's, of the services with an agency; else catalogue.json's), then the end of
 * the list and of the top object. Frees j's buffer. Returns 0, or -1 after reporting. */
static int stream_parts(const struct render_ctx *ctx, const char *relpath, struct json *j, const struct render_entry *v,
                        size_t n, int ld)
{
	struct render_stream st;
	int rc = render_stream_open(ctx, relpath, &st);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (ld && !v[i].agency)
			continue;
		rc = fragment_add(j, ctx, ld ? v[i].ld_off : v[i].json_off, ld ? v[i].ld_len : v[i].json_len);
		if (rc == 0 && j->out->len >= STREAM_CHUNK) {
			rc = render_stream_write(ctx, &st, j->out->p, j->out->len);
			j->out->len = 0;
		}
	}
	if (rc == 0) {
		json_arr_end(j);
		json_obj_end(j);
		rc = render_stream_write(ctx, &st, j->out->p, j->out->len);
	}
	buf_free(j->out);
	return render_stream_close(ctx, &st, rc == 0);
}

static int write_catalogue(const struct render_ctx *ctx, const struct render_entry *v, size_t n)
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
	return stream_parts(ctx, "json/catalogue.json", &j, v, n, 0);
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

/* ---- linked data: CPSV-AP 3.2 ----
 * catalogue.jsonld: one graph that passes the official CPSV-AP 3.2 SHACL shapes
 * (tests/shacl). Only terms of CPSV-AP 3.2, plus skos:inScheme and skos:ConceptScheme for
 * loket's own concept scheme. Every node has an absolute IRI: below --base-url, or else
 * below the origin of its agency's website (https://www.voorbeeldstad.nl/id/...); every
 * node a shape asks it of has a dct:identifier; texts are language-tagged literals, one
 * per translation; coded values are concept IRIs (EU authority tables where they exist,
 * the loket concept scheme for channel types, loket's life events); an IRI that a shape
 * wants typed (skos:Concept, dct:Location, foaf:Document, dct:LinguisticSystem, cv:Event)
 * is typed once, in a node of its own (ld_collect). README.md, "Linked data", lists it all. */

#define LD_CHANNEL_SCHEME  STANDARD_BASE "1.0/concept/channel-type"
#define LD_CURRENCY_SCHEME "http://publications.europa.eu/resource/authority/currency"
#define LD_COUNTRY         "http://publications.europa.eu/resource/authority/country/NLD"
#define LD_LANGUAGE_TABLE  "http://publications.europa.eu/resource/authority/language"
#define LD_LIFE_EVENTS     STANDARD_BASE "1.0/life-event"

/* An http(s) URL that may become an IRI: safe for a link, and without characters that
 * an IRI may not hold. */
static int ld_iri_ok(const char *url)
{
	if (url == NULL || !html_url_is_safe(url))
		return 0;
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || strchr("<>\"{}|\\^`", *p))
			return 0;
	return 1;
}

/* Append the IRI prefix of an agency's nodes to b: "<base>/id/". The base is --base-url,
 * or else the origin (scheme and host) of the agency's website, or else the standard's
 * namespace (a website that is not an http(s) URL). */
static void ld_prefix(struct buf *b, const struct render_ctx *ctx, const struct agency *a)
{
	if (*ctx->base_url) {
		buf_printf(b, "%s/id/", ctx->base_url);
		return;
	}
	const char *w = a ? a->website : NULL;
	if (ld_iri_ok(w)) {
		const char *host = strstr(w, "://") + 3;
		size_t n = strcspn(host, "/?#");
		int ok = n > 0;
		for (size_t i = 0; i < n; i++)
			if (!(host[i] == '.' || host[i] == '-' || host[i] == ':' ||
			      (host[i] >= '0' && host[i] <= '9') || (host[i] >= 'a' && host[i] <= 'z') ||
			      (host[i] >= 'A' && host[i] <= 'Z')))
				ok = 0;
		if (ok) {
			buf_add(b, w, (size_t)(host - w) + n);
			buf_adds(b, "/id/");
			return;
		}
	}
	buf_adds(b, STANDARD_BASE "1.0/id/");
}

/* {"@id": iri} under key (or as an array item when key is NULL). */
static void ld_ref(struct json *j, const char *key, const char *iri)
{
	if (key)
		json_key(j, key);
	json_obj_begin(j);
	json_kv_str(j, "@id", iri);
	json_obj_end(j);
}

static void ld_literal(struct json *j, const char *text, const char *lang)
{
	json_obj_begin(j);
	json_kv_str(j, "@value", text);
	json_kv_str(j, "@language", lang);
	json_obj_end(j);
}

/* key: the text in the service's language, then the same field of each translation that
 * has it, each tagged with its language. Nothing when the text is absent. */
static void ld_texts(struct json *j, const char *key, const struct service *s, const char *text, const char *field)
{
	if (text == NULL)
		return;
	json_key(j, key);
	json_arr_begin(j);
	ld_literal(j, text, s->language);
	const struct node *tr = node_get(s->root, "translations");
	for (size_t i = 0; tr && i < tr->n; i++) {
		const char *t = node_get_str(NODE_VAL(tr, i), field);
		if (t)
			ld_literal(j, t, NODE_KEY(tr, i)->str);
	}
	json_arr_end(j);
}

/* key: item i of the list field (conditions) in the service's language, then item i of
 * each translation whose list is as long (a shorter or longer list cannot be matched). */
static void ld_texts_at(struct json *j, const char *key, const struct service *s, const char *field, size_t i)
{
	const struct node *list = node_get(s->root, field);
	json_key(j, key);
	json_arr_begin(j);
	ld_literal(j, list->kids[i]->str, s->language);
	const struct node *tr = node_get(s->root, "translations");
	for (size_t k = 0; tr && k < tr->n; k++) {
		const struct node *l = node_get(NODE_VAL(tr, k), field);
		if (l && l->kind == NODE_SEQ && l->n == list->n && l->kids[i]->kind == NODE_STR)
			ld_literal(j, l->kids[i]->str, NODE_KEY(tr, k)->str);
	}
	json_arr_end(j);
}

static void ld_text(struct json *j, const char *key, const char *text, const char *lang)
{
	if (text == NULL)
		return;
	json_key(j, key);
	ld_literal(j, text, lang);
}

/* A node's IRI (prefix + rest) as @id, its type, and its dct:identifier (rest without
 * "service/": "gemeente-voorbeeldstad/paspoort-aanvragen/cost/1"). */
static void ld_node_id(struct json *j, const char *prefix, const char *rest, const char *type)
{
	struct buf id = {0};
	buf_printf(&id, "%s%s", prefix, rest);
	json_kv_str(j, "@id", id.p);
	json_kv_str(j, "@type", type);
	json_kv_str(j, "dct:identifier", strncmp(rest, "service/", 8) ? rest : rest + 8);
	buf_free(&id);
}

/* Open the node of a part of a service: IRI prefix + rest + "/kind/n" (without "/n" when
 * n is 0), its type and identifier. The caller writes the rest and closes the object. */
static void ld_part_begin(struct json *j, const char *prefix, const char *rest, const char *kind, size_t n,
                          const char *type)
{
	struct buf r = {0};
	buf_printf(&r, "%s/%s", rest, kind);
	if (n)
		buf_printf(&r, "/%zu", n);
	json_obj_begin(j);
	ld_node_id(j, prefix, r.p, type);
	buf_free(&r);
}

/* ISO 8601 as xsd:duration: the same, except weeks (P8W), which xsd:duration lacks
 * (P56D). Returns 0 when the duration cannot be written (out holds nothing then). */
static int ld_duration(struct buf *out, const char *d)
{
	size_t n = d ? strlen(d) : 0;
	if (n < 3 || d[0] != 'P')
		return 0;
	if (d[n - 1] != 'W') {
		buf_adds(out, d);
		return 1;
	}
	unsigned long long weeks = 0;
	for (size_t i = 1; i + 1 < n; i++) {
		if (d[i] < '0' || d[i] > '9' || weeks > 1000000000ULL)
			return 0;
		weeks = weeks * 10 + (unsigned long long)(d[i] - '0');
	}
	buf_printf(out, "P%lluD", weeks * 7);
	return 1;
}

/* The contact of a service (its own, or else its agency's) as a cv:ContactPoint. */
static void ld_contact(struct json *j, const char *prefix, const char *rest, const struct node *contact)
{
	const char *phone = node_get_str(contact, "phone"), *email = node_get_str(contact, "email");
	const char *url = node_get_str(contact, "url");
	if (!ld_iri_ok(url))
		url = NULL;
	if (phone == NULL && email == NULL && url == NULL)
		return;
	json_key(j, "cv:contactPoint");
	ld_part_begin(j, prefix, rest, "contact-point", 0, "cv:ContactPoint");
	json_kv_str(j, "cv:telephone", phone);
	json_kv_str(j, "cv:email", email);
	if (url)
		ld_ref(j, "cv:contactPage", url);
	json_obj_end(j);
}

/* IRIs that a shape wants typed, collected from the whole catalogue so that each is
 * typed once: currencies and products (skos:Concept), areas (dct:Location), web pages
 * (foaf:Document), languages (dct:LinguisticSystem), life events (cv:LifeEvent). */
enum ld_kind { LD_CURRENCY, LD_PRODUCT, LD_LOCATION, LD_DOCUMENT, LD_LANGUAGE, LD_LIFE_EVENT, LD__MAX };
struct ld_ref {
	char *iri;
	enum ld_kind kind;
	const char *label; /* a product's name (Dutch), a life event's id, or NULL */
};
struct ld_refs {
	struct ld_ref *v;
	size_t n, cap;
};

static void ld_refs_add(struct ld_refs *r, enum ld_kind kind, const char *iri, const char *label)
{
	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
	r->v[r->n++] = (struct ld_ref){xstrdup(iri), kind, label};
}

static int ld_ref_cmp(const void *a, const void *b)
{
	const struct ld_ref *x = a, *y = b;
	int c = strcmp(x->iri, y->iri);
	return c ? c : (int)x->kind - (int)y->kind;
}

/* The EU language authority table's code (ISO 639-2/T) of a language of the vocabulary
 * (its primary subtag: nl-BE is nl), or NULL. */
static const char *ld_language_code(const char *tag)
{
	static const char *const map[][2] = {
	        {"ar", "ARA"}, {"bg", "BUL"}, {"cs", "CES"},  {"da", "DAN"}, {"de", "DEU"}, {"el", "ELL"},
	        {"en", "ENG"}, {"es", "SPA"}, {"et", "EST"},  {"fi", "FIN"}, {"fr", "FRA"}, {"fy", "FRY"},
	        {"ga", "GLE"}, {"hr", "HRV"}, {"hu", "HUN"},  {"it", "ITA"}, {"lt", "LIT"}, {"lv", "LAV"},
	        {"mt", "MLT"}, {"nl", "NLD"}, {"pap", "PAP"}, {"pl", "POL"}, {"pt", "POR"}, {"ro", "RON"},
	        {"sk", "SLK"}, {"sl", "SLV"}, {"so", "SOM"},  {"sv", "SWE"}, {"ti", "TIR"}, {"tr", "TUR"},
	        {"uk", "UKR"}, {"zh", "ZHO"},
	};
	size_t n = strcspn(tag, "-");
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strlen(map[i][0]) == n && strncmp(map[i][0], tag, n) == 0)
			return map[i][1];
	return NULL;
}

/* The IRI of a language (EU authority table) or of a life event of the vocabulary (the
 * standard's namespace) into out; 0 when it has none. */
static int ld_language_iri(struct buf *out, const struct vocab *v, const char *tag)
{
	(void)v;
	const char *code = ld_language_code(tag);
	if (code)
		buf_printf(out, LD_LANGUAGE_TABLE "/%s", code);
	return code != NULL;
}

static int ld_life_event_iri(struct buf *out, const struct vocab *v, const char *id)
{
	if (vocab_life_event(v, id, "nl") == NULL || id[strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-")] != '\0')
		return 0;
	buf_printf(out, LD_LIFE_EVENTS "/%s", id);
	return 1;
}

static const char *ld_currency(const struct node *item)
{
	const char *c = node_get_str(item, "currency");
	return c ? c : "EUR";
}

/* Collect, sort by IRI and kind, and drop repeats (the first label wins). */
static void ld_collect(struct ld_refs *r, const struct render_ctx *ctx, const struct render_entry *v, size_t n)
{
	for (size_t i = 0; i < ctx->nagencies; i++) {
		const char *uri = node_get_str(ctx->agencies[i]->root, "uri");
		ld_refs_add(r, LD_LOCATION, ld_iri_ok(uri) ? uri : LD_COUNTRY, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		const struct render_entry *e = &v[i];
		if (e->agency == NULL)
			continue;
		const struct product *p = vocab_product(ctx->vocab, e->product);
		if (p && ld_iri_ok(p->uri))
			ld_refs_add(r, LD_PRODUCT, p->uri, p->name);
		struct buf iri = {0};
		for (size_t k = 0; k < e->currencies.n; k++) {
			iri.len = 0;
			buf_printf(&iri, LD_CURRENCY_SCHEME "/%s", e->currencies.v[k]);
			ld_refs_add(r, LD_CURRENCY, iri.p, NULL);
		}
		for (size_t k = 0; k < e->nchannels; k++)
			if (ld_iri_ok(e->channel_urls[k]))
				ld_refs_add(r, LD_DOCUMENT, e->channel_urls[k], NULL);
		for (size_t k = 0; k < e->languages.n; k++) {
			iri.len = 0;
			if (ld_language_iri(&iri, ctx->vocab, e->languages.v[k]))
				ld_refs_add(r, LD_LANGUAGE, iri.p, NULL);
		}
		for (size_t k = 0; k < e->life_events.n; k++) {
			iri.len = 0;
			if (ld_life_event_iri(&iri, ctx->vocab, e->life_events.v[k]))
				ld_refs_add(r, LD_LIFE_EVENT, iri.p, e->life_events.v[k]);
		}
		buf_free(&iri);
		if (ld_iri_ok(e->contact_url))
			ld_refs_add(r, LD_DOCUMENT, e->contact_url, NULL);
	}
	if (r->n)
		qsort(r->v, r->n, sizeof *r->v, ld_ref_cmp);
	size_t out = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (out && ld_ref_cmp(&r->v[out - 1], &r->v[i]) == 0) {
			free(r->v[i].iri);
			continue;
		}
		r->v[out++] = r->v[i];
	}
	r->n = out;
}

static void ld_write_refs(struct json *j, const struct ld_refs *r, const struct vocab *v)
{
	static const char *const types[LD__MAX] = {"skos:Concept",  "skos:Concept",         "dct:Location",
	                                           "foaf:Document", "dct:LinguisticSystem", "cv:LifeEvent"};
	for (size_t i = 0; i < r->n; i++) {
		const struct ld_ref *x = &r->v[i];
		json_obj_begin(j);
		json_kv_str(j, "@id", x->iri);
		json_key(j, "@type");
		if (x->kind == LD_LIFE_EVENT) { /* cv:Event too: a shape checks the class, without reasoning */
			json_arr_begin(j);
			json_str(j, "cv:Event");
			json_str(j, types[x->kind]);
			json_arr_end(j);
		} else
			json_str(j, types[x->kind]);
		if (x->kind == LD_CURRENCY)
			ld_ref(j, "skos:inScheme", LD_CURRENCY_SCHEME);
		if (x->kind == LD_PRODUCT)
			ld_text(j, "skos:prefLabel", x->label, "nl");
		if (x->kind == LD_LIFE_EVENT) { /* an event of the loket vocabulary, named in Dutch and English */
			json_kv_str(j, "dct:identifier", x->label);
			json_key(j, "dct:title");
			json_arr_begin(j);
			ld_literal(j, vocab_life_event(v, x->label, "nl"), "nl");
			ld_literal(j, vocab_life_event(v, x->label, "en"), "en");
			json_arr_end(j);
		}
		json_obj_end(j);
	}
}

/* The loket concept scheme of channel types: the scheme and one concept per type,
 * labelled in Dutch and English. */
static void ld_channel_scheme(struct json *j)
{
	json_obj_begin(j);
	json_kv_str(j, "@id", LD_CHANNEL_SCHEME);
	json_kv_str(j, "@type", "skos:ConceptScheme");
	json_key(j, "skos:prefLabel");
	json_arr_begin(j);
	ld_literal(j, "Kanaaltypen van loket", "nl");
	ld_literal(j, "loket channel types", "en");
	json_arr_end(j);
	json_obj_end(j);
	for (int t = 0; t < CH__MAX; t++) {
		struct buf iri = {0};
		buf_printf(&iri, LD_CHANNEL_SCHEME "/%s", model_channel_name((enum channel_type)t));
		json_obj_begin(j);
		json_kv_str(j, "@id", iri.p);
		json_kv_str(j, "@type", "skos:Concept");
		json_key(j, "skos:prefLabel");
		json_arr_begin(j);
		ld_literal(j, label_channel("nl", (enum channel_type)t), "nl");
		ld_literal(j, label_channel("en", (enum channel_type)t), "en");
		json_arr_end(j);
		ld_ref(j, "skos:inScheme", LD_CHANNEL_SCHEME);
		json_obj_end(j);
		buf_free(&iri);
	}
}

/* key: the IRIs of the codes in list (a sequence of strings) that iri can name, as an
 * array, each once (nl and nl-BE are both Dutch); nothing when it names none. */
static void ld_ref_list(struct json *j, const char *key, const struct node *list,
                        int (*iri)(struct buf *out, const struct vocab *v, const char *code), const struct vocab *v)
{
	struct buf b = {0}, other = {0};
	size_t n = 0;
	for (size_t i = 0; list && i < list->n; i++) {
		b.len = 0;
		if (!iri(&b, v, list->kids[i]->str))
			continue;
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++) {
			other.len = 0;
			seen = iri(&other, v, list->kids[k]->str) && !strcmp(other.p, b.p);
		}
		if (seen)
			continue;
		if (n++ == 0) {
			json_key(j, key);
			json_arr_begin(j);
		}
		ld_ref(j, NULL, b.p);
	}
	if (n)
		json_arr_end(j);
	buf_free(&b);
	buf_free(&other);
}

static void ld_agency(struct json *j, const struct render_ctx *ctx, const struct agency *a)
{
	struct buf prefix = {0}, id = {0};
	ld_prefix(&prefix, ctx, a);
	buf_printf(&id, "%sagency/%s", prefix.p, a->id);
	const char *uri = node_get_str(a->root, "uri");
	json_obj_begin(j);
	json_kv_str(j, "@id", id.p);
	json_kv_str(j, "@type", "cv:PublicOrganisation");
	ld_text(j, "skos:prefLabel", a->name, a->language);
	/* the area it serves: its OWMS URI when given, else the country */
	ld_ref(j, "dct:spatial", ld_iri_ok(uri) ? uri : LD_COUNTRY);
	json_obj_end(j);
	buf_free(&prefix);
	buf_free(&id);
}

static void ld_service(struct json *j, const struct render_ctx *ctx, const struct service *s)
{
	const struct product *p = vocab_product(ctx->vocab, s->product);
	struct buf prefix = {0}, rest = {0}, part = {0};
	ld_prefix(&prefix, ctx, s->agency);
	buf_printf(&rest, "service/%s/%s", s->agency->id, s->id);
	json_obj_begin(j);
	ld_node_id(j, prefix.p, rest.p, "cpsv:PublicService");
	ld_texts(j, "dct:title", s, s->title, "title");
	ld_texts(j, "dct:description", s, s->summary, "summary");
	buf_printf(&part, "%sagency/%s", prefix.p, s->agency->id);
	ld_ref(j, "cv:hasCompetentAuthority", part.p);
	if (p && ld_iri_ok(p->uri))
		ld_ref(j, "cv:isClassifiedBy", p->uri);
	struct buf dur = {0};
	if (ld_duration(&dur, node_get_str(node_get(s->root, "processing_time"), "duration"))) {
		json_key(j, "cv:processingTime");
		json_obj_begin(j);
		json_kv_str(j, "@value", dur.p);
		json_kv_str(j, "@type", "xsd:duration");
		json_obj_end(j);
	}
	buf_free(&dur);
	ld_ref_list(j, "dct:language", node_get(s->root, "languages"), ld_language_iri, ctx->vocab);
	ld_ref_list(j, "cv:isGroupedBy", node_get(s->root, "life_events"), ld_life_event_iri, ctx->vocab);
	const struct node *conditions = node_get(s->root, "conditions");
	if (conditions && conditions->n) {
		json_key(j, "cv:holdsRequirement");
		json_arr_begin(j);
		for (size_t i = 0; i < conditions->n; i++) {
			ld_part_begin(j, prefix.p, rest.p, "requirement", i + 1, "cv:Requirement");
			ld_texts_at(j, "dct:title", s, "conditions", i);
			json_obj_end(j);
		}
		json_arr_end(j);
	}

	json_key(j, "cv:hasChannel");
	json_arr_begin(j);
	for (size_t i = 0; i < s->nchannels; i++) {
		const struct channel *c = &s->channels[i];
		ld_part_begin(j, prefix.p, rest.p, "channel", i + 1, "cv:Channel");
		part.len = 0;
		buf_printf(&part, LD_CHANNEL_SCHEME "/%s", model_channel_name(c->type));
		ld_ref(j, "dct:type", part.p);
		ld_text(j, "dct:description", c->note, s->language);
		if (ld_iri_ok(c->url))
			ld_ref(j, "foaf:page", c->url);
		json_obj_end(j);
	}
	json_arr_end(j);

	json_key(j, "cv:hasCost");
	json_arr_begin(j);
	const struct node *items = node_get(node_get(s->root, "costs"), "items");
	for (size_t i = 0; items && i < items->n; i++) {
		ld_part_begin(j, prefix.p, rest.p, "cost", i + 1, "cv:Cost");
		ld_text(j, "dct:description", node_get_str(items->kids[i], "description"), s->language);
		json_key(j, "cv:hasValue");
		json_obj_begin(j);
		json_key(j, "@value");
		json_num(j, node_get(items->kids[i], "amount")->num);
		json_kv_str(j, "@type", "xsd:double");
		json_obj_end(j);
		part.len = 0;
		buf_printf(&part, LD_CURRENCY_SCHEME "/%s", ld_currency(items->kids[i]));
		ld_ref(j, "cv:currency", part.p);
		json_obj_end(j);
	}
	json_arr_end(j);

	json_key(j, "cpsv:hasInput");
	json_arr_begin(j);
	for (size_t i = 0; i < s->nevidence; i++) {
		ld_part_begin(j, prefix.p, rest.p, "evidence", i + 1, "cv:Evidence");
		ld_text(j, "dct:title", s->evidence[i].name, s->language);
		ld_text(j, "dct:description", s->evidence[i].description, s->language);
		json_obj_end(j);
	}
	json_arr_end(j);

	const char *outcome = node_get_str(s->root, "outcome");
	if (outcome) {
		json_key(j, "cpsv:produces");
		ld_part_begin(j, prefix.p, rest.p, "output", 0, "cv:Output");
		ld_texts(j, "dct:title", s, outcome, "outcome");
		json_obj_end(j);
	}
	const struct node *contact = node_get(s->root, "contact");
	ld_contact(j, prefix.p, rest.p, contact ? contact : node_get(s->agency->root, "contact"));
	json_obj_end(j);
	buf_free(&prefix);
	buf_free(&rest);
	buf_free(&part);
}

static int write_jsonld(const struct render_ctx *ctx, const struct render_entry *v, size_t n)
{
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 1);
	json_obj_begin(&j);
	json_key(&j, "@context");
	json_obj_begin(&j);
	json_kv_str(&j, "cpsv", "http://purl.org/vocab/cpsv#");
	json_kv_str(&j, "cv", "http://data.europa.eu/m8g/");
	json_kv_str(&j, "dct", "http://purl.org/dc/terms/");
	json_kv_str(&j, "foaf", "http://xmlns.com/foaf/0.1/");
	json_kv_str(&j, "skos", "http://www.w3.org/2004/02/skos/core#");
	json_kv_str(&j, "xsd", "http://www.w3.org/2001/XMLSchema#");
	json_obj_end(&j);
	json_key(&j, "@graph");
	json_arr_begin(&j);
	ld_channel_scheme(&j);
	struct ld_refs refs = {0};
	ld_collect(&refs, ctx, v, n);
	ld_write_refs(&j, &refs, ctx->vocab);
	for (size_t i = 0; i < refs.n; i++)
		free(refs.v[i].iri);
	free(refs.v);
	for (size_t i = 0; i < ctx->nagencies; i++)
		ld_agency(&j, ctx, ctx->agencies[i]);
	return stream_parts(ctx, "json/catalogue.jsonld", &j, v, n, 1);
}

int render_json_service(const struct render_ctx *ctx, const struct service *s) { return write_service_file(ctx, s); }

int render_json_aggregates(const struct render_ctx *ctx, const struct render_entry *v, size_t n)
{
	return write_catalogue(ctx, v, n) != 0 || write_jsonld(ctx, v, n) != 0 ? -1 : 0;
}
