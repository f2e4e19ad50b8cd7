/* diff.c: the deterministic differential test of the YAML fast path (make test-yaml-fast,
 * tests/yamlfast/run.sh): built as build/yamlfast-diff.
 *
 *   yamlfast-diff [--mutate] [--save DIR] [--every N] [--show N] [--min-taken PCT]
 *                 [--may-decline] FILE... [--must-take FILE...]
 *
 * Every FILE, and with --mutate the inputs one mutation away from it, goes through yaml_diff
 * (tests/fuzz/yaml_diff.h): where the fast path takes an input, libyaml must give the same
 * tree, positions and values, under the default limits and the others yaml_diff tries; where
 * it declines, it must report nothing of its own. `yamlfast-diff FILE` checks one file as it
 * is: the way to reproduce a difference.
 *
 * The mutations of a line: at each of its byte offsets (in a file over SMALL_FILE bytes, every
 * STRIDE-th, its start, the end of its indentation, each structural character (: - | [ ] { }
 * " ' # , & * ! ? > % @ ` tab) and the byte after it, the start of the value after one, and
 * its end): delete the byte, insert each of the tokens below before it, replace it with each;
 * then duplicate the line, delete it, indent it by 1 or 2 spaces, dedent it by 1 or 2, swap it
 * with the next. They are made in a window of the file: all of it when it is at most WINDOW
 * bytes, else the largest block around the line (a key or list item with all under it, a
 * document of its own) that fits, with the line after it unless that is less indented. A line
 * that looks like one mutated before (the shapes of it and its neighbours: line_shape), in
 * this file or an earlier one, is not mutated again: descriptions repeat their lines with
 * other words. The mutations are deterministic; --every N (or YAMLFAST_EVERY=N) keeps one in
 * N, by a fixed hash of its number (the sanitizer pass).
 *
 * Coverage, unless YAMLFAST_NO_COVERAGE=1: every file after --must-take must be taken by the
 * fast path as it is, and at least PCT percent (default 20) of the mutations. Prints the
 * first --show (default 10) differences, each input saved as DIR/diff-K.yaml, then the
 * counts. Exit status: 0 no difference and coverage met, 1 otherwise, 2 usage or I/O error. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../fuzz/yaml_diff.h"

enum { WINDOW = 1024, SMALL_FILE = 4096, STRIDE = 4 };

static const char *const tokens[] = {" ",  "\n", "-", ":", "#", "\"", "'", "|", "[", "]", ",",
                                     "\t", "x",  "&", "*", "!", "{",  "?", ">", "0", "."};
enum { NTOKENS = sizeof tokens / sizeof tokens[0] };

struct opts {
	int mutate, coverage;
	const char *save;
	unsigned long every, show, min_taken;
};

struct counts {
	unsigned long inputs, taken, declined, refused;
	unsigned long files, mutations, mutations_taken, lines, skipped_lines;
	unsigned long must, must_declined, diffs;
	unsigned long long windows_bytes;
};

static struct opts o = {0, 1, NULL, 1, 10, 20};
static const char *progname = "yamlfast-diff";
static struct counts c;
static unsigned long sample_no; /* mutations enumerated, kept or not */

/* ---- a set of 64-bit hashes (line neighbourhoods already mutated) ---- */

static uint64_t *seen;
static size_t seen_n, seen_cap;

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15u;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

/* 1 when h was there already; else adds it. */
static int seen_add(uint64_t h)
{
	if (h == 0)
		h = 1; /* 0 marks an empty slot */
	if (2 * (seen_n + 1) > seen_cap) {
		size_t cap = seen_cap ? 2 * seen_cap : 1 << 16;
		uint64_t *t = calloc(cap, sizeof *t);
		if (t == NULL)
			die("out of memory");
		for (size_t i = 0; i < seen_cap; i++)
			if (seen[i])
				for (size_t k = seen[i] & (cap - 1);; k = (k + 1) & (cap - 1))
					if (t[k] == 0) {
						t[k] = seen[i];
						break;
					}
		free(seen);
		seen = t;
		seen_cap = cap;
	}
	for (size_t k = h & (seen_cap - 1);; k = (k + 1) & (seen_cap - 1)) {
		if (seen[k] == h)
			return 1;
		if (seen[k] == 0) {
			seen[k] = h;
			seen_n++;
			return 0;
		}
	}
}

