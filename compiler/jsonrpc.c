/* jsonrpc.c: Content-Length framing of JSON-RPC messages and a strict JSON reader with
 * limits; the language server's transport, which the stages never see. */
#include "jsonrpc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int jsonrpc_fill(struct jsonrpc_reader *r)
{
	char chunk[65536];
	ssize_t got;
	do
		got = read(r->fd, chunk, sizeof chunk);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return -1;
	if (got == 0) {
		r->eof = 1;
		return 0;
	}
	size_t n = (size_t)got, off = 0;
	if (r->skip) { /* the rest of a body that was refused as too large */
		off = n < r->skip ? n : r->skip;
		r->skip -= off;
	}
	if (r->start > 0) { /* drop what was consumed, so the buffer never outgrows a message */
		memmove(r->in.p, r->in.p + r->start, r->in.len - r->start);
		r->in.len -= r->start;
		r->start = 0;
	}
	if (off < n)
		buf_add(&r->in, chunk + off, n - off);
	return 0;
}

/* Find "\r\n\r\n" in p[0, n); returns its offset or -1. */
static long header_end(const char *p, size_t n)
{
	for (size_t i = 0; i + 3 < n; i++)
		if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r' && p[i + 3] == '\n')
			return (long)i;
	return -1;
}

/* The Content-Length of a header block (names are case-insensitive; other headers such
 * as Content-Type are ignored); -1 when absent or malformed. */
static long long content_length(const char *p, size_t n)
{
	long long value = -1;
	size_t i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && p[e] != '\r')
			e++;
		static const char name[] = "content-length:";
		if (e - i > sizeof name - 1 && !strncasecmp(p + i, name, sizeof name - 1)) {
			size_t k = i + sizeof name - 1;
			while (k < e && (p[k] == ' ' || p[k] == '\t'))
				k++;
			long long v = 0;
			size_t digits = 0;
			for (; k < e && p[k] >= '0' && p[k] <= '9' && digits < 12; k++, digits++)
				v = v * 10 + (p[k] - '0');
			while (k < e && (p[k] == ' ' || p[k] == '\t'))
				k++;
			if (digits == 0 || k != e)
				return -1;
			value = v;
		}
		i = e + 2; /* past "\r\n" */
	}
	return value;
}

enum jsonrpc_next jsonrpc_next(struct jsonrpc_reader *r, const char **body, size_t *len)
{
	if (r->skip || r->in.p == NULL || r->start == r->in.len)
		return r->eof ? JSONRPC_EOF : JSONRPC_NEED_MORE;
	const char *p = r->in.p + r->start;
	size_t avail = r->in.len - r->start;
	/* Editors send nothing between messages, but a stray line break is harmless. */
	while (avail && (*p == '\r' || *p == '\n')) {
		p++;
		avail--;
		r->start++;
	}
	long end = header_end(p, avail < JSONRPC_MAX_HEADER + 4 ? avail : JSONRPC_MAX_HEADER + 4);
	if (end < 0) {
		if (avail > JSONRPC_MAX_HEADER) { /* no header ends here: drop what was read */
			r->start = r->in.len;
			return JSONRPC_BAD_FRAME;
		}
		return r->eof ? JSONRPC_EOF : JSONRPC_NEED_MORE;
	}
	long long cl = content_length(p, (size_t)end);
	size_t head = (size_t)end + 4;
	if (cl < 0) {
		r->start += head;
		return JSONRPC_BAD_FRAME;
	}
	if (cl > JSONRPC_MAX_BODY) {
		size_t have = avail - head;
		r->start += head + (have < (size_t)cl ? have : (size_t)cl);
		r->skip = have < (size_t)cl ? (size_t)cl - have : 0;
		return JSONRPC_TOO_LARGE;
	}
	if (avail - head < (size_t)cl)
		return r->eof ? JSONRPC_EOF : JSONRPC_NEED_MORE;
	*body = p + head;
	*len = (size_t)cl;
	r->start += head + (size_t)cl;
	return JSONRPC_MESSAGE;
}

void jsonrpc_reader_free(struct jsonrpc_reader *r)
{
	buf_free(&r->in);
	r->start = r->skip = 0;
}

