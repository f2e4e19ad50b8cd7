/* load_yaml.c: libyaml events to a node tree; 0-based marks become 1-based here, once.
 * Refuses anchors, aliases, unknown tags, directives, duplicate keys, several
 * documents, deep nesting, large files, invalid UTF-8 and forbidden characters. */
#include <yaml.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "i18n.h"

const struct load_limits load_default_limits = {LOAD_MAX_BYTES, LOAD_MAX_DEPTH, 0, 0, LOAD_PARSER_ANY};

struct frame {
	struct node *node;
	size_t start; /* index of its first child on the shared child stack */
};

struct loader {
	struct doc *doc;
	const struct load_limits *lim;
	struct msgq *q;
	int failed; /* an error was reported: no tree */
	int stop;   /* stop reading the file */
	struct frame *frames;
	size_t nframes, frames_cap;
	struct node **kids;
	size_t nkids, kids_cap;
	struct node *root;
	unsigned docs;
	struct pos open_quote; /* the last quoted scalar that ran over several lines */
};

static struct pos mark_pos(struct loader *l, yaml_mark_t m)
{
	/* libyaml counts lines and columns (in code points) from 0, and skips a BOM. */
	return (struct pos){l->doc->path, (unsigned)m.line + 1, (unsigned)m.column + 1};
}

static void fail(struct loader *l) { l->failed = 1; }

/* ---- pre-scan of the raw bytes: encoding and forbidden characters ---- */

static void describe_cp(char *out, size_t n, uint32_t cp)
{
	switch (cp) {
	case 0:
		snprintf(out, n, "%s", _("NUL (a zero byte)"));
		break;
	case '\r':
		snprintf(out, n, "%s", _("CR (a carriage return without a line feed)"));
		break;
	case 0x85:
		snprintf(out, n, "%s", _("NEL (U+0085, next line)"));
		break;
	case 0x2028:
		snprintf(out, n, "%s", _("U+2028 (line separator)"));
		break;
	case 0x2029:
		snprintf(out, n, "%s", _("U+2029 (paragraph separator)"));
		break;
	case 0xfeff:
		snprintf(out, n, "%s", _("U+FEFF (a byte order mark after the start)"));
		break;
	case 0x202a:
	case 0x202b:
	case 0x202c:
	case 0x202d:
	case 0x202e:
	case 0x2066:
	case 0x2067:
	case 0x2068:
	case 0x2069:
		snprintf(out, n, "U+%04X (a bidirectional control character)", (unsigned)cp);
		break;
	default:
		snprintf(out, n, _("U+%04X (a control character)"), (unsigned)cp);
	}
}

static int forbidden_cp(uint32_t cp)
{
	/* Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) can make
	 * "EUR 1000" show as "EUR 0001": refused like the other invisible characters. */
	return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0xfeff || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The position of byte `off`, counted from `start` (after a BOM): the bytes before it are
 * valid UTF-8 without a lone CR, since the pre-scan stops at the first problem. */
static struct pos prescan_pos(const struct loader *l, size_t start, size_t off)
{
	const unsigned char *s = (const unsigned char *)l->doc->src;
	unsigned line = 1, col = 1;
	for (size_t i = start; i < off; i++)
		if (s[i] == '\n')
			line++, col = 1;
		else if ((s[i] & 0xc0) != 0x80 && s[i] != '\r') /* a CR before its LF takes no column */
			col++;
	return (struct pos){l->doc->path, line, col};
}

/* Whether the 8 bytes at s are all printable ASCII (0x20-0x7E): none with the high bit,
 * none below 0x20, none 0x7F (bit tricks over one 64-bit word, exact as a yes or no). */
static int printable8(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w;
	memcpy(&w, s, sizeof w);
	uint64_t del = w ^ (0x7f * ones);
	return ((w | ((w - 0x20 * ones) & ~w) | ((del - ones) & ~del)) & highs) == 0;
}

/* How many of the n bytes at s, from the start, are printable ASCII, '\n' or '\t' (what the
 * pre-scan passes over without a look): 16 at a time with SSE2 (every x86-64 has it),
 * else 8 with printable8 (no line breaks: those then go a byte at a time). */
static size_t plain_run(const unsigned char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f), lf = _mm_set1_epi8('\n'),
	              tab = _mm_set1_epi8('\t');
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* signed: bytes from 0x80 compare below 0x20 too, and are not passed */
		__m128i low = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, tab)),
		                               _mm_cmplt_epi8(v, space));
		if (_mm_movemask_epi8(_mm_or_si128(low, _mm_cmpeq_epi8(v, del))))
			break;
	}
