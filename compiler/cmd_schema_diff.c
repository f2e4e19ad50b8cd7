/* cmd_schema_diff.c: loket schema diff OLD NEW: every difference between two versions of
 * the standard, classified as breaking for existing descriptions or compatible, each with
 * its JSON pointer and the rule that classified it; text, JSON or Markdown. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "i18n.h"
#include "json.h"

/* The rule behind each message (DIF001: breaking, DIF002: compatible). */
static const struct {
	enum msg_id id;
	const char *rule;
} rules[] = {
        {MSG_DIF_REQUIRED_ADDED, "required-added"},
        {MSG_DIF_PROPERTY_REMOVED, "property-removed"},
        {MSG_DIF_ENUM_VALUE_REMOVED, "enum-value-removed"},
        {MSG_DIF_ENUM_ADDED, "enum-added"},
        {MSG_DIF_CONST_CHANGED, "const-changed"},
        {MSG_DIF_BRANCH_REMOVED, "branch-removed"},
        {MSG_DIF_TYPE_NARROWED, "type-narrowed"},
        {MSG_DIF_PATTERN_CHANGED, "pattern-changed"},
        {MSG_DIF_FORMAT_CHANGED, "format-changed"},
        {MSG_DIF_LIMIT_NARROWED, "limit-narrowed"},
        {MSG_DIF_CLOSED, "additional-properties-closed"},
        {MSG_DIF_UNIQUE_ADDED, "unique-items-added"},
        {MSG_DIF_SCHEMA_CHANGED, "schema-changed"},
        {MSG_DIF_KIND_REMOVED, "kind-removed"},
        {MSG_DIF_PROPERTY_ADDED, "property-added"},
        {MSG_DIF_REQUIRED_REMOVED, "required-removed"},
        {MSG_DIF_ENUM_VALUE_ADDED, "enum-value-added"},
        {MSG_DIF_ENUM_REMOVED, "enum-removed"},
        {MSG_DIF_CONST_REMOVED, "const-removed"},
        {MSG_DIF_BRANCH_ADDED, "branch-added"},
        {MSG_DIF_TYPE_WIDENED, "type-widened"},
        {MSG_DIF_PATTERN_REMOVED, "pattern-removed"},
        {MSG_DIF_FORMAT_REMOVED, "format-removed"},
        {MSG_DIF_LIMIT_WIDENED, "limit-widened"},
        {MSG_DIF_OPENED, "additional-properties-opened"},
        {MSG_DIF_UNIQUE_REMOVED, "unique-items-removed"},
        {MSG_DIF_DEPRECATED, "deprecated"},
        {MSG_DIF_DOC_CHANGED, "documentation-changed"},
        {MSG_DIF_KIND_ADDED, "kind-added"},
};

static const char *rule_of(enum msg_id id)
{
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if (rules[i].id == id)
			return rules[i].rule;
	return "?";
}

enum { DIFF_MAX_DEPTH = 64 };

struct side {
	struct standard st;
	const char *version;
	const char *name; /* as given on the command line */
};

struct differ {
	struct side *old, *new_;
	struct msgq q;
	struct path_list pointers; /* by emission order (diag.seq) */
	struct hmap seen;          /* "old-node new-node" pairs already compared (cycles through $ref) */
	struct path_list seen_keys;
};

static const struct node empty_map = {.kind = NODE_MAP, .pos = {"", 0, 0}};

static void emit(struct differ *d, enum msg_id id, struct pos pos, const char *ptr, const char *a, const char *b,
                 const char *c)
{
	const char *args[5] = {ptr, a, b, c, NULL};
	if (id == MSG_DIF_KIND_REMOVED || id == MSG_DIF_KIND_ADDED) {
		args[0] = a;
		args[1] = NULL;
	}
	size_t before = d->q.n;
	msg_add(&d->q, id, pos, args);
	if (d->q.n > before) /* kept: its pointer at the index of its diag.seq */
		path_list_add(&d->pointers, ptr);
}

/* The last token of a pointer: the field's name in "service#/properties/redress". */
static const char *last_token(const char *ptr)
{
	const char *s = strrchr(ptr, '/');
	return s ? s + 1 : ptr;
}

