/* cmd_migrate.c: loket migrate --to=VERSION [--dry-run] [PATHS]: rewrites descriptions to a
 * newer version of the standard where the change is mechanical (a renamed field, a moved
 * value, a new default), following the migration file that lives with the new version
 * (schemas/VERSION/migration.yaml). Edits are made by source position, so comments, key
 * order and the formatting of everything untouched stay as they were; --dry-run prints a
 * unified diff instead of writing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

struct edit {
	size_t off, len; /* the bytes replaced */
	char *text;      /* what replaces them */
};

struct edits {
	struct edit *v;
	size_t n, cap;
};

/* The byte offset of a 1-based line:col (columns count code points). */
static size_t offset_of(const char *src, size_t len, struct pos p)
{
	size_t off = 0;
	for (unsigned line = 1; line < p.line && off < len; off++)
		if (src[off] == '\n')
			line++;
	for (unsigned col = 1; col < p.col && off < len && src[off] != '\n'; col++) {
		uint32_t cp;
		size_t n = utf8_decode((const unsigned char *)src + off, len - off, &cp);
		off += n ? n : 1;
	}
	return off;
}

/* The length of the scalar token at off that reads as s: plain, '...' or "..." on one line;
 * 0 when the source there is something else (a block scalar, a folded line). */
static size_t token_len(const char *src, size_t len, size_t off, const char *s)
{
	if (off >= len)
		return 0;
	if (src[off] == '"' || src[off] == '\'') {
		char q = src[off];
		for (size_t i = off + 1; i < len && src[i] != '\n'; i++) {
			if (q == '"' && src[i] == '\\') {
				i++;
			} else if (src[i] == q) {
				if (q == '\'' && i + 1 < len && src[i + 1] == '\'')
					i++;
				else
					return i + 1 - off;
			}
		}
		return 0;
	}
	size_t n = strlen(s);
	if (off + n > len || memcmp(src + off, s, n) != 0)
		return 0;
	char after = off + n < len ? src[off + n] : '\n';
	return strchr(":, \t\r\n]}#", after) ? n : 0;
}

