/* render.c: the back-end table, output paths confined to the output directory, the
 * hooks through which unchanged files are reused. */
#define _GNU_SOURCE /* struct FTW */
#include "render.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const struct render_backend render_backends[] = {
        {"html", "html", render_html},
        {"json", "json", render_json},
        {"pdf", "leaflets", render_pdf},
        {"sc", "sc", render_sc},
};
const size_t render_nbackends = sizeof render_backends / sizeof *render_backends;

/* Back-ends may run on several threads: the message queue and the terminal are shared. */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

static void io_error(const struct render_ctx *ctx, const char *what, const char *path)
{
	struct buf b = {0};
	buf_printf(&b, "%s %s: %s", what, path, strerror(errno));
	pthread_mutex_lock(&shared_lock);
	msg_emit(ctx->q, MSG_SYS001, ((struct pos){NULL, 0, 0}), b.p);
	pthread_mutex_unlock(&shared_lock);
	buf_free(&b);
}

struct each {
	const struct render_ctx *ctx;
	int (*fn)(const struct render_ctx *ctx, const struct service *s);
	_Atomic int failed;
	_Atomic size_t done;
	const char *name;
};

/* The service being rendered on this thread (files of no single service: NULL). */
static _Thread_local const struct service *current;

int render_service_begin(const struct render_ctx *ctx, const struct service *s)
{
	current = s;
	return ctx->hooks ? ctx->hooks->reuse(ctx->hooks_arg, ctx, s) : 0;
}

void render_service_end(void) { current = NULL; }

int render_reuse_group(const struct render_ctx *ctx, const char *relpath, size_t from, size_t to)
{
	return ctx->hooks && ctx->hooks->group ? ctx->hooks->group(ctx->hooks_arg, ctx, relpath, from, to) : 0;
}

static void each_one(void *arg, size_t i)
{
	struct each *e = arg;
	if (atomic_load(&e->failed))
		return;
	int reused = render_service_begin(e->ctx, e->ctx->services[i]);
	if (reused < 0 || (reused == 0 && e->fn(e->ctx, e->ctx->services[i]) != 0))
		atomic_store(&e->failed, 1);
	render_service_end();
	render_progress(e->ctx, "rendering", atomic_fetch_add(&e->done, 1) + 1, e->ctx->nservices);
}

int render_each(const struct render_ctx *ctx, int (*fn)(const struct render_ctx *ctx, const struct service *s))
{
	struct each e = {ctx, fn, 0, 0, NULL};
	parallel_for(ctx->nservices, ctx->jobs ? ctx->jobs : 1, each_one, &e);
	return atomic_load(&e.failed) ? -1 : 0;
}

static int plain_component(const char *s, size_t n)
{
	if (n == 0 || n > 128 || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* Whether this build made folder path[0..n) (or found it there), under d's lock. */
static int dir_known(struct render_dirs *d, const char *path, size_t n)
{
	pthread_mutex_lock(&d->lock);
	int known = hmap_get(&d->made, path, n) != NULL;
	pthread_mutex_unlock(&d->lock);
	return known;
}

static void dir_remember(struct render_dirs *d, const char *path, size_t n)
{
	char *key = xstrndup(path, n);
	pthread_mutex_lock(&d->lock);
	if (hmap_put(&d->made, key, n, key) != NULL)
		free(key); /* another thread made it too */
	pthread_mutex_unlock(&d->lock);
}

int render_make_parents(const struct render_ctx *ctx, const char *path)
{
	struct render_dirs *d = ctx->dirs;
	size_t root = strlen(ctx->root);
	const char *last = strrchr(path, '/');
	if (last == NULL || (size_t)(last - path) <= root || (d && dir_known(d, path, (size_t)(last - path))))
		return 0;
	char *copy = xstrndup(path, (size_t)(last - path));
	int rc = 0;
	for (char *s = copy + root + 1; rc == 0 && s;) {
		s = strchr(s, '/');
		if (s)
			*s = 0;
		size_t n = strlen(copy);
		if (!d || !dir_known(d, copy, n)) {
			if (mkdir(copy, 0755) != 0 && errno != EEXIST)
				rc = -1;
			else if (d)
				dir_remember(d, copy, n);
		}
		if (s)
			*s++ = '/';
	}
	free(copy);
	return rc;
}

void render_dirs_free(struct render_dirs *d)
{
	for (size_t i = 0; d->made.slots && i < d->made.cap; i++)
		free((char *)d->made.slots[i].key);
	hmap_free(&d->made);
}

int render_file(const struct render_ctx *ctx, const char *relpath, const void *data, size_t len)
{
	struct buf path = {0};
	buf_adds(&path, ctx->root);
	for (const char *p = relpath; *p;) {
		size_t n = strcspn(p, "/");
		if (!plain_component(p, n)) {
			errno = EINVAL;
			io_error(ctx, "refusing to write outside the output folder:", relpath);
			buf_free(&path);
			return -1;
		}
		buf_addc(&path, '/');
		buf_add(&path, p, n);
		p += n;
		p += *p == '/';
	}
	if (render_make_parents(ctx, path.p) != 0) {
		io_error(ctx, "cannot make folder", path.p);
		buf_free(&path);
		return -1;
	}
	int rc = ctx->hooks ? ctx->hooks->file(ctx->hooks_arg, ctx, current, relpath, path.p, data, len) : 0;
	/* Straight into place: the generation is published as a whole, by one rename. */
	if (rc == 0 && (rc = write_file_new(path.p, data, len)) != 0)
		io_error(ctx, "cannot write", path.p);
	buf_free(&path);
	return rc < 0 ? -1 : 0;
}

void render_progress(const struct render_ctx *ctx, const char *name, size_t done, size_t total)
{
	if (!ctx->progress || (done % 50 != 0 && done != total))
		return;
	pthread_mutex_lock(&shared_lock);
	fprintf(stderr, "\r%s: %zu/%zu", name, done, total);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
	pthread_mutex_unlock(&shared_lock);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

enum { REMOVE_DEPTH = 16 }; /* deeper trees (not ours) are left to nftw */

/* Remove name in dirfd and everything below it, by the folder's descriptor: no stat per
 * entry (the type comes from readdir) and no path to build. Returns 0, or -1 (also when
 * the tree is deeper than REMOVE_DEPTH). */
static int remove_at(int dirfd, const char *name, int depth)
{
	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0; /* not a folder */
	int fd = depth < REMOVE_DEPTH ? openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_type == DT_DIR || e->d_type == DT_UNKNOWN)
			rc |= remove_at(fd, e->d_name, depth + 1);
		else if (unlinkat(fd, e->d_name, 0) != 0 && errno != ENOENT)
			rc = -1;
	}
	closedir(d);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
		rc = -1;
	return rc;
}

int render_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (remove_at(AT_FDCWD, path, 0) == 0)
		return 0;
	return nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS); /* what is left */
}

int render_run(struct render_ctx *ctx, unsigned formats)
{
	int rc = 0;
	ctx->formats = formats; /* a back-end may link another's files (the leaflet from a page) */
	for (size_t i = 0; i < render_nbackends && rc == 0; i++)
		if (formats & (1u << i)) {
			struct buf dir = {0};
			buf_printf(&dir, "%s/%s", ctx->root, render_backends[i].dir);
			if (mkdir(dir.p, 0755) != 0) {
				io_error(ctx, "cannot make", dir.p);
				rc = -1;
			}
			buf_free(&dir);
			ctx->backend = i;
			if (rc == 0)
				rc = render_backends[i].render(ctx);
		}
	return rc;
}
