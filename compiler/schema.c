/* schema.c: JSON Schema draft 2020-12: compile a schema tree once, then evaluate
 * document trees against it, every problem with its instance path and position. */
#include "schema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "json.h"
#include "regex.h"

enum jtype { JT_NULL = 1, JT_BOOL = 2, JT_OBJECT = 4, JT_ARRAY = 8, JT_NUMBER = 16, JT_STRING = 32, JT_INTEGER = 64 };

enum fmt {
	FMT_NONE,
	FMT_DATE,
	FMT_DATETIME,
	FMT_TIME,
	FMT_URI,
	FMT_URIREF,
	FMT_EMAIL,
	FMT_DURATION,
	FMT_REGEX,
	FMT__MAX
};

static const struct {
	const char *name, *phrase;
} formats[FMT__MAX] = {
        [FMT_DATE] = {"date", N_("date (YYYY-MM-DD)")},
        [FMT_DATETIME] = {"date-time", N_("date and time (RFC 3339)")},
        [FMT_TIME] = {"time", N_("time (RFC 3339, such as 09:30:00Z)")},
        [FMT_URI] = {"uri", N_("URL")},
        [FMT_URIREF] = {"uri-reference", N_("URI reference")},
        [FMT_EMAIL] = {"email", N_("email address")},
        [FMT_DURATION] = {"duration", N_("duration (ISO 8601, such as P8W or P5D)")},
        [FMT_REGEX] = {"regex", N_("regular expression")},
};
const char schema_formats[] = "date, date-time, time, uri, uri-reference, email, duration, regex";

#define UNSET (-1.0)

struct prop {
	const char *name;
	size_t len;
	struct schema *s;
};

struct patprop {
	struct regex *re;
	struct schema *s;
};

struct resource;

struct schema {
	const struct node *node; /* first: its address is the key of set->by_node */
	struct pos pos;
	int boolean; /* -1: a schema object; 0: false; 1: true */
	unsigned types;
	struct prop *props;
	size_t nprops;
	struct hmap prop_index;
	struct patprop *patprops;
	size_t npatprops;
	struct schema *additional, *property_names;
	const struct node *required;     /* list of names */
	const struct node *dep_required; /* name: list of names */
	struct prop *dep_schemas;
	size_t ndep_schemas;
	struct schema *items, **prefix, *contains;
	size_t nprefix;
	const struct node *enum_, *const_;
	struct regex *pattern;
	const char *pattern_src;
	double min_len, max_len, min_items, max_items, min_props, max_props, min_contains, max_contains;
	double minimum, maximum, xminimum, xmaximum, multiple;
	/* multipleOf as an exact decimal, multiple = mult_digits x 10^mult_exp (digits
	 * without trailing zeros); mult_exact 0 when it has more than 18 significant digits. */
	unsigned long long mult_digits;
	long long mult_exp;
	int mult_exact;
	int unique;
	enum fmt format;
	struct schema **all, **any, **one;
	size_t nall, nany, none;
	struct schema *not_, *if_, *then_, *else_;
	char *ref; /* absolute URI until resolved */
	struct pos ref_pos;
	const struct schema *ref_target;
	/* $dynamicRef: resolved like $ref; when that target carries the $dynamicAnchor
	 * named by the fragment (dyn_name), the outermost resource of the dynamic scope
	 * with an anchor of that name wins at evaluation time. */
	char *dynref;
	struct pos dynref_pos;
	const struct schema *dynref_target;
	const char *dyn_name;
	/* unevaluatedProperties / unevaluatedItems: the only keywords that need to know
	 * what the others evaluated. Only a schema that has one collects annotations. */
	struct schema *uneval_props, *uneval_items;
	int collect;
	int track_scope;      /* the set has a $dynamicRef: keep the dynamic scope */
	int special;          /* collect, track_scope or a $dynamicRef: the slow path of validate */
	struct resource *res; /* the schema resource this schema belongs to */
	const char *hint;     /* x-hint: the standards team's advice for this value */
	int cycle_mark;       /* find_ref_cycles: 0 not seen, 1 on the path, 2 done */
	size_t cycle_at;      /* find_ref_cycles: the index on the path while marked 1 */
	const struct schema_set *set;
	int deprecated;         /* deprecated: true: a field that uses it gets SCH015 */
	const char *removed_in; /* x-removed-in: the version of the standard that drops it */
};

struct dyn_anchor {
	const char *name;
	struct schema *s;
};

/* A schema resource (a document, or a subschema with $id) or a named anchor in one. */
struct resource {
	char *uri;
	const struct node *root;
	struct resource *base;  /* the resource whose URI is the base: itself, or for an anchor its resource */
	struct dyn_anchor *dyn; /* $dynamicAnchor names of this resource */
	size_t ndyn, dyn_cap;
};

struct schema_set {
	struct doc **docs;
	char **doc_uris;
	size_t ndocs, docs_cap, ncompiled;
	struct hmap resources; /* uri -> struct resource */
	struct hmap by_node;   /* node address -> struct schema */
	struct schema **all;
	size_t nall, all_cap;
	int format_assert;
	int allow_unknown;
	int has_dynref;
	const struct node *synonyms; /* the standard's synonyms vocabulary, or NULL */
};

/* ------------------------------------------------------------------ URIs */

struct uri_parts {
	const char *scheme, *auth, *path, *query, *frag;
	size_t lscheme, lauth, lpath, lquery, lfrag;
	int has_scheme, has_auth, has_query, has_frag;
};

static void uri_split(const char *u, struct uri_parts *p)
{
	memset(p, 0, sizeof *p);
	const char *s = u;
	const char *colon = s + strcspn(s, ":/?#");
	if (*colon == ':' && colon > s) {
		p->has_scheme = 1;
		p->scheme = s;
		p->lscheme = (size_t)(colon - s);
		s = colon + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		p->has_auth = 1;
		p->auth = s + 2;
		p->lauth = strcspn(p->auth, "/?#");
		s = p->auth + p->lauth;
	}
	p->path = s;
	p->lpath = strcspn(s, "?#");
	s += p->lpath;
	if (*s == '?') {
		p->has_query = 1;
		p->query = s + 1;
		p->lquery = strcspn(p->query, "#");
		s = p->query + p->lquery;
	}
	if (*s == '#') {
		p->has_frag = 1;
		p->frag = s + 1;
		p->lfrag = strlen(p->frag);
	}
}

/* RFC 3986, 5.2.4. */
static char *remove_dots(const char *in, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t o = 0;
	const char *s = in, *end = in + n;
	while (s < end) {
		size_t left = (size_t)(end - s);
		if (left >= 3 && !strncmp(s, "../", 3))
			s += 3;
		else if (left >= 2 && !strncmp(s, "./", 2))
			s += 2;
		else if (left >= 3 && !strncmp(s, "/./", 3))
			s += 2;
		else if (left == 2 && !strncmp(s, "/.", 2)) {
			s += 1;
			out[o++] = '/';
			s += 1;
		} else if ((left >= 4 && !strncmp(s, "/../", 4)) || (left == 3 && !strncmp(s, "/..", 3))) {
			s += 3;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			if (s == end)
				out[o++] = '/';
		} else if ((left == 1 && *s == '.') || (left == 2 && !strncmp(s, "..", 2))) {
			s = end;
		} else {
			size_t k = 1;
			while (s + k < end && s[k] != '/')
				k++;
			memcpy(out + o, s, k);
			o += k;
			s += k;
		}
	}
	out[o] = '\0';
	return out;
}

char *uri_resolve(const char *base, const char *ref)
{
	struct uri_parts b, r;
	uri_split(base ? base : "", &b);
	uri_split(ref, &r);
	struct buf out = {0};
	const char *scheme = b.scheme, *auth = b.auth, *query = b.query;
	size_t ls = b.lscheme, la = b.lauth, lq = b.lquery;
	int has_scheme = b.has_scheme, has_auth = b.has_auth, has_query = b.has_query;
	char *path;
	if (r.has_scheme) {
		scheme = r.scheme, ls = r.lscheme, has_scheme = 1;
		auth = r.auth, la = r.lauth, has_auth = r.has_auth;
		path = remove_dots(r.path, r.lpath);
		query = r.query, lq = r.lquery, has_query = r.has_query;
	} else if (r.has_auth) {
		auth = r.auth, la = r.lauth, has_auth = 1;
		path = remove_dots(r.path, r.lpath);
		query = r.query, lq = r.lquery, has_query = r.has_query;
	} else if (r.lpath == 0) {
		path = xstrndup(b.path, b.lpath);
		if (r.has_query)
			query = r.query, lq = r.lquery, has_query = 1;
	} else {
		struct buf merged = {0};
		if (r.path[0] == '/') {
			buf_add(&merged, r.path, r.lpath);
		} else if (b.has_auth && b.lpath == 0) {
			buf_addc(&merged, '/');
			buf_add(&merged, r.path, r.lpath);
		} else {
			size_t keep = b.lpath;
			while (keep > 0 && b.path[keep - 1] != '/')
				keep--;
			buf_add(&merged, b.path, keep);
			buf_add(&merged, r.path, r.lpath);
		}
		path = remove_dots(merged.p ? merged.p : "", merged.len);
		buf_free(&merged);
		query = r.query, lq = r.lquery, has_query = r.has_query;
	}
	if (has_scheme) {
		buf_add(&out, scheme, ls);
		buf_addc(&out, ':');
	}
	if (has_auth) {
		buf_adds(&out, "//");
		buf_add(&out, auth, la);
	}
	buf_adds(&out, path);
	free(path);
	if (has_query) {
		buf_addc(&out, '?');
		buf_add(&out, query, lq);
	}
	if (r.has_frag) {
		buf_addc(&out, '#');
		buf_add(&out, r.frag, r.lfrag);
	}
	return buf_take(&out);
}

/* The URI without its fragment; caller frees. */
static char *uri_strip_fragment(const char *u) { return xstrndup(u, strcspn(u, "#")); }

/* ------------------------------------------------------------ the set */

struct schema_set *schema_set_new(void)
{
	struct schema_set *set = xcalloc(1, sizeof *set);
	set->format_assert = 1;
	return set;
}

void schema_set_format_assert(struct schema_set *set, int on) { set->format_assert = on; }

void schema_set_allow_unknown(struct schema_set *set, int on) { set->allow_unknown = on; }

void schema_set_synonyms(struct schema_set *set, const struct node *synonyms) { set->synonyms = synonyms; }

/* The standard's word for `word` in a section of the synonyms (fields, values, days),
 * compared without regard to case, or NULL. */
static const char *synonym(const struct schema *s, const char *section, const char *word)
{
	const struct node *m = s->set ? node_get(s->set->synonyms, section) : NULL;
	/* Equal ignoring case needs first bytes equal but for bit 0x20: most words stop there. */
	for (size_t i = 0; m && m->kind == NODE_MAP && i < m->n; i++)
		if ((NODE_KEY(m, i)->str[0] | 0x20) == (word[0] | 0x20) && !strcasecmp(NODE_KEY(m, i)->str, word) &&
		    NODE_VAL(m, i)->kind == NODE_STR)
			return NODE_VAL(m, i)->str;
	return NULL;
}

void schema_set_add(struct schema_set *set, struct doc *doc, const char *uri)
{
	set->docs = xgrow(set->docs, &set->docs_cap, set->ndocs + 1, sizeof *set->docs);
	set->doc_uris = xrealloc(set->doc_uris, set->docs_cap * sizeof *set->doc_uris);
	set->docs[set->ndocs] = doc;
	set->doc_uris[set->ndocs] = xstrdup(uri);
	set->ndocs++;
}

/* The resource at uri, made when new; the first one registered under a URI wins (a
 * duplicate $id is the standards team's to fix). */
static struct resource *add_resource(struct schema_set *set, const char *uri, const struct node *root,
                                     struct resource *base)
{
	struct resource *r = hmap_get(&set->resources, uri, strlen(uri));
	if (r)
		return r;
	r = xcalloc(1, sizeof *r);
	r->uri = xstrdup(uri);
	r->root = root;
	r->base = base ? base : r;
	hmap_put(&set->resources, r->uri, strlen(r->uri), r);
	return r;
}

/* -------------------------------------------------------- compilation */

/* The vocabularies of draft 2020-12 (section 8 of the core and the validation specifications). */
enum {
	VOC_CORE = 1,
	VOC_APPLICATOR = 2,
	VOC_UNEVALUATED = 4,
	VOC_VALIDATION = 8,
	VOC_METADATA = 16,
	VOC_FORMAT_ANNOTATION = 32,
	VOC_FORMAT_ASSERTION = 64,
	VOC_CONTENT = 128,
	/* The vocabularies of the standard meta-schema https://json-schema.org/draft/2020-12/schema. */
	VOC_DEFAULT = VOC_CORE | VOC_APPLICATOR | VOC_UNEVALUATED | VOC_VALIDATION | VOC_METADATA |
	              VOC_FORMAT_ANNOTATION | VOC_CONTENT
};