#endif
	while (n - i >= 8 && printable8(s + i))
		i += 8;
	return i;
}

/* Returns 0 when the bytes may be given to libyaml. The one check of the UTF-8 before
 * libyaml reads it: printable ASCII is passed over a byte at a time, positions are counted
 * only for the problem found. */
static int prescan(struct loader *l)
{
	const unsigned char *s = (const unsigned char *)l->doc->src;
	size_t n = l->doc->len, i = 0;
	const char *enc = NULL;
	if (n >= 4 && ((s[0] == 0 && s[1] == 0 && s[2] == 0xfe && s[3] == 0xff) ||
	               (s[0] == 0xff && s[1] == 0xfe && s[2] == 0 && s[3] == 0)))
		enc = "UTF-32";
	else if (n >= 2 && ((s[0] == 0xfe && s[1] == 0xff) || (s[0] == 0xff && s[1] == 0xfe)))
		enc = "UTF-16";
	else if (n >= 4 && ((s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] != 0) ||
	                    (s[0] != 0 && s[1] == 0 && s[2] == 0 && s[3] == 0)))
		enc = "UTF-32"; /* YAML 1.2, 5.2: the first character is ASCII */
	else if (n >= 2 && ((s[0] == 0 && s[1] != 0) || (s[0] != 0 && s[1] == 0)))
		enc = "UTF-16";
	if (enc) {
		msg_emit(l->q, MSG_YML006_UTF16, ((struct pos){l->doc->path, 1, 1}), enc);
		return -1;
	}
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	size_t start = i;
	while (i < n) {
		i += plain_run(s + i, n - i); /* most of a file, many bytes at once */
		if (i >= n)
			break;
		unsigned char c = s[i];
		if ((unsigned char)(c - 0x20) < 0x5f || c == '\n' || c == '\t') {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = c < 0x80 ? (cp = c, 1) : utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			char hex[4];
			snprintf(hex, sizeof hex, "%02X", c);
			msg_emit(l->q, MSG_YML006, prescan_pos(l, start, i), hex);
			return -1;
		}
		if (cp == '\r' && i + 1 < n && s[i + 1] == '\n') {
			i++; /* CR LF is one line break */
			continue;
		}
		if (forbidden_cp(cp)) {
			char what[64];
			describe_cp(what, sizeof what, cp);
			msg_emit(l->q, MSG_YML010, prescan_pos(l, start, i), what);
			return -1;
		}
		i += k;
	}
	return 0;
}

/* ---- building the tree ---- */

static struct node *new_node(struct loader *l, enum node_kind kind, struct pos pos)
{
	return node_new(&l->doc->arena, kind, pos);
}

static int in_key_position(struct loader *l)
{
	if (l->nframes == 0)
		return 0;
	struct frame *f = &l->frames[l->nframes - 1];
	return f->node->kind == NODE_MAP && (l->nkids - f->start) % 2 == 0;
}

static void push_kid(struct loader *l, struct node *n)
{
	if (l->nframes == 0) {
		l->root = n;
		return;
	}
	l->kids = xgrow(l->kids, &l->kids_cap, l->nkids + 1, sizeof *l->kids);
	l->kids[l->nkids++] = n;
}

static int match_all(const char *s, const char *set)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!strchr(set, *s))
			return 0;
	return 1;
}

/* The value of hex or octal digits as a double: no overflow past 2^64. */
static double digits_value(const char *s, int base)
{
	double v = 0;
	for (; *s; s++) {
		int d = *s >= 'a' ? *s - 'a' + 10 : *s >= 'A' ? *s - 'A' + 10 : *s - '0';
		v = v * base + d;
	}
	return v;
}

static int one_of(const char *s, const char *a, const char *b, const char *c)
{
	return !strcmp(s, a) || !strcmp(s, b) || !strcmp(s, c);
}

/* The words of the core schema (null, booleans, infinity, not-a-number): *kind set and 1
 * when s is one. A switch on the first byte and the length, so that text (most scalars)
 * is told apart at once; 0 for a number or text. */
