/* regex.h: PCRE2 patterns compiled once, matched with limits so no pattern can hang loket. */
#ifndef LOKET_REGEX_H
#define LOKET_REGEX_H

#include <stddef.h>

struct regex;

enum regex_dialect {
	REGEX_ECMA, /* JSON Schema patterns: ECMA-262 (u flag) translated to PCRE2; PCRE2-only syntax refused */
	REGEX_PCRE  /* vocabularies: PCRE2 as written, caseless */
};

/* Compile a pattern. On failure returns NULL and writes the reason into err. */
struct regex *regex_compile(const char *pattern, enum regex_dialect d, char *err, size_t errlen);
void regex_free(struct regex *re);
/* Whether an ECMA-262 pattern is valid (format "regex"): compiled, not kept, no JIT. */
int regex_check(const char *pattern, char *err, size_t errlen);

enum regex_result { REGEX_NOMATCH = 0, REGEX_MATCH = 1, REGEX_LIMIT = -1 };

/* Search subject (UTF-8, n bytes). On REGEX_MATCH and when start/end are not NULL,
 * they receive the byte offsets of the match. REGEX_LIMIT: the match or length
 * limit was hit; callers treat it as a failure (fail closed). */
enum regex_result regex_search(const struct regex *re, const char *subject, size_t n, size_t offset, size_t *start,
                               size_t *end);
/* The same on a subject known to be valid UTF-8 (a string of a tree the loader made: its pre-scan
 * checked the bytes, and the escapes of double-quoted scalars are checked once more): PCRE2 does
 * not check the whole subject again on each call (of many over one text). Never on other bytes. */
enum regex_result regex_search_utf8(const struct regex *re, const char *subject, size_t n, size_t offset, size_t *start,
                                    size_t *end);

/* Subjects longer than this are not matched (REGEX_LIMIT). */
enum { REGEX_MAX_SUBJECT = 64 * 1024 };

#endif
