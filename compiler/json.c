/* json.c: the only writer of JSON bytes; strings are escaped by construction. */
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void json_init(struct json *j, struct buf *out, int pretty)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->pretty = pretty;
}

static void newline(struct json *j)
{
	if (!j->pretty)
		return;
	buf_addc(j->out, '\n');
	for (unsigned i = 0; i < j->depth; i++)
		buf_add(j->out, "  ", 2);
}

/* Before any value: a comma and a line break when needed. */
static void before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->need_comma[j->depth])
			buf_addc(j->out, ',');
		j->need_comma[j->depth] = 1;
		newline(j);
	}
}

static void open(struct json *j, char c)
{
	before_value(j);
	buf_addc(j->out, c);
	if (j->depth + 1 >= JSON_MAX_DEPTH)
		die("JSON output nested too deeply");
	j->depth++;
	j->need_comma[j->depth] = 0;
}

static void close_(struct json *j, char c)
{
	int had = j->need_comma[j->depth];
	j->depth--;
	if (had)
		newline(j);
	buf_addc(j->out, c);
	if (j->depth == 0 && j->pretty)
		buf_addc(j->out, '\n');
}

void json_obj_begin(struct json *j) { open(j, '{'); }
void json_obj_end(struct json *j) { close_(j, '}'); }
void json_arr_begin(struct json *j) { open(j, '['); }
void json_arr_end(struct json *j) { close_(j, ']'); }

void json_escape(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i];
		const char *rep = NULL;
		char tmp[8];
		if (c == '"')
			rep = "\\\"";
		else if (c == '\\')
			rep = "\\\\";
		else if (c == '\n')
			rep = "\\n";
		else if (c == '\t')
			rep = "\\t";
		else if (c == '\r')
			rep = "\\r";
		else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f) {
			snprintf(tmp, sizeof tmp, "\\u%04x", c);
			rep = tmp;
		} else if (c == 0xe2 && i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9)) {
			rep = u[i + 2] == 0xa8 ? "\\u2028" : "\\u2029";
			buf_add(b, s + start, i - start);
			buf_adds(b, rep);
			i += 2;
			start = i + 1;
			continue;
		} else if (c >= 0x80) {
			uint32_t cp;
			size_t k = utf8_decode(u + i, n - i, &cp);
			if (k == 0) { /* never expected: the loader refuses invalid UTF-8 */
				buf_add(b, s + start, i - start);
				buf_adds(b, "\\ufffd");
				start = i + 1;
			} else {
				i += k - 1;
			}
			continue;
		}
		if (rep) {
			buf_add(b, s + start, i - start);
			buf_adds(b, rep);
			start = i + 1;
		}
	}
	buf_add(b, s + start, n - start);
}

void json_key(struct json *j, const char *key)
{
	before_value(j);
	buf_addc(j->out, '"');
	json_escape(j->out, key, strlen(key));
	buf_add(j->out, j->pretty ? "\": " : "\":", j->pretty ? 3 : 2);
	j->after_key = 1;
}

void json_strn(struct json *j, const char *s, size_t n)
{
	before_value(j);
	buf_addc(j->out, '"');
	json_escape(j->out, s, n);
	buf_addc(j->out, '"');
}

void json_str(struct json *j, const char *s) { json_strn(j, s, strlen(s)); }

void json_int(struct json *j, long long v)
{
	before_value(j);
	buf_printf(j->out, "%lld", v);
}

void json_num(struct json *j, double v)
{
	before_value(j);
	if (!isfinite(v)) {
		buf_adds(j->out, "null");
		return;
	}
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		buf_printf(j->out, "%.0f", v == 0 ? 0.0 : v);
		return;
	}
	char tmp[32];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	buf_adds(j->out, tmp);
}

void json_bool(struct json *j, int v)
{
	before_value(j);
	buf_adds(j->out, v ? "true" : "false");
}

void json_null(struct json *j)
{
	before_value(j);
	buf_adds(j->out, "null");
}

void json_kv_str(struct json *j, const char *key, const char *value)
{
	if (value == NULL)
		return;
	json_key(j, key);
	json_str(j, value);
}

void json_kv_nullable(struct json *j, const char *key, const char *value)
{
	json_key(j, key);
	if (value)
		json_str(j, value);
	else
		json_null(j);
}

void json_kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

/* Recursion is bounded by the loader's depth limit. */
void json_node(struct json *j, const struct node *n)
{
	switch (n->kind) {
	case NODE_NULL:
		json_null(j);
		break;
	case NODE_BOOL:
		json_bool(j, n->boolean);
		break;
	case NODE_INT:
	case NODE_FLOAT:
		json_num(j, n->num);
		break;
	case NODE_STR:
		json_strn(j, n->str, n->len);
		break;
	case NODE_SEQ:
		json_arr_begin(j);
		for (size_t i = 0; i < n->n; i++)
			json_node(j, n->kids[i]);
		json_arr_end(j);
		break;
	case NODE_MAP:
		json_obj_begin(j);
		for (size_t i = 0; i < n->n; i++) {
			json_key(j, NODE_KEY(n, i)->str);
			json_node(j, NODE_VAL(n, i));
		}
		json_obj_end(j);
		break;
	default:
		break;
	}
}
