/* yaml_diff.h: the differential check of the YAML fast path (compiler/load_fast.c) against
 * libyaml (compiler/load_yaml.c), shared by the libFuzzer harness tests/fuzz/fuzz_yaml_diff.c
 * and the deterministic test tests/yamlfast/diff.c.
 *
 * The same bytes are loaded with LOAD_PARSER_FAST and with LOAD_PARSER_LIBYAML. Where the fast
 * path takes them (LOAD_OK) libyaml must give LOAD_OK too, neither may report anything, and the
 * two trees must be equal node for node: kind, position (file, line, col), text (its bytes and
 * the NUL after them), length, number (NaN equals NaN; the sign of zeros and infinities counts),
 * boolean, count and the children in order. Where it declines it must give LOAD_INVALID, no
 * tree, an emptied arena and no message but the ones libyaml gives too (the pre-scan's refusal,
 * shared). The document's name and bytes must stay as they were. The same again with other
 * limits: max_depth 3, the depth of the tree and one less (the fast path declines or agrees;
 * libyaml gives YML004 where the tree is too deep), and any_root with allow_escaped_controls.
 *
 * Everything here is static and inline, so a program that uses only part of it gets no
 * unused-function warning. */
#ifndef LOKET_YAML_DIFF_H
#define LOKET_YAML_DIFF_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "load.h"
#include "msg.h"
#include "node.h"
#include "util.h"

/* What one call saw, for the coverage counts. */
struct yaml_diff_info {
	int taken;               /* the fast path took the input with the default limits */
	int refused;             /* the pre-scan (or the size limit) refused it: neither parser read it */
	unsigned variants_taken; /* how many of the other limits' runs the fast path took */
};

/* ---- comparing two trees ---- */

/* One step of the path from the root to the node being compared (a chain up the C stack, so
 * that nothing is built unless a difference is found). */
struct ydiff_step {
	const struct ydiff_step *up;
	const struct node *key; /* a mapping's key (the value under it, or the key itself) */
	size_t index;           /* a list item */
	int is_key;             /* the key node itself, not its value */
};

static inline const char *ydiff_kind_name(unsigned kind)
{
	static const char *const names[] = {"null", "bool", "int", "float", "str", "map", "seq"};
	return kind < NODE_KIND__MAX ? names[kind] : "kind?";
}

