/* msg_format.c: the diagnostic formats for CI, one writer per format behind a table:
 * text and json (msg.c), SARIF 2.1.0, GitHub workflow commands, JUnit XML and GitLab
 * Code Quality. A new format is a function plus a row. */
#include <ctype.h>
#include <errno.h>
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

/* The fingerprints of n diagnostics of one file (FP_LEN + 1 bytes each): a repeat
 * is counted within its file, which the fingerprint hashes anyway. */
static char *fingerprints(const struct diag *d, size_t nd, const char *cwd)
{
	char *fp = xcalloc(nd ? nd : 1, FP_LEN + 1);
	struct hmap seen = {0};
	for (size_t i = 0; i < nd; i++) {
		const char *file = d[i].pos.file ? rel_path(d[i].pos.file, cwd) : "";
		const char *code = msg_code_name(d[i].code);
		for (unsigned long k = 0;; k++) {
			uint64_t h = 14695981039346656037ULL;
			h = fnv1a(h, file, strlen(file) + 1);
			h = fnv1a(h, code, strlen(code) + 1);
			h = fnv1a(h, d[i].text, strlen(d[i].text));
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

/* ---- the writer: a report written file by file ----
 * Each format is three functions: begin, one file's diagnostics (sorted; file NULL:
 * those without a file) and end. What they write goes to the sink after each file,
 * so a report of a million files never sits in memory. SARIF and JUnit state their
 * totals before their body: the body goes to a spool (a temporary file) and follows
 * the head at the end. A writer's JSON or XML state depends only on the structure
 * written, so the body is written by a writer that was taken through a head of the
 * same shape (with empty totals) and is continued after the real head. */

enum { RULE_INDEX_MARK = 1000000 };

struct msg_writer {
	const struct msg_format *fmt;
	struct msg_writer_opts o;
	char cwd[4096];
	struct buf b;  /* written, not yet given to the sink */
	FILE *spool;   /* sarif, junit: the body */
	struct json j; /* json, gitlab, sarif (body) */
	struct xml x;  /* junit (body) */
	unsigned char used[CODE__MAX];
	int system_error;       /* a SYS001 was written */
	size_t tests, failures; /* junit */
	struct diag *nofile;    /* the diagnostics without a file (sarif, junit; shallow copies) */
	size_t nnofile, nofile_cap;
	int failed; /* the sink or the spool failed */
};

static void flush_to(struct msg_writer *w, int to_spool)
{
	if (w->b.len == 0)
		return;
	if (to_spool) {
		if (fwrite(w->b.p, 1, w->b.len, w->spool) != w->b.len)
			w->failed = 1;
	} else if (w->o.sink(w->o.sink_ctx, w->b.p, w->b.len) != 0) {
		w->failed = 1;
	}
	w->b.len = 0;
}

static void sarif_fix_index(struct buf *line, const int index[CODE__MAX]);

/* The spool, in order, to the sink; with index (sarif), line by line with each rule's
 * index put in. */
static void copy_spool(struct msg_writer *w, const int *index)
{
	if (fflush(w->spool) != 0 || fseek(w->spool, 0, SEEK_SET) != 0) {
		w->failed = 1;
		return;
	}
	if (index) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		while ((n = getline(&line, &cap, w->spool)) > 0) {
			struct buf b = {0};
			buf_add(&b, line, (size_t)n);
			sarif_fix_index(&b, index);
			if (w->o.sink(w->o.sink_ctx, b.p, b.len) != 0)
				w->failed = 1;
			buf_free(&b);
		}
		free(line);
	} else {
		char chunk[65536];
		size_t n;
		while ((n = fread(chunk, 1, sizeof chunk, w->spool)) > 0)
			if (w->o.sink(w->o.sink_ctx, chunk, n) != 0)
				w->failed = 1;
	}
	if (ferror(w->spool))
		w->failed = 1;
}

static void print_to_buf(struct buf *b, void (*print)(FILE *, const void *), const void *arg)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	if (f == NULL)
		die("out of memory");
	print(f, arg);
	if (fclose(f) != 0)
		die("out of memory");
	buf_add(b, p, n);
	free(p);
}

/* ---- text and json ---- */

struct text_args {
	const struct diag *d;
	size_t n;
	const struct msg_print_opts *o;
};

static void print_text(FILE *f, const void *arg)
{
	const struct text_args *a = arg;
	struct msgq q = {(struct diag *)a->d, a->n, a->n};
	msg_print_text(f, &q, a->o);
}

struct summary_args {
	struct msg_counts c;
	int color;
};

static void print_summary(FILE *f, const void *arg)
{
	const struct summary_args *a = arg;
	msg_print_summary(f, a->c, a->color);
}

static void text_begin(struct msg_writer *w) { (void)w; }

static void text_file(struct msg_writer *w, const char *file, const struct diag *d, size_t n)
{
	static const struct msg_print_opts plain = {0, NULL, NULL, 0};
	(void)file;
	if (n == 0 || w->o.quiet)
		return;
	struct text_args a = {d, n, w->o.text ? w->o.text : &plain};
	print_to_buf(&w->b, print_text, &a);
}

static void text_end(struct msg_writer *w, struct msg_counts c)
{
	struct summary_args a = {c, w->o.text ? w->o.text->color : 0};
	print_to_buf(&w->b, print_summary, &a);
}

static void json_begin(struct msg_writer *w)
{
	json_init(&w->j, &w->b, 1);
	json_obj_begin(&w->j);
	json_kv_str(&w->j, "tool", "loket");
	json_key(&w->j, "diagnostics");
	json_arr_begin(&w->j);
}

static void json_file(struct msg_writer *w, const char *file, const struct diag *d, size_t n)
{
	(void)file;
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(&w->j);
		json_kv_str(&w->j, "file", d[i].pos.file ? d[i].pos.file : "");
		json_kv_int(&w->j, "line", d[i].pos.line);
		json_kv_int(&w->j, "column", d[i].pos.col);
		json_kv_str(&w->j, "severity", msg_sev_name(d[i].sev));
		json_kv_str(&w->j, "code", msg_code_name(d[i].code));
		json_kv_str(&w->j, "message", d[i].text);
		json_kv_str(&w->j, "hint", d[i].hint);
		json_obj_end(&w->j);
	}
}

