/* render.h: the back-end table, output paths confined to the output directory, hooks for
 * reuse of unchanged files. A back-end reads the model only and writes files through
 * render_file; publish.c puts the result in place as one generation. */
#ifndef LOKET_RENDER_H
#define LOKET_RENDER_H

#include <pthread.h>
#include <time.h>

#include "manifest.h"
#include "model.h"
#include "msg.h"
#include "util.h"
#include "vocab.h"

/* The folders a build has made (or found there), so each is made once. */
struct render_dirs {
	pthread_mutex_t lock;
	struct hmap made; /* path -> its own copy of the path */
};
void render_dirs_free(struct render_dirs *d);

/* A long text of an entry: in the spool when there is one (len bytes at off; len 0 when
 * absent), else in s (NULL when absent). */
struct render_text {
	char *s;
	size_t off, len;
};

/* A translation of a service, as the aggregate files see it (strings: NULL when absent). */
struct render_tr {
	char *lang, *title, *summary;
	struct render_text description;
};

/* A service as the aggregate files see it: the lists, A to Z, agency pages, search index,
 * sitemap, feed, catalogue.json and catalogue.jsonld are written from these, never from the
 * models, so a model can be freed once its own pages are rendered. Built once per service
 * by render_entry_build; owns its strings. */
struct render_entry {
	const struct agency *agency; /* NULL: not listed anywhere */
	char *id, *product, *language, *title, *summary, *modified;
	struct render_text description; /* only the search index reads it */
	enum level level;
	int citizens, businesses;
	struct path_list life_events; /* ids, in the description's order */
	struct render_tr *tr;         /* translations, in the description's order */
	size_t ntr;
	/* For the linked data: the currency of each cost item, the channels' URLs (NULL when a
	 * channel has none), the languages and the contact URL (the agency's when it has none). */
	struct path_list currencies, languages;
	char **channel_urls;
	size_t nchannels;
	char *contact_url;
	/* Its parts of catalogue.json and catalogue.jsonld, in the spool (render_spool_read). */
	size_t json_off, json_len, ld_off, ld_len;
};

/* Where fragments of the aggregate files wait while services are rendered: a file of
 * the generation being built, removed when the back-ends are done. */
struct render_spool {
	pthread_mutex_t lock;
	int fd;
	size_t size;
};

struct render_ctx {
	const char *root;          /* the generation being built: every file goes below it */
	struct service **services; /* valid services, sorted by path: an agency's are adjacent */
	size_t nservices;
	const struct agency **agencies; /* agencies with at least a valid agency.yaml, sorted by id */
	size_t nagencies;
	const struct vocab *vocab;
	const char *base_url; /* canonical base URL ("" when not given), ends without '/' */
	char date[11];        /* YYYY-MM-DD of the build (SOURCE_DATE_EPOCH) */
	time_t epoch;
	int paper_a5;     /* leaflets on A5 instead of A4 */
	unsigned formats; /* the back-ends being built (a bit per render_backends index) */
	int progress;     /* show progress on stderr (a terminal) */
	unsigned jobs;    /* threads for per-service work (render_each) */
	struct msgq *q;   /* I/O problems */
	/* Incremental builds (publish.c; NULL: write everything): */
	const struct render_hooks *hooks;
	void *hooks_arg;
	size_t backend;           /* the index in render_backends of the back-end running */
	struct render_dirs *dirs; /* folders made in this build (NULL: try every folder) */
	/* Set by render_prepare: one entry per service of ctx->services, in the same order. */
	struct render_entry *entries;
	int english; /* some listed service has an English page: the lists exist in English */
	struct render_spool *spool;
};

/* How the publisher reuses the previous generation. Both are called on render threads. */
struct render_hooks {
	/* 1 when the files of service s for back-end ctx->backend were reused (linked from
	 * the previous generation): the back-end skips s. 0: render s. -1: failed (reported). */
	int (*reuse)(void *arg, const struct render_ctx *ctx, const struct service *s);
	/* Called for every file before it is written (s: the service being rendered on this
	 * thread, or NULL for a file of no single service; path: where it goes). Returns 1
	 * when it put the file there itself (identical bytes linked from the previous
	 * generation), 0 to have render_file write it, -1 when it failed (reported). */
	int (*file)(void *arg, const struct render_ctx *ctx, const struct service *s, const char *relpath,
	            const char *path, const void *data, size_t len);
	/* 1 when relpath, a file made of services [from, to) of ctx->services only (an agency's
	 * booklet), was linked from the previous generation because none of them changed and
	 * none was added or removed; 0: make it. */
	int (*group)(void *arg, const struct render_ctx *ctx, const char *relpath, size_t from, size_t to);
	/* Called after a file written in parts (render_stream_*) is in place, with its hash
	 * (it may be replaced by a link to the identical file of the previous generation).
	 * Returns 0, or -1 when it failed (reported). */
	int (*written)(void *arg, const struct render_ctx *ctx, const struct service *s, const char *relpath,
	               const char *path, const char *hash);
};

struct render_backend {
	const char *name; /* as in --format */
	const char *dir;  /* its folder in the output directory */
	/* A back-end either renders everything at once (render), or one service at a time
	 * (service: its own files) plus the aggregate files from the entries of all services
	 * (aggregates); entry adds what its aggregates need to a service's entry (NULL: nothing).
	 * Each returns 0, or -1 after reporting the problem to ctx->q. */
	int (*render)(const struct render_ctx *ctx);
	int (*service)(const struct render_ctx *ctx, const struct service *s);
	int (*aggregates)(const struct render_ctx *ctx, const struct render_entry *v, size_t n);
	int (*entry)(const struct render_ctx *ctx, const struct service *s, struct render_entry *e);
};

