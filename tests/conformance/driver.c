/* driver.c: runs the official JSON-Schema-Test-Suite (draft 2020-12) through loket's own
 * loader and validator, and prints pass/fail per keyword file and in total.
 *
 *   driver [-v] [-k FILE] [--known FILE] [--metaschemas DIR] SUITE_DIR
 *
 * SUITE_DIR is the suite's top folder (with tests/ and remotes/). Nothing is fetched:
 * every file of remotes/ that belongs to draft 2020-12 (remotes/draft2020-12/ and the
 * shared files outside the per-draft folders) is added to each test's schema set under
 * its retrieval URI http://localhost:1234/<path>. --metaschemas DIR adds the draft 2020-12
 * meta-schemas (tests/conformance/metaschemas/: schema.json, meta/core.json ...) under
 * https://json-schema.org/draft/2020-12/<path without .json>, for the tests that $ref them.
 *
 * Sections: the required tests (the .json files of tests/draft2020-12/, format as an annotation), the
 * optional/format tests of the formats loket asserts (format asserted), and for
 * information the other optional tests. A schema that loket refuses counts as failing
 * all its tests and is listed; so is a test whose JSON loket's loader refuses.
 *
 * --known FILE: the expected failures, one "file<TAB>case<TAB>test" per line ('#'
 * comments). The exit status is 1 when a test fails that is not listed, or when the
 * loader or a check of the validator's own consistency fails; listed tests that pass
 * are shown so the list can shrink. -v prints every failing test. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load.h"
#include "msg.h"
#include "schema.h"
#include "util.h"

#define REMOTE_BASE "http://localhost:1234/"
/* The retrieval URI of each test's schema: the suite gives none, any absolute URI will do. */
#define TEST_URI "https://loket.test/conformance/schema.json"

/* The suite's strings may hold escaped control characters, which loket refuses in
 * agency files (README, "Limits"); conformance reads them as JSON does. */
static const struct load_limits suite_limits = {64u * 1024 * 1024, 1000, 1, 1, LOAD_PARSER_ANY};

static int verbose;
static const char *only_file;

/* ------------------------------------------------------------ small helpers */

static char *path_join(const char *a, const char *b)
{
	struct buf p = {0};
	buf_printf(&p, "%s/%s", a, b);
	return buf_take(&p);
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The *.json files under dir (relative to dir), recursively, sorted. `skip_top`
 * names top-level folders to leave out (NULL-terminated). */
static void list_json(const char *dir, const char *rel, const char *const *skip_top, struct path_list *out)
{
	char *full = rel ? path_join(dir, rel) : xstrdup(dir);
	DIR *d = opendir(full);
	if (d == NULL) {
		free(full);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *r = rel ? path_join(rel, e->d_name) : xstrdup(e->d_name);
		char *f = path_join(dir, r);
		int skip = 0;
		for (const char *const *s = skip_top; rel == NULL && s && *s; s++)
			skip |= !strcmp(*s, e->d_name);
		if (!skip && is_dir(f))
			list_json(dir, r, NULL, out);
		else if (!skip && str_ends_with(r, ".json"))
			path_list_add(out, r);
		free(f);
		free(r);
	}
	closedir(d);
	free(full);
	if (rel == NULL)
		qsort(out->v, out->n, sizeof *out->v, cmp_str);
}

static int hexval(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

/* JSON writes a character beyond U+FFFF as a pair of \u escapes (surrogates), which
 * libyaml 0.2.5 refuses ("found invalid Unicode character escape code"). YAML's own
 * escape for it is \UXXXXXXXX: rewrite the pairs, nothing else. Every JSON string is
 * double-quoted, so escapes only occur inside strings. */
static char *rewrite_surrogates(const char *s, size_t n, size_t *outlen, size_t *count)
{
	struct buf b = {0};
	*count = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned hi, lo;
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\\') {
			buf_add(&b, s + i, 2);
			i++;
		} else if (s[i] == '\\' && i + 12 <= n && s[i + 1] == 'u' && hexval(s + i + 2, &hi) && hi >= 0xd800 &&
		           hi < 0xdc00 && s[i + 6] == '\\' && s[i + 7] == 'u' && hexval(s + i + 8, &lo) &&
		           lo >= 0xdc00 && lo < 0xe000) {
			buf_printf(&b, "\\U%08X", 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00));
			(*count)++;
			i += 11;
		} else {
			buf_addc(&b, s[i]);
		}
	}
	*outlen = b.len;
	return buf_take(&b);
}

