/* upl.c: the Uniforme Productnamenlijst (UPL) as published in CSV: a small RFC 4180 reader
 * (quoted fields, doubled quotes, CRLF, a BOM) and the products, merged from the rows that
 * the list repeats per legal basis. Columns are found by their header name. */
#include "upl.h"
#include "i18n.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yaml_write.h"

enum { UPL_MAX_BYTES = 64 * 1024 * 1024, UPL_MAX_ERRORS = 20 };

/* The columns loket reads; the others (Dienstenwet, Autonomie, Aanvraag, ...) are ignored. */
enum column {
	C_NAME,
	C_URI,
	C_RIJK,
	C_PROVINCIE,
	C_WATERSCHAP,
	C_GEMEENTE,
	C_BURGER,
	C_BEDRIJF,
	C_SDG,
	C_GRONDSLAG,
	C_GRONDSLAGLABEL,
	C_GRONDSLAGLINK,
	C__MAX
};

static const struct {
	const char *header; /* as published */
	const char *what;   /* for messages */
} columns[C__MAX] = {
        {"UniformeProductnaam", N_("name")},
        {"URI", N_("URI")},
        {"Rijk", "layer"},
        {"Provincie", "layer"},
        {"Waterschap", "layer"},
        {"Gemeente", "layer"},
        {"Burger", "audience"},
        {"Bedrijf", "audience"},
        {"SDG", "SDG codes"},
        {"Grondslag", "legal basis"},
        {"Grondslaglabel", "legal basis"},
        {"Grondslaglink", "legal basis"},
};

/* ---- CSV ---- */

struct field {
	const char *text; /* decoded, NUL-terminated (in the arena) */
	size_t at;        /* byte offset of the field's first character */
	unsigned line;
	size_t line_start;
};

struct csv {
	const char *name, *s;
	size_t n, i;
	unsigned line;
	size_t line_start;
	struct msgq *q;
	struct arena *arena;
	struct field *f;
	size_t nf, cap;
	size_t errors;
	struct buf tmp;
};

static struct pos pos_at(const struct csv *c, unsigned line, size_t line_start, size_t at)
{
	return (struct pos){c->name, line, 1 + (unsigned)utf8_count(c->s + line_start, at - line_start)};
}

static void csv_error(struct csv *c, enum msg_id id, struct pos p, const char *a, const char *b)
{
	c->errors++;
	if (c->errors <= UPL_MAX_ERRORS)
		msg_emit(c->q, id, p, a, b);
}

