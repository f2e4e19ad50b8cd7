/* msg_format.c: the diagnostic formats for CI, one writer per format behind a table:
 * text and json (msg.c), SARIF 2.1.0, GitHub workflow commands, JUnit XML and GitLab
 * Code Quality. A new format is a function plus a row. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "json.h"
#include "msg.h"
#include "xml.h"

/* ---- shared pieces ---- */

static const char *const sarif_levels[SEV__MAX] = {"none", "note", "warning", "error"};

/* The working directory, to name files under it relatively; "" when unknown. */
static void working_dir(char *cwd, size_t size)
{
	if (getcwd(cwd, size) == NULL)
		cwd[0] = '\0';
}

/* A file as the CI formats name it: relative to the working directory (the
 * repository root in CI) when it lies under it, without leading "./". A suffix
 * of path, or "." for the directory itself. */
static const char *rel_path(const char *path, const char *cwd)
{
	size_t n = strlen(cwd);
	if (path[0] == '/' && n > 0) {
		if (n == 1 || (strncmp(path, cwd, n) == 0 && (path[n] == '/' || path[n] == '\0')))
			path += n == 1 ? 0 : n;
		else
			return path; /* outside the working directory: stays absolute */
		while (*path == '/')
			path++;
	}
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	return *path ? path : ".";
}

/* The message with its hint, as one text: "message\nhint: hint". */
static char *text_with_hint(const struct diag *d)
{
	struct buf b = {0};
	buf_adds(&b, d->text);
	if (d->hint)
		buf_printf(&b, "\n%s: %s", _("hint"), d->hint);
	return buf_take(&b);
}

/* "file:line:col: severity: message [CODE]", as the text format begins a diagnostic. */
static void diag_head(struct buf *b, const struct diag *d, const char *file)
{
	if (d->pos.line)
		buf_printf(b, "%s:%u:%u: ", file, d->pos.line, d->pos.col);
	else
		buf_printf(b, "%s: ", file);
	buf_printf(b, "%s: %s [%s]", msg_sev_name(d->sev), d->text, msg_code_name(d->code));
}

/* The head, a newline and the hint on a line of its own, as the text format prints
 * them (without the source line). */
static void diag_line(struct buf *b, const struct diag *d, const char *file)
{
	diag_head(b, d, file);
	buf_addc(b, '\n');
	if (d->hint)
		buf_printf(b, "  %s: %s\n", _("hint"), d->hint);
}

/* ---- fingerprints: stable identities of problems across runs ----
 * FNV-1a (64 bits) of the file, the code and the message, not of the line: an edit
 * elsewhere in the file leaves the fingerprint of a problem as it was. The k-th
 * repeat of the same problem in the same file (k >= 1) also hashes k, so every
 * fingerprint of a report is unique. These bytes are a contract with the CI
 * systems that compare reports: never change them (hash_bytes in util.c may). */

enum { FP_LEN = 16 };

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The fingerprint of every diagnostic of the report (FP_LEN + 1 bytes each). */
static char *fingerprints(const struct msgq *q, const char *cwd)
{
	char *fp = xcalloc(q->n ? q->n : 1, FP_LEN + 1);
	struct hmap seen = {0};
	for (size_t i = 0; i < q->n; i++) {
		const struct diag *d = &q->d[i];
		const char *file = d->pos.file ? rel_path(d->pos.file, cwd) : "";
		const char *code = msg_code_name(d->code);
		for (unsigned long k = 0;; k++) {
			uint64_t h = 14695981039346656037ULL;
			h = fnv1a(h, file, strlen(file) + 1);
			h = fnv1a(h, code, strlen(code) + 1);
			h = fnv1a(h, d->text, strlen(d->text));
			if (k > 0) {
				char tmp[24];
				int n = snprintf(tmp, sizeof tmp, "%lu", k);
				h = fnv1a(h, "", 1);
				h = fnv1a(h, tmp, (size_t)n);
			}
			char *out = fp + i * (FP_LEN + 1);
			snprintf(out, FP_LEN + 1, "%016llx", (unsigned long long)h);
			if (hmap_put(&seen, out, FP_LEN, out) == NULL)
				break;
		}
	}
	hmap_free(&seen);
	return fp;
}