/* ------------------------------------------------------------ JSON spans
 * Used only when loket's loader refuses a whole file (it refuses NUL and some control
 * characters by design): the file is then split into its cases and tests, each loaded
 * on its own, so one refused string fails one test and not the file. */

struct span {
	const char *p;
	size_t n;
};

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *skip_value(const char *p, const char *end)
{
	p = skip_ws(p, end);
	if (p >= end)
		return end;
	if (*p == '"') {
		for (p++; p < end && *p != '"'; p++)
			if (*p == '\\')
				p++;
		return p < end ? p + 1 : end;
	}
	if (*p == '{' || *p == '[') {
		int depth = 0;
		for (; p < end; p++) {
			if (*p == '"') {
				p = skip_value(p, end) - 1;
			} else if (*p == '{' || *p == '[') {
				depth++;
			} else if (*p == '}' || *p == ']') {
				if (--depth == 0)
					return p + 1;
			}
		}
		return end;
	}
	while (p < end && !strchr(",]} \t\r\n", *p))
		p++;
	return p;
}

/* The elements of an array span. */
static size_t array_items(struct span a, struct span *out, size_t max)
{
	const char *p = skip_ws(a.p, a.p + a.n), *end = a.p + a.n;
	size_t k = 0;
	if (p >= end || *p != '[')
		return 0;
	p++;
	for (;;) {
		p = skip_ws(p, end);
		if (p >= end || *p == ']')
			break;
		const char *e = skip_value(p, end);
		if (k < max)
			out[k] = (struct span){p, (size_t)(e - p)};
		k++;
		p = skip_ws(e, end);
		if (p < end && *p == ',')
			p++;
	}
	return k;
}

/* The value of a member of an object span, by its (escape-free) name. */
static int object_member(struct span o, const char *name, struct span *out)
{
	const char *p = skip_ws(o.p, o.p + o.n), *end = o.p + o.n;
	if (p >= end || *p != '{')
		return 0;
	p++;
	size_t ln = strlen(name);
	for (;;) {
		p = skip_ws(p, end);
		if (p >= end || *p != '"')
			return 0;
		const char *k = p + 1, *ke = skip_value(p, end) - 1;
		p = skip_ws(ke + 1, end);
		if (p >= end || *p != ':')
			return 0;
		p = skip_ws(p + 1, end);
		const char *ve = skip_value(p, end);
		if ((size_t)(ke - k) == ln && !memcmp(k, name, ln)) {
			*out = (struct span){p, (size_t)(ve - p)};
			return 1;
		}
		p = skip_ws(ve, end);
		if (p < end && *p == ',')
			p++;
	}
}

/* ------------------------------------------------------------ documents */

/* Every document loaded stays alive until the end: the validator's nodes point into them. */
static struct doc **docs;
static size_t ndocs, docs_cap;

static struct doc *load_text(const char *name, const char *text, size_t len, struct msgq *q)
{
	struct doc *d = xcalloc(1, sizeof *d);
	size_t n2, count;
	char *fixed = rewrite_surrogates(text, len, &n2, &count);
	enum load_result r = load_yaml_mem(d, name, fixed, n2, &suite_limits, q);
	free(fixed);
	docs = xgrow(docs, &docs_cap, ndocs + 1, sizeof *docs);
	docs[ndocs++] = d;
	return r == LOAD_OK ? d : NULL;
}