/* Before parsing: the bytes are UTF-8 without NUL. Returns 0 or -1 (reported). */
static int check_bytes(struct csv *c)
{
	unsigned line = 1;
	size_t line_start = 0;
	for (size_t i = 0; i < c->n;) {
		unsigned char b = (unsigned char)c->s[i];
		if (b == '\n') {
			line++;
			line_start = ++i;
			continue;
		}
		if (b == 0) {
			csv_error(c, MSG_SCM005_NUL, pos_at(c, line, line_start, i), NULL, NULL);
			return -1;
		}
		if (b < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode((const unsigned char *)c->s + i, c->n - i, &cp);
		if (k == 0) {
			char hex[3];
			snprintf(hex, sizeof hex, "%02X", b);
			csv_error(c, MSG_SCM005_UTF8, pos_at(c, line, line_start, i), hex, NULL);
			return -1;
		}
		i += k;
	}
	return 0;
}

static void push_field(struct csv *c, size_t at, unsigned line, size_t line_start, const char *text, size_t len)
{
	c->f = xgrow(c->f, &c->cap, c->nf + 1, sizeof *c->f);
	c->f[c->nf++] = (struct field){arena_strndup(c->arena, text, len), at, line, line_start};
}

/* One record into c->f. Returns 1, 0 at the end of the file, -1 on an error (reported;
 * the rest of the line is skipped so that reading can go on). */
static int csv_record(struct csv *c)
{
	c->nf = 0;
	if (c->i >= c->n)
		return 0;
	for (;;) {
		size_t at = c->i;
		unsigned line = c->line;
		size_t line_start = c->line_start;
		if (c->i < c->n && c->s[c->i] == '"') {
			c->tmp.len = 0;
			c->i++;
			for (;;) {
				if (c->i >= c->n) {
					csv_error(c, MSG_SCM005_QUOTE, pos_at(c, line, line_start, at), NULL, NULL);
					return -1;
				}
				char ch = c->s[c->i];
				if (ch == '"') {
					if (c->i + 1 < c->n && c->s[c->i + 1] == '"') {
						buf_addc(&c->tmp, '"');
						c->i += 2;
						continue;
					}
					c->i++;
					break;
				}
				if (ch == '\n') {
					c->line++;
					c->line_start = c->i + 1;
				}
				buf_addc(&c->tmp, ch);
				c->i++;
			}
			if (c->i < c->n && c->s[c->i] != ',' && c->s[c->i] != '\n' && c->s[c->i] != '\r') {
				csv_error(c, MSG_SCM005_AFTER_QUOTE, pos_at(c, c->line, c->line_start, c->i), NULL,
				          NULL);
				goto skip_line;
			}
			push_field(c, at, line, line_start, c->tmp.p ? c->tmp.p : "", c->tmp.len);
		} else {
			size_t e = c->i;
			while (e < c->n && c->s[e] != ',' && c->s[e] != '\n' && c->s[e] != '\r') {
				if (c->s[e] == '"') {
					csv_error(c, MSG_SCM005_BARE_QUOTE, pos_at(c, line, line_start, e), NULL, NULL);
					c->i = e;
					goto skip_line;
				}
				e++;
			}
			push_field(c, at, line, line_start, c->s + c->i, e - c->i);
			c->i = e;
		}
		if (c->i < c->n && c->s[c->i] == ',') {
			c->i++;
			continue;
		}
		break;
	}
	if (c->i < c->n && c->s[c->i] == '\r')
		c->i++;
	if (c->i < c->n && c->s[c->i] == '\n')
		c->i++;
	c->line++;
	c->line_start = c->i;
	return 1;
skip_line:
	while (c->i < c->n && c->s[c->i] != '\n')
		c->i++;
	if (c->i < c->n)
		c->i++;
	c->line++;
	c->line_start = c->i;
	return -1;
}

/* ---- the product list ---- */

/* A header name compared without case, spaces and punctuation: "Uniforme productnaam" is
 * "UniformeProductnaam". */
static void normalise(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	for (; *s && k + 1 < cap; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			out[k++] = (char)ch;
		else if (ch >= 'A' && ch <= 'Z')
			out[k++] = (char)(ch | 0x20);
	}
	out[k] = '\0';
}

static int flag(const char *v)
{
	while (*v == ' ')
		v++;
	if (!*v)
		return 0;
	static const char *const no[] = {"nee", "n", "no", "0", "false", "-"};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (!strcmp(v, no[i]))
			return 0;
	return 1;
}

static const char *trimmed(struct arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

static void add_sdg(struct upl *u, struct upl_product *p, const char *v)
{
	while (*v) {
		size_t skip = strspn(v, ";,:| \t");
		v += skip;
		size_t k = strcspn(v, ";,:| \t");
		if (k == 0)
			break;
		int seen = 0;
		for (size_t i = 0; i < p->nsdg && !seen; i++)
			seen = strlen(p->sdg[i]) == k && !strncmp(p->sdg[i], v, k);
		if (!seen) {
			const char **grown = arena_alloc(&u->arena, (p->nsdg + 1) * sizeof *grown);
			if (p->nsdg)
				memcpy(grown, p->sdg, p->nsdg * sizeof *grown);
			grown[p->nsdg++] = arena_strndup(&u->arena, v, k);
			p->sdg = grown;
		}
		v += k;
	}
}

static void add_legal(struct upl *u, struct upl_product *p, const char *uri, const char *title, const char *url)
{
	if (!*uri && !*title && !*url)
		return;
	for (size_t i = 0; i < p->nlegal; i++)
		if (!strcmp(p->legal[i].uri, uri) && !strcmp(p->legal[i].title, title) && !strcmp(p->legal[i].url, url))
			return;
	struct upl_legal *grown = arena_alloc(&u->arena, (p->nlegal + 1) * sizeof *grown);
	if (p->nlegal)
		memcpy(grown, p->legal, p->nlegal * sizeof *grown);
	grown[p->nlegal++] = (struct upl_legal){uri, title, url};
	p->legal = grown;
}

static const char *cell(const struct csv *c, const int *col, enum column k)
{
	return col[k] >= 0 ? c->f[col[k]].text : "";
}

/* Find the columns by name in the header (c->f). Returns 0, or -1 when a required one is missing. */
static int header(struct csv *c, int *col)
{
	for (int k = 0; k < C__MAX; k++)
		col[k] = -1;
	char want[32], got[64];
	for (size_t i = 0; i < c->nf; i++) {
		normalise(c->f[i].text, got, sizeof got);
		for (int k = 0; k < C__MAX; k++) {
			normalise(columns[k].header, want, sizeof want);
			if (col[k] < 0 && !strcmp(want, got))
				col[k] = (int)i;
		}
	}
	int rc = 0;
	for (int k = C_NAME; k <= C_URI; k++) {
		if (col[k] >= 0)
			continue;
		rc = -1;
		normalise(columns[k].header, want, sizeof want);
		size_t near = c->nf;
		for (size_t i = 0; i < c->nf && near == c->nf; i++) {
			normalise(c->f[i].text, got, sizeof got);
			int taken = 0;
			for (int x = 0; x < C__MAX; x++)
				taken |= col[x] == (int)i;
			if (!taken && *got && edit_distance(want, got, strlen(want) / 3 + 1) <= strlen(want) / 3 + 1)
				near = i;
		}
		if (near < c->nf) {
			c->errors++;
			msg_emit(c->q, MSG_SCM006_COLUMN_NEAR,
			         pos_at(c, c->f[near].line, c->f[near].line_start, c->f[near].at), columns[k].header,
			         c->f[near].text, columns[k].header);
		} else {
			struct buf all = {0};
			for (size_t i = 0; i < c->nf; i++)
				buf_printf(&all, "%s%s", i ? ", " : "", c->f[i].text);
			c->errors++;
			msg_emit(c->q, MSG_SCM006_COLUMN, ((struct pos){c->name, 1, 1}), columns[k].header,
			         all.len ? all.p : "(nothing)");
			buf_free(&all);
		}
	}
	return rc;
}

static void disagree(struct csv *c, const struct upl_product *p, const struct field *f, const char *what)
{
	char line[16];
	snprintf(line, sizeof line, "%u", p->line);
	msg_emit(c->q, MSG_SCM007, pos_at(c, f->line, f->line_start, f->at), p->name, line, what);
}

static int parse(struct upl *u, struct csv *c)
{
	if (c->n >= 3 && !memcmp(c->s, "\xEF\xBB\xBF", 3))
		c->i = c->line_start = 3; /* a byte order mark: columns count from after it */
	if (check_bytes(c) != 0)
		return -1;
	size_t rest = c->i;
	while (rest < c->n && (c->s[rest] == '\n' || c->s[rest] == '\r' || c->s[rest] == ' ' || c->s[rest] == '\t'))
		rest++;
	if (rest == c->n) {
		msg_emit0(c->q, MSG_SCM006_EMPTY, ((struct pos){c->name, 1, 1}));
		return -1;
	}
	int col[C__MAX];
	int r = csv_record(c);
	if (r < 0 || header(c, col) != 0)
		return -1;
	size_t nheader = c->nf;
	struct hmap by_name = {0};
	while ((r = csv_record(c)) != 0) {
		if (r < 0)
			continue;
		if (c->nf == 1 && !*c->f[0].text)
			continue; /* a blank line */
		u->rows++;
		if (c->nf != nheader) {
			char got[16], want[16];
			snprintf(got, sizeof got, "%zu", c->nf);
			snprintf(want, sizeof want, "%zu", nheader);
			csv_error(c, MSG_SCM005_FIELDS, pos_at(c, c->f[0].line, c->f[0].line_start, c->f[0].at), got,
			          want);
			continue;
		}
		const char *name = trimmed(&u->arena, cell(c, col, C_NAME));
		const char *uri = trimmed(&u->arena, cell(c, col, C_URI));
		int bad = 0;
		for (int k = C_NAME; k <= C_URI; k++)
			if (!*(k == C_NAME ? name : uri)) {
				const struct field *f = &c->f[col[k]];
				c->errors++;
				if (c->errors <= UPL_MAX_ERRORS)
					msg_emit(c->q, MSG_SCM006_VALUE, pos_at(c, f->line, f->line_start, f->at),
					         _(columns[k].what), columns[k].header);
				bad = 1;
			}
		if (bad)
			continue;
		unsigned layers = 0;
		static const unsigned bits[] = {UPL_RIJK, UPL_PROVINCIE, UPL_WATERSCHAP, UPL_GEMEENTE};
		for (int k = C_RIJK; k <= C_GEMEENTE; k++)
			if (flag(cell(c, col, (enum column)k)))
				layers |= bits[k - C_RIJK];
		int citizen = flag(cell(c, col, C_BURGER)), business = flag(cell(c, col, C_BEDRIJF));
		size_t idx = (size_t)(uintptr_t)hmap_get(&by_name, name, strlen(name));
		struct upl_product *p;
		if (idx == 0) {
			u->v = xgrow(u->v, &u->cap, u->n + 1, sizeof *u->v);
			p = &u->v[u->n++];
			memset(p, 0, sizeof *p);
			*p = (struct upl_product){name, uri, layers, citizen, business, NULL, 0, NULL, 0, c->f[0].line};
			hmap_put(&by_name, name, strlen(name), (void *)(uintptr_t)u->n);
		} else {
			/* A row repeated for another legal basis: the rest must agree. */
			p = &u->v[idx - 1];
			if (strcmp(p->uri, uri) != 0)
				disagree(c, p, &c->f[col[C_URI]], _("the URI"));
			else if (p->layers != layers)
				disagree(c, p, &c->f[0], _("the layers"));
			else if (p->citizen != citizen || p->business != business)
				disagree(c, p, &c->f[0], _("the audience"));
		}
		add_sdg(u, p, cell(c, col, C_SDG));
		add_legal(u, p, trimmed(&u->arena, cell(c, col, C_GRONDSLAG)),
		          trimmed(&u->arena, cell(c, col, C_GRONDSLAGLABEL)),
		          trimmed(&u->arena, cell(c, col, C_GRONDSLAGLINK)));
	}
	hmap_free(&by_name);
	if (c->errors > UPL_MAX_ERRORS) {
		char more[32];
		snprintf(more, sizeof more, "%zu", c->errors - UPL_MAX_ERRORS);
		msg_emit(c->q, MSG_SCM005_MORE, ((struct pos){c->name, c->line, 1}), more);
	}
	if (c->errors)
		return -1;
	if (u->n == 0) {
		msg_emit0(c->q, MSG_SCM006_NO_ROWS, ((struct pos){c->name, 2, 1}));
		return -1;
	}
	return 0;
}

int upl_read_mem(struct upl *u, const char *name, const char *data, size_t len, struct msgq *q)
{
	memset(u, 0, sizeof *u);
	u->path = arena_strndup(&u->arena, name, strlen(name));
	struct csv c = {0};
	c.name = u->path;
	c.s = data;
	c.n = len;
	c.line = 1;
	c.q = q;
	c.arena = &u->arena;
	int rc = parse(u, &c);
	free(c.f);
	buf_free(&c.tmp);
	return rc;
}

int upl_read_file(struct upl *u, const char *path, struct msgq *q)
{
	char *data;
	size_t len;
	int r = read_file(path, UPL_MAX_BYTES, &data, &len);
	if (r != 0) {
		memset(u, 0, sizeof *u);
		msg_emit(q, MSG_SYS001_PATH, ((struct pos){path, 0, 0}), path,
		         r == -2 ? _("larger than 64 MiB") : i18n_strerror(errno));
		return -2;
	}
	int rc = upl_read_mem(u, path, data, len, q);
	free(data);
	return rc;
}

void upl_free(struct upl *u)
{
	free(u->v);
	arena_free(&u->arena);
	memset(u, 0, sizeof *u);
}

/* ---- as YAML ---- */

void upl_write_yaml(const struct upl *u, const char *source_name, upl_annex_fn annex, void *ctx, struct buf *out)
{
	const char *base = strrchr(source_name, '/');
	base = base ? base + 1 : source_name;
	buf_adds(out,
	         "# Product vocabulary: uniform product names (UPL) that services may use, with layers, audience,\n"
	         "# SDG information areas and legal bases. Generated by `loket vocab import-upl ");
	for (const char *p = base; *p; p++)
		buf_addc(out, (unsigned char)*p < 0x20 ? '?' : *p);
	buf_printf(out,
	           "`:\n# %zu product%s from %zu row%s. The UPL has no Annex II column: the annex_ii codes come\n"
	           "# from the built-in vocabulary, for the products whose name or URI it knows.\n",
	           u->n, u->n == 1 ? "" : "s", u->rows, u->rows == 1 ? "" : "s");
	buf_adds(out, "vocabulary: products\nversion: \"1.0\"\nentries:\n");
	static const char *const layer_names[] = {"rijk", "provincie", "waterschap", "gemeente"};
	for (size_t i = 0; i < u->n; i++) {
		const struct upl_product *p = &u->v[i];
		buf_adds(out, "  - name: ");
		yamlw_quoted(out, p->name);
		buf_adds(out, "\n    uri: ");
		yamlw_quoted(out, p->uri);
		buf_adds(out, "\n    layers: [");
		int first = 1;
		for (int k = 0; k < 4; k++)
			if (p->layers & (1u << k)) {
				buf_printf(out, "%s%s", first ? "" : ", ", layer_names[k]);
				first = 0;
			}
		buf_printf(out, "]\n    audience: [%s%s%s]\n", p->citizen ? "citizen" : "",
		           p->citizen && p->business ? ", " : "", p->business ? "business" : "");
		if (p->nsdg) {
			buf_adds(out, "    information_areas: [");
			for (size_t k = 0; k < p->nsdg; k++) {
				if (k)
					buf_adds(out, ", ");
				yamlw_quoted(out, p->sdg[k]);
			}
			buf_adds(out, "]\n");
		}
		const char *code = annex ? annex(ctx, p->name, p->uri) : NULL;
		if (code) {
			buf_adds(out, "    annex_ii: ");
			yamlw_quoted(out, code);
			buf_addc(out, '\n');
		}
		if (p->nlegal) {
			buf_adds(out, "    legal_basis:\n");
			for (size_t k = 0; k < p->nlegal; k++) {
				const struct upl_legal *l = &p->legal[k];
				const char *sep = "      - ";
				if (*l->title) {
					buf_printf(out, "%stitle: ", sep);
					yamlw_quoted(out, l->title);
					buf_addc(out, '\n');
					sep = "        ";
				}
				if (*l->url) {
					buf_printf(out, "%surl: ", sep);
					yamlw_quoted(out, l->url);
					buf_addc(out, '\n');
					sep = "        ";
				}
				if (*l->uri) {
					buf_printf(out, "%suri: ", sep);
					yamlw_quoted(out, l->uri);
					buf_addc(out, '\n');
				}
			}
		}
	}
}