/* Files of compiler/assets/ compiled into the binary (the portal's CSS and script). */
extern const struct embedded_file render_assets[];

/* The back-ends, one file each (render_html.c, render_json.c, render_pdf.c). */
int render_html_service(const struct render_ctx *ctx, const struct service *s);
int render_html_aggregates(const struct render_ctx *ctx, const struct render_entry *v, size_t n);
int render_json_service(const struct render_ctx *ctx, const struct service *s);
int render_json_aggregates(const struct render_ctx *ctx, const struct render_entry *v, size_t n);
int render_json_entry(const struct render_ctx *ctx, const struct service *s, struct render_entry *e);
int render_pdf(const struct render_ctx *ctx);
int render_sc(const struct render_ctx *ctx); /* Samenwerkende Catalogi 4.0 feeds (render_sc.c) */

/* The back-end table: a new output format is a file plus a row here (render.c). */
extern const struct render_backend render_backends[];
extern const size_t render_nbackends;

/* Report a problem of the build (SYS001, no file) to q; any thread: every thread that
 * reports to a build's queue goes through here (one lock). */
void render_report(struct msgq *q, const char *text);
/* Write a file at relpath (a/b/c.html) below ctx->root. Every component must be a
 * plain name ([A-Za-z0-9._-], not starting with a dot): nothing can escape the
 * output folder. Missing folders are made. Returns 0, or -1 after reporting. */
int render_file(const struct render_ctx *ctx, const char *relpath, const void *data, size_t len);
/* A file written in parts, for an aggregate file too large to hold in memory: open, write
 * each part, close (ok 0: it failed, remove it). Each returns 0, or -1 after reporting. */
struct render_stream {
	char *relpath;
	struct buf path;
	int fd;
	struct manifest_hasher hash;
};
int render_stream_open(const struct render_ctx *ctx, const char *relpath, struct render_stream *st);
int render_stream_write(const struct render_ctx *ctx, struct render_stream *st, const void *data, size_t len);
int render_stream_close(const struct render_ctx *ctx, struct render_stream *st, int ok);
/* Make the folders of path (below ctx->root; its last component is the file) that this
 * build has not made yet. Thread-safe. Returns 0, or -1 with errno set. */
int render_make_parents(const struct render_ctx *ctx, const char *path);
/* Run fn for every service in ctx->services on ctx->jobs threads; fn returns 0 or
 * -1 (after reporting). Returns -1 when any call failed. Thread-safe helpers:
 * render_file and render_progress. A service whose files are reused is skipped. */
int render_each(const struct render_ctx *ctx, int (*fn)(const struct render_ctx *ctx, const struct service *s));
/* For back-ends with their own threads: call before rendering service s on this thread.
 * Returns 1 when s's files were reused (skip it), 0 to render it, -1 on failure; after
 * rendering (or skipping) call render_service_end. */
int render_service_begin(const struct render_ctx *ctx, const struct service *s);
void render_service_end(void);
/* For a file made of services [from, to) only: 1 when it was reused (skip making it), 0. */
int render_reuse_group(const struct render_ctx *ctx, const char *relpath, size_t from, size_t to);
/* Show "name: done/total" on stderr when ctx->progress. */
void render_progress(const struct render_ctx *ctx, const char *name, size_t done, size_t total);

/* The entry of service s (what the aggregate files need of it), with the parts the
 * back-ends in ctx->formats add. Free with render_entry_free. Returns 0, or -1 after
 * reporting. */
int render_entry_build(const struct render_ctx *ctx, const struct service *s, struct render_entry *e);
void render_entry_free(struct render_entry *e);
/* Keep len bytes in the spool; *off is where. Thread-safe. Returns 0, or -1 after reporting. */
int render_spool_add(const struct render_ctx *ctx, const void *data, size_t len, size_t *off);
/* Append the len bytes at off in the spool to b. Returns 0, or -1 after reporting. */
int render_spool_read(const struct render_ctx *ctx, size_t off, size_t len, struct buf *b);

/* Build ctx->entries, one per service of ctx->services (below ctx->root, which exists:
 * the spool), for the back-ends in formats. render_run uses them; render_release frees
 * them. Returns 0, or -1 after reporting (then render_release all the same). */
int render_prepare(struct render_ctx *ctx, unsigned formats);
void render_release(struct render_ctx *ctx);

/* Service by service (the streaming build): open makes the folders of the back-ends in
 * formats and the spool; render_service writes the files of s in each back-end of
 * ctx->formats that renders service by service, reusing through the hooks (e: its entry,
 * from render_entry_build); render_aggregates writes their aggregate files from the
 * entries of every service, sorted as ctx->services. Each returns 0, or -1 after
 * reporting; render_release frees. */
int render_open(struct render_ctx *ctx, unsigned formats);
int render_service(struct render_ctx *ctx, const struct service *s, const struct render_entry *e);
int render_aggregates(struct render_ctx *ctx, const struct render_entry *v, size_t n);

/* Run the chosen back-ends (a bit per index in render_backends) into ctx->root, which
 * exists: one folder per back-end. Returns 0, or -1 after reporting to ctx->q. */
int render_run(struct render_ctx *ctx, unsigned formats);

/* Remove a folder tree without following symbolic links. */
int render_remove_tree(const char *path);

#endif