#define DRAFT_2020_12 "https://json-schema.org/draft/2020-12/schema"

static const struct {
	const char *uri;
	unsigned bit;
} vocabularies[] = {
        {"https://json-schema.org/draft/2020-12/vocab/core", VOC_CORE},
        {"https://json-schema.org/draft/2020-12/vocab/applicator", VOC_APPLICATOR},
        {"https://json-schema.org/draft/2020-12/vocab/unevaluated", VOC_UNEVALUATED},
        {"https://json-schema.org/draft/2020-12/vocab/validation", VOC_VALIDATION},
        {"https://json-schema.org/draft/2020-12/vocab/meta-data", VOC_METADATA},
        {"https://json-schema.org/draft/2020-12/vocab/format-annotation", VOC_FORMAT_ANNOTATION},
        {"https://json-schema.org/draft/2020-12/vocab/format-assertion", VOC_FORMAT_ASSERTION},
        {"https://json-schema.org/draft/2020-12/vocab/content", VOC_CONTENT},
};

static unsigned vocabulary_bit(const char *uri)
{
	for (size_t i = 0; i < sizeof vocabularies / sizeof *vocabularies; i++)
		if (!strcmp(vocabularies[i].uri, uri))
			return vocabularies[i].bit;
	return 0;
}

/* The vocabulary a keyword belongs to; 0 for keywords of none (unknown, x-*). With
 * nearest, instead: the known keyword within two edits of kw into *nearest (or NULL). */
static unsigned keyword_table(const char *kw, const char **nearest)
{
	static const struct {
		const char *name;
		unsigned bit;
	} table[] = {
	        {"$id", VOC_CORE},
	        {"$schema", VOC_CORE},
	        {"$ref", VOC_CORE},
	        {"$anchor", VOC_CORE},
	        {"$dynamicRef", VOC_CORE},
	        {"$dynamicAnchor", VOC_CORE},
	        {"$vocabulary", VOC_CORE},
	        {"$comment", VOC_CORE},
	        {"$defs", VOC_CORE},
	        {"prefixItems", VOC_APPLICATOR},
	        {"items", VOC_APPLICATOR},
	        {"contains", VOC_APPLICATOR},
	        {"additionalProperties", VOC_APPLICATOR},
	        {"properties", VOC_APPLICATOR},
	        {"patternProperties", VOC_APPLICATOR},
	        {"dependentSchemas", VOC_APPLICATOR},
	        {"propertyNames", VOC_APPLICATOR},
	        {"if", VOC_APPLICATOR},
	        {"then", VOC_APPLICATOR},
	        {"else", VOC_APPLICATOR},
	        {"allOf", VOC_APPLICATOR},
	        {"anyOf", VOC_APPLICATOR},
	        {"oneOf", VOC_APPLICATOR},
	        {"not", VOC_APPLICATOR},
	        {"unevaluatedItems", VOC_UNEVALUATED},
	        {"unevaluatedProperties", VOC_UNEVALUATED},
	        {"type", VOC_VALIDATION},
	        {"const", VOC_VALIDATION},
	        {"enum", VOC_VALIDATION},
	        {"multipleOf", VOC_VALIDATION},
	        {"maximum", VOC_VALIDATION},
	        {"exclusiveMaximum", VOC_VALIDATION},
	        {"minimum", VOC_VALIDATION},
	        {"exclusiveMinimum", VOC_VALIDATION},
	        {"maxLength", VOC_VALIDATION},
	        {"minLength", VOC_VALIDATION},
	        {"pattern", VOC_VALIDATION},
	        {"maxItems", VOC_VALIDATION},
	        {"minItems", VOC_VALIDATION},
	        {"uniqueItems", VOC_VALIDATION},
	        {"maxContains", VOC_VALIDATION},
	        {"minContains", VOC_VALIDATION},
	        {"maxProperties", VOC_VALIDATION},
	        {"minProperties", VOC_VALIDATION},
	        {"required", VOC_VALIDATION},
	        {"dependentRequired", VOC_VALIDATION},
	        {"title", VOC_METADATA},
	        {"description", VOC_METADATA},
	        {"default", VOC_METADATA},
	        {"deprecated", VOC_METADATA},
	        {"readOnly", VOC_METADATA},
	        {"writeOnly", VOC_METADATA},
	        {"examples", VOC_METADATA},
	        {"format", VOC_FORMAT_ANNOTATION | VOC_FORMAT_ASSERTION},
	        {"contentEncoding", VOC_CONTENT},
	        {"contentMediaType", VOC_CONTENT},
	        {"contentSchema", VOC_CONTENT},
	};
	if (nearest) {
		size_t best = strlen(kw) <= 4 ? 2 : 3; /* 'foo' is not a misspelt 'not' */
		const char *near = NULL;
		for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
			size_t d = edit_distance(kw, table[i].name, best);
			if (d < best) {
				best = d;
				near = table[i].name;
			}
		}
		*nearest = near;
		return 0;
	}
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (!strcmp(table[i].name, kw))
			return table[i].bit;
	return 0;
}

const char *schema_keyword_nearest(const char *kw)
{
	const char *near = NULL;
	keyword_table(kw, &near);
	return near;
}

static unsigned keyword_vocabulary(const char *kw) { return keyword_table(kw, NULL); }

struct compiler {
	struct schema_set *set;
	struct msgq *q;
	int errors;
	unsigned vocab; /* the vocabularies in force (the meta-schema's $vocabulary) */
};

static struct schema *compile(struct compiler *c, const struct node *n, struct resource *res);

static void bad(struct compiler *c, const struct node *at, const char *kw, const char *why)
{
	msg_emit(c->q, MSG_SCM002, at->pos, kw, _(why)); /* xgettext: -kbad:4 (tests/po/run.sh) */
	c->errors++;
}

static struct schema *lookup_node(const struct schema_set *set, const struct node *n)
{
	return hmap_get(&set->by_node, (const char *)&n, sizeof n);
}

static int want_number(struct compiler *c, const struct node *v, const char *kw, double *out, int nonneg_int)
{
	if (!node_is_number(v) || (nonneg_int && (v->num < 0 || v->num != floor(v->num)))) {
		bad(c, v, kw, nonneg_int ? N_("must be a whole number of 0 or more") : N_("must be a number"));
		return 0;
	}
	*out = v->num;
	return 1;
}

static struct schema **compile_list(struct compiler *c, const struct node *v, const char *kw, struct resource *base,
                                    size_t *n)
{
	if (v->kind != NODE_SEQ || v->n == 0) {
		bad(c, v, kw, "must be a non-empty list of schemas");
		*n = 0;
		return NULL;
	}
	struct schema **list = xcalloc(v->n, sizeof *list);
	for (size_t i = 0; i < v->n; i++)
		list[i] = compile(c, v->kids[i], base);
	*n = v->n;
	return list;
}

static struct prop *compile_map(struct compiler *c, const struct node *v, const char *kw, struct resource *base,
                                size_t *n)
{
	if (v->kind != NODE_MAP) {
		bad(c, v, kw, "must be a mapping of names to schemas");
		*n = 0;
		return NULL;
	}
	struct prop *props = xcalloc(v->n, sizeof *props);
	for (size_t i = 0; i < v->n; i++) {
		props[i].name = NODE_KEY(v, i)->str;
		props[i].len = NODE_KEY(v, i)->len;
		props[i].s = compile(c, NODE_VAL(v, i), base);
	}
	*n = v->n;
	return props;
}

static int string_list(const struct node *v)
{
	if (v->kind != NODE_SEQ)
		return 0;
	for (size_t i = 0; i < v->n; i++)
		if (v->kids[i]->kind != NODE_STR)
			return 0;
	return 1;
}

static unsigned type_bit(const char *t)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {{"null", JT_NULL},     {"boolean", JT_BOOL},  {"object", JT_OBJECT},  {"array", JT_ARRAY},
	             {"number", JT_NUMBER}, {"string", JT_STRING}, {"integer", JT_INTEGER}};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(names[i].name, t))
			return names[i].bit;
	return 0;
}

/* A meta-schema of the set named by $schema (other than the standard one), or NULL:
 * a draft 2020-12 schema that declares its vocabularies. */
static const struct node *metaschema(struct compiler *c, const char *uri)
{
	size_t n = strcspn(uri, "#");
	if (uri[n] == '#' && uri[n + 1] != '\0')
		return NULL;
	struct resource *r = hmap_get(&c->set->resources, uri, n);
	if (r == NULL || r->root->kind != NODE_MAP || !node_get(r->root, "$vocabulary"))
		return NULL;
	const char *dialect = node_get_str(r->root, "$schema");
	return dialect && !strcmp(dialect, DRAFT_2020_12) ? r->root : NULL;
}

/* $schema: the standard meta-schema, or one of the set whose $vocabulary says which
 * keywords apply. A required vocabulary loket does not know makes the schema unusable. */
static void use_metaschema(struct compiler *c, const struct node *v)
{
	if (v->kind != NODE_STR || !strcmp(v->str, DRAFT_2020_12))
		return;
	const struct node *meta = metaschema(c, v->str);
	if (meta == NULL)
		return; /* compile_keyword reports it */
	const struct node *voc = node_get(meta, "$vocabulary");
	if (voc->kind != NODE_MAP)
		return; /* compiling the meta-schema reports it */
	c->vocab = VOC_CORE;
	for (size_t i = 0; i < voc->n; i++) {
		unsigned bit = vocabulary_bit(NODE_KEY(voc, i)->str);
		const struct node *req = NODE_VAL(voc, i);
		c->vocab |= bit;
		if (!bit && req->kind == NODE_BOOL && req->boolean) {
			struct buf why = {0};
			buf_printf(&why, "its meta-schema requires the vocabulary %s, which loket does not support",
			           NODE_KEY(voc, i)->str);
			bad(c, v, "$schema", why.p);
			buf_free(&why);
		}
	}
}

/* ---- multipleOf, exactly: decided in decimal on the number's source text, so that
 * 18.15 is a multiple of 0.01 (binary floating point says it is not) and
 * 84.100000001 is not (a relative tolerance says it is). */