/* A document for a schema set that borrows a tree owned elsewhere: the set frees only
 * its name. */
static struct doc *borrow(const char *name, const struct node *root)
{
	struct doc *d = xcalloc(1, sizeof *d);
	d->path = xstrdup(name);
	d->root = (struct node *)root;
	return d;
}

static char *first_message(const struct msgq *q)
{
	struct buf b = {0};
	if (q->n == 0)
		buf_adds(&b, "(no message)");
	else
		buf_printf(&b, "%s:%u:%u: %s", q->d[0].pos.file, q->d[0].pos.line, q->d[0].pos.col, q->d[0].text);
	if (q->n > 1)
		buf_printf(&b, " (and %zu more)", q->n - 1);
	return buf_take(&b);
}

/* ------------------------------------------------------------ remotes */

struct remote {
	char *name, *uri;
	const struct node *root;
	int ok[2]; /* compiles in a set with format assertion off [0] / on [1] */
};
static struct remote *remotes;
static size_t nremotes;

/* Load the *.json files under dir as remotes: retrieval URI prefix + relative path
 * (without ".json" when strip_ext), name shown in messages label/relative path. */
static void load_remotes(const char *dir, const char *label, const char *prefix, int strip_ext,
                         const char *const *skip_top)
{
	struct path_list files = {0};
	list_json(dir, NULL, skip_top, &files);
	remotes = xrealloc(remotes, (nremotes + files.n + 1) * sizeof *remotes);
	for (size_t i = 0; i < files.n; i++) {
		char *path = path_join(dir, files.v[i]);
		char *text;
		size_t len;
		struct msgq q = {0};
		if (read_file(path, suite_limits.max_bytes, &text, &len) != 0) {
			fprintf(stderr, "driver: cannot read %s\n", path);
			exit(3);
		}
		struct buf name = {0};
		buf_printf(&name, "%s/%s", label, files.v[i]);
		struct doc *d = load_text(name.p, text, len, &q);
		if (d == NULL) {
			char *m = first_message(&q);
			printf("remote %s: refused by the loader: %s\n", name.p, m);
			free(m);
			buf_free(&name);
		} else {
			struct remote *r = &remotes[nremotes++];
			memset(r, 0, sizeof *r);
			r->name = buf_take(&name);
			size_t n = strlen(files.v[i]) - (strip_ext ? 5 : 0);
			buf_printf(&name, "%s%.*s", prefix, (int)n, files.v[i]);
			r->uri = buf_take(&name);
			r->root = d->root;
		}
		msg_free(&q);
		free(text);
		free(path);
	}
	path_list_free(&files);
}

static struct schema_set *new_set(int format_assert)
{
	struct schema_set *set = schema_set_new();
	schema_set_format_assert(set, format_assert);
	schema_set_allow_unknown(set, 1);
	return set;
}

static void add_remotes(struct schema_set *set, int format_assert)
{
	for (size_t i = 0; i < nremotes; i++)
		if (remotes[i].ok[format_assert])
			schema_set_add(set, borrow(remotes[i].name, remotes[i].root), remotes[i].uri);
}

/* Find the remotes that compile together: drop those with problems until none are left. */
static void check_remotes(int format_assert)
{
	for (size_t i = 0; i < nremotes; i++)
		remotes[i].ok[format_assert] = 1;
	for (int round = 0; round < 100; round++) {
		struct schema_set *set = new_set(format_assert);
		add_remotes(set, format_assert);
		struct msgq q = {0};
		int rc = schema_set_compile(set, &q);
		int dropped = 0;
		for (size_t k = 0; k < q.n; k++)
			for (size_t i = 0; i < nremotes; i++)
				if (remotes[i].ok[format_assert] && !strcmp(q.d[k].pos.file, remotes[i].name)) {
					remotes[i].ok[format_assert] = 0;
					printf("remote %s (format %s): refused: %s:%u:%u: %s\n", remotes[i].name,
					       format_assert ? "asserted" : "annotation", q.d[k].pos.file,
					       q.d[k].pos.line, q.d[k].pos.col, q.d[k].text);
					dropped = 1;
				}
		msg_free(&q);
		schema_set_free(set);
		if (rc == 0 || !dropped)
			return;
	}
}

