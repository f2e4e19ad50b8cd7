/* msg.c: the one emitter of diagnostics: queue, sort, print as text or JSON, count. */
#include "msg.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"

enum { QUOTE_MAX = 1000 }; /* per argument, in code points (a list of gaps is long) */

static const struct {
	const char *name, *title, *explanation;
	enum msg_sev sev;
} codes[CODE__MAX] = {
#define CODE(code, sev, title, expl) [CODE_##code] = {#code, title, expl, SEV_##sev},
#define MSG(id, code, text, hint)
#include "msg.def"
#undef CODE
#undef MSG
};

static const struct {
	enum msg_code code;
	const char *text, *hint;
} msgs[MSG__MAX] = {
#define CODE(code, sev, title, expl)
#define MSG(id, code, text, hint) [MSG_##id] = {CODE_##code, text, hint},
#include "msg.def"
#undef CODE
#undef MSG
};

enum msg_sev msg_policy[CODE__MAX] = {
#define CODE(code, sev, title, expl) [CODE_##code] = SEV_##sev,
#define MSG(id, code, text, hint)
#include "msg.def"
#undef CODE
#undef MSG
};

static const char *const words[WORD__MAX] = {
#define CODE(code, sev, title, expl)
#define MSG(id, code, text, hint)
#define WORD(id, text) [WORD_##id] = text,
#include "msg.def"
#undef CODE
#undef MSG
#undef WORD
};

const char *msg_word(enum msg_word w) { return _(words[w]); }

static const char *const sev_names[SEV__MAX] = {"off", "info", "warning", "error"};

/* The severities in the chosen language, for people (the text format, explain). */
static const char *const sev_words[SEV__MAX] = {N_("off"), N_("info"), N_("warning"), N_("error")};

const char *msg_code_name(enum msg_code c) { return codes[c].name; }
const char *msg_code_title(enum msg_code c) { return _(codes[c].title); }
const char *msg_code_title_untranslated(enum msg_code c) { return codes[c].title; }
const char *msg_code_explanation(enum msg_code c) { return _(codes[c].explanation); }
enum msg_sev msg_code_default(enum msg_code c) { return codes[c].sev; }
const char *msg_sev_name(enum msg_sev s) { return sev_names[s]; }
const char *msg_sev_word(enum msg_sev s) { return _(sev_words[s]); }

enum msg_code msg_code_find(const char *name)
{
	for (int c = 0; c < CODE__MAX; c++)
		if (strcmp(codes[c].name, name) == 0)
			return (enum msg_code)c;
	return CODE__MAX;
}

int msg_code_is_rule(enum msg_code c)
{
	const char *n = codes[c].name;
	return strncmp(n, "YML", 3) != 0 && strncmp(n, "SCH", 3) != 0 && strncmp(n, "SCM", 3) != 0 &&
	       strncmp(n, "SYS", 3) != 0 && strncmp(n, "LIM", 3) != 0 && strncmp(n, "POL", 3) != 0 &&
	       strncmp(n, "XML", 3) != 0 && strncmp(n, "IMP", 3) != 0 && strncmp(n, "LNT", 3) != 0 &&
	       strncmp(n, "DIF", 3) != 0 && c != CODE_CON002 && c != CODE_CON004 && c != CODE_CON005;
}

enum msg_sev msg_sev_find(const char *name)
{
	for (int s = 0; s < SEV__MAX; s++)
		if (strcmp(sev_names[s], name) == 0)
			return (enum msg_sev)s;
	return SEV__MAX;
}

static int invisible(uint32_t cp)
{
	/* Control, bidirectional-override and zero-width characters could recolour,
	 * reorder or hide text in a CI log. */
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff || cp == 0x061c ||
	       (cp >= 0xe0000 && cp <= 0xe007f);
}

/* Append the display form of the character at u (n bytes left); returns the bytes
 * it takes and sets *width to the columns its display form takes. */
static size_t show_char(struct buf *b, const unsigned char *u, size_t n, size_t *width)
{
	uint32_t cp;
	size_t k = utf8_decode(u, n, &cp);
	size_t before = b->len;
	if (k == 0) {
		buf_printf(b, "\\x%02x", u[0]);
		k = 1;
	} else if (cp == '\n') {
		buf_adds(b, "\\n");
	} else if (cp == '\t') {
		buf_adds(b, "\\t");
	} else if (invisible(cp)) {
		buf_printf(b, "\\u{%x}", (unsigned)cp);
	} else {
		buf_add(b, u, k);
		*width = 1;
		return k;
	}
	*width = b->len - before;
	return k;
}

