/* util.h: allocation that exits on failure, growable buffers, arenas, hash maps, UTF-8 and file helpers. */
#ifndef LOKET_UTIL_H
#define LOKET_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit statuses, documented in --help and the README. */
enum exit_status { EXIT_CLEAN = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

/* Allocation: on failure these print a message and exit with EXIT_SYSTEM. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow an array of `*cap` elements of `size` bytes so that it holds `need`. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated once anything is added. */
struct buf {
	char *p;
	size_t len, cap;
};
void buf_add(struct buf *b, const void *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Detach the contents (caller frees) and reset the buffer. */
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

/* A bump allocator: many small allocations, one free. */
struct arena_chunk;
struct arena {
	struct arena_chunk *head;
};
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* An open-addressing hash map from byte strings (not copied) to pointers. */
struct hmap_slot {
	const char *key;
	size_t keylen;
	uint64_t hash;
	void *value;
};
struct hmap {
	struct hmap_slot *slots;
	size_t cap, count;
};
uint64_t hash_bytes(const void *p, size_t n);
/* Insert; if the key exists, return its current value and leave it (NULL if new). */
void *hmap_put(struct hmap *m, const char *key, size_t keylen, void *value);
void *hmap_get(const struct hmap *m, const char *key, size_t keylen);
void hmap_free(struct hmap *m);

/* UTF-8. Decode one code point at s (n bytes left); returns its length, 0 if invalid. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_count(const char *s, size_t n);
int utf8_valid(const char *s, size_t n);

/* Edit distance (optimal string alignment: insert, delete, substitute, swap two
 * neighbours), in bytes, capped: returns cap+1 when the distance exceeds cap. */
size_t edit_distance(const char *a, const char *b, size_t cap);

/* Read a whole file of at most `max` bytes. Returns 0 on success, -1 on an I/O
 * error (errno set), -2 when the file is larger than max. The caller frees *out. */
int read_file(const char *path, size_t max, char **out, size_t *len);
/* Write a whole file atomically: a temporary file beside it, then rename. */
int write_file_atomic(const char *path, const void *data, size_t len);

int str_ends_with(const char *s, const char *suffix);
/* Run fn(ctx, i) for every i in [0, n) on `jobs` threads (1: in this thread).
 * Items are handed out in order as threads become free; fn must be thread-safe. */
void parallel_for(size_t n, unsigned jobs, void (*fn)(void *ctx, size_t i), void *ctx);
/* The number of online CPUs (at least 1). */
unsigned online_cpus(void);

/* Today as YYYY-MM-DD (UTC), or the day of SOURCE_DATE_EPOCH when it is set. */
void util_today(char out[11]);

/* A file compiled into the binary (see embed.c): a name and its bytes. Tables of
 * them end with a NULL name. */
struct embedded_file {
	const char *name;
	const char *data;
	size_t len;
};

/* A list of paths, owned. */
struct path_list {
	char **v;
	size_t n, cap;
};
void path_list_add(struct path_list *l, const char *path);
void path_list_free(struct path_list *l);
/* List the files under dir whose names end in .yaml or .yml, recursively,
 * sorted, skipping names that start with a dot. Symbolic links are never
 * followed: each is put in `links` instead. Returns 0, or -1 with errno set
 * and *failed the path that could not be read (caller frees). */
int list_yaml_files(const char *dir, struct path_list *files, struct path_list *links, unsigned max_depth,
                    char **failed);

#endif
