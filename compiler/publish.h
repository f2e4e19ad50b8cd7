/* publish.h: a build published as one transaction: one writer per output folder (a lock),
 * generation folders behind one atomically switched link, last known good, subset builds
 * and reuse of what did not change, all recorded in the manifest (manifest.h). */
#ifndef LOKET_PUBLISH_H
#define LOKET_PUBLISH_H

#include "cli.h"
#include "manifest.h"
#include "render.h"

struct publish_kept {
	char *source; /* relative to the output folder, as in the manifest */
	char *date;   /* of the version kept */
};

struct publish {
	const char *outdir;
	char *outreal; /* its real path */
	int lock_fd;
	struct manifest old; /* the published generation's manifest (zeroed when none) */
	int have_old;
	char *old_gen, *new_gen; /* outdir/.loket/gen-N */
	struct manifest next;    /* the manifest of the generation being built */
	struct run snap;         /* the kept services' published descriptions, loaded again */
	int have_snap;
	const struct run *run; /* the inputs' pipeline */
	struct hmap old_services, old_files, entry_of, source_of;
	struct publish_kept *kept;
	size_t nkept, kept_cap, dropped;
	unsigned char *fresh;    /* per service of the next generation: a format rendered it */
	size_t reused, rendered; /* services whose files were all linked; the others */
	struct render_hooks hooks;
	pthread_t remover; /* removing the previous generation after the switch */
	int removing;
};

/* Make the output folder and take its lock (waiting, and saying so on stderr, unless
 * no_wait), read the published manifest and remove what killed builds left. Returns 0,
 * or -1 after printing why (the caller exits with 3). */
int publish_open(struct publish *p, const char *outdir, int no_wait);
/* Choose what the next generation holds: the inputs' valid services and agencies in
 * ctx (as cmd_build chose them), plus, from the published generation, every service
 * whose description now has errors (kept: last known good) and, without o->replace,
 * every service not among the inputs whose source still exists. Fills ctx->services
 * (sorted by agency and id) and ctx->agencies (by id); the caller frees both arrays. */
/* Sort ctx->services by agency and id and ctx->agencies by id, as the back-ends want them. */
void publish_sort(struct render_ctx *ctx);
void publish_plan(struct publish *p, const struct run *r, const struct options *o, struct render_ctx *ctx);
/* Render the formats into a new generation, reusing unchanged files, write its manifest,
 * switch DIR/current to it and remove the previous one. Returns 0, or -1 after reporting
 * to ctx->q (the published generation is untouched). */
int publish_build(struct publish *p, const struct options *o, struct render_ctx *ctx, unsigned formats);
/* The date of the published version kept for a description (by its path), or NULL. */
const char *publish_kept_date(const struct publish *p, const char *path);
/* Release the lock and free. */
void publish_close(struct publish *p);

/* One build (cmd_build.c), shared by loket build and loket serve. */
struct build_job {
	struct publish pub;
	struct run r;
	struct render_ctx ctx; /* what the generation holds */
	size_t nfresh;         /* of ctx.services, those of the inputs */
	int strict_stop;       /* --strict and errors: nothing was published */
	int opened, ran;
};
/* Lock o->output (publish_open), check the inputs (run_pipeline), and publish their valid
 * services in formats (a bit per render_backends index; with the published formats too
 * unless o->replace) as a new generation. Returns 0; -1 when the output could not be
 * opened (said on stderr; j->r is not set); -2 when publishing failed (reported to j->r.q).
 * The caller frees j with build_job_free whatever it returns. */
int build_publish(struct build_job *j, const struct options *o, int argc, char **argv, int first, unsigned formats);
/* "loket: published N services of ... (generation N: X rendered, Y unchanged, ...)" on stderr. */
void build_status_line(const struct build_job *j, const char *outdir);
void build_job_free(struct build_job *j);

#endif