/* The bytes at u (n left) of the run of characters shown as they are (printable ASCII,
 * valid and visible UTF-8), at most `left` characters; *chars gets how many. */
static size_t plain_run(const unsigned char *u, size_t n, size_t left, size_t *chars)
{
	size_t i = 0, c = 0;
	while (i < n && c < left) {
		if (u[i] >= 0x20 && u[i] < 0x7f) {
			i++;
			c++;
			continue;
		}
		uint32_t cp;
		size_t k = u[i] < 0x80 ? 0 : utf8_decode(u + i, n - i, &cp);
		if (k == 0 || invisible(cp))
			break;
		i += k;
		c++;
	}
	*chars = c;
	return i;
}

char *msg_quoten(const char *s, size_t n, size_t max)
{
	struct buf b = {0};
	const unsigned char *u = (const unsigned char *)s;
	size_t count = 0, width;
	for (size_t i = 0; i < n;) {
		if (count == max) {
			/* Never mid-word: back to the last space of the last 40 characters shown. */
			size_t cut = b.len;
			int word_end =
			        u[i] == ' ' || u[i] == ';' || u[i] == ',' || u[i] == '.'; /* the next is no letter */
			while (!word_end && cut > 0 && b.len - cut < 160 && b.p[cut - 1] != ' ')
				cut--;
			int at_space = word_end || (cut > 0 && b.p[cut - 1] == ' ');
			if (at_space) {
				while (cut > 0 && strchr(" ;,:", b.p[cut - 1]))
					cut--;
				b.len = cut;
				b.p[cut] = 0;
			}
			buf_adds(&b, at_space || u[i] == ' ' ? " ..." : "..."); /* one long word: cut it */
			break;
		}
		size_t chars, k = plain_run(u + i, n - i, max - count, &chars);
		if (k) { /* a whole run at once: most text needs no escape */
			buf_add(&b, u + i, k);
			i += k;
			count += chars;
			continue;
		}
		i += show_char(&b, u + i, n - i, &width);
		count++;
	}
	if (b.p == NULL)
		buf_adds(&b, "");
	return buf_take(&b);
}

char *msg_quote(const char *s, size_t max) { return msg_quoten(s, strlen(s), max); }

/* Whether a conversion of a template starts at p ("%s", or "%N$s" with N from 1), and
 * then its argument number (0 for the next one) and its length. */
static int conversion_at(const char *p, size_t *number, size_t *len)
{
	if (p[0] != '%')
		return 0;
	if (p[1] == 's') {
		*number = 0;
		*len = 2;
		return 1;
	}
	size_t n = 0, i = 1;
	while (p[i] >= '0' && p[i] <= '9' && i < 6)
		n = n * 10 + (size_t)(p[i++] - '0');
	if (i == 1 || n == 0 || p[i] != '$' || p[i + 1] != 's')
		return 0;
	*number = n;
	*len = i + 2;
	return 1;
}

/* The number of conversions in a template. */
static size_t conversions(const char *t)
{
	size_t n = 0, number, len;
	for (const char *p = t; *p; p++)
		if (p[0] == '%' && p[1] == '%')
			p++;
		else if (conversion_at(p, &number, &len))
			n++;
	return n;
}

/* Fill the conversions of a template (translated) from args[0..nargs): %s takes the
 * next argument, %N$s the Nth (so a translation may reorder them), each quoted; any
 * other % is kept as it is. The caller advances args by the conversions of the
 * untranslated template. */
static char *fill(const char *tmpl, const char *const *args, size_t nargs)
{
	struct buf b = {0};
	size_t next = 0, number, len;
	for (const char *p = tmpl; *p;) {
		const char *pct = strchr(p, '%');
		size_t span = pct ? (size_t)(pct - p) : strlen(p);
		buf_add(&b, p, span); /* the text up to the next conversion, at once */
		p += span;
		if (*p == 0)
			break;
		if (p[1] == '%') {
			buf_addc(&b, '%');
			p += 2;
		} else if (conversion_at(p, &number, &len)) {
			size_t k = number ? number - 1 : next++;
			char *quoted = msg_quote(k < nargs && args[k] ? args[k] : "", QUOTE_MAX);
			buf_adds(&b, quoted);
			free(quoted);
			p += len;
		} else {
			buf_addc(&b, '%');
			p++;
		}
	}
	return buf_take(&b);
}

