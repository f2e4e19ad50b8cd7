/* jsonrpc.h: JSON-RPC 2.0 over a byte stream with Content-Length framing (the Language
 * Server Protocol's base protocol), and the strict JSON reader it needs. */
#ifndef LOKET_JSONRPC_H
#define LOKET_JSONRPC_H

#include <stddef.h>

#include "node.h"
#include "util.h"

/* Limits: a message body, the header block, and the nesting of a JSON text. */
enum { JSONRPC_MAX_BODY = 8 * 1024 * 1024, JSONRPC_MAX_HEADER = 4096, JSONRPC_MAX_DEPTH = 64 };

/* The standard error codes of JSON-RPC 2.0 and the LSP. */
enum {
	JSONRPC_PARSE_ERROR = -32700,
	JSONRPC_INVALID_REQUEST = -32600,
	JSONRPC_METHOD_NOT_FOUND = -32601,
	JSONRPC_INVALID_PARAMS = -32602,
	JSONRPC_SERVER_NOT_INITIALIZED = -32002,
	JSONRPC_REQUEST_FAILED = -32803,
};

/* Framed messages read from a file descriptor. */
struct jsonrpc_reader {
	int fd;
	struct buf in; /* bytes read and not yet consumed, from `start` */
	size_t start;
	size_t skip; /* bytes of a refused (too large) body still to throw away */
	int eof;
};

enum jsonrpc_next {
	JSONRPC_NEED_MORE = 0,  /* no complete message buffered: call jsonrpc_fill */
	JSONRPC_MESSAGE = 1,    /* *body, *len: one message body (valid until the next call) */
	JSONRPC_BAD_FRAME = -1, /* a header block without a valid Content-Length: skipped */
	JSONRPC_TOO_LARGE = -2, /* a body over JSONRPC_MAX_BODY: being skipped */
	JSONRPC_EOF = -3,       /* the stream ended (a partial message is dropped) */
};

/* Read once from r->fd what is available (blocks when nothing is). Returns 0, or -1 with
 * errno set on a read error; end of stream sets r->eof. */
int jsonrpc_fill(struct jsonrpc_reader *r);
/* The next message in the buffer, if complete. */
enum jsonrpc_next jsonrpc_next(struct jsonrpc_reader *r, const char **body, size_t *len);
void jsonrpc_reader_free(struct jsonrpc_reader *r);

/* Parse a JSON text (RFC 8259, strict: no comments, no trailing commas, valid UTF-8,
 * surrogates paired, nesting at most JSONRPC_MAX_DEPTH) into a tree allocated in a.
 * Strings are NUL-terminated but may hold NUL: their length is node.len. Numbers are
 * NODE_INT (integral) or NODE_FLOAT. Positions hold the byte offset in col (line 1).
 * Returns the root, or NULL with *err set to a static explanation. */
struct node *jsonrpc_parse(struct arena *a, const char *s, size_t n, const char **err);

/* Write body with its Content-Length header to fd, in full. Returns 0 or -1 (errno). */
int jsonrpc_write(int fd, const char *body, size_t len);

#endif
