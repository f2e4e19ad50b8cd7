/* load.h: reading a YAML (or JSON) file into a document tree, refusing what is unsafe. */
#ifndef LOKET_LOAD_H
#define LOKET_LOAD_H

#include "msg.h"
#include "node.h"

/* Documented limits (README, "Limits"). */
enum { LOAD_MAX_BYTES = 1024 * 1024, LOAD_MAX_DEPTH = 64 };

struct load_limits {
	size_t max_bytes;
	unsigned max_depth;
	int any_root;               /* accept a top level that is not a mapping (JSON Schema tests) */
	int allow_escaped_controls; /* conformance only: control characters written as escapes
	                             * ("\u0000", "\r") are kept; texts keep their byte length */
	int parser;                 /* enum load_parser */
};

/* Which parser reads the bytes. LOAD_PARSER_ANY: the fast path (load_fast.c) for the
 * block subset real descriptions use, libyaml for anything else and for every error.
 * The other two are for the differential tests: LOAD_PARSER_LIBYAML never takes the fast
 * path; LOAD_PARSER_FAST only takes it, and gives LOAD_INVALID with no tree and no
 * message where it declines. LOKET_YAML=libyaml in the environment makes ANY mean LIBYAML. */
enum load_parser { LOAD_PARSER_ANY, LOAD_PARSER_LIBYAML, LOAD_PARSER_FAST };
extern const struct load_limits load_default_limits;

/* A loaded file: its name, its bytes (kept for the caret display) and its tree. */
struct doc {
	char *path;
	char *src;
	size_t len;
	struct node *root; /* NULL when the file could not be loaded */
	struct arena arena;
};

enum load_result { LOAD_OK = 0, LOAD_INVALID = -1, LOAD_SYSTEM = -2 };

/* Read and parse a file (never through a symbolic link, only a regular file). Problems are added to q (positioned); on
 * LOAD_OK d->root is set. The caller frees d with load_doc_free whatever the result. */
enum load_result load_yaml_file(struct doc *d, const char *path, const struct load_limits *lim, struct msgq *q);
/* The same for a file a folder walk listed: read only when it is still the file listed
 * as id (NULL: any regular file). A link is SYS002, a FIFO, device or swapped file SYS001;
 * the file is opened with O_NOFOLLOW | O_NONBLOCK (read_input_file). */
enum load_result load_yaml_listed(struct doc *d, const char *path, const struct file_id *id,
                                  const struct load_limits *lim, struct msgq *q);
/* The same over bytes in memory (copied); `name` is used in positions. */
enum load_result load_yaml_mem(struct doc *d, const char *name, const char *data, size_t len,
                               const struct load_limits *lim, struct msgq *q);
void load_doc_free(struct doc *d);
/* The fast path over d->src (already pre-scanned: valid UTF-8, none of the refused
 * characters): 1 with d->root set to the same tree libyaml's events give, or 0 with nothing
 * built (the arena emptied) and nothing reported when the text is outside the subset
 * (CONTRIBUTING, "The YAML fast path"). */
int load_fast(struct doc *d, const struct load_limits *lim);
/* What a plain (unquoted) scalar means in the YAML 1.2 core schema: NODE_NULL, NODE_BOOL,
 * NODE_INT, NODE_FLOAT (with *num or *boolean set) or NODE_STR. */
enum node_kind load_resolve_plain(const char *s, double *num, int *boolean);

#endif