/* A scalar's text for messages; structures as JSON. Caller frees. */
static char *show(const struct node *n)
{
	if (n == NULL)
		return xstrdup("(none)");
	if (n->kind == NODE_STR)
		return xstrdup(n->str);
	struct buf b = {0};
	struct json j;
	json_init(&j, &b, 0);
	json_node(&j, n);
	return buf_take(&b);
}

enum { T_NULL = 1, T_BOOL = 2, T_OBJECT = 4, T_ARRAY = 8, T_NUMBER = 16, T_STRING = 32, T_INTEGER = 64, T_ALL = 127 };

static unsigned type_bit(const char *s)
{
	static const char *const names[] = {"null", "boolean", "object", "array", "number", "string", "integer"};
	for (unsigned i = 0; i < 7; i++)
		if (!strcmp(names[i], s))
			return 1u << i;
	return 0;
}

static unsigned types_of(const struct node *n)
{
	const struct node *t = node_get(n, "type");
	if (t == NULL)
		return T_ALL;
	if (t->kind == NODE_STR)
		return type_bit(t->str) | (type_bit(t->str) == T_NUMBER ? T_INTEGER : 0);
	unsigned m = 0;
	for (size_t i = 0; t->kind == NODE_SEQ && i < t->n; i++)
		if (t->kids[i]->kind == NODE_STR)
			m |= type_bit(t->kids[i]->str) | (type_bit(t->kids[i]->str) == T_NUMBER ? T_INTEGER : 0);
	return m;
}

static char *types_text(unsigned m)
{
	static const char *const names[] = {"null", "boolean", "object", "array", "number", "string", "integer"};
	if (m == T_ALL)
		return xstrdup("any");
	struct buf b = {0};
	for (unsigned i = 0; i < 7; i++)
		if ((m & (1u << i)) && !(i == 6 && (m & T_NUMBER)))
			buf_printf(&b, "%s%s", b.len ? ", " : "", names[i]);
	return buf_take(&b);
}

static int seq_has(const struct node *seq, const struct node *v)
{
	for (size_t i = 0; seq && seq->kind == NODE_SEQ && i < seq->n; i++)
		if (node_equal(seq->kids[i], v))
			return 1;
	return 0;
}

static int seq_has_str(const struct node *seq, const char *s)
{
	for (size_t i = 0; seq && seq->kind == NODE_SEQ && i < seq->n; i++)
		if (seq->kids[i]->kind == NODE_STR && !strcmp(seq->kids[i]->str, s))
			return 1;
	return 0;
}

static struct pos where(const struct node *n, const struct node *fallback)
{
	return n && n->pos.file && *n->pos.file ? n->pos : fallback->pos;
}

static void compare(struct differ *d, const struct node *o, const char *ob, const struct node *n, const char *nb,
                    struct buf *ptr, unsigned depth);

static void sub(struct differ *d, const struct node *o, const char *ob, const struct node *n, const char *nb,
                struct buf *ptr, const char *tok, unsigned depth)
{
	size_t mark = ptr->len;
	buf_printf(ptr, "/%s", tok);
	compare(d, o ? o : &empty_map, ob, n ? n : &empty_map, nb, ptr, depth + 1);
	ptr->len = mark;
	ptr->p[mark] = '\0';
}

/* Limits: a higher minimum or a lower maximum narrows. */
static void compare_limits(struct differ *d, const struct node *o, const struct node *n, const struct node *at,
                           const char *ptr)
{
	static const struct {
		const char *kw;
		int is_min;
	} limits[] = {
	        {"minLength", 1},        {"minItems", 1},    {"minProperties", 1},    {"minimum", 1},
	        {"exclusiveMinimum", 1}, {"minContains", 1}, {"maxLength", 0},        {"maxItems", 0},
	        {"maxProperties", 0},    {"maximum", 0},     {"exclusiveMaximum", 0}, {"maxContains", 0},
	};
	for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
		const struct node *a = node_get(o, limits[i].kw), *b = node_get(n, limits[i].kw);
		if ((a && !node_is_number(a)) || (b && !node_is_number(b)) || (!a && !b))
			continue;
		if (a && b && a->num == b->num)
			continue;
		int narrower = !a ? 1 : !b ? 0 : limits[i].is_min ? b->num > a->num : b->num < a->num;
		char *sa = show(a), *sb = show(b);
		emit(d, narrower ? MSG_DIF_LIMIT_NARROWED : MSG_DIF_LIMIT_WIDENED, where(b, at), ptr, limits[i].kw, sa,
		     sb);
		free(sa);
		free(sb);
	}
	const struct node *a = node_get(o, "multipleOf"), *b = node_get(n, "multipleOf");
	if ((a || b) && !(a && b && node_equal(a, b))) {
		/* a step that divides the old one accepts every old value */
		int wider = !b || (a && node_is_number(a) && node_is_number(b) && b->num > 0 &&
		                   fabs(fmod(a->num, b->num)) < 1e-9 * (a->num > 1 ? a->num : 1));
		char *sa = show(a), *sb = show(b);
		emit(d, wider ? MSG_DIF_LIMIT_WIDENED : MSG_DIF_LIMIT_NARROWED, where(b, at), ptr, "multipleOf", sa,
		     sb);
		free(sa);
		free(sb);
	}
}

