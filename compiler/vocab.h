/* vocab.h: the vocabularies of the standard (products, life events, languages, SDG codes)
 * as lookup tables. */
#ifndef LOKET_VOCAB_H
#define LOKET_VOCAB_H

#include "msg.h"
#include "readability.h"
#include "regex.h"
#include "standard.h"
#include "upl.h"

enum layer { LAYER_RIJK = 1, LAYER_PROVINCIE = 2, LAYER_WATERSCHAP = 4, LAYER_GEMEENTE = 8 };

struct product {
	const char *name, *uri;
	unsigned layers; /* enum layer bits */
	int citizen, business;
	size_t ninformation_areas;
	const char *annex_ii; /* NULL when not an Annex II procedure */
};

/* An entry of the plain-language vocabulary: officialese and its plain alternative. */
struct plain_phrase {
	const char *pattern, *suggestion;
	enum rd_lang lang;
	struct regex *re; /* the pattern, compiled once */
	struct regex *at; /* the same anchored at the start offset (\G) */
	char prefix[24];  /* the literal text every match starts with (after \b), lowercase ASCII */
	size_t nprefix;   /* 0: no usable prefix; the pattern is searched through the whole text */
};

/* A phrase by the first three letters of its prefix, to look up at each word start. A phrase
 * that starts with a group of alternatives, \b(voornoemd|bovengenoemd), has a key for each. */
struct plain_key {
	uint32_t key;
	size_t phrase;
	char prefix[24]; /* the literal text (lowercase ASCII) of this key's matches: the phrase's, or an alternative's
	                  */
	size_t nprefix;
};

struct vocab {
	struct product *products;
	size_t nproducts;
	struct hmap by_name, by_uri, life_events, languages, annex_ii, information_areas;
	const char **life_event_ids; /* in the vocabulary's order */
	size_t nlife_events;
	struct upl *upl;              /* the product list of --products (owned), or NULL: built in */
	struct plain_phrase *phrases; /* vocabularies/plain-language.yaml (optional) */
	size_t nphrases;
	struct plain_key *plain_keys[RD_NONE]; /* per language, sorted by key */
	size_t nplain_keys[RD_NONE];
	/* Per language, a bit for each hash of the keys: most word starts have none, and
	 * skip the binary search. */
	uint64_t plain_bits[RD_NONE][64];
	size_t *plain_scan[RD_NONE]; /* per language: the phrases without a prefix */
	size_t nplain_scan[RD_NONE];
	/* vocabularies/search-synonyms.yaml (optional): entries {term, synonyms: [...]} for the
	 * portal's search; NULL when the standard has none. */
	const struct node *synonyms;
};

/* Build the tables from the standard's vocabularies; problems go to q (SCM004).
 * Returns 0 when usable. */
int vocab_load(struct vocab *v, const struct standard *st, struct msgq *q);
/* Replace the product vocabulary by a UPL product list (taken over: freed with v). Products
 * the built-in vocabulary knows by name or URI keep its Annex II code (the UPL has none). */
void vocab_use_upl(struct vocab *v, struct upl *u);
/* The Annex II code the vocabulary gives a product by name or URI, or NULL (an upl_annex_fn;
 * ctx is the struct vocab). */
const char *vocab_annex_ii(void *ctx, const char *name, const char *uri);
/* The first phrase of the plain-language vocabulary in text[offset, n) of a language:
 * returns the entry and sets the byte offsets of the match, or NULL when there is none
 * (or the text is over the matching limits). The text must be valid UTF-8 (a string of a loaded
 * tree): it is not checked again. */
const struct plain_phrase *vocab_plain_search(const struct vocab *v, enum rd_lang lang, const char *text, size_t n,
                                              size_t offset, size_t *start, size_t *end);
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
