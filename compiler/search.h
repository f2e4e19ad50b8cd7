/* search.h: the portal's search index, built at build time: words folded and stemmed
 * (Snowball, per language), compound words split where a known word starts, weights by
 * field, the synonym vocabulary; written as a script for assets/search.js. */
#ifndef LOKET_SEARCH_H
#define LOKET_SEARCH_H

#include "node.h"
#include "util.h"

enum { SEARCH_MAX_FIELDS = 16 };

/* Field weights: a word in the title counts most, in the description least. */
enum search_weight {
	SEARCH_W_AGENCY = 1,
	SEARCH_W_DESCRIPTION = 2,
	SEARCH_W_SUMMARY = 4,
	SEARCH_W_LIFE_EVENT = 5,
	SEARCH_W_PRODUCT = 8,
	SEARCH_W_TITLE = 10,
};

struct search_field {
	const char *text;
	enum search_weight weight;
	const char *lang; /* the text's language when not the document's (NULL) */
	/* Or, text NULL and len > 0: len bytes at off, read through the search_source. */
	size_t off, len;
};

/* Where long texts wait while the documents are collected (the build's spool): read
 * appends len bytes at off to b and returns 0, or -1. */
struct search_source {
	int (*read)(void *arg, size_t off, size_t len, struct buf *b);
	void *arg;
};

/* One page to find: what the results list shows, and the texts to index. */
struct search_doc {
	const char *url;   /* relative to html/ */
	const char *lang;  /* the page's language: chooses the stemmer */
	const char *title; /* shown as the link */
	const char *agency;
	const struct search_field *fields; /* the caller's */
	size_t nfields;
};

/* Append to out the script "window.LOKET_SEARCH={...};" holding the documents, the
 * stemmed terms with their postings, the surface words, the stop words and the
 * synonyms (the entries of vocabularies/search-synonyms.yaml, or NULL). Terms are written
 * in byte order, so the same documents give the same bytes. */
void search_index_write(struct buf *out, const struct search_doc *docs, size_t n, const struct node *synonyms,
                        const struct search_source *src);

/* Fold a text into lowercase ASCII words where it can (é -> e, ï -> i); other
 * characters than letters and digits separate words. Calls fn for each word (not
 * NUL-terminated). Exposed for the unit tests. */
void search_words(const char *text, void (*fn)(const char *w, size_t n, void *arg), void *arg);

#endif
