/* cmd_schema_lint.c: loket schema lint: the standard checked as a product of its own team:
 * descriptions in English and Dutch, patterns probed for catastrophic backtracking,
 * duplicate enumeration values, $refs that resolve, unused $defs, valid examples, and
 * unknown keywords with "did you mean" (the last three come from compiling the standard). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "i18n.h"
#include "regex.h"

enum { LINT_PROBE_LEN = 4000 };

struct lint {
	struct standard *st;
	struct msgq *q;
	const char *base;            /* the $id of the document being walked */
	struct path_list defs, refs; /* absolute URIs: every $defs entry, every $ref target */
	struct path_list def_names;  /* the name of each entry of defs, for the message */
	struct pos *def_pos;
	size_t def_cap;
};

/* The keywords whose value is one schema, a list of schemas, or a mapping of names to schemas. */
static const char *const one_schema[] = {
        "items", "contains", "additionalProperties", "propertyNames",         "not",           "if",
        "then",  "else",     "unevaluatedItems",     "unevaluatedProperties", "contentSchema", NULL};
static const char *const schema_list[] = {"allOf", "anyOf", "oneOf", "prefixItems", NULL};
static const char *const schema_map[] = {"properties", "patternProperties", "$defs", "dependentSchemas", NULL};

static int in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

/* Append a JSON pointer token (RFC 6901: ~ as ~0, / as ~1). */
static void ptr_add(struct buf *b, const char *tok)
{
	buf_addc(b, '/');
	for (const char *p = tok; *p; p++) {
		if (*p == '~')
			buf_adds(b, "~0");
		else if (*p == '/')
			buf_adds(b, "~1");
		else
			buf_addc(b, *p);
	}
}

/* Probe a pattern with long texts made of each of its own characters (and a few
 * common ones), each followed by a character it is unlikely to accept. */
static void probe_pattern(struct lint *l, const struct node *v)
{
	char err[256];
	struct regex *re = regex_compile(v->str, REGEX_ECMA, err, sizeof err);
	if (re == NULL)
		return; /* the compile stage reported it (SCM002) */
	char seen[128] = {0};
	const char *extra = "a0 A-._";
	char *subject = xmalloc(LINT_PROBE_LEN + 2);
	for (const char *p = v->str;; p++) {
		unsigned char ch = *p ? (unsigned char)*p : (unsigned char)*extra++;
		if (ch == 0)
			break;
		if (ch >= 128 || ch < 32 || seen[ch])
			continue;
		seen[ch] = 1;
		memset(subject, ch, LINT_PROBE_LEN);
		for (const char *end = "\x01!"; *end; end++) {
			subject[LINT_PROBE_LEN] = *end;
			subject[LINT_PROBE_LEN + 1] = '\0';
			struct timespec t0, t1;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			enum regex_result r = regex_search(re, subject, LINT_PROBE_LEN + 1, 0, NULL, NULL);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
			if (r == REGEX_LIMIT || ms > 200) {
				char len[16], what[4] = {(char)ch, '.', '.', '\0'};
				snprintf(len, sizeof len, "%d", LINT_PROBE_LEN + 1);
				msg_emit(l->q, MSG_LNT002, v->pos, v->str, len, what);
				goto done;
			}
		}
		if (*p == '\0' && *extra == '\0')
			break;
	}
done:
	free(subject);
	regex_free(re);
}

/* Every example under `examples` must follow the schema it stands in. */
static void check_examples(struct lint *l, const struct node *examples, const char *ptr)
{
	if (examples->kind != NODE_SEQ)
		return;
	struct buf uri = {0};
	buf_printf(&uri, "%s#%s", l->base, ptr);
	const struct schema *s = schema_set_get(l->st->set, uri.p);
	buf_free(&uri);
	if (s == NULL)
		return;
	for (size_t i = 0; i < examples->n; i++) {
		struct msgq scratch = {0};
		if (!schema_validate(s, examples->kids[i], &scratch)) {
			const char *why = "";
			for (size_t k = 0; k < scratch.n; k++)
				if (scratch.d[k].sev == SEV_ERROR) {
					why = scratch.d[k].text;
					break;
				}
			msg_emit(l->q, MSG_LNT005, examples->kids[i]->pos, why);
		}
		msg_free(&scratch);
	}
}