static int core_word(const char *s, size_t n, enum node_kind *kind, double *num, int *boolean)
{
	switch (s[0]) {
	case 0:
		*kind = NODE_NULL;
		return 1;
	case '~':
		*kind = n == 1 ? NODE_NULL : NODE_STR;
		return 1;
	case 'n':
	case 'N':
		*kind = n == 4 && one_of(s, "null", "Null", "NULL") ? NODE_NULL : NODE_STR;
		return 1;
	case 't':
	case 'T':
	case 'f':
	case 'F':
		*kind = NODE_STR;
		if ((n == 4 && one_of(s, "true", "True", "TRUE")) || (n == 5 && one_of(s, "false", "False", "FALSE"))) {
			*kind = NODE_BOOL;
			*boolean = n == 4;
		}
		return 1;
	case '.':
		if (n == 4 && (one_of(s, ".inf", ".Inf", ".INF") || one_of(s, ".nan", ".NaN", ".NAN"))) {
			*kind = NODE_FLOAT;
			*num = s[1] == 'n' || s[1] == 'N' ? NAN : INFINITY;
			return 1;
		}
		return 0;
	case '-':
	case '+':
		if (n == 5 && one_of(s + 1, ".inf", ".Inf", ".INF")) {
			*kind = NODE_FLOAT;
			*num = *s == '-' ? -INFINITY : INFINITY;
			return 1;
		}
		return 0;
	default:
		if (s[0] >= '0' && s[0] <= '9')
			return 0;
		*kind = NODE_STR; /* no number starts with anything else */
		return 1;
	}
}

/* YAML 1.2 core schema resolution of a plain scalar. */
enum node_kind load_resolve_plain(const char *s, double *num, int *boolean)
{
	enum node_kind kind;
	if (core_word(s, strlen(s), &kind, num, boolean))
		return kind;
	const char *d = (*s == '-' || *s == '+') ? s + 1 : s;
	if (match_all(d, "0123456789")) {
		*num = strtod(s, NULL);
		return NODE_INT;
	}
	if (s[0] == '0' && s[1] == 'o' && match_all(s + 2, "01234567")) {
		*num = digits_value(s + 2, 8);
		return NODE_INT;
	}
	if (s[0] == '0' && s[1] == 'x' && match_all(s + 2, "0123456789abcdefABCDEF")) {
		*num = digits_value(s + 2, 16);
		return NODE_INT;
	}
	/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
	const char *p = d;
	int digits = 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return NODE_STR;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return NODE_STR;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return NODE_STR;
	*num = strtod(s, NULL);
	return NODE_FLOAT;
}

#define TAG_PREFIX "tag:yaml.org,2002:"

/* Accept only the standard tags; returns 0 and reports otherwise. */
static int check_tag(struct loader *l, const yaml_char_t *tag, struct pos pos, const char *const *allowed)
{
	if (tag == NULL)
		return 1;
	const char *t = (const char *)tag;
	if (!strcmp(t, "!"))
		return 1;
	if (!strncmp(t, TAG_PREFIX, strlen(TAG_PREFIX)))
		for (const char *const *a = allowed; *a; a++)
			if (!strcmp(t + strlen(TAG_PREFIX), *a))
				return 1;
	msg_emit(l->q, MSG_YML009_TAG, pos, t);
	fail(l);
	return 0;
}

/* Whether quoted text spans a line that reads like a field ("  name: ..."): the sign
 * of a quote left open. */
static int swallowed_a_key(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		size_t k = i + 1;
		while (k < n && (s[k] == ' ' || s[k] == '-'))
			k++;
		size_t start = k;
		while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '_'))
			k++;
		if (k > start && k + 1 < n && s[k] == ':' && (s[k + 1] == ' ' || s[k + 1] == '\n'))
			return 1;
	}
	return 0;
}

