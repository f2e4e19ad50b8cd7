/* util.c: allocation that exits on failure, growable buffers, arenas, hash maps, UTF-8 and file helpers. */
#include "util.h"

#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

_Noreturn void die(const char *fmt, ...)
{
	va_list ap;
	fputs("loket: ", stderr);
	va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vfprintf(stderr, _(fmt), ap); /* xgettext: -kdie (tests/po/run.sh) */
#pragma GCC diagnostic pop
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_SYSTEM);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		die("out of memory");
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die("out of memory");
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

void *xgrow_slow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 8;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			die("out of memory");
		c *= 2;
	}
	*cap = c;
	return xrealloc(p, c * size);
}

void buf_add(struct buf *b, const void *s, size_t n)
{
	b->p = xgrow(b->p, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_addc(struct buf *b, char c) { buf_add(b, &c, 1); }

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		die("formatting failed");
	b->p = xgrow(b->p, &b->cap, b->len + (size_t)n + 1, 1);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *buf_take(struct buf *b)
{
	char *p = b->p ? b->p : xstrdup("");
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

enum { ARENA_CHUNK = 64 * 1024 };

/* n bytes in a new chunk: the first of the size a->first when set (sized for the data, as
 * the loader does from the file's length), later ones ARENA_CHUNK; a large block gets its own. */
static void *arena_grow(struct arena *a, size_t n)
{
	size_t chunk = a->first ? a->first : ARENA_CHUNK;
	size_t size = n > chunk / 2 ? n : chunk;
	struct arena_chunk *c = xmalloc(sizeof(*c) + size);
	c->used = n;
	c->size = size;
	/* A large block goes behind the current chunk so its free space stays usable. */
	if (n > chunk / 2 && a->head != NULL) {
		c->next = a->head->next;
		a->head->next = c;
	} else {
		c->next = a->head;
		a->head = c;
		a->first = 0;
	}
	return c->data;
}

/* n bytes at a multiple of align (a power of two, at most max_align_t's). */
static inline void *arena_take(struct arena *a, size_t n, size_t align)
{
	struct arena_chunk *c = a->head;
	if (c != NULL) {
		size_t at = (c->used + align - 1) & ~(align - 1);
		if (at <= c->size && c->size - at >= n) {
			c->used = at + n;
			return (char *)c->data + at;
		}
	}
	return arena_grow(a, n);
}

/* Aligned for what arenas hold: pointers, sizes, doubles (no long double, no vector). */
union arena_align {
	void *p;
	double d;
	long long ll;
	size_t z;
};

void *arena_alloc(struct arena *a, size_t n) { return arena_take(a, n ? n : 1, _Alignof(union arena_align)); }

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_take(a, n + 1, 1); /* text needs no alignment: packed */
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c != NULL) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}

uint64_t hash_bytes(const void *p, size_t n)
{
	/* FNV-1a: simple and good enough for keys that are short words. */
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct hmap_slot *hmap_find(const struct hmap *m, const char *key, size_t keylen, uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct hmap_slot *s = &m->slots[i];
		if (s->key == NULL)
			return s;
		if (s->hash == h && s->keylen == keylen && memcmp(s->key, key, keylen) == 0)
			return s;
	}
}

static void hmap_resize(struct hmap *m)
{
	struct hmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 16;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key != NULL)
			*hmap_find(m, old.slots[i].key, old.slots[i].keylen, old.slots[i].hash) = old.slots[i];
	free(old.slots);
}

void *hmap_put(struct hmap *m, const char *key, size_t keylen, void *value)
{
	if ((m->count + 1) * 4 > m->cap * 3)
		hmap_resize(m);
	uint64_t h = hash_bytes(key, keylen);
	struct hmap_slot *s = hmap_find(m, key, keylen, h);
	if (s->key != NULL)
		return s->value;
	s->key = key;
	s->keylen = keylen;
	s->hash = h;
	s->value = value;
	m->count++;
	return NULL;
}

void *hmap_get(const struct hmap *m, const char *key, size_t keylen)
{
	if (m->cap == 0)
		return NULL;
	struct hmap_slot *s = hmap_find(m, key, keylen, hash_bytes(key, keylen));
	return s->key ? s->value : NULL;
}

void hmap_free(struct hmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->count = 0;
}

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = utf8_decode(u + i, n - i, &cp);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

size_t edit_distance(const char *a, const char *b, size_t cap)
{
	/* Optimal string alignment: a transposition ("titel" for "title") costs 1. */
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	size_t *rows = xmalloc(3 * (lb + 1) * sizeof *rows);
	size_t *prev2 = rows, *prev = rows + lb + 1, *cur = rows + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	size_t result = cap + 1;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		size_t best = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t v = sub < del ? sub : del;
			v = v < ins ? v : ins;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > cap)
			goto out;
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	result = prev[lb] > cap ? cap + 1 : prev[lb];
out:
	free(rows);
	return result;
}

/* Read what fd holds, at most max bytes (max + 1 to tell a larger file that does not
 * know its size). Closes fd. Returns a read_status. */
