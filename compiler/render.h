/* render.h: the back-end table, output paths confined to the output directory, atomic
 * output. A back-end reads the model only and writes files through render_file. */
#ifndef LOKET_RENDER_H
#define LOKET_RENDER_H

#include <time.h>

#include "model.h"
#include "msg.h"
#include "vocab.h"

struct render_ctx {
	const char *root;          /* the staging folder: every file goes below it */
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
};

struct render_backend {
	const char *name; /* as in --format */
	const char *dir;  /* its folder in the output directory */
	/* Returns 0, or -1 after reporting the problem to ctx->q. */
	int (*render)(const struct render_ctx *ctx);
};

/* Files of compiler/assets/ compiled into the binary (the portal's CSS and script). */
extern const struct embedded_file render_assets[];

/* The back-ends, one file each (render_html.c, render_json.c, render_pdf.c). */
int render_html(const struct render_ctx *ctx);
int render_json(const struct render_ctx *ctx);
int render_pdf(const struct render_ctx *ctx);

/* The back-end table: a new output format is a file plus a row here (render.c). */
extern const struct render_backend render_backends[];
extern const size_t render_nbackends;

/* Write a file at relpath (a/b/c.html) below ctx->root. Every component must be a
 * plain name ([A-Za-z0-9._-], not starting with a dot): nothing can escape the
 * output folder. Missing folders are made. Returns 0, or -1 after reporting. */
int render_file(const struct render_ctx *ctx, const char *relpath, const void *data, size_t len);
/* Run fn for every service in ctx->services on ctx->jobs threads; fn returns 0 or
 * -1 (after reporting). Returns -1 when any call failed. Thread-safe helpers:
 * render_file and render_progress. */
int render_each(const struct render_ctx *ctx, int (*fn)(const struct render_ctx *ctx, const struct service *s));
/* Show "name: done/total" on stderr when ctx->progress. */
void render_progress(const struct render_ctx *ctx, const char *name, size_t done, size_t total);

/* Build the chosen back-ends (a bit per index in render_backends) into outdir:
 * everything is written into a staging folder inside outdir first; only when all
 * back-ends succeed does each format's folder replace the previous one (an atomic
 * exchange), so a failed or interrupted build leaves the previous output intact and
 * no stale file survives. Returns 0, or -1 after reporting to ctx->q. */
int render_build(const char *outdir, unsigned formats, struct render_ctx *ctx);

/* Remove a folder tree without following symbolic links. */
int render_remove_tree(const char *path);

#endif
