/* msg.c: the one emitter of diagnostics: queue, sort, print as text or JSON, count. */
#include "msg.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"

enum { QUOTE_MAX = 400 }; /* per argument, in code points */

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

static const char *const sev_names[SEV__MAX] = {"off", "info", "warning", "error"};

const char *msg_code_name(enum msg_code c) { return codes[c].name; }
const char *msg_code_title(enum msg_code c) { return codes[c].title; }
const char *msg_code_explanation(enum msg_code c) { return codes[c].explanation; }
enum msg_sev msg_code_default(enum msg_code c) { return codes[c].sev; }
const char *msg_sev_name(enum msg_sev s) { return sev_names[s]; }

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
	       strncmp(n, "SYS", 3) != 0 && strncmp(n, "POL", 3) != 0 && strncmp(n, "LNT", 3) != 0 &&
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

char *msg_quoten(const char *s, size_t n, size_t max)
{
	struct buf b = {0};
	const unsigned char *u = (const unsigned char *)s;
	size_t count = 0, width;
	for (size_t i = 0; i < n; count++) {
		if (count == max) {
			buf_adds(&b, "...");
			break;
		}
		i += show_char(&b, u + i, n - i, &width);
	}
	if (b.p == NULL)
		buf_adds(&b, "");
	return buf_take(&b);
}

char *msg_quote(const char *s, size_t max) { return msg_quoten(s, strlen(s), max); }

/* Fill the %s of a template from args, quoting each; advances *args. */
static char *fill(const char *tmpl, const char *const **args)
{
	struct buf b = {0};
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '%' && p[1] == '%') {
			buf_addc(&b, '%');
			p++;
		} else if (p[0] == '%' && p[1] == 's') {
			const char *a = **args ? **args : "";
			if (**args)
				(*args)++;
			char *q = msg_quote(a, QUOTE_MAX);
			buf_adds(&b, q);
			free(q);
			p++;
		} else {
			buf_addc(&b, *p);
		}
	}
	return buf_take(&b);
}

static void push(struct msgq *q, enum msg_id id, struct pos pos, char *text, char *hint)
{
	enum msg_code code = msgs[id].code;
	enum msg_sev sev = msg_policy[code];
	if (sev == SEV_OFF) {
		free(text);
		free(hint);
		return;
	}
	q->d = xgrow(q->d, &q->cap, q->n + 1, sizeof *q->d);
	q->d[q->n] = (struct diag){pos, id, code, sev, text, hint, q->n, 0};
	q->n++;
}

void msg_add(struct msgq *q, enum msg_id id, struct pos pos, const char *const *args)
{
	char *text = fill(msgs[id].text, &args);
	char *hint = msgs[id].hint ? fill(msgs[id].hint, &args) : NULL;
	push(q, id, pos, text, hint);
}

void msg_add_hint(struct msgq *q, enum msg_id id, struct pos pos, const char *hint, const char *const *args)
{
	char *text = fill(msgs[id].text, &args);
	push(q, id, pos, text, hint ? msg_quote(hint, 400) : NULL);
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

enum { CARET_WINDOW = 160 };

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

void msg_print_text(FILE *f, const struct msgq *q, const struct msg_print_opts *o)
{
	struct caret_cursor cursor = {0};
	for (size_t i = 0; i < q->n; i++) {
		const struct diag *d = &q->d[i];
		fputs(BOLD(o->color), f);
		char *file = msg_quote(d->pos.file ? d->pos.file : "loket", 400); /* file names are input too */
		if (d->pos.line)
			fprintf(f, "%s:%u:%u: ", file, d->pos.line, d->pos.col);
		else
			fprintf(f, "%s: ", file);
		free(file);
		fprintf(f, "%s%s%s:%s %s [%s]\n", RESET(o->color), o->color ? sev_color[d->sev] : "", sev_names[d->sev],
		        RESET(o->color), d->text, codes[d->code].name);
		if (d->pos.line && o->source && d->id != MSG_YML006_UTF16) {
			size_t len = 0;
			const char *src = o->source(o->source_ctx, d->pos.file, &len);
			if (src)
				print_caret(f, &cursor, src, len, d->pos, o->color);
		}
		if (d->hint)
			fprintf(f, "  %shint:%s %s\n", o->color ? "\033[1;36m" : "", RESET(o->color), d->hint);
	}
}

static void plural(FILE *f, size_t n, const char *one, const char *many)
{
	fprintf(f, "%zu %s", n, n == 1 ? one : many);
}

void msg_print_summary(FILE *f, struct msg_counts c, int color)
{
	fputs(BOLD(color), f);
	plural(f, c.errors, "error", "errors");
	fputs(", ", f);
	plural(f, c.warnings, "warning", "warnings");
	if (c.infos) {
		fputs(", ", f);
		plural(f, c.infos, "note", "notes");
	}
	fputs(" in ", f);
	plural(f, c.files, "file", "files");
	fprintf(f, "%s\n", RESET(color));
}

void msg_print_json(struct buf *b, const struct msgq *q, struct msg_counts c)
{
	struct json j;
	json_init(&j, b, 1);
	json_obj_begin(&j);
	json_kv_str(&j, "tool", "loket");
	json_key(&j, "diagnostics");
	json_arr_begin(&j);
	for (size_t i = 0; i < q->n; i++) {
		const struct diag *d = &q->d[i];
		json_obj_begin(&j);
		json_kv_str(&j, "file", d->pos.file ? d->pos.file : "");
		json_kv_int(&j, "line", d->pos.line);
		json_kv_int(&j, "column", d->pos.col);
		json_kv_str(&j, "severity", sev_names[d->sev]);
		json_kv_str(&j, "code", codes[d->code].name);
		json_kv_str(&j, "message", d->text);
		json_kv_str(&j, "hint", d->hint);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "summary");
	json_obj_begin(&j);
	json_kv_int(&j, "errors", (long long)c.errors);
	json_kv_int(&j, "warnings", (long long)c.warnings);
	json_kv_int(&j, "infos", (long long)c.infos);
	json_kv_int(&j, "files", (long long)c.files);
	json_obj_end(&j);
	json_obj_end(&j);
}

const char *msg_template_hint(enum msg_id id) { return msgs[id].hint; }

enum msg_code msg_id_code(enum msg_id id) { return msgs[id].code; }