static void walk(struct lint *l, const struct node *n, struct buf *ptr, int in_condition, unsigned depth);

/* The properties of a schema: each needs a description in English and Dutch, unless it
 * sits in a condition (if, not: a test, not a field) or is a bare true/false. */
static void walk_properties(struct lint *l, const struct node *props, struct buf *ptr, int in_condition, unsigned depth)
{
	for (size_t i = 0; i < props->n; i++) {
		const struct node *k = NODE_KEY(props, i), *v = NODE_VAL(props, i);
		size_t mark = ptr->len;
		ptr_add(ptr, k->str);
		if (v->kind == NODE_MAP && !in_condition) {
			if (node_get_str(v, "description") == NULL)
				msg_emit(l->q, MSG_LNT001, k->pos, ptr->p);
			else if (node_get_str(v, "x-description-nl") == NULL)
				msg_emit(l->q, MSG_LNT001_NL, k->pos, ptr->p);
		}
		walk(l, v, ptr, in_condition, depth + 1);
		ptr->len = mark;
		ptr->p[mark] = '\0';
	}
}

/* One schema node: its own checks, then the schemas inside it. Depth is bounded by the
 * loader's nesting limit (a schema file is at most 64 levels deep). */
static void walk(struct lint *l, const struct node *n, struct buf *ptr, int in_condition, unsigned depth)
{
	if (n->kind != NODE_MAP || depth > LOAD_MAX_DEPTH)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *k = NODE_KEY(n, i), *v = NODE_VAL(n, i);
		const char *kw = k->str;
		size_t mark = ptr->len;
		ptr_add(ptr, kw);
		int cond = in_condition || !strcmp(kw, "if") || !strcmp(kw, "not") || !strcmp(kw, "then") ||
		           !strcmp(kw, "else");
		if (!strcmp(kw, "properties") && v->kind == NODE_MAP) {
			walk_properties(l, v, ptr, cond, depth + 1);
		} else if (in(schema_map, kw) && v->kind == NODE_MAP) {
			for (size_t j = 0; j < v->n; j++) {
				size_t m2 = ptr->len;
				ptr_add(ptr, NODE_KEY(v, j)->str);
				if (!strcmp(kw, "$defs")) {
					struct buf uri = {0};
					buf_printf(&uri, "%s#%s", l->base, ptr->p);
					path_list_add(&l->defs, uri.p);
					path_list_add(&l->def_names, ptr->p);
					l->def_pos = xgrow(l->def_pos, &l->def_cap, l->defs.n, sizeof *l->def_pos);
					l->def_pos[l->defs.n - 1] = NODE_KEY(v, j)->pos;
					buf_free(&uri);
				}
				walk(l, NODE_VAL(v, j), ptr, cond, depth + 1);
				ptr->len = m2;
				ptr->p[m2] = '\0';
			}
		} else if (in(schema_list, kw) && v->kind == NODE_SEQ) {
			for (size_t j = 0; j < v->n; j++) {
				size_t m2 = ptr->len;
				buf_printf(ptr, "/%zu", j);
				walk(l, v->kids[j], ptr, cond, depth + 1);
				ptr->len = m2;
				ptr->p[m2] = '\0';
			}
		} else if (in(one_schema, kw)) {
			walk(l, v, ptr, cond, depth + 1);
		} else if (!strcmp(kw, "pattern") && v->kind == NODE_STR) {
			probe_pattern(l, v);
		} else if (!strcmp(kw, "enum") && v->kind == NODE_SEQ) {
			for (size_t a = 1; a < v->n; a++)
				for (size_t b = 0; b < a; b++)
					if (node_equal(v->kids[a], v->kids[b])) {
						msg_emit(l->q, MSG_LNT003, v->kids[a]->pos,
						         v->kids[a]->str ? v->kids[a]->str : "(a structure)");
						break;
					}
		} else if (!strcmp(kw, "x-rules")) {
			for (size_t j = 0; v->kind == NODE_SEQ && j < v->n; j++)
				if (v->kids[j]->kind != NODE_STR || msg_code_find(v->kids[j]->str) == CODE__MAX)
					msg_emit(l->q, MSG_LNT006, v->kids[j]->pos,
					         v->kids[j]->str ? v->kids[j]->str : "(not text)");
		} else if (!strcmp(kw, "$ref") && v->kind == NODE_STR) {
			char *target = uri_resolve(l->base, v->str);
			path_list_add(&l->refs, target);
			free(target);
		}
		ptr->len = mark;
		ptr->p[mark] = '\0';
		if (!strcmp(kw, "examples"))
			check_examples(l, v, ptr->len ? ptr->p : "");
	}
}