static void json_end(struct msg_writer *w, struct msg_counts c)
{
	json_arr_end(&w->j);
	json_key(&w->j, "summary");
	json_obj_begin(&w->j);
	json_kv_int(&w->j, "errors", (long long)c.errors);
	json_kv_int(&w->j, "warnings", (long long)c.warnings);
	json_kv_int(&w->j, "infos", (long long)c.infos);
	json_kv_int(&w->j, "files", (long long)c.files);
	json_obj_end(&w->j);
	json_obj_end(&w->j);
}

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
static void sarif_rules(struct json *j, const unsigned char used[CODE__MAX], const char *docs_url, int index[CODE__MAX])
{
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

/* Everything before the results: the tool and its rules, the run's notifications
 * (the diagnostics without a file: GitHub refuses a whole log in which a result has
 * no location) and whether it succeeded; j is left inside the results array. */
static void sarif_head(struct msg_writer *w, struct json *j, int index[CODE__MAX])
{
	json_obj_begin(j);
	json_kv_str(j, "$schema",
	            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
	json_kv_str(j, "version", "2.1.0");
	json_key(j, "runs");
	json_arr_begin(j);
	json_obj_begin(j);

	json_key(j, "tool");
	json_obj_begin(j);
	json_key(j, "driver");
	json_obj_begin(j);
	json_kv_str(j, "name", "loket");
	json_kv_str(j, "version", w->o.version);
	json_kv_str(j, "informationUri", w->o.docs_url);
	sarif_rules(j, w->used, w->o.docs_url, index);
	json_obj_end(j);
	json_obj_end(j);

	json_key(j, "invocations");
	json_arr_begin(j);
	json_obj_begin(j);
	json_key(j, "executionSuccessful");
	json_bool(j, !w->system_error);
	for (size_t i = 0; i < w->nnofile; i++) {
		const struct diag *d = &w->nofile[i];
		if (i == 0) {
			json_key(j, "toolExecutionNotifications");
			json_arr_begin(j);
		}
		json_obj_begin(j);
		json_kv_str(j, "level", sarif_levels[d->sev]);
		sarif_message(j, d);
		json_key(j, "associatedRule");
		json_obj_begin(j);
		json_kv_str(j, "id", msg_code_name(d->code));
		json_kv_int(j, "index", index[d->code]);
		json_obj_end(j);
		json_obj_end(j);
	}
	if (w->nnofile)
		json_arr_end(j);
	json_obj_end(j);
	json_arr_end(j);

	/* loket counts columns in code points (SARIF's default is UTF-16 code units). */
	json_kv_str(j, "columnKind", "unicodeCodePoints");
	json_key(j, "results");
	json_arr_begin(j);
}

/* The diagnostics without a file come in one group or more (the build adds its own at
 * the end); sarif and junit place them all together when the report ends. The texts stay
 * with the caller's queue until then. */
static void keep_nofile(struct msg_writer *w, const struct diag *d, size_t n)
{
	if (n == 0) /* (memcpy from NULL is undefined, even for nothing) */
		return;
	w->nofile = xgrow(w->nofile, &w->nofile_cap, w->nnofile + n + 1, sizeof *w->nofile);
	memcpy(w->nofile + w->nnofile, d, n * sizeof *d);
	w->nnofile += n;
}

/* A writer's state right after a head of the same shape, for the body. */
static void sarif_begin(struct msg_writer *w)
{
	struct buf scratch = {0};
	int index[CODE__MAX];
	json_init(&w->j, &scratch, 1);
	sarif_head(w, &w->j, index);
	w->j.out = &w->b;
	buf_free(&scratch);
}

/* ruleIndex is a rule's place in the list of the codes used, which is known at the
 * end: the body says RULE_INDEX_MARK + code and the end puts the index in. */
static void sarif_file(struct msg_writer *w, const char *file, const struct diag *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		w->used[d[i].code] = 1;
		w->system_error |= d[i].code == CODE_SYS001;
	}
	if (file == NULL) {
		keep_nofile(w, d, n);
		return;
	}
	char *fp = fingerprints(d, n, w->cwd);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(&w->j);
		json_kv_str(&w->j, "ruleId", msg_code_name(d[i].code));
		json_kv_int(&w->j, "ruleIndex", RULE_INDEX_MARK + d[i].code);
		json_kv_str(&w->j, "level", sarif_levels[d[i].sev]);
		sarif_message(&w->j, &d[i]);
		sarif_location(&w->j, &d[i], w->cwd);
		json_key(&w->j, "partialFingerprints");
		json_obj_begin(&w->j);
		json_kv_str(&w->j, "loket/v1", fp + i * (FP_LEN + 1));
		json_obj_end(&w->j);
		json_obj_end(&w->j);
	}
	free(fp);
}