/* Whether text is a decimal number: [-+]?(digits[.digits]|.digits)([eE][-+]?digits)?. */
static int decimal_text(const char *t)
{
	const char *p = t + (*t == '-' || *t == '+');
	int digits = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		p += *p == '-' || *p == '+';
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* The decimal form of a number written as text t: its significant digits from *start
 * to *end (leading and trailing zeros left out; a '.' may lie between them) and the
 * power of ten of the last one, so that |t| = digits x 10^(*exp). Exponents saturate
 * at +-1e15, far beyond the digits a file can hold. Returns 0 when t is no decimal
 * number (0x1F, .inf). For zero, *start == *end. */
static int decimal_split(const char *t, const char **start, const char **end, long long *exp)
{
	if (!decimal_text(t))
		return 0;
	const char *mant = t + (*t == '-' || *t == '+'), *dot = NULL, *stop;
	for (stop = mant; (*stop >= '0' && *stop <= '9') || *stop == '.'; stop++)
		if (*stop == '.')
			dot = stop;
	long long e = 0;
	if (*stop == 'e' || *stop == 'E') {
		const char *q = stop + 1;
		int neg = *q == '-';
		for (q += *q == '-' || *q == '+'; *q >= '0' && *q <= '9'; q++)
			if (e < 1000000000000000LL)
				e = e * 10 + (*q - '0');
		e = neg ? -e : e;
	}
	e -= dot ? (long long)(stop - dot - 1) : 0; /* the power of ten of the last digit written */
	const char *last = stop;
	while (last > mant && (last[-1] == '0' || last[-1] == '.')) {
		e += last[-1] == '0'; /* a trailing zero dropped raises the power */
		last--;
	}
	const char *first = mant;
	while (first < last && (*first == '0' || *first == '.'))
		first++;
	*start = first;
	*end = last;
	*exp = e;
	return 1;
}

/* The decimal text of a number node: its source text, or for 0x10, 0o7 (integers,
 * exact as doubles) the double written out into tmp. */
static const char *decimal_source(const struct node *n, char *tmp, size_t size)
{
	if (n->str && decimal_text(n->str))
		return n->str;
	snprintf(tmp, size, "%.17g", n->num);
	return tmp;
}

/* A schema's multipleOf as digits x 10^exp; 0 when it has more than 18 significant
 * digits (then the validator falls back on a tolerance). */
static int decimal_of(const struct node *v, unsigned long long *digits, long long *exp)
{
	char tmp[40];
	const char *a, *b;
	if (!decimal_split(decimal_source(v, tmp, sizeof tmp), &a, &b, exp))
		return 0;
	unsigned long long d = 0;
	int n = 0;
	for (const char *p = a; p < b; p++) {
		if (*p == '.')
			continue;
		if (++n > 18)
			return 0;
		d = d * 10 + (unsigned long long)(*p - '0');
	}
	*digits = d;
	return d > 0;
}

/* (a * b) mod m without overflow, for m < 2^63. */
static unsigned long long mulmod(unsigned long long a, unsigned long long b, unsigned long long m)
{
	unsigned long long r = 0;
	for (a %= m; b; b >>= 1) {
		if (b & 1)
			r = r >= m - a ? r - (m - a) : r + a;
		a = a >= m - a ? a - (m - a) : a + a;
	}
	return r;
}

/* Whether the number inst is a multiple of md x 10^me (md without trailing zeros).
 * With |inst| = xd x 10^xe (xd not 0, without trailing zeros): when xe < me,
 * inst / m = xd / (md x 10^(me-xe)) would need 10 to divide xd, which it does not;
 * otherwise inst / m is whole exactly when xd x 10^(xe-me) = 0 (mod md). */
static int multiple_exact(const struct node *inst, unsigned long long md, long long me)
{
	char tmp[40];
	const char *a, *b;
	long long xe;
	if (!decimal_split(decimal_source(inst, tmp, sizeof tmp), &a, &b, &xe))
		return 0;
	if (a == b)
		return 1; /* zero */
	if (xe < me)
		return 0;
	unsigned long long r = 0; /* xd mod md, digit by digit (md < 10^18: no overflow) */
	for (const char *p = a; p < b; p++)
		if (*p != '.')
			r = (r * 10 + (unsigned long long)(*p - '0')) % md;
	unsigned long long ten = 10 % md; /* times 10^(xe-me) mod md, by squaring */
	for (unsigned long long k = (unsigned long long)(xe - me); k && r; k >>= 1) {
		if (k & 1)
			r = mulmod(r, ten, md);
		ten = mulmod(ten, ten, md);
	}
	return r == 0;
}

static void compile_keyword(struct compiler *c, struct schema *s, const char *kw, const struct node *v,
                            struct resource *base)
{
	size_t n;
#define IS(name) (!strcmp(kw, name))
	if (c->vocab != VOC_DEFAULT) {
		unsigned voc = keyword_vocabulary(kw);
		if (voc && !(voc & c->vocab)) { /* its vocabulary is not in use: an unknown keyword */
			if (!c->set->allow_unknown) {
				msg_emit(c->q, MSG_SCM001, v->pos, kw);
				c->errors++;
			}
			return;
		}
	}
	if (IS("$schema")) {
		if (v->kind != NODE_STR || (strcmp(v->str, DRAFT_2020_12) != 0 && metaschema(c, v->str) == NULL))
			bad(c, v, kw,
			    "loket reads JSON Schema draft 2020-12 only "
			    "(https://json-schema.org/draft/2020-12/schema)");
	} else if (IS("$id") || IS("$anchor") || IS("$dynamicAnchor")) {
		/* handled before the other keywords */
	} else if (IS("deprecated")) {
		if (v->kind == NODE_BOOL)
			s->deprecated = v->boolean;
		else
			bad(c, v, kw, "must be true or false");
	} else if (IS("x-removed-in")) {
		if (v->kind == NODE_STR)
			s->removed_in = v->str;
		else
			bad(c, v, kw, "must be a version of the standard in quotes, such as \"2.0\"");
	} else if (IS("$comment") || IS("title") || IS("description") || IS("default") || IS("examples") ||
	           IS("readOnly") || IS("writeOnly") || IS("contentMediaType") || IS("contentEncoding")) {
		/* annotations: no effect on validity */
	} else if (IS("contentSchema")) {
		/* an annotation too (draft 2020-12, validation 8.5): compiled, never applied */
		compile(c, v, base);
	} else if (IS("$vocabulary")) {
		int ok = v->kind == NODE_MAP;
		for (size_t i = 0; ok && i < v->n; i++)
			ok = NODE_VAL(v, i)->kind == NODE_BOOL;
		if (!ok)
			bad(c, v, kw, "must map vocabulary URIs to true or false");
	} else if (IS("x-hint")) {
		if (v->kind == NODE_STR)
			s->hint = v->str;
		else
			bad(c, v, kw, "must be text");
	} else if (!strncmp(kw, "x-", 2)) {
		/* the standards team's own annotations */
	} else if (IS("$defs")) {
		if (v->kind != NODE_MAP)
			bad(c, v, kw, "must be a mapping of names to schemas");
		else
			for (size_t i = 0; i < v->n; i++)
				compile(c, NODE_VAL(v, i), base);
	} else if (IS("$ref")) {
		if (v->kind != NODE_STR) {
			bad(c, v, kw, "must be text");
			return;
		}
		s->ref = uri_resolve(base->uri, v->str);
		s->ref_pos = v->pos;
	} else if (IS("$dynamicRef")) {
		if (v->kind != NODE_STR) {
			bad(c, v, kw, "must be text");
			return;
		}
		s->dynref = uri_resolve(base->uri, v->str);
		s->dynref_pos = v->pos;
		c->set->has_dynref = 1;
	} else if (IS("unevaluatedProperties")) {
		s->uneval_props = compile(c, v, base);
		s->collect = 1;
	} else if (IS("unevaluatedItems")) {
		s->uneval_items = compile(c, v, base);
		s->collect = 1;
	} else if (IS("type")) {
		if (v->kind == NODE_STR) {
			s->types = type_bit(v->str);
			if (!s->types)
				bad(c, v, kw, "unknown type");
		} else if (string_list(v)) {
			for (size_t i = 0; i < v->n; i++) {
				unsigned b = type_bit(v->kids[i]->str);
				if (!b)
					bad(c, v->kids[i], kw, "unknown type");
				s->types |= b;
			}
		} else {
			bad(c, v, kw, "must be a type name or a list of them");
		}
	} else if (IS("properties")) {
		s->props = compile_map(c, v, kw, base, &s->nprops);
		if (s->nprops > 8)
			for (size_t i = 0; i < s->nprops; i++)
				hmap_put(&s->prop_index, s->props[i].name, s->props[i].len, &s->props[i]);
	} else if (IS("patternProperties")) {
		if (v->kind != NODE_MAP) {
			bad(c, v, kw, "must be a mapping of patterns to schemas");
			return;
		}
		s->patprops = xcalloc(v->n, sizeof *s->patprops);
		for (size_t i = 0; i < v->n; i++) {
			char err[300];
			s->patprops[i].re = regex_compile(NODE_KEY(v, i)->str, REGEX_ECMA, err, sizeof err);
			if (!s->patprops[i].re) {
				msg_emit(c->q, MSG_SCM002_REGEX, NODE_KEY(v, i)->pos, NODE_KEY(v, i)->str, err);
				c->errors++;
			}
			s->patprops[i].s = compile(c, NODE_VAL(v, i), base);
		}
		s->npatprops = v->n;
	} else if (IS("additionalProperties")) {
		s->additional = compile(c, v, base);
	} else if (IS("propertyNames")) {
		s->property_names = compile(c, v, base);
	} else if (IS("required")) {
		if (!string_list(v))
			bad(c, v, kw, "must be a list of field names");
		else
			s->required = v;
	} else if (IS("dependentRequired")) {
		int ok = v->kind == NODE_MAP;
		for (size_t i = 0; ok && i < v->n; i++)
			ok = string_list(NODE_VAL(v, i));
		if (!ok)
			bad(c, v, kw, "must map field names to lists of field names");
		else
			s->dep_required = v;
	} else if (IS("dependentSchemas")) {
		s->dep_schemas = compile_map(c, v, kw, base, &s->ndep_schemas);
	} else if (IS("items")) {
		s->items = compile(c, v, base);
	} else if (IS("prefixItems")) {
		s->prefix = compile_list(c, v, kw, base, &s->nprefix);
	} else if (IS("contains")) {
		s->contains = compile(c, v, base);
	} else if (IS("minContains")) {
		want_number(c, v, kw, &s->min_contains, 1);
	} else if (IS("maxContains")) {
		want_number(c, v, kw, &s->max_contains, 1);
	} else if (IS("enum")) {
		if (v->kind != NODE_SEQ)
			bad(c, v, kw, "must be a list of values");
		else
			s->enum_ = v;
	} else if (IS("const")) {
		s->const_ = v;
	} else if (IS("pattern")) {
		char err[300];
		if (v->kind != NODE_STR) {
			bad(c, v, kw, "must be text");
			return;
		}
		s->pattern = regex_compile(v->str, REGEX_ECMA, err, sizeof err);
		s->pattern_src = v->str;
		if (!s->pattern) {
			msg_emit(c->q, MSG_SCM002_REGEX, v->pos, v->str, err);
			c->errors++;
		}
	} else if (IS("minLength")) {
		want_number(c, v, kw, &s->min_len, 1);
	} else if (IS("maxLength")) {
		want_number(c, v, kw, &s->max_len, 1);
	} else if (IS("minItems")) {
		want_number(c, v, kw, &s->min_items, 1);
	} else if (IS("maxItems")) {
		want_number(c, v, kw, &s->max_items, 1);
	} else if (IS("minProperties")) {
		want_number(c, v, kw, &s->min_props, 1);
	} else if (IS("maxProperties")) {
		want_number(c, v, kw, &s->max_props, 1);
	} else if (IS("uniqueItems")) {
		if (v->kind != NODE_BOOL)
			bad(c, v, kw, "must be true or false");
		else
			s->unique = v->boolean;
	} else if (IS("minimum")) {
		if (want_number(c, v, kw, &s->minimum, 0))
			s->minimum = v->num;
	} else if (IS("maximum")) {
		want_number(c, v, kw, &s->maximum, 0);
	} else if (IS("exclusiveMinimum")) {
		want_number(c, v, kw, &s->xminimum, 0);
	} else if (IS("exclusiveMaximum")) {
		want_number(c, v, kw, &s->xmaximum, 0);
	} else if (IS("multipleOf")) {
		if (!node_is_number(v) || !(v->num > 0))
			bad(c, v, kw, "must be a number greater than 0");
		else {
			s->multiple = v->num;
			s->mult_exact = decimal_of(v, &s->mult_digits, &s->mult_exp);
		}
	} else if (IS("format")) {
		if (v->kind != NODE_STR) {
			bad(c, v, kw, "must be text");
			return;
		}
		for (int f = 1; f < FMT__MAX; f++)
			if (!strcmp(formats[f].name, v->str))
				s->format = (enum fmt)f;
		if (s->format == FMT_NONE && (c->set->format_assert || (c->vocab & VOC_FORMAT_ASSERTION))) {
			msg_emit(c->q, MSG_SCM002_FORMAT, v->pos, v->str, schema_formats);
			c->errors++;
		}
		if (!c->set->format_assert && !(c->vocab & VOC_FORMAT_ASSERTION))
			s->format = FMT_NONE;
	} else if (IS("allOf")) {
		s->all = compile_list(c, v, kw, base, &s->nall);
	} else if (IS("anyOf")) {
		s->any = compile_list(c, v, kw, base, &s->nany);
	} else if (IS("oneOf")) {
		s->one = compile_list(c, v, kw, base, &s->none);
	} else if (IS("not")) {
		s->not_ = compile(c, v, base);
	} else if (IS("if")) {
		s->if_ = compile(c, v, base);
	} else if (IS("then")) {
		s->then_ = compile(c, v, base);
	} else if (IS("else")) {
		s->else_ = compile(c, v, base);
	} else if (!c->set->allow_unknown) {
		const char *near = schema_keyword_nearest(kw);
		if (near)
			msg_emit(c->q, MSG_SCM001_NEAR, v->pos, kw, near);
		else
			msg_emit(c->q, MSG_SCM001, v->pos, kw);
		c->errors++;
	}
	(void)n;
#undef IS
}

static struct schema *new_schema(struct compiler *c, const struct node *n)
{
	struct schema *s = xcalloc(1, sizeof *s);
	s->node = n;
	s->pos = n->pos;
	s->boolean = -1;
	s->min_len = s->max_len = s->min_items = s->max_items = s->min_props = s->max_props = UNSET;
	s->min_contains = s->max_contains = s->minimum = s->maximum = s->xminimum = s->xmaximum = UNSET;
	s->minimum = s->maximum = s->xminimum = s->xmaximum = NAN;
	struct schema_set *set = c->set;
	s->set = set;
	set->all = xgrow(set->all, &set->all_cap, set->nall + 1, sizeof *set->all);
	set->all[set->nall++] = s;
	hmap_put(&set->by_node, (const char *)&s->node, sizeof s->node, s);
	return s;
}

static void add_dyn_anchor(struct resource *r, const char *name, struct schema *s)
{
	r->dyn = xgrow(r->dyn, &r->dyn_cap, r->ndyn + 1, sizeof *r->dyn);
	r->dyn[r->ndyn++] = (struct dyn_anchor){name, s};
}

/* Recursion follows the schema document, whose depth the loader limits. */
static struct schema *compile(struct compiler *c, const struct node *n, struct resource *res)
{
	struct schema *s = lookup_node(c->set, n);
	if (s)
		return s;
	s = new_schema(c, n);
	s->res = res;
	if (n->kind == NODE_BOOL) {
		s->boolean = n->boolean;
		return s;
	}
	if (n->kind != NODE_MAP) {
		bad(c, n, "schema", "a schema must be a mapping of keywords, or true or false");
		s->boolean = 1;
		return s;
	}
	const struct node *id = node_get(n, "$id");
	if (id) {
		if (id->kind != NODE_STR || (strchr(id->str, '#') && id->str[strcspn(id->str, "#") + 1] != '\0')) {
			bad(c, id, "$id", "must be a URI without a fragment");
		} else {
			char *abs = uri_resolve(res->uri, id->str);
			char *stripped = uri_strip_fragment(abs);
			free(abs);
			res = s->res = add_resource(c->set, stripped, n, NULL);
			free(stripped);
		}
	}
	unsigned saved_vocab = c->vocab;
	const struct node *meta = node_get(n, "$schema");
	if (meta)
		use_metaschema(c, meta);
	static const char *const anchors[] = {"$anchor", "$dynamicAnchor"};
	for (int k = 0; k < 2; k++) {
		const struct node *anchor = node_get(n, anchors[k]);
		if (anchor == NULL)
			continue;
		if (anchor->kind != NODE_STR) {
			bad(c, anchor, anchors[k], "must be text");
			continue;
		}
		struct buf u = {0};
		buf_printf(&u, "%s#%s", res->uri, anchor->str);
		add_resource(c->set, u.p, n, res);
		buf_free(&u);
		if (k == 1)
			add_dyn_anchor(res, anchor->str, s);
	}
	for (size_t i = 0; i < n->n; i++)
		compile_keyword(c, s, NODE_KEY(n, i)->str, NODE_VAL(n, i), res);
	c->vocab = saved_vocab;
	return s;
}

/* Percent-decode and unescape one JSON Pointer token. */
static char *pointer_token(const char *s, size_t n)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '~' && i + 1 < n && (s[i + 1] == '0' || s[i + 1] == '1')) {
			buf_addc(&b, s[i + 1] == '0' ? '~' : '/');
			i++;
		} else if (s[i] == '%' && i + 2 < n) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			buf_addc(&b, (char)strtol(hex, NULL, 16));
			i += 2;
		} else {
			buf_addc(&b, s[i]);
		}
	}
	return buf_take(&b);
}