/* ---- one input ---- */

static void report(const char *file, const char *what, const char *data, size_t len, const char *why)
{
	c.diffs++;
	if (c.diffs > o.show)
		return;
	printf("FAIL: %s: %s\n%s", file, what ? what : "as it is", why);
	if (o.save == NULL)
		return;
	char path[4096];
	snprintf(path, sizeof path, "%s/diff-%lu.yaml", o.save, c.diffs);
	(void)mkdir(o.save, 0777); /* there already, mostly */
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("  (could not save %s: %s)\n", path, strerror(errno));
		return;
	}
	printf("  saved: %s (reproduce: %s %s)\n", path, progname, path);
}

/* Check one input; what is NULL for the file itself, else the mutation. Returns whether the
 * fast path took it. */
static int check(const char *file, const char *what, const char *data, size_t len)
{
	struct buf why = {0};
	struct yaml_diff_info info;
	if (yaml_diff(file, data, len, &why, &info))
		report(file, what, data, len, why.p);
	buf_free(&why);
	c.inputs++;
	if (info.taken)
		c.taken++;
	else
		c.declined++;
	if (info.refused)
		c.refused++;
	if (what) {
		c.mutations++;
		c.mutations_taken += (unsigned long)info.taken;
	}
	return info.taken;
}

/* ---- mutations ---- */

static struct buf scratch;

/* Whether mutation number sample_no is kept (--every). */
static int kept(void)
{
	sample_no++;
	return o.every <= 1 || mix(sample_no) % o.every == 0;
}

/* A mutation of the window w[0..n): bytes [at, at+cut) replaced by ins[0..k). */
static void splice(const char *file, const char *what, const char *w, size_t n, size_t at, size_t cut, const char *ins,
                   size_t k)
{
	if (!kept())
		return;
	scratch.len = 0;
	buf_add(&scratch, w, at);
	buf_add(&scratch, ins, k);
	buf_add(&scratch, w + at + cut, n - at - cut);
	check(file, what, scratch.p ? scratch.p : "", scratch.len);
}

/* The characters that make structure in YAML, where every mutation is tried. */
static int structural(char ch) { return ch && strchr(":-|[]{}\"'#,&*!?>%@`\t", ch) != NULL; }

static void show_token(char *out, size_t n, const char *t)
{
	snprintf(out, n, "%s", t[0] == '\n' ? "\\n" : t[0] == '\t' ? "\\t" : t);
}

/* The offsets of a line [s, e) where bytes are mutated: all of them in a file of at most
 * SMALL_FILE bytes; in a larger one every STRIDE-th, the line start, the end of the
 * indentation, every structural character and the byte after it, the first byte after the
 * spaces that follow one (a value's start) and the line end. */
static int mutated_offset(const char *w, size_t s, size_t e, size_t indent, size_t at, int small)
{
	if (at == s || at == e || at == indent || structural(w[at]) || (at > s && structural(w[at - 1])))
		return 1;
	if (w[at] != ' ' && at > s && w[at - 1] == ' ') {
		size_t k = at - 1;
		while (k > s && w[k] == ' ')
			k--;
		if (structural(w[k]))
			return 1;
	}
	return small || (at - s) % STRIDE == 0;
}

/* Byte mutations on line `line` of the file, which is [s, e) in the window w[0..n). */
static void mutate_bytes(const char *file, const char *w, size_t n, unsigned line, size_t s, size_t e, int small)
{
	size_t indent = s;
	while (indent < e && w[indent] == ' ')
		indent++;
	char what[160], tok[8];
	for (size_t at = s; at <= e; at++) {
		if (!mutated_offset(w, s, e, indent, at, small))
			continue;
		unsigned col = (unsigned)(at - s) + 1;
		if (at < n) {
			snprintf(what, sizeof what, "line %u, byte %u deleted", line, col);
			splice(file, what, w, n, at, 1, "", 0);
		}
		for (size_t t = 0; t < NTOKENS; t++) {
			show_token(tok, sizeof tok, tokens[t]);
			snprintf(what, sizeof what, "line %u, '%s' inserted before byte %u", line, tok, col);
			splice(file, what, w, n, at, 0, tokens[t], strlen(tokens[t]));
			if (at < n && w[at] != tokens[t][0]) {
				snprintf(what, sizeof what, "line %u, byte %u replaced with '%s'", line, col, tok);
				splice(file, what, w, n, at, 1, tokens[t], strlen(tokens[t]));
			}
		}
	}
}