/* ------------------------------------------------------------ known failures */

static int known_given;
static struct hmap known;
static char **known_keys;
static size_t nknown, known_cap;
static unsigned char *known_seen;

static char *test_key(const char *file, const char *kase, const char *test)
{
	struct buf b = {0};
	buf_printf(&b, "%s\t%s\t%s", file, kase, test);
	return buf_take(&b);
}

static void load_known(const char *path)
{
	char *text;
	size_t len;
	if (read_file(path, 1 << 22, &text, &len) != 0) {
		fprintf(stderr, "driver: cannot read %s\n", path);
		exit(3);
	}
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		known_keys = xgrow(known_keys, &known_cap, nknown + 1, sizeof *known_keys);
		known_keys[nknown] = xstrdup(line);
		hmap_put(&known, known_keys[nknown], strlen(known_keys[nknown]), (void *)(nknown + 1));
		nknown++;
	}
	known_seen = xcalloc(nknown ? nknown : 1, 1);
	known_given = 1;
	free(text);
}

/* ------------------------------------------------------------ running */

struct tally {
	size_t pass, fail;
};

enum section { SEC_REQUIRED, SEC_FORMAT, SEC_OPTIONAL, SEC__MAX };
static const char *const section_title[SEC__MAX] = {
        "required: tests/draft2020-12/*.json (format as an annotation)",
        "optional/format: the formats loket asserts (format asserted)",
        "optional (other than format; for information, not a target)",
};

struct file_result {
	char *name;
	struct tally t;
};
static struct file_result *results[SEC__MAX];
static size_t nresults[SEC__MAX], results_cap[SEC__MAX];
static size_t unexpected, inconsistent, stale;
static struct path_list refusals;

static void record(struct file_result *fr, const char *file, const char *kase, const char *test, int ok,
                   const char *why)
{
	if (ok)
		fr->t.pass++;
	else
		fr->t.fail++;
	char *key = test_key(file, kase, test);
	void *k = hmap_get(&known, key, strlen(key));
	if (k)
		known_seen[(size_t)k - 1] = ok ? 2 : 1;
	if (!ok && known_given && !k) {
		unexpected++;
		printf("UNEXPECTED FAILURE %s\t(%s)\n", key, why);
	} else if (!ok && verbose) {
		printf("FAIL %s\t(%s)\n", key, why);
	}
	free(key);
}

struct test_in {
	char *desc;
	const struct node *data; /* NULL: the loader refused the test */
	int valid;
	char *load_err;
};

static const char *str_or(const struct node *n, const char *dflt) { return n && n->kind == NODE_STR ? n->str : dflt; }

