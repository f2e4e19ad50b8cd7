/* regex.c: PCRE2 patterns compiled once, matched with limits so no pattern can hang loket. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <pthread.h>
#include <string.h>

#include "regex.h"
#include "util.h"

struct regex {
	pcre2_code *code;
};

/* ECMA-262's \s (WhiteSpace and LineTerminator), which is wider than PCRE2's without UCP. */
#define ECMA_SPACE                                                                                                     \
	"\\t\\n\\x0b\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}"
/* ECMA-262's . : any code point but a LineTerminator (PCRE2's excludes only \n). */
#define ECMA_DOT "[^\\n\\r\\x{2028}\\x{2029}]"

static const struct {
	const char *ecma, *pcre;
} props[] = {
        {"Letter", "L"},
        {"Lowercase_Letter", "Ll"},
        {"Uppercase_Letter", "Lu"},
        {"digit", "Nd"},
        {"Decimal_Number", "Nd"},
        {"Number", "N"},
        {"Punctuation", "P"},
        {"Symbol", "S"},
        {"Separator", "Z"},
        {"Mark", "M"},
        {"Other", "C"},
};

struct xlat {
	const char *p; /* the ECMA-262 pattern */
	size_t i;      /* where we are in it */
	struct buf out;
	const char *err; /* the first construct ECMA-262 does not allow */
	size_t err_at;
};

static void xlat_fail(struct xlat *x, const char *why, size_t at)
{
	if (x->err == NULL) {
		x->err = why;
		x->err_at = at;
	}
}

static int hexdig(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static unsigned hex4(const char *s)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++)
		v = v * 16 + (unsigned)(s[k] <= '9' ? s[k] - '0' : (s[k] | 0x20) - 'a' + 10);
	return v;
}

/* \u escapes: \uXXXX (a surrogate pair makes one code point) and \u{X...}. At x->i is
 * the 'u'. Writes \x{...}; returns 0 when it is not a \u escape. */
static int xlat_unicode(struct xlat *x)
{
	const char *p = x->p + x->i;
	if (p[1] == '{') {
		size_t k = 2;
		while (hexdig(p[k]))
			k++;
		if (k == 2 || p[k] != '}' || k > 8)
			return 0;
		buf_printf(&x->out, "\\x{%.*s}", (int)(k - 2), p + 2);
		x->i += k;
		return 1;
	}
	if (!(hexdig(p[1]) && hexdig(p[2]) && hexdig(p[3]) && hexdig(p[4])))
		return 0;
	unsigned cp = hex4(p + 1);
	x->i += 4;
	if (cp >= 0xd800 && cp < 0xdc00 && p[5] == '\\' && p[6] == 'u' && hexdig(p[7]) && hexdig(p[8]) &&
	    hexdig(p[9]) && hexdig(p[10])) {
		unsigned lo = hex4(p + 7);
		if (lo >= 0xdc00 && lo < 0xe000) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			x->i += 6;
		}
	}
	buf_printf(&x->out, "\\x{%x}", cp);
	return 1;
}

/* One escape at x->i (the backslash), in or out of a class. Returns 1 when it was
 * \S (left for the caller inside a class). */