static size_t count_args(const char *const *args)
{
	size_t n = 0;
	while (args[n])
		n++;
	return n;
}

/* Whether msg_add formats texts; off, only their counts and places are kept. */
static int texts_needed = 1;

void msg_texts_needed(int on) { texts_needed = on; }

/* Whether a message of template id would be kept (its code's severity is not off). */
static int kept(enum msg_id id) { return msg_policy[msgs[id].code] != SEV_OFF; }

int msg_texts_wanted(enum msg_id id) { return texts_needed && kept(id); }

static void push(struct msgq *q, enum msg_id id, struct pos pos, char *text, char *hint)
{
	enum msg_code code = msgs[id].code;
	q->d = xgrow(q->d, &q->cap, q->n + 1, sizeof *q->d);
	q->d[q->n] = (struct diag){pos, id, code, msg_policy[code], text, hint, q->n, 0, NULL, NULL};
	q->n++;
}

void msg_add(struct msgq *q, enum msg_id id, struct pos pos, const char *const *args)
{
	if (!kept(id))
		return;
	if (!texts_needed) {
		push(q, id, pos, xstrdup(""), NULL);
		return;
	}
	size_t n = count_args(args), used = conversions(msgs[id].text);
	char *text = fill(_(msgs[id].text), args, n);
	char *hint = NULL;
	if (msgs[id].hint)
		hint = used < n ? fill(_(msgs[id].hint), args + used, n - used) : fill(_(msgs[id].hint), args, 0);
	push(q, id, pos, text, hint);
}

void msg_add_hint(struct msgq *q, enum msg_id id, struct pos pos, const char *hint, const char *const *args)
{
	if (!kept(id))
		return;
	if (!texts_needed) {
		push(q, id, pos, xstrdup(""), NULL);
		return;
	}
	char *text = fill(_(msgs[id].text), args, count_args(args));
	/* The hint is the standard's (x-hint) or made by the caller: translated when the
	 * catalogue has it (make po-update reads the schemas' x-hints too). */
	push(q, id, pos, text, hint ? msg_quote(_(hint), 400) : NULL);
}

void msg_merge(struct msgq *dst, struct msgq *src)
{
	dst->d = xgrow(dst->d, &dst->cap, dst->n + src->n, sizeof *dst->d);
	for (size_t i = 0; i < src->n; i++) {
		dst->d[dst->n] = src->d[i];
		dst->d[dst->n].seq = dst->n;
		dst->n++;
	}
	free(src->d);
	src->d = NULL;
	src->n = src->cap = 0;
}

void msg_truncate(struct msgq *q, size_t from)
{
	for (size_t i = from; i < q->n; i++) {
		free(q->d[i].text);
		free(q->d[i].hint);
		free(q->d[i].ptr);
		free(q->d[i].words);
	}
	if (from < q->n)
		q->n = from;
}

void msg_free(struct msgq *q)
{
	msg_truncate(q, 0);
	free(q->d);
	q->d = NULL;
	q->n = q->cap = 0;
}

char *msg_path_string(const struct msg_seg *segs, size_t n, const char *extra)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (segs[i].key) {
			if (b.len)
				buf_addc(&b, '.');
			buf_adds(&b, segs[i].key);
		} else {
			buf_printf(&b, "[%zu]", segs[i].index);
		}
	}
	if (extra) {
		if (b.len)
			buf_addc(&b, '.');
		buf_adds(&b, extra);
	}
	if (b.len == 0)
		buf_adds(&b, "(top level)");
	return buf_take(&b);
}

/* A word template in the chosen language with its %s (or %1$s, %2$s, as a translation
 * may reorder them) filled by a and b as they are (already quoted). */