static void run_case(struct file_result *fr, const char *file, const char *kase, const struct node *schema,
                     struct test_in *tests, size_t ntests, int format_assert)
{
	struct schema_set *set = new_set(format_assert);
	add_remotes(set, format_assert);
	struct msgq cq = {0};
	int rc = -1;
	const struct schema *s = NULL;
	if (schema) {
		schema_set_add(set, borrow(file, schema), TEST_URI);
		rc = schema_set_compile(set, &cq);
		s = rc == 0 ? schema_set_get(set, TEST_URI) : NULL;
	}
	char *why = NULL;
	if (schema == NULL) {
		why = xstrdup("the loader refused the schema");
	} else if (s == NULL) {
		char *m = first_message(&cq);
		struct buf b = {0};
		buf_printf(&b, "schema refused: %s", m);
		free(m);
		why = buf_take(&b);
		struct buf line = {0};
		buf_printf(&line, "%s\t%s\t%s", file, kase, why);
		path_list_add(&refusals, line.p);
		buf_free(&line);
	}
	for (size_t i = 0; i < ntests; i++) {
		struct test_in *t = &tests[i];
		if (why || t->data == NULL) {
			record(fr, file, kase, t->desc, 0, why ? why : t->load_err);
			continue;
		}
		struct msgq q = {0};
		int v = schema_validate(s, t->data, NULL);
		int v2 = schema_validate(s, t->data, &q);
		if ((v != 0) != (v2 != 0) || (v2 != 0) != (q.n == 0)) {
			inconsistent++;
			printf("INCONSISTENT %s\t%s\t%s: valid=%d, with messages valid=%d and %zu messages\n", file,
			       kase, t->desc, v, v2, q.n);
		}
		msg_free(&q);
		char buf[64];
		snprintf(buf, sizeof buf, "expected %s, got %s", t->valid ? "valid" : "invalid",
		         v ? "valid" : "invalid");
		record(fr, file, kase, t->desc, (v != 0) == t->valid, buf);
	}
	free(why);
	msg_free(&cq);
	schema_set_free(set);
}

static void test_from_node(struct test_in *t, const struct node *n)
{
	t->desc = xstrdup(str_or(node_get(n, "description"), "?"));
	const struct node *valid = node_get(n, "valid");
	t->valid = valid && valid->kind == NODE_BOOL && valid->boolean;
	t->data = node_get(n, "data");
	if (t->data == NULL) {
		/* "data": null is a null node, never absent */
		t->load_err = xstrdup("test without data");
	}
}

static void free_tests(struct test_in *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].desc);
		free(t[i].load_err);
	}
	free(t);
}

static void run_loaded_case(struct file_result *fr, const char *file, const struct node *c, int format_assert)
{
	const char *kase = str_or(node_get(c, "description"), "?");
	const struct node *tests = node_get(c, "tests");
	size_t n = tests && tests->kind == NODE_SEQ ? tests->n : 0;
	struct test_in *t = xcalloc(n ? n : 1, sizeof *t);
	for (size_t i = 0; i < n; i++)
		test_from_node(&t[i], tests->kids[i]);
	run_case(fr, file, kase, node_get(c, "schema"), t, n, format_assert);
	free_tests(t, n);
}

/* The description of a span: only used for cases whose text the loader refused. */
static char *span_desc(struct span o)
{
	struct span d;
	struct msgq q = {0};
	char *out = NULL;
	if (object_member(o, "description", &d)) {
		struct doc *doc = load_text("description", d.p, d.n, &q);
		if (doc && doc->root->kind == NODE_STR)
			out = xstrdup(doc->root->str);
	}
	msg_free(&q);
	return out ? out : xstrdup("?");
}

/* The loader refused the whole file: split it and load its cases and tests one by one. */
static void run_split(struct file_result *fr, const char *file, const char *text, size_t len, int format_assert)
{
	enum { MAX = 4096 };
	struct span *cases = xcalloc(MAX, sizeof *cases);
	size_t ncases = array_items((struct span){text, len}, cases, MAX);
	for (size_t ci = 0; ci < ncases && ci < MAX; ci++) {
		struct msgq q = {0};
		struct doc *d = load_text(file, cases[ci].p, cases[ci].n, &q);
		msg_free(&q);
		if (d) {
			run_loaded_case(fr, file, d->root, format_assert);
			continue;
		}
		char *kase = span_desc(cases[ci]);
		struct span sch, tl;
		const struct node *schema = NULL;
		if (object_member(cases[ci], "schema", &sch)) {
			struct doc *sd = load_text(file, sch.p, sch.n, &q);
			schema = sd ? sd->root : NULL;
			msg_free(&q);
		}
		struct span *ts = xcalloc(MAX, sizeof *ts);
		size_t nt = object_member(cases[ci], "tests", &tl) ? array_items(tl, ts, MAX) : 0;
		if (nt > MAX)
			nt = MAX;
		struct test_in *t = xcalloc(nt ? nt : 1, sizeof *t);
		for (size_t i = 0; i < nt; i++) {
			struct doc *td = load_text(file, ts[i].p, ts[i].n, &q);
			if (td) {
				test_from_node(&t[i], td->root);
			} else {
				t[i].desc = span_desc(ts[i]);
				char *m = first_message(&q);
				struct buf b = {0};
				buf_printf(&b, "the loader refused the test: %s", m);
				free(m);
				t[i].load_err = buf_take(&b);
			}
			msg_free(&q);
		}
		run_case(fr, file, kase, schema, t, nt, format_assert);
		free_tests(t, nt);
		free(ts);
		free(kase);
	}
	free(cases);
}