static int read_fd(int fd, const struct stat *st, size_t max, char **out, size_t *len)
{
	if (S_ISREG(st->st_mode) && (uintmax_t)st->st_size > max) {
		close(fd);
		*len = (size_t)st->st_size;
		return READ_TOO_LARGE;
	}
	/* Read at most max + 1 bytes: files that are not regular may not know their size. */
	size_t cap = S_ISREG(st->st_mode) ? (size_t)st->st_size + 1 : 4096, n = 0;
	char *p = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > max)
				break;
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			p = xrealloc(p, cap + 1);
		}
		ssize_t r = read(fd, p + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(p);
			close(fd);
			errno = e;
			return READ_ERRNO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		free(p);
		*len = n;
		return READ_TOO_LARGE;
	}
	p[n] = '\0';
	*out = p;
	*len = n;
	return READ_OK;
}

/* Open path to read with O_NONBLOCK (and `flags`), then fstat it into st; a folder is
 * EISDIR. Returns the descriptor, or a negative read_status (errno set for READ_ERRNO). */
static int open_stat(const char *path, int flags, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | flags);
	if (fd < 0) {
		struct stat lst;
		if (errno == ELOOP && (flags & O_NOFOLLOW) && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
			return READ_LINK;
		return READ_ERRNO;
	}
	int e = fstat(fd, st) != 0 ? errno : S_ISDIR(st->st_mode) ? EISDIR : 0;
	if (e) {
		close(fd);
		errno = e;
		return READ_ERRNO;
	}
	return fd;
}

int read_file(const char *path, size_t max, char **out, size_t *len)
{
	/* O_NONBLOCK: opening a FIFO without a writer returns at once (and reads end). */
	struct stat st;
	int fd = open_stat(path, 0, &st);
	if (fd < 0)
		return fd;
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)) {
		close(fd);
		return READ_NOT_REGULAR;
	}
	/* A pipe the user named (a process substitution) is read as it comes. */
	if (!S_ISREG(st.st_mode))
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return read_fd(fd, &st, max, out, len);
}

int read_input_file(const char *path, size_t max, const struct file_id *expect, char **out, size_t *len)
{
	/* O_NOFOLLOW: a link is refused (ELOOP), also one planted after the folder was listed;
	 * O_NONBLOCK: a FIFO never blocks the open, and fstat then refuses it. */
	struct stat st;
	int fd = open_stat(path, O_NOFOLLOW, &st);
	if (fd < 0)
		return fd;
	int r = !S_ISREG(st.st_mode) ? READ_NOT_REGULAR
	        /* Not the file the folder listing found: a folder on the way was swapped. */
	        : expect && (st.st_dev != expect->dev || st.st_ino != expect->ino) ? READ_CHANGED
	                                                                           : READ_OK;
	if (r != READ_OK) {
		close(fd);
		return r;
	}
	return read_fd(fd, &st, max, out, len);
}

/* Write len bytes at data to fd, again after EINTR. Returns 0, or -1 with errno set. */
static int write_all(int fd, const void *data, size_t len)
{
	const char *s = data;
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, s + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
	struct buf tmp = {0};
	buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp.p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		buf_free(&tmp);
		return -1;
	}
	if (write_all(fd, data, len) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp.p, path) != 0) {
		fd = -1;
		goto fail;
	}
	buf_free(&tmp);
	return 0;
fail:;
	int e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp.p);
	buf_free(&tmp);
	errno = e;
	return -1;
}

int create_file_new(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0 && errno == EEXIST && unlink(path) == 0) /* never write through a link to another file */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	return fd;
}

int write_fd_all(int fd, const void *data, size_t len) { return write_all(fd, data, len); }

int write_file_new(const char *path, const void *data, size_t len)
{
	int fd = create_file_new(path);
	if (fd < 0)
		return -1;
	int rc = write_all(fd, data, len);
	int e = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc != 0) {
		unlink(path);
		errno = e;
	}
	return rc;
}

int str_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

void path_list_add(struct path_list *l, const char *path)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(path);
}

const char *seen_put(struct seen *s, const char *key, const char *value)
{
	const char *old = hmap_get(&s->map, key, strlen(key));
	if (old)
		return old;
	path_list_add(&s->keys, key); /* the map keeps pointers into these lists */
	path_list_add(&s->values, value);
	hmap_put(&s->map, s->keys.v[s->keys.n - 1], strlen(key), s->values.v[s->values.n - 1]);
	return NULL;
}

void seen_free(struct seen *s)
{
	hmap_free(&s->map);
	path_list_free(&s->keys);
	path_list_free(&s->values);
}

