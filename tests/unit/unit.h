/* unit.h: shared helpers for the cmocka unit tests (tests/unit/test_*.c).
 * Everything here is static inline so that a test program that does not use a
 * helper gets no unused-function warning. */
#ifndef LOKET_UNIT_H
#define LOKET_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "msg.h"
#include "node.h"
#include "util.h"

/* The file name every in-memory document gets in positions. */
#define UNIT_FILE "t.yaml"

/* Load NUL-terminated YAML text with the default limits. */
static inline enum load_result unit_load(struct doc *d, const char *src, struct msgq *q)
{
	return load_yaml_mem(d, UNIT_FILE, src, strlen(src), &load_default_limits, q);
}

/* Load n bytes (may contain NUL) with the given limits. */
static inline enum load_result unit_load_n(struct doc *d, const char *src, size_t n, const struct load_limits *lim,
                                           struct msgq *q)
{
	return load_yaml_mem(d, UNIT_FILE, src, n, lim, q);
}

/* Limits that accept any top level (schemas and instances may be true, a list, 5). */
static const struct load_limits unit_any_root = {LOAD_MAX_BYTES, LOAD_MAX_DEPTH, 1, 0, LOAD_PARSER_ANY};

/* Assert that diagnostic i of q has this code and position (file is UNIT_FILE). */
#define assert_diag_at(q, i, code_, line_, col_)                                                                       \
	do {                                                                                                           \
		assert_true((size_t)(i) < (q)->n);                                                                     \
		assert_string_equal(msg_code_name((q)->d[(i)].code), msg_code_name(code_));                            \
		assert_int_equal((q)->d[(i)].code, (code_));                                                           \
		assert_int_equal((q)->d[(i)].pos.line, (line_));                                                       \
		assert_int_equal((q)->d[(i)].pos.col, (col_));                                                         \
	} while (0)

/* Assert the text (and hint: NULL for none) of diagnostic i. */
#define assert_diag_text(q, i, text_, hint_)                                                                           \
	do {                                                                                                           \
		assert_true((size_t)(i) < (q)->n);                                                                     \
		assert_string_equal((q)->d[(i)].text, (text_));                                                        \
		if ((hint_) == NULL)                                                                                   \
			assert_null((q)->d[(i)].hint);                                                                 \
		else {                                                                                                 \
			assert_non_null((q)->d[(i)].hint);                                                             \
			assert_string_equal((q)->d[(i)].hint, (const char *)(hint_));                                  \
		}                                                                                                      \
	} while (0)

/* Print the queue (to stderr) when a test is about to fail: helps reading failures. */
static inline void unit_dump(const struct msgq *q)
{
	for (size_t i = 0; i < q->n; i++)
		fprintf(stderr, "  [%zu] %s %u:%u %s%s%s\n", i, msg_code_name(q->d[i].code), q->d[i].pos.line,
		        q->d[i].pos.col, q->d[i].text, q->d[i].hint ? " | hint: " : "",
		        q->d[i].hint ? q->d[i].hint : "");
}

/* Assert the queue holds exactly n diagnostics, dumping it otherwise. */
#define assert_nmsgs(q, n_)                                                                                            \
	do {                                                                                                           \
		if ((q)->n != (size_t)(n_))                                                                            \
			unit_dump(q);                                                                                  \
		assert_int_equal((q)->n, (n_));                                                                        \
	} while (0)

/* The value of the first field of a mapping root (what "v: <scalar>" tests look at). */
static inline const struct node *unit_first_value(const struct doc *d)
{
	assert_non_null(d->root);
	assert_int_equal(d->root->kind, NODE_MAP);
	assert_true(d->root->n >= 1);
	return NODE_VAL(d->root, 0);
}

/* ---- a strict JSON checker (RFC 8259), to prove that output parses ---- */

struct unit_json {
	const char *p, *end;
	unsigned depth;
};

static inline void unit_json_ws(struct unit_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static inline int unit_json_lit(struct unit_json *j, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return 0;
	j->p += n;
	return 1;
}

static inline int unit_json_string(struct unit_json *j)
{
	if (j->p >= j->end || *j->p != '"')
		return 0;
	j->p++;
	while (j->p < j->end) {
		unsigned char c = (unsigned char)*j->p;
		if (c == '"') {
			j->p++;
			return 1;
		}
		if (c < 0x20)
			return 0; /* raw control characters are not allowed */
		if (c == '\\') {
			j->p++;
			if (j->p >= j->end)
				return 0;
			char e = *j->p;
			if (e == 'u') {
				for (int i = 1; i <= 4; i++)
					if (j->p + i >= j->end || !strchr("0123456789abcdefABCDEF", j->p[i]) ||
					    !j->p[i])
						return 0;
				j->p += 5;
				continue;
			}
			if (!strchr("\"\\/bfnrt", e) || !e)
				return 0;
		}
		j->p++;
	}
	return 0;
}

static inline int unit_json_digits(struct unit_json *j)
{
	const char *s = j->p;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

static inline int unit_json_number(struct unit_json *j)
{
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (!unit_json_digits(j))
		return 0;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!unit_json_digits(j))
			return 0;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!unit_json_digits(j))
			return 0;
	}
	return 1;
}

static inline int unit_json_value(struct unit_json *j)
{
	unit_json_ws(j);
	if (j->p >= j->end || ++j->depth > 200)
		return 0;
	int ok;
	char c = *j->p;
	if (c == '{' || c == '[') {
		char close = c == '{' ? '}' : ']';
		j->p++;
		unit_json_ws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			ok = 1;
		} else {
			for (;;) {
				if (c == '{') {
					unit_json_ws(j);
					if (!unit_json_string(j))
						return 0;
					unit_json_ws(j);
					if (j->p >= j->end || *j->p != ':')
						return 0;
					j->p++;
				}
				if (!unit_json_value(j))
					return 0;
				unit_json_ws(j);
				if (j->p < j->end && *j->p == ',') {
					j->p++;
					continue;
				}
				if (j->p < j->end && *j->p == close) {
					j->p++;
					break;
				}
				return 0;
			}
			ok = 1;
		}
	} else if (c == '"') {
		ok = unit_json_string(j);
	} else if (c == 't') {
		ok = unit_json_lit(j, "true");
	} else if (c == 'f') {
		ok = unit_json_lit(j, "false");
	} else if (c == 'n') {
		ok = unit_json_lit(j, "null");
	} else {
		ok = unit_json_number(j);
	}
	j->depth--;
	return ok;
}

/* Whether s (n bytes) is exactly one JSON value, with optional white space around it. */
static inline int unit_json_valid(const char *s, size_t n)
{
	struct unit_json j = {s, s + n, 0};
	if (!unit_json_value(&j))
		return 0;
	unit_json_ws(&j);
	return j.p == j.end;
}

#endif