static char *word_fill(enum msg_word w, const char *a, const char *b)
{
	struct buf out = {0};
	const char *args[] = {a, b};
	int k = 0;
	for (const char *p = msg_word(w); *p; p++)
		if (p[0] == '%' && p[1] == 's') {
			buf_adds(&out, k < 2 && args[k] ? args[k] : "");
			k++;
			p++;
		} else if (p[0] == '%' && (p[1] == '1' || p[1] == '2') && p[2] == '$' && p[3] == 's') {
			const char *arg = args[p[1] - '1'];
			buf_adds(&out, arg ? arg : "");
			p += 3;
		} else {
			buf_addc(&out, *p);
		}
	return buf_take(&out);
}

/* One item of the list named key (NULL: a list in a list) in the chosen language: with
 * its ordinal ("the first channel", index < 10), else its noun and number ("channel 11").
 * The caller frees the result. */
static char *item_in_words(const char *key, size_t index)
{
	static const struct {
		const char *key;
		enum msg_word noun, nth;
	} nouns[] = {{"channels", WORD_NOUN_CHANNELS, WORD_NTH_CHANNELS},
	             {"steps", WORD_NOUN_STEPS, WORD_NTH_STEPS},
	             {"evidence", WORD_NOUN_EVIDENCE, WORD_NTH_EVIDENCE},
	             {"items", WORD_NOUN_ITEMS, WORD_NTH_ITEMS},
	             {"conditions", WORD_NOUN_CONDITIONS, WORD_NTH_CONDITIONS},
	             {"opening_hours", WORD_NOUN_OPENING_HOURS, WORD_NTH_OPENING_HOURS},
	             {"days", WORD_NOUN_DAYS, WORD_NTH_DAYS},
	             {"can", WORD_NOUN_CAN, WORD_NTH_CAN},
	             {"identification", WORD_NOUN_IDENTIFICATION, WORD_NTH_IDENTIFICATION},
	             {"languages", WORD_NOUN_LANGUAGES, WORD_NTH_LANGUAGES},
	             {"legal_basis", WORD_NOUN_LEGAL_BASIS, WORD_NTH_LEGAL_BASIS},
	             {"waivers", WORD_NOUN_WAIVERS, WORD_NTH_WAIVERS},
	             {"audience", WORD_NOUN_AUDIENCE, WORD_NTH_AUDIENCE},
	             {"life_events", WORD_NOUN_LIFE_EVENTS, WORD_NTH_LIFE_EVENTS},
	             {"information_areas", WORD_NOUN_INFORMATION_AREAS, WORD_NTH_INFORMATION_AREAS},
	             {"payment_methods", WORD_NOUN_PAYMENT_METHODS, WORD_NTH_PAYMENT_METHODS}};
	enum msg_word noun = WORD_NOUN_ITEM, nth = WORD_NTH_ITEM;
	if (key == NULL) {
		noun = WORD_NOUN_NESTED;
		nth = WORD_NTH_NESTED;
	}
	for (size_t i = 0; key && i < sizeof nouns / sizeof *nouns; i++)
		if (!strcmp(nouns[i].key, key)) {
			noun = nouns[i].noun;
			nth = nouns[i].nth;
		}
	char *q = key ? msg_quote(key, 60) : NULL, *out;
	if (index < 10) {
		out = word_fill(nth, msg_word(WORD_ORD1 + (int)index), q);
	} else {
		char num[32];
		snprintf(num, sizeof num, "%zu", index + 1);
		char *n = word_fill(noun, q, NULL);
		out = word_fill(WORD_PATH_ITEM_N, n, num);
		free(n);
	}
	free(q);
	return out;
}

/* "the first channel", "the second opening-hours period of the first channel": every
 * list index of segs[0..n), innermost first. */
static char *items_in_words(const struct msg_seg *segs, size_t n)
{
	char *out = NULL;
	for (size_t i = 0; i < n; i++) {
		if (segs[i].key)
			continue;
		char *item = item_in_words(i > 0 ? segs[i - 1].key : NULL, segs[i].index);
		if (out) {
			char *both = word_fill(WORD_PATH_OF, item, out);
			free(item);
			free(out);
			out = both;
		} else {
			out = item;
		}
	}
	return out;
}

/* s with its first `from` replaced by `to`, or NULL when s has no `from`. */
static char *replace_once(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	if (at == NULL)
		return NULL;
	struct buf b = {0};
	buf_add(&b, s, (size_t)(at - s));
	buf_adds(&b, to);
	buf_adds(&b, at + strlen(from));
	return buf_take(&b);
}

