/* load_fast.c: the loader's fast path, for the block-YAML subset descriptions are written
 * in (CONTRIBUTING, "The YAML fast path"). It reads the text line by line and builds the
 * tree libyaml's events give (load_yaml.c), node for node and position for position.
 * Anything outside the subset, and anything libyaml would refuse or warn about, makes it
 * decline without a word: libyaml then reads the file, so every message stays libyaml's.
 * tests/yamlfast and the fuzz_yaml_diff harness hold the two to the same trees. */
#include <stdlib.h>
#include <string.h>

#include "load.h"

struct fast {
	struct doc *d;
	const char *end; /* one past the text's last byte */
	const char *p;   /* the start of the first line not read yet */
	unsigned line;   /* its number */
	const char *c;   /* after peek(): the first byte of the waiting content line */
	unsigned ind;    /* and its indentation */
	unsigned max_depth;
	int bad;            /* outside the subset: the tree is dropped */
	struct node **kids; /* children of the open collections, as in load_yaml.c */
	size_t nkids, kids_cap;
};

/* Bytes a key may hold: ASCII letters, digits, '_' and '-' (key_colon refuses a key that
 * starts with '-': "- " opens a list entry). None is an indicator of YAML's. */
static int key_byte(unsigned char c)
{
	static const unsigned char table[256] = {
	        ['-'] = 1, ['_'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	        ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
	        ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	        ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
	        ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1,
	        ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
	        ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	        ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	};
	return table[c];
}

/* Bytes a plain item of a flow list may hold: none of ",[]{}:#" that end or break it. */
static int item_byte(unsigned char c)
{
	return key_byte(c) || c == '.' || c == '/' || c == '+' || c == ' ' || c >= 0x80;
}

static void *bail(struct fast *f)
{
	f->bad = 1;
	return NULL;
}

static const char *line_end(const struct fast *f, const char *q)
{
	const char *e = memchr(q, '\n', (size_t)(f->end - q));
	return e ? e : f->end;
}

/* The line that ends at e has been read. */
static void take_line(struct fast *f, const char *e)
{
	if (e < f->end) {
		f->p = e + 1;
		f->line++;
	} else {
		f->p = f->end;
	}
}

static int space_or_end(const struct fast *f, const char *q) { return q >= f->end || *q == ' ' || *q == '\n'; }

/* Find the next line with content (not blank, not only a comment): 1 with f->c and f->ind
 * set, 0 at the end of the text. A document marker or directive declines. */
static int peek(struct fast *f)
{
	while (f->p < f->end && !f->bad) {
		const char *q = f->p;
		while (q < f->end && *q == ' ')
			q++;
		if (q < f->end && *q != '\n' && *q != '#') {
			f->c = q;
			f->ind = (unsigned)(q - f->p);
			if (f->ind == 0 &&
			    (*q == '%' || (f->end - q >= 3 && (!memcmp(q, "---", 3) || !memcmp(q, "...", 3)) &&
			                   space_or_end(f, q + 3)))) {
				bail(f);
				return 0;
			}
			return 1;
		}
		take_line(f, line_end(f, q));
	}
	return 0;
}

/* The position of byte x of the line at f->p: columns count code points, as libyaml's.
 * Before every node but a flow list's items there are only spaces, '-', a key (ASCII) and
 * its ':', so the column is the byte count; flow items count what comes before them. */
static struct pos pos_of(const struct fast *f, const char *x)
{
	return (struct pos){f->d->path, f->line, (unsigned)(x - f->p) + 1};
}

/* A flow item's position: the code points since the last item (at `*from`, column
 * `*col`) are counted, so a list costs one pass over its line. */
static struct pos pos_counted(const struct fast *f, const char *x, const char **from, unsigned *col)
{
	*col += (unsigned)utf8_count(*from, (size_t)(x - *from));
	*from = x;
	return (struct pos){f->d->path, f->line, *col};
}

static struct node *new_node(struct fast *f, enum node_kind kind, struct pos pos)
{
	return node_new(&f->d->arena, kind, pos);
}

static struct node *new_text(struct fast *f, struct pos pos, const char *s, size_t len)
{
	struct node *n = new_node(f, NODE_STR, pos);
	n->str = arena_strndup(&f->d->arena, s, len);
	n->len = (uint32_t)len;
	return n;
}

static void push(struct fast *f, struct node *n)
{
	f->kids = xgrow(f->kids, &f->kids_cap, f->nkids + 1, sizeof *f->kids);
	f->kids[f->nkids++] = n;
}

/* Give the children pushed since `start` to n. */
static void close_collection(struct fast *f, struct node *n, size_t start)
{
	size_t count = f->nkids - start;
	n->kids = arena_alloc(&f->d->arena, (count ? count : 1) * sizeof *n->kids);
	if (count)
		memcpy(n->kids, f->kids + start, count * sizeof *n->kids);
	f->nkids = start;
	n->n = (uint32_t)(n->kind == NODE_MAP ? count / 2 : count);
}

/* A key given twice is libyaml's path's to report (YML002). */
static int has_duplicates(const struct node *m)
{
	if (m->n <= 32) {
		for (size_t i = 1; i < m->n; i++)
			for (size_t j = 0; j < i; j++)
				if (NODE_KEY(m, i)->len == NODE_KEY(m, j)->len &&
				    !memcmp(NODE_KEY(m, i)->str, NODE_KEY(m, j)->str, NODE_KEY(m, i)->len))
					return 1;
		return 0;
	}
	struct hmap seen = {0};
	int dup = 0;
	for (size_t i = 0; i < m->n && !dup; i++)
		dup = hmap_put(&seen, NODE_KEY(m, i)->str, NODE_KEY(m, i)->len, NODE_KEY(m, i)) != NULL;
	hmap_free(&seen);
	return dup;
}

/* The ':' after a key that starts at c ("name:" then a space or the line's end), or NULL. */
static const char *key_colon(const struct fast *f, const char *c)
{
	const char *q = c;
	if (q >= f->end || !key_byte((unsigned char)*q) || *q == '-')
		return NULL;
	while (q < f->end && key_byte((unsigned char)*q))
		q++;
	if (q >= f->end || *q != ':' || q - c > 1000 || !space_or_end(f, q + 1))
		return NULL;
	return q;
}

static int is_entry(const struct fast *f, const char *c) { return *c == '-' && space_or_end(f, c + 1); }

/* After a value: only spaces, then the line's end or a comment. */
static int rest_is_empty(const char *q, const char *e)
{
	const char *s = q;
	while (q < e && *q == ' ')
		q++;
	return q == e || (*q == '#' && q > s);
}

static struct node *parse_map(struct fast *f, unsigned indent, const char *c, unsigned depth);
static struct node *parse_seq(struct fast *f, unsigned indent, unsigned depth);

/* A plain scalar that ends on its line. */
static struct node *parse_plain(struct fast *f, const char *v)
{
	if (strchr(",[]{}#&*!%@`", *v) || ((*v == '-' || *v == '?' || *v == ':') && space_or_end(f, v + 1)))
		return bail(f);
	const char *e = line_end(f, v), *q = e;
	for (const char *h = v + 1; (h = memchr(h, '#', (size_t)(e - h))) != NULL; h++)
		if (h[-1] == ' ') { /* a comment: the text ends before its space */
			q = h - 1;
			break;
		}
	for (const char *k = v; (k = memchr(k, ':', (size_t)(q - k))) != NULL; k++)
		if (k + 1 == e || k[1] == ' ')
			return bail(f); /* a second mapping value, or a key: libyaml's to judge */
	while (q > v && q[-1] == ' ')
		q--;
	struct node *n = new_text(f, pos_of(f, v), v, (size_t)(q - v));
	n->kind = (unsigned char)load_resolve_plain(n->str, &n->num, &n->boolean);
	take_line(f, e);
	return n;
}

/* A quoted scalar that closes on its line: '...' with '' for a quote, "..." without escapes. */
static struct node *parse_quoted(struct fast *f, const char *v)
{
	const char *e = line_end(f, v), *q = v + 1;
	char *text = arena_alloc(&f->d->arena, (size_t)(e - v));
	size_t len = 0;
	for (;; q++) {
		if (q >= e || (*v == '"' && *q == '\\'))
			return bail(f); /* over more lines, or an escape: libyaml's */
		if (*q == *v) {
			if (*v == '\'' && q + 1 < e && q[1] == '\'')
				q++;
			else
				break;
		}
		text[len++] = *q;
	}
	text[len] = '\0';
	if (!rest_is_empty(q + 1, e))
		return bail(f);
	struct node *n = new_node(f, NODE_STR, pos_of(f, v));
	n->str = text;
	n->len = (uint32_t)len;
	take_line(f, e);
	return n;
}

/* A flow list on one line: [a, b, "c"]. */
static struct node *parse_flow(struct fast *f, const char *v, unsigned depth)
{
	if (depth > f->max_depth)
		return bail(f);
	const char *e = line_end(f, v), *q = v + 1;
	struct node *list = new_node(f, NODE_SEQ, pos_of(f, v));
	const char *counted = v;
	unsigned col = list->pos.col;
	size_t start = f->nkids;
	while (q < e && *q == ' ')
		q++;
	while (q < e && *q != ']') {
		const char *s = q;
		if (*q == '"') {
			q++;
			while (q < e && *q != '"' && *q != '\\')
				q++;
			if (q >= e || *q != '"')
				return bail(f);
			push(f, new_text(f, pos_counted(f, s, &counted, &col), s + 1, (size_t)(q - s - 1)));
			q++;
		} else {
			if (!key_byte((unsigned char)*q) && (unsigned char)*q < 0x80)
				return bail(f);
			if (*q == '-')
				return bail(f);
			while (q < e && item_byte((unsigned char)*q))
				q++;
			const char *t = q;
			while (t > s && t[-1] == ' ')
				t--;
			struct node *item = new_text(f, pos_counted(f, s, &counted, &col), s, (size_t)(t - s));
			item->kind = (unsigned char)load_resolve_plain(item->str, &item->num, &item->boolean);
			push(f, item);
		}
		while (q < e && *q == ' ')
			q++;
		if (q < e && *q == ',') {
			q++;
			while (q < e && *q == ' ')
				q++;
			if (q < e && *q == ']')
				return bail(f);
		} else if (q >= e || *q != ']') {
			return bail(f);
		}
	}
	if (q >= e || !rest_is_empty(q + 1, e))
		return bail(f);
	close_collection(f, list, start);
	take_line(f, e);
	return list;
}

/* A literal (| or |-) or folded (> or >-) block whose lines are indented deeper than
 * `parent`, the column of the collection that holds it. */
static struct node *parse_block(struct fast *f, const char *v, unsigned parent)
{
	int folded = *v == '>';
	struct pos pos = pos_of(f, v);
	const char *e = line_end(f, v), *q = v + 1;
	int strip = q < e && *q == '-';
	if (!rest_is_empty(q + strip, e) || e == f->end)
		return bail(f); /* "|+", "|2", text after the header, or nothing after it */
	take_line(f, e);
	const char *first = f->p, *l = first;
	unsigned m = 0;
	while (l + m < f->end && l[m] == ' ')
		m++;
	if (l + m >= f->end || l[m] == '\n' || m <= parent)
		return bail(f); /* blank lines first, or an empty block */
	/* First pass: where the block ends, and that no blank line holds more than m spaces
	 * (those spaces would be text). */
	const char *last = NULL; /* the end of the last line with text */
	unsigned lines = 0, last_lines = 0;
	while (l < f->end) {
		const char *le = line_end(f, l);
		unsigned k = 0;
		while (l + k < le && l[k] == ' ')
			k++;
		if (l + k == le) {
			if (k > m)
				return bail(f);
		} else if (k < m) {
			break;
		} else {
			last = le;
			last_lines = lines + 1;
		}
		lines++;
		l = le < f->end ? le + 1 : f->end;
	}
	/* Second pass: the text. Lines are joined by a line break, or in a folded block (>) by
	 * a space where neither is indented more (libyaml's scan_block_scalar); each blank line
	 * between adds a break. The last line keeps its break unless "-" strips it. */
	char *text = arena_alloc(&f->d->arena, (size_t)(last - first) + 2);
	size_t len = 0;
	unsigned blanks = 0;
	int prev_deeper = 0, started = 0;
	l = first;
	for (unsigned i = 0; i < last_lines; i++) {
		const char *le = line_end(f, l);
		take_line(f, le);
		if (l + m >= le) { /* a blank line */
			blanks++;
			l = f->p;
			continue;
		}
		int deeper = l[m] == ' ';
		if (started && !(folded && !prev_deeper && !deeper))
			text[len++] = '\n';
		else if (started && blanks == 0)
			text[len++] = ' ';
		for (; blanks > 0; blanks--)
			text[len++] = '\n';
		memcpy(text + len, l + m, (size_t)(le - l - m));
		len += (size_t)(le - l - m);
		prev_deeper = deeper;
		started = 1;
		if (i + 1 == last_lines && !strip && le < f->end)
			text[len++] = '\n';
		l = f->p;
	}
	text[len] = '\0';
	struct node *n = new_node(f, NODE_STR, pos);
	n->str = text;
	n->len = (uint32_t)len;
	return n;
}

/* A value that starts on its key's or its entry's line, at v. */
static struct node *parse_inline(struct fast *f, const char *v, unsigned parent, unsigned depth)
{
	switch (*v) {
	case '|':
	case '>':
		return parse_block(f, v, parent);
	case '"':
	case '\'':
		return parse_quoted(f, v);
	case '[':
		return parse_flow(f, v, depth + 1);
	default:
		return parse_plain(f, v);
	}
}

/* The value after a key's ':' at `after`, in a mapping at column `indent`. */
static struct node *parse_value(struct fast *f, const char *after, unsigned indent, unsigned depth)
{
	const char *v = after;
	while (v < f->end && *v == ' ')
		v++;
	if (v < f->end && *v != '\n' && *v != '#')
		return parse_inline(f, v, indent, depth);
	take_line(f, line_end(f, v));
	if (!peek(f))
		return bail(f); /* no value: libyaml's empty scalar */
	if (f->ind > indent)
		return is_entry(f, f->c) ? parse_seq(f, f->ind, depth + 1) : parse_map(f, f->ind, f->c, depth + 1);
	if (f->ind == indent && is_entry(f, f->c))
		return parse_seq(f, indent, depth + 1); /* a list at its key's column */
	return bail(f);
}

/* A block mapping at column `indent` whose first key starts at c, on the line at f->p. */
static struct node *parse_map(struct fast *f, unsigned indent, const char *c, unsigned depth)
{
	if (depth > f->max_depth)
		return bail(f);
	struct node *map = NULL;
	size_t start = f->nkids;
	for (;;) {
		const char *colon = key_colon(f, c);
		if (colon == NULL)
			return bail(f);
		struct node *key = new_text(f, pos_of(f, c), c, (size_t)(colon - c));
		if (map == NULL)
			map = new_node(f, NODE_MAP, key->pos);
		push(f, key);
		struct node *value = parse_value(f, colon + 1, indent, depth);
		if (value == NULL)
			return NULL;
		push(f, value);
		if (!peek(f) || f->ind < indent)
			break;
		if (f->ind > indent)
			return bail(f);
		c = f->c;
	}
	close_collection(f, map, start);
	return has_duplicates(map) ? bail(f) : map;
}

/* A block list whose entries start at column `indent`; the first is the line at f->p. */
static struct node *parse_seq(struct fast *f, unsigned indent, unsigned depth)
{
	if (depth > f->max_depth)
		return bail(f);
	struct node *list = new_node(f, NODE_SEQ, pos_of(f, f->c));
	size_t start = f->nkids;
	do {
		const char *c = f->c + 1;
		while (c < f->end && *c == ' ')
			c++;
		if (c >= f->end || *c == '\n' || *c == '#' || is_entry(f, c))
			return bail(f); /* an entry on the next line, or a list in a list */
		struct node *item = key_colon(f, c) ? parse_map(f, (unsigned)(c - f->p), c, depth + 1)
		                                    : parse_inline(f, c, indent, depth);
		if (item == NULL)
			return NULL;
		push(f, item);
	} while (peek(f) && f->ind == indent && is_entry(f, f->c));
	close_collection(f, list, start);
	return list;
}

/* Bytes the subset leaves to libyaml wherever they are: a byte order mark, tabs, carriage
 * returns, and U+FFFE and U+FFFF, which the pre-scan passes and libyaml refuses. */
static int outside_subset(const char *s, size_t n)
{
	if (memchr(s, '\t', n) || memchr(s, '\r', n))
		return 1;
	for (const char *q = s; (q = memchr(q, '\xef', n - (size_t)(q - s))) != NULL; q++)
		if (q == s || (n - (size_t)(q - s) >= 3 && q[1] == '\xbf' && (q[2] == '\xbe' || q[2] == '\xbf')))
			return 1;
	return 0;
}

int load_fast(struct doc *d, const struct load_limits *lim)
{
	if (d->len == 0 || outside_subset(d->src, d->len))
		return 0;
	struct fast f = {.d = d, .end = d->src + d->len, .p = d->src, .line = 1, .max_depth = lim->max_depth};
	struct node *root = NULL;
	if (peek(&f) && f.ind == 0)
		root = parse_map(&f, 0, f.c, 1);
	if (root != NULL && peek(&f))
		bail(&f);
	free(f.kids);
	if (root == NULL || f.bad) {
		arena_free(&d->arena);
		return 0;
	}
	d->root = root;
	return 1;
}