static void on_scalar(struct loader *l, yaml_event_t *e)
{
	struct pos pos = mark_pos(l, e->start_mark);
	const char *value = (const char *)e->data.scalar.value;
	size_t len = e->data.scalar.length;
	if (e->data.scalar.anchor) {
		msg_emit(l->q, MSG_YML003_ANCHOR, pos, (const char *)e->data.scalar.anchor);
		fail(l);
	}
	static const char *const scalar_tags[] = {"str", "int", "float", "bool", "null", NULL};
	const char *tag = (const char *)e->data.scalar.tag;
	if (!check_tag(l, e->data.scalar.tag, pos, scalar_tags))
		tag = NULL;
	/* Escapes in double-quoted scalars can produce what the raw bytes could not hold; any
	 * other scalar is the source's characters, which the pre-scan checked. */
	const unsigned char *u = (const unsigned char *)value;
	size_t checked = e->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? len : 0;
	for (size_t i = 0; i < checked;) {
		if (u[i] >= 0x20 && u[i] < 0x7f) { /* printable ASCII: valid, and not forbidden_cp */
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(u + i, checked - i, &cp);
		if (k == 0 || (forbidden_cp(cp) && !l->lim->allow_escaped_controls)) {
			char what[64];
			describe_cp(what, sizeof what, k == 0 ? u[i] : cp);
			msg_emit(l->q, MSG_YML010, pos, what);
			fail(l);
			break;
		}
		i += k;
	}
	l->open_quote = (struct pos){0}; /* only the text just read can have swallowed what follows */
	if ((e->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
	     e->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE) &&
	    e->end_mark.line != e->start_mark.line &&
	    swallowed_a_key(l->doc->src + e->start_mark.index, e->end_mark.index - e->start_mark.index))
		l->open_quote = pos;
	struct node *n = new_node(l, NODE_STR, pos);
	n->str = arena_strndup(&l->doc->arena, value, len);
	n->len = len;
	int key = in_key_position(l);
	int plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	const char *tname = tag && !strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) ? tag + strlen(TAG_PREFIX) : NULL;
	if (!key && tname == NULL && plain && (tag == NULL || strcmp(tag, "!") != 0)) {
		n->kind = load_resolve_plain(n->str, &n->num, &n->boolean);
	} else if (!key && tname != NULL && strcmp(tname, "str") != 0) {
		enum node_kind want = !strcmp(tname, "int")     ? NODE_INT
		                      : !strcmp(tname, "float") ? NODE_FLOAT
		                      : !strcmp(tname, "bool")  ? NODE_BOOL
		                                                : NODE_NULL;
		enum node_kind got = load_resolve_plain(n->str, &n->num, &n->boolean);
		if (got == NODE_INT && want == NODE_FLOAT)
			got = NODE_FLOAT;
		if (got != want) {
			struct buf shown = {0};
			buf_printf(&shown, "!!%s", tname);
			msg_emit(l->q, MSG_YML009_VALUE, pos, n->str, shown.p);
			buf_free(&shown);
			fail(l);
		}
		n->kind = want;
	}
	push_kid(l, n);
}

static void on_start(struct loader *l, yaml_event_t *e, enum node_kind kind)
{
	struct pos pos = mark_pos(l, e->start_mark);
	const yaml_char_t *anchor = kind == NODE_MAP ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
	const yaml_char_t *tag = kind == NODE_MAP ? e->data.mapping_start.tag : e->data.sequence_start.tag;
	if (l->nframes + 1 > l->lim->max_depth) {
		char lim[16];
		snprintf(lim, sizeof lim, "%u", l->lim->max_depth);
		msg_emit(l->q, MSG_YML004, pos, lim);
		fail(l);
		l->stop = 1;
		return;
	}
	if (in_key_position(l)) {
		msg_emit(l->q, MSG_YML011, pos, kind == NODE_MAP ? _("a mapping") : _("a list"));
		fail(l);
		l->stop = 1;
		return;
	}
	if (anchor) {
		msg_emit(l->q, MSG_YML003_ANCHOR, pos, (const char *)anchor);
		fail(l);
	}
	static const char *const map_tags[] = {"map", NULL}, *const seq_tags[] = {"seq", NULL};
	check_tag(l, tag, pos, kind == NODE_MAP ? map_tags : seq_tags);
	struct node *n = new_node(l, kind, pos);
	push_kid(l, n);
	l->frames = xgrow(l->frames, &l->frames_cap, l->nframes + 1, sizeof *l->frames);
	l->frames[l->nframes++] = (struct frame){n, l->nkids};
}

