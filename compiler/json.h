/* json.h: the only writer of JSON bytes; strings are escaped by construction. */
#ifndef LOKET_JSON_H
#define LOKET_JSON_H

#include <stddef.h>

#include "node.h"
#include "util.h"

enum { JSON_MAX_DEPTH = 128 };

/* A streaming writer into a buffer. Commas, indentation and escaping are its job;
 * callers only say what comes next. */
struct json {
	struct buf *out;
	int pretty;
	unsigned depth;
	unsigned char need_comma[JSON_MAX_DEPTH];
	int after_key;
};

void json_init(struct json *j, struct buf *out, int pretty);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);
void json_strn(struct json *j, const char *s, size_t n);
void json_int(struct json *j, long long v);
/* A finite number in the shortest form that reads back the same; NaN and infinities become null. */
void json_num(struct json *j, double v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);
/* Convenience: a key with a string value; a NULL value writes nothing. */
void json_kv_str(struct json *j, const char *key, const char *value);
void json_kv_int(struct json *j, const char *key, long long v);
/* A key with a string value, or null when the value is NULL. */
void json_kv_nullable(struct json *j, const char *key, const char *value);
/* A whole document tree as JSON (keys in document order). */
void json_node(struct json *j, const struct node *n);
/* Append the escaped form of s (without quotes) to b: ", \, control characters,
 * U+2028/U+2029 and <, >, & (so JSON may sit inside an HTML script element). */
void json_escape(struct buf *b, const char *s, size_t n);

#endif