/* ---- text and json: the formats of msg.c ---- */

static void write_text(struct buf *b, const struct msg_report *r)
{
	static const struct msg_print_opts plain = {0, NULL, NULL, 0};
	const struct msg_print_opts *o = r->text ? r->text : &plain;
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	if (f == NULL)
		die("out of memory");
	msg_print_text(f, r->q, o);
	msg_print_summary(f, r->counts, o->color);
	if (fclose(f) != 0)
		die("out of memory");
	buf_add(b, p, n);
	free(p);
}

static void write_json(struct buf *b, const struct msg_report *r) { msg_print_json(b, r->q, r->counts); }

/* ---- SARIF 2.1.0 (OASIS), for GitHub code scanning and other viewers ---- */

/* A rule's name: its title in PascalCase ("unknown field" -> "UnknownField"), each
 * word an upper-case letter and lower-case letters or digits, as the SARIF
 * validator wants ("not UTF-8" -> "NotUtf8"); a word of one letter joins the word
 * before it ("not a mapping" -> "NotaMapping"). */
static char *pascal_case(const char *title)
{
	struct buf b = {0};
	const char *p = title;
	while (*p) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		size_t n = 0;
		while (isalnum((unsigned char)p[n]))
			n++;
		int join = b.len > 0 && (n == 1 || isdigit((unsigned char)p[0]));
		for (size_t i = 0; i < n; i++)
			buf_addc(&b,
			         (char)(i == 0 && !join ? toupper((unsigned char)p[i]) : tolower((unsigned char)p[i])));
		p += n;
	}
	return buf_take(&b);
}

/* A relative path as a URI reference: unreserved characters and '/' stay, every
 * other byte is percent-encoded. */