static const struct node *walk_pointer(const struct node *n, const char *ptr)
{
	while (n && *ptr == '/') {
		ptr++;
		size_t len = strcspn(ptr, "/");
		char *tok = pointer_token(ptr, len);
		if (n->kind == NODE_MAP) {
			n = node_get(n, tok);
		} else if (n->kind == NODE_SEQ) {
			char *end;
			unsigned long k = strtoul(tok, &end, 10);
			n = (*tok && !*end && k < n->n) ? n->kids[k] : NULL;
		} else {
			n = NULL;
		}
		free(tok);
		ptr += len;
	}
	return n;
}

static const struct schema *resolve(struct compiler *c, const char *uri)
{
	struct schema_set *set = c->set;
	struct resource *r = hmap_get(&set->resources, uri, strlen(uri));
	if (r) /* a whole resource, or a named anchor */
		return compile(c, r->root, r->base);
	const char *hash = strchr(uri, '#');
	size_t blen = hash ? (size_t)(hash - uri) : strlen(uri);
	r = hmap_get(&set->resources, uri, blen);
	if (r == NULL)
		return NULL;
	if (hash == NULL || hash[1] == '\0')
		return compile(c, r->root, r->base);
	if (hash[1] != '/')
		return NULL;
	const struct node *target = walk_pointer(r->root, hash + 1);
	return target ? compile(c, target, r->base) : NULL;
}

/* $dynamicRef: when the statically resolved target carries the $dynamicAnchor that the
 * fragment names, the reference is dynamic (dyn_name); otherwise it is a $ref. */
static void resolve_dynamic(struct schema *s)
{
	const char *frag = strchr(s->dynref, '#');
	if (frag == NULL || frag[1] == '\0' || frag[1] == '/')
		return;
	const char *da = node_get_str(s->dynref_target->node, "$dynamicAnchor");
	if (da && !strcmp(da, frag + 1))
		s->dyn_name = frag + 1;
}

/* The k-th subschema that s evaluates against the same value (in place): $ref, a
 * $dynamicRef that acts as $ref, allOf, anyOf, oneOf, dependentSchemas, not, if, then,
 * else. Returns 0 past the last; *child may be NULL (a keyword s does not have). */
static int inplace_child(const struct schema *s, size_t k, const struct schema **child, const char **kw)
{
	const struct schema *single[] = {s->ref_target, s->dyn_name ? NULL : s->dynref_target};
	static const char *const single_kw[] = {"$ref", "$dynamicRef"};
	if (k < 2) {
		*child = single[k];
		*kw = single_kw[k];
		return 1;
	}
	k -= 2;
	struct schema *const *lists[] = {s->all, s->any, s->one};
	const size_t counts[] = {s->nall, s->nany, s->none};
	static const char *const list_kw[] = {"allOf", "anyOf", "oneOf"};
	for (int l = 0; l < 3; k -= counts[l], l++)
		if (k < counts[l]) {
			*child = lists[l][k];
			*kw = list_kw[l];
			return 1;
		}
	if (k < s->ndep_schemas) {
		*child = s->dep_schemas[k].s;
		*kw = "dependentSchemas";
		return 1;
	}
	k -= s->ndep_schemas;
	const struct schema *rest[] = {s->not_, s->if_, s->then_, s->else_};
	static const char *const rest_kw[] = {"not", "if", "then", "else"};
	if (k < 4) {
		*child = rest[k];
		*kw = rest_kw[k];
		return 1;
	}
	return 0;
}

/* Name the cycle path[from..n) back to path[from], at most 16 steps: each schema by its
 * line:col (with its file when another than the first's), then the keyword to the next. */
static void describe_cycle(struct buf *b, struct schema *const *path, const char *const *kws, size_t from, size_t n)
{
	const char *file = path[from]->pos.file;
	for (size_t i = from; i <= n; i++) {
		const struct schema *s = path[i < n ? i : from];
		if (i - from == 16 && i < n) {
			buf_adds(b, " -> ...");
			break;
		}
		if (i > from)
			buf_adds(b, " -> ");
		if (s->pos.file && file && strcmp(s->pos.file, file) != 0)
			buf_printf(b, "%s:", s->pos.file);
		buf_printf(b, "%u:%u", s->pos.line, s->pos.col);
		if (i == n)
			break;
		const struct node *ref = node_get(s->node, kws[i]);
		if (ref && ref->kind == NODE_STR)
			buf_printf(b, " -> %s '%s'", kws[i], ref->str);
		else
			buf_printf(b, " -> %s", kws[i]);
	}
}

/* A cycle of in-place subschemas ($ref to itself through allOf, say) would evaluate the
 * same value without end: report each one when the schema is loaded, naming it. An
 * iterative depth-first search over the in-place edges; a cycle through properties or
 * items is fine (it ends with the value). */
static void find_ref_cycles(struct schema_set *set, size_t from, struct compiler *c)
{
	struct schema **path = xcalloc(set->nall + 1, sizeof *path);
	const char **kws = xcalloc(set->nall + 1, sizeof *kws);
	size_t *next = xcalloc(set->nall + 1, sizeof *next);
	for (size_t root = from; root < set->nall; root++) {
		if (set->all[root]->cycle_mark)
			continue;
		size_t n = 0;
		path[n] = set->all[root];
		path[n]->cycle_mark = 1;
		path[n]->cycle_at = n;
		next[n++] = 0;
		while (n) {
			struct schema *s = path[n - 1];
			const struct schema *child;
			const char *kw;
			if (!inplace_child(s, next[n - 1]++, &child, &kw)) {
				s->cycle_mark = 2;
				n--;
				continue;
			}
			if (child == NULL || child->cycle_mark == 2)
				continue;
			kws[n - 1] = kw;
			struct schema *ch = (struct schema *)child; /* the set owns it */
			if (ch->cycle_mark == 1) {
				struct buf b = {0};
				describe_cycle(&b, path, kws, ch->cycle_at, n);
				const struct node *at = node_get(s->node, kw);
				msg_emit(c->q, MSG_SCM002_REF_CYCLE, at ? at->pos : s->pos, b.p);
				buf_free(&b);
				c->errors++;
				continue;
			}
			ch->cycle_mark = 1;
			ch->cycle_at = n;
			path[n] = ch;
			next[n++] = 0;
		}
	}
	free(path);
	free(kws);
	free(next);
}

int schema_set_compile(struct schema_set *set, struct msgq *q)
{
	struct compiler c = {set, q, 0, VOC_DEFAULT};
	size_t first = set->ncompiled;
	/* Register every document first, so references may point forward. */
	struct resource **res = xcalloc(set->ndocs - first + 1, sizeof *res);
	for (size_t i = first; i < set->ndocs; i++) {
		char *base = uri_strip_fragment(set->doc_uris[i]);
		res[i - first] = add_resource(set, base, set->docs[i]->root, NULL);
		free(base);
	}
	for (size_t i = first; i < set->ndocs; i++)
		compile(&c, set->docs[i]->root, res[i - first]);
	free(res);
	set->ncompiled = set->ndocs;
	for (size_t i = 0; i < set->nall; i++) { /* nall grows while references compile more */
		struct schema *s = set->all[i];
		if (s->ref && !s->ref_target) {
			s->ref_target = resolve(&c, s->ref);
			if (!s->ref_target) {
				msg_emit(q, MSG_SCM003, s->ref_pos, s->ref);
				c.errors++;
			}
		}
		if (s->dynref && !s->dynref_target) {
			s->dynref_target = resolve(&c, s->dynref);
			if (!s->dynref_target) {
				msg_emit(q, MSG_SCM003, s->dynref_pos, s->dynref);
				c.errors++;
			} else {
				resolve_dynamic(s);
			}
		}
	}
	for (size_t i = 0; i < set->nall; i++) {
		struct schema *s = set->all[i];
		s->track_scope = set->has_dynref;
		s->special = s->collect || s->track_scope || s->dynref_target;
	}
	find_ref_cycles(set, 0, &c);
	return c.errors ? -1 : 0;
}

const struct schema *schema_set_get(struct schema_set *set, const char *uri)
{
	struct compiler c = {set, NULL, 0, VOC_DEFAULT};
	struct msgq scratch = {0};
	c.q = &scratch;
	const struct schema *s = resolve(&c, uri);
	msg_free(&scratch);
	return s;
}

const struct node *schema_set_document(const struct schema_set *set, const char *uri)
{
	struct resource *r = hmap_get(&set->resources, uri, strlen(uri));
	return r ? r->root : NULL;
}

static void schema_free(struct schema *s)
{
	hmap_free(&s->prop_index);
	free(s->props);
	for (size_t i = 0; i < s->npatprops; i++)
		regex_free(s->patprops[i].re);
	free(s->patprops);
	free(s->dep_schemas);
	free(s->prefix);
	regex_free(s->pattern);
	free(s->all);
	free(s->any);
	free(s->one);
	free(s->ref);
	free(s->dynref);
	free(s);
}

void schema_set_free(struct schema_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->nall; i++)
		schema_free(set->all[i]);
	free(set->all);
	for (size_t i = 0; i < set->resources.cap; i++) {
		struct resource *r = set->resources.slots[i].value;
		if (set->resources.slots[i].key && r) {
			free(r->uri);
			free(r->dyn);
			free(r);
		}
	}
	hmap_free(&set->resources);
	hmap_free(&set->by_node);
	for (size_t i = 0; i < set->ndocs; i++) {
		load_doc_free(set->docs[i]);
		free(set->docs[i]);
		free(set->doc_uris[i]);
	}
	free(set->docs);
	free(set->doc_uris);
	free(set);
}