/* A value as YAML: plain when it reads back as the same text, else double-quoted. */
static char *yaml_scalar(const char *s)
{
	double num;
	int boolean;
	int plain = *s && load_resolve_plain(s, &num, &boolean) == NODE_STR;
	for (const char *p = s; plain && *p; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		        strchr("-_. /", *p);
	if (plain && (s[0] == ' ' || s[strlen(s) - 1] == ' '))
		plain = 0;
	struct buf b = {0};
	if (plain) {
		buf_adds(&b, s);
	} else {
		buf_addc(&b, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(&b, '\\');
			buf_addc(&b, *p);
		}
		buf_addc(&b, '"');
	}
	return buf_take(&b);
}

static void add_edit(struct edits *e, size_t off, size_t len, char *text)
{
	e->v = xgrow(e->v, &e->cap, e->n + 1, sizeof *e->v);
	e->v[e->n++] = (struct edit){off, len, text};
}

/* Replace the scalar node n (a key or a value) with text; a migration message when the
 * source is not a one-line scalar that can be edited in place. */
static void replace_scalar(const struct doc *d, const struct node *n, const char *text, struct edits *e, struct msgq *q)
{
	size_t off = offset_of(d->src, d->len, n->pos);
	size_t len = token_len(d->src, d->len, off, n->str);
	if (len == 0) {
		msg_emit(q, MSG_MIG002, n->pos, n->str);
		return;
	}
	add_edit(e, off, len, yaml_scalar(text));
}

/* Every node at a path such as "channels[].note" (the mapping that holds the last key, and
 * that key's pair index), below m. */
typedef void (*visit_fn)(void *ctx, const struct node *map, size_t pair);

static void at_path(const struct node *m, const char *path, visit_fn fn, void *ctx, unsigned depth)
{
	if (m == NULL || m->kind != NODE_MAP || depth > LOAD_MAX_DEPTH)
		return;
	size_t len = strcspn(path, ".[");
	for (size_t i = 0; i < m->n; i++) {
		const struct node *k = NODE_KEY(m, i);
		if (k->len != len || memcmp(k->str, path, len) != 0)
			continue;
		const char *rest = path + len;
		if (*rest == '\0') {
			fn(ctx, m, i);
		} else if (!strncmp(rest, "[].", 3)) {
			const struct node *seq = NODE_VAL(m, i);
			for (size_t j = 0; seq->kind == NODE_SEQ && j < seq->n; j++)
				at_path(seq->kids[j], rest + 3, fn, ctx, depth + 1);
		} else if (*rest == '.') {
			at_path(NODE_VAL(m, i), rest + 1, fn, ctx, depth + 1);
		}
	}
}

struct change_ctx {
	const struct doc *d;
	const struct node *change; /* the change in the migration file */
	struct edits *e;
	struct msgq *q;
	size_t done;
};

static void do_rename(void *ctx, const struct node *map, size_t pair)
{
	struct change_ctx *c = ctx;
	const char *to = node_get_str(c->change, "to");
	if (node_get(map, to)) {
		msg_emit(c->q, MSG_MIG002_EXISTS, NODE_KEY(map, pair)->pos, NODE_KEY(map, pair)->str, to);
		return;
	}
	replace_scalar(c->d, NODE_KEY(map, pair), to, c->e, c->q);
	c->done++;
}

static void do_value(void *ctx, const struct node *map, size_t pair)
{
	struct change_ctx *c = ctx;
	const char *from = node_get_str(c->change, "from"), *to = node_get_str(c->change, "to");
	const struct node *v = NODE_VAL(map, pair);
	if (v->kind == NODE_STR && !strcmp(v->str, from)) {
		replace_scalar(c->d, v, to, c->e, c->q);
		c->done++;
	}
	for (size_t i = 0; v->kind == NODE_SEQ && i < v->n; i++) /* a value in a list of values */
		if (v->kids[i]->kind == NODE_STR && !strcmp(v->kids[i]->str, from)) {
			replace_scalar(c->d, v->kids[i], to, c->e, c->q);
			c->done++;
		}
}

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* The migrated text of d (edits applied from the start; they do not overlap). */
static char *apply(const struct doc *d, struct edits *e, size_t *outlen)
{
	qsort(e->v, e->n, sizeof *e->v, cmp_edit);
	struct buf b = {0};
	size_t at = 0;
	for (size_t i = 0; i < e->n; i++) {
		if (e->v[i].off < at)
			continue; /* overlapping: the first wins */
		buf_add(&b, d->src + at, e->v[i].off - at);
		buf_adds(&b, e->v[i].text);
		at = e->v[i].off + e->v[i].len;
	}
	buf_add(&b, d->src + at, d->len - at);
	*outlen = b.len;
	return b.p ? buf_take(&b) : xstrdup("");
}

/* Split text into lines (without their newlines); the caller frees the array. */
static size_t lines_of(const char *s, size_t len, const char ***lines, size_t **lens)
{
	size_t n = 0, cap = 0, lcap = 0;
	*lines = NULL;
	*lens = NULL;
	for (size_t start = 0; start < len;) {
		const char *nl = memchr(s + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - s) : len;
		*lines = xgrow(*lines, &cap, n + 1, sizeof **lines);
		*lens = xgrow(*lens, &lcap, n + 1, sizeof **lens);
		(*lines)[n] = s + start;
		(*lens)[n++] = end - start;
		start = end + 1;
	}
	return n;
}

/* A unified diff of old and new, whose lines correspond one to one except for lines added
 * at the end (the edits replace text within lines; defaults are appended). */
static void unified_diff(struct buf *out, const char *path, const char *a, size_t alen, const char *b, size_t blen)
{
	const char **la, **lb;
	size_t *na, *nb;
	size_t n = lines_of(a, alen, &la, &na), m = lines_of(b, blen, &lb, &nb);
	size_t total = n > m ? n : m;
	char *changed = xcalloc(total + 1, 1);
	for (size_t i = 0; i < total; i++)
		changed[i] = i >= n || i >= m || na[i] != nb[i] || memcmp(la[i], lb[i], na[i]) != 0;
	buf_printf(out, "--- %s\n+++ %s\n", path, path);
	enum { CONTEXT = 3 };
	for (size_t i = 0; i < total;) {
		if (!changed[i]) {
			i++;
			continue;
		}
		/* A hunk: from CONTEXT lines before this change to CONTEXT after the last change
		 * that is less than 2*CONTEXT+1 lines from the previous one. */
		size_t start = i > CONTEXT ? i - CONTEXT : 0, end = i;
		for (size_t j = i; j < total; j++)
			if (changed[j]) {
				if (j > end + 2 * CONTEXT)
					break;
				end = j;
			}
		size_t stop = end + CONTEXT + 1 < total ? end + CONTEXT + 1 : total;
		size_t a0 = start, a1 = stop < n ? stop : n, b0 = start, b1 = stop < m ? stop : m;
		buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", a1 > a0 ? a0 + 1 : a0, a1 - a0, b1 > b0 ? b0 + 1 : b0,
		           b1 - b0);
		for (size_t j = start; j < stop;) {
			if (!changed[j]) {
				buf_addc(out, ' ');
				buf_add(out, la[j], na[j]);
				buf_addc(out, '\n');
				j++;
				continue;
			}
			size_t run = j; /* a run of changed lines: the old ones, then the new ones */
			while (run < stop && changed[run])
				run++;
			for (size_t k = j; k < run && k < n; k++) {
				buf_addc(out, '-');
				buf_add(out, la[k], na[k]);
				buf_addc(out, '\n');
			}
			for (size_t k = j; k < run && k < m; k++) {
				buf_addc(out, '+');
				buf_add(out, lb[k], nb[k]);
				buf_addc(out, '\n');
			}
			j = run;
		}
		i = stop;
	}
	free(changed);
	free(la);
	free(lb);
	free(na);
	free(nb);
}

