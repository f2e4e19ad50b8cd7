/* cmd_lsp.c: loket lsp: a language server (LSP 3.17 over stdio) that runs check's stages
 * on an editor's unsaved buffer and offers hover, completion, code actions and an outline. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "json.h"
#include "jsonrpc.h"

/* Quiet time after a change before the document is checked again (milliseconds). */
enum { LSP_DEBOUNCE_MS = 25, LSP_MAX_DOCS = 256, LSP_MAX_ITEMS = 4096 };

/* A code action computed with the diagnostics: replace [start, end) with text. */
struct lsp_fix {
	unsigned line0, from, to; /* 0-based line, code-point columns */
	char *title, *text, *code;
};

struct lsp_doc {
	char *uri, *path;
	struct buf text;
	long long version;
	int dirty;
	long long due; /* when to check it (monotonic milliseconds) */
	struct lsp_fix *fixes;
	size_t nfixes, fixes_cap;
	size_t *lines; /* byte offset of each line's start, built once per text (doc_line) */
	size_t nlines, lines_cap;
	int lines_ok;
};

struct lsp {
	struct options o;
	struct run run; /* the standard and vocabularies, loaded once */
	struct lsp_doc *docs[LSP_MAX_DOCS];
	size_t ndocs;
	int initialized, shutdown, utf32;
	int out;
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- output ---- */

static void send(struct lsp *L, struct buf *b)
{
	if (jsonrpc_write(L->out, b->p, b->len) != 0) {
		/* the editor is gone: nobody is left to tell */
		fprintf(stderr, _("loket lsp: cannot write to the editor: %s\n"), i18n_strerror(errno));
		exit(EXIT_SYSTEM);
	}
	buf_free(b);
}

static void begin_response(struct json *j, const struct node *id)
{
	json_obj_begin(j);
	json_kv_str(j, "jsonrpc", "2.0");
	json_key(j, "id");
	if (id)
		json_node(j, id);
	else
		json_null(j);
}

static void send_error(struct lsp *L, const struct node *id, int code, const char *message)
{
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	begin_response(&j, id);
	json_key(&j, "error");
	json_obj_begin(&j);
	json_kv_int(&j, "code", code);
	json_kv_str(&j, "message", message);
	json_obj_end(&j);
	json_obj_end(&j);
	send(L, &b);
}

/* ---- text positions: LSP counts UTF-16 units (or code points when utf-32 was agreed) ---- */

/* The byte offset of the start of 0-based line `line` in t, or len past the end. */
static size_t line_start(const char *t, size_t len, unsigned line)
{
	size_t i = 0;
	for (unsigned l = 0; l < line && i < len; i++)
		if (t[i] == '\n')
			l++;
	return i;
}

/* The same through the document's index of line starts (built once per text, so that
 * thousands of diagnostics do not each scan the text from its start). */
static size_t doc_line(struct lsp_doc *d, unsigned line)
{
	if (!d->lines_ok) {
		d->nlines = 0;
		for (size_t i = 0; i <= d->text.len; i++)
			if (i == 0 || d->text.p[i - 1] == '\n') {
				d->lines = xgrow(d->lines, &d->lines_cap, d->nlines + 1, sizeof *d->lines);
				d->lines[d->nlines++] = i;
			}
		d->lines_ok = 1;
	}
	return line < d->nlines ? d->lines[line] : d->text.len;
}

static size_t line_end(const char *t, size_t len, size_t from)
{
	while (from < len && t[from] != '\n')
		from++;
	return from;
}

/* The byte offset of code-point column cp (0-based) in the line at `from`. */
static size_t cp_to_byte(const char *t, size_t len, size_t from, unsigned cp)
{
	size_t end = line_end(t, len, from), i = from;
	for (unsigned c = 0; c < cp && i < end; c++) {
		uint32_t u;
		size_t k = utf8_decode((const unsigned char *)t + i, end - i, &u);
		i += k ? k : 1;
	}
	return i;
}

/* An LSP character offset of the line at `from` → a byte offset. */
static size_t char_to_byte(const struct lsp *L, const char *t, size_t len, size_t from, unsigned ch)
{
	if (L->utf32)
		return cp_to_byte(t, len, from, ch);
	size_t end = line_end(t, len, from), i = from;
	unsigned units = 0;
	while (units < ch && i < end) {
		uint32_t u;
		size_t k = utf8_decode((const unsigned char *)t + i, end - i, &u);
		units += k && u >= 0x10000 ? 2 : 1;
		i += k ? k : 1;
	}
	return i;
}

/* A byte offset in the line at `from` → an LSP character offset. */
static unsigned byte_to_char(const struct lsp *L, const char *t, size_t from, size_t at)
{
	unsigned ch = 0;
	for (size_t i = from; i < at;) {
		uint32_t u;
		size_t k = utf8_decode((const unsigned char *)t + i, at - i, &u);
		ch += !L->utf32 && k && u >= 0x10000 ? 2 : 1;
		i += k ? k : 1;
	}
	return ch;
}

static void json_position(struct json *j, unsigned line, unsigned ch)
{
	json_obj_begin(j);
	json_kv_int(j, "line", line);
	json_kv_int(j, "character", ch);
	json_obj_end(j);
}

/* A range on one line, given as byte offsets within the document. */
static void json_range(const struct lsp *L, struct json *j, struct lsp_doc *d, unsigned line0, size_t from, size_t to)
{
	size_t ls = doc_line(d, line0);
	json_obj_begin(j);
	json_key(j, "start");
	json_position(j, line0, byte_to_char(L, d->text.p, ls, from < ls ? ls : from));
	json_key(j, "end");
	json_position(j, line0, byte_to_char(L, d->text.p, ls, to < ls ? ls : to));
	json_obj_end(j);
}

/* Where the token at byte `at` ends on its line: a quoted scalar to its closing quote,
 * anything else to ": ", " #", a comma or bracket, or the end of the line. */
static size_t token_end(const char *t, size_t len, size_t at)
{
	size_t end = line_end(t, len, at), i = at;
	if (i < end && (t[i] == '"' || t[i] == '\'')) {
		char q = t[i++];
		while (i < end && t[i] != q)
			i += t[i] == '\\' && q == '"' && i + 1 < end ? 2 : 1;
		return i < end ? i + 1 : end;
	}
	while (i < end && !(t[i] == ':' && (i + 1 == end || t[i + 1] == ' ')) &&
	       !(t[i] == '#' && i > at && t[i - 1] == ' ') && t[i] != ',' && t[i] != ']' && t[i] != '}')
		i++;
	while (i > at && (t[i - 1] == ' ' || t[i - 1] == '\t' || t[i - 1] == '\r'))
		i--;
	return i > at ? i : end > at ? end : at;
}

/* ---- documents ---- */

static struct lsp_doc *find_doc(struct lsp *L, const char *uri)
{
	for (size_t i = 0; i < L->ndocs; i++)
		if (!strcmp(L->docs[i]->uri, uri))
			return L->docs[i];
	return NULL;
}

static void free_fixes(struct lsp_doc *d)
{
	for (size_t i = 0; i < d->nfixes; i++) {
		free(d->fixes[i].title);
		free(d->fixes[i].text);
		free(d->fixes[i].code);
	}
	d->nfixes = 0;
}

static void free_doc(struct lsp_doc *d)
{
	free_fixes(d);
	free(d->fixes);
	free(d->lines);
	free(d->uri);
	free(d->path);
	buf_free(&d->text);
	free(d);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* The file a URI names: file:///a%20b/x.yaml → /a b/x.yaml; another scheme is kept as
 * it is (an unsaved "untitled:" buffer has no folder, so no agency.yaml). */
static char *uri_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) != 0)
		return xstrdup(uri);
	const char *p = uri + 7;
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	struct buf b = {0};
	for (; *p; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0 && (hexval(p[1]) || hexval(p[2]))) {
			buf_addc(&b, (char)(hexval(p[1]) * 16 + hexval(p[2])));
			p += 2;
		} else {
			buf_addc(&b, *p);
		}
	}
	return b.p ? buf_take(&b) : xstrdup("");
}