/* Line mutations on line `line`, [s, e) in the window w[0..n); the next line ends at ne
 * (ne == e: there is none). */
static void mutate_line(const char *file, const char *w, size_t n, unsigned line, size_t s, size_t e, size_t ne)
{
	char what[160];
	size_t full = e < n ? e + 1 : e; /* with its line break */
	snprintf(what, sizeof what, "line %u duplicated", line);
	if (kept()) {
		scratch.len = 0;
		buf_add(&scratch, w, e);
		buf_addc(&scratch, '\n');
		buf_add(&scratch, w + s, e - s);
		buf_add(&scratch, w + e, n - e);
		check(file, what, scratch.p, scratch.len);
	}
	snprintf(what, sizeof what, "line %u deleted", line);
	splice(file, what, w, n, s, full - s, "", 0);
	for (size_t k = 1; k <= 2; k++) {
		snprintf(what, sizeof what, "line %u indented by %zu", line, k);
		splice(file, what, w, n, s, 0, "  ", k);
		if (e - s >= k && !strncmp(w + s, "  ", k)) {
			snprintf(what, sizeof what, "line %u dedented by %zu", line, k);
			splice(file, what, w, n, s, k, "", 0);
		}
	}
	if (ne > e && kept()) {
		snprintf(what, sizeof what, "lines %u and %u swapped", line, line + 1);
		scratch.len = 0;
		buf_add(&scratch, w, s);
		buf_add(&scratch, w + e + 1, ne - e - 1);
		buf_addc(&scratch, '\n');
		buf_add(&scratch, w + s, e - s);
		buf_add(&scratch, w + ne, n - ne);
		check(file, what, scratch.p, scratch.len);
	}
}

/* ---- lines, blocks and windows ---- */

struct line {
	size_t start, end; /* the bytes, without the line break */
	size_t block_end;  /* the first line after its block (a key or item and what is under it) */
	long parent;       /* the line whose block holds this one, or -1 */
	unsigned indent;   /* leading spaces */
	int content, dash; /* not blank or a comment; an item ("- ") */
	uint64_t shape;    /* see line_shape */
};

/* A hash of what the line looks like to a YAML parser: the indentation and the structural
 * characters as they are, a run of words (letters, digits and the single spaces between
 * them) as one 'a', or '9' when it is all digits. "  - name: Anne de Vries" and
 * "  - name: Piet" look the same. */
static uint64_t line_shape(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037u;
	char last = 0, pend = 0; /* the class last emitted; a space held back after a word */
	size_t i = 0;
	for (; i < n && p[i] == ' '; i++)
		h = fnv(h, " ", 1);
	for (; i < n; i++) {
		char ch = p[i];
		char k = structural(ch) ? ch : ch >= '0' && ch <= '9' ? '9' : ch == ' ' ? ' ' : 'a';
		if (k == 'a' || k == '9') {
			if (last == 'a' || last == '9') { /* the same word run, a space or not between */
				if (k != last)
					last = 'a'; /* a digit and a letter: a word */
				pend = 0;
				continue;
			}
			if (last)
				h = fnv(h, &last, 1);
			last = k;
			continue;
		}
		if (k == ' ' && (last == 'a' || last == '9') && !pend) {
			pend = 1;
			continue;
		}
		if (last)
			h = fnv(h, &last, 1);
		if (pend)
			h = fnv(h, " ", 1), pend = 0;
		last = k;
	}
	if (last)
		h = fnv(h, &last, 1);
	return h;
}

static struct line *lines;
static size_t lines_cap;

