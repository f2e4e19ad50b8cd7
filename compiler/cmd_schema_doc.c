/* cmd_schema_doc.c: loket schema doc [--format=markdown|html]: the standard's reference
 * generated from the schema, so that the published standard and the schema cannot
 * disagree: every field with its type, whether it is required, its allowed values, its
 * pattern (with the x-hint that says it in words), limits, examples, its descriptions in
 * English and Dutch, and the codes that concern it; then every diagnostic code. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "html.h"
#include "json.h"

enum { DOC_MAX_DEPTH = 32, DOC_MAX_CHAIN = 8, DOC_MAX_FIELDS = 5000 };

/* A field: its path ("channels[].type") and its schema with the chain of what it refers to. */
struct field {
	char *path;
	const struct node *chain[DOC_MAX_CHAIN];
	size_t nchain;
	const char *required; /* "yes", "no", "in one of its forms" */
	int recursive;        /* its schema contains itself: its fields are those listed above */
};

struct doc_ctx {
	const struct standard *st;
	struct field *f;
	size_t n, cap;
	const struct node *open[DOC_MAX_DEPTH * DOC_MAX_CHAIN + DOC_MAX_CHAIN]; /* schemas being listed */
	size_t nopen;
	int cut; /* DOC_MAX_FIELDS reached */
};

static int is_open(const struct doc_ctx *d, const struct node *const *chain, size_t k)
{
	for (size_t i = 0; i < d->nopen; i++)
		for (size_t j = 0; j < k; j++)
			if (d->open[i] == chain[j])
				return 1;
	return 0;
}

/* The schema and every schema it refers to through $ref, in order. */
static size_t chain_of(const struct standard *st, const struct node *n, const char *base, const struct node **chain,
                       const char **bases)
{
	size_t k = 0;
	while (n && n->kind == NODE_MAP && k < DOC_MAX_CHAIN) {
		chain[k] = n;
		bases[k++] = base;
		const char *ref = node_get_str(n, "$ref");
		if (ref == NULL)
			break;
		n = standard_resolve_ref(st, base, ref, &base);
	}
	return k;
}

static const struct node *get(const struct field *f, const char *kw)
{
	for (size_t i = 0; i < f->nchain; i++) {
		const struct node *v = node_get(f->chain[i], kw);
		if (v)
			return v;
	}
	return NULL;
}

static int in_required(const struct node *schema, const char *name)
{
	const struct node *r = node_get(schema, "required");
	for (size_t i = 0; r && r->kind == NODE_SEQ && i < r->n; i++)
		if (r->kids[i]->kind == NODE_STR && !strcmp(r->kids[i]->str, name))
			return 1;
	return 0;
}

static void walk(struct doc_ctx *d, const struct node *n, const char *base, const char *prefix, int in_form,
                 unsigned depth);

static void add_props(struct doc_ctx *d, const struct node *schema, const char *base, const char *prefix, int in_form,
                      unsigned depth)
{
	const struct node *props = node_get(schema, "properties");
	for (size_t i = 0; props && props->kind == NODE_MAP && i < props->n; i++) {
		const char *name = NODE_KEY(props, i)->str;
		const struct node *v = NODE_VAL(props, i);
		if (v->kind != NODE_MAP)
			continue; /* `url: true` in a branch: the field is described where it is defined */
		struct buf path = {0};
		buf_printf(&path, "%s%s%s", prefix, *prefix ? "." : "", name);
		int known = 0;
		for (size_t k = 0; k < d->n; k++)
			known |= !strcmp(d->f[k].path, path.p);
		if (!known && d->n >= DOC_MAX_FIELDS) {
			d->cut = 1;
		} else if (!known) {
			d->f = xgrow(d->f, &d->cap, d->n + 1, sizeof *d->f);
			struct field *f = &d->f[d->n++];
			memset(f, 0, sizeof *f);
			const char *bases[DOC_MAX_CHAIN];
			f->nchain = chain_of(d->st, v, base, f->chain, bases);
			f->path = xstrdup(path.p);
			f->required = in_required(schema, name) ? (in_form ? "in its form" : "yes") : "no";
			f->recursive = is_open(d, f->chain, f->nchain);
			if (!f->recursive)
				walk(d, v, base, path.p, 0, depth + 1);
		}
		buf_free(&path);
	}
}

