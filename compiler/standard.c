/* standard.c: the standard loket checks against: schemas per version, vocabularies and
 * the policy, built in or read from a schema directory. */
#include "standard.h"
#include "i18n.h"

#include "catalogue.h"

#include "json.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { STANDARD_MAX_BYTES = 8 * 1024 * 1024, STANDARD_MAX_DEPTH = 64 };

static const struct load_limits standard_limits = {STANDARD_MAX_BYTES, STANDARD_MAX_DEPTH, 0, 0, LOAD_PARSER_ANY};

/* "1.0/service.schema.yaml" -> version "1.0", kind "service". */
static int split_schema_name(const char *name, char *version, size_t vlen, char *kind, size_t klen)
{
	const char *slash = strchr(name, '/');
	if (!slash || strchr(slash + 1, '/') || !str_ends_with(name, ".schema.yaml"))
		return 0;
	size_t lv = (size_t)(slash - name), lk = strlen(slash + 1) - strlen(".schema.yaml");
	if (lv == 0 || lv >= vlen || lk == 0 || lk >= klen)
		return 0;
	memcpy(version, name, lv);
	version[lv] = '\0';
	memcpy(kind, slash + 1, lk);
	kind[lk] = '\0';
	return 1;
}

static void add_version(struct standard *st, const char *v)
{
	for (size_t i = 0; i < st->versions.n; i++)
		if (!strcmp(st->versions.v[i], v))
			return;
	path_list_add(&st->versions, v);
}

/* Read a policy document into msg_policy and the thresholds. `local`: only stricter. */
static void apply_policy(struct standard *st, const struct doc *d, int local, struct msgq *q, int *rc)
{
	const struct node *rules = node_get(d->root, "rules");
	if (rules == NULL || rules->kind != NODE_MAP) {
		msg_emit(q, MSG_SCM004, d->root->pos,
		         _("a policy needs 'rules': a mapping of rule codes to severities"));
		*rc = -1;
		return;
	}
	for (size_t i = 0; i < rules->n; i++) {
		const struct node *k = NODE_KEY(rules, i), *v = NODE_VAL(rules, i);
		enum msg_code code = msg_code_find(k->str);
		enum msg_sev sev = v->kind == NODE_STR ? msg_sev_find(v->str) : SEV__MAX;
		struct buf why = {0};
		if (code == CODE__MAX)
			buf_printf(&why, _("policy: unknown rule code '%s'"), k->str);
		else if (!msg_code_is_rule(code))
			buf_printf(&why, _("policy: '%s' is not a rule; its severity is fixed"), k->str);
		else if (sev == SEV__MAX)
			buf_printf(&why, _("policy: the severity of %s must be off, info, warning or error"), k->str);
		if (why.len) {
			msg_emit(q, MSG_SCM004, code == CODE__MAX ? k->pos : v->pos, why.p);
			*rc = -1;
		} else if (local && sev < msg_policy[code]) {
			msg_emit(q, MSG_POL001, v->pos, k->str, msg_sev_name(msg_policy[code]), v->str);
		} else {
			msg_policy[code] = sev;
		}
		buf_free(&why);
	}
	const struct node *t = node_get(d->root, "thresholds");
	static const struct {
		const char *name;
		size_t offset;
		int higher_is_stricter;
	} thresholds[] = {
	        {"plain_language_min_score", offsetof(struct standard, min_readability), 1},
	        {"plain_language_max_sentence_words", offsetof(struct standard, max_sentence_words), 0},
	};
	for (size_t i = 0; t && t->kind == NODE_MAP && i < t->n; i++) {
		const struct node *k = NODE_KEY(t, i), *v = NODE_VAL(t, i);
		size_t which = sizeof thresholds / sizeof *thresholds;
		for (size_t x = 0; x < sizeof thresholds / sizeof *thresholds; x++)
			if (!strcmp(thresholds[x].name, k->str))
				which = x;
		if (which == sizeof thresholds / sizeof *thresholds || !node_is_number(v)) {
			msg_emit(q, MSG_SCM004, k->pos,
			         _("policy: unknown threshold, or a value that is not a number"));
			*rc = -1;
			continue;
		}
		double *slot = (double *)(void *)((char *)st + thresholds[which].offset);
		int looser = thresholds[which].higher_is_stricter ? v->num < *slot : v->num > *slot;
		if (local && looser) {
			char was[32];
			snprintf(was, sizeof was, "%g", *slot);
			msg_emit(q, MSG_POL001_THRESHOLD, v->pos, k->str, was, v->str);
		} else {
			*slot = v->num;
		}
	}
}