/* The URI of a path in a message (agency.yaml beside the document). */
static char *path_uri(const char *path)
{
	struct buf b = {0};
	buf_adds(&b, "file://");
	if (path[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		if (cwd) {
			buf_adds(&b, cwd);
			buf_addc(&b, '/');
			free(cwd);
		}
	}
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			buf_addc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	return buf_take(&b);
}

/* ---- diagnostics and the code actions that apply their hints ---- */

static struct lsp_fix *add_fix(struct lsp_doc *d, const struct diag *g, unsigned line0, unsigned from, unsigned to,
                               const char *title, const char *text)
{
	d->fixes = xgrow(d->fixes, &d->fixes_cap, d->nfixes + 1, sizeof *d->fixes);
	struct lsp_fix *f = &d->fixes[d->nfixes++];
	memset(f, 0, sizeof *f);
	f->line0 = line0;
	f->from = from;
	f->to = to;
	f->title = xstrdup(title);
	f->text = xstrdup(text);
	f->code = xstrdup(msg_code_name(g->code));
	return f;
}

/* The texts between single quotes in s ('a', 'b' or 'c'), at most max. */
static size_t quoted(const char *s, char out[][128], size_t max)
{
	size_t n = 0;
	while (s && n < max && (s = strchr(s, '\'')) != NULL) {
		const char *e = strchr(s + 1, '\'');
		if (e == NULL || (size_t)(e - s - 1) >= sizeof out[0])
			break;
		memcpy(out[n], s + 1, (size_t)(e - s - 1));
		out[n++][e - s - 1] = 0;
		s = e + 1;
	}
	return n;
}

/* A value as YAML: plain when it is a simple word that reads back as text, else quoted. */
static void yaml_value(struct buf *b, const char *v)
{
	int plain = *v && (*v < '0' || *v > '9');
	for (const char *p = v; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		        *p == '_' || *p == ' ' || (unsigned char)*p >= 0x80;
	double num;
	int boolean;
	if (plain && load_resolve_plain(v, &num, &boolean) != NODE_STR)
		plain = 0;
	if (plain) {
		buf_adds(b, v);
		return;
	}
	buf_addc(b, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

static const char *placeholder(struct lsp *L, struct lsp_doc *d, unsigned line0, size_t col, int item,
                               const char *field);

/* The code actions of one diagnostic at 0-based line0, code-point column col0. */
static void fixes_for(struct lsp *L, struct lsp_doc *d, const struct diag *g, unsigned line0, unsigned col0)
{
	const char *t = d->text.p;
	size_t ls = doc_line(d, line0);
	size_t at = cp_to_byte(t, d->text.len, ls, col0);
	unsigned to = col0 + (unsigned)utf8_count(t + at, token_end(t, d->text.len, at) - at);
	char sugg[3][128];
	size_t n;
	struct buf title = {0}, text = {0};
	switch (g->id) {
	case MSG_SCH004_NEAR: /* an unknown field: rename it */
		if (quoted(g->hint, sugg, 1) == 1) {
			buf_printf(&title, "Rename to '%s'", sugg[0]);
			add_fix(d, g, line0, col0, to, title.p, sugg[0]);
		}
		break;
	case MSG_SCH003_NEAR: /* a value not in the list: replace it */
	case MSG_VOC001_NEAR:
		n = quoted(g->hint, sugg, 3);
		for (size_t i = 0; i < n; i++) {
			title.len = text.len = 0;
			buf_printf(&title, "Replace with '%s'", sugg[i]);
			yaml_value(&text, sugg[i]);
			add_fix(d, g, line0, col0, to, title.p, text.p);
		}
		break;
	case MSG_PLN003: { /* officialese: write the plain word instead */
		char found[1][128];
		if (quoted(g->text, found, 1) == 1 && quoted(g->hint, sugg, 1) == 1) {
			buf_printf(&title, "Write '%s'", sugg[0]);
			add_fix(d, g, line0, col0, col0 + (unsigned)utf8_count(found[0], strlen(found[0])), title.p,
			        sugg[0]);
		}
		break;
	}
	case MSG_SCH002_QUOTE: { /* text that YAML read as a number or a boolean: quote it */
		const char *q = g->hint ? strstr(g->hint, ": \"") : NULL;
		size_t qlen = q ? strlen(q + 2) : 0;
		if (q && qlen >= 3 && q[2 + qlen - 1] == '.') {
			buf_add(&text, q + 2, qlen - 1);
			buf_printf(&title, "Quote the value: %s", text.p);
			add_fix(d, g, line0, col0, to, title.p, text.p);
		}
		break;
	}
	case MSG_SCH001:
	case MSG_SCH001_NEAR: { /* a required field is missing: add it, with the empty value of its type */
		const char *q = strchr(g->text, '\'');
		const char *e = q ? strchr(q + 1, '\'') : NULL;
		if (e == NULL)
			break;
		const char *name = q + 1;
		for (const char *p = q + 1; p < e; p++)
			if (*p == '.' || *p == ']')
				name = p + 1;
		char field[64];
		if (e == name || (size_t)(e - name) >= sizeof field)
			break;
		memcpy(field, name, (size_t)(e - name));
		field[e - name] = 0;
		size_t first = ls;
		while (first < at && t[first] == ' ')
			first++;
		int item = first != at; /* the mapping is an item of a list: "- key: value" */
		if (item && (at < ls + 2 || t[at - 1] != ' ' || t[at - 2] != '-'))
			break; /* a flow mapping {...}: no line to add */
		const char *value = placeholder(L, d, line0, at - ls, item, field);
		buf_printf(&title, "Add the required field '%s'", field);
		if (!item) { /* a line of its own before the mapping's first key */
			for (unsigned k = 0; k < col0; k++)
				buf_addc(&text, ' ');
			buf_printf(&text, "%s: %s\n", field, value);
			add_fix(d, g, line0, 0, 0, title.p, text.p);
			break;
		}
		/* after the item's first line, when its first value is on that line */
		size_t end = line_end(t, d->text.len, at), v = at;
		while (v < end && !(t[v] == ':' && (v + 1 == end || t[v + 1] == ' ')))
			v++;
		while (v < end && (t[v] == ':' || t[v] == ' '))
			v++;
		if (v == end || t[v] == '|' || t[v] == '>' || t[v] == '#')
			break;
		buf_addc(&text, '\n');
		for (unsigned k = 0; k < col0; k++)
			buf_addc(&text, ' ');
		buf_printf(&text, "%s: %s", field, value);
		unsigned eol = (unsigned)utf8_count(t + ls, end - ls);
		add_fix(d, g, line0, eol, eol, title.p, text.p);
		break;
	}
	default:
		break;
	}
	buf_free(&title);
	buf_free(&text);
}

static void json_severity(struct json *j, enum msg_sev s)
{
	json_kv_int(j, "severity", s == SEV_ERROR ? 1 : s == SEV_WARNING ? 2 : 3);
}

/* The length of the folder part of a path ("a/b/x.yaml" → 3), 0 without one. */
static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? (size_t)(slash - path) : 0;
}

/* The agency.yaml beside d when the editor has it open (its unsaved text counts), or NULL. */
static struct lsp_doc *agency_doc(struct lsp *L, const struct lsp_doc *d)
{
	size_t n = dir_len(d->path);
	for (size_t i = 0; i < L->ndocs; i++) {
		const char *p = L->docs[i]->path;
		if (L->docs[i] != d && dir_len(p) == n && !strncmp(p, d->path, n) &&
		    !strcmp(p + n, n ? "/agency.yaml" : "agency.yaml"))
			return L->docs[i];
	}
	return NULL;
}

/* After a change to an agency.yaml: the open services beside it are checked again. */
static void touch_neighbours(struct lsp *L, const struct lsp_doc *d, long long due)
{
	const char *base = d->path + dir_len(d->path);
	if (strcmp(base, "/agency.yaml") && strcmp(base, "agency.yaml"))
		return;
	for (size_t i = 0; i < L->ndocs; i++)
		if (L->docs[i] != d && dir_len(L->docs[i]->path) == dir_len(d->path) &&
		    !strncmp(L->docs[i]->path, d->path, dir_len(d->path))) {
			L->docs[i]->dirty = 1;
			L->docs[i]->due = due;
		}
}

/* A publishDiagnostics notification up to its list of diagnostics (version: when known). */
static void begin_publish(struct json *j, struct buf *b, const char *uri, const long long *version)
{
	json_init(j, b, 0);
	json_obj_begin(j);
	json_kv_str(j, "jsonrpc", "2.0");
	json_kv_str(j, "method", "textDocument/publishDiagnostics");
	json_key(j, "params");
	json_obj_begin(j);
	json_kv_str(j, "uri", uri);
	if (version)
		json_kv_int(j, "version", *version);
	json_key(j, "diagnostics");
	json_arr_begin(j);
}

static void end_publish(struct lsp *L, struct json *j, struct buf *b)
{
	json_arr_end(j);
	json_obj_end(j);
	json_obj_end(j);
	send(L, b);
}

/* Run check's stages on the buffer and publish what they found. */
static void check_doc(struct lsp *L, struct lsp_doc *d)
{
	d->dirty = 0;
	free_fixes(d);
	struct run_buffer files[2] = {{d->path, d->text.p ? d->text.p : "", d->text.len}, {0}};
	struct lsp_doc *agency = agency_doc(L, d);
	if (agency)
		files[1] = (struct run_buffer){agency->path, agency->text.p ? agency->text.p : "", agency->text.len};
	run_pipeline_buffer(&L->run, &L->o, files, agency ? 2 : 1);
	const struct msgq *q = &L->run.q;
	const char *self = L->run.cat.n ? L->run.cat.files[0]->path : d->path;
	struct buf b = {0};
	struct json j;
	begin_publish(&j, &b, d->uri, &d->version);
	for (size_t i = 0; i < q->n && i < LSP_MAX_ITEMS; i++) {
		const struct diag *g = &q->d[i];
		int here = g->pos.file && !strcmp(g->pos.file, self) && g->pos.line > 0;
		unsigned line0 = here ? g->pos.line - 1 : 0, col0 = here && g->pos.col ? g->pos.col - 1 : 0;
		size_t ls = doc_line(d, line0);
		size_t at = cp_to_byte(d->text.p, d->text.len, ls, col0);
		json_obj_begin(&j);
		json_key(&j, "range");
		json_range(L, &j, d, line0, at, here ? token_end(d->text.p, d->text.len, at) : at);
		json_severity(&j, g->sev);
		json_kv_str(&j, "code", msg_code_name(g->code));
		json_kv_str(&j, "source", "loket");
		struct buf m = {0};
		if (!here && g->pos.file && g->pos.line) /* in another file: agency.yaml */
			buf_printf(&m, "%s:%u:%u: ", g->pos.file, g->pos.line, g->pos.col);
		else if (!here && g->pos.file && strcmp(g->pos.file, self))
			buf_printf(&m, "%s: ", g->pos.file);
		buf_adds(&m, g->text);
		if (g->hint)
			buf_printf(&m, "\nhint: %s", g->hint);
		json_kv_str(&j, "message", m.p);
		buf_free(&m);
		if (!here && g->pos.file && g->pos.line) {
			char *uri = path_uri(g->pos.file);
			json_key(&j, "relatedInformation");
			json_arr_begin(&j);
			json_obj_begin(&j);
			json_key(&j, "location");
			json_obj_begin(&j);
			json_kv_str(&j, "uri", uri);
			json_key(&j, "range");
			json_obj_begin(&j);
			json_key(&j, "start");
			json_position(&j, g->pos.line - 1, g->pos.col ? g->pos.col - 1 : 0);
			json_key(&j, "end");
			json_position(&j, g->pos.line - 1, g->pos.col ? g->pos.col - 1 : 0);
			json_obj_end(&j);
			json_obj_end(&j);
			json_kv_str(&j, "message", g->text);
			json_obj_end(&j);
			json_arr_end(&j);
			free(uri);
		}
		json_obj_end(&j);
		if (here)
			fixes_for(L, d, g, line0, col0);
	}
	end_publish(L, &j, &b);
}

static void publish_empty(struct lsp *L, const char *uri)
{
	struct buf b = {0};
	struct json j;
	begin_publish(&j, &b, uri, NULL);
	end_publish(L, &j, &b);
}

/* ---- where the cursor is: the path of keys, read from the indentation ---- */
/* Read from the text, not the tree, so that it works while the file does not parse. */

struct yline {
	int blank, has_dash, has_key;
	size_t dash, kc; /* byte columns of the last "- " and of what follows */
	size_t colon;    /* column of the key's colon */
	char key[64];
};

static struct yline parse_line(const char *t, size_t len, size_t ls)
{
	struct yline y = {0};
	size_t end = line_end(t, len, ls), i = ls;
	while (i < end && t[i] == ' ')
		i++;
	while (i < end && t[i] == '-' && (i + 1 == end || t[i + 1] == ' ')) {
		y.has_dash = 1;
		y.dash = i - ls;
		i++;
		while (i < end && t[i] == ' ')
			i++;
	}
	y.kc = i - ls;
	if (i == end || t[i] == '#') {
		y.blank = !y.has_dash;
		return y;
	}
	size_t k = i, n = 0;
	char q = t[k] == '"' || t[k] == '\'' ? t[k++] : 0;
	while (k < end && n + 1 < sizeof y.key) {
		char c = t[k];
		if (q ? c == q : c == ':' && (k + 1 == end || t[k + 1] == ' '))
			break;
		if (!q && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		            c == '-'))
			return y;
		y.key[n++] = c;
		k++;
	}
	if (q && k < end && t[k] == q)
		k++;
	if (k < end && t[k] == ':' && (k + 1 == end || t[k + 1] == ' ') && n > 0) {
		y.has_key = 1;
		y.colon = k - ls;
	}
	return y;
}

enum { MAX_PATH = 32 };
struct ypath {
	char comp[MAX_PATH][64]; /* keys, or "[]" for an item of a list */
	size_t n;
};

static void push(struct ypath *p, const char *c)
{
	if (p->n < MAX_PATH)
		snprintf(p->comp[p->n++], sizeof p->comp[0], "%s", c);
}

/* The keys above 0-based line `line` that contain a node at column `want`, from the root. */
static void path_above(const char *t, size_t len, unsigned line, size_t want, struct ypath *p)
{
	struct ypath rev = {0};
	size_t ls = line_start(t, len, line);
	while (line > 0 && want > 0) {
		size_t prev = ls - 1; /* the '\n' ending the line above */
		while (prev > 0 && t[prev - 1] != '\n')
			prev--;
		ls = prev;
		line--;
		struct yline y = parse_line(t, len, ls);
		if (y.blank)
			continue;
		if (y.has_dash && y.dash < want) {
			if (y.has_key && y.kc < want)
				push(&rev, y.key);
			push(&rev, "[]");
			want = y.dash;
		} else if (!y.has_dash && y.kc < want) {
			if (y.has_key)
				push(&rev, y.key);
			want = y.kc;
		}
	}
	for (size_t i = rev.n; i-- > 0;)
		push(p, rev.comp[i]);
}

/* The path of the key written on line `line` (y: that line parsed): the keys above it,
 * "[]" when the key starts a list item, then the key itself. */
static void key_path(const char *t, size_t len, unsigned line, const struct yline *y, struct ypath *p)
{
	path_above(t, len, line, y->has_dash ? y->dash : y->kc, p);
	if (y->has_dash)
		push(p, "[]");
	push(p, y->key);
}

/* ---- the standard's schema at a path ---- */

struct cand {
	const struct node *s;
	const char *kind; /* the schema document: "service", "agency", "common" */
};
enum { MAX_CANDS = 32 };
struct cands {
	struct cand v[MAX_CANDS];
	size_t n;
};

static const char *version_of(const struct lsp *L, const char *t, size_t len)
{
	const struct path_list *vs = &L->run.st.versions;
	for (size_t ls = 0; ls < len; ls = line_end(t, len, ls) + 1) {
		if (strncmp(t + ls, "standard:", 9) != 0)
			continue;
		for (size_t i = 0; i < vs->n; i++) {
			const char *v = vs->v[i];
			const char *at = t + ls + 9;
			while (*at == ' ' || *at == '"' || *at == '\'')
				at++;
			if (!strncmp(at, v, strlen(v)))
				return v;
		}
	}
	return vs->n ? vs->v[vs->n - 1] : "1.0";
}

/* Add s, what its $ref names, and the branches of allOf/anyOf/oneOf/then/else. */
static void expand(const struct lsp *L, const char *version, const struct node *s, const char *kind, struct cands *c,
                   unsigned depth)
{
	if (s == NULL || s->kind != NODE_MAP || c->n >= MAX_CANDS || depth > 8)
		return;
	c->v[c->n++] = (struct cand){s, kind};
	const char *ref = node_get_str(s, "$ref");
	if (ref) {
		const char *hash = strchr(ref, '#');
		char other[32] = "";
		if (hash && hash > ref && (size_t)(hash - ref) < sizeof other)
			memcpy(other, ref, (size_t)(hash - ref));
		const char *k = *other ? other : kind;
		const struct node *doc = standard_schema_document(&L->run.st, version, k);
		const char *kindname = !strcmp(k, "common") ? "common" : !strcmp(k, "agency") ? "agency" : "service";
		if (hash && doc) {
			const char *p = hash + 1;
			const struct node *at = doc;
			while (at && *p == '/') {
				char part[64];
				size_t n = strcspn(p + 1, "/");
				if (n >= sizeof part)
					at = NULL;
				else {
					memcpy(part, p + 1, n);
					part[n] = 0;
					at = node_get(at, part);
				}
				p += 1 + n;
			}
			expand(L, version, at, kindname, c, depth + 1);
		}
	}
	static const char *const branches[] = {"allOf", "anyOf", "oneOf"};
	for (size_t b = 0; b < 3; b++) {
		const struct node *l = node_get(s, branches[b]);
		for (size_t i = 0; l && l->kind == NODE_SEQ && i < l->n; i++)
			expand(L, version, l->kids[i], kind, c, depth + 1);
	}
	expand(L, version, node_get(s, "then"), kind, c, depth + 1);
	expand(L, version, node_get(s, "else"), kind, c, depth + 1);
}

/* The schemas that apply at path (from the document's root). */
static void schema_at(const struct lsp *L, const struct lsp_doc *d, const struct ypath *p, size_t upto,
                      struct cands *out)
{
	const char *version = version_of(L, d->text.p ? d->text.p : "", d->text.len);
	const char *base = strrchr(d->path, '/');
	const char *kind = !strcmp(base ? base + 1 : d->path, "agency.yaml") ? "agency" : "service";
	out->n = 0;
	expand(L, version, standard_schema_document(&L->run.st, version, kind), kind, out, 0);
	for (size_t i = 0; i < upto && out->n; i++) {
		struct cands next = {0};
		int item = !strcmp(p->comp[i], "[]");
		for (size_t k = 0; k < out->n; k++) {
			const struct node *s = out->v[k].s;
			const struct node *props = node_get(s, "properties");
			if (item)
				expand(L, version, node_get(s, "items"), out->v[k].kind, &next, 0);
			else if (node_get(props, p->comp[i]))
				expand(L, version, node_get(props, p->comp[i]), out->v[k].kind, &next, 0);
		}
		for (size_t k = 0; !item && next.n == 0 && k < out->n; k++) /* translations: any key */
			expand(L, version, node_get(out->v[k].s, "additionalProperties"), out->v[k].kind, &next, 0);
		*out = next;
	}
}

/* The empty value of a field's type, for a field a quick fix adds to the mapping whose
 * first key is at byte column col of line0 (an item of a list when `item`). */
static const char *placeholder(struct lsp *L, struct lsp_doc *d, unsigned line0, size_t col, int item,
                               const char *field)
{
	struct ypath p = {0};
	struct yline y = parse_line(d->text.p, d->text.len, doc_line(d, line0));
	path_above(d->text.p, d->text.len, line0, item && y.has_dash ? y.dash : col, &p);
	if (item)
		push(&p, "[]");
	push(&p, field);
	struct cands c;
	schema_at(L, d, &p, p.n, &c);
	static const char *const empty[][2] = {{"array", "[]"}, {"object", "{}"},     {"integer", "0"},
	                                       {"number", "0"}, {"boolean", "false"}, {"string", "\"\""}};
	for (size_t i = 0; i < c.n; i++) {
		const char *type = node_get_str(c.v[i].s, "type");
		for (size_t k = 0; type && k < sizeof empty / sizeof *empty; k++)
			if (!strcmp(type, empty[k][0]))
				return empty[k][1];
	}
	return "\"\"";
}

/* ---- requests ---- */

static const struct node *params_doc(struct lsp *L, const struct node *params, unsigned *line, unsigned *ch,
                                     struct lsp_doc **d)
{
	const struct node *td = node_get(params, "textDocument");
	const char *uri = node_get_str(td, "uri");
	*d = uri ? find_doc(L, uri) : NULL;
	const struct node *pos = node_get(params, "position");
	const struct node *l = node_get(pos, "line"), *c = node_get(pos, "character");
	if (l && c && l->kind == NODE_INT && c->kind == NODE_INT && l->num >= 0 && c->num >= 0 && l->num < 1e9 &&
	    c->num < 1e9) {
		*line = (unsigned)l->num;
		*ch = (unsigned)c->num;
		return pos;
	}
	return NULL;
}

static void list_values(struct buf *b, const struct node *list)
{
	for (size_t i = 0; list && list->kind == NODE_SEQ && i < list->n && i < 40; i++)
		if (list->kids[i]->str)
			buf_printf(b, "%s`%s`", i ? ", " : "", list->kids[i]->str);
}

/* Markdown about the field at the cursor: its type, advice, allowed values, form. */
static void hover_text(const struct cands *c, const char *key, struct buf *b)
{
	buf_printf(b, "**%s**", key);
	const char *type = NULL, *format = NULL;
	const struct node *en = NULL, *items_en = NULL, *cn = NULL, *rules = NULL;
	struct buf hints = {0};
	for (size_t i = 0; i < c->n; i++) {
		const struct node *s = c->v[i].s;
		if (!type)
			type = node_get_str(s, "type");
		if (!format)
			format = node_get_str(s, "format");
		if (!en && node_get(s, "enum"))
			en = node_get(s, "enum");
		if (!cn && node_get(s, "const"))
			cn = node_get(s, "const");
		if (!items_en)
			items_en = node_get(node_get(s, "items"), "enum");
		if (!rules)
			rules = node_get(s, "x-rules");
		const char *h = node_get_str(s, "x-hint");
		if (h && (hints.p == NULL || strstr(hints.p, h) == NULL))
			buf_printf(&hints, "\n\n%s", h);
	}
	if (type)
		buf_printf(b, " (%s%s%s)", type, format ? ", " : "", format ? format : "");
	if (hints.p)
		buf_adds(b, hints.p);
	if (en) {
		buf_adds(b, "\n\nAllowed values: ");
		list_values(b, en);
	} else if (items_en) {
		buf_adds(b, "\n\nAllowed items: ");
		list_values(b, items_en);
	} else if (cn && cn->str) {
		buf_printf(b, "\n\nValue: `%s`", cn->str);
	}
	/* x-rules: the rule codes of the standard that look at this field */
	for (size_t i = 0; rules && rules->kind == NODE_SEQ && i < rules->n; i++) {
		enum msg_code code = rules->kids[i]->str ? msg_code_find(rules->kids[i]->str) : CODE__MAX;
		if (code != CODE__MAX)
			buf_printf(b, "%s`%s` %s", i ? "; " : "\n\nRules: ", msg_code_name(code), msg_code_title(code));
	}
	buf_free(&hints);
}

/* The open document and position of a request; 0 after answering with an error. */
static int position_params(struct lsp *L, const struct node *id, const struct node *params, const char *method,
                           unsigned *line, unsigned *ch, struct lsp_doc **d)
{
	if (params_doc(L, params, line, ch, d) && *d)
		return 1;
	struct buf m = {0};
	buf_printf(&m, "%s needs an open document and a position", method);
	send_error(L, id, JSONRPC_INVALID_PARAMS, m.p);
	buf_free(&m);
	return 0;
}

static void hover(struct lsp *L, const struct node *id, const struct node *params)
{
	unsigned line, ch;
	struct lsp_doc *d;
	if (!position_params(L, id, params, "hover", &line, &ch, &d))
		return;
	const char *t = d->text.p ? d->text.p : "";
	size_t ls = doc_line(d, line);
	struct yline y = parse_line(t, d->text.len, ls);
	struct buf md = {0};
	if (y.has_key && ls < d->text.len) {
		struct ypath p = {0};
		key_path(t, d->text.len, line, &y, &p);
		struct cands c;
		schema_at(L, d, &p, p.n, &c);
		if (c.n)
			hover_text(&c, y.key, &md);
	}
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	begin_response(&j, id);
	json_key(&j, "result");
	if (md.p) {
		json_obj_begin(&j);
		json_key(&j, "contents");
		json_obj_begin(&j);
		json_kv_str(&j, "kind", "markdown");
		json_kv_str(&j, "value", md.p);
		json_obj_end(&j);
		json_key(&j, "range");
		json_range(L, &j, d, line, ls + y.kc, ls + y.colon);
		json_obj_end(&j);
	} else {
		json_null(&j);
	}
	json_obj_end(&j);
	buf_free(&md);
	send(L, &b);
}

/* Completion items: `kind` 10 (Property) for fields, 12 (Value) or 20 (EnumMember). */
static void item(struct json *j, const char *label, int kind, const char *insert, const char *detail)
{
	json_obj_begin(j);
	json_kv_str(j, "label", label);
	json_kv_int(j, "kind", kind);
	json_kv_str(j, "insertText", insert ? insert : label);
	json_kv_str(j, "detail", detail);
	json_obj_end(j);
}

static void value_items(struct lsp *L, struct json *j, const struct cands *c, const struct ypath *p)
{
	const char *last = p->n ? p->comp[p->n - 1] : "";
	const char *key = last;
	if (!strcmp(last, "[]") && p->n > 1)
		key = p->comp[p->n - 2];
	struct buf v = {0};
	for (size_t i = 0; i < c->n; i++) {
		const struct node *s = c->v[i].s;
		const struct node *en = node_get(s, "enum"), *cn = node_get(s, "const");
		if (en == NULL && strcmp(last, "[]") != 0)
			en = node_get(node_get(s, "items"), "enum");
		for (size_t k = 0; en && en->kind == NODE_SEQ && k < en->n; k++)
			if (en->kids[k]->kind == NODE_STR) {
				v.len = 0;
				yaml_value(&v, en->kids[k]->str);
				item(j, en->kids[k]->str, 20, v.p, NULL);
			}
		if (cn && cn->kind == NODE_STR) {
			v.len = 0;
			buf_printf(&v, "\"%s\"", cn->str);
			item(j, cn->str, 20, v.p, NULL);
		}
	}
	const struct vocab *vo = &L->run.vocab;
	if (!strcmp(key, "product"))
		for (size_t i = 0; i < vo->nproducts && i < LSP_MAX_ITEMS; i++) {
			v.len = 0;
			yaml_value(&v, vo->products[i].name);
			item(j, vo->products[i].name, 12, v.p, "product");
		}
	if (!strcmp(key, "life_events"))
		for (size_t i = 0; i < vo->nlife_events; i++)
			item(j, vo->life_event_ids[i], 12, NULL, vocab_life_event(vo, vo->life_event_ids[i], "nl"));
	if (!strcmp(key, "language") || !strcmp(key, "languages"))
		for (size_t i = 0; i < vo->languages.cap; i++)
			if (vo->languages.slots[i].key) {
				char code[16];
				snprintf(code, sizeof code, "%.*s", (int)vo->languages.slots[i].keylen,
				         vo->languages.slots[i].key);
				item(j, code, 12, NULL, "language");
			}
	buf_free(&v);
}

/* The keys of the mapping whose keys are at byte column col around 0-based `line` (not
 * that line's own): up to its first key (after "- " when it is an item of a list) and
 * down to its end. */
static void siblings(struct lsp_doc *d, unsigned line, size_t col, struct path_list *out)
{
	for (int dir = -1; dir <= 1; dir += 2)
		for (long l = (long)line + dir; l >= 0 && (size_t)l < LSP_MAX_ITEMS * 16; l += dir) {
			size_t ls = doc_line(d, (unsigned)l);
			if (ls >= d->text.len)
				break;
			struct yline y = parse_line(d->text.p, d->text.len, ls);
			if (y.blank)
				continue;
			size_t indent = y.has_dash ? y.dash : y.kc;
			if (y.has_dash && y.kc == col) { /* the item starts here */
				if (dir < 0 && y.has_key)
					path_list_add(out, y.key);
				break;
			}
			if (indent < col)
				break;
			if (y.kc == col && !y.has_dash && y.has_key)
				path_list_add(out, y.key);
		}
}

static void completion(struct lsp *L, const struct node *id, const struct node *params)
{
	unsigned line, ch;
	struct lsp_doc *d;
	if (!position_params(L, id, params, "completion", &line, &ch, &d))
		return;
	const char *t = d->text.p ? d->text.p : "";
	size_t ls = doc_line(d, line);
	size_t at = char_to_byte(L, t, d->text.len, ls, ch);
	struct yline y = parse_line(t, d->text.len, ls);
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	begin_response(&j, id);
	json_key(&j, "result");
	json_obj_begin(&j);
	json_key(&j, "isIncomplete");
	json_bool(&j, 0);
	json_key(&j, "items");
	json_arr_begin(&j);
	struct ypath p = {0};
	struct cands c;
	if (y.has_key && at > ls + y.colon) { /* after "key:": its values */
		key_path(t, d->text.len, line, &y, &p);
		schema_at(L, d, &p, p.n, &c);
		value_items(L, &j, &c, &p);
	} else if (y.has_dash && !y.has_key && at > ls + y.dash && at >= ls + y.kc) {
		/* "- val": an item of a list of values */
		path_above(t, d->text.len, line, y.dash, &p);
		push(&p, "[]");
		schema_at(L, d, &p, p.n, &c);
		value_items(L, &j, &c, &p);
	} else { /* a field name at this level */
		size_t col = y.blank ? at - ls : y.kc;
		if (y.has_dash && y.dash < col) {
			path_above(t, d->text.len, line, y.dash, &p);
			push(&p, "[]");
		} else {
			path_above(t, d->text.len, line, col, &p);
		}
		schema_at(L, d, &p, p.n, &c);
		struct hmap seen = {0};
		struct path_list present = {0};
		siblings(d, line, col, &present);
		for (size_t i = 0; i < present.n; i++) /* fields already there are not offered again */
			hmap_put(&seen, present.v[i], strlen(present.v[i]), present.v[i]);
		for (size_t i = 0; i < c.n; i++) {
			const struct node *props = node_get(c.v[i].s, "properties");
			for (size_t k = 0; props && props->kind == NODE_MAP && k < props->n; k++) {
				const struct node *name = NODE_KEY(props, k);
				if (hmap_put(&seen, name->str, name->len, (void *)name))
					continue;
				struct buf ins = {0};
				buf_printf(&ins, "%s: ", name->str);
				struct cands one = {0};
				expand(L, version_of(L, t, d->text.len), NODE_VAL(props, k), c.v[i].kind, &one, 0);
				const char *hint = NULL;
				for (size_t m = 0; m < one.n && !hint; m++)
					hint = node_get_str(one.v[m].s, "x-hint");
				item(&j, name->str, 10, ins.p, hint);
				buf_free(&ins);
			}
		}
		hmap_free(&seen);
		path_list_free(&present);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_obj_end(&j);
	send(L, &b);
}

static int in_range(const struct node *range, unsigned line)
{
	const struct node *s = node_get(node_get(range, "start"), "line"),
	                  *e = node_get(node_get(range, "end"), "line");
	if (!s || !e || !node_is_number(s) || !node_is_number(e))
		return 1;
	return line >= s->num && line <= e->num;
}

static void code_action(struct lsp *L, const struct node *id, const struct node *params)
{
	const char *uri = node_get_str(node_get(params, "textDocument"), "uri");
	struct lsp_doc *d = uri ? find_doc(L, uri) : NULL;
	const struct node *range = node_get(params, "range");
	if (d == NULL || range == NULL) {
		send_error(L, id, JSONRPC_INVALID_PARAMS, "codeAction needs an open document and a range");
		return;
	}
	if (d->dirty) /* the fixes must be those of the text as it is */
		check_doc(L, d);
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	begin_response(&j, id);
	json_key(&j, "result");
	json_arr_begin(&j);
	const char *t = d->text.p ? d->text.p : "";
	for (size_t i = 0; i < d->nfixes; i++) {
		const struct lsp_fix *f = &d->fixes[i];
		if (!in_range(range, f->line0))
			continue;
		size_t ls = doc_line(d, f->line0);
		json_obj_begin(&j);
		json_kv_str(&j, "title", f->title);
		json_kv_str(&j, "kind", "quickfix");
		json_key(&j, "edit");
		json_obj_begin(&j);
		json_key(&j, "changes");
		json_obj_begin(&j);
		json_key(&j, d->uri);
		json_arr_begin(&j);
		json_obj_begin(&j);
		json_key(&j, "range");
		json_range(L, &j, d, f->line0, cp_to_byte(t, d->text.len, ls, f->from),
		           cp_to_byte(t, d->text.len, ls, f->to));
		json_kv_str(&j, "newText", f->text);
		json_obj_end(&j);
		json_arr_end(&j);
		json_obj_end(&j);
		json_obj_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	send(L, &b);
}

/* The last line a node reaches (its deepest last child); depth bounded by the loader's limit. */
static unsigned last_line(const struct node *n)
{
	while ((n->kind == NODE_MAP || n->kind == NODE_SEQ) && n->n)
		n = n->kind == NODE_MAP ? NODE_VAL(n, n->n - 1) : n->kids[n->n - 1];
	return n->pos.line;
}

/* DocumentSymbol kinds: 8 Field, 18 Array, 19 Object. */
static void symbols(struct json *j, const struct node *m, unsigned depth)
{
	for (size_t i = 0; m->kind == NODE_MAP && i < m->n && depth < LOAD_MAX_DEPTH; i++) {
		const struct node *k = NODE_KEY(m, i), *v = NODE_VAL(m, i);
		unsigned l0 = k->pos.line ? k->pos.line - 1 : 0, c0 = k->pos.col ? k->pos.col - 1 : 0;
		unsigned end = last_line(v);
		json_obj_begin(j);
		json_kv_str(j, "name", k->str);
		json_kv_int(j, "kind", v->kind == NODE_MAP ? 19 : v->kind == NODE_SEQ ? 18 : 8);
		if (v->kind != NODE_MAP && v->kind != NODE_SEQ && v->str)
			json_kv_str(j, "detail", v->len > 60 ? "…" : v->str);
		json_key(j, "range");
		json_obj_begin(j);
		json_key(j, "start");
		json_position(j, l0, 0);
		json_key(j, "end");
		json_position(j, end > l0 ? end - 1 : l0, 1000);
		json_obj_end(j);
		json_key(j, "selectionRange");
		json_obj_begin(j);
		json_key(j, "start");
		json_position(j, l0, c0);
		json_key(j, "end");
		json_position(j, l0, c0 + (unsigned)utf8_count(k->str, k->len));
		json_obj_end(j);
		json_key(j, "children");
		json_arr_begin(j);
		if (v->kind == NODE_MAP)
			symbols(j, v, depth + 1);
		for (size_t s = 0; v->kind == NODE_SEQ && s < v->n; s++)
			if (v->kids[s]->kind == NODE_MAP)
				symbols(j, v->kids[s], depth + 1);
		json_arr_end(j);
		json_obj_end(j);
	}
}

static void document_symbol(struct lsp *L, const struct node *id, const struct node *params)
{
	const char *uri = node_get_str(node_get(params, "textDocument"), "uri");
	struct lsp_doc *d = uri ? find_doc(L, uri) : NULL;
	if (d == NULL) {
		send_error(L, id, JSONRPC_INVALID_PARAMS, "documentSymbol needs an open document");
		return;
	}
	struct doc doc;
	struct msgq q = {0};
	enum load_result r =
	        load_yaml_mem(&doc, d->path, d->text.p ? d->text.p : "", d->text.len, &load_default_limits, &q);
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	begin_response(&j, id);
	json_key(&j, "result");
	json_arr_begin(&j);
	if (r == LOAD_OK && doc.root)
		symbols(&j, doc.root, 0);
	json_arr_end(&j);
	json_obj_end(&j);
	load_doc_free(&doc);
	msg_free(&q);
	send(L, &b);
}

static void initialize(struct lsp *L, const struct node *id, const struct node *params)
{
	const struct node *enc = node_get(node_get(node_get(params, "capabilities"), "general"), "positionEncodings");
	for (size_t i = 0; enc && enc->kind == NODE_SEQ && i < enc->n; i++)
		if (enc->kids[i]->str && !strcmp(enc->kids[i]->str, "utf-32"))
			L->utf32 = 1;
	L->initialized = 1;
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	begin_response(&j, id);
	json_key(&j, "result");
	json_obj_begin(&j);
	json_key(&j, "capabilities");
	json_obj_begin(&j);
	json_kv_str(&j, "positionEncoding", L->utf32 ? "utf-32" : "utf-16");
	json_key(&j, "textDocumentSync");
	json_obj_begin(&j);
	json_key(&j, "openClose");
	json_bool(&j, 1);
	json_kv_int(&j, "change", 2); /* incremental */
	json_key(&j, "save");
	json_bool(&j, 1);
	json_obj_end(&j);
	json_key(&j, "hoverProvider");
	json_bool(&j, 1);
	json_key(&j, "completionProvider");
	json_obj_begin(&j);
	json_key(&j, "triggerCharacters");
	json_arr_begin(&j);
	json_str(&j, " ");
	json_str(&j, "-");
	json_arr_end(&j);
	json_obj_end(&j);
	json_key(&j, "codeActionProvider");
	json_obj_begin(&j);
	json_key(&j, "codeActionKinds");
	json_arr_begin(&j);
	json_str(&j, "quickfix");
	json_arr_end(&j);
	json_obj_end(&j);
	json_key(&j, "documentSymbolProvider");
	json_bool(&j, 1);
	json_obj_end(&j);
	json_key(&j, "serverInfo");
	json_obj_begin(&j);
	json_kv_str(&j, "name", "loket");
	json_kv_str(&j, "version", LOKET_VERSION);
	json_obj_end(&j);
	json_obj_end(&j);
	json_obj_end(&j);
	send(L, &b);
}

/* ---- notifications: the documents ---- */

static void did_open(struct lsp *L, const struct node *params)
{
	const struct node *td = node_get(params, "textDocument");
	const char *uri = node_get_str(td, "uri");
	const struct node *text = node_get(td, "text"), *version = node_get(td, "version");
	if (uri == NULL || text == NULL || text->kind != NODE_STR)
		return;
	struct lsp_doc *d = find_doc(L, uri);
	if (d == NULL) {
		if (L->ndocs == LSP_MAX_DOCS) { /* forget the oldest */
			free_doc(L->docs[0]);
			memmove(L->docs, L->docs + 1, (LSP_MAX_DOCS - 1) * sizeof *L->docs);
			L->ndocs--;
		}
		d = xcalloc(1, sizeof *d);
		d->uri = xstrdup(uri);
		d->path = uri_path(uri);
		L->docs[L->ndocs++] = d;
	}
	d->text.len = 0;
	buf_add(&d->text, text->str, text->len);
	d->lines_ok = 0;
	d->version = version && node_is_number(version) ? (long long)version->num : 0;
	d->dirty = 1;
	d->due = now_ms(); /* at once */
	touch_neighbours(L, d, d->due);
}

/* Apply one change: the whole text, or a range replaced (incremental sync). */
static void apply_change(struct lsp *L, struct lsp_doc *d, const struct node *ch)
{
	const struct node *text = node_get(ch, "text"), *range = node_get(ch, "range");
	if (text == NULL || text->kind != NODE_STR)
		return;
	if (range == NULL) {
		d->text.len = 0;
		buf_add(&d->text, text->str, text->len);
		return;
	}
	size_t off[2];
	static const char *const ends[] = {"start", "end"};
	for (int e = 0; e < 2; e++) {
		const struct node *at = node_get(range, ends[e]);
		const struct node *l = node_get(at, "line"), *c = node_get(at, "character");
		if (!l || !c || !node_is_number(l) || !node_is_number(c) || l->num < 0 || c->num < 0)
			return;
		const char *t = d->text.p ? d->text.p : "";
		unsigned line = l->num > 4e9 ? 4000000000u : (unsigned)l->num;
		size_t ls = line_start(t, d->text.len, line);
		off[e] = ls >= d->text.len
		                 ? d->text.len
		                 : char_to_byte(L, t, d->text.len, ls, c->num > 4e9 ? 4000000000u : (unsigned)c->num);
	}
	if (off[1] < off[0])
		return;
	struct buf nb = {0};
	buf_add(&nb, d->text.p, off[0]);
	buf_add(&nb, text->str, text->len);
	buf_add(&nb, d->text.p + off[1], d->text.len - off[1]);
	buf_free(&d->text);
	d->text = nb;
	if (d->text.p == NULL)
		buf_add(&d->text, "", 0);
}

static void did_change(struct lsp *L, const struct node *params)
{
	const struct node *td = node_get(params, "textDocument");
	const char *uri = node_get_str(td, "uri");
	struct lsp_doc *d = uri ? find_doc(L, uri) : NULL;
	const struct node *changes = node_get(params, "contentChanges"), *version = node_get(td, "version");
	if (d == NULL || changes == NULL || changes->kind != NODE_SEQ)
		return;
	for (size_t i = 0; i < changes->n; i++)
		apply_change(L, d, changes->kids[i]);
	d->lines_ok = 0;
	if (version && node_is_number(version))
		d->version = (long long)version->num;
	d->dirty = 1;
	d->due = now_ms() + LSP_DEBOUNCE_MS;
	touch_neighbours(L, d, d->due);
}

static void did_close(struct lsp *L, const struct node *params)
{
	const char *uri = node_get_str(node_get(params, "textDocument"), "uri");
	for (size_t i = 0; uri && i < L->ndocs; i++)
		if (!strcmp(L->docs[i]->uri, uri)) {
			publish_empty(L, uri);
			touch_neighbours(L, L->docs[i], now_ms()); /* back to the agency.yaml on disk */
			free_doc(L->docs[i]);
			memmove(L->docs + i, L->docs + i + 1, (L->ndocs - i - 1) * sizeof *L->docs);
			L->ndocs--;
			return;
		}
}

static void did_save(struct lsp *L, const struct node *params)
{
	const char *uri = node_get_str(node_get(params, "textDocument"), "uri");
	struct lsp_doc *d = uri ? find_doc(L, uri) : NULL;
	if (d) { /* the agency.yaml beside it may have changed too */
		d->dirty = 1;
		d->due = now_ms();
		touch_neighbours(L, d, d->due);
	}
}

/* ---- dispatch ---- */

static const struct {
	const char *method;
	void (*run)(struct lsp *L, const struct node *id, const struct node *params);
} requests[] = {
        {"textDocument/hover", hover},
        {"textDocument/completion", completion},
        {"textDocument/codeAction", code_action},
        {"textDocument/documentSymbol", document_symbol},
};

static const struct {
	const char *method;
	void (*run)(struct lsp *L, const struct node *params);
} notifications[] = {
        {"textDocument/didOpen", did_open},
        {"textDocument/didChange", did_change},
        {"textDocument/didClose", did_close},
        {"textDocument/didSave", did_save},
};

/* Handle one message body. Returns 1 when `exit` was received. */
static int handle(struct lsp *L, const char *body, size_t len)
{
	struct arena a = {0};
	const char *err;
	const struct node *m = jsonrpc_parse(&a, body, len, &err);
	int done = 0;
	if (m == NULL) {
		struct buf why = {0};
		buf_printf(&why, "not valid JSON: %s", err);
		send_error(L, NULL, JSONRPC_PARSE_ERROR, why.p);
		buf_free(&why);
		arena_free(&a);
		return 0;
	}
	const struct node *id = node_get(m, "id");
	const char *method = node_get_str(m, "method");
	const struct node *params = node_get(m, "params");
	if (id && id->kind != NODE_STR && id->kind != NODE_INT && id->kind != NODE_NULL)
		id = NULL;
	if (m->kind != NODE_MAP || !node_get_str(m, "jsonrpc") || strcmp(node_get_str(m, "jsonrpc"), "2.0") ||
	    (method == NULL && node_get(m, "method"))) {
		send_error(L, id, JSONRPC_INVALID_REQUEST, "not a JSON-RPC 2.0 message");
	} else if (method == NULL) {
		/* a response to a request of ours: the server sends none */
	} else if (node_get(m, "id")) { /* a request */
		size_t k = 0, n = sizeof requests / sizeof *requests;
		while (k < n && strcmp(requests[k].method, method))
			k++;
		if (!strcmp(method, "initialize")) {
			initialize(L, id, params);
		} else if (!L->initialized) {
			send_error(L, id, JSONRPC_SERVER_NOT_INITIALIZED, "initialize first");
		} else if (L->shutdown) {
			send_error(L, id, JSONRPC_INVALID_REQUEST, "the server is shutting down");
		} else if (!strcmp(method, "shutdown")) {
			L->shutdown = 1;
			struct buf b = {0};
			struct json j;
			json_init(&j, &b, 0);
			begin_response(&j, id);
			json_key(&j, "result");
			json_null(&j);
			json_obj_end(&j);
			send(L, &b);
		} else if (k < n) {
			requests[k].run(L, id, params);
		} else {
			struct buf why = {0};
			buf_printf(&why, "unknown method '%s'", method);
			send_error(L, id, JSONRPC_METHOD_NOT_FOUND, why.p);
			buf_free(&why);
		}
	} else if (!strcmp(method, "exit")) {
		done = 1;
	} else if (L->initialized && !L->shutdown) { /* unknown notifications are ignored, as the LSP asks */
		for (size_t k = 0; k < sizeof notifications / sizeof *notifications; k++)
			if (!strcmp(notifications[k].method, method))
				notifications[k].run(L, params);
	}
	arena_free(&a);
	return done;
}

/* Check the documents whose quiet time is over; returns ms until the next is due, or -1. */
static int check_due(struct lsp *L)
{
	long long now = now_ms(), next = -1;
	for (size_t i = 0; i < L->ndocs; i++) {
		struct lsp_doc *d = L->docs[i];
		if (!d->dirty)
			continue;
		if (d->due <= now)
			check_doc(L, d);
		else if (next < 0 || d->due - now < next)
			next = d->due - now;
	}
	return (int)next;
}

int cmd_lsp(int argc, char **argv)
{
	static struct lsp L; /* large; one per process */
	L.o = (struct options){.format = "text", .diagnostics = "text", .jobs = 1};
	int first = parse_options(argc, argv, &L.o);
	if (first < argc)
		usage_error(_("lsp takes no paths: the editor sends the files ('%s')"), argv[first]);
	L.o.jobs = 1;
	L.out = STDOUT_FILENO;
	run_setup(&L.run, &L.o);
	struct jsonrpc_reader r = {.fd = STDIN_FILENO};
	int status = EXIT_INPUT, done = 0;
	while (!done) {
		const char *body;
		size_t len;
		enum jsonrpc_next got;
		while (!done && (got = jsonrpc_next(&r, &body, &len)) != JSONRPC_NEED_MORE) {
			if (got == JSONRPC_MESSAGE)
				done = handle(&L, body, len);
			else if (got == JSONRPC_BAD_FRAME)
				send_error(&L, NULL, JSONRPC_PARSE_ERROR,
				           "a message without a valid Content-Length header");
			else if (got == JSONRPC_TOO_LARGE)
				send_error(&L, NULL, JSONRPC_INVALID_REQUEST, "a message larger than 8 MiB");
			else /* JSONRPC_EOF: the editor went away */
				done = 2;
		}
		if (done)
			break;
		int wait = check_due(&L);
		struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
		int ready = poll(&pfd, 1, wait);
		if (ready < 0 && errno != EINTR)
			die("cannot wait for the editor: %s", i18n_strerror(errno));
		if (ready > 0 && jsonrpc_fill(&r) != 0)
			die("cannot read from the editor: %s", i18n_strerror(errno));
	}
	/* exit after shutdown: 0; exit without shutdown, or the stream ended: 1 (LSP 3.17) */
	status = done == 1 && L.shutdown ? EXIT_CLEAN : EXIT_INPUT;
	for (size_t i = 0; i < L.ndocs; i++)
		free_doc(L.docs[i]);
	jsonrpc_reader_free(&r);
	run_free(&L.run);
	return status;
}