static void uri_encode(struct buf *b, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/')
			buf_addc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

/* The rules: every code of the report, in the catalogue's order, with its title,
 * explanation and severity under the policy. index[code] becomes its place in
 * the list (ruleIndex), or -1. Codes without a result stay out: a clean run
 * stays small, and a new code in msg.def does not change every log. */
static void sarif_rules(struct json *j, const struct msgq *q, const char *docs_url, int index[CODE__MAX])
{
	unsigned char used[CODE__MAX] = {0};
	for (size_t i = 0; i < q->n; i++)
		used[q->d[i].code] = 1;
	int n = 0;
	json_key(j, "rules");
	json_arr_begin(j);
	for (int c = 0; c < CODE__MAX; c++) {
		index[c] = used[c] ? n++ : -1;
		if (!used[c])
			continue;
		json_obj_begin(j);
		json_kv_str(j, "id", msg_code_name(c));
		char *name = pascal_case(msg_code_title_untranslated(c)); /* an identifier */
		json_kv_str(j, "name", name);
		free(name);
		json_key(j, "shortDescription");
		json_obj_begin(j);
		json_kv_str(j, "text", msg_code_title(c));
		json_obj_end(j);
		json_key(j, "fullDescription");
		json_obj_begin(j);
		json_kv_str(j, "text", msg_code_explanation(c));
		json_obj_end(j);
		json_key(j, "help");
		json_obj_begin(j);
		struct buf help = {0};
		buf_printf(&help, _("%s\n\n'loket explain %s' prints this explanation."), msg_code_explanation(c),
		           msg_code_name(c));
		json_kv_str(j, "text", help.p);
		buf_free(&help);
		json_obj_end(j);
		/* The README's table of rules, or its list of the other codes. */
		struct buf uri = {0};
		buf_printf(&uri, "%s#%s", docs_url, msg_code_is_rule(c) ? "rules" : "diagnostic-codes");
		json_kv_str(j, "helpUri", uri.p);
		buf_free(&uri);
		json_key(j, "defaultConfiguration");
		json_obj_begin(j);
		if (msg_policy[c] == SEV_OFF) {
			json_key(j, "enabled");
			json_bool(j, 0);
		}
		json_kv_str(j, "level", sarif_levels[msg_policy[c]]);
		json_obj_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
}

/* A SARIF message object: the diagnostic's text and its hint. */
static void sarif_message(struct json *j, const struct diag *d)
{
	json_key(j, "message");
	json_obj_begin(j);
	char *text = text_with_hint(d);
	json_kv_str(j, "text", text);
	free(text);
	json_obj_end(j);
}

static void sarif_location(struct json *j, const struct diag *d, const char *cwd)
{
	const char *file = rel_path(d->pos.file, cwd);
	struct buf uri = {0};
	json_key(j, "locations");
	json_arr_begin(j);
	json_obj_begin(j);
	json_key(j, "physicalLocation");
	json_obj_begin(j);
	json_key(j, "artifactLocation");
	json_obj_begin(j);
	if (file[0] == '/') { /* outside the working directory: an absolute file URI */
		buf_adds(&uri, "file://");
		uri_encode(&uri, file);
		json_kv_str(j, "uri", uri.p);
	} else {
		uri_encode(&uri, file);
		json_kv_str(j, "uri", uri.p);
		json_kv_str(j, "uriBaseId", "%SRCROOT%");
	}
	json_obj_end(j);
	/* GitHub displays a result only with a line: a problem of a whole file or
	 * folder (line 0) is shown at its first line. */
	json_key(j, "region");
	json_obj_begin(j);
	json_kv_int(j, "startLine", d->pos.line ? d->pos.line : 1);
	if (d->pos.line && d->pos.col)
		json_kv_int(j, "startColumn", d->pos.col);
	json_obj_end(j);
	json_obj_end(j);
	json_obj_end(j);
	json_arr_end(j);
	buf_free(&uri);
}

static void write_sarif(struct buf *b, const struct msg_report *r)
{
	char cwd[4096];
	working_dir(cwd, sizeof cwd);
	char *fp = fingerprints(r->q, cwd);
	struct json j;
	json_init(&j, b, 1);
	json_obj_begin(&j);
	json_kv_str(&j, "$schema",
	            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
	json_kv_str(&j, "version", "2.1.0");
	json_key(&j, "runs");
	json_arr_begin(&j);
	json_obj_begin(&j);

	json_key(&j, "tool");
	json_obj_begin(&j);
	json_key(&j, "driver");
	json_obj_begin(&j);
	json_kv_str(&j, "name", "loket");
	json_kv_str(&j, "version", r->version);
	json_kv_str(&j, "informationUri", r->docs_url);
	int index[CODE__MAX];
	sarif_rules(&j, r->q, r->docs_url, index);
	json_obj_end(&j);
	json_obj_end(&j);

	/* Diagnostics without a file (a path that cannot be read, a symbolic link)
	 * are not results about a place: GitHub refuses a whole log in which a result
	 * has no location. They are notifications of the tool's run. */
	int system_error = 0;
	for (size_t i = 0; i < r->q->n; i++)
		system_error |= r->q->d[i].code == CODE_SYS001;
	json_key(&j, "invocations");
	json_arr_begin(&j);
	json_obj_begin(&j);
	json_key(&j, "executionSuccessful");
	json_bool(&j, !system_error);
	size_t nofile = 0;
	for (size_t i = 0; i < r->q->n; i++) {
		const struct diag *d = &r->q->d[i];
		if (d->pos.file)
			continue;
		if (nofile++ == 0) {
			json_key(&j, "toolExecutionNotifications");
			json_arr_begin(&j);
		}
		json_obj_begin(&j);
		json_kv_str(&j, "level", sarif_levels[d->sev]);
		sarif_message(&j, d);
		json_key(&j, "associatedRule");
		json_obj_begin(&j);
		json_kv_str(&j, "id", msg_code_name(d->code));
		json_kv_int(&j, "index", index[d->code]);
		json_obj_end(&j);
		json_obj_end(&j);
	}
	if (nofile)
		json_arr_end(&j);
	json_obj_end(&j);
	json_arr_end(&j);

	/* loket counts columns in code points (SARIF's default is UTF-16 code units). */
	json_kv_str(&j, "columnKind", "unicodeCodePoints");
	json_key(&j, "results");
	json_arr_begin(&j);
	for (size_t i = 0; i < r->q->n; i++) {
		const struct diag *d = &r->q->d[i];
		if (!d->pos.file)
			continue;
		json_obj_begin(&j);
		json_kv_str(&j, "ruleId", msg_code_name(d->code));
		json_kv_int(&j, "ruleIndex", index[d->code]);
		json_kv_str(&j, "level", sarif_levels[d->sev]);
		sarif_message(&j, d);
		sarif_location(&j, d, cwd);
		json_key(&j, "partialFingerprints");
		json_obj_begin(&j);
		json_kv_str(&j, "loket/v1", fp + i * (FP_LEN + 1));
		json_obj_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_arr_end(&j);
	json_obj_end(&j);
	free(fp);
}

/* ---- GitHub Actions workflow commands: annotations on the lines of a pull request ---- */

/* Escape a command's message: %, CR and LF (GitHub's toCommandValue), and, so that
 * no other control character reaches the log (a file name may hold one), those as
 * %XX too, which GitHub shows as they are. */
static void gh_escape_data(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '%')
			buf_adds(b, "%25");
		else if (*s == '\r')
			buf_adds(b, "%0D");
		else if (*s == '\n')
			buf_adds(b, "%0A");
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			buf_printf(b, "%%%02X", (unsigned char)*s);
		else
			buf_addc(b, *s);
	}
}

/* Escape a property value: the same, and : and , (GitHub's toCommandProperties). */
static void gh_escape_property(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ':')
			buf_adds(b, "%3A");
		else if (*s == ',')
			buf_adds(b, "%2C");
		else {
			char one[2] = {*s, '\0'};
			gh_escape_data(b, one);
		}
	}
}