/* The migration file of a version: in the schema folder, or built in. Returns 0, 1 when
 * there is none, -1 when it is not YAML, -2 when it cannot be read. */
static int load_migration(struct doc *m, const char *dir, const char *version, struct msgq *q)
{
	struct buf name = {0};
	buf_printf(&name, "%s/migration.yaml", version);
	int rc = -1;
	if (dir) {
		struct buf path = {0};
		buf_printf(&path, "%s/%s", dir, name.p);
		if (access(path.p, F_OK) != 0 && errno == ENOENT) {
			rc = 1;
		} else {
			enum load_result r = load_yaml_file(m, path.p, &load_default_limits, q);
			rc = r == LOAD_OK ? 0 : r == LOAD_SYSTEM ? -2 : -1;
		}
		buf_free(&path);
	} else {
		for (const struct embedded_file *f = standard_embedded; f->name; f++)
			if (!strcmp(f->name, name.p)) {
				struct buf shown = {0};
				buf_printf(&shown, "(built-in) schemas/%s", name.p);
				rc = load_yaml_mem(m, shown.p, f->data, f->len, &load_default_limits, q) == LOAD_OK
				             ? 0
				             : -1;
				buf_free(&shown);
			}
		if (rc == -1 && q->n == 0)
			rc = 1;
	}
	buf_free(&name);
	return rc;
}