/* ------------------------------------------------------------ formats */

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num2(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

static int is_full_date(const char *s, size_t n)
{
	if (n != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return 0;
	int y = num2(s) * 100 + num2(s + 2), m = num2(s + 5), d = num2(s + 8);
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

/* RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM); a leap second only at 23:59:60 UTC. */
static int is_full_time(const char *s, size_t n)
{
	if (n < 9 || !digits(s, 2) || s[2] != ':' || !digits(s + 3, 2) || s[5] != ':' || !digits(s + 6, 2))
		return 0;
	int h = num2(s), m = num2(s + 3), sec = num2(s + 6);
	size_t i = 8;
	if (i < n && s[i] == '.') {
		i++;
		size_t start = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return 0;
	}
	if (h > 23 || m > 59 || sec > 60 || i >= n)
		return 0;
	int oh = 0, om = 0, sign = 0;
	if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == n) {
	} else if ((s[i] == '+' || s[i] == '-') && n - i == 6 && digits(s + i + 1, 2) && s[i + 3] == ':' &&
	           digits(s + i + 4, 2)) {
		sign = s[i] == '+' ? 1 : -1;
		oh = num2(s + i + 1);
		om = num2(s + i + 4);
		if (oh > 23 || om > 59)
			return 0;
	} else {
		return 0;
	}
	if (sec == 60) {
		int utc = ((h * 60 + m - sign * (oh * 60 + om)) % 1440 + 1440) % 1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

static int is_date_time(const char *s, size_t n)
{
	return n > 11 && (s[10] == 'T' || s[10] == 't') && is_full_date(s, 10) && is_full_time(s + 11, n - 11);
}

/* RFC 3339 appendix A. */
static int is_duration(const char *s, size_t n)
{
	if (n < 2 || s[0] != 'P')
		return 0;
	const char *p = s + 1, *end = s + n;
	static const char date_units[] = "YMD", time_units[] = "HMS";
	int in_time = 0, any = 0, last = -1;
	while (p < end) {
		if (*p == 'T') {
			if (in_time)
				return 0;
			in_time = 1;
			last = -1;
			p++;
			if (p == end)
				return 0;
			continue;
		}
		const char *d = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == d || p == end)
			return 0;
		if (*p == 'W') {
			if (any || in_time || p + 1 != end)
				return 0;
			return 1;
		}
		const char *units = in_time ? time_units : date_units;
		const char *u = strchr(units, *p);
		if (*p == '\0' || u == NULL)
			return 0;
		int idx = (int)(u - units);
		/* units in order, and no gap: Y then M then D; H then M then S */
		if (last >= 0 ? idx != last + 1 : 0)
			return 0;
		last = idx;
		any = 1;
		p++;
	}
	return any;
}

/* A dotted-decimal IPv4 address (RFC 3986 IPv4address: no leading zeros, each 0-255). */
static int is_ipv4(const char *s, size_t n)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		size_t start = i;
		unsigned v = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 3)
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return 0;
	}
	return i == n;
}

static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* An IPv6 address in text form (RFC 4291, 2.2; RFC 3986 IPv6address): eight groups
 * of 1-4 hex digits, one "::" for one or more groups of zeros, an IPv4 address as the
 * last two groups. */
static int is_ipv6(const char *s, size_t n)
{
	int groups = 0, elided = 0;
	size_t i = 0;
	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		elided = 1;
		i = 2;
		if (i == n)
			return 1;
	} else if (n > 0 && s[0] == ':') {
		return 0;
	}
	while (i < n) {
		size_t start = i;
		while (i < n && is_hex(s[i]) && i - start < 5)
			i++;
		if (i < n && s[i] == '.') { /* the IPv4 tail */
			if (!is_ipv4(s + start, n - start))
				return 0;
			groups += 2;
			i = n;
			break;
		}
		if (i == start || i - start > 4)
			return 0;
		groups++;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (elided)
				return 0;
			elided = 1;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return 0; /* a single trailing colon */
		}
	}
	return elided ? groups < 8 : groups == 8;
}

static int is_email(const char *s, size_t n)
{
	const char *at;
	if (n > 0 && s[0] == '"') {
		/* RFC 5321 Quoted-string: "..." with qtext and backslash pairs */
		size_t i = 1;
		for (; i < n && s[i] != '"'; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c == '\\') {
				i++;
				if (i >= n || (unsigned char)s[i] < 0x20)
					return 0;
			} else if (c < 0x20 || c == 0x7f) {
				return 0;
			}
		}
		if (i >= n || i + 1 >= n || s[i + 1] != '@' || i == 1)
			return 0;
		at = s + i + 1;
	} else {
		at = memchr(s, '@', n);
		if (!at)
			return 0;
		size_t ll = (size_t)(at - s);
		if (ll == 0 || s[0] == '.' || s[ll - 1] == '.')
			return 0;
		for (size_t i = 0; i < ll; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c == '.' && s[i + 1] == '.')
				return 0;
			if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      strchr(".!#$%&'*+/=?^_`{|}~-", c)))
				return 0;
		}
	}
	size_t dl = n - (size_t)(at - s) - 1;
	if (dl == 0 || memchr(at + 1, '@', dl))
		return 0;
	const char *d = at + 1;
	if (d[0] == '[') { /* an address literal: [192.0.2.1] or [IPv6:2001:db8::1] */
		if (d[dl - 1] != ']' || dl < 3)
			return 0;
		if (dl > 7 && !strncmp(d + 1, "IPv6:", 5))
			return is_ipv6(d + 6, dl - 7);
		return is_ipv4(d + 1, dl - 2);
	}
	if (d[0] == '.' || d[0] == '-' || d[dl - 1] == '.' || d[dl - 1] == '-')
		return 0;
	for (size_t i = 0; i < dl; i++) {
		unsigned char c = (unsigned char)d[i];
		if (c == '.' && (d[i + 1] == '.' || d[i + 1] == '-' || (i > 0 && d[i - 1] == '-')))
			return 0;
		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

static int uri_char_ok(const char *s, size_t n, const char *extra)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n + 0 && i + 2 > n - 1)
				return 0;
			if (!strchr("0123456789abcdefABCDEF", s[i + 1]) ||
			    !strchr("0123456789abcdefABCDEF", s[i + 2]) || !s[i + 1] || !s[i + 2])
				return 0;
			i += 2;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~!$&'()*+,;=", c) || strchr(extra, c))
			continue;
		return 0;
	}
	return 1;
}

/* RFC 3986 URI (absolute when `absolute`), checked part by part. */
static int is_uri(const char *s, size_t n, int absolute)
{
	char *u = xstrndup(s, n);
	struct uri_parts p;
	uri_split(u, &p);
	int ok = 1;
	if (p.has_scheme) {
		ok = (p.scheme[0] >= 'a' && p.scheme[0] <= 'z') || (p.scheme[0] >= 'A' && p.scheme[0] <= 'Z');
		for (size_t i = 0; ok && i < p.lscheme; i++)
			ok = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.", p.scheme[i]) !=
			     NULL;
	} else if (absolute) {
		ok = 0;
	} else {
		/* a relative reference may not have a colon in its first path segment */
		size_t seg = strcspn(p.path, "/");
		ok = memchr(p.path, ':', seg < p.lpath ? seg : p.lpath) == NULL;
	}
	if (ok && p.has_auth) {
		const char *a = p.auth, *end = p.auth + p.lauth;
		const char *at = memchr(a, '@', p.lauth);
		if (at) {
			ok = uri_char_ok(a, (size_t)(at - a), ":");
			a = at + 1;
		}
		if (ok && a < end && *a == '[') {
			/* IP-literal: an IPv6 address, or IPvFuture ("v" HEX "." ...) */
			const char *close = memchr(a, ']', (size_t)(end - a));
			size_t ln = close ? (size_t)(close - a - 1) : 0;
			if (close == NULL)
				ok = 0;
			else if (ln > 0 && (a[1] == 'v' || a[1] == 'V')) {
				size_t k = 2;
				while (k <= ln && is_hex(a[k]))
					k++;
				ok = k > 2 && k < ln && a[k] == '.' && uri_char_ok(a + k + 1, ln - k, ":") &&
				     memchr(a + k + 1, '%', ln - k) == NULL;
			} else {
				ok = is_ipv6(a + 1, ln);
			}
			a = close ? close + 1 : end;
		} else if (ok) {
			const char *colon = memchr(a, ':', (size_t)(end - a));
			const char *hend = colon ? colon : end;
			ok = uri_char_ok(a, (size_t)(hend - a), "");
			a = hend;
		}
		if (ok && a < end) {
			ok = *a == ':';
			for (a++; ok && a < end; a++)
				ok = *a >= '0' && *a <= '9';
		}
	}
	if (ok)
		ok = uri_char_ok(p.path, p.lpath, ":@/");
	if (ok && p.has_query)
		ok = uri_char_ok(p.query, p.lquery, ":@/?");
	if (ok && p.has_frag)
		ok = uri_char_ok(p.frag, p.lfrag, ":@/?");
	free(u);
	return ok;
}

static int format_ok(enum fmt f, const char *s, size_t n)
{
	switch (f) {
	case FMT_DATE:
		return is_full_date(s, n);
	case FMT_DATETIME:
		return is_date_time(s, n);
	case FMT_TIME:
		return is_full_time(s, n);
	case FMT_URI:
		return is_uri(s, n, 1);
	case FMT_URIREF:
		return is_uri(s, n, 0);
	case FMT_EMAIL:
		return is_email(s, n);
	case FMT_DURATION:
		return is_duration(s, n);
	case FMT_REGEX: {
		char err[200];
		return regex_check(s, err, sizeof err);
	}
	default:
		return 1;
	}
}

/* ------------------------------------------------------------ validation */

enum { MAX_EVAL_DEPTH = 512 };

#define seg msg_seg /* a field name, or (key NULL) an index */

struct vctx {
	struct msgq *q; /* NULL: only the answer counts */
	struct seg *path;
	size_t depth, cap;
	unsigned eval_depth;
	/* The schema refers to itself too deeply: the check is abandoned (fail closed; going
	 * on would cost up to 512 to the power of the nesting of the value). The message is
	 * given once, by schema_validate, so that no branch or 'not' can swallow it. */
	unsigned limit; /* MAX_EVAL_DEPTH; 0 once aborted */
	int aborted;
	char *abort_path;
	const struct schema *abort_s;
	struct pos abort_pos;
	/* The dynamic scope: the schema resources entered, outermost first (kept only
	 * when the set has a $dynamicRef). */
	const struct resource **scope;
	size_t nscope, scope_cap;
	const struct schema *special; /* validate_special has done its part for this schema */
};

/* Annotations for unevaluatedProperties and unevaluatedItems: which fields (by their
 * index in the mapping) or items of one value some keyword evaluated. Made only by a
 * schema with an unevaluated* keyword; everywhere else the pointer is NULL and costs
 * nothing. Never copied: bits may point at small. */
struct eval {
	size_t n;
	uint64_t *bits;
	uint64_t small;
};

static void eval_init(struct eval *e, size_t n)
{
	e->n = n;
	e->small = 0;
	e->bits = n <= 64 ? &e->small : xcalloc((n + 63) / 64, sizeof *e->bits);
}

static void eval_free(struct eval *e)
{
	if (e->bits != &e->small)
		free(e->bits);
}

static void eval_mark(struct eval *e, size_t i) { e->bits[i / 64] |= (uint64_t)1 << (i % 64); }

static int eval_has(const struct eval *e, size_t i) { return (e->bits[i / 64] >> (i % 64)) & 1; }

static void eval_merge(struct eval *dst, const struct eval *src)
{
	for (size_t i = 0; i < (src->n + 63) / 64; i++)
		dst->bits[i] |= src->bits[i];
}

/* validate() may leave marks in ev even when it returns 0: a caller that goes on after
 * a failure (anyOf, oneOf, if, contains) gives it a scratch eval and merges on success. */
static int validate(struct vctx *c, const struct schema *s, const struct node *inst, struct eval *ev);

static void path_push_key(struct vctx *c, const char *key)
{
	c->path = xgrow(c->path, &c->cap, c->depth + 1, sizeof *c->path);
	c->path[c->depth++] = (struct seg){key, 0};
}

static void path_push_index(struct vctx *c, size_t i)
{
	c->path = xgrow(c->path, &c->cap, c->depth + 1, sizeof *c->path);
	c->path[c->depth++] = (struct seg){NULL, i};
}

/* The instance path as a reader writes it: channels[1].url; `extra` appends a field. */
static char *path_string(const struct vctx *c, const char *extra) { return msg_path_string(c->path, c->depth, extra); }

/* Record the instance (its JSON pointer, and the path in words) on the message just
 * added at or after index `from` of the queue. */
static void stamp(const struct vctx *c, size_t from, const char *extra)
{
	msg_set_path(c->q, from, c->path, c->depth, extra);
}

/* Emit a message whose first argument is the instance path. The schema's x-hint
 * is used when the catalogue gives the message no hint of its own. */
static void report(struct vctx *c, const struct schema *s, enum msg_id id, struct pos pos, const char *a1,
                   const char *a2, const char *a3)
{
	if (c->q == NULL)
		return;
	char *path = msg_texts_wanted(id) ? path_string(c, NULL) : NULL; /* only the text shows it */
	const char *args[] = {path ? path : "", a1, a2, a3, NULL};
	if (a1 == NULL)
		args[1] = NULL;
	else if (a2 == NULL)
		args[2] = NULL;
	else if (a3 == NULL)
		args[3] = NULL;
	size_t from = c->q->n;
	if (s && s->hint && msg_template_hint(id) == NULL)
		msg_add_hint(c->q, id, pos, s->hint, args);
	else
		msg_add(c->q, id, pos, args);
	stamp(c, from, NULL);
	free(path);
}