static void compare_strings(struct differ *d, const struct node *o, const struct node *n, const struct node *at,
                            const char *ptr, const char *kw, enum msg_id changed, enum msg_id removed)
{
	const struct node *a = node_get(o, kw), *b = node_get(n, kw);
	if ((!a && !b) || (a && b && node_equal(a, b)))
		return;
	char *sa = show(a), *sb = show(b);
	if (!b)
		emit(d, removed, where(a, at), ptr, sa, NULL, NULL);
	else
		emit(d, changed, where(b, at), ptr, sa, sb, NULL);
	free(sa);
	free(sb);
}

static void compare_enum(struct differ *d, const struct node *o, const struct node *n, const struct node *at,
                         const char *ptr)
{
	const struct node *a = node_get(o, "enum"), *b = node_get(n, "enum");
	if (a && b) {
		for (size_t i = 0; a->kind == NODE_SEQ && i < a->n; i++)
			if (!seq_has(b, a->kids[i])) {
				char *s = show(a->kids[i]);
				emit(d, MSG_DIF_ENUM_VALUE_REMOVED, where(b, at), ptr, s, NULL, NULL);
				free(s);
			}
		for (size_t i = 0; b->kind == NODE_SEQ && i < b->n; i++)
			if (!seq_has(a, b->kids[i])) {
				char *s = show(b->kids[i]);
				emit(d, MSG_DIF_ENUM_VALUE_ADDED, b->kids[i]->pos, ptr, s, NULL, NULL);
				free(s);
			}
	} else if (b) {
		char *s = show(b);
		emit(d, MSG_DIF_ENUM_ADDED, b->pos, ptr, s, NULL, NULL);
		free(s);
	} else if (a) {
		emit(d, MSG_DIF_ENUM_REMOVED, at->pos, ptr, NULL, NULL, NULL);
	}
	const struct node *ca = node_get(o, "const"), *cb = node_get(n, "const");
	if (cb && !(ca && node_equal(ca, cb))) {
		char *sa = show(ca), *sb = show(cb);
		emit(d, MSG_DIF_CONST_CHANGED, cb->pos, ptr, sa, sb, NULL);
		free(sa);
		free(sb);
	} else if (ca && !cb) {
		emit(d, MSG_DIF_CONST_REMOVED, at->pos, ptr, NULL, NULL, NULL);
	}
}