static void run_file(const char *suite, const char *rel, enum section sec, int format_assert)
{
	const char *name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char *path = path_join(suite, rel);
	char *text;
	size_t len;
	if (read_file(path, suite_limits.max_bytes, &text, &len) != 0) {
		fprintf(stderr, "driver: cannot read %s\n", path);
		exit(3);
	}
	results[sec] = xgrow(results[sec], &results_cap[sec], nresults[sec] + 1, sizeof *results[sec]);
	struct file_result *fr = &results[sec][nresults[sec]++];
	memset(fr, 0, sizeof *fr);
	fr->name = xstrndup(name, strlen(name) - 5);
	/* Test keys name the file relative to tests/draft2020-12/. */
	const char *file = rel + strlen("tests/draft2020-12/");
	struct msgq q = {0};
	struct doc *d = load_text(file, text, len, &q);
	if (d && d->root->kind == NODE_SEQ) {
		for (size_t i = 0; i < d->root->n; i++)
			run_loaded_case(fr, file, d->root->kids[i], format_assert);
	} else {
		char *m = first_message(&q);
		printf("file %s: the loader refused the whole file (%s); loading its cases one by one\n", file, m);
		free(m);
		run_split(fr, file, text, len, format_assert);
	}
	msg_free(&q);
	free(text);
	free(path);
}

static void print_section(enum section sec)
{
	struct tally total = {0};
	printf("\n%s\n", section_title[sec]);
	printf("  %-32s %6s %6s %6s %7s\n", "file", "pass", "fail", "total", "pass%");
	for (size_t i = 0; i < nresults[sec]; i++) {
		struct file_result *r = &results[sec][i];
		size_t n = r->t.pass + r->t.fail;
		printf("  %-32s %6zu %6zu %6zu %6.1f%%\n", r->name, r->t.pass, r->t.fail, n,
		       n ? 100.0 * (double)r->t.pass / (double)n : 100.0);
		total.pass += r->t.pass;
		total.fail += r->t.fail;
	}
	size_t n = total.pass + total.fail;
	printf("  %-32s %6zu %6zu %6zu %6.1f%%\n", "total", total.pass, total.fail, n,
	       n ? 100.0 * (double)total.pass / (double)n : 100.0);
}