static void fmt_num(char *out, size_t n, double v) { snprintf(out, n, "%.15g", v); }

/* "1 item", "3 items": fmt is the translated "%s item(s)" for v. */
static void fmt_count(char *out, size_t n, double v, const char *fmt)
{
	char num[32];
	fmt_num(num, sizeof num, v);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(out, n, fmt, num);
#pragma GCC diagnostic pop
}

/* Report a count (characters, fields, items) beyond its limit; `fmt` (translated) says the
 * limit in words, NULL: the bare number. Formatted only when a message is wanted, never
 * in a tentative branch (no queue). */
static void report_limit(struct vctx *c, const struct schema *s, enum msg_id id, struct pos pos, double limit,
                         const char *fmt, size_t count)
{
	if (c->q == NULL)
		return;
	char want[32], got[32];
	if (fmt)
		fmt_count(want, sizeof want, limit, fmt);
	else
		fmt_num(want, sizeof want, limit);
	snprintf(got, sizeof got, "%zu", count);
	report(c, s, id, pos, want, got, NULL);
}

static int is_integer_value(const struct node *n)
{
	return n->kind == NODE_INT || (n->kind == NODE_FLOAT && isfinite(n->num) && n->num == floor(n->num));
}

static inline int type_matches(unsigned types, const struct node *n)
{
	switch (n->kind) {
	case NODE_NULL:
		return types & JT_NULL;
	case NODE_BOOL:
		return types & JT_BOOL;
	case NODE_INT:
	case NODE_FLOAT:
		return (types & JT_NUMBER) || ((types & JT_INTEGER) && is_integer_value(n));
	case NODE_STR:
		return types & JT_STRING;
	case NODE_MAP:
		return types & JT_OBJECT;
	case NODE_SEQ:
		return types & JT_ARRAY;
	default:
		return 0;
	}
}

static void type_phrase(struct buf *b, unsigned types)
{
	static const struct {
		unsigned bit;
		const char *phrase;
	} names[] = {{JT_STRING, N_("text")},     {JT_INTEGER, N_("a whole number")},
	             {JT_NUMBER, N_("a number")}, {JT_BOOL, N_("true or false")},
	             {JT_ARRAY, N_("a list")},    {JT_OBJECT, N_("a mapping of fields")},
	             {JT_NULL, N_("empty")}};
	int first = 1;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		if (!(types & names[i].bit) || (names[i].bit == JT_INTEGER && (types & JT_NUMBER)))
			continue;
		if (!first)
			buf_adds(b, _(" or "));
		buf_adds(b, _(names[i].phrase));
		first = 0;
	}
}

static void report_type(struct vctx *c, const struct schema *s, const struct node *inst)
{
	if (c->q == NULL)
		return;
	struct buf want = {0};
	type_phrase(&want, s->types);
	if (inst->kind == NODE_NULL) {
		report(c, s, MSG_SCH002_EMPTY, inst->pos, want.p, NULL, NULL);
	} else if (s->types == JT_STRING && inst->kind != NODE_MAP && inst->kind != NODE_SEQ) {
		/* 1.0, yes, 2026 unquoted: YAML read a number or true/false where text was meant */
		report(c, s, MSG_SCH002_QUOTE, inst->pos, node_kind_phrase(inst), inst->str, NULL);
	} else if (inst->kind == NODE_STR && !(s->types & (JT_OBJECT | JT_ARRAY | JT_STRING))) {
		/* Would the text, written without quotes, be what was wanted? */
		double num = 0;
		int boolean = 0;
		enum node_kind k = load_resolve_plain(inst->str, &num, &boolean);
		int integral = k == NODE_INT || (k == NODE_FLOAT && isfinite(num) && num == floor(num));
		if (((k == NODE_INT || k == NODE_FLOAT) &&
		     ((s->types & JT_NUMBER) || ((s->types & JT_INTEGER) && integral))) ||
		    (k == NODE_BOOL && (s->types & JT_BOOL)))
			report(c, s, MSG_SCH002_UNQUOTE, inst->pos, want.p, NULL, NULL);
		else
			report(c, s, MSG_SCH002, inst->pos, want.p, node_kind_phrase(inst), NULL);
	} else {
		report(c, s, MSG_SCH002, inst->pos, want.p, node_kind_phrase(inst), NULL);
	}
	buf_free(&want);
}

static void validate_enum(struct vctx *c, const struct schema *s, const struct node *inst, int *valid)
{
	const struct node *e = s->enum_;
	if (inst->kind == NODE_STR) { /* what node_equal says of a text, without a call per value */
		for (size_t i = 0; i < e->n; i++) {
			const struct node *v = e->kids[i];
			if (v->kind == NODE_STR && v->len == inst->len &&
			    (inst->len == 0 || v->str[0] == inst->str[0]) && !memcmp(v->str, inst->str, inst->len))
				return;
		}
	} else {
		for (size_t i = 0; i < e->n; i++)
			if (node_equal(e->kids[i], inst))
				return;
	}
	*valid = 0;
	if (c->q == NULL)
		return;
	if (!msg_texts_wanted(MSG_SCH003)) { /* counted, not printed: no list, no near miss */
		report(c, s, MSG_SCH003, inst->pos, "", "", NULL);
		return;
	}
	struct buf list = {0};
	const char *near = NULL;
	size_t best = 3;
	for (size_t i = 0; i < e->n; i++) {
		const struct node *v = e->kids[i];
		if (list.len)
			buf_adds(&list, ", ");
		if (v->kind == NODE_STR) {
			buf_adds(&list, v->str);
			if (inst->kind == NODE_STR) {
				size_t d = edit_distance(inst->str, v->str, 2);
				if (d < best && d < v->len) {
					best = d;
					near = v->str;
				}
			}
		} else {
			struct json j;
			json_init(&j, &list, 0);
			json_node(&j, v);
		}
	}
	struct buf value = {0}; /* a value that is not text, as JSON: 5, true, [1, 2] */
	if (inst->kind != NODE_STR) {
		struct json vj;
		json_init(&vj, &value, 0);
		json_node(&vj, inst);
	}
	const char *shown = inst->kind == NODE_STR ? inst->str : value.p;
	/* A Dutch word of the synonyms comes before a near miss: 'di' is 'tue', not 'fri'. */
	const char *syn = NULL;
	for (const char *const *sec = (const char *const[]){"values", "days", NULL};
	     inst->kind == NODE_STR && *sec && !syn; sec++)
		syn = synonym(s, *sec, inst->str);
	for (size_t i = 0; syn && i < e->n; i++)
		if (e->kids[i]->kind == NODE_STR && !strcmp(e->kids[i]->str, syn)) {
			near = syn;
			break;
		}
	if (near) {
		char *path = path_string(c, NULL);
		size_t from = c->q->n;
		msg_emit(c->q, MSG_SCH003_NEAR, inst->pos, path, shown, list.p, near);
		stamp(c, from, NULL);
		free(path);
	} else {
		report(c, s, MSG_SCH003, inst->pos, shown, list.p, NULL);
	}
	buf_free(&list);
	buf_free(&value);
}

static void validate_string(struct vctx *c, const struct schema *s, const struct node *inst, int *valid)
{
	/* A character takes 1 to 4 bytes: the byte length alone settles most limits, and the
	 * characters are counted only when it does not. */
	if ((s->min_len >= 0 && (double)((inst->len + 3) / 4) < s->min_len) ||
	    (s->max_len >= 0 && (double)inst->len > s->max_len)) {
		size_t len = utf8_count(inst->str, inst->len);
		if (s->min_len >= 0 && (double)len < s->min_len) {
			*valid = 0;
			report_limit(c, s, MSG_SCH006_MINLEN, inst->pos, s->min_len, NULL, len);
		}
		if (s->max_len >= 0 && (double)len > s->max_len) {
			*valid = 0;
			report_limit(c, s, MSG_SCH006_MAXLEN, inst->pos, s->max_len, NULL, len);
		}
	}
	if (s->pattern) {
		enum regex_result r = regex_search(s->pattern, inst->str, inst->len, 0, NULL, NULL);
		if (r == REGEX_LIMIT) {
			*valid = 0;
			report(c, s, MSG_SCH012_PATTERN, inst->pos, _("too long or too complex"), NULL, NULL);
		} else if (r == REGEX_NOMATCH) {
			*valid = 0;
			if (c->q && !s->hint) {
				char *path = path_string(c, NULL);
				struct buf h = {0};
				buf_printf(&h, _("It must match the regular expression %s"), s->pattern_src);
				size_t from = c->q->n;
				msg_add_hint(c->q, MSG_SCH005_PATTERN, inst->pos, h.p,
				             (const char *const[]){path, inst->str, NULL});
				stamp(c, from, NULL);
				buf_free(&h);
				free(path);
			} else {
				report(c, s, MSG_SCH005_PATTERN, inst->pos, inst->str, NULL, NULL);
			}
		}
	}
	if (s->format != FMT_NONE && !format_ok(s->format, inst->str, inst->len)) {
		*valid = 0;
		report(c, s, MSG_SCH005_FORMAT, inst->pos, _(formats[s->format].phrase), inst->str, NULL);
	}
}

static void validate_number(struct vctx *c, const struct schema *s, const struct node *inst, int *valid)
{
	double x = inst->num;
	char lim[32], got[32] = ""; /* the number, formatted only for a message */
	struct {
		double bound;
		int fails;
		enum msg_id id;
	} checks[] = {
	        {s->minimum, !isnan(s->minimum) && x < s->minimum, MSG_SCH006_MIN},
	        {s->maximum, !isnan(s->maximum) && x > s->maximum, MSG_SCH006_MAX},
	        {s->xminimum, !isnan(s->xminimum) && x <= s->xminimum, MSG_SCH006_XMIN},
	        {s->xmaximum, !isnan(s->xmaximum) && x >= s->xmaximum, MSG_SCH006_XMAX},
	};
	for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
		if (!checks[i].fails)
			continue;
		*valid = 0;
		if (c->q == NULL)
			continue;
		if (*got == 0)
			fmt_num(got, sizeof got, x);
		fmt_num(lim, sizeof lim, checks[i].bound);
		report(c, s, checks[i].id, inst->pos, lim, got, NULL);
	}
	if (s->multiple > 0) {
		int fails;
		if (s->mult_exact && (isfinite(x) || (inst->str && decimal_text(inst->str)))) {
			fails = !multiple_exact(inst, s->mult_digits, s->mult_exp);
		} else { /* more than 18 significant digits in multipleOf: within 1e-9 */
			double q = x / s->multiple;
			/* x / multiple overflows for large x (1e308 / 0.5): then the remainder decides */
			fails = isfinite(q) ? fabs(q - nearbyint(q)) > 1e-9 * fmax(1.0, fabs(q))
			                    : !isfinite(x) || fmod(x, s->multiple) != 0;
		}
		if (fails && c->q && *got == 0)
			fmt_num(got, sizeof got, x);
		if (fails) {
			*valid = 0;
			fmt_num(lim, sizeof lim, s->multiple);
			/* the number as written: 18.1500000000000001 is not shown as 18.15 */
			const char *shown = inst->str && decimal_text(inst->str) ? inst->str : got;
			report(c, s, MSG_SCH006_MULTIPLE, inst->pos, lim, shown, NULL);
		}
	}
}

static const struct prop *find_prop(const struct schema *s, const char *name, size_t len)
{
	if (s->prop_index.count)
		return hmap_get(&s->prop_index, name, len);
	for (size_t i = 0; i < s->nprops; i++)
		if (s->props[i].len == len && !memcmp(s->props[i].name, name, len))
			return &s->props[i];
	return NULL;
}

/* The declared field nearest to key, for "did you mean": in s and, for
 * unevaluatedProperties (in_place), in the schemas s applies in place. */
static void nearest_field(const struct schema *s, const struct node *key, int in_place, unsigned *budget, size_t *best,
                          const char **near)
{
	if (s == NULL || s->boolean != -1 || *budget == 0) /* the budget bounds cycles and fan-out */
		return;
	(*budget)--;
	for (size_t i = 0; i < s->nprops; i++) {
		size_t d = edit_distance(key->str, s->props[i].name, *best - 1);
		if (d < *best && d > 0) { /* the same name, declared in a branch that failed: no advice */
			*best = d;
			*near = s->props[i].name;
		}
	}
	if (!in_place)
		return;
	nearest_field(s->ref_target, key, 1, budget, best, near);
	nearest_field(s->dynref_target, key, 1, budget, best, near);
	nearest_field(s->then_, key, 1, budget, best, near);
	nearest_field(s->else_, key, 1, budget, best, near);
	struct schema *const *lists[] = {s->all, s->any, s->one};
	size_t counts[] = {s->nall, s->nany, s->none};
	for (int l = 0; l < 3; l++)
		for (size_t i = 0; i < counts[l]; i++)
			nearest_field(lists[l][i], key, 1, budget, best, near);
	for (size_t i = 0; i < s->ndep_schemas; i++)
		nearest_field(s->dep_schemas[i].s, key, 1, budget, best, near);
}

