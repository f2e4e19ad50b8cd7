/* node.c: lookups, equality and hashing over the document tree. */
#include "node.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct node *node_new(struct arena *a, enum node_kind kind, struct pos pos)
{
	struct node *n = arena_alloc(a, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = (unsigned char)kind;
	n->pos = pos;
	n->str = "";
	return n;
}

const struct node *node_get(const struct node *m, const char *key)
{
	if (m == NULL || m->kind != NODE_MAP)
		return NULL;
	size_t len = strlen(key);
	/* The length and the first byte first: most keys differ there, without a call. */
	for (size_t i = 0; i < m->n; i++) {
		const struct node *k = NODE_KEY(m, i);
		if (k->len == len && k->str[0] == key[0] && memcmp(k->str, key, len) == 0)
			return NODE_VAL(m, i);
	}
	return NULL;
}

const char *node_get_str(const struct node *m, const char *key)
{
	const struct node *v = node_get(m, key);
	return v && v->kind == NODE_STR ? v->str : NULL;
}

/* One reference token of a JSON pointer, unescaped (~1 is /, ~0 is ~). */
static size_t pointer_token(const char *p, char *out, size_t cap)
{
	size_t n = 0, i = 0;
	for (; p[i] && p[i] != '/'; i++) {
		char ch = p[i];
		if (ch == '~' && (p[i + 1] == '0' || p[i + 1] == '1'))
			ch = p[++i] == '0' ? '~' : '/';
		if (n + 1 < cap)
			out[n++] = ch;
	}
	out[n] = 0;
	return i;
}

struct node *node_at(struct node *n, const char *ptr, struct node **parent)
{
	char tok[256];
	*parent = NULL;
	while (n && *ptr == '/') {
		ptr += 1 + pointer_token(ptr + 1, tok, sizeof tok);
		struct node *next = NULL;
		if (n->kind == NODE_MAP) {
			for (size_t i = 0; i < n->n && !next; i++)
				if (!strcmp(NODE_KEY(n, i)->str, tok))
					next = NODE_VAL(n, i);
		} else if (n->kind == NODE_SEQ) {
			char *end;
			unsigned long k = strtoul(tok, &end, 10);
			if (*tok && *end == 0 && k < n->n)
				next = n->kids[k];
		}
		*parent = n;
		n = next;
	}
	return *ptr ? NULL : n;
}

int node_remove(struct node *parent, const struct node *child)
{
	size_t step = parent->kind == NODE_MAP ? 2 : 1, off = parent->kind == NODE_MAP ? 1 : 0;
	if (parent->kind != NODE_MAP && parent->kind != NODE_SEQ)
		return 0;
	for (size_t i = 0; i < parent->n; i++)
		if (parent->kids[i * step + off] == child) {
			memmove(&parent->kids[i * step], &parent->kids[(i + 1) * step],
			        (parent->n - i - 1) * step * sizeof *parent->kids);
			parent->n--;
			return 1;
		}
	return 0;
}

int node_is_number(const struct node *n) { return n->kind == NODE_INT || n->kind == NODE_FLOAT; }

/* Recursion here is bounded by the loader's depth limit on both trees. */
int node_equal(const struct node *a, const struct node *b)
{
	if (node_is_number(a) && node_is_number(b))
		return a->num == b->num;
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case NODE_NULL:
		return 1;
	case NODE_BOOL:
		return a->boolean == b->boolean;
	case NODE_STR:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	case NODE_SEQ:
		if (a->n != b->n)
			return 0;
		for (size_t i = 0; i < a->n; i++)
			if (!node_equal(a->kids[i], b->kids[i]))
				return 0;
		return 1;
	case NODE_MAP:
		if (a->n != b->n)
			return 0;
		for (size_t i = 0; i < a->n; i++) {
			const struct node *k = NODE_KEY(a, i);
			const struct node *other = NULL;
			for (size_t j = 0; j < b->n; j++) {
				const struct node *kb = NODE_KEY(b, j);
				if (kb->len == k->len && memcmp(kb->str, k->str, k->len) == 0) {
					other = NODE_VAL(b, j);
					break;
				}
			}
			if (other == NULL || !node_equal(NODE_VAL(a, i), other))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

unsigned long long node_hash(const struct node *n)
{
	unsigned long long h;
	switch (n->kind) {
	case NODE_INT:
	case NODE_FLOAT: {
		double d = n->num == 0 ? 0 : n->num; /* -0 equals 0 */
		return hash_bytes(&d, sizeof d) ^ 0x51;
	}
	case NODE_BOOL:
		return 0x1234u + (unsigned)n->boolean;
	case NODE_NULL:
		return 0x99;
	case NODE_STR:
		return hash_bytes(n->str, n->len);
	case NODE_SEQ:
		h = 0x5e9;
		for (size_t i = 0; i < n->n; i++)
			h = h * 31 + node_hash(n->kids[i]);
		return h;
	case NODE_MAP:
		h = 0x3a9;
		for (size_t i = 0; i < n->n; i++) /* order-independent: a sum */
			h += hash_bytes(NODE_KEY(n, i)->str, NODE_KEY(n, i)->len) * 7 + node_hash(NODE_VAL(n, i));
		return h;
	default:
		return 0;
	}
}

/* In the chosen language (i18n.h): it names a value in a message. */
const char *node_kind_phrase(const struct node *n)
{
	switch (n->kind) {
	case NODE_NULL:
		return _("empty");
	case NODE_BOOL:
		return _("true or false");
	case NODE_INT:
		return _("a whole number");
	case NODE_FLOAT:
		return isfinite(n->num) ? _("a number") : _("an infinite number");
	case NODE_STR:
		return _("text");
	case NODE_MAP:
		return _("a mapping of fields");
	case NODE_SEQ:
		return _("a list");
	default:
		return _("unknown");
	}
}
