/* util.h: allocation that exits on failure, growable buffers, arenas, hash maps, UTF-8 and file helpers. */
#ifndef LOKET_UTIL_H
#define LOKET_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* Exit statuses, documented in --help and the README. */
enum exit_status { EXIT_CLEAN = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

/* Allocation: on failure these print a message and exit with EXIT_SYSTEM. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow an array of `*cap` elements of `size` bytes so that it holds `need`. */
void *xgrow_slow(void *p, size_t *cap, size_t need, size_t size);
/* Inline: most calls (a node's children, a schema path, a sentence) have room already. */
static inline void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	return need <= *cap ? p : xgrow_slow(p, cap, need, size);
}
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
	size_t first; /* the size of the first chunk when not 0 (then ARENA_CHUNK, 64 KiB) */
};
/* n bytes aligned for pointers, sizes and doubles; freed with the arena. */
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

/* Reading files. Every reader returns one of these; READ_ERRNO leaves errno set. */
enum read_status {
	READ_OK = 0,
	READ_ERRNO = -1,
	READ_TOO_LARGE = -2,   /* larger than max; *len says how large (as far as read) */
	READ_NOT_REGULAR = -3, /* a device, FIFO or socket where a file was expected */
	READ_LINK = -4,        /* a symbolic link (read_input_file never follows one) */
	READ_CHANGED = -5,     /* not the file the folder listing found (swapped meanwhile) */
};
/* Which file a folder listing found: device and inode. */
struct file_id {
	dev_t dev;
	ino_t ino;
};
/* Read a whole file of at most `max` bytes that the user named (a policy, a product
 * list): a link is followed, a FIFO or a pipe is read as it comes (opening one never
 * blocks), a device other than a character device is refused. Returns a read_status;
 * the caller frees *out. */
int read_file(const char *path, size_t max, char **out, size_t *len);
/* Read an input file: opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat to be
 * a regular file, so a link, FIFO or device is refused and never hangs loket. When
 * expect is given, the file must be the one the listing found (READ_CHANGED). */
int read_input_file(const char *path, size_t max, const struct file_id *expect, char **out, size_t *len);
/* Write a whole file atomically: a temporary file beside it, then rename. */
int write_file_atomic(const char *path, const void *data, size_t len);
/* Write a new file in place (a file already there is unlinked first, so a hard link to
 * another generation is never written through): for a folder that is published as a
 * whole, where a temporary file and a rename per file are waste. On failure the partial
 * file is removed. Returns 0, or -1 with errno set. */
int write_file_new(const char *path, const void *data, size_t len);
/* The same in parts: create the file (as write_file_new does; returns the descriptor, or -1
 * with errno set), then write_fd_all each part (0, or -1 with errno set). */
int create_file_new(const char *path);
int write_fd_all(int fd, const void *data, size_t len);

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
/* What was seen before: a key and the text (a file's path) where it was first. */
struct seen {
	struct hmap map;
	struct path_list keys, values;
};
/* The value stored under key, or NULL when key is new (then value is stored). */
const char *seen_put(struct seen *s, const char *key, const char *value);
void seen_free(struct seen *s);
/* What a folder walk found. Every list is in the order of the full paths (strcmp), so
 * the order does not depend on the file system. */
struct walk {
	struct path_list files; /* regular files named *.yaml or *.yml */
	struct file_id *ids;    /* the file each of files.v[i] was when listed */
	size_t ids_cap;
	struct path_list links;  /* symbolic links: never followed */
	struct path_list others; /* *.yaml and *.yml that are not regular files (FIFO, device) */
	struct path_list failed; /* folders or entries that could not be read; the walk goes on */
	int *errnos;             /* why, one per failed entry: an errno, or WALK_TOO_DEEP */
	size_t errnos_cap;
	/* When set, each regular file goes to on_file instead of files (the streaming check
	 * keeps a compact list of its own), and each other file also to on_other. */
	void (*on_file)(void *ctx, const char *path, const struct file_id *id);
	void (*on_other)(void *ctx, const char *path);
	void *ctx;
};
enum { WALK_TOO_DEEP = -1 };
/* Walk dir recursively (at most max_depth folders down; deeper is a WALK_TOO_DEEP failure),
 * skipping names that start with a dot, adding to w. Entries are opened relative to
 * their folder's descriptor with O_NOFOLLOW. Returns the number of new failures. */
size_t walk_yaml_files(const char *dir, unsigned max_depth, struct walk *w);
void walk_free(struct walk *w);

#endif