int standard_local_policy(struct standard *st, const char *path, struct msgq *q)
{
	struct doc *d = xcalloc(1, sizeof *d);
	enum load_result r = load_yaml_file(d, path, &standard_limits, q);
	st->local_policy = d;
	if (r != LOAD_OK)
		return r == LOAD_SYSTEM ? -2 : -1;
	int rc = 0;
	apply_policy(st, d, 1, q, &rc);
	return rc;
}

/* Take one file of the standard; the document is kept by st or its schema set. */
static void take_file(struct standard *st, const char *name, struct doc *d)
{
	char version[32], kind[64];
	if (split_schema_name(name, version, sizeof version, kind, sizeof kind)) {
		struct buf uri = {0};
		buf_printf(&uri, STANDARD_BASE "%s/%s", version, kind);
		schema_set_add(st->set, d, uri.p);
		buf_free(&uri);
		struct buf vk = {0};
		buf_printf(&vk, "%s/%s", version, kind);
		path_list_add(&st->schemas, vk.p);
		buf_free(&vk);
		if (!strcmp(kind, "service"))
			add_version(st, version);
	} else if (!strcmp(name, "policy.yaml") && st->policy == NULL) {
		st->policy = d;
	} else if (!strncmp(name, "vocabularies/", 13) && str_ends_with(name, ".yaml")) {
		size_t n = st->nvocabularies;
		st->vocabularies = xrealloc(st->vocabularies, (n + 1) * sizeof *st->vocabularies);
		st->vocabulary_names = xrealloc(st->vocabulary_names, (n + 1) * sizeof *st->vocabulary_names);
		st->vocabularies[n] = d;
		st->vocabulary_names[n] = xstrndup(name + 13, strlen(name + 13) - 5);
		st->nvocabularies++;
	} else {
		load_doc_free(d);
		free(d);
	}
}

static int load_one(struct standard *st, const char *name, const char *shown, const char *data, size_t len,
                    struct msgq *q)
{
	struct doc *d = xcalloc(1, sizeof *d);
	if (load_yaml_mem(d, shown, data, len, &standard_limits, q) != LOAD_OK) {
		st->unusable = xrealloc(st->unusable, (st->nunusable + 1) * sizeof *st->unusable);
		st->unusable[st->nunusable++] = d; /* freed with st: the messages point into it */
		return -1;
	}
	take_file(st, name, d);
	return 0;
}

static int load_dir(struct standard *st, const char *dir, struct msgq *q)
{
	struct walk w = {0};
	int rc = 0;
	/* Messages copy their text, not their position's file name: paths go in the text. */
	catalogue_walk(dir, 8, &w, q);
	for (size_t i = 0; i < w.links.n; i++)
		msg_emit(q, MSG_SYS002, ((struct pos){NULL, 0, 0}), w.links.v[i]);
	for (size_t i = 0; i < w.others.n; i++)
		msg_emit(q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), w.others.v[i], _("not a regular file"));
	if (w.failed.n || w.others.n)
		rc = -2;
	else if (w.links.n)
		rc = -1;
	size_t dlen = strlen(dir);
	for (size_t i = 0; rc == 0 && i < w.files.n; i++) {
		char *data;
		size_t len;
		int r = read_input_file(w.files.v[i], STANDARD_MAX_BYTES, &w.ids[i], &data, &len);
		if (r != READ_OK) {
			msg_emit(q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), w.files.v[i],
			         r == READ_ERRNO       ? i18n_strerror(errno)
			         : r == READ_TOO_LARGE ? _("larger than 8 MiB")
			                               : _("replaced while read"));
			rc = -2;
			continue;
		}
		const char *name = w.files.v[i] + dlen;
		while (*name == '/')
			name++;
		/* A message or document names its file until the standard is freed, after the walk. */
		path_list_add(&st->paths, w.files.v[i]);
		if (load_one(st, name, st->paths.v[st->paths.n - 1], data, len, q) != 0 && rc == 0)
			rc = -1;
		free(data);
	}
	walk_free(&w);
	return rc;
}

int standard_load(struct standard *st, const char *dir, struct msgq *q)
{
	memset(st, 0, sizeof *st);
	st->set = schema_set_new();
	int rc = 0;
	if (dir) {
		rc = load_dir(st, dir, q);
	} else {
		for (const struct embedded_file *f = standard_embedded; f->name; f++) {
			struct buf shown = {0};
			buf_printf(&shown, "(built-in) schemas/%s", f->name);
			if (load_one(st, f->name, shown.p, f->data, f->len, q) != 0)
				rc = -1;
			buf_free(&shown);
		}
	}
	if (rc == -2)
		return rc;
	if (schema_set_compile(st->set, q) != 0)
		rc = -1;
	schema_set_synonyms(st->set, standard_vocabulary(st, "synonyms"));
	if (st->versions.n == 0) {
		msg_emit(q, MSG_SCM004, ((struct pos){dir ? dir : "(built-in) schemas", 0, 0}),
		         _("no <version>/service.schema.yaml found in the schema directory"));
		rc = -1;
	}
	st->min_readability = 60;
	st->max_sentence_words = 20;
	if (st->policy)
		apply_policy(st, st->policy, 0, q, &rc);
	return rc;
}

