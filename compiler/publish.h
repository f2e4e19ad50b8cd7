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

/* A fresh service whose file is read again for the leaflets and feeds (the stream). */
struct again {
	char *path;
	struct file_id id; /* listed: the file must be the one found */
	int listed;
	size_t slot; /* its manifest entry */
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
	struct run snap_ag; /* and the kept agencies' */
	int have_snap_ag;
	const struct run *run; /* the inputs' pipeline (NULL: the stream) */
	struct hmap old_services, old_files, entry_of, source_of;
	struct hmap old_per_agency; /* agency id -> index + 1 in old_counts: its published services */
	size_t *old_counts, old_ncounts, old_counts_cap;
	/* The plan: the inputs by source key (listed or only context), the fresh agencies
	 * (by id), the fresh services ("agency/id"), the published agencies that may stay. */
	struct hmap inputs, fresh_agencies, fresh_services, snap_agencies;
	struct path_list keys; /* the keys' strings */
	size_t ninputs;
	/* The stream: the agencies' files by path; per service of the next manifest, its
	 * render entry; the render threads. */
	struct hmap agency_files;
	struct render_entry *entries;
	size_t entries_cap, fresh_cap;
	size_t nfresh;      /* of the manifest's services, those of the inputs */
	_Atomic int failed; /* the stream stopped publishing (reported) */
	struct render_pool *pool;
	struct again *again;
	size_t nagain, again_cap;
	struct render_dirs dirs;
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
/* Sort ctx->services by agency and id and ctx->agencies by id, as the back-ends want them. */
void publish_sort(struct render_ctx *ctx);
/* Choose what the next generation holds: the inputs' valid services and agencies in
 * ctx (as cmd_build chose them), plus, from the published generation, every service
 * whose description now has errors (kept: last known good) and, without o->replace,
 * every service not among the inputs whose source still exists. Fills ctx->services
 * (sorted by agency and id) and ctx->agencies (by id); the caller frees both arrays. */
void publish_plan(struct publish *p, const struct run *r, const struct options *o, struct render_ctx *ctx);
/* Render the formats into a new generation, reusing unchanged files, write its manifest,
 * switch DIR/current to it and remove the previous one. Returns 0, or -1 after reporting
 * to ctx->q (the published generation is untouched). */
int publish_build(struct publish *p, const struct options *o, struct render_ctx *ctx, unsigned formats);
/* The streaming build (cmd_build.c drives it from the stream's sink): every input file
 * (publish_input) and every agency file (publish_stream_agency) first; then begin, with
 * the inputs' valid agencies in ctx->agencies (the published ones that stay are added),
 * which starts ctx->jobs render threads; then each valid service, in any order: service
 * takes f (returns 1; a render thread frees it) unless publishing has failed (0); then
 * end, which waits for the threads, renders the published services
 * that stay and the aggregate files, writes the manifest and switches (publish 0: remove
 * the generation instead, as --strict wants). begin and end return 0, or -1 after
 * reporting to ctx->q; after a failure nothing more is rendered and nothing switched. */
void publish_input(struct publish *p, const char *path, int context_only);
void publish_stream_agency(struct publish *p, const struct cat_file *f);
int publish_stream_begin(struct publish *p, const struct options *o, struct render_ctx *ctx, unsigned formats);
int publish_stream_service(struct publish *p, struct cat_file *f);
int publish_stream_end(struct publish *p, const struct options *o, struct render_ctx *ctx, const struct standard *st,
                       int publish);
/* The date of the published version kept for a description (by its path), or NULL. */
const char *publish_kept_date(const struct publish *p, const char *path);
/* Release the lock and free. */
void publish_close(struct publish *p);

/* One build (cmd_build.c), shared by loket build and loket serve. */
struct build_job {
	struct publish pub;
	struct run r;
	struct render_ctx ctx; /* what the generation holds */
	size_t nservices;      /* what the generation holds */
	size_t nfresh;         /* of those, the inputs' */
	int strict_stop;       /* --strict and errors: nothing was published */
	int failed;            /* publishing failed (reported) */
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