/* Check the form of the migration file; every problem is MIG001 with its position. */
static int check_migration(const struct doc *m, struct msgq *q)
{
	size_t before = q->n;
	const struct node *from = node_get(m->root, "from"), *changes = node_get(m->root, "changes");
	if (from == NULL || from->kind != NODE_STR)
		msg_emit(q, MSG_MIG001, m->root->pos, "'from' must name the version it migrates from, in quotes");
	if (changes == NULL || changes->kind != NODE_SEQ) {
		msg_emit(q, MSG_MIG001, m->root->pos, "'changes' must be a list");
		return 0;
	}
	for (size_t i = 0; i < changes->n; i++) {
		const struct node *c = changes->kids[i];
		const char *kind = c->kind == NODE_MAP && c->n >= 1 ? NODE_KEY(c, 0)->str : "";
		const struct node *body = c->kind == NODE_MAP && c->n == 1 ? NODE_VAL(c, 0) : NULL;
		int ok = body && body->kind == NODE_MAP && node_get_str(body, "path");
		if (ok && !strcmp(kind, "rename"))
			ok = node_get_str(body, "to") != NULL;
		else if (ok && !strcmp(kind, "value"))
			ok = node_get_str(body, "from") && node_get_str(body, "to");
		else if (ok && !strcmp(kind, "default"))
			ok = node_get(body, "value") && node_get(body, "value")->kind != NODE_MAP &&
			     !strchr(node_get_str(body, "path"), '.');
		else
			ok = 0;
		if (!ok)
			msg_emit(q, MSG_MIG001, c->pos,
			         "each change is one of rename: {path, to}, value: {path, from, to} or default: {path, "
			         "value} "
			         "(a top-level field)");
	}
	return q->n == before;
}

/* The value of a default as YAML on one line. */
static void default_text(struct buf *b, const struct node *v)
{
	if (v->kind == NODE_SEQ) {
		buf_addc(b, '[');
		for (size_t i = 0; i < v->n; i++) {
			char *s = yaml_scalar(v->kids[i]->str ? v->kids[i]->str : "");
			buf_printf(b, "%s%s", i ? ", " : "", s);
			free(s);
		}
		buf_addc(b, ']');
	} else if (v->kind == NODE_STR) {
		char *s = yaml_scalar(v->str);
		buf_adds(b, s);
		free(s);
	} else {
		buf_adds(b, v->str ? v->str : "null");
	}
}