/* The bytes s[0..n) shown in double quotes with C escapes, at most max of them. */
static inline void ydiff_quote(struct buf *b, const char *s, size_t n, size_t max)
{
	buf_addc(b, '"');
	for (size_t i = 0; i < n && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
	if (n > max)
		buf_printf(b, "... (%zu bytes)", n);
}

/* A JSON pointer to the node (keys escaped as RFC 6901 says), "#key" after a mapping key. */
static inline void ydiff_path(struct buf *b, const struct ydiff_step *s)
{
	if (s == NULL)
		return;
	ydiff_path(b, s->up);
	buf_addc(b, '/');
	if (s->key == NULL) {
		buf_printf(b, "%zu", s->index);
		return;
	}
	const char *k = s->key->str ? s->key->str : "";
	for (size_t i = 0; i < s->key->len && k[i]; i++)
		if (k[i] == '~')
			buf_adds(b, "~0");
		else if (k[i] == '/')
			buf_adds(b, "~1");
		else
			buf_addc(b, k[i]);
	if (s->is_key)
		buf_adds(b, "#key");
}

/* One line about a node: kind, position, text, number, boolean, count. */
static inline void ydiff_node(struct buf *b, const struct node *n)
{
	if (n == NULL) {
		buf_adds(b, "(no node)");
		return;
	}
	buf_printf(b, "%s at %s:%u:%u", ydiff_kind_name(n->kind), n->pos.file ? n->pos.file : "(no file)", n->pos.line,
	           n->pos.col);
	if (n->str) {
		buf_adds(b, " str ");
		ydiff_quote(b, n->str, n->len, 80);
	} else {
		buf_adds(b, " str NULL");
	}
	buf_printf(b, " len %u num %.17g boolean %d n %u kids %s", (unsigned)n->len, n->num, n->boolean, (unsigned)n->n,
	           n->kids ? "set" : "NULL");
}

static inline int ydiff_num_equal(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return !(a < b) && !(a > b) && !signbit(a) == !signbit(b);
}

static inline int ydiff_str_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* What differs between two nodes themselves (not their children), or NULL. */
static inline const char *ydiff_field(const struct node *f, const struct node *l)
{
	if (f == NULL || l == NULL)
		return f == l ? NULL : "node";
	if (f->kind != l->kind)
		return "kind";
	if (!ydiff_str_equal(f->pos.file, l->pos.file))
		return "pos.file";
	if (f->pos.line != l->pos.line)
		return "pos.line";
	if (f->pos.col != l->pos.col)
		return "pos.col";
	if (f->len != l->len)
		return "len";
	if (f->str == NULL || l->str == NULL) {
		if (f->str != l->str)
			return "str (NULL)";
	} else if (memcmp(f->str, l->str, (size_t)l->len + 1) != 0) {
		return "str (bytes, or the NUL after them)";
	}
	if (!ydiff_num_equal(f->num, l->num))
		return "num";
	if (f->boolean != l->boolean)
		return "boolean";
	if (f->n != l->n)
		return "n";
	/* libyaml gives every mapping and list a child array, also an empty one: a NULL there
	 * would reach memcpy and qsort with a null pointer. */
	if ((f->kind == NODE_MAP || f->kind == NODE_SEQ) && (f->kids == NULL) != (l->kids == NULL))
		return "kids (NULL or not)";
	return NULL;
}

/* Compare the fast path's tree f with libyaml's l; 1 and a description in why at the first
 * difference (depth first, in order). The recursion is as deep as libyaml's tree (its
 * max_depth), since it stops at the first node that differs. */
static inline int ydiff_tree(const struct node *f, const struct node *l, const struct ydiff_step *at, struct buf *why)
{
	const char *what = ydiff_field(f, l);
	if (what) {
		buf_adds(why, "the trees differ at ");
		if (at == NULL)
			buf_adds(why, "the root");
		else
			ydiff_path(why, at);
		buf_printf(why, ": %s\n  fast:    ", what);
		ydiff_node(why, f);
		buf_adds(why, "\n  libyaml: ");
		ydiff_node(why, l);
		buf_addc(why, '\n');
		return 1;
	}
	if (f->kind == NODE_SEQ) {
		for (size_t i = 0; i < l->n; i++) {
			struct ydiff_step s = {at, NULL, i, 0};
			if (ydiff_tree(f->kids[i], l->kids[i], &s, why))
				return 1;
		}
	} else if (f->kind == NODE_MAP) {
		for (size_t i = 0; i < l->n; i++) {
			struct ydiff_step k = {at, NODE_KEY(l, i), i, 1}, v = {at, NODE_KEY(l, i), i, 0};
			if (ydiff_tree(NODE_KEY(f, i), NODE_KEY(l, i), &k, why) ||
			    ydiff_tree(NODE_VAL(f, i), NODE_VAL(l, i), &v, why))
				return 1;
		}
	}
	return 0;
}

/* How deeply mappings and lists nest: 0 for a scalar, 1 for a mapping of scalars. */
static inline unsigned ydiff_depth(const struct node *n)
{
	if (n->kind != NODE_MAP && n->kind != NODE_SEQ)
		return 0;
	unsigned most = 0, count = n->kind == NODE_MAP ? 2 * n->n : n->n;
	for (unsigned i = 0; i < count; i++) {
		unsigned d = ydiff_depth(n->kids[i]);
		if (d > most)
			most = d;
	}
	return most + 1;
}

/* ---- loading both ways ---- */

struct ydiff_load {
	struct doc d;
	struct msgq q;
	enum load_result r;
	int done;
};

static inline void ydiff_load(struct ydiff_load *x, const char *name, const char *data, size_t len,
                              struct load_limits lim, int parser)
{
	lim.parser = parser;
	x->q = (struct msgq){0};
	x->r = load_yaml_mem(&x->d, name, data, len, &lim, &x->q);
	x->done = 1;
}

static inline void ydiff_load_free(struct ydiff_load *x)
{
	if (!x->done)
		return;
	msg_free(&x->q);
	load_doc_free(&x->d);
	x->done = 0;
}

static inline void ydiff_diag(struct buf *b, const struct diag *g)
{
	buf_printf(b, "%s at %s:%u:%u: %s", msg_code_name(g->code), g->pos.file ? g->pos.file : "(no file)",
	           g->pos.line, g->pos.col, g->text ? g->text : "");
}

static inline void ydiff_limits(struct buf *b, const struct load_limits *lim)
{
	buf_printf(b, "max_depth %u, any_root %d, allow_escaped_controls %d", lim->max_depth, lim->any_root,
	           lim->allow_escaped_controls);
}

static inline int ydiff_same_diag(const struct diag *a, const struct diag *b)
{
	return a->id == b->id && a->code == b->code && a->sev == b->sev && a->pos.line == b->pos.line &&
	       a->pos.col == b->pos.col && ydiff_str_equal(a->pos.file, b->pos.file) &&
	       ydiff_str_equal(a->text, b->text) && ydiff_str_equal(a->hint, b->hint);
}

/* One run of both parsers under lim. *lib is libyaml's run under these limits: made here
 * (unless the caller has it already) only where it is needed, when the fast path took the input
 * or reported something; the caller frees it. Returns 1 with why filled at a difference;
 * *taken says whether the fast path took the input, *refused whether it gave messages. */
static inline int ydiff_run(const char *name, const char *data, size_t len, const struct load_limits *lim,
                            struct ydiff_load *lib, struct buf *why, int *taken, int *refused)
{
	struct ydiff_load fast = {0};
	ydiff_load(&fast, name, data, len, *lim, LOAD_PARSER_FAST);
	*taken = fast.r == LOAD_OK;
	*refused = fast.q.n > 0;
	size_t mark = why->len;
	int read = len <= lim->max_bytes; /* a larger input is refused (YML005) before it is copied */
	if ((read && (fast.d.len != len || (len && memcmp(fast.d.src, data, len) != 0))) ||
	    !ydiff_str_equal(fast.d.path, name))
		buf_adds(why, "the fast path changed the document's bytes or name\n");
	else if (fast.r != LOAD_OK && fast.r != LOAD_INVALID)
		buf_printf(why, "the fast path gave result %d (LOAD_OK or LOAD_INVALID expected)\n", (int)fast.r);
	else if (fast.r == LOAD_OK && fast.d.root == NULL)
		buf_adds(why, "the fast path gave LOAD_OK without a tree\n");
	else if (fast.r == LOAD_INVALID && fast.d.root != NULL)
		buf_adds(why, "the fast path gave LOAD_INVALID with a tree\n");
	else if (fast.r == LOAD_INVALID && fast.d.arena.head != NULL)
		buf_adds(why, "the fast path declined without emptying the arena\n");
	else if (fast.r == LOAD_OK && fast.q.n > 0) {
		buf_adds(why, "the fast path gave LOAD_OK with a message: ");
		ydiff_diag(why, &fast.q.d[0]);
		buf_addc(why, '\n');
	}
	if (why->len == mark && (fast.r == LOAD_OK || fast.q.n > 0)) {
		if (!lib->done)
			ydiff_load(lib, name, data, len, *lim, LOAD_PARSER_LIBYAML);
		if (fast.r == LOAD_OK && lib->r != LOAD_OK) {
			buf_adds(why, "the fast path took the input, libyaml refused it: ");
			if (lib->q.n)
				ydiff_diag(why, &lib->q.d[0]);
			else
				buf_printf(why, "result %d, no message", (int)lib->r);
			buf_addc(why, '\n');
		} else if (fast.r == LOAD_OK && lib->q.n > 0) {
			buf_adds(why, "libyaml gave LOAD_OK with a message: ");
			ydiff_diag(why, &lib->q.d[0]);
			buf_addc(why, '\n');
		} else if (fast.r == LOAD_OK) {
			ydiff_tree(fast.d.root, lib->d.root, NULL, why);
		} else {
			for (size_t i = 0; i < fast.q.n && why->len == mark; i++) {
				size_t j = 0;
				while (j < lib->q.n && !ydiff_same_diag(&fast.q.d[i], &lib->q.d[j]))
					j++;
				if (j == lib->q.n) {
					buf_adds(why, "the fast path declined with a message libyaml does not give: ");
					ydiff_diag(why, &fast.q.d[i]);
					buf_addc(why, '\n');
				}
			}
		}
	}
	if (why->len != mark) {
		buf_adds(why, "  limits: ");
		ydiff_limits(why, lim);
		buf_addc(why, '\n');
	}
	ydiff_load_free(&fast);
	return why->len != mark;
}

/* The differential check of the bytes data[0..len), named `name` in positions. Returns 1 when
 * the fast path and libyaml differ (why says where and how, each line ending in '\n'), 0 when
 * they agree; info (may be NULL) says what the fast path did. */
static inline int yaml_diff(const char *name, const char *data, size_t len, struct buf *why,
                            struct yaml_diff_info *info)
{
	struct yaml_diff_info own_info;
	if (info == NULL)
		info = &own_info;
	memset(info, 0, sizeof *info);
	struct load_limits lim = load_default_limits;
	struct ydiff_load lib = {0};
	int taken, refused;
	int diff = ydiff_run(name, data, len, &lim, &lib, why, &taken, &refused);
	info->taken = taken;
	info->refused = refused;
	/* libyaml's tree, when the fast path took the input: it serves the limits below that only
	 * loosen what it passed (a max_depth not below its depth, any_root, escaped controls):
	 * libyaml gives the same tree under them. */
	unsigned depth = !diff && taken && lib.done && lib.r == LOAD_OK ? ydiff_depth(lib.d.root) : 0;
	struct {
		unsigned max_depth;
		int any_root, escaped, use;
	} v[4] = {{3, 0, 0, 1}, {depth, 0, 0, depth > 0}, {depth - 1, 0, 0, depth > 0}, {LOAD_MAX_DEPTH, 1, 1, 1}};
	for (size_t i = 0; i < sizeof v / sizeof v[0] && !diff; i++) {
		if (!v[i].use || (i == 0 && depth == 3) || (i == 2 && depth == 4))
			continue; /* the same limits as another row */
		struct load_limits vl = lim;
		vl.max_depth = v[i].max_depth;
		vl.any_root = v[i].any_root;
		vl.allow_escaped_controls = v[i].escaped;
		struct ydiff_load own = {0};
		int loosens = depth > 0 && vl.max_depth >= depth;
		diff = ydiff_run(name, data, len, &vl, loosens ? &lib : &own, why, &taken, &refused);
		ydiff_load_free(&own);
		info->variants_taken += (unsigned)taken;
	}
	ydiff_load_free(&lib);
	return diff;
}

#endif