void path_list_free(struct path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void walk_fail(struct walk *w, const char *path, int err)
{
	path_list_add(&w->failed, path);
	w->errnos = xgrow(w->errnos, &w->errnos_cap, w->failed.n, sizeof *w->errnos);
	w->errnos[w->failed.n - 1] = err;
}

static int yaml_name(const char *name) { return str_ends_with(name, ".yaml") || str_ends_with(name, ".yml"); }

/* An entry of a folder, looked at once. */
struct walk_entry {
	char *name;
	struct stat st;
	int err; /* fstatat failed: its errno */
};

/* Entries in the order of their full paths: a folder sorts as its name and a slash, so
 * that "x-1.yaml" ('-' < '/') comes before the files in folder "x", as strcmp orders
 * the paths. The check streams in this order and prints in it. */
static int walk_entry_cmp(const void *pa, const void *pb)
{
	const struct walk_entry *a = pa, *b = pb;
	const unsigned char *x = (const unsigned char *)a->name, *y = (const unsigned char *)b->name;
	int xdir = !a->err && S_ISDIR(a->st.st_mode), ydir = !b->err && S_ISDIR(b->st.st_mode);
	for (;; x++, y++) {
		int cx = *x ? *x : xdir ? '/' : 0, cy = *y ? *y : ydir ? '/' : 0;
		if (cx != cy || cx == 0 || !*x || !*y)
			return cx - cy;
	}
}

/* List the folder open as fd (named path; fd is closed here). Every entry is looked at
 * relative to the folder's descriptor, never by its path, so a folder swapped for a
 * link while it is walked is not followed. Recursion depth: at most max_depth. */
static void walk_dir(int fd, const char *path, unsigned max_depth, struct walk *w)
{
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		walk_fail(w, path, errno);
		close(fd);
		return;
	}
	struct walk_entry *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		v = xgrow(v, &cap, n + 1, sizeof *v);
		v[n].name = xstrdup(e->d_name);
		v[n].err = fstatat(dirfd(d), e->d_name, &v[n].st, AT_SYMLINK_NOFOLLOW) != 0 ? errno : 0;
		n++;
		errno = 0;
	}
	if (errno) /* what was listed so far is still walked */
		walk_fail(w, path, errno);
	if (n > 1)
		qsort(v, n, sizeof *v, walk_entry_cmp);
	for (size_t i = 0; i < n; i++) {
		struct buf p = {0};
		buf_printf(&p, "%s%s%s", path, str_ends_with(path, "/") ? "" : "/", v[i].name);
		const struct stat *st = &v[i].st;
		if (v[i].err) {
			walk_fail(w, p.p, v[i].err);
		} else if (S_ISLNK(st->st_mode)) {
			path_list_add(&w->links, p.p);
		} else if (S_ISDIR(st->st_mode)) {
			int sub = max_depth == 0 ? -1
			                         : openat(dirfd(d), v[i].name,
			                                  O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
			if (sub < 0)
				walk_fail(w, p.p, max_depth == 0 ? WALK_TOO_DEEP : errno);
			else
				walk_dir(sub, p.p, max_depth - 1, w);
		} else if (yaml_name(v[i].name)) {
			struct file_id id = {st->st_dev, st->st_ino};
			if (!S_ISREG(st->st_mode)) {
				path_list_add(&w->others, p.p);
				if (w->on_other)
					w->on_other(w->ctx, p.p);
			} else if (w->on_file) {
				w->on_file(w->ctx, p.p, &id);
			} else {
				path_list_add(&w->files, p.p);
				w->ids = xgrow(w->ids, &w->ids_cap, w->files.n, sizeof *w->ids);
				w->ids[w->files.n - 1] = id;
			}
		}
		buf_free(&p);
		free(v[i].name);
	}
	free(v);
	closedir(d);
}

size_t walk_yaml_files(const char *dir, unsigned max_depth, struct walk *w)
{
	size_t before = w->failed.n;
	/* The folder the user named may itself be a link: it is what they asked for. */
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		walk_fail(w, dir, errno);
	else
		walk_dir(fd, dir, max_depth, w);
	return w->failed.n - before;
}

void walk_free(struct walk *w)
{
	path_list_free(&w->files);
	path_list_free(&w->links);
	path_list_free(&w->others);
	path_list_free(&w->failed);
	free(w->ids);
	free(w->errnos);
	memset(w, 0, sizeof *w);
}

void util_today(char out[11])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

struct parallel {
	size_t n;
	_Atomic size_t next;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
};

static void *parallel_worker(void *arg)
{
	struct parallel *p = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			return NULL;
		p->fn(p->ctx, i);
	}
}

void parallel_for(size_t n, unsigned jobs, void (*fn)(void *ctx, size_t i), void *ctx)
{
	if (jobs > n)
		jobs = (unsigned)n;
	if (jobs <= 1) {
		for (size_t i = 0; i < n; i++)
			fn(ctx, i);
		return;
	}
	struct parallel p = {n, 0, fn, ctx};
	pthread_t *threads = xcalloc(jobs, sizeof *threads);
	unsigned started = 0;
	for (; started < jobs - 1; started++)
		if (pthread_create(&threads[started], NULL, parallel_worker, &p) != 0)
			break; /* fewer threads: the work still gets done */
	parallel_worker(&p);
	for (unsigned t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
}

unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}