static void compare_object(struct differ *d, const struct node *o, const char *ob, const struct node *n, const char *nb,
                           const struct node *at, struct buf *ptr, unsigned depth)
{
	const struct node *ra = node_get(o, "required"), *rb = node_get(n, "required");
	for (size_t i = 0; rb && rb->kind == NODE_SEQ && i < rb->n; i++)
		if (rb->kids[i]->kind == NODE_STR && !seq_has_str(ra, rb->kids[i]->str))
			emit(d, MSG_DIF_REQUIRED_ADDED, rb->kids[i]->pos, ptr->p, rb->kids[i]->str, NULL, NULL);
	for (size_t i = 0; ra && ra->kind == NODE_SEQ && i < ra->n; i++)
		if (ra->kids[i]->kind == NODE_STR && !seq_has_str(rb, ra->kids[i]->str))
			emit(d, MSG_DIF_REQUIRED_REMOVED, where(rb, at), ptr->p, ra->kids[i]->str, NULL, NULL);
	const struct node *pa = node_get(o, "properties"), *pb = node_get(n, "properties");
	for (size_t i = 0; pa && pa->kind == NODE_MAP && i < pa->n; i++) {
		const char *name = NODE_KEY(pa, i)->str;
		const struct node *vb = pb ? node_get(pb, name) : NULL;
		if (vb == NULL) {
			size_t mark = ptr->len;
			buf_printf(ptr, "/properties/%s", name);
			emit(d, MSG_DIF_PROPERTY_REMOVED, NODE_KEY(pa, i)->pos, ptr->p, name, NULL, NULL);
			ptr->len = mark;
			ptr->p[mark] = '\0';
		}
	}
	for (size_t i = 0; pb && pb->kind == NODE_MAP && i < pb->n; i++) {
		const char *name = NODE_KEY(pb, i)->str;
		const struct node *va = pa ? node_get(pa, name) : NULL;
		size_t mark = ptr->len;
		buf_printf(ptr, "/properties/%s", name);
		if (va == NULL) {
			emit(d, MSG_DIF_PROPERTY_ADDED, NODE_KEY(pb, i)->pos, ptr->p, name, NULL, NULL);
		} else {
			compare(d, va, ob, NODE_VAL(pb, i), nb, ptr, depth + 1);
		}
		ptr->len = mark;
		ptr->p[mark] = '\0';
	}
	const struct node *aa = node_get(o, "additionalProperties"), *ab = node_get(n, "additionalProperties");
	int closed_a = aa && aa->kind == NODE_BOOL && !aa->boolean,
	    closed_b = ab && ab->kind == NODE_BOOL && !ab->boolean;
	if (!closed_a && closed_b)
		emit(d, MSG_DIF_CLOSED, ab->pos, ptr->p, NULL, NULL, NULL);
	else if (closed_a && !closed_b)
		emit(d, MSG_DIF_OPENED, where(ab, at), ptr->p, NULL, NULL, NULL);
	else if ((aa && aa->kind == NODE_MAP) || (ab && ab->kind == NODE_MAP))
		sub(d, aa && aa->kind == NODE_MAP ? aa : NULL, ob, ab && ab->kind == NODE_MAP ? ab : NULL, nb, ptr,
		    "additionalProperties", depth);
}

/* oneOf/anyOf: pairwise when the count stays; otherwise branches by equality. */
static void compare_branches(struct differ *d, const struct node *o, const char *ob, const struct node *n,
                             const char *nb, const struct node *at, struct buf *ptr, const char *kw, unsigned depth)
{
	const struct node *a = node_get(o, kw), *b = node_get(n, kw);
	if ((a && a->kind != NODE_SEQ) || (b && b->kind != NODE_SEQ) || (!a && !b))
		return;
	size_t na = a ? a->n : 0, nn = b ? b->n : 0;
	if (na == nn) {
		for (size_t i = 0; i < na; i++) {
			char tok[64];
			snprintf(tok, sizeof tok, "%s/%zu", kw, i);
			sub(d, a->kids[i], ob, b->kids[i], nb, ptr, tok, depth);
		}
		return;
	}
	for (size_t i = 0; i < na; i++)
		if (!seq_has(b, a->kids[i])) {
			char *s = show(a->kids[i]);
			emit(d, MSG_DIF_BRANCH_REMOVED, where(b, at), ptr->p, kw, s, NULL);
			free(s);
		}
	for (size_t i = 0; i < nn; i++)
		if (!seq_has(a, b->kids[i])) {
			char *s = show(b->kids[i]);
			emit(d, MSG_DIF_BRANCH_ADDED, b->kids[i]->pos, ptr->p, kw, s, NULL);
			free(s);
		}
}