int cmd_migrate(int argc, char **argv)
{
	const char *to = NULL;
	int dry = 0;
	char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
	int nrest = 0;
	for (int i = 0; i < argc; i++) {
		if (i > 0 && !strncmp(argv[i], "--to=", 5))
			to = argv[i] + 5;
		else if (i > 0 && !strcmp(argv[i], "--dry-run"))
			dry = 1;
		else
			rest[nrest++] = argv[i];
	}
	if (to == NULL) {
		free(rest);
		usage_error("%s", _("usage: loket migrate --to=VERSION [--dry-run] [--schema-dir=DIR] [PATHS...]"));
	}
	struct options o = {0};
	int first = parse_options(nrest, rest, &o);
	struct standard st;
	load_standard(&st, NULL, &o);
	struct msgq q = {0};
	struct doc mig = {0};
	int rc = load_migration(&mig, o.schema_dir, to, &q);
	if (rc == 1) {
		char *known = standard_versions(&st);
		fprintf(stderr, _("loket: the standard has no migration to '%s' (%s/migration.yaml); it knows: %s\n"),
		        to, to, known);
		free(known);
		free(rest);
		load_doc_free(&mig);
		standard_free(&st);
		exit(EXIT_USAGE);
	}
	if (rc != 0 || !check_migration(&mig, &q)) {
		print_diagnostics(&q, NULL, &o, stderr);
		msg_free(&q);
		load_doc_free(&mig);
		standard_free(&st);
		free(rest);
		return rc == -2 ? EXIT_SYSTEM : EXIT_INPUT;
	}
	const char *from = node_get_str(mig.root, "from");
	const struct node *changes = node_get(mig.root, "changes");
	/* The files: found as check finds them (sorted), each loaded once. */
	static char catalogue_dir[] = "catalogue";
	char *default_paths[] = {catalogue_dir};
	char **paths = first < nrest ? rest + first : default_paths;
	struct catalogue cat = {0};
	catalogue_collect(&cat, paths, first < nrest ? (size_t)(nrest - first) : 1, &q);
	struct msgq scratch = {0}; /* what the current standard says is not migrate's business */
	catalogue_load(&cat, &st, o.jobs, &scratch);
	msg_free(&scratch);
	struct buf diff = {0};
	size_t migrated = 0, edits_total = 0;
	int status = EXIT_CLEAN;
	for (size_t i = 0; i < cat.n; i++) {
		const struct cat_file *cf = cat.files[i];
		if (cf->context_only || !cf->loaded)
			continue;
		const struct node *std = node_get(cf->doc.root, "standard");
		if (std == NULL || std->kind != NODE_STR || strcmp(std->str, from) != 0)
			continue; /* not a description of the version this migration starts from */
		struct edits e = {0};
		replace_scalar(&cf->doc, std, to, &e, &q);
		for (size_t k = 0; !cf->is_agency && k < changes->n; k++) {
			const struct node *c = changes->kids[k];
			const char *kind = NODE_KEY(c, 0)->str;
			const struct node *body = NODE_VAL(c, 0);
			const char *path = node_get_str(body, "path");
			struct change_ctx cc = {&cf->doc, body, &e, &q, 0};
			if (!strcmp(kind, "rename"))
				at_path(cf->doc.root, path, do_rename, &cc, 0);
			else if (!strcmp(kind, "value"))
				at_path(cf->doc.root, path, do_value, &cc, 0);
			else if (!strcmp(kind, "default") && node_get(cf->doc.root, path) == NULL) {
				struct buf line = {0};
				const char *cr = memchr(cf->doc.src, '\r', cf->doc.len);
				const char *eol =
				        cr && cr + 1 < cf->doc.src + cf->doc.len && cr[1] == '\n' ? "\r\n" : "\n";
				if (cf->doc.len && cf->doc.src[cf->doc.len - 1] != '\n')
					buf_adds(&line, eol);
				buf_printf(&line, "%s: ", path);
				default_text(&line, node_get(body, "value"));
				buf_adds(&line, eol); /* the file's own line ends */
				add_edit(&e, cf->doc.len, 0, buf_take(&line));
			}
		}
		size_t len;
		char *out = apply(&cf->doc, &e, &len);
		edits_total += e.n;
		for (size_t k = 0; k < e.n; k++)
			free(e.v[k].text);
		free(e.v);
		migrated++;
		if (dry) {
			unified_diff(&diff, cf->path, cf->doc.src, cf->doc.len, out, len);
		} else if (write_file_atomic(cf->path, out, len) != 0) {
			fprintf(stderr, _("loket: cannot write %s: %s\n"), cf->path, i18n_strerror(errno));
			status = EXIT_SYSTEM;
		}
		free(out);
	}
	if (dry && diff.len && fwrite(diff.p, 1, diff.len, stdout) != diff.len)
		status = EXIT_SYSTEM;
	buf_free(&diff);
	msg_sort(&q);
	struct msg_print_opts po = {isatty(STDERR_FILENO) && o.color, catalogue_source, &cat, 0};
	msg_print_text(stderr, &q, &po);
	if (dry)
		fprintf(stderr,
		        i18n_ngettext("loket: would migrate %zu description from %s to %s (%zu edits)\n",
		                      "loket: would migrate %zu descriptions from %s to %s (%zu edits)\n", migrated),
		        migrated, from, to, edits_total);
	else
		fprintf(stderr,
		        i18n_ngettext("loket: migrated %zu description from %s to %s (%zu edits)\n",
		                      "loket: migrated %zu descriptions from %s to %s (%zu edits)\n", migrated),
		        migrated, from, to, edits_total);
	struct msg_counts counts = msg_count(&q, migrated);
	if (status == EXIT_CLEAN && (counts.errors || counts.warnings))
		status = EXIT_INPUT;
	msg_free(&q);
	catalogue_free(&cat);
	load_doc_free(&mig);
	standard_free(&st);
	free(rest);
	if (fflush(stdout) != 0)
		return EXIT_SYSTEM;
	return status;
}