static void write_github(struct buf *b, const struct msg_report *r)
{
	static const char *const commands[SEV__MAX] = {"notice", "notice", "warning", "error"};
	char cwd[4096];
	working_dir(cwd, sizeof cwd);
	for (size_t i = 0; i < r->q->n; i++) {
		const struct diag *d = &r->q->d[i];
		buf_printf(b, "::%s ", commands[d->sev]);
		if (d->pos.file) {
			buf_adds(b, "file=");
			gh_escape_property(b, rel_path(d->pos.file, cwd));
			if (d->pos.line)
				buf_printf(b, ",line=%u", d->pos.line);
			if (d->pos.line && d->pos.col)
				buf_printf(b, ",col=%u", d->pos.col);
			buf_addc(b, ',');
		}
		buf_adds(b, "title=");
		gh_escape_property(b, msg_code_name(d->code));
		buf_adds(b, "::");
		char *text = text_with_hint(d);
		gh_escape_data(b, text);
		free(text);
		buf_addc(b, '\n');
	}
	/* The summary as a plain line of the log. */
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	if (f == NULL)
		die("out of memory");
	msg_print_summary(f, r->counts, 0);
	if (fclose(f) != 0)
		die("out of memory");
	buf_add(b, p, n);
	free(p);
}

/* ---- JUnit XML: one test suite with one test case per file, for GitLab and Jenkins ----
 * Valid against the JUnit schema of Jenkins' xUnit plugin (junit-10.xsd): a
 * <testcase> has no file attribute there, so each file is a <testsuite file="...">
 * (the one place the schema allows a file) holding one test case; lines have no
 * attribute anywhere, so each failure's message and text start "file:line:col: ".
 * A file with errors is a failed test case with ONE <failure>: Jenkins reads only
 * the first <failure> of a test case, so its message is the first error and its
 * text lists every error, which GitLab and Jenkins both show in full. Warnings and
 * notes do not fail a file, as they do not fail loket (unless -W makes them
 * errors): they are the test case's <system-out>, which Jenkins shows on the
 * test's page and GitLab beside a failure. A file without errors passes. */