static int xlat_escape(struct xlat *x, int in_class)
{
	size_t at = x->i;
	char e = x->p[x->i + 1];
	x->i++; /* on the escaped character */
	switch (e) {
	case 's':
		buf_adds(&x->out, in_class ? ECMA_SPACE : "[" ECMA_SPACE "]");
		return 0;
	case 'S':
		if (in_class)
			return 1;
		buf_adds(&x->out, "[^" ECMA_SPACE "]");
		return 0;
	case 'v': /* a vertical tab; PCRE2's \v is a class */
		buf_adds(&x->out, "\\x{0b}");
		return 0;
	case 'u':
		if (!xlat_unicode(x))
			xlat_fail(x, "\\u must be followed by 4 hexadecimal digits or {...}", at);
		return 0;
	case '0':
		if (x->p[x->i + 1] >= '0' && x->p[x->i + 1] <= '9')
			xlat_fail(x, "\\0 followed by a digit", at);
		buf_adds(&x->out, "\\x{0}");
		return 0;
	case 'p':
	case 'P':
		if (x->p[x->i + 1] == '{') {
			const char *name = x->p + x->i + 2, *close = strchr(name, '}');
			if (close) {
				size_t len = (size_t)(close - name);
				/* Script=Greek, sc=Greek, General_Category=Letter, gc=L: PCRE2 takes the value */
				const char *eq = memchr(name, '=', len);
				if (eq) {
					size_t kl = (size_t)(eq - name);
					if ((kl == 6 && !strncmp(name, "Script", 6)) ||
					    (kl == 2 && !strncmp(name, "sc", 2)) ||
					    (kl == 16 && !strncmp(name, "General_Category", 16)) ||
					    (kl == 2 && !strncmp(name, "gc", 2))) {
						len -= kl + 1;
						name = eq + 1;
					}
				}
				const char *mapped = NULL;
				for (size_t k = 0; k < sizeof props / sizeof *props; k++)
					if (strlen(props[k].ecma) == len && !strncmp(props[k].ecma, name, len))
						mapped = props[k].pcre;
				if (mapped)
					buf_printf(&x->out, "\\%c{%s}", e, mapped);
				else
					buf_printf(&x->out, "\\%c{%.*s}", e, (int)len, name);
				x->i = (size_t)(close - x->p);
				return 0;
			}
		}
		xlat_fail(x, "\\p must be followed by {property}", at);
		return 0;
	case '\0':
		xlat_fail(x, "a pattern may not end with \\", at);
		x->i--;
		return 0;
	default:
		break;
	}
	/* The letter escapes ECMA-262 defines; any other (\a, \e, \A, \Z, \z, \h, \Q, \K,
	 * \R, \X, \g, \o, ...) means something else to PCRE2, or nothing in ECMA-262. */
	if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) {
		if (!strchr(in_class ? "dDwWbfnrtcx" : "dDwWbBfnrtcxk", e))
			xlat_fail(x, "an escape that ECMA-262 does not define", at);
		if (e == 'c' && !((x->p[x->i + 1] >= 'a' && x->p[x->i + 1] <= 'z') ||
		                  (x->p[x->i + 1] >= 'A' && x->p[x->i + 1] <= 'Z')))
			xlat_fail(x, "\\c must be followed by a letter", at);
		if (e == 'x' && !(hexdig(x->p[x->i + 1]) && hexdig(x->p[x->i + 2])))
			xlat_fail(x, "\\x must be followed by 2 hexadecimal digits", at);
	}
	buf_addc(&x->out, '\\');
	buf_addc(&x->out, e);
	return 0;
}

/* A class at x->i ('['). ECMA-262: ']' right after '[' or '[^' closes it ([] matches
 * nothing, [^] anything); '[' inside is literal; \S inside needs an alternation,
 * since PCRE2 cannot negate a list inside a class. */
static void xlat_class(struct xlat *x)
{
	size_t start = x->i;
	int negated = x->p[x->i + 1] == '^';
	x->i += negated ? 2 : 1;
	if (x->p[x->i] == ']') {
		buf_adds(&x->out, negated ? "[\\s\\S]" : "(?!)");
		return;
	}
	struct buf saved = x->out;
	x->out = (struct buf){0};
	int has_S = 0;
	for (;; x->i++) {
		char c = x->p[x->i];
		if (c == '\0') {
			xlat_fail(x, "a class without its closing ]", start);
			x->i--; /* the caller steps onto the end */
			break;
		}
		if (c == ']')
			break;
		if (c == '\\')
			has_S |= xlat_escape(x, 1);
		else if (c == '[')
			buf_adds(&x->out, "\\[");
		else
			buf_addc(&x->out, c);
	}
	struct buf items = x->out;
	x->out = saved;
	const char *it = items.p ? items.p : "";
	if (!has_S)
		buf_printf(&x->out, "[%s%s]", negated ? "^" : "", it);
	else if (!negated)
		buf_printf(&x->out, items.len ? "(?:[%s]|[^" ECMA_SPACE "])" : "%s[^" ECMA_SPACE "]", it);
	else
		buf_printf(&x->out, items.len ? "(?![%s])[" ECMA_SPACE "]" : "%s[" ECMA_SPACE "]", it);
	buf_free(&items);
}

/* Translate an ECMA-262 pattern (with the u flag, as JSON Schema reads them) to PCRE2;
 * refuse what ECMA-262 does not allow and PCRE2 would read as something else. */
