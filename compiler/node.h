/* node.h: the generic document tree (mapping, sequence, scalars) with a file:line:col on every node. */
#ifndef LOKET_NODE_H
#define LOKET_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* A position in a source file; line and col are 1-based, col counts code points. */
struct pos {
	const char *file;
	unsigned line, col;
};

enum node_kind { NODE_NULL, NODE_BOOL, NODE_INT, NODE_FLOAT, NODE_STR, NODE_MAP, NODE_SEQ, NODE_KIND__MAX };

/* 56 bytes: 32-bit lengths and counts (a file is at most LOAD_MAX_BYTES), the kind in a
 * byte. The position (16 bytes, with its file name) is most of the rest; a smaller node
 * needs positions as offsets into a line table, read through an accessor everywhere. */
struct node {
	struct pos pos;
	/* Scalars: the text (NUL-terminated, no NUL inside) and its byte length. */
	const char *str;
	struct node **kids; /* NODE_SEQ: n items; NODE_MAP: 2n (key, value) */
	double num;         /* NODE_INT, NODE_FLOAT */
	uint32_t len;
	uint32_t n;         /* NODE_SEQ: items; NODE_MAP: pairs */
	int boolean;        /* NODE_BOOL */
	unsigned char kind; /* enum node_kind */
};

#define NODE_KEY(m, i) ((m)->kids[2 * (i)])
#define NODE_VAL(m, i) ((m)->kids[2 * (i) + 1])

/* A node of the given kind at pos in the arena, empty (text "", no children): both YAML
 * loaders (load_yaml.c, load_fast.c) make their nodes with it, so their trees agree. */
struct node *node_new(struct arena *a, enum node_kind kind, struct pos pos);

/* The value under `key` in a mapping, or NULL (also when m is not a mapping). */
const struct node *node_get(const struct node *m, const char *key);
/* The text of a string node under `key`, or NULL. */
const char *node_get_str(const struct node *m, const char *key);
int node_is_number(const struct node *n);
/* Deep equality as JSON Schema defines it (1 equals 1.0; mappings ignore order). */
int node_equal(const struct node *a, const struct node *b);
/* A hash consistent with node_equal. */
unsigned long long node_hash(const struct node *n);
/* The node at a JSON pointer (RFC 6901: "/channels/0/url"; "" is n itself), or NULL.
 * *parent is set to the mapping or list that holds it (NULL for n itself). */
struct node *node_at(struct node *n, const char *ptr, struct node **parent);
/* Take child out of the mapping (the key and its value) or list that holds it.
 * Returns 1 when it was there. The nodes stay in the document's arena. */
int node_remove(struct node *parent, const struct node *child);
/* A short name of a node's type for messages: "text", "a number", "a list" ... */
const char *node_kind_phrase(const struct node *n);

#endif
