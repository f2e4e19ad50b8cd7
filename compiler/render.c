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
        {"html", "html", NULL, render_html_service, render_html_aggregates, NULL},
        {"json", "json", NULL, render_json_service, render_json_aggregates, render_json_entry},
        {"pdf", "leaflets", render_pdf, NULL, NULL, NULL},
        {"sc", "sc", render_sc, NULL, NULL, NULL},
};
const size_t render_nbackends = sizeof render_backends / sizeof *render_backends;

/* Back-ends may run on several threads: the message queue and the terminal are shared. */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

void render_report(struct msgq *q, const char *text)
{
	pthread_mutex_lock(&shared_lock);
	msg_emit(q, MSG_SYS001_OUTPUT, ((struct pos){NULL, 0, 0}), text);
	pthread_mutex_unlock(&shared_lock);
}

static void io_error(const struct render_ctx *ctx, const char *what, const char *path)
{
	struct buf b = {0};
	buf_printf(&b, "%s %s: %s", what, path, strerror(errno));
	render_report(ctx->q, b.p);
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

/* The path of relpath below ctx->root in *path, with its folders made. Returns 0, or -1
 * after reporting. */
static int output_path(const struct render_ctx *ctx, const char *relpath, struct buf *path)
{
	buf_adds(path, ctx->root);
	for (const char *p = relpath; *p;) {
		size_t n = strcspn(p, "/");
		if (!plain_component(p, n)) {
			errno = EINVAL;
			io_error(ctx, "refusing to write outside the output folder:", relpath);
			return -1;
		}
		buf_addc(path, '/');
		buf_add(path, p, n);
		p += n;
		p += *p == '/';
	}
	if (render_make_parents(ctx, path->p) != 0) {
		io_error(ctx, "cannot make folder", path->p);
		return -1;
	}
	return 0;
}

int render_file(const struct render_ctx *ctx, const char *relpath, const void *data, size_t len)
{
	struct buf path = {0};
	int rc = output_path(ctx, relpath, &path);
	if (rc == 0 && ctx->hooks)
		rc = ctx->hooks->file(ctx->hooks_arg, ctx, current, relpath, path.p, data, len);
	/* Straight into place: the generation is published as a whole, by one rename. */
	if (rc == 0 && (rc = write_file_new(path.p, data, len)) != 0)
		io_error(ctx, "cannot write", path.p);
	buf_free(&path);
	return rc < 0 ? -1 : 0;
}

int render_stream_open(const struct render_ctx *ctx, const char *relpath, struct render_stream *st)
{
	memset(st, 0, sizeof *st);
	st->fd = -1;
	st->relpath = xstrdup(relpath);
	if (output_path(ctx, relpath, &st->path) != 0)
		return -1;
	if ((st->fd = create_file_new(st->path.p)) < 0) {
		io_error(ctx, "cannot write", st->path.p);
		return -1;
	}
	manifest_hash_begin(&st->hash);
	return 0;
}

int render_stream_write(const struct render_ctx *ctx, struct render_stream *st, const void *data, size_t len)
{
	if (write_fd_all(st->fd, data, len) != 0) {
		io_error(ctx, "cannot write", st->path.p);
		return -1;
	}
	manifest_hash_add(&st->hash, data, len);
	return 0;
}

int render_stream_close(const struct render_ctx *ctx, struct render_stream *st, int ok)
{
	manifest_hash h;
	int rc = ok ? 0 : -1;
	if (st->fd >= 0) {
		manifest_hash_end(&st->hash, ok ? h : NULL);
		if (close(st->fd) != 0 && rc == 0) {
			io_error(ctx, "cannot write", st->path.p);
			rc = -1;
		}
		if (rc != 0)
			unlink(st->path.p);
	} else {
		rc = -1;
	}
	if (rc == 0 && ctx->hooks && ctx->hooks->written &&
	    ctx->hooks->written(ctx->hooks_arg, ctx, current, st->relpath, st->path.p, h) != 0)
		rc = -1;
	free(st->relpath);
	buf_free(&st->path);
	return rc;
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

/* ---- entries and the spool ---- */

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

/* Keep a long text: in the spool when there is one (memory stays flat in the number of
 * services), else in memory. Returns 0, or -1 after reporting. */
static int keep_text(const struct render_ctx *ctx, const char *s, struct render_text *t)
{
	memset(t, 0, sizeof *t);
	if (s == NULL || *s == 0 || ctx->spool == NULL || ctx->spool->fd < 0) {
		t->s = dup_or_null(s);
		return 0;
	}
	t->len = strlen(s);
	return render_spool_add(ctx, s, t->len, &t->off);
}

static int entry_translations(const struct render_ctx *ctx, struct render_entry *e, const struct node *trs)
{
	e->ntr = trs ? trs->n : 0;
	e->tr = xcalloc(e->ntr ? e->ntr : 1, sizeof *e->tr);
	int rc = 0;
	for (size_t k = 0; k < e->ntr; k++) {
		const struct node *tr = NODE_VAL(trs, k);
		e->tr[k] = (struct render_tr){xstrdup(NODE_KEY(trs, k)->str),
		                              dup_or_null(node_get_str(tr, "title")),
		                              dup_or_null(node_get_str(tr, "summary")),
		                              {NULL, 0, 0}};
		rc |= keep_text(ctx, node_get_str(tr, "description"), &e->tr[k].description);
	}
	return rc;
}

static void strings_of(struct path_list *l, const struct node *seq)
{
	for (size_t k = 0; seq && seq->kind == NODE_SEQ && k < seq->n; k++)
		path_list_add(l, seq->kids[k]->str);
}

int render_entry_build(const struct render_ctx *ctx, const struct service *s, struct render_entry *e)
{
	memset(e, 0, sizeof *e);
	e->agency = s->agency;
	e->id = xstrdup(s->id);
	e->product = xstrdup(s->product);
	e->language = xstrdup(s->language);
	e->title = xstrdup(s->title);
	e->summary = dup_or_null(s->summary);
	int rc = keep_text(ctx, s->description, &e->description);
	e->modified = dup_or_null(node_get_str(s->root, "modified"));
	e->level = s->level;
	e->citizens = s->audience_citizen;
	e->businesses = s->audience_business;
	strings_of(&e->life_events, node_get(s->root, "life_events"));
	rc |= entry_translations(ctx, e, node_get(s->root, "translations"));
	if (rc != 0)
		return -1;
	const struct node *items = node_get(node_get(s->root, "costs"), "items");
	for (size_t k = 0; items && k < items->n; k++) {
		const char *c = node_get_str(items->kids[k], "currency");
		path_list_add(&e->currencies, c ? c : "EUR");
	}
	strings_of(&e->languages, node_get(s->root, "languages"));
	e->nchannels = s->nchannels;
	e->channel_urls = xcalloc(s->nchannels ? s->nchannels : 1, sizeof *e->channel_urls);
	for (size_t k = 0; k < s->nchannels; k++)
		e->channel_urls[k] = dup_or_null(s->channels[k].url);
	const struct node *contact = node_get(s->root, "contact");
	if (contact == NULL && s->agency)
		contact = node_get(s->agency->root, "contact");
	e->contact_url = dup_or_null(node_get_str(contact, "url"));
	for (size_t i = 0; i < render_nbackends; i++)
		if ((ctx->formats >> i & 1u) && render_backends[i].entry && render_backends[i].entry(ctx, s, e) != 0)
			return -1;
	return 0;
}

void render_entry_free(struct render_entry *e)
{
	free(e->id);
	free(e->product);
	free(e->language);
	free(e->title);
	free(e->summary);
	free(e->description.s);
	free(e->modified);
	path_list_free(&e->life_events);
	for (size_t k = 0; k < e->ntr; k++) {
		free(e->tr[k].lang);
		free(e->tr[k].title);
		free(e->tr[k].summary);
		free(e->tr[k].description.s);
	}
	free(e->tr);
	path_list_free(&e->currencies);
	path_list_free(&e->languages);
	for (size_t k = 0; k < e->nchannels; k++)
		free(e->channel_urls[k]);
	free(e->channel_urls);
	free(e->contact_url);
	memset(e, 0, sizeof *e);
}

int render_spool_add(const struct render_ctx *ctx, const void *data, size_t len, size_t *off)
{
	struct render_spool *sp = ctx->spool;
	pthread_mutex_lock(&sp->lock);
	*off = sp->size;
	sp->size += len;
	pthread_mutex_unlock(&sp->lock);
	for (size_t done = 0; done < len;) {
		ssize_t w = pwrite(sp->fd, (const char *)data + done, len - done, (off_t)(*off + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			io_error(ctx, "cannot write", "the temporary file of the build");
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

int render_spool_read(const struct render_ctx *ctx, size_t off, size_t len, struct buf *b)
{
	char chunk[65536];
	for (size_t done = 0; done < len;) {
		size_t want = len - done < sizeof chunk ? len - done : sizeof chunk;
		ssize_t r = pread(ctx->spool->fd, chunk, want, (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			io_error(ctx, "cannot read", "the temporary file of the build");
			return -1;
		}
		buf_add(b, chunk, (size_t)r);
		done += (size_t)r;
	}
	return 0;
}

/* The spool: a file without a name in TMPDIR (or /tmp), like sort's temporary files: it
 * takes no room on the output's disk and leaves nothing behind. */
static int spool_open(const struct render_ctx *ctx, struct render_spool *sp)
{
	const char *dir = getenv("TMPDIR");
	if (dir == NULL || *dir == 0)
		dir = "/tmp";
	sp->fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (sp->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		struct buf path = {0};
		buf_printf(&path, "%s/loket-spool-XXXXXX", dir);
		if ((sp->fd = mkostemp(path.p, O_CLOEXEC)) >= 0)
			unlink(path.p);
		buf_free(&path);
	}
	if (sp->fd < 0)
		io_error(ctx, "cannot make a temporary file in", dir);
	return sp->fd >= 0 ? 0 : -1;
}

struct entries_job {
	const struct render_ctx *ctx;
	_Atomic int failed;
};

static void entry_one(void *arg, size_t i)
{
	struct entries_job *job = arg;
	if (!atomic_load(&job->failed) &&
	    render_entry_build(job->ctx, job->ctx->services[i], &job->ctx->entries[i]) != 0)
		atomic_store(&job->failed, 1);
}

/* Whether a listed entry has an English page (then the lists exist in English too). */
static int english_page(const struct render_entry *e)
{
	if (e->agency == NULL)
		return 0;
	if (!strncmp(e->language, "en", 2))
		return 1;
	for (size_t k = 0; k < e->ntr; k++)
		if (!strncmp(e->tr[k].lang, "en", 2)) /* as the pages see a language (en-GB too) */
			return 1;
	return 0;
}

/* The entries of every service, for the back-ends with aggregate files. */
static int build_entries(struct render_ctx *ctx)
{
	ctx->entries = xcalloc(ctx->nservices ? ctx->nservices : 1, sizeof *ctx->entries);
	struct entries_job job = {ctx, 0};
	parallel_for(ctx->nservices, ctx->jobs ? ctx->jobs : 1, entry_one, &job);
	for (size_t i = 0; i < ctx->nservices && !ctx->english; i++)
		ctx->english = english_page(&ctx->entries[i]);
	return atomic_load(&job.failed) ? -1 : 0;
}

static int render_backend_run(const struct render_ctx *ctx, const struct render_backend *b)
{
	if (b->render)
		return b->render(ctx);
	if (b->aggregates(ctx, ctx->entries, ctx->nservices) != 0)
		return -1;
	return render_each(ctx, b->service);
}

/* The spool, when a back-end in formats keeps parts of its aggregate files there. */
static int open_spool(struct render_ctx *ctx, unsigned formats)
{
	int spool = 0;
	ctx->formats = formats; /* a back-end may link another's files (the leaflet from a page) */
	for (size_t i = 0; i < render_nbackends; i++)
		spool |= (formats >> i & 1u) && (render_backends[i].entry || render_backends[i].aggregates);
	ctx->spool = xcalloc(1, sizeof *ctx->spool);
	pthread_mutex_init(&ctx->spool->lock, NULL);
	ctx->spool->fd = -1;
	return spool ? spool_open(ctx, ctx->spool) : 0;
}

int render_prepare(struct render_ctx *ctx, unsigned formats)
{
	if (open_spool(ctx, formats) != 0)
		return -1;
	return build_entries(ctx);
}

/* The folder of back-end i below ctx->root. */
static int backend_dir(const struct render_ctx *ctx, size_t i)
{
	struct buf dir = {0};
	buf_printf(&dir, "%s/%s", ctx->root, render_backends[i].dir);
	int rc = mkdir(dir.p, 0755);
	if (rc != 0)
		io_error(ctx, "cannot make", dir.p);
	buf_free(&dir);
	return rc;
}

int render_open(struct render_ctx *ctx, unsigned formats)
{
	if (open_spool(ctx, formats) != 0)
		return -1;
	for (size_t i = 0; i < render_nbackends; i++)
		if ((formats >> i & 1u) && backend_dir(ctx, i) != 0)
			return -1;
	return 0;
}

int render_service(struct render_ctx *ctx, const struct service *s, const struct render_entry *e)
{
	/* Its pages link the English lists only from an English page, which means the lists
	 * exist in English: whether other services have one does not change them. */
	ctx->english = english_page(e);
	int rc = 0;
	for (size_t i = 0; i < render_nbackends && rc == 0; i++) {
		if (!(ctx->formats >> i & 1u) || render_backends[i].service == NULL)
			continue;
		ctx->backend = i;
		int reused = render_service_begin(ctx, s);
		rc = reused < 0 || (reused == 0 && render_backends[i].service(ctx, s) != 0) ? -1 : 0;
		render_service_end();
	}
	return rc;
}

int render_aggregates(struct render_ctx *ctx, const struct render_entry *v, size_t n)
{
	ctx->english = 0;
	for (size_t i = 0; i < n && !ctx->english; i++)
		ctx->english = english_page(&v[i]);
	int rc = 0;
	for (size_t i = 0; i < render_nbackends && rc == 0; i++)
		if ((ctx->formats >> i & 1u) && render_backends[i].aggregates) {
			ctx->backend = i;
			rc = render_backends[i].aggregates(ctx, v, n);
		}
	return rc;
}

void render_release(struct render_ctx *ctx)
{
	for (size_t i = 0; ctx->entries && i < ctx->nservices; i++)
		render_entry_free(&ctx->entries[i]);
	free(ctx->entries);
	ctx->entries = NULL;
	if (ctx->spool) {
		if (ctx->spool->fd >= 0)
			close(ctx->spool->fd);
		pthread_mutex_destroy(&ctx->spool->lock);
		free(ctx->spool);
		ctx->spool = NULL;
	}
}

int render_run(struct render_ctx *ctx, unsigned formats)
{
	int own = ctx->entries == NULL; /* not prepared by the caller */
	int rc = own ? render_prepare(ctx, formats) : 0;
	ctx->formats = formats;
	for (size_t i = 0; i < render_nbackends && rc == 0; i++)
		if (formats & (1u << i)) {
			rc = backend_dir(ctx, i);
			ctx->backend = i;
			if (rc == 0)
				rc = render_backend_run(ctx, &render_backends[i]);
		}
	if (own)
		render_release(ctx);
	return rc;
}