static int key_equal(const struct node *a, const struct node *b)
{
	return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

static void report_duplicate(struct loader *l, const struct node *first, const struct node *dup)
{
	char line[16];
	snprintf(line, sizeof line, "%u", first->pos.line);
	msg_emit(l->q, MSG_YML002, dup->pos, dup->str, line);
	fail(l);
}

/* Duplicate keys: pairwise for small mappings (up to 32 keys, 496 pairs, most of them told
 * apart by their length: cheaper than hashing every key), a hash set for large ones (linear). */
static void check_duplicates(struct loader *l, struct node *m)
{
	if (m->n <= 32) {
		for (size_t i = 1; i < m->n; i++)
			for (size_t j = 0; j < i; j++)
				if (key_equal(NODE_KEY(m, i), NODE_KEY(m, j))) {
					report_duplicate(l, NODE_KEY(m, j), NODE_KEY(m, i));
					break;
				}
		return;
	}
	struct hmap seen = {0};
	for (size_t i = 0; i < m->n; i++) {
		struct node *k = NODE_KEY(m, i);
		struct node *first = hmap_put(&seen, k->str, k->len, k);
		if (first)
			report_duplicate(l, first, k);
	}
	hmap_free(&seen);
}

static void on_end(struct loader *l)
{
	struct frame f = l->frames[--l->nframes];
	size_t count = l->nkids - f.start;
	struct node *n = f.node;
	n->kids = arena_alloc(&l->doc->arena, (count ? count : 1) * sizeof *n->kids);
	if (count)
		memcpy(n->kids, l->kids + f.start, count * sizeof *n->kids);
	l->nkids = f.start;
	if (n->kind == NODE_MAP) {
		n->n = count / 2;
		for (size_t i = 0; i < n->n; i++) /* keys are names: always text */
			NODE_KEY(n, i)->kind = NODE_STR;
		check_duplicates(l, n);
	} else {
		n->n = count;
	}
}

/* ---- syntax errors in words: what libyaml's message means for an editor ---- */

/* The bytes of line `line` (1-based): its start and end offsets, without the break. */
static int line_span(const struct doc *d, unsigned line, size_t *start, size_t *end)
{
	size_t i = 0;
	for (unsigned n = 1; n < line; n++) {
		const char *nl = memchr(d->src + i, '\n', d->len - i);
		if (nl == NULL)
			return 0;
		i = (size_t)(nl - d->src) + 1;
	}
	size_t e = i;
	while (e < d->len && d->src[e] != '\n' && d->src[e] != '\r')
		e++;
	*start = i;
	*end = e;
	return 1;
}

/* The position of byte `off` of a line that starts at byte `start`. */
static struct pos pos_at(const struct loader *l, unsigned line, size_t start, size_t off)
{
	if (line == 1 && start == 0 && l->doc->len >= 3 && !memcmp(l->doc->src, "\xef\xbb\xbf", 3))
		start = 3; /* columns count from after the byte order mark, as libyaml's */
	return (struct pos){l->doc->path, line, (unsigned)utf8_count(l->doc->src + start, off - start) + 1};
}

/* The word for a character that looks like a space but is not one to YAML, or NULL. */
static char *odd_space(uint32_t cp)
{
	enum msg_word w;
	switch (cp) {
	case 0xa0:
		w = WORD_SPACE_NBSP;
		break;
	case 0x202f:
		w = WORD_SPACE_NARROW_NBSP;
		break;
	case 0x2002:
		w = WORD_SPACE_EN;
		break;
	case 0x2003:
		w = WORD_SPACE_EM;
		break;
	case 0x2009:
		w = WORD_SPACE_THIN;
		break;
	case 0x200b:
		w = WORD_SPACE_ZERO_WIDTH;
		break;
	case 0x3000:
		w = WORD_SPACE_IDEOGRAPHIC;
		break;
	default:
		if (!((cp >= 0x2000 && cp <= 0x200a) || cp == 0x1680 || cp == 0x205f))
			return NULL;
		w = WORD_SPACE_OTHER;
	}
	struct buf b = {0};
	const char *t = msg_word(w), *at = strstr(t, "%s");
	if (at) {
		buf_add(&b, t, (size_t)(at - t));
		buf_printf(&b, "%04X", (unsigned)cp);
		buf_adds(&b, at + 2);
	} else {
		buf_adds(&b, t);
	}
	return buf_take(&b);
}

static int is_curly(uint32_t cp)
{
	return cp == 0x201c || cp == 0x201d || cp == 0x2018 || cp == 0x2019 || cp == 0x201e;
}

/* An odd space where YAML looks for structure: in the indentation, around the '-' of a
 * list item or around the ':' after a key. Reports it at its own position. */
static int explain_space(struct loader *l, unsigned line)
{
	size_t start, end;
	if (!line_span(l->doc, line, &start, &end))
		return 0;
	const unsigned char *u = (const unsigned char *)l->doc->src;
	int structure = 1; /* still in the indentation, a '-' or a key */
	for (size_t i = start; i < end && structure;) {
		uint32_t cp;
		size_t k = utf8_decode(u + i, end - i, &cp);
		if (k == 0)
			return 0;
		char *name = odd_space(cp);
		if (name) {
			msg_emit(l->q, MSG_YML001_SPACE, pos_at(l, line, start, i), name);
			free(name);
			return 1;
		}
		if (cp == ':' || cp == '"' || cp == '\'' || cp == '#')
			structure = cp == ':'; /* after the key's colon: only the space before the value */
		if (cp == ':' && i + 1 < end && u[i + 1] == ' ')
			structure = 0;
		i += k;
	}
	return 0;
}

/* A value that opens with a curly quote on the line: report the quote. */
static int explain_curly(struct loader *l, unsigned line)
{
	size_t start, end;
	if (!line_span(l->doc, line, &start, &end))
		return 0;
	const unsigned char *u = (const unsigned char *)l->doc->src;
	for (size_t i = start; i < end;) {
		uint32_t cp;
		size_t k = utf8_decode(u + i, end - i, &cp);
		if (k == 0)
			return 0;
		if (is_curly(cp)) {
			char shown[8] = {0};
			memcpy(shown, u + i, k);
			msg_emit(l->q, MSG_YML001_CURLY, pos_at(l, line, start, i), shown);
			return 1;
		}
		if (cp == '"' || cp == '\'' || cp == '#')
			return 0; /* real quotes or a comment come first */
		i += k;
	}
	return 0;
}

/* A tab in the indentation of the line: report it at the tab. */
static int explain_tab(struct loader *l, unsigned line)
{
	size_t start, end;
	if (!line_span(l->doc, line, &start, &end))
		return 0;
	for (size_t i = start; i < end && (l->doc->src[i] == ' ' || l->doc->src[i] == '\t' || l->doc->src[i] == '-');
	     i++)
		if (l->doc->src[i] == '\t') {
			msg_emit0(l->q, MSG_YML001_TAB, pos_at(l, line, start, i));
			return 1;
		}
	return 0;
}

/* "key: text: more" without quotes: the second colon. The hint shows the line quoted. */
static int explain_colon(struct loader *l, yaml_parser_t *p)
{
	size_t start, end, at = p->problem_mark.index;
	unsigned line = (unsigned)p->problem_mark.line + 1;
	if (!line_span(l->doc, line, &start, &end) || at >= end || l->doc->src[at] != ':')
		return 0;
	const char *s = l->doc->src;
	size_t key = start;
	while (key < at && (s[key] == ' ' || s[key] == '-'))
		key++;
	const char *colon = NULL;
	for (size_t i = key; i + 1 < at && colon == NULL; i++)
		if (s[i] == ':' && s[i + 1] == ' ')
			colon = s + i;
	if (colon == NULL)
		return 0;
	size_t value = (size_t)(colon - s) + 2;
	while (value < end && s[value] == ' ')
		value++;
	size_t vend = end;
	while (vend > value && (s[vend - 1] == ' ' || s[vend - 1] == '\t'))
		vend--;
	struct buf hint = {0};
	buf_add(&hint, s + key, (size_t)(colon - s) - key);
	buf_adds(&hint, ": \"");
	for (size_t i = value; i < vend; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_addc(&hint, '\\');
		buf_addc(&hint, s[i]);
	}
	buf_addc(&hint, '"');
	msg_emit(l->q, MSG_YML001_COLON, mark_pos(l, p->problem_mark), hint.p);
	buf_free(&hint);
	return 1;
}

/* Say what a syntax error means, when it is one of the common mistakes. Returns 1
 * when a message was given. */
static int explain_syntax(struct loader *l, yaml_parser_t *p)
{
	unsigned pline = (unsigned)p->problem_mark.line + 1;
	unsigned cline = p->context ? (unsigned)p->context_mark.line + 1 : pline;
	unsigned first = cline < pline ? cline : pline;
	if (pline - first > 2)
		first = pline - 2;
	if (first > 1)
		first--; /* libyaml often notices a broken line on the line after it */
	for (unsigned line = first; line <= pline; line++)
		if (explain_tab(l, line))
			return 1;
	for (unsigned line = first; line <= pline; line++)
		if (explain_space(l, line))
			return 1;
	if (explain_curly(l, pline) || (cline != pline && explain_curly(l, cline)))
		return 1;
	if (p->problem && !strcmp(p->problem, "mapping values are not allowed in this context") && explain_colon(l, p))
		return 1;
	if (p->context && !strcmp(p->context, "while scanning a quoted scalar") &&
	    p->context_mark.index < l->doc->len) {
		char quote[2] = {l->doc->src[p->context_mark.index], 0};
		msg_emit(l->q, MSG_YML001_UNCLOSED, mark_pos(l, p->context_mark), quote);
		return 1;
	}
	return 0;
}

static void syntax_error(struct loader *l, yaml_parser_t *p)
{
	struct pos pos;
	if (p->error == YAML_READER_ERROR) {
		/* Only a byte offset: count lines and columns ourselves. */
		unsigned line = 1, col = 1;
		for (size_t i = 0; i < p->problem_offset && i < l->doc->len; i++) {
			unsigned char c = (unsigned char)l->doc->src[i];
			if (c == '\n')
				line++, col = 1;
			else if ((c & 0xc0) != 0x80)
				col++;
		}
		pos = (struct pos){l->doc->path, line, col};
	} else if (p->context &&
	           (p->problem_mark.index >= l->doc->len || !strcmp(p->context, "while scanning a quoted scalar") ||
	            !strcmp(p->context, "while scanning a simple key"))) {
		/* The problem shows at the end of the file or on the next line; the cause is where
		 * the quoted text or the key began. */
		pos = mark_pos(l, p->context_mark);
	} else {
		pos = mark_pos(l, p->problem_mark);
	}
	const char *problem = _(p->problem ? p->problem : "unexpected input"); /* compiler/po/libyaml.c */
	if (l->open_quote.line && p->error == YAML_PARSER_ERROR) {
		/* A quote that is never closed swallows the lines after it; the parser then
		 * fails far away. Point at the quote. */
		char line[16];
		snprintf(line, sizeof line, "%u", pos.line);
		msg_emit(l->q, MSG_YML001_OPEN_QUOTE, l->open_quote, line);
	} else if (p->error != YAML_READER_ERROR && explain_syntax(l, p)) {
		/* said in words */
	} else if (p->context)
		msg_emit(l->q, MSG_YML001_CONTEXT, pos, problem, _(p->context));
	else
		msg_emit(l->q, MSG_YML001, pos, problem);
	fail(l);
}

static void on_event(struct loader *l, yaml_event_t *e)
{
	switch (e->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++l->docs > 1) {
			msg_emit0(l->q, MSG_YML008, mark_pos(l, e->start_mark));
			fail(l);
			l->stop = 1;
		} else if (e->data.document_start.version_directive ||
		           e->data.document_start.tag_directives.start != e->data.document_start.tag_directives.end) {
			msg_emit0(l->q, MSG_YML009_DIRECTIVE, mark_pos(l, e->start_mark));
			fail(l);
		}
		break;
	case YAML_ALIAS_EVENT: {
		struct pos pos = mark_pos(l, e->start_mark);
		msg_emit(l->q, MSG_YML003_ALIAS, pos, (const char *)e->data.alias.anchor);
		fail(l);
		push_kid(l, new_node(l, NODE_NULL, pos));
		break;
	}
	case YAML_SCALAR_EVENT:
		on_scalar(l, e);
		break;
	case YAML_SEQUENCE_START_EVENT:
		on_start(l, e, NODE_SEQ);
		break;
	case YAML_MAPPING_START_EVENT:
		on_start(l, e, NODE_MAP);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_end(l);
		break;
	default:
		break;
	}
}