/* Split data into lines (the text after the last '\n' is a line, maybe empty); blocks and
 * parents with a stack of the open blocks: a content line closes the blocks it is not
 * inside: those indented more, and at its own indentation all but a key whose list items
 * ("- ") stand at the key's indentation. */
static size_t split(const char *data, size_t len)
{
	size_t n = 0, start = 0;
	for (;;) {
		const char *nl = memchr(data + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - data) : len;
		lines = xgrow(lines, &lines_cap, n + 1, sizeof *lines);
		struct line *l = &lines[n++];
		memset(l, 0, sizeof *l);
		l->start = start;
		l->end = end;
		while (start + l->indent < end && data[start + l->indent] == ' ')
			l->indent++;
		size_t first = start + l->indent;
		l->content = first < end && data[first] != '#' && data[first] != '\t';
		l->dash = l->content && data[first] == '-';
		l->shape = line_shape(data + start, end - start);
		if (nl == NULL)
			break;
		start = end + 1;
	}
	long *stack = xmalloc((n + 1) * sizeof *stack);
	size_t depth = 0;
	for (size_t i = 0; i < n; i++) {
		struct line *l = &lines[i];
		l->block_end = i + 1;
		if (l->content)
			while (depth > 0) {
				struct line *t = &lines[stack[depth - 1]];
				if (l->indent > t->indent || (l->indent == t->indent && !t->dash && l->dash))
					break;
				t->block_end = i;
				depth--;
			}
		l->parent = depth ? stack[depth - 1] : -1;
		if (l->content)
			stack[depth++] = (long)i;
	}
	while (depth > 0)
		lines[stack[--depth]].block_end = n;
	free(stack);
	return n;
}

/* The bytes of lines [a, b), with the last one's line break. */
static size_t span_bytes(size_t len, size_t a, size_t b)
{
	size_t end = lines[b - 1].end < len ? lines[b - 1].end + 1 : len;
	return end - lines[a].start;
}

/* The lines [*a, *b) around line i that its mutations are made in: the whole file when it is
 * at most WINDOW bytes; else the largest block holding the line that fits (a key or list item
 * with all under it, a valid document of its own), and the line after it when that is not
 * less indented; cut to WINDOW bytes (but never before line i + 2) when even the line's own
 * block is larger. */
static void window(size_t len, size_t n, size_t i, size_t *a, size_t *b)
{
	if (len <= WINDOW) {
		*a = 0, *b = n;
		return;
	}
	long cur = lines[i].content ? (long)i : lines[i].parent;
	if (cur < 0) {
		*a = i, *b = i + 1 < n ? i + 2 : n;
		return;
	}
	while (lines[cur].parent >= 0 &&
	       span_bytes(len, (size_t)lines[cur].parent, lines[lines[cur].parent].block_end) <= WINDOW)
		cur = lines[cur].parent;
	*a = (size_t)cur;
	*b = lines[cur].block_end;
	if (*b < n && (!lines[*b].content || lines[*b].indent >= lines[cur].indent))
		(*b)++; /* the line after, unless it is less indented: the window's start is its top level */
	while (*b > i + 2 && span_bytes(len, *a, *b) > WINDOW)
		(*b)--;
}

/* Line i's neighbourhood: the shapes of the line before, the line and the line after. */
static uint64_t neighbourhood(size_t n, size_t i)
{
	uint64_t h = i > 0 ? lines[i - 1].shape : 1;
	h = mix(h ^ lines[i].shape);
	return mix(h ^ (i + 1 < n ? lines[i + 1].shape : 2));
}

static void mutate(const char *file, const char *data, size_t len)
{
	size_t n = split(data, len);
	for (size_t i = 0; i < n; i++) {
		if (seen_add(neighbourhood(n, i))) {
			c.skipped_lines++;
			continue;
		}
		size_t a, b;
		window(len, n, i, &a, &b);
		size_t base = lines[a].start, wlen = span_bytes(len, a, b);
		const char *w = data + base;
		size_t s = lines[i].start - base, e = lines[i].end - base;
		size_t ne = i + 1 < b ? lines[i + 1].end - base : e;
		c.windows_bytes += wlen;
		c.lines++;
		mutate_bytes(file, w, wlen, (unsigned)i + 1, s, e, len <= SMALL_FILE);
		if (s < wlen)
			mutate_line(file, w, wlen, (unsigned)i + 1, s, e, ne);
	}
}