static char *schema_uri(const char *version, const char *kind)
{
	struct buf uri = {0};
	buf_printf(&uri, STANDARD_BASE "%s/%s", version, kind);
	return buf_take(&uri);
}

const struct schema *standard_schema(const struct standard *st, const char *version, const char *kind)
{
	char *uri = schema_uri(version, kind);
	const struct schema *s = schema_set_get(st->set, uri);
	free(uri);
	return s;
}

const struct node *standard_schema_document(const struct standard *st, const char *version, const char *kind)
{
	char *uri = schema_uri(version, kind);
	const struct node *n = schema_set_document(st->set, uri);
	free(uri);
	return n;
}

char *standard_versions(const struct standard *st)
{
	struct buf b = {0};
	for (size_t i = 0; i < st->versions.n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", st->versions.v[i]);
	return buf_take(&b);
}

const struct node *standard_vocabulary(const struct standard *st, const char *name)
{
	for (size_t i = 0; i < st->nvocabularies; i++)
		if (!strcmp(st->vocabulary_names[i], name))
			return st->vocabularies[i]->root;
	return NULL;
}

/* Follow a JSON pointer fragment ("/$defs/text") inside a document. */
static const struct node *follow_pointer(const struct node *n, const char *frag)
{
	while (n && *frag == '/') {
		frag++;
		size_t len = strcspn(frag, "/");
		char tok[256];
		size_t o = 0;
		for (size_t i = 0; i < len && o + 1 < sizeof tok; i++) {
			if (frag[i] == '~' && i + 1 < len) {
				tok[o++] = frag[i + 1] == '1' ? '/' : '~';
				i++;
			} else {
				tok[o++] = frag[i];
			}
		}
		tok[o] = '\0';
		if (n->kind == NODE_MAP) {
			n = node_get(n, tok);
		} else if (n->kind == NODE_SEQ) {
			char *end;
			unsigned long k = strtoul(tok, &end, 10);
			n = *end || k >= n->n ? NULL : n->kids[k];
		} else {
			n = NULL;
		}
		frag += len;
	}
	return n;
}

/* Resolve a $ref against base in one standard; sets *nbase to the target document's
 * $id (kept by the schema set). NULL when it does not resolve. */
const struct node *standard_resolve_ref(const struct standard *st, const char *base, const char *ref,
                                        const char **nbase)
{
	char *abs = uri_resolve(base, ref);
	char *hash = strchr(abs, '#');
	if (hash)
		*hash = '\0';
	const struct node *doc = schema_set_document(st->set, abs);
	const struct node *n = NULL;
	if (doc) {
		const char *id = node_get_str(doc, "$id");
		*nbase = id ? id : base;
		n = hash ? follow_pointer(doc, hash + 1) : doc;
	}
	free(abs);
	return n;
}

void standard_free(struct standard *st)
{
	schema_set_free(st->set);
	path_list_free(&st->versions);
	path_list_free(&st->schemas);
	path_list_free(&st->paths);
	for (size_t i = 0; i < st->nunusable; i++) {
		load_doc_free(st->unusable[i]);
		free(st->unusable[i]);
	}
	free(st->unusable);
	if (st->policy) {
		load_doc_free(st->policy);
		free(st->policy);
	}
	if (st->local_policy) {
		load_doc_free(st->local_policy);
		free(st->local_policy);
	}
	for (size_t i = 0; i < st->nvocabularies; i++) {
		load_doc_free(st->vocabularies[i]);
		free(st->vocabularies[i]);
		free(st->vocabulary_names[i]);
	}
	free(st->vocabularies);
	free(st->vocabulary_names);
	memset(st, 0, sizeof *st);
}

/* ---- schema export: the standard as one JSON document, clean for strict validators ----
 * The standards team's annotations are not JSON Schema keywords, and strict
 * validators (ajv in strict mode) refuse unknown keywords. So the export writes
 * x-hint as the standard annotation description (appended to a description that is
 * there already; editors show it), and leaves out every other x- keyword. The walk
 * knows which keywords hold schemas, so a field that happens to be named x-hint
 * (under properties) or data (enum, const, default, examples) is copied as it is.
 * Its depth is bounded by the loader's nesting limit. */

static int is_keyword(const char *k, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(k, *list))
			return 1;
	return 0;
}