static void parse(struct loader *l)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		die("out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)l->doc->src, l->doc->len);
	for (int done = 0; !done && !l->stop;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			syntax_error(l, &p);
			break;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		on_event(l, &e);
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
}

static enum load_result finish(struct loader *l)
{
	struct doc *d = l->doc;
	if (!l->failed && l->root == NULL) {
		msg_emit0(l->q, MSG_YML007_EMPTY, ((struct pos){d->path, 1, 1}));
		fail(l);
	} else if (!l->failed && l->root->kind != NODE_MAP && !l->lim->any_root) {
		msg_emit(l->q, MSG_YML007, l->root->pos, node_kind_phrase(l->root));
		fail(l);
	}
	free(l->frames);
	free(l->kids);
	d->root = l->failed ? NULL : l->root;
	return l->failed ? LOAD_INVALID : LOAD_OK;
}

/* LOKET_YAML=libyaml: every file through libyaml, the way round a fast-path fault. */
static int libyaml_only(void)
{
	static _Atomic int only = -1; /* read once; threads that race store the same value */
	int v = atomic_load_explicit(&only, memory_order_relaxed);
	if (v < 0) {
		const char *e = getenv("LOKET_YAML");
		v = e != NULL && strcmp(e, "libyaml") == 0;
		atomic_store_explicit(&only, v, memory_order_relaxed);
	}
	return v;
}

static enum load_result load(struct doc *d, const struct load_limits *lim, struct msgq *q)
{
	struct loader l = {0};
	/* The tree takes about five times the file's bytes (a 56-byte node for every 17 bytes
	 * of YAML, the texts, the child lists): one chunk of that size, not 64 KiB a file. */
	size_t want = d->len * 6 + 1024;
	d->arena.first = want < 4096 ? 4096 : want > 65536 ? 65536 : want;
	l.doc = d;
	l.lim = lim;
	l.q = q;
	if (prescan(&l) != 0)
		return LOAD_INVALID;
	int parser = lim->parser;
	if (parser == LOAD_PARSER_ANY && libyaml_only())
		parser = LOAD_PARSER_LIBYAML;
	if (parser != LOAD_PARSER_LIBYAML && load_fast(d, lim))
		return LOAD_OK;
	if (parser == LOAD_PARSER_FAST)
		return LOAD_INVALID;
	parse(&l);
	return finish(&l);
}

enum load_result load_yaml_file(struct doc *d, const char *path, const struct load_limits *lim, struct msgq *q)
{
	return load_yaml_listed(d, path, NULL, lim, q);
}

enum load_result load_yaml_listed(struct doc *d, const char *path, const struct file_id *id,
                                  const struct load_limits *lim, struct msgq *q)
{
	memset(d, 0, sizeof *d);
	d->path = xstrdup(path);
	int r = read_input_file(path, lim->max_bytes, id, &d->src, &d->len);
	if (r == READ_TOO_LARGE) {
		char got[32], max[32];
		snprintf(got, sizeof got, "%zu", d->len);
		snprintf(max, sizeof max, "%zu", lim->max_bytes);
		d->len = 0;
		msg_emit(q, MSG_YML005, ((struct pos){d->path, 1, 1}), got, max);
		return LOAD_INVALID;
	}
	if (r != READ_OK)
		d->len = 0;
	if (r == READ_LINK) { /* named as the walk names links: never followed */
		msg_emit(q, MSG_SYS002, ((struct pos){NULL, 0, 0}), d->path);
		return LOAD_INVALID;
	}
	if (r == READ_NOT_REGULAR || r == READ_CHANGED) {
		msg_emit0(q, r == READ_CHANGED ? MSG_SYS001_CHANGED : MSG_SYS001_NOT_REGULAR,
		          ((struct pos){d->path, 0, 0}));
		return LOAD_SYSTEM;
	}
	if (r != READ_OK) {
		msg_emit(q, MSG_SYS001, ((struct pos){d->path, 0, 0}), i18n_strerror(errno));
		return LOAD_SYSTEM;
	}
	return load(d, lim, q);
}

enum load_result load_yaml_mem(struct doc *d, const char *name, const char *data, size_t len,
                               const struct load_limits *lim, struct msgq *q)
{
	memset(d, 0, sizeof *d);
	d->path = xstrdup(name);
	if (len > lim->max_bytes) {
		char got[32], max[32];
		snprintf(got, sizeof got, "%zu", len);
		snprintf(max, sizeof max, "%zu", lim->max_bytes);
		msg_emit(q, MSG_YML005, ((struct pos){d->path, 1, 1}), got, max);
		return LOAD_INVALID;
	}
	d->src = xstrndup(data, len);
	d->len = len;
	return load(d, lim, q);
}

void load_doc_free(struct doc *d)
{
	free(d->path);
	free(d->src);
	arena_free(&d->arena);
	memset(d, 0, sizeof *d);
}
