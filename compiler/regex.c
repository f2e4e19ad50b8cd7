/* regex.c: PCRE2 patterns compiled once, matched with limits so no pattern can hang loket. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <string.h>

#include "regex.h"
#include "util.h"

struct regex {
	pcre2_code *code;
};

/* ECMA-262's \s, which is wider than PCRE2's without UCP. */
#define ECMA_SPACE "\\t\\n\\x0b\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}"

static const struct {
	const char *ecma, *pcre;
} props[] = {
	{"Letter", "L"}, {"Lowercase_Letter", "Ll"}, {"Uppercase_Letter", "Lu"}, {"digit", "Nd"},
	{"Decimal_Number", "Nd"}, {"Number", "N"}, {"Punctuation", "P"}, {"Symbol", "S"},
	{"Separator", "Z"}, {"Mark", "M"}, {"Other", "C"},
};

/* Translate the few ECMA-262 constructs PCRE2 reads differently. */
static char *ecma_to_pcre(const char *p)
{
	struct buf b = {0};
	int in_class = 0;
	for (size_t i = 0; p[i]; i++) {
		char c = p[i];
		if (c == '\\' && p[i + 1]) {
			char e = p[i + 1];
			if (e == 's') {
				buf_adds(&b, in_class ? ECMA_SPACE : "[" ECMA_SPACE "]");
				i++;
				continue;
			}
			if (e == 'S' && !in_class) {
				buf_adds(&b, "[^" ECMA_SPACE "]");
				i++;
				continue;
			}
			if ((e == 'p' || e == 'P') && p[i + 2] == '{') {
				const char *close = strchr(p + i + 3, '}');
				if (close) {
					size_t len = (size_t)(close - (p + i + 3));
					for (size_t k = 0; k < sizeof props / sizeof *props; k++)
						if (strlen(props[k].ecma) == len && !strncmp(props[k].ecma, p + i + 3, len)) {
							buf_printf(&b, "\\%c{%s}", e, props[k].pcre);
							i = (size_t)(close - p);
							goto next;
						}
				}
			}
			buf_addc(&b, c);
			buf_addc(&b, e);
			i++;
			continue;
		}
		if (c == '[' && !in_class)
			in_class = 1;
		else if (c == ']' && in_class)
			in_class = 0;
		buf_addc(&b, c);
	next:;
	}
	return buf_take(&b);
}

struct regex *regex_compile(const char *pattern, enum regex_dialect d, char *err, size_t errlen)
{
	char *src = d == REGEX_ECMA ? ecma_to_pcre(pattern) : xstrdup(pattern);
	uint32_t opts = PCRE2_UTF | PCRE2_DOLLAR_ENDONLY;
	if (d == REGEX_PCRE)
		opts |= PCRE2_CASELESS | PCRE2_UCP;
	int code;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, opts, &code, &off, NULL);
	free(src);
	if (c == NULL) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		snprintf(err, errlen, "%s at offset %zu", (char *)msg, (size_t)off);
		return NULL;
	}
	pcre2_jit_compile(c, PCRE2_JIT_COMPLETE); /* optional: falls back to the interpreter */
	struct regex *re = xmalloc(sizeof *re);
	re->code = c;
	return re;
}

void regex_free(struct regex *re)
{
	if (re == NULL)
		return;
	pcre2_code_free(re->code);
	free(re);
}

/* One match context and match data per thread, made on first use. */
static _Thread_local pcre2_match_context *mctx;
static _Thread_local pcre2_match_data *mdata;

static void setup(void)
{
	if (mctx)
		return;
	mctx = pcre2_match_context_create(NULL);
	mdata = pcre2_match_data_create(32, NULL);
	if (mctx == NULL || mdata == NULL)
		die("out of memory");
	pcre2_set_match_limit(mctx, 200000);
	pcre2_set_depth_limit(mctx, 2000);
	pcre2_set_heap_limit(mctx, 16 * 1024); /* KiB */
}

enum regex_result regex_search(const struct regex *re, const char *subject, size_t n, size_t offset, size_t *start,
			       size_t *end)
{
	if (n > REGEX_MAX_SUBJECT)
		return REGEX_LIMIT;
	setup();
	int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, n, offset, 0, mdata, mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return REGEX_NOMATCH;
	if (rc < 0)
		return REGEX_LIMIT; /* match, depth or heap limit, or bad UTF-8: fail closed */
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(mdata);
	if (start)
		*start = ov[0];
	if (end)
		*end = ov[1];
	return REGEX_MATCH;
}
