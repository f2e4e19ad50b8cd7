/* upl.h: the Uniforme Productnamenlijst (UPL) as published in CSV: a small RFC 4180 reader
 * (quoted fields, doubled quotes, CRLF, a BOM) and the products, merged from the rows that
 * the list repeats per legal basis. Columns are found by their header name. */
#ifndef LOKET_UPL_H
#define LOKET_UPL_H

#include "msg.h"
#include "util.h"

/* Layers of government, as the UPL columns Rijk, Provincie, Waterschap, Gemeente
 * (the same bits as enum layer in vocab.h). */
enum { UPL_RIJK = 1, UPL_PROVINCIE = 2, UPL_WATERSCHAP = 4, UPL_GEMEENTE = 8 };

struct upl_legal {
	const char *uri, *title, *url; /* Grondslag, Grondslaglabel, Grondslaglink ("" when empty) */
};

struct upl_product {
	const char *name, *uri;
	unsigned layers; /* UPL_* bits */
	int citizen, business;
	const char **sdg; /* SDG information-area codes (the SDG column, split at ; , : and spaces) */
	size_t nsdg;
	struct upl_legal *legal;
	size_t nlegal;
	unsigned line; /* the first row of the product */
};

struct upl {
	const char *path;
	struct upl_product *v; /* in the order of the file */
	size_t n, cap;
	size_t rows;        /* data rows read */
	struct arena arena; /* every string */
};

/* Read a UPL CSV file (at most 64 MiB). Problems go to q, positioned file:line:col:
 * SCM005 (the CSV cannot be read: a broken quote, a wrong number of fields, a byte that is
 * not UTF-8), SCM006 (the file is empty, a required column or value is missing), SCM007
 * (a warning: rows of one product disagree; the first row counts).
 * Returns 0, -1 when the list cannot be used, -2 when the file cannot be read (SYS001). */
int upl_read_file(struct upl *u, const char *path, struct msgq *q);
/* The same over bytes in memory; `name` is used in positions. */
int upl_read_mem(struct upl *u, const char *name, const char *data, size_t len, struct msgq *q);
void upl_free(struct upl *u);

/* A lookup of an Annex II code by product name and URI (the built-in vocabulary keeps
 * them: the UPL has no such column); may return NULL. */
typedef const char *(*upl_annex_fn)(void *ctx, const char *name, const char *uri);

/* Write the products as the YAML vocabulary of schemas/vocabularies/products.yaml. */
void upl_write_yaml(const struct upl *u, const char *source_name, upl_annex_fn annex, void *ctx, struct buf *out);

#endif