/* The fields under a schema: its properties, those of its items, branches and what it refers to. */
static void walk(struct doc_ctx *d, const struct node *n, const char *base, const char *prefix, int in_form,
                 unsigned depth)
{
	if (depth > DOC_MAX_DEPTH)
		return;
	const struct node *chain[DOC_MAX_CHAIN];
	const char *bases[DOC_MAX_CHAIN];
	size_t k = chain_of(d->st, n, base, chain, bases);
	size_t mark = d->nopen;
	for (size_t i = 0; i < k && d->nopen < sizeof d->open / sizeof *d->open; i++)
		d->open[d->nopen++] = chain[i];
	for (size_t i = 0; i < k; i++) {
		const struct node *s = chain[i];
		add_props(d, s, bases[i], prefix, in_form, depth);
		const struct node *items = node_get(s, "items");
		if (items && items->kind == NODE_MAP) {
			struct buf p = {0};
			buf_printf(&p, "%s[]", prefix);
			walk(d, items, bases[i], p.p, in_form, depth + 1);
			buf_free(&p);
		}
		const struct node *ap = node_get(s, "additionalProperties");
		if (ap && ap->kind == NODE_MAP) {
			struct buf p = {0};
			buf_printf(&p, "%s.<key>", prefix);
			walk(d, ap, bases[i], p.p, in_form, depth + 1);
			buf_free(&p);
		}
		static const char *const branches[] = {"oneOf", "anyOf", "allOf"};
		for (size_t b = 0; b < 3; b++) {
			const struct node *l = node_get(s, branches[b]);
			for (size_t j = 0; l && l->kind == NODE_SEQ && j < l->n; j++)
				walk(d, l->kids[j], bases[i], prefix, in_form || b < 2, depth + 1);
		}
	}
	d->nopen = mark;
}

/* The type in words. */
static void type_words(const struct field *f, struct buf *b)
{
	const struct node *t = get(f, "type"), *fmt = get(f, "format");
	if (get(f, "enum") || get(f, "const")) {
		buf_adds(b, "one of the values below");
		return;
	}
	if (t == NULL) {
		buf_adds(b, get(f, "oneOf") || get(f, "anyOf") ? "one of several forms" : "any");
		return;
	}
	static const struct {
		const char *type, *words;
	} words[] = {
	        {"string", "text"}, {"integer", "whole number"},     {"number", "number"}, {"boolean", "true or false"},
	        {"array", "list"},  {"object", "mapping of fields"}, {"null", "null"}};
	for (size_t i = 0; t->kind == NODE_STR && i < sizeof words / sizeof *words; i++)
		if (!strcmp(t->str, words[i].type))
			buf_adds(b, words[i].words);
	if (fmt && fmt->kind == NODE_STR)
		buf_printf(b, " (%s)", fmt->str);
	const struct node *items = get(f, "items");
	if (items && items->kind == NODE_MAP) {
		const struct node *it = node_get(items, "type"), *en = node_get(items, "enum");
		if (en)
			buf_adds(b, " of values below");
		else if (it && it->kind == NODE_STR)
			buf_printf(b, " of %s", it->str);
		else if (node_get(items, "$ref"))
			buf_adds(b, " (items below)");
	}
}

/* The allowed values (enum or const, also of the items), as text; empty when none. */
static void values(const struct field *f, struct buf *b)
{
	const struct node *en = get(f, "enum"), *c = get(f, "const");
	const struct node *items = get(f, "items");
	if (!en && !c && items && items->kind == NODE_MAP)
		en = node_get(items, "enum");
	if (c)
		en = NULL;
	for (size_t i = 0; en && en->kind == NODE_SEQ && i < en->n; i++)
		buf_printf(b, "%s%s", i ? ", " : "", en->kids[i]->str ? en->kids[i]->str : "?");
	if (c)
		buf_adds(b, c->str ? c->str : "?");
}

static void limits(const struct field *f, struct buf *b)
{
	static const struct {
		const char *kw, *words;
	} l[] = {{"minLength", "at least %s characters"},
	         {"maxLength", "at most %s characters"},
	         {"minItems", "at least %s items"},
	         {"maxItems", "at most %s items"},
	         {"minimum", "at least %s"},
	         {"maximum", "at most %s"},
	         {"multipleOf", "a multiple of %s"},
	         {"minProperties", "at least %s fields"},
	         {"uniqueItems", "unique items: %s"}};
	for (size_t i = 0; i < sizeof l / sizeof *l; i++) {
		const struct node *v = get(f, l[i].kw);
		if (v && v->str) {
			if (b->len)
				buf_adds(b, ", ");
			if (!strcmp(v->str, "1") && (!strcmp(l[i].kw, "minLength") || !strcmp(l[i].kw, "minItems"))) {
				buf_adds(b, "not empty");
				continue;
			}
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			buf_printf(b, l[i].words, v->str);
#pragma GCC diagnostic pop
		}
	}
}