void msg_set_path(struct msgq *q, size_t from, const struct msg_seg *segs, size_t n, const char *extra)
{
	if (q == NULL || q->n <= from)
		return;
	struct diag *d = &q->d[q->n - 1];
	struct buf ptr = {0};
	for (size_t i = 0; i < n + (extra != NULL); i++) {
		const char *key = i < n ? segs[i].key : extra;
		buf_addc(&ptr, '/');
		if (key == NULL)
			buf_printf(&ptr, "%zu", segs[i].index);
		for (const char *k = key; k && *k; k++) /* RFC 6901: ~ as ~0, / as ~1 */
			buf_adds(&ptr, *k == '~' ? "~0" : *k == '/' ? "~1" : (char[2]){*k, 0});
	}
	free(d->ptr);
	d->ptr = buf_take(&ptr);
	if (!texts_needed)
		return;
	/* In words: the list items up to the last index; the fields after it stay quoted. */
	size_t last = n;
	for (size_t i = 0; i < n; i++)
		if (segs[i].key == NULL)
			last = i;
	if (last == n)
		return; /* no list index: the dotted path reads well as it is */
	char *machine = msg_path_string(segs, n, extra);
	char *shown = msg_quote(machine, QUOTE_MAX);
	struct buf quoted = {0};
	buf_printf(&quoted, "'%s'", shown);
	char *context = items_in_words(segs, last + 1);
	char *people = NULL;
	if (last + 1 == n && extra == NULL) {
		people = replace_once(d->text, quoted.p, context);
	} else {
		char *rest = msg_path_string(segs + last + 1, n - last - 1, extra);
		char *rest_shown = msg_quote(rest, QUOTE_MAX);
		struct buf r = {0};
		buf_printf(&r, "'%s'", rest_shown);
		char *text = replace_once(d->text, quoted.p, r.p);
		if (text)
			people = word_fill(WORD_PATH_CONTEXT, context, text);
		free(text);
		buf_free(&r);
		free(rest_shown);
		free(rest);
	}
	free(d->words);
	d->words = people;
	free(context);
	buf_free(&quoted);
	free(shown);
	free(machine);
}

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->pos.file ? x->pos.file : "", y->pos.file ? y->pos.file : "");
	if (c)
		return c;
	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	if (x->pos.col != y->pos.col)
		return x->pos.col < y->pos.col ? -1 : 1;
	c = strcmp(codes[x->code].name, codes[y->code].name);
	if (c)
		return c;
	c = strcmp(x->text, y->text);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void msg_sort(struct msgq *q)
{
	if (q->n > 1)
		qsort(q->d, q->n, sizeof *q->d, diag_cmp);
}

void msg_promote_warnings(struct msgq *q)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->d[i].sev == SEV_WARNING)
			q->d[i].sev = SEV_ERROR;
}

struct msg_counts msg_count(const struct msgq *q, size_t files)
{
	struct msg_counts c = {0, 0, 0, files};
	for (size_t i = 0; i < q->n; i++) {
		if (q->d[i].sev == SEV_ERROR)
			c.errors++;
		else if (q->d[i].sev == SEV_WARNING)
			c.warnings++;
		else if (q->d[i].sev == SEV_INFO)
			c.infos++;
	}
	return c;
}

static const char *sev_color[SEV__MAX] = {"", "\033[1;36m", "\033[1;35m", "\033[1;31m"};
#define BOLD(o)  ((o) ? "\033[1m" : "")
#define RESET(o) ((o) ? "\033[0m" : "")

enum { CARET_WINDOW = 80 }; /* columns of a long line shown around the caret */

/* Print the source line of pos with a caret under its column. The line is shown
 * as msg_quote shows text (invisible characters escaped), the caret padded by the
 * same widths, and a long line as a window around the column. */
/* Where the last caret display left off. Diagnostics come sorted by file, line and
 * column, so the next one is found by going on from here: one pass over a file's text
 * for all its diagnostics, however many there are on one long line. */
struct caret_cursor {
	const char *src;
	unsigned line, col; /* the line, and a column on it, already found */
	size_t line_start, line_end, col_off;
};