/* Compare two schemas (with their base URIs) at the pointer ptr. */
static void compare(struct differ *d, const struct node *o, const char *ob, const struct node *n, const char *nb,
                    struct buf *ptr, unsigned depth)
{
	if (depth > DIFF_MAX_DEPTH || o->kind != NODE_MAP || n->kind != NODE_MAP)
		return;
	char key[64];
	snprintf(key, sizeof key, "%p %p", (const void *)o, (const void *)n);
	if (hmap_get(&d->seen, key, strlen(key)))
		return;
	path_list_add(&d->seen_keys, key);
	const char *kept = d->seen_keys.v[d->seen_keys.n - 1];
	hmap_put(&d->seen, kept, strlen(kept), (void *)kept);
	/* $ref: compare what each side refers to (the other side as it is when it has none). */
	const struct node *refa = node_get(o, "$ref"), *refb = node_get(n, "$ref");
	if (refa || refb) {
		const char *oba = ob, *nbb = nb;
		const struct node *ta =
		        refa && refa->kind == NODE_STR ? standard_resolve_ref(&d->old->st, ob, refa->str, &oba) : o;
		const struct node *tb =
		        refb && refb->kind == NODE_STR ? standard_resolve_ref(&d->new_->st, nb, refb->str, &nbb) : n;
		if (ta && tb && (ta != o || tb != n))
			compare(d, ta, oba, tb, nbb, ptr, depth + 1);
		if (!(refa && refb))
			return; /* one side inline: its keywords were compared with the other's target */
	}
	const struct node *at = n;
	unsigned ta = types_of(o), tb = types_of(n);
	if (ta & ~tb) {
		char *sa = types_text(ta), *sb = types_text(tb);
		emit(d, MSG_DIF_TYPE_NARROWED, where(node_get(n, "type"), at), ptr->p, sa, sb, NULL);
		free(sa);
		free(sb);
	} else if (tb & ~ta) {
		char *sa = types_text(ta), *sb = types_text(tb);
		emit(d, MSG_DIF_TYPE_WIDENED, where(node_get(n, "type"), at), ptr->p, sa, sb, NULL);
		free(sa);
		free(sb);
	}
	compare_enum(d, o, n, at, ptr->p);
	compare_strings(d, o, n, at, ptr->p, "pattern", MSG_DIF_PATTERN_CHANGED, MSG_DIF_PATTERN_REMOVED);
	compare_strings(d, o, n, at, ptr->p, "format", MSG_DIF_FORMAT_CHANGED, MSG_DIF_FORMAT_REMOVED);
	compare_limits(d, o, n, at, ptr->p);
	const struct node *ua = node_get(o, "uniqueItems"), *ub = node_get(n, "uniqueItems");
	int uqa = ua && ua->kind == NODE_BOOL && ua->boolean, uqb = ub && ub->kind == NODE_BOOL && ub->boolean;
	if (!uqa && uqb)
		emit(d, MSG_DIF_UNIQUE_ADDED, ub->pos, ptr->p, NULL, NULL, NULL);
	else if (uqa && !uqb)
		emit(d, MSG_DIF_UNIQUE_REMOVED, at->pos, ptr->p, NULL, NULL, NULL);
	compare_object(d, o, ob, n, nb, at, ptr, depth);
	compare_branches(d, o, ob, n, nb, at, ptr, "oneOf", depth);
	compare_branches(d, o, ob, n, nb, at, ptr, "anyOf", depth);
	static const char *const subschemas[] = {"items", "contains", "propertyNames", "unevaluatedItems",
	                                         "unevaluatedProperties"};
	for (size_t i = 0; i < sizeof subschemas / sizeof *subschemas; i++) {
		const struct node *a = node_get(o, subschemas[i]), *b = node_get(n, subschemas[i]);
		if ((a && a->kind == NODE_MAP) || (b && b->kind == NODE_MAP))
			sub(d, a, ob, b, nb, ptr, subschemas[i], depth);
	}
	const struct node *la = node_get(o, "allOf"), *lb = node_get(n, "allOf");
	size_t nla = la && la->kind == NODE_SEQ ? la->n : 0, nlb = lb && lb->kind == NODE_SEQ ? lb->n : 0;
	for (size_t i = 0; i < (nla > nlb ? nla : nlb); i++) {
		char tok[32];
		snprintf(tok, sizeof tok, "allOf/%zu", i);
		sub(d, i < nla ? la->kids[i] : NULL, ob, i < nlb ? lb->kids[i] : NULL, nb, ptr, tok, depth);
	}
	/* What loket cannot order by strictness: any change counts as breaking. */
	static const char *const opaque[] = {"not",
	                                     "if",
	                                     "then",
	                                     "else",
	                                     "prefixItems",
	                                     "dependentRequired",
	                                     "dependentSchemas",
	                                     "patternProperties"};
	for (size_t i = 0; i < sizeof opaque / sizeof *opaque; i++) {
		const struct node *a = node_get(o, opaque[i]), *b = node_get(n, opaque[i]);
		if ((a || b) && !(a && b && node_equal(a, b)) && b)
			emit(d, MSG_DIF_SCHEMA_CHANGED, b->pos, ptr->p, opaque[i], NULL, NULL);
	}
	const struct node *da = node_get(o, "deprecated"), *db = node_get(n, "deprecated");
	if (db && db->kind == NODE_BOOL && db->boolean && !(da && da->kind == NODE_BOOL && da->boolean))
		emit(d, MSG_DIF_DEPRECATED, db->pos, ptr->p, last_token(ptr->p), NULL, NULL);
	static const char *const docs[] = {"description", "x-description-nl", "title",    "x-hint",
	                                   "examples",    "x-label",          "x-section"};
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		const struct node *a = node_get(o, docs[i]), *b = node_get(n, docs[i]);
		if ((a || b) && !(a && b && node_equal(a, b)))
			emit(d, MSG_DIF_DOC_CHANGED, where(b, at), ptr->p, docs[i], NULL, NULL);
	}
}