/* The codes that concern a field: the schema's (from its keywords) and the rules' (x-rules). */
static void codes(const struct field *f, struct buf *b)
{
	static const struct {
		const char *kw, *code;
	} by_kw[] = {{"type", "SCH002"},     {"enum", "SCH003"},      {"pattern", "SCH005"},
	             {"format", "SCH005"},   {"minLength", "SCH006"}, {"maxLength", "SCH006"},
	             {"minimum", "SCH006"},  {"maximum", "SCH006"},   {"multipleOf", "SCH006"},
	             {"minItems", "SCH007"}, {"maxItems", "SCH007"},  {"uniqueItems", "SCH007"},
	             {"const", "SCH008"},    {"oneOf", "SCH010"},     {"deprecated", "SCH015"}};
	struct path_list seen = {0};
	if (strcmp(f->required, "no") != 0)
		path_list_add(&seen, "SCH001");
	for (size_t i = 0; i < sizeof by_kw / sizeof *by_kw; i++) {
		if (!get(f, by_kw[i].kw))
			continue;
		int known = 0;
		for (size_t k = 0; k < seen.n; k++)
			known |= !strcmp(seen.v[k], by_kw[i].code);
		if (!known)
			path_list_add(&seen, by_kw[i].code);
	}
	const struct node *xr = get(f, "x-rules");
	for (size_t i = 0; xr && xr->kind == NODE_SEQ && i < xr->n; i++)
		if (xr->kids[i]->kind == NODE_STR)
			path_list_add(&seen, xr->kids[i]->str);
	for (size_t k = 0; k < seen.n; k++)
		buf_printf(b, "%s%s", k ? ", " : "", seen.v[k]);
	path_list_free(&seen);
}

/* One field as Markdown (html 0) or HTML (html 1); kind prefixes its HTML id. */
static void write_field(const struct field *f, const char *kind, struct buf *out, int html)
{
	struct buf t = {0}, v = {0}, l = {0}, c = {0};
	type_words(f, &t);
	values(f, &v);
	limits(f, &l);
	codes(f, &c);
	const char *en = node_get_str(f->chain[0], "description"), *nl = node_get_str(f->chain[0], "x-description-nl");
	const struct node *pattern = get(f, "pattern"), *hint = get(f, "x-hint"), *ex = get(f, "examples"),
	                  *dep = get(f, "deprecated"), *removed = get(f, "x-removed-in");
	const char *rows[][2] = {
	        {"Type", t.p},
	        {"Required", f->required},
	        {"Allowed values", v.len ? v.p : NULL},
	        {"Pattern", pattern && pattern->str ? pattern->str : NULL},
	        {"In words", hint && hint->str ? hint->str : NULL},
	        {"Limits", l.len ? l.p : NULL},
	        {"Recursive", f->recursive ? "yes: it holds the fields listed above again" : NULL},
	        {"Deprecated", dep && dep->kind == NODE_BOOL && dep->boolean
	                               ? (removed && removed->str ? removed->str : "yes")
	                               : NULL},
	        {"Codes", c.p},
	};
	struct buf exs = {0};
	for (size_t i = 0; ex && ex->kind == NODE_SEQ && i < ex->n; i++) {
		struct json j;
		json_init(&j, &exs, 0);
		if (i)
			buf_adds(&exs, ", ");
		json_node(&j, ex->kids[i]);
	}
	if (html) {
		html_printf(out, "<div class=\"field\" id=\"%s-%s\">\n<h3><code>%s</code></h3>\n", kind, f->path,
		            f->path);
		if (en)
			html_printf(out, "<p>%s</p>\n", en);
		if (nl)
			html_printf(out, "<p lang=\"nl\">%s</p>\n", nl);
		html_raw(out, "<dl>\n");
		for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
			if (rows[i][1])
				html_printf(out, "<dt>%s</dt><dd>%s</dd>\n", rows[i][0], rows[i][1]);
		if (exs.len)
			html_printf(out, "<dt>Examples</dt><dd><code>%s</code></dd>\n", exs.p);
		html_raw(out, "</dl>\n</div>\n");
	} else {
		buf_printf(out, "### `%s`\n\n", f->path);
		if (en)
			buf_printf(out, "%s\n\n", en);
		if (nl)
			buf_printf(out, "*Nederlands:* %s\n\n", nl);
		for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
			if (rows[i][1]) {
				int code = !strcmp(rows[i][0], "Pattern") || !strcmp(rows[i][0], "Allowed values");
				buf_printf(out, "- %s: %s%s%s\n", rows[i][0], code ? "`" : "", rows[i][1],
				           code ? "`" : "");
			}
		if (exs.len)
			buf_printf(out, "- Examples: `%s`\n", exs.p);
		buf_addc(out, '\n');
	}
	buf_free(&t);
	buf_free(&v);
	buf_free(&l);
	buf_free(&c);
	buf_free(&exs);
}