/* Find pos.line in src, continuing from the cursor when it is still behind. */
static int find_line(struct caret_cursor *c, const char *src, size_t len, unsigned want)
{
	if (c->src != src || want < c->line) {
		*c = (struct caret_cursor){src, 1, 1, 0, 0, 0};
		while (c->line_end < len && src[c->line_end] != '\n' && src[c->line_end] != '\r')
			c->line_end++;
	}
	size_t i = c->line_start;
	unsigned line = c->line;
	if (line < want) {
		i = c->line_end;
		while (i < len && line < want) {
			if (src[i] == '\n')
				line++;
			i++;
		}
		if (line != want)
			return 0;
		size_t end = i;
		while (end < len && src[end] != '\n' && src[end] != '\r')
			end++;
		if (i == 0 && len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
			i = 3;
		*c = (struct caret_cursor){src, line, 1, i, end, i};
	} else if (c->line_start == 0 && c->col_off == 0 && len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0) {
		c->line_start = c->col_off = 3;
	}
	return 1;
}

/* Print the source line of pos with a caret under its column. The line is shown as
 * msg_quote shows text (invisible characters escaped), the caret padded by the same
 * widths, and a long line as a window around the column. */
static void print_caret(FILE *f, struct caret_cursor *c, const char *src, size_t len, struct pos pos, int color)
{
	if (!find_line(c, src, len, pos.line))
		return;
	const unsigned char *u = (const unsigned char *)src;
	size_t end = c->line_end;
	/* Skip to a window that holds the column, from where the last caret on this line was. */
	size_t col = 1, i = c->line_start;
	if (c->col <= pos.col) {
		col = c->col;
		i = c->col_off;
	}
	while (pos.col > CARET_WINDOW / 2 && col < pos.col - CARET_WINDOW / 2 && i < end) {
		uint32_t cp;
		size_t k = utf8_decode(u + i, end - i, &cp);
		i += k ? k : 1;
		col++;
	}
	c->col = (unsigned)col;
	c->col_off = i;
	struct buf shown = {0}, pad = {0};
	if (i > c->line_start) {
		buf_adds(&shown, "...");
		buf_adds(&pad, "   ");
	}
	for (size_t shown_chars = 0; i < end; col++, shown_chars++) {
		if (shown_chars == CARET_WINDOW) {
			buf_adds(&shown, "...");
			break;
		}
		size_t width;
		i += show_char(&shown, u + i, end - i, &width);
		for (size_t w = 0; col < pos.col && w < width; w++)
			buf_addc(&pad, ' ');
	}
	fprintf(f, "%5u | %s\n      | %s%s^%s\n", pos.line, shown.p ? shown.p : "", pad.p ? pad.p : "",
	        color ? "\033[1;32m" : "", RESET(color));
	buf_free(&shown);
	buf_free(&pad);
}

/* Print text wrapped at spaces so that no line runs past `wrap` columns: the first line
 * has `used` columns taken already, the others are indented by `indent` spaces. A word
 * longer than a line is never cut. */
static void print_wrapped(FILE *f, const char *text, size_t used, size_t indent, size_t wrap)
{
	size_t width = used, n = strlen(text), spaces = 0;
	for (size_t i = 0; i < n;) {
		size_t word = i;
		while (word < n && text[word] != ' ')
			word++;
		size_t cols = utf8_count(text + i, word - i);
		if (i > 0 && width + spaces + cols > wrap && width > indent) {
			fprintf(f, "\n%*s", (int)indent, "");
			width = indent;
		} else if (spaces) {
			fprintf(f, "%*s", (int)spaces, "");
			width += spaces;
		}
		fwrite(text + i, 1, word - i, f);
		width += cols;
		for (i = word, spaces = 0; i < n && text[i] == ' '; i++)
			spaces++;
	}
}

unsigned msg_wrap_width(void)
{
	const char *cols = getenv("COLUMNS");
	long n = cols && *cols ? strtol(cols, NULL, 10) : 0;
	return n >= 40 && n < 100 ? (unsigned)n : 100;
}

void msg_print_text(FILE *f, const struct msgq *q, const struct msg_print_opts *o)
{
	struct caret_cursor cursor = {0};
	for (size_t i = 0; i < q->n; i++) {
		const struct diag *d = &q->d[i];
		fputs(BOLD(o->color), f);
		char *file = msg_quote(d->pos.file ? d->pos.file : "loket", 400); /* file names are input too */
		int used = 0;
		if (d->pos.line)
			used = fprintf(f, "%s:%u:%u: ", file, d->pos.line, d->pos.col);
		else
			used = fprintf(f, "%s: ", file);
		free(file);
		fprintf(f, "%s%s%s:%s ", RESET(o->color), o->color ? sev_color[d->sev] : "", msg_sev_word(d->sev),
		        RESET(o->color));
		/* A long message (a list of values or gaps) wraps, its code at the end of the last
		 * line; a message shorter than a line stays on one line, however long its path. */
		struct buf line = {0};
		buf_printf(&line, "%s [%s]", d->words ? d->words : d->text, codes[d->code].name);
		if (o->wrap && utf8_count(line.p, line.len) > o->wrap)
			print_wrapped(f, line.p, (size_t)(used > 0 ? used : 0) + strlen(msg_sev_word(d->sev)) + 2, 4,
			              o->wrap);
		else
			fputs(line.p, f);
		fputc('\n', f);
		buf_free(&line);
		if (d->pos.line && o->source && d->id != MSG_YML006_UTF16) {
			size_t len = 0;
			const char *src = o->source(o->source_ctx, d->pos.file, &len);
			if (src)
				print_caret(f, &cursor, src, len, d->pos, o->color);
		}
		if (d->hint) {
			fprintf(f, "  %s%s:%s ", o->color ? "\033[1;36m" : "", _("hint"), RESET(o->color));
			if (o->wrap && utf8_count(d->hint, strlen(d->hint)) > o->wrap)
				print_wrapped(f, d->hint, 8, 8, o->wrap);
			else
				fputs(d->hint, f);
			fputc('\n', f);
		}
	}
}

void msg_cap(const struct msgq *q, size_t max, struct msgq *view)
{
	memset(view, 0, sizeof *view);
	for (size_t i = 0; i < q->n;) {
		const char *file = q->d[i].pos.file;
		size_t end = i;
		while (end < q->n && (q->d[end].pos.file == file ||
		                      (q->d[end].pos.file && file && !strcmp(q->d[end].pos.file, file))))
			end++;
		size_t keep = max && end - i > max ? max : end - i;
		view->d = xgrow(view->d, &view->cap, view->n + keep + 1, sizeof *view->d);
		memcpy(view->d + view->n, q->d + i, keep * sizeof *q->d);
		view->n += keep;
		if (keep < end - i) {
			size_t by[SEV__MAX] = {0};
			for (size_t k = i + keep; k < end; k++)
				by[q->d[k].sev]++;
			char more[24], e[24], w[24], n[24];
			snprintf(more, sizeof more, "%zu", end - i - keep);
			snprintf(e, sizeof e, "%zu", by[SEV_ERROR]);
			snprintf(w, sizeof w, "%zu", by[SEV_WARNING]);
			snprintf(n, sizeof n, "%zu", by[SEV_INFO]);
			const char *args[] = {more, e, w, n, NULL};
			struct msgq one = {0};
			msg_add(&one, MSG_LIM001, (struct pos){file, 0, 0}, args);
			if (one.n) /* always: LIM001 has a fixed severity */
				view->d[view->n++] = one.d[0];
			free(one.d);
		}
		i = end;
	}
}

void msg_cap_free(struct msgq *view)
{
	for (size_t i = 0; i < view->n; i++)
		if (view->d[i].id == MSG_LIM001) { /* the only texts the view owns */
			free(view->d[i].text);
			free(view->d[i].hint);
		}
	free(view->d);
	memset(view, 0, sizeof *view);
}

void msg_print_summary(FILE *f, struct msg_counts c, int color)
{
	fputs(BOLD(color), f);
	fprintf(f, i18n_ngettext("%zu error", "%zu errors", c.errors), c.errors);
	fputs(", ", f);
	fprintf(f, i18n_ngettext("%zu warning", "%zu warnings", c.warnings), c.warnings);
	if (c.infos) {
		fputs(", ", f);
		fprintf(f, i18n_ngettext("%zu note", "%zu notes", c.infos), c.infos);
	}
	fputc(' ', f);
	fprintf(f, i18n_ngettext("in %zu file", "in %zu files", c.files), c.files);
	fprintf(f, "%s\n", RESET(color));
}

const char *msg_template_hint(enum msg_id id) { return msgs[id].hint; }

enum msg_code msg_id_code(enum msg_id id) { return msgs[id].code; }
