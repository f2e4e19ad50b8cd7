/* vocab.h: the vocabularies of the standard (products, life events, languages, SDG codes)
 * as lookup tables. */
#ifndef LOKET_VOCAB_H
#define LOKET_VOCAB_H

#include "msg.h"
#include "standard.h"

enum layer { LAYER_RIJK = 1, LAYER_PROVINCIE = 2, LAYER_WATERSCHAP = 4, LAYER_GEMEENTE = 8 };

struct product {
	const char *name, *uri;
	unsigned layers; /* enum layer bits */
	int citizen, business;
	size_t ninformation_areas;
	const char *annex_ii; /* NULL when not an Annex II procedure */
};

struct vocab {
	struct product *products;
	size_t nproducts;
	struct hmap by_name, by_uri, life_events, languages, annex_ii, information_areas;
	const char **life_event_ids; /* in the vocabulary's order */
	size_t nlife_events;
};

/* Build the tables from the standard's vocabularies; problems go to q (SCM004).
 * Returns 0 when usable. */
int vocab_load(struct vocab *v, const struct standard *st, struct msgq *q);
/* A product by uniform name or by URI, or NULL. */
const struct product *vocab_product(const struct vocab *v, const char *name_or_uri);
/* The product names nearest to s (at most n), for "did you mean"; returns the count. */
size_t vocab_nearest_products(const struct vocab *v, const char *s, const char **out, size_t n);
/* The label of a life event in a language ("nl", "en"), or NULL when unknown. */
const char *vocab_life_event(const struct vocab *v, const char *id, const char *lang);
int vocab_has_language(const struct vocab *v, const char *code);
int vocab_is_annex_ii(const struct vocab *v, const char *code);
int vocab_is_information_area(const struct vocab *v, const char *code);
void vocab_free(struct vocab *v);

#endif