static void export_schema(struct json *j, const struct node *n);

/* "description": the description (or none) and the hint after a blank line. */
static void export_description(struct json *j, const char *desc, const char *hint)
{
	struct buf b = {0};
	buf_printf(&b, "%s%s%s", desc ? desc : "", desc ? "\n\n" : "", hint);
	json_kv_str(j, "description", b.p);
	buf_free(&b);
}

/* The value of keyword k of a schema object. */
static void export_keyword(struct json *j, const char *k, const struct node *v)
{
	static const char *const schema_maps[] = {"properties", "patternProperties", "$defs", "dependentSchemas", NULL};
	static const char *const schemas[] = {"additionalProperties",
	                                      "propertyNames",
	                                      "items",
	                                      "contains",
	                                      "not",
	                                      "if",
	                                      "then",
	                                      "else",
	                                      "unevaluatedItems",
	                                      "unevaluatedProperties",
	                                      "contentSchema",
	                                      NULL};
	static const char *const schema_lists[] = {"allOf", "anyOf", "oneOf", "prefixItems", NULL};
	if (is_keyword(k, schema_maps) && v->kind == NODE_MAP) {
		json_obj_begin(j);
		for (size_t i = 0; i < v->n; i++) {
			json_key(j, NODE_KEY(v, i)->str);
			export_schema(j, NODE_VAL(v, i));
		}
		json_obj_end(j);
	} else if (is_keyword(k, schema_lists) && v->kind == NODE_SEQ) {
		json_arr_begin(j);
		for (size_t i = 0; i < v->n; i++)
			export_schema(j, v->kids[i]);
		json_arr_end(j);
	} else if (is_keyword(k, schemas)) {
		export_schema(j, v);
	} else {
		json_node(j, v);
	}
}

/* One schema: x-hint as description, other x- keywords left out. */
static void export_schema(struct json *j, const struct node *n)
{
	if (n->kind != NODE_MAP) { /* true, false */
		json_node(j, n);
		return;
	}
	const char *hint = node_get_str(n, "x-hint");
	const char *desc = node_get_str(n, "description");
	json_obj_begin(j);
	for (size_t i = 0; i < n->n; i++) {
		const char *k = NODE_KEY(n, i)->str;
		if (hint && (desc ? !strcmp(k, "description") : !strcmp(k, "x-hint")))
			export_description(j, desc, hint);
		else if (strncmp(k, "x-", 2) != 0) {
			json_key(j, k);
			export_keyword(j, k, NODE_VAL(n, i));
		}
	}
	json_obj_end(j);
}

int standard_export_json(const struct standard *st, const char *version, const char *kind, struct buf *out)
{
	const struct node *root = standard_schema_document(st, version, kind);
	if (root == NULL)
		return -1;
	struct json j;
	json_init(&j, out, 1);
	json_obj_begin(&j);
	int wrote_defs = 0;
	const char *hint = node_get_str(root, "x-hint"), *desc = node_get_str(root, "description");
	for (size_t i = 0; i <= root->n; i++) {
		int at_end = i == root->n;
		const char *key = at_end ? NULL : NODE_KEY(root, i)->str;
		if ((at_end && !wrote_defs) || (key && !strcmp(key, "$defs"))) {
			json_key(&j, "$defs");
			json_obj_begin(&j);
			if (key) {
				const struct node *defs = NODE_VAL(root, i);
				for (size_t k = 0; defs->kind == NODE_MAP && k < defs->n; k++) {
					json_key(&j, NODE_KEY(defs, k)->str);
					export_schema(&j, NODE_VAL(defs, k));
				}
			}
			/* Bundle the other schemas of this version, each keeping its $id. */
			size_t vlen = strlen(version);
			for (size_t k = 0; k < st->schemas.n; k++) {
				const char *name = st->schemas.v[k];
				if (strncmp(name, version, vlen) != 0 || name[vlen] != '/')
					continue;
				const struct node *other = standard_schema_document(st, version, name + vlen + 1);
				if (other == NULL || other == root)
					continue;
				struct buf def = {0};
				buf_printf(&def, "loket-%s", name + vlen + 1);
				json_key(&j, def.p);
				export_schema(&j, other);
				buf_free(&def);
			}
			json_obj_end(&j);
			wrote_defs = 1;
		} else if (key && hint && (desc ? !strcmp(key, "description") : !strcmp(key, "x-hint"))) {
			export_description(&j, desc, hint);
		} else if (key && strncmp(key, "x-", 2) != 0) {
			json_key(&j, key);
			export_keyword(&j, key, NODE_VAL(root, i));
		}
	}
	json_obj_end(&j);
	return 0;
}