/* OLD or NEW: a standard folder (its newest version), or a version of the standard in
 * schema_dir (NULL: the built-in one). */
static void load_side(struct side *s, const char *arg, const char *schema_dir)
{
	struct msgq q = {0};
	struct stat sb;
	int dir = stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode);
	s->name = arg;
	const char *from = dir ? arg : schema_dir;
	int rc = standard_load(&s->st, from, &q);
	struct options o = {0};
	print_diagnostics(&q, NULL, &o, stderr);
	msg_free(&q);
	if (rc != 0) {
		if (from)
			fprintf(stderr, _("loket: the standard in %s cannot be used\n"), from);
		else
			fputs(_("loket: the standard built into loket cannot be used\n"), stderr);
		exit(rc == -2 ? EXIT_SYSTEM : EXIT_INPUT);
	}
	s->version = s->st.versions.v[s->st.versions.n - 1];
	if (!dir) {
		s->version = NULL;
		for (size_t i = 0; i < s->st.versions.n; i++)
			if (!strcmp(s->st.versions.v[i], arg))
				s->version = s->st.versions.v[i];
		if (s->version == NULL)
			usage_error(_("'%s' is neither a folder nor a version of the standard"), arg);
	}
}

static void write_json(const struct differ *d, struct buf *b, size_t breaking, size_t compatible)
{
	struct json j;
	json_init(&j, b, 1);
	json_obj_begin(&j);
	json_kv_str(&j, "old", d->old->name);
	json_kv_str(&j, "new", d->new_->name);
	json_kv_int(&j, "breaking", (long long)breaking);
	json_kv_int(&j, "compatible", (long long)compatible);
	json_key(&j, "changes");
	json_arr_begin(&j);
	for (size_t i = 0; i < d->q.n; i++) {
		const struct diag *g = &d->q.d[i];
		json_obj_begin(&j);
		json_kv_str(&j, "rule", rule_of(g->id));
		json_key(&j, "breaking");
		json_bool(&j, g->code == CODE_DIF001);
		json_kv_str(&j, "pointer", d->pointers.v[g->seq]);
		json_kv_str(&j, "file", g->pos.file);
		json_kv_int(&j, "line", g->pos.line);
		json_kv_int(&j, "column", g->pos.col);
		json_kv_str(&j, "message", g->text);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	buf_addc(b, '\n');
}

/* Markdown for a changelog: breaking changes first, each with its rule. */
static void write_markdown(const struct differ *d, struct buf *b, size_t breaking, size_t compatible)
{
	buf_printf(b, "## Changes from %s to %s\n\n", d->old->name, d->new_->name);
	for (int pass = 0; pass < 2; pass++) {
		size_t count = pass ? compatible : breaking;
		buf_printf(b, "### %s (%zu)\n\n", pass ? "Compatible" : "Breaking", count);
		for (size_t i = 0; i < d->q.n; i++) {
			const struct diag *g = &d->q.d[i];
			if ((g->code == CODE_DIF001) == pass)
				continue;
			buf_adds(b, "- ");
			for (const char *p = g->text; *p; p++) { /* Markdown: escape what would format */
				if (strchr("\\`*_[]<>|", *p))
					buf_addc(b, '\\');
				buf_addc(b, *p);
			}
			buf_printf(b, " (`%s`)\n", rule_of(g->id));
		}
		if (count == 0)
			buf_adds(b, "None.\n");
		buf_addc(b, '\n');
	}
}

int cmd_schema_diff(int argc, char **argv)
{
	const char *format = "text", *args[2] = {NULL, NULL}, *schema_dir = NULL;
	int allow = 0, nargs = 0;
	for (int i = 2; i < argc; i++) {
		if (!strncmp(argv[i], "--format=", 9))
			format = argv[i] + 9;
		else if (!strncmp(argv[i], "--schema-dir=", 13))
			schema_dir = argv[i] + 13;
		else if (!strcmp(argv[i], "--allow-breaking"))
			allow = 1;
		else if (argv[i][0] == '-' || nargs == 2)
			usage_error(_("unexpected '%s' (usage: loket schema diff OLD NEW [--format=text|json|markdown] "
			              "[--allow-breaking])"),
			            argv[i]);
		else
			args[nargs++] = argv[i];
	}
	if (nargs != 2)
		usage_error("%s", _("usage: loket schema diff OLD NEW [--format=text|json|markdown] [--allow-breaking] "
		                    "[--schema-dir=DIR]"));
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "markdown"))
		usage_error(_("schema diff --format takes text, json or markdown, not '%s'"), format);
	struct side old, new_;
	load_side(&old, args[0], schema_dir);
	load_side(&new_, args[1], schema_dir);
	struct differ d = {&old, &new_, {0}, {0}, {0}, {0}};
	/* Every kind but common (which the others reach through $ref): service and agency first, so
	 * that a change of a shared definition is named where agencies meet it (each pair of
	 * schemas is compared once), then the others of NEW, then those only OLD has. */
	struct path_list kinds = {0};
	for (int s = 0; s < 2; s++) {
		const char *first = s ? "agency" : "service";
		if (standard_schema_document(&new_.st, new_.version, first) ||
		    standard_schema_document(&old.st, old.version, first))
			path_list_add(&kinds, first);
	}
	for (int s = 0; s < 2; s++) {
		const struct side *side = s ? &old : &new_;
		for (size_t i = 0; i < side->st.schemas.n; i++) {
			const char *vk = side->st.schemas.v[i], *slash = strchr(vk, '/');
			if (!slash || strncmp(vk, side->version, (size_t)(slash - vk)) || side->version[slash - vk] ||
			    !strcmp(slash + 1, "common"))
				continue;
			int known = 0;
			for (size_t k = 0; k < kinds.n; k++)
				known |= !strcmp(kinds.v[k], slash + 1);
			if (!known)
				path_list_add(&kinds, slash + 1);
		}
	}
	for (size_t k = 0; k < kinds.n; k++) {
		const char *kind = kinds.v[k];
		const struct node *o = standard_schema_document(&old.st, old.version, kind);
		const struct node *n = standard_schema_document(&new_.st, new_.version, kind);
		if (!o || !n) {
			emit(&d, o ? MSG_DIF_KIND_REMOVED : MSG_DIF_KIND_ADDED, (o ? o : n)->pos, kind, kind, NULL,
			     NULL);
			continue;
		}
		const char *ob = node_get_str(o, "$id"), *nb = node_get_str(n, "$id");
		struct buf ptr = {0};
		buf_printf(&ptr, "%s#", kind);
		compare(&d, o, ob ? ob : "", n, nb ? nb : "", &ptr, 0);
		buf_free(&ptr);
	}
	path_list_free(&kinds);
	msg_sort(&d.q);
	size_t breaking = 0, compatible = 0;
	for (size_t i = 0; i < d.q.n; i++) {
		if (d.q.d[i].code == CODE_DIF001)
			breaking++;
		else
			compatible++;
	}
	struct buf b = {0};
	if (!strcmp(format, "json")) {
		write_json(&d, &b, breaking, compatible);
	} else if (!strcmp(format, "markdown")) {
		write_markdown(&d, &b, breaking, compatible);
	} else {
		struct msg_print_opts po = {want_color("auto"), NULL, NULL, 0};
		msg_print_text(stdout, &d.q, &po);
		buf_printf(&b, _("%zu breaking, %zu compatible changes from %s to %s\n"), breaking, compatible,
		           old.name, new_.name);
	}
	fwrite(b.p ? b.p : "", 1, b.len, stdout);
	buf_free(&b);
	msg_free(&d.q);
	path_list_free(&d.pointers);
	path_list_free(&d.seen_keys);
	hmap_free(&d.seen);
	standard_free(&old.st);
	standard_free(&new_.st);
	if (fflush(stdout) != 0)
		return EXIT_SYSTEM;
	return breaking && !allow ? EXIT_INPUT : EXIT_CLEAN;
}