struct junit_item {
	const char *file; /* relative path, or NULL for the diagnostics without a file */
	size_t index;     /* the diagnostic, or SIZE_MAX for a file without one */
};

static int same_file(const struct junit_item *x, const struct junit_item *y)
{
	return x->file && y->file ? !strcmp(x->file, y->file) : x->file == y->file;
}

static int junit_cmp(const void *a, const void *b)
{
	const struct junit_item *x = a, *y = b;
	if (!x->file || !y->file) {
		if (x->file != y->file)
			return x->file ? -1 : 1; /* the diagnostics without a file last */
	} else {
		int c = strcmp(x->file, y->file);
		if (c)
			return c;
	}
	return x->index < y->index ? -1 : x->index > y->index;
}

/* A test case's class: the file's folder with dots for slashes, so that Jenkins
 * shows folders as packages ("catalogue/gemeente-x/a.yaml" -> "catalogue.gemeente-x"). */
static char *junit_class(const char *file)
{
	const char *slash = strrchr(file, '/');
	struct buf b = {0};
	if (slash) {
		for (const char *p = file; p < slash; p++)
			if (*p != '/' || (b.len && b.p[b.len - 1] != '.'))
				buf_addc(&b, *p == '/' ? '.' : *p);
	}
	if (b.len == 0)
		buf_adds(&b, "loket");
	return buf_take(&b);
}

/* The test suite of one file (items[0..n), sorted, all of that file): its one test case. */
static void junit_suite(struct xml *x, const struct msgq *q, const struct junit_item *items, size_t n)
{
	const char *file = items[0].file;
	const char *name = file ? strrchr(file, '/') : NULL;
	name = name ? name + 1 : file ? file : "loket";
	struct buf errors = {0}, others = {0};
	const struct diag *first = NULL;
	size_t nerrors = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].index == SIZE_MAX)
			continue;
		const struct diag *d = &q->d[items[i].index];
		if (d->sev == SEV_ERROR) {
			first = first ? first : d;
			nerrors++;
			diag_line(&errors, d, file ? file : "loket");
		} else {
			diag_line(&others, d, file ? file : "loket");
		}
	}
	xml_begin(x, "testsuite");
	xml_attr(x, "name", file ? file : "loket");
	xml_attr(x, "tests", "1");
	xml_attr(x, "failures", first ? "1" : "0");
	xml_attr(x, "errors", "0");
	xml_attr(x, "skipped", "0");
	xml_attr(x, "time", "0");
	if (file)
		xml_attr(x, "file", file);
	char *cls = junit_class(file ? file : "");
	xml_begin(x, "testcase");
	xml_attr(x, "name", name);
	xml_attr(x, "classname", cls);
	xml_attr(x, "time", "0");
	free(cls);
	if (first) {
		struct buf msg = {0};
		diag_head(&msg, first, file ? file : "loket");
		if (nerrors > 1)
			buf_printf(&msg, i18n_ngettext(" (and %zu more error)", " (and %zu more errors)", nerrors - 1),
			           nerrors - 1);
		xml_begin(x, "failure");
		xml_attr(x, "type", msg_code_name(first->code));
		xml_attr(x, "message", msg.p);
		xml_text(x, errors.p);
		xml_end(x);
		buf_free(&msg);
	}
	if (others.len) {
		xml_begin(x, "system-out");
		xml_text(x, others.p);
		xml_end(x);
	}
	xml_end(x);
	xml_end(x);
	buf_free(&errors);
	buf_free(&others);
}