int jsonrpc_write(int fd, const char *body, size_t len)
{
	struct buf b = {0};
	buf_printf(&b, "Content-Length: %zu\r\n\r\n", len);
	buf_add(&b, body, len);
	const char *p = b.p;
	size_t left = b.len;
	int rc = 0;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			rc = -1;
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	int e = errno;
	buf_free(&b);
	errno = e;
	return rc;
}

/* ---- the JSON reader ---- */

struct reader {
	struct arena *a;
	const char *s;
	size_t n, i;
	const char *err;
};

static void skip_ws(struct reader *r)
{
	while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' || r->s[r->i] == '\n' || r->s[r->i] == '\r'))
		r->i++;
}

static struct node *new_node(struct reader *r, enum node_kind kind, size_t at)
{
	struct node *n = arena_alloc(r->a, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->pos = (struct pos){NULL, 1, (unsigned)(at < 0xffffffffu ? at : 0xffffffffu)};
	return n;
}

static struct node *fail_at(struct reader *r, const char *why)
{
	if (r->err == NULL)
		r->err = why;
	return NULL;
}

static int hex4(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(struct buf *b, uint32_t cp)
{
	char u[4];
	size_t k;
	if (cp < 0x80) {
		u[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		k = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		k = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		k = 4;
	}
	buf_add(b, u, k);
}

/* A string at r->i (on the opening quote); the node's text is the decoded string. */
static struct node *read_string(struct reader *r)
{
	struct node *n = new_node(r, NODE_STR, r->i);
	struct buf b = {0};
	r->i++;
	for (;;) {
		if (r->i >= r->n) {
			buf_free(&b);
			return fail_at(r, "a string without its closing quote");
		}
		unsigned char c = (unsigned char)r->s[r->i];
		if (c == '"') {
			r->i++;
			break;
		}
		if (c < 0x20) {
			buf_free(&b);
			return fail_at(r, "a control character inside a string");
		}
		if (c != '\\') {
			uint32_t cp;
			size_t k = utf8_decode((const unsigned char *)r->s + r->i, r->n - r->i, &cp);
			if (k == 0) {
				buf_free(&b);
				return fail_at(r, "invalid UTF-8");
			}
			buf_add(&b, r->s + r->i, k);
			r->i += k;
			continue;
		}
		if (r->i + 1 >= r->n) {
			buf_free(&b);
			return fail_at(r, "a string without its closing quote");
		}
		char e = r->s[r->i + 1];
		r->i += 2;
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			static const char to[] = "\"\\/\b\f\n\r\t";
			buf_addc(&b, to[simple - "\"\\/bfnrt"]);
			continue;
		}
		uint32_t cp, lo;
		if (e != 'u' || r->i + 4 > r->n || hex4(r->s + r->i, &cp) != 0) {
			buf_free(&b);
			return fail_at(r, "an invalid escape in a string");
		}
		r->i += 4;
		if (cp >= 0xdc00 && cp <= 0xdfff) {
			buf_free(&b);
			return fail_at(r, "a lone low surrogate in a string");
		}
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (r->i + 6 > r->n || r->s[r->i] != '\\' || r->s[r->i + 1] != 'u' ||
			    hex4(r->s + r->i + 2, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff) {
				buf_free(&b);
				return fail_at(r, "a high surrogate without its low surrogate");
			}
			r->i += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		put_utf8(&b, cp);
	}
	n->len = b.len;
	n->str = arena_strndup(r->a, b.p ? b.p : "", b.len);
	buf_free(&b);
	return n;
}

static struct node *read_number(struct reader *r)
{
	size_t start = r->i, i = r->i;
	int integral = 1;
	if (i < r->n && r->s[i] == '-')
		i++;
	if (i < r->n && r->s[i] == '0')
		i++;
	else if (i < r->n && r->s[i] >= '1' && r->s[i] <= '9')
		while (i < r->n && r->s[i] >= '0' && r->s[i] <= '9')
			i++;
	else
		return fail_at(r, "an unexpected character");
	if (i < r->n && r->s[i] == '.') {
		integral = 0;
		size_t d = ++i;
		while (i < r->n && r->s[i] >= '0' && r->s[i] <= '9')
			i++;
		if (i == d)
			return fail_at(r, "a number without digits after its point");
	}
	if (i < r->n && (r->s[i] == 'e' || r->s[i] == 'E')) {
		integral = 0;
		i++;
		if (i < r->n && (r->s[i] == '+' || r->s[i] == '-'))
			i++;
		size_t d = i;
		while (i < r->n && r->s[i] >= '0' && r->s[i] <= '9')
			i++;
		if (i == d)
			return fail_at(r, "a number without digits in its exponent");
	}
	if (i - start > 64)
		return fail_at(r, "a number of more than 64 characters");
	char tmp[72];
	memcpy(tmp, r->s + start, i - start);
	tmp[i - start] = 0;
	struct node *n = new_node(r, integral ? NODE_INT : NODE_FLOAT, start);
	n->num = strtod(tmp, NULL);
	n->str = arena_strndup(r->a, tmp, i - start);
	n->len = i - start;
	if (!isfinite(n->num))
		return fail_at(r, "a number out of range");
	r->i = i;
	return n;
}

static struct node *read_value(struct reader *r, unsigned depth);

/* An object or an array at r->i; children gathered in a buffer, then copied to the arena. */
static struct node *read_container(struct reader *r, unsigned depth)
{
	int object = r->s[r->i] == '{';
	char close = object ? '}' : ']';
	if (depth >= JSONRPC_MAX_DEPTH)
		return fail_at(r, "nested deeper than 64 levels");
	struct node *n = new_node(r, object ? NODE_MAP : NODE_SEQ, r->i);
	struct node **kids = NULL;
	size_t nk = 0, cap = 0;
	r->i++;
	skip_ws(r);
	if (r->i < r->n && r->s[r->i] == close) {
		r->i++;
	} else {
		for (;;) {
			skip_ws(r);
			if (object) {
				if (r->i >= r->n || r->s[r->i] != '"') {
					free(kids);
					return fail_at(r, "an object key that is not a string");
				}
				struct node *k = read_string(r);
				if (k == NULL) {
					free(kids);
					return NULL;
				}
				skip_ws(r);
				if (r->i >= r->n || r->s[r->i] != ':') {
					free(kids);
					return fail_at(r, "a key without a colon");
				}
				r->i++;
				kids = xgrow(kids, &cap, nk + 1, sizeof *kids);
				kids[nk++] = k;
			}
			struct node *v = read_value(r, depth + 1);
			if (v == NULL) {
				free(kids);
				return NULL;
			}
			kids = xgrow(kids, &cap, nk + 1, sizeof *kids);
			kids[nk++] = v;
			skip_ws(r);
			if (r->i < r->n && r->s[r->i] == ',') {
				r->i++;
				continue;
			}
			if (r->i < r->n && r->s[r->i] == close) {
				r->i++;
				break;
			}
			free(kids);
			return fail_at(r, object ? "an object without a comma or closing brace"
			                         : "an array without a comma or closing bracket");
		}
	}
	n->n = object ? nk / 2 : nk;
	n->kids = arena_alloc(r->a, (nk ? nk : 1) * sizeof *n->kids);
	if (nk)
		memcpy(n->kids, kids, nk * sizeof *kids);
	free(kids);
	return n;
}

static struct node *read_value(struct reader *r, unsigned depth)
{
	skip_ws(r);
	if (r->i >= r->n)
		return fail_at(r, "the text ends where a value was expected");
	char c = r->s[r->i];
	if (c == '{' || c == '[')
		return read_container(r, depth);
	if (c == '"')
		return read_string(r);
	static const struct {
		const char *word;
		enum node_kind kind;
		int boolean;
	} words[] = {{"true", NODE_BOOL, 1}, {"false", NODE_BOOL, 0}, {"null", NODE_NULL, 0}};
	for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
		size_t len = strlen(words[k].word);
		if (r->n - r->i >= len && !memcmp(r->s + r->i, words[k].word, len)) {
			struct node *n = new_node(r, words[k].kind, r->i);
			n->boolean = words[k].boolean;
			n->str = words[k].word;
			n->len = len;
			r->i += len;
			return n;
		}
	}
	return read_number(r);
}

struct node *jsonrpc_parse(struct arena *a, const char *s, size_t n, const char **err)
{
	struct reader r = {a, s, n, 0, NULL};
	struct node *root = read_value(&r, 0);
	if (root) {
		skip_ws(&r);
		if (r.i != r.n)
			root = fail_at(&r, "text after the JSON value");
	}
	*err = root ? NULL : r.err;
	return root;
}