static int run_file(const char *file, int must)
{
	FILE *f = fopen(file, "rb");
	if (f == NULL) {
		fprintf(stderr, "yamlfast-diff: %s: %s\n", file, strerror(errno));
		return -1;
	}
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "yamlfast-diff: %s: read error\n", file);
		buf_free(&b);
		return -1;
	}
	c.files++;
	const char *data = b.p ? b.p : "";
	if (!check(file, NULL, data, b.len) && must) {
		c.must_declined++;
		if (o.coverage && c.must_declined <= o.show)
			printf("FAIL: %s: the fast path declined it (every description must be taken)\n", file);
	}
	c.must += (unsigned long)must;
	if (o.mutate)
		mutate(file, data, b.len);
	buf_free(&b);
	return 0;
}

static unsigned long number(const char *s, const char *what)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v == 0) {
		fprintf(stderr, "yamlfast-diff: %s wants a positive number, not '%s'\n", what, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	progname = argv[0];
	const char *e = getenv("YAMLFAST_NO_COVERAGE");
	o.coverage = !(e && *e && strcmp(e, "0") != 0);
	e = getenv("YAMLFAST_EVERY");
	if (e && *e)
		o.every = number(e, "YAMLFAST_EVERY");
	int must = 0, files = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--mutate"))
			o.mutate = 1;
		else if (!strcmp(a, "--must-take"))
			must = 1;
		else if (!strcmp(a, "--may-decline"))
			must = 0;
		else if (!strcmp(a, "--save") && i + 1 < argc)
			o.save = argv[++i];
		else if (!strcmp(a, "--every") && i + 1 < argc)
			o.every = number(argv[++i], "--every");
		else if (!strcmp(a, "--show") && i + 1 < argc)
			o.show = number(argv[++i], "--show");
		else if (!strcmp(a, "--min-taken") && i + 1 < argc)
			o.min_taken = strtoul(argv[++i], NULL, 10);
		else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, "usage: yamlfast-diff [--mutate] [--save DIR] [--every N] [--show N] "
			                "[--min-taken PCT] [--may-decline] FILE... [--must-take FILE...]\n");
			return 2;
		} else {
			files++;
			if (run_file(a, must) != 0)
				return 2;
		}
	}
	if (files == 0) {
		fprintf(stderr, "yamlfast-diff: no file given\n");
		return 2;
	}
	if (c.diffs > o.show)
		printf("... and %lu more differences\n", c.diffs - o.show);
	double pct = c.mutations ? 100.0 * (double)c.mutations_taken / (double)c.mutations : 0.0;
	printf("yamlfast-diff: %lu inputs (%lu files, %lu mutations%s): taken by the fast path %lu, declined %lu "
	       "(%lu refused by the pre-scan); mutations taken %lu (%.1f%%); lines mutated %lu, not again %lu "
	       "(%llu bytes a window on average); differences %lu\n",
	       c.inputs, c.files, c.mutations, o.every > 1 ? ", sampled" : "", c.taken, c.declined, c.refused,
	       c.mutations_taken, pct, c.lines, c.skipped_lines, c.lines ? c.windows_bytes / c.lines : 0, c.diffs);
	int fail = c.diffs > 0;
	if (!o.coverage) {
		printf("yamlfast-diff: coverage not required (YAMLFAST_NO_COVERAGE): %lu of %lu descriptions "
		       "declined\n",
		       c.must_declined, c.must);
	} else {
		if (c.must_declined) {
			printf("FAIL: the fast path declined %lu of the %lu descriptions that must be taken\n",
			       c.must_declined, c.must);
			fail = 1;
		}
		if (o.mutate && c.mutations && pct < (double)o.min_taken) {
			printf("FAIL: the fast path took %.1f%% of the mutations, at least %lu%% wanted\n", pct,
			       o.min_taken);
			fail = 1;
		}
	}
	buf_free(&scratch);
	free(seen);
	free(lines);
	return fail;
}