/* Whether s (and, in_place, the schemas it applies in place) declares the field name. */
static int field_declared(const struct schema *s, const char *name, int in_place, unsigned *budget)
{
	if (s == NULL || s->boolean != -1 || *budget == 0)
		return 0;
	(*budget)--;
	if (find_prop(s, name, strlen(name)))
		return 1;
	if (!in_place)
		return 0;
	const struct schema *refs[] = {s->ref_target, s->dynref_target, s->then_, s->else_};
	for (int i = 0; i < 4; i++)
		if (field_declared(refs[i], name, 1, budget))
			return 1;
	struct schema *const *lists[] = {s->all, s->any, s->one};
	size_t counts[] = {s->nall, s->nany, s->none};
	for (int l = 0; l < 3; l++)
		for (size_t i = 0; i < counts[l]; i++)
			if (field_declared(lists[l][i], name, 1, budget))
				return 1;
	return 0;
}

static void report_unknown(struct vctx *c, const struct schema *s, const struct node *key, int in_place)
{
	if (c->q == NULL)
		return;
	size_t from = c->q->n;
	if (!msg_texts_wanted(MSG_SCH004)) { /* counted, not printed: no path, no "did you mean" */
		msg_emit(c->q, MSG_SCH004, key->pos, "");
		stamp(c, from, key->str);
		return;
	}
	const char *near = NULL;
	size_t best = key->len < 5 ? 2 : 3;
	unsigned budget = 64;
	/* A Dutch field name of the synonyms first, when the standard's word is a field here. */
	const char *syn = synonym(s, "fields", key->str);
	if (syn && field_declared(s, syn, in_place, &budget))
		near = syn;
	budget = 64;
	if (near == NULL)
		nearest_field(s, key, in_place, &budget, &best, &near);
	char *path = path_string(c, key->str);
	if (near)
		msg_emit(c->q, MSG_SCH004_NEAR, key->pos, path, near);
	else
		msg_emit(c->q, MSG_SCH004, key->pos, path);
	stamp(c, from, key->str);
	free(path);
}

/* 1 when the schema's required list names the field. */
static int is_required(const struct schema *s, const char *name)
{
	for (size_t i = 0; s->required && i < s->required->n; i++)
		if (!strcmp(s->required->kids[i]->str, name))
			return 1;
	return 0;
}

/* A field of inst that is not declared in s and is meant for the missing field `name`:
 * its Dutch word (the synonyms), or a near miss of it ('sumary') when s declares the
 * fields. NULL when none. */
static const char *meant_for(const struct schema *s, const struct node *inst, const char *name)
{
	const char *near = NULL;
	size_t best = strlen(name) < 5 ? 2 : 3;
	for (size_t i = 0; i < inst->n; i++) {
		const struct node *key = NODE_KEY(inst, i);
		if (find_prop(s, key->str, key->len))
			continue;
		const char *syn = synonym(s, "fields", key->str);
		if (syn && !strcmp(syn, name))
			return key->str;
		if (s->nprops == 0)
			continue; /* a 'required' in a branch (then): the fields are declared elsewhere */
		size_t d = edit_distance(key->str, name, best - 1);
		if (d < best && d > 0) {
			best = d;
			near = key->str;
		}
	}
	return near;
}

static void validate_object(struct vctx *c, const struct schema *s, const struct node *inst, int *valid,
                            struct eval *ev)
{
	if (s->required)
		for (size_t i = 0; i < s->required->n; i++) {
			const char *name = s->required->kids[i]->str;
			if (node_get(inst, name))
				continue;
			*valid = 0;
			if (c->q && !msg_texts_wanted(MSG_SCH001)) { /* counted, not printed */
				size_t from = c->q->n;
				msg_emit(c->q, MSG_SCH001, inst->pos, "");
				stamp(c, from, name);
			} else if (c->q) {
				char *path = path_string(c, name);
				size_t from = c->q->n;
				const char *meant = meant_for(s, inst, name);
				if (meant)
					msg_emit(c->q, MSG_SCH001_NEAR, inst->pos, path, meant, name);
				else
					msg_emit(c->q, MSG_SCH001, inst->pos, path);
				stamp(c, from, name);
				free(path);
			}
		}
	for (size_t i = 0; i < inst->n; i++) {
		const struct node *key = NODE_KEY(inst, i), *val = NODE_VAL(inst, i);
		int matched = 0;
		path_push_key(c, key->str);
		const struct prop *p = s->nprops ? find_prop(s, key->str, key->len) : NULL;
		if (p && val->kind == NODE_NULL && c->q && is_required(s, key->str)) {
			/* An empty required field (an import's placeholder) is missing, at its place. */
			matched = 1;
			struct msgq *q = c->q;
			c->q = NULL;
			int ok = validate(c, p->s, val, NULL);
			c->q = q;
			if (!ok) {
				*valid = 0;
				char *path = path_string(c, NULL);
				msg_emit(c->q, MSG_SCH001_EMPTY, val->pos, path);
				free(path);
			}
		} else if (p) {
			matched = 1;
			*valid &= validate(c, p->s, val, NULL);
			if (p->s->deprecated && c->q) {
				char *path = path_string(c, NULL);
				if (p->s->removed_in)
					msg_emit(c->q, MSG_SCH015_REMOVED, key->pos, path, p->s->removed_in);
				else
					msg_emit(c->q, MSG_SCH015, key->pos, path);
				free(path);
			}
		}
		for (size_t k = 0; k < s->npatprops; k++) {
			enum regex_result r = regex_search(s->patprops[k].re, key->str, key->len, 0, NULL, NULL);
			if (r == REGEX_MATCH) {
				matched = 1;
				*valid &= validate(c, s->patprops[k].s, val, NULL);
			} else if (r == REGEX_LIMIT) {
				*valid = 0;
				report(c, s, MSG_SCH012_PATTERN, key->pos,
				       _("field name too long or pattern too complex"), NULL, NULL);
			}
		}
		if (s->property_names) {
			/* Check the name itself, as a string value at the key's position. */
			*valid &= validate(c, s->property_names, key, NULL);
		}
		c->depth--;
		if (ev && (matched || s->additional))
			eval_mark(ev, i);
		if (!matched && s->additional) {
			if (s->additional->boolean == 0) {
				*valid = 0;
				report_unknown(c, s, key, 0);
			} else {
				path_push_key(c, key->str);
				*valid &= validate(c, s->additional, val, NULL);
				c->depth--;
			}
		}
	}
	if (s->dep_required)
		for (size_t i = 0; i < s->dep_required->n; i++) {
			const char *trigger = NODE_KEY(s->dep_required, i)->str;
			if (!node_get(inst, trigger))
				continue;
			const struct node *list = NODE_VAL(s->dep_required, i);
			for (size_t k = 0; k < list->n; k++)
				if (!node_get(inst, list->kids[k]->str)) {
					*valid = 0;
					if (c->q) {
						char *path = path_string(c, list->kids[k]->str);
						size_t from = c->q->n;
						msg_emit(c->q, MSG_SCH001_DEP, inst->pos, path, trigger);
						stamp(c, from, list->kids[k]->str);
						free(path);
					}
				}
		}
	for (size_t i = 0; i < s->ndep_schemas; i++)
		if (node_get(inst, s->dep_schemas[i].name))
			*valid &= validate(c, s->dep_schemas[i].s, inst, ev);
	if (s->min_props >= 0 && (double)inst->n < s->min_props) {
		*valid = 0;
		report_limit(c, s, MSG_SCH011_MIN, inst->pos, s->min_props,
		             i18n_ngettext("%s field", "%s fields", s->min_props == 1 ? 1 : 2), inst->n);
	}
	if (s->max_props >= 0 && (double)inst->n > s->max_props) {
		*valid = 0;
		report_limit(c, s, MSG_SCH011_MAX, inst->pos, s->max_props,
		             i18n_ngettext("%s field", "%s fields", s->max_props == 1 ? 1 : 2), inst->n);
	}
}

struct hashed {
	unsigned long long h;
	size_t i;
};