int cmd_schema_doc(int argc, char **argv)
{
	struct options o = {0};
	const char *format = "markdown", *version = NULL, *config = NULL;
	for (int i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "--format=", 9))
			format = argv[i] + 9;
		else if (!strncmp(argv[i], "--schema-dir=", 13))
			o.schema_dir = argv[i] + 13;
		else if (!strncmp(argv[i], "--standard=", 11))
			version = argv[i] + 11;
		else if (!strncmp(argv[i], "--config=", 9))
			config = argv[i] + 9;
		else if (!strncmp(argv[i], "--output=", 9))
			o.output = argv[i] + 9;
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			o.output = argv[++i];
		else
			usage_error(
			        _("unknown option '%s' of schema doc (usage: loket schema doc [--format=markdown|html] "
			          "[--schema-dir=DIR] [--standard=VERSION] [-o FILE])"),
			        argv[i]);
	}
	int html = !strcmp(format, "html");
	if (!html && strcmp(format, "markdown") != 0)
		usage_error(_("schema doc --format takes markdown or html, not '%s'"), format);
	config_apply(&o, config, NULL);
	struct standard st;
	load_standard(&st, NULL, &o);
	if (version == NULL)
		version = o.standard ? o.standard : st.versions.v[st.versions.n - 1];
	struct buf out = {0};
	if (html)
		html_printf(
		        &out,
		        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		        "<title>The service description standard %s: reference</title>\n</head>\n<body>\n<div "
		        "role=\"main\">\n"
		        "<h1>The service description standard %s: reference</h1>\n"
		        "<p>Generated by <code>loket schema doc</code> from the schema of the standard: every field, "
		        "and every code loket reports.</p>\n",
		        version, version);
	else
		buf_printf(
		        &out,
		        "# The service description standard %s: reference\n\n"
		        "Generated by `loket schema doc` from the schema of the standard: every field, and every code "
		        "loket reports. Do not edit: edit the schema and run `loket schema doc` again.\n\n",
		        version);
	static const char *const kinds[] = {"service", "agency"};
	for (size_t k = 0; k < 2; k++) {
		const struct node *root = standard_schema_document(&st, version, kinds[k]);
		if (root == NULL)
			continue;
		struct doc_ctx d = {.st = &st};
		const char *id = node_get_str(root, "$id");
		walk(&d, root, id ? id : "", "", 0, 0);
		const char *title = node_get_str(root, "title");
		if (html)
			html_printf(&out, "<h2>%s (%s.yaml): %zu fields</h2>\n", title ? title : kinds[k],
			            k ? "agency" : "&lt;service&gt;", d.n);
		else
			buf_printf(&out, "## %s (%s.yaml): %zu fields\n\n", title ? title : kinds[k],
			           k ? "agency" : "<service>", d.n);
		for (size_t i = 0; i < d.n; i++) {
			write_field(&d.f[i], kinds[k], &out, html);
			free(d.f[i].path);
		}
		free(d.f);
		if (d.cut) {
			struct msgq q = {0};
			char max[16];
			snprintf(max, sizeof max, "%d", DOC_MAX_FIELDS);
			msg_emit(&q, MSG_DOC001, root->pos, max);
			print_diagnostics(&q, NULL, &o, stderr);
			msg_free(&q);
		}
	}
	if (html)
		html_raw(&out, "<h2>Codes</h2>\n<table>\n<tr><th>code</th><th>severity</th><th>title</th></tr>\n");
	else
		buf_adds(&out, "## Codes\n\n| code | severity | title |\n|---|---|---|\n");
	for (int c = 0; c < CODE__MAX; c++) {
		enum msg_code code = (enum msg_code)c;
		if (html)
			html_printf(&out, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", msg_code_name(code),
			            msg_sev_name(msg_policy[code]), msg_code_title(code));
		else
			buf_printf(&out, "| %s | %s | %s |\n", msg_code_name(code), msg_sev_name(msg_policy[code]),
			           msg_code_title(code));
	}
	if (html)
		html_raw(&out, "</table>\n</div>\n</body>\n</html>\n");
	int status = emit_output(&o, &out);
	buf_free(&out);
	standard_free(&st);
	return status;
}