/* Whether a definition's URI is the target of some $ref (or a prefix of one). */
static int def_used(const struct lint *l, const char *def)
{
	size_t n = strlen(def);
	for (size_t i = 0; i < l->refs.n; i++)
		if (!strncmp(l->refs.v[i], def, n) && (l->refs.v[i][n] == '\0' || l->refs.v[i][n] == '/'))
			return 1;
	return 0;
}

int cmd_schema_lint(int argc, char **argv)
{
	struct options o = {0};
	const char *format = "text", *config = NULL;
	for (int i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "--schema-dir=", 13))
			o.schema_dir = argv[i] + 13;
		else if (!strncmp(argv[i], "--config=", 9))
			config = argv[i] + 9;
		else if (!strncmp(argv[i], "--format=", 9))
			format = argv[i] + 9;
		else
			usage_error(_("unknown option '%s' of schema lint (usage: loket schema lint [--schema-dir=DIR] "
			              "[--format=text|json])"),
			            argv[i]);
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		usage_error(_("schema lint --format takes text or json, not '%s'"), format);
	config_apply(&o, config, NULL); /* loket.yaml may pin schema-dir */
	struct standard st;
	struct msgq q = {0};
	int rc = standard_load(&st, o.schema_dir, &q);
	if (rc == -2) {
		print_diagnostics(&q, NULL, &o, stderr);
		msg_free(&q);
		standard_free(&st);
		return EXIT_SYSTEM;
	}
	struct lint l = {&st, &q, NULL, {0}, {0}, {0}, NULL, 0};
	size_t ndocs = 0;
	for (size_t i = 0; i < st.schemas.n; i++) { /* "version/kind" */
		char *uri = NULL;
		struct buf b = {0};
		buf_printf(&b, STANDARD_BASE "%s", st.schemas.v[i]);
		uri = buf_take(&b);
		const struct node *root = schema_set_document(st.set, uri);
		if (root) {
			const char *id = node_get_str(root, "$id");
			l.base = id ? id : uri;
			struct buf ptr = {0};
			buf_adds(&ptr, "");
			walk(&l, root, &ptr, 0, 0);
			buf_free(&ptr);
			ndocs++;
		}
		free(uri);
	}
	for (size_t i = 0; i < l.defs.n; i++)
		if (!def_used(&l, l.defs.v[i]))
			msg_emit(&q, MSG_LNT004, l.def_pos[i], l.def_names.v[i]);
	path_list_free(&l.defs);
	path_list_free(&l.refs);
	path_list_free(&l.def_names);
	free(l.def_pos);
	msg_sort(&q);
	struct msg_counts c = msg_count(&q, ndocs);
	int status = c.errors || rc != 0 ? EXIT_INPUT : EXIT_CLEAN;
	if (!strcmp(format, "json")) {
		struct buf b = {0};
		msg_print_json(&b, &q, c);
		fwrite(b.p, 1, b.len, stdout);
		buf_free(&b);
	} else {
		struct msg_print_opts po = {want_color("auto"), NULL, NULL, 0};
		msg_print_text(stdout, &q, &po);
		msg_print_summary(stdout, c, po.color);
	}
	msg_free(&q);
	standard_free(&st);
	if (fflush(stdout) != 0)
		return EXIT_SYSTEM;
	return status;
}