static int hashed_cmp(const void *a, const void *b)
{
	const struct hashed *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Whether a short list (at most 8 items, 28 pairs) has two equal items: pairwise, without
 * hashing, sorting and an allocation. */
static int short_list_unique(const struct node *inst)
{
	for (size_t i = 1; i < inst->n; i++)
		for (size_t k = 0; k < i; k++)
			if (node_equal(inst->kids[k], inst->kids[i]))
				return 0;
	return 1;
}

/* uniqueItems in n log n: sort by hash, compare neighbours with equal hashes. A short list
 * is checked pairwise first; only a duplicate takes the sorted way, which picks the pair
 * the message names. */
static void check_unique(struct vctx *c, const struct schema *s, const struct node *inst, int *valid)
{
	if (inst->n <= 8 && short_list_unique(inst))
		return;
	struct hashed *h = xmalloc(inst->n * sizeof *h);
	for (size_t i = 0; i < inst->n; i++)
		h[i] = (struct hashed){node_hash(inst->kids[i]), i};
	qsort(h, inst->n, sizeof *h, hashed_cmp);
	for (size_t i = 0; i < inst->n; i++)
		for (size_t k = i + 1; k < inst->n && h[k].h == h[i].h; k++)
			if (node_equal(inst->kids[h[i].i], inst->kids[h[k].i])) {
				*valid = 0;
				char a[32], b[32];
				snprintf(a, sizeof a, "[%zu]", h[i].i);
				snprintf(b, sizeof b, "[%zu]", h[k].i);
				report(c, s, MSG_SCH007_UNIQUE, inst->kids[h[k].i]->pos, a, b, NULL);
				goto out;
			}
out:
	free(h);
}

static void validate_array(struct vctx *c, const struct schema *s, const struct node *inst, int *valid, struct eval *ev)
{
	for (size_t i = 0; i < inst->n; i++) {
		const struct schema *item = i < s->nprefix ? s->prefix[i] : s->items;
		if (!item)
			continue;
		if (ev)
			eval_mark(ev, i);
		path_push_index(c, i);
		*valid &= validate(c, item, inst->kids[i], NULL);
		c->depth--;
	}
	if (s->min_items >= 0 && (double)inst->n < s->min_items) {
		*valid = 0;
		report_limit(c, s, MSG_SCH007_MIN, inst->pos, s->min_items,
		             i18n_ngettext("%s item", "%s items", s->min_items == 1 ? 1 : 2), inst->n);
	}
	if (s->max_items >= 0 && (double)inst->n > s->max_items) {
		*valid = 0;
		report_limit(c, s, MSG_SCH007_MAX, inst->pos, s->max_items,
		             i18n_ngettext("%s item", "%s items", s->max_items == 1 ? 1 : 2), inst->n);
	}
	if (s->contains) {
		struct msgq *saved = c->q;
		c->q = NULL;
		size_t matches = 0;
		for (size_t i = 0; i < inst->n; i++)
			if (validate(c, s->contains, inst->kids[i], NULL)) {
				matches++;
				if (ev)
					eval_mark(ev, i);
			}
		c->q = saved;
		double lo = s->min_contains >= 0 ? s->min_contains : 1;
		double hi = s->max_contains;
		int outside = (double)matches < lo || (hi >= 0 && (double)matches > hi);
		if (c->aborted || outside)
			*valid = 0;
		if (outside && !c->aborted && c->q) { /* formatted only for a message */
			char l[32], h[32], m[32];
			fmt_num(l, sizeof l, lo);
			if (hi >= 0)
				fmt_num(h, sizeof h, hi);
			else
				snprintf(h, sizeof h, "%s", _("any number of"));
			snprintf(m, sizeof m, "%zu", matches);
			report(c, s, MSG_SCH007_CONTAINS, inst->pos, l, h, m);
		}
	}
	if (s->unique && inst->n > 1)
		check_unique(c, s, inst, valid);
}

/* How far a failed branch is from fitting: problems at the value itself (a missing
 * or unknown field of it, a wrong type) weigh more than problems inside it. */
static size_t branch_cost(const struct msgq *q, unsigned depth, size_t *shallow, size_t *unmissing)
{
	size_t cost = 0;
	*shallow = *unmissing = 0;
	for (size_t i = 0; i < q->n; i++) {
		int here = q->d[i].aux == depth + 1;
		enum msg_code code = q->d[i].code;
		/* A wrong type, a missing or an unknown field of the value itself: the branch does
		 * not fit the value's shape. A range or a form of a fitting value is a near miss. */
		int misfit = here && (code == CODE_SCH002 || code == CODE_SCH001 || code == CODE_SCH004);
		*shallow += (size_t)misfit;
		*unmissing += (size_t)(misfit && code != CODE_SCH001);
		cost += misfit ? (code == CODE_SCH002 ? 1000 : 100) : here ? 10 : 1;
	}
	return cost;
}

/* anyOf and oneOf: count matching branches. On failure, report the closest branch's
 * problems when it fits the value's shape, or when it misses fewer fields of the value
 * itself than every other branch; otherwise (a tie: the value fits no form better than
 * another) say so once, with the schema's hint, instead of guessing. */
static size_t validate_branches(struct vctx *c, const struct schema *s, struct schema *const *list, size_t n,
                                const struct node *inst, int stop_at_first, struct eval *ev)
{
	size_t ok = 0, best_cost = (size_t)-1, best_shallow = 0, best_unmissing = 0, other_shallow = (size_t)-1;
	struct msgq best = {0};
	struct msgq *saved = c->q;
	/* The fields the failed branches evaluated: when every branch fails (the value is
	 * invalid anyway), unevaluatedProperties should not call them unknown as well. */
	struct eval failed;
	if (ev && saved)
		eval_init(&failed, ev->n);
	for (size_t i = 0; i < n; i++) {
		struct msgq tmp = {0};
		struct eval branch;
		c->q = saved ? &tmp : NULL;
		if (ev)
			eval_init(&branch, ev->n);
		int v = validate(c, list[i], inst, ev ? &branch : NULL);
		if (ev) {
			if (v) /* only a branch that holds evaluates anything */
				eval_merge(ev, &branch);
			else if (saved)
				eval_merge(&failed, &branch);
			eval_free(&branch);
		}
		if (v) {
			ok++;
		} else if (saved) {
			size_t shallow, unmissing, cost = branch_cost(&tmp, (unsigned)c->depth, &shallow, &unmissing);
			if (cost < best_cost) {
				if (best_cost != (size_t)-1 && best_shallow < other_shallow)
					other_shallow = best_shallow;
				best_cost = cost;
				best_shallow = shallow;
				best_unmissing = unmissing;
				msg_free(&best);
				best = tmp;
				tmp = (struct msgq){0};
			} else if (shallow < other_shallow) {
				other_shallow = shallow;
			}
		}
		msg_free(&tmp);
		if (v && stop_at_first)
			break;
	}
	c->q = saved;
	if (ev && saved) {
		if (ok == 0)
			eval_merge(ev, &failed);
		eval_free(&failed);
	}
	if (ok == 0 && saved && !c->aborted) { /* after the depth limit, branches prove nothing */
		/* A branch that only lacks fields, fewer than every other branch misses, of a
		 * mapping that has some fields, is the one meant: name what it lacks
		 * ('payment_methods' is missing) rather than the forms. */
		int meant =
		        best_unmissing == 0 && best_shallow < other_shallow && inst->kind == NODE_MAP && inst->n > 0;
		if (best_shallow && !meant)
			report(c, s, MSG_SCH010_NONE, inst->pos, NULL, NULL, NULL);
		else
			msg_merge(saved, &best);
	}
	msg_free(&best);
	return ok;
}

/* unevaluatedProperties and unevaluatedItems: the fields or items no other keyword of
 * this schema (in place: through $ref, allOf, valid branches of anyOf and oneOf, if,
 * then, else, dependentSchemas) evaluated. */
static void validate_unevaluated(struct vctx *c, const struct schema *s, const struct node *inst, int *valid,
                                 struct eval *ev)
{
	if (inst->kind == NODE_MAP && s->uneval_props) {
		for (size_t i = 0; i < inst->n; i++) {
			if (eval_has(ev, i))
				continue;
			const struct node *key = NODE_KEY(inst, i);
			eval_mark(ev, i);
			if (s->uneval_props->boolean == 0) {
				*valid = 0;
				report_unknown(c, s, key, 1);
			} else {
				path_push_key(c, key->str);
				*valid &= validate(c, s->uneval_props, NODE_VAL(inst, i), NULL);
				c->depth--;
			}
		}
	} else if (inst->kind == NODE_SEQ && s->uneval_items) {
		for (size_t i = 0; i < inst->n; i++) {
			if (eval_has(ev, i))
				continue;
			eval_mark(ev, i);
			path_push_index(c, i);
			*valid &= validate(c, s->uneval_items, inst->kids[i], NULL);
			c->depth--;
		}
	}
}

/* $dynamicRef: the outermost resource of the dynamic scope with the anchor wins. */
static const struct schema *dynamic_target(const struct vctx *c, const struct schema *s)
{
	if (s->dyn_name == NULL)
		return s->dynref_target;
	for (size_t i = 0; i < c->nscope; i++) {
		const struct resource *r = c->scope[i];
		for (size_t k = 0; k < r->ndyn; k++)
			if (!strcmp(r->dyn[k].name, s->dyn_name))
				return r->dyn[k].s;
	}
	return s->dynref_target;
}

/* What few schemas need, kept off the hot path: the dynamic scope (sets with a
 * $dynamicRef), $dynamicRef itself, and the annotations of unevaluated*. The keywords
 * themselves are evaluated by validate, called again with c->special set to s. */
static __attribute__((noinline)) int validate_special(struct vctx *c, const struct schema *s, const struct node *inst,
                                                      struct eval *ev)
{
	int pushed = 0;
	if (s->track_scope && (c->nscope == 0 || c->scope[c->nscope - 1] != s->res)) {
		c->scope = xgrow(c->scope, &c->scope_cap, c->nscope + 1, sizeof *c->scope);
		c->scope[c->nscope++] = s->res;
		pushed = 1;
	}
	/* A schema with unevaluated* sees only what its own keywords evaluated. */
	int local = s->collect && (inst->kind == NODE_MAP || inst->kind == NODE_SEQ);
	struct eval own, *use = ev;
	if (local) {
		eval_init(&own, inst->n);
		use = &own;
	}
	size_t first_msg = c->q ? c->q->n : 0;
	int valid = 1;
	if (s->dynref_target)
		valid &= validate(c, dynamic_target(c, s), inst, use);
	/* the keywords, through validate at the same depth (counted once) */
	c->eval_depth--;
	c->special = s;
	valid &= validate(c, s, inst, use);
	c->special = NULL; /* validate clears it, unless it stopped before (the depth limit) */
	c->eval_depth++;
	if (local) {
		if (!c->aborted && (!s->types || type_matches(s->types, inst))) {
			validate_unevaluated(c, s, inst, &valid, &own);
			for (size_t i = first_msg; c->q && i < c->q->n; i++)
				if (c->q->d[i].aux == 0)
					c->q->d[i].aux = (unsigned)c->depth + 1;
		}
		if (ev && valid)
			eval_merge(ev, &own);
		eval_free(&own);
	}
	if (pushed)
		c->nscope--;
	return valid;
}

/* Curly quotes around a value (“2026-10-01”) are part of it in YAML: the messages about
 * such a value, from index `from` on, get a hint that says so. */
static void add_curly_hints(struct vctx *c, const struct node *inst, size_t from)
{
	static const char *const quotes[] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99",
	                                     "\xe2\x80\x9e"};
	int curly = 0;
	for (size_t i = 0; i < sizeof quotes / sizeof *quotes; i++)
		curly |= !memcmp(inst->str, quotes[i], 3) || !memcmp(inst->str + inst->len - 3, quotes[i], 3);
	for (size_t i = from; curly && i < c->q->n; i++) {
		free(c->q->d[i].hint);
		c->q->d[i].hint = xstrdup(msg_word(WORD_HINT_CURLY));
	}
}

/* The test inline: the validator asks after every value, and messages are rare. */
static inline void curly_hints(struct vctx *c, const struct node *inst, size_t from)
{
	if (c->q && inst->kind == NODE_STR && inst->len >= 3 && c->q->n > from)
		add_curly_hints(c, inst, from);
}

static int validate(struct vctx *c, const struct schema *s, const struct node *inst, struct eval *ev)
{
	if (s->boolean == 1)
		return 1;
	if (s->boolean == 0) {
		report(c, s, MSG_SCH010_FALSE, inst->pos, NULL, NULL, NULL);
		return 0;
	}
	if (c->eval_depth >= c->limit) {
		if (!c->aborted) {
			c->aborted = 1;
			c->limit = 0; /* every check from here on stops at once */
			c->abort_path = path_string(c, NULL);
			c->abort_s = s;
			c->abort_pos = inst->pos;
		}
		return 0;
	}
	if (s->special) {
		if (c->special != s) {
			c->eval_depth++;
			int v = validate_special(c, s, inst, ev);
			c->eval_depth--;
			return v;
		}
		c->special = NULL;
	}
	c->eval_depth++;
	size_t first_msg = c->q ? c->q->n : 0;
	int valid = 1;
	if (s->ref_target)
		valid &= validate(c, s->ref_target, inst, ev);
	if (s->types && !type_matches(s->types, inst)) {
		report_type(c, s, inst);
		curly_hints(c, inst, first_msg);
		for (size_t i = first_msg; c->q && i < c->q->n; i++)
			if (c->q->d[i].aux == 0)
				c->q->d[i].aux = (unsigned)c->depth + 1;
		c->eval_depth--;
		return 0; /* the other keywords of this schema would only repeat the problem */
	}
	if (s->enum_)
		validate_enum(c, s, inst, &valid);
	if (s->const_ && !node_equal(s->const_, inst)) {
		valid = 0;
		if (c->q) {
			struct buf want = {0};
			struct json j;
			json_init(&j, &want, 0);
			json_node(&j, s->const_);
			report(c, s, MSG_SCH008, inst->pos, want.p, NULL, NULL);
			buf_free(&want);
		}
	}
	switch (inst->kind) {
	case NODE_STR:
		validate_string(c, s, inst, &valid);
		break;
	case NODE_INT:
	case NODE_FLOAT:
		validate_number(c, s, inst, &valid);
		break;
	case NODE_MAP:
		validate_object(c, s, inst, &valid, ev);
		break;
	case NODE_SEQ:
		validate_array(c, s, inst, &valid, ev);
		break;
	default:
		break;
	}
	for (size_t i = 0; i < s->nall; i++)
		valid &= validate(c, s->all[i], inst, ev);
	if (s->nany && validate_branches(c, s, s->any, s->nany, inst, c->q == NULL && ev == NULL, ev) == 0)
		valid = 0;
	if (s->none) {
		size_t matches = validate_branches(c, s, s->one, s->none, inst, 0, ev);
		if (matches > 1) {
			valid = 0;
			report(c, s, MSG_SCH010_MANY, inst->pos, NULL, NULL, NULL);
		} else if (matches == 0) {
			valid = 0;
		}
	}
	if (s->not_) {
		struct msgq *saved = c->q;
		c->q = NULL;
		int v = validate(c, s->not_, inst, NULL); /* 'not' passes no annotations on */
		c->q = saved;
		if (v || c->aborted)
			valid = 0;
		if (v && !c->aborted)
			report(c, s, MSG_SCH010_NOT, inst->pos, NULL, NULL, NULL);
	}
	if (s->if_) {
		struct msgq *saved = c->q;
		struct eval cond_ev;
		c->q = NULL;
		if (ev)
			eval_init(&cond_ev, ev->n);
		int cond = validate(c, s->if_, inst, ev ? &cond_ev : NULL);
		c->q = saved;
		if (ev) {
			if (cond)
				eval_merge(ev, &cond_ev);
			eval_free(&cond_ev);
		}
		if (cond && s->then_)
			valid &= validate(c, s->then_, inst, ev);
		else if (!cond && s->else_)
			valid &= validate(c, s->else_, inst, ev);
	}
	curly_hints(c, inst, first_msg);
	/* Messages about this value itself carry its depth, for branch_cost. */
	for (size_t i = first_msg; c->q && i < c->q->n; i++)
		if (c->q->d[i].aux == 0)
			c->q->d[i].aux = (unsigned)c->depth + 1;
	c->eval_depth--;
	return valid;
}

int schema_validate(const struct schema *s, const struct node *inst, struct msgq *q)
{
	struct vctx c = {0};
	c.q = q;
	c.limit = MAX_EVAL_DEPTH;
	int valid = validate(&c, s, inst, NULL);
	if (c.aborted)
		valid = 0;
	if (c.aborted && q) {
		char lim[16];
		snprintf(lim, sizeof lim, "%d", MAX_EVAL_DEPTH);
		const char *args[] = {c.abort_path, lim, NULL};
		size_t from = q->n;
		if (c.abort_s->hint)
			msg_add_hint(q, MSG_SCH012_DEPTH, c.abort_pos, c.abort_s->hint, args);
		else
			msg_add(q, MSG_SCH012_DEPTH, c.abort_pos, args);
		msg_set_path(q, from, NULL, 0, NULL); /* the whole file counts as unchecked */
	}
	free(c.abort_path);
	free(c.path);
	free(c.scope);
	return valid;
}
