/* vocab.c: the vocabularies of the standard (products, life events, languages, SDG codes)
 * as lookup tables. */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

static void bad(struct msgq *q, const struct node *at, const char *what, int *rc)
{
	msg_emit(q, MSG_SCM004, at->pos, what);
	*rc = -1;
}

static const struct node *entries(const struct standard *st, const char *name, const char *key, struct msgq *q,
				  int *rc)
{
	const struct node *doc = standard_vocabulary(st, name);
	if (doc == NULL) {
		struct buf b = {0};
		buf_printf(&b, "the standard has no vocabularies/%s.yaml", name);
		msg_emit(q, MSG_SCM004, ((struct pos){"schemas/vocabularies", 0, 0}), b.p);
		buf_free(&b);
		*rc = -1;
		return NULL;
	}
	const struct node *list = node_get(doc, key);
	if (list == NULL || list->kind != NODE_SEQ) {
		struct buf b = {0};
		buf_printf(&b, "vocabularies/%s.yaml needs '%s': a list", name, key);
		bad(q, doc, b.p, rc);
		buf_free(&b);
		return NULL;
	}
	return list;
}

static void load_products(struct vocab *v, const struct standard *st, struct msgq *q, int *rc)
{
	const struct node *list = entries(st, "products", "entries", q, rc);
	if (list == NULL)
		return;
	v->products = xcalloc(list->n, sizeof *v->products);
	for (size_t i = 0; i < list->n; i++) {
		const struct node *e = list->kids[i];
		struct product *p = &v->products[v->nproducts];
		p->name = node_get_str(e, "name");
		p->uri = node_get_str(e, "uri");
		if (p->name == NULL || p->uri == NULL) {
			bad(q, e, "a product needs a 'name' and a 'uri'", rc);
			continue;
		}
		const struct node *layers = node_get(e, "layers");
		for (size_t k = 0; layers && layers->kind == NODE_SEQ && k < layers->n; k++) {
			const char *l = layers->kids[k]->str;
			p->layers |= !strcmp(l, "rijk") ? LAYER_RIJK
				     : !strcmp(l, "provincie") ? LAYER_PROVINCIE
				     : !strcmp(l, "waterschap") ? LAYER_WATERSCHAP
				     : !strcmp(l, "gemeente") ? LAYER_GEMEENTE
							     : 0;
		}
		const struct node *aud = node_get(e, "audience");
		for (size_t k = 0; aud && aud->kind == NODE_SEQ && k < aud->n; k++) {
			p->citizen |= !strcmp(aud->kids[k]->str, "citizen");
			p->business |= !strcmp(aud->kids[k]->str, "business");
		}
		const struct node *areas = node_get(e, "information_areas");
		p->ninformation_areas = areas && areas->kind == NODE_SEQ ? areas->n : 0;
		p->annex_ii = node_get_str(e, "annex_ii");
		if (hmap_put(&v->by_name, p->name, strlen(p->name), p))
			bad(q, e, "a product name appears twice in the product vocabulary", rc);
		hmap_put(&v->by_uri, p->uri, strlen(p->uri), p);
		v->nproducts++;
	}
}

/* A list of {<key>: code, ...} entries into a set keyed by code, the entry as value. */
static void load_codes(struct hmap *set, const struct node *list, const char *key, struct msgq *q, int *rc)
{
	for (size_t i = 0; list && i < list->n; i++) {
		const char *code = node_get_str(list->kids[i], key);
		if (code == NULL) {
			struct buf b = {0};
			buf_printf(&b, "a vocabulary entry needs '%s'", key);
			bad(q, list->kids[i], b.p, rc);
			buf_free(&b);
			continue;
		}
		hmap_put(set, code, strlen(code), (void *)list->kids[i]);
	}
}

int vocab_load(struct vocab *v, const struct standard *st, struct msgq *q)
{
	memset(v, 0, sizeof *v);
	int rc = 0;
	load_products(v, st, q, &rc);
	const struct node *events = entries(st, "life-events", "entries", q, &rc);
	load_codes(&v->life_events, events, "id", q, &rc);
	v->life_event_ids = xcalloc(events ? events->n + 1 : 1, sizeof *v->life_event_ids);
	for (size_t i = 0; events && i < events->n; i++)
		if (node_get_str(events->kids[i], "id"))
			v->life_event_ids[v->nlife_events++] = node_get_str(events->kids[i], "id");
	load_codes(&v->languages, entries(st, "languages", "entries", q, &rc), "code", q, &rc);
	load_codes(&v->annex_ii, entries(st, "sdg", "annex_ii", q, &rc), "code", q, &rc);
	load_codes(&v->information_areas, entries(st, "sdg", "information_areas", q, &rc), "code", q, &rc);
	return rc;
}

const struct product *vocab_product(const struct vocab *v, const char *s)
{
	if (s == NULL)
		return NULL;
	const struct product *p = hmap_get(&v->by_name, s, strlen(s));
	return p ? p : hmap_get(&v->by_uri, s, strlen(s));
}

size_t vocab_nearest_products(const struct vocab *v, const char *s, const char **out, size_t n)
{
	size_t found = 0, cap = strlen(s) / 3 + 1;
	if (cap > 4)
		cap = 4;
	for (size_t d = 0; d <= cap && found < n; d++)
		for (size_t i = 0; i < v->nproducts && found < n; i++)
			if (edit_distance(s, v->products[i].name, cap) == d)
				out[found++] = v->products[i].name;
	return found;
}

const char *vocab_life_event(const struct vocab *v, const char *id, const char *lang)
{
	const struct node *e = hmap_get(&v->life_events, id, strlen(id));
	if (e == NULL)
		return NULL;
	const struct node *label = node_get(e, "label");
	const char *s = node_get_str(label, lang);
	return s ? s : node_get_str(label, "nl") ? node_get_str(label, "nl") : id;
}

int vocab_has_language(const struct vocab *v, const char *code)
{
	/* A BCP 47 tag is known when its primary language subtag is: nl-BE counts as nl. */
	size_t n = strcspn(code, "-");
	return hmap_get(&v->languages, code, n) != NULL;
}

int vocab_is_annex_ii(const struct vocab *v, const char *code) { return hmap_get(&v->annex_ii, code, strlen(code)) != NULL; }

int vocab_is_information_area(const struct vocab *v, const char *code)
{
	return hmap_get(&v->information_areas, code, strlen(code)) != NULL;
}

void vocab_free(struct vocab *v)
{
	free(v->products);
	free(v->life_event_ids);
	hmap_free(&v->by_name);
	hmap_free(&v->by_uri);
	hmap_free(&v->life_events);
	hmap_free(&v->languages);
	hmap_free(&v->annex_ii);
	hmap_free(&v->information_areas);
	memset(v, 0, sizeof *v);
}