/* The body, with each rule's index put in (RULE_INDEX_MARK + code). */
static void sarif_fix_index(struct buf *line, const int index[CODE__MAX])
{
	static const char key[] = "\"ruleIndex\": ";
	char *at = strstr(line->p, key);
	if (at == NULL)
		return;
	char *num = at + sizeof key - 1, *stop;
	long v = strtol(num, &stop, 10);
	if (v < RULE_INDEX_MARK || v >= RULE_INDEX_MARK + CODE__MAX)
		return;
	struct buf fixed = {0};
	buf_add(&fixed, line->p, (size_t)(num - line->p));
	buf_printf(&fixed, "%d", index[v - RULE_INDEX_MARK]);
	buf_adds(&fixed, stop);
	buf_free(line);
	*line = fixed;
}

static void sarif_end(struct msg_writer *w, struct msg_counts c)
{
	(void)c;
	int index[CODE__MAX];
	struct json head;
	json_init(&head, &w->b, 1);
	sarif_head(w, &head, index);
	flush_to(w, 0);
	copy_spool(w, index);
	json_arr_end(&w->j);
	json_obj_end(&w->j);
	json_arr_end(&w->j);
	json_obj_end(&w->j);
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

static void github_begin(struct msg_writer *w) { (void)w; }

static void github_file(struct msg_writer *w, const char *file, const struct diag *d, size_t n)
{
	static const char *const commands[SEV__MAX] = {"notice", "notice", "warning", "error"};
	(void)file;
	for (size_t i = 0; i < n; i++) {
		buf_printf(&w->b, "::%s ", commands[d[i].sev]);
		if (d[i].pos.file) {
			buf_adds(&w->b, "file=");
			gh_escape_property(&w->b, rel_path(d[i].pos.file, w->cwd));
			if (d[i].pos.line)
				buf_printf(&w->b, ",line=%u", d[i].pos.line);
			if (d[i].pos.line && d[i].pos.col)
				buf_printf(&w->b, ",col=%u", d[i].pos.col);
			buf_addc(&w->b, ',');
		}
		buf_adds(&w->b, "title=");
		gh_escape_property(&w->b, msg_code_name(d[i].code));
		buf_adds(&w->b, "::");
		char *text = text_with_hint(&d[i]);
		gh_escape_data(&w->b, text);
		free(text);
		buf_addc(&w->b, '\n');
	}
}

/* The summary as a plain line of the log. */
static void github_end(struct msg_writer *w, struct msg_counts c)
{
	struct summary_args a = {c, 0};
	print_to_buf(&w->b, print_summary, &a);
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

/* The test suite of one file (rel: its name; NULL for the diagnostics without a
 * file) and its diagnostics d[0..n): its one test case. */
static void junit_suite(struct xml *x, const char *file, const struct diag *d, size_t n)
{
	const char *name = file ? strrchr(file, '/') : NULL;
	name = name ? name + 1 : file ? file : "loket";
	struct buf errors = {0}, others = {0};
	const struct diag *first = NULL;
	size_t nerrors = 0;
	for (size_t i = 0; i < n; i++) {
		if (d[i].sev == SEV_ERROR) {
			first = first ? first : &d[i];
			nerrors++;
			diag_line(&errors, &d[i], file ? file : "loket");
		} else {
			diag_line(&others, &d[i], file ? file : "loket");
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

static void junit_head(struct msg_writer *w, struct xml *x, struct buf *out)
{
	xml_init(x, out);
	xml_begin(x, "testsuites");
	xml_attr(x, "name", "loket check");
	xml_attr_int(x, "tests", (long long)w->tests);
	xml_attr_int(x, "failures", (long long)w->failures);
	xml_attr(x, "errors", "0");
	xml_attr(x, "time", "0");
}

static void junit_begin(struct msg_writer *w)
{
	struct buf scratch = {0};
	junit_head(w, &w->x, &scratch);
	w->x.out = &w->b;
	buf_free(&scratch);
}

/* Every file is a test case, also a file without problems; the diagnostics without
 * a file come last, as a test case of their own. */
static void junit_file(struct msg_writer *w, const char *file, const struct diag *d, size_t n)
{
	if (file == NULL) { /* a test case of their own, at the end */
		keep_nofile(w, d, n);
		return;
	}
	int failed = 0;
	for (size_t i = 0; i < n; i++)
		failed |= d[i].sev == SEV_ERROR;
	w->tests++;
	w->failures += (size_t)failed;
	if (file)
		junit_suite(&w->x, rel_path(file, w->cwd), d, n);
}

static void junit_end(struct msg_writer *w, struct msg_counts c)
{
	(void)c;
	int failed = 0;
	for (size_t i = 0; i < w->nnofile; i++)
		failed |= w->nofile[i].sev == SEV_ERROR;
	w->tests += w->nnofile > 0;
	w->failures += (size_t)failed;
	struct xml head;
	junit_head(w, &head, &w->b);
	flush_to(w, 0);
	copy_spool(w, NULL);
	if (w->nnofile)
		junit_suite(&w->x, NULL, w->nofile, w->nnofile);
	xml_end(&w->x);
}

/* ---- GitLab Code Quality: the problems in a merge request's diff ---- */

static void gitlab_begin(struct msg_writer *w)
{
	json_init(&w->j, &w->b, 1);
	json_arr_begin(&w->j);
}

static void gitlab_file(struct msg_writer *w, const char *file, const struct diag *d, size_t n)
{
	static const char *const severities[SEV__MAX] = {"info", "info", "minor", "major"};
	(void)file;
	char *fp = fingerprints(d, n, w->cwd);
	for (size_t i = 0; i < n; i++) {
		struct buf desc = {0};
		buf_printf(&desc, "%s [%s]", d[i].text, msg_code_name(d[i].code));
		if (d[i].hint)
			buf_printf(&desc, " (%s: %s)", _("hint"), d[i].hint);
		json_obj_begin(&w->j);
		json_kv_str(&w->j, "description", desc.p);
		json_kv_str(&w->j, "check_name", msg_code_name(d[i].code));
		json_kv_str(&w->j, "fingerprint", fp + i * (FP_LEN + 1));
		json_kv_str(&w->j, "severity", severities[d[i].sev]);
		json_key(&w->j, "location");
		json_obj_begin(&w->j);
		/* Without a file (a path that cannot be read): the repository itself. */
		json_kv_str(&w->j, "path", d[i].pos.file ? rel_path(d[i].pos.file, w->cwd) : ".");
		json_key(&w->j, "lines");
		json_obj_begin(&w->j);
		json_kv_int(&w->j, "begin", d[i].pos.line ? d[i].pos.line : 1);
		json_obj_end(&w->j);
		json_obj_end(&w->j);
		json_obj_end(&w->j);
		buf_free(&desc);
	}
	free(fp);
}

static void gitlab_end(struct msg_writer *w, struct msg_counts c)
{
	(void)c;
	json_arr_end(&w->j);
}

/* ---- the table ---- */

const struct msg_format msg_formats[] = {
        {"text", text_begin, text_file, text_end, 0},
        {"json", json_begin, json_file, json_end, 0},
        {"sarif", sarif_begin, sarif_file, sarif_end, 1},
        {"github", github_begin, github_file, github_end, 0},
        {"junit", junit_begin, junit_file, junit_end, 1},
        {"gitlab", gitlab_begin, gitlab_file, gitlab_end, 0},
        {NULL, NULL, NULL, NULL, 0},
};

const struct msg_format *msg_format_find(const char *name)
{
	for (const struct msg_format *f = msg_formats; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

struct msg_writer *msg_writer_new(const struct msg_format *fmt, const struct msg_writer_opts *o)
{
	struct msg_writer *w = xcalloc(1, sizeof *w);
	w->fmt = fmt;
	w->o = *o;
	working_dir(w->cwd, sizeof w->cwd);
	if (fmt->spooled) {
		w->spool = tmpfile(); /* unlinked: nothing is left behind */
		if (w->spool == NULL)
			w->failed = 1;
	}
	fmt->begin(w);
	return w;
}

void msg_writer_file(struct msg_writer *w, const char *file, const struct diag *d, size_t n)
{
	w->fmt->file(w, file, d, n);
	flush_to(w, w->spool != NULL);
}

int msg_writer_end(struct msg_writer *w, struct msg_counts c)
{
	if (w->fmt->spooled && w->spool == NULL) {
		free(w->nofile);
		free(w);
		return -1;
	}
	w->fmt->end(w, c);
	flush_to(w, 0);
	int failed = w->failed;
	if (w->spool)
		fclose(w->spool);
	buf_free(&w->b);
	free(w->nofile);
	free(w);
	return failed ? -1 : 0;
}

static int sink_buf(void *ctx, const char *p, size_t n)
{
	buf_add(ctx, p, n);
	return 0;
}

static int path_cmp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* A whole report: the sorted q and the list of the files checked, file by file. */
void msg_report_write(struct buf *b, const struct msg_report *r)
{
	struct msg_writer_opts o = {sink_buf, b, r->text, r->version, r->docs_url, r->quiet};
	struct msg_writer *w = msg_writer_new(r->format, &o);
	const char **files = xcalloc(r->nfiles + 1, sizeof *files);
	memcpy(files, r->files, r->nfiles * sizeof *files);
	qsort(files, r->nfiles, sizeof *files, path_cmp);
	const struct msgq *q = r->q;
	size_t i = 0, k = 0;
	size_t end = 0;
	while (end < q->n && q->d[end].pos.file == NULL)
		end++;
	msg_writer_file(w, NULL, q->d, end); /* the diagnostics without a file sort first */
	i = end;
	while (i < q->n || k < r->nfiles) {
		const char *file = i < q->n && q->d[i].pos.file ? q->d[i].pos.file : "";
		int c = i == q->n ? 1 : k == r->nfiles ? -1 : strcmp(file, files[k]);
		if (c > 0)
			file = files[k];
		for (end = i; c <= 0 && end < q->n && q->d[end].pos.file && !strcmp(q->d[end].pos.file, file);)
			end++;
		while (k < r->nfiles && !strcmp(files[k], file))
			k++;
		msg_writer_file(w, file, q->d + i, end - i);
		i = end;
	}
	free(files);
	if (msg_writer_end(w, r->counts) != 0)
		die(_("cannot write the report: %s"), strerror(errno));
}

void msg_print_json(struct buf *b, const struct msgq *q, struct msg_counts c)
{
	struct msg_writer_opts o = {sink_buf, b, NULL, NULL, NULL, 0};
	struct msg_writer *w = msg_writer_new(msg_format_find("json"), &o);
	msg_writer_file(w, "", q->d, q->n); /* in the order given */
	if (msg_writer_end(w, c) != 0)
		die(_("cannot write the report: %s"), strerror(errno));
}