static char *ecma_to_pcre(const char *p, char *err, size_t errlen)
{
	struct xlat x = {p, 0, {0}, NULL, 0};
	int after_quant = 0; /* just after a quantifier, or its lazy '?' */
	for (; p[x.i] && !x.err; x.i++) {
		char c = p[x.i];
		int quant = 0;
		if (c == '\\') {
			xlat_escape(&x, 0);
		} else if (c == '[') {
			xlat_class(&x);
		} else if (c == '.') {
			buf_adds(&x.out, ECMA_DOT);
		} else if (c == '(' && p[x.i + 1] == '*') {
			xlat_fail(&x, "(* is not ECMA-262", x.i);
		} else if (c == '(' && p[x.i + 1] == '?') {
			/* groups ECMA-262 knows: (?:  (?=  (?!  (?<=  (?<!  (?<name>  and modifiers (?i-m:...) */
			const char *g = p + x.i + 2;
			size_t k = 0;
			while (g[k] && strchr("ims-", g[k]))
				k++;
			int ok = strchr(":=!", g[0]) != NULL ||
			         (g[0] == '<' &&
			          (g[1] == '=' || g[1] == '!' || (g[1] && strchr(g + 1, '>') && g[1] != '>'))) ||
			         (k > 0 && g[k] == ':');
			if (!ok)
				xlat_fail(&x, "this kind of group is not ECMA-262", x.i);
			buf_addc(&x.out, c);
		} else if (c == '+' && after_quant) {
			xlat_fail(&x, "a possessive quantifier is not ECMA-262", x.i);
		} else {
			if (c == '*' || c == '+' || c == '?')
				quant = 1;
			else if (c == '{' && p[x.i + 1] >= '0' && p[x.i + 1] <= '9') {
				size_t k = x.i + 1;
				while (p[k] >= '0' && p[k] <= '9')
					k++;
				if (p[k] == ',')
					for (k++; p[k] >= '0' && p[k] <= '9'; k++)
						;
				if (p[k] == '}') {
					buf_add(&x.out, p + x.i, k - x.i + 1);
					x.i = k;
					after_quant = 1;
					continue;
				}
			}
			buf_addc(&x.out, c);
		}
		after_quant = quant; /* a '?' after a quantifier (lazy) counts as one too */
	}
	if (x.err) {
		snprintf(err, errlen, "%s at offset %zu", x.err, x.err_at);
		buf_free(&x.out);
		return NULL;
	}
	return buf_take(&x.out);
}

static pcre2_code *compile_pcre(const char *pattern, enum regex_dialect d, char *err, size_t errlen)
{
	char *src = d == REGEX_ECMA ? ecma_to_pcre(pattern, err, errlen) : xstrdup(pattern);
	if (src == NULL)
		return NULL;
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
	}
	return c;
}

struct regex *regex_compile(const char *pattern, enum regex_dialect d, char *err, size_t errlen)
{
	pcre2_code *c = compile_pcre(pattern, d, err, errlen);
	if (c == NULL)
		return NULL;
	/* JIT is optional: the interpreter gives the same answers. LOKET_NO_JIT=1 turns it
	 * off for valgrind, which cannot follow JIT-compiled code (make valgrind). */
	const char *no_jit = getenv("LOKET_NO_JIT");
	if (!(no_jit && *no_jit == '1'))
		pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	struct regex *re = xmalloc(sizeof *re);
	re->code = c;
	return re;
}

int regex_check(const char *pattern, char *err, size_t errlen)
{
	pcre2_code *c = compile_pcre(pattern, REGEX_ECMA, err, errlen);
	pcre2_code_free(c);
	return c != NULL;
}

void regex_free(struct regex *re)
{
	if (re == NULL)
		return;
	pcre2_code_free(re->code);
	free(re);
}

/* One match context and match data per thread, made on first use and freed when the
 * thread ends (the catalogue is read by several threads). */
static _Thread_local pcre2_match_context *mctx;
static _Thread_local pcre2_match_data *mdata;
static pthread_key_t cleanup_key;
static pthread_once_t cleanup_once = PTHREAD_ONCE_INIT;

static void thread_cleanup(void *unused)
{
	(void)unused;
	pcre2_match_data_free(mdata);
	pcre2_match_context_free(mctx);
	mdata = NULL;
	mctx = NULL;
}

static void make_key(void)
{
	if (pthread_key_create(&cleanup_key, thread_cleanup) != 0)
		die("cannot create a thread key");
}

static void setup(void)
{
	if (mctx)
		return;
	pthread_once(&cleanup_once, make_key);
	mctx = pcre2_match_context_create(NULL);
	mdata = pcre2_match_data_create(32, NULL);
	if (mctx == NULL || mdata == NULL)
		die("out of memory");
	pcre2_set_match_limit(mctx, 200000);
	pcre2_set_depth_limit(mctx, 2000);
	pcre2_set_heap_limit(mctx, 16 * 1024); /* KiB */
	/* Any non-NULL value makes the destructor run at thread exit. */
	pthread_setspecific(cleanup_key, &cleanup_key);
}

static enum regex_result search(const struct regex *re, const char *subject, size_t n, size_t offset, uint32_t options,
                                size_t *start, size_t *end)
{
	if (n > REGEX_MAX_SUBJECT)
		return REGEX_LIMIT;
	setup();
	int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, n, offset, options, mdata, mctx);
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

enum regex_result regex_search(const struct regex *re, const char *subject, size_t n, size_t offset, size_t *start,
                               size_t *end)
{
	return search(re, subject, n, offset, 0, start, end);
}

enum regex_result regex_search_utf8(const struct regex *re, const char *subject, size_t n, size_t offset, size_t *start,
                                    size_t *end)
{
	return search(re, subject, n, offset, PCRE2_NO_UTF_CHECK, start, end);
}