/* The formats loket asserts; ecmascript-regex.json tests format "regex". */
static int asserted_format_file(const char *name)
{
	static const char *const files[] = {"date.json",
	                                    "date-time.json",
	                                    "time.json",
	                                    "uri.json",
	                                    "uri-reference.json",
	                                    "email.json",
	                                    "duration.json",
	                                    "regex.json",
	                                    "ecmascript-regex.json",
	                                    NULL};
	for (const char *const *f = files; *f; f++)
		if (!strcmp(*f, name))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *suite = NULL, *known_path = NULL, *meta_dir = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "-k") && i + 1 < argc)
			only_file = argv[++i];
		else if (!strcmp(argv[i], "--known") && i + 1 < argc)
			known_path = argv[++i];
		else if (!strcmp(argv[i], "--metaschemas") && i + 1 < argc)
			meta_dir = argv[++i];
		else if (argv[i][0] != '-' && !suite)
			suite = argv[i];
		else {
			fprintf(stderr, "usage: driver [-v] [-k FILE] [--known FILE] [--metaschemas DIR] SUITE_DIR\n");
			return 2;
		}
	}
	if (suite == NULL) {
		fprintf(stderr, "usage: driver [-v] [-k FILE] [--known FILE] [--metaschemas DIR] SUITE_DIR\n");
		return 2;
	}
	if (known_path)
		load_known(known_path);
	static const char *const other_drafts[] = {"draft3", "draft4", "draft6", "draft7", "draft2019-09", "v1", NULL};
	char *rdir = path_join(suite, "remotes");
	load_remotes(rdir, "remotes", REMOTE_BASE, 0, other_drafts);
	free(rdir);
	if (meta_dir)
		load_remotes(meta_dir, "metaschemas", "https://json-schema.org/draft/2020-12/", 1, NULL);
	check_remotes(0);
	check_remotes(1);

	char *tdir = path_join(suite, "tests/draft2020-12");
	struct path_list files = {0};
	list_json(tdir, NULL, NULL, &files);
	struct path_list skipped = {0};
	for (size_t i = 0; i < files.n; i++) {
		const char *rel = files.v[i];
		const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
		if (only_file && strcmp(only_file, rel) != 0 && strcmp(only_file, base) != 0)
			continue;
		char *full = path_join("tests/draft2020-12", rel);
		if (!strncmp(rel, "optional/format/", 16)) {
			if (asserted_format_file(base))
				run_file(suite, full, SEC_FORMAT, 1);
			else
				path_list_add(&skipped, rel);
		} else if (!strncmp(rel, "optional/", 9)) {
			run_file(suite, full, SEC_OPTIONAL, 0);
		} else {
			run_file(suite, full, SEC_REQUIRED, 0);
		}
		free(full);
	}
	if (refusals.n) {
		printf("\nschemas loket refuses (their tests count as failures):\n");
		for (size_t i = 0; i < refusals.n; i++)
			printf("  %s\n", refusals.v[i]);
	}
	for (int sec = 0; sec < SEC__MAX; sec++)
		if (nresults[sec])
			print_section((enum section)sec);
	if (skipped.n) {
		printf("\nnot run: optional/format files of formats loket does not assert (with format assertion on,\n"
		       "loket refuses an unknown format):");
		for (size_t i = 0; i < skipped.n; i++)
			printf(" %s", skipped.v[i] + 16);
		printf("\n");
	}
	for (size_t i = 0; i < nknown; i++)
		if (known_seen[i] == 2) {
			stale++;
			printf("PASSES NOW (remove from the known failures): %s\n", known_keys[i]);
		}
	if (inconsistent)
		printf("\n%zu tests where validity with and without messages disagree\n", inconsistent);
	if (known_given)
		printf("\n%zu unexpected failures, %zu known failures that pass now\n", unexpected, stale);

	path_list_free(&skipped);
	path_list_free(&files);
	path_list_free(&refusals);
	free(tdir);
	for (int sec = 0; sec < SEC__MAX; sec++) {
		for (size_t i = 0; i < nresults[sec]; i++)
			free(results[sec][i].name);
		free(results[sec]);
	}
	for (size_t i = 0; i < nremotes; i++) {
		free(remotes[i].name);
		free(remotes[i].uri);
	}
	free(remotes);
	for (size_t i = 0; i < ndocs; i++) {
		load_doc_free(docs[i]);
		free(docs[i]);
	}
	free(docs);
	for (size_t i = 0; i < nknown; i++)
		free(known_keys[i]);
	free(known_keys);
	free(known_seen);
	hmap_free(&known);
	return (unexpected || inconsistent) ? 1 : 0;
}