static void write_junit(struct buf *b, const struct msg_report *r)
{
	char cwd[4096];
	working_dir(cwd, sizeof cwd);
	const struct msgq *q = r->q;
	size_t n = 0;
	struct junit_item *items = xcalloc(r->nfiles + q->n + 1, sizeof *items);
	for (size_t i = 0; i < r->nfiles; i++)
		items[n++] = (struct junit_item){rel_path(r->files[i], cwd), SIZE_MAX};
	for (size_t i = 0; i < q->n; i++)
		items[n++] = (struct junit_item){q->d[i].pos.file ? rel_path(q->d[i].pos.file, cwd) : NULL, i};
	qsort(items, n, sizeof *items, junit_cmp);

	/* Count the test cases and the failed ones first: the totals are attributes. */
	size_t tests = 0, failures = 0;
	for (size_t i = 0; i < n;) {
		size_t k = i;
		int failed = 0;
		while (k < n && same_file(&items[k], &items[i])) {
			failed |= items[k].index != SIZE_MAX && q->d[items[k].index].sev == SEV_ERROR;
			k++;
		}
		tests++;
		failures += (size_t)failed;
		i = k;
	}

	struct xml x;
	xml_init(&x, b);
	xml_begin(&x, "testsuites");
	xml_attr(&x, "name", "loket check");
	xml_attr_int(&x, "tests", (long long)tests);
	xml_attr_int(&x, "failures", (long long)failures);
	xml_attr(&x, "errors", "0");
	xml_attr(&x, "time", "0");
	for (size_t i = 0; i < n;) {
		size_t k = i;
		while (k < n && same_file(&items[k], &items[i]))
			k++;
		junit_suite(&x, q, items + i, k - i);
		i = k;
	}
	xml_end(&x);
	free(items);
}

/* ---- GitLab Code Quality: the problems in a merge request's diff ---- */

static void write_gitlab(struct buf *b, const struct msg_report *r)
{
	static const char *const severities[SEV__MAX] = {"info", "info", "minor", "major"};
	char cwd[4096];
	working_dir(cwd, sizeof cwd);
	char *fp = fingerprints(r->q, cwd);
	struct json j;
	json_init(&j, b, 1);
	json_arr_begin(&j);
	for (size_t i = 0; i < r->q->n; i++) {
		const struct diag *d = &r->q->d[i];
		struct buf desc = {0};
		buf_printf(&desc, "%s [%s]", d->text, msg_code_name(d->code));
		if (d->hint)
			buf_printf(&desc, " (%s: %s)", _("hint"), d->hint);
		json_obj_begin(&j);
		json_kv_str(&j, "description", desc.p);
		json_kv_str(&j, "check_name", msg_code_name(d->code));
		json_kv_str(&j, "fingerprint", fp + i * (FP_LEN + 1));
		json_kv_str(&j, "severity", severities[d->sev]);
		json_key(&j, "location");
		json_obj_begin(&j);
		/* Without a file (a path that cannot be read): the repository itself. */
		json_kv_str(&j, "path", d->pos.file ? rel_path(d->pos.file, cwd) : ".");
		json_key(&j, "lines");
		json_obj_begin(&j);
		json_kv_int(&j, "begin", d->pos.line ? d->pos.line : 1);
		json_obj_end(&j);
		json_obj_end(&j);
		json_obj_end(&j);
		buf_free(&desc);
	}
	json_arr_end(&j);
	free(fp);
}

/* ---- the table ---- */

const struct msg_format msg_formats[] = {
        {"text", write_text},   {"json", write_json},     {"sarif", write_sarif}, {"github", write_github},
        {"junit", write_junit}, {"gitlab", write_gitlab}, {NULL, NULL},
};

const struct msg_format *msg_format_find(const char *name)
{
	for (const struct msg_format *f = msg_formats; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}
