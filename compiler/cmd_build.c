/* cmd_build.c: loket build: validate, then render every service without errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "render.h"
#include "publish.h"

unsigned build_parse_formats(const char *list)
{
	unsigned bits = 0;
	while (*list) {
		size_t n = strcspn(list, ",");
		size_t i = 0;
		while (i < render_nbackends &&
		       (strlen(render_backends[i].name) != n || strncmp(render_backends[i].name, list, n)))
			i++;
		if (i == render_nbackends) {
			char *name = xstrndup(list, n);
			usage_error(_("unknown output format '%s'"), name);
		}
		bits |= 1u << i;
		list += n + (list[n] == ',');
	}
	return bits;
}

/* The options of the render context. */
static void context_options(struct run *r, const struct options *o, struct render_ctx *ctx)
{
	ctx->vocab = &r->vocab;
	ctx->base_url = o->base_url ? o->base_url : "";
	util_today(ctx->date);
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	ctx->epoch = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	ctx->paper_a5 = o->paper && !strcmp(o->paper, "a5");
	ctx->jobs = o->jobs;
}

/* The render context of r: the services and agencies without errors (marked rendered),
 * sorted as the back-ends want them, and the options. The caller frees ctx->services and
 * ctx->agencies. */
static void build_context(struct run *r, const struct options *o, struct render_ctx *ctx)
{
	/* Services (and agencies) with errors are not rendered from their description. */
	catalogue_attach_flags(&r->cat, &r->q);
	memset(ctx, 0, sizeof *ctx);
	context_options(r, o, ctx);
	ctx->agencies = xcalloc(r->cat.n ? r->cat.n : 1, sizeof *ctx->agencies);
	for (size_t i = 0; i < r->cat.n; i++) {
		struct cat_file *f = r->cat.files[i];
		if (f->is_agency && f->modeled && !f->has_errors) {
			f->agency.rendered = 1;
			ctx->agencies[ctx->nagencies++] = &f->agency;
		}
	}
	size_t nall;
	struct service **all = catalogue_services(&r->cat, &nall);
	ctx->services = xcalloc(nall ? nall : 1, sizeof *ctx->services);
	for (size_t i = 0; i < nall; i++) {
		struct cat_file *f = hmap_get(&r->cat.by_path, all[i]->path, strlen(all[i]->path));
		/* A service whose agency is not rendered has no page to belong to. */
		if (!f->has_errors && all[i]->agency && all[i]->agency->rendered) {
			all[i]->rendered = 1;
			ctx->services[ctx->nservices++] = all[i];
		}
	}
	free(all);
	ctx->progress = isatty(STDERR_FILENO) && !o->quiet;
	ctx->q = &r->q;
}

/* Take the output folder (publish_open); *formats gets the published formats too unless
 * o->replace. Returns 0, or -1 (said on stderr). */
static int build_open(struct build_job *j, const struct options *o, unsigned *formats)
{
	memset(j, 0, sizeof *j);
	static const char *names[8], *dirs[8];
	for (size_t i = 0; i < render_nbackends; i++) {
		names[i] = render_backends[i].name;
		dirs[i] = render_backends[i].dir;
	}
	manifest_format_names = names;
	manifest_format_dirs = dirs;
	manifest_nformats = render_nbackends;
	/* One build at a time writes to the output folder. */
	j->opened = 1;
	if (publish_open(&j->pub, o->output, o->no_wait) != 0)
		return -1;
	/* A generation holds its formats together: the published ones stay (linked where
	 * nothing changed) unless --replace makes --format the whole output. */
	if (j->pub.have_old && !o->replace)
		*formats |= j->pub.old.formats;
	return 0;
}

/* The whole pipeline, then the publishing (build_publish after build_open). */
static int build_run(struct build_job *j, const struct options *o, int argc, char **argv, int first, unsigned formats)
{
	run_pipeline(&j->r, o, argc, argv, first);
	j->ran = 1;
	build_context(&j->r, o, &j->ctx);
	j->nfresh = j->ctx.nservices;
	/* --strict: any error and the published output stays exactly as it is. */
	j->strict_stop = o->strict && msg_count(&j->r.q, 0).errors > 0;
	if (j->strict_stop)
		return 0;
	publish_plan(&j->pub, &j->r, o, &j->ctx); /* last known good, and the services not among the inputs */
	int rc = publish_build(&j->pub, o, &j->ctx, formats) != 0 ? -2 : 0;
	j->nservices = j->ctx.nservices;
	j->failed = rc != 0;
	return rc;
}

int build_publish(struct build_job *j, const struct options *o, int argc, char **argv, int first, unsigned formats)
{
	return build_open(j, o, &formats) != 0 ? -1 : build_run(j, o, argc, argv, first, formats);
}

/* ---- the streaming build ---- */

/* The streaming check (stream.c) with a sink that publishes each valid service while its
 * diagnostics are written, and then frees it: memory stays flat in the catalogue's size.
 * For the back-ends that render service by service (html, json); leaflets and feeds need
 * an agency's services at once and take the whole pipeline. */
struct stream_build {
	struct build_job *j;
	const struct options *o;
	unsigned formats;
	struct msgq q;            /* what publishing reports */
	struct path_list skipped; /* the services not rendered */
	size_t agencies_cap;
	size_t services, done; /* for the progress on a terminal */
	int strict_error;      /* --strict and an error: nothing will be published, render no more */
};

static void sb_input(void *arg, const char *path)
{
	struct stream_build *b = arg;
	publish_input(&b->j->pub, path, 0);
	b->services++;
}

static void sb_agency(void *arg, struct cat_file *f, const struct msgq *q)
{
	struct stream_build *b = arg;
	struct render_ctx *ctx = &b->j->ctx;
	catalogue_attach_file_flags(f, q);
	publish_stream_agency(&b->j->pub, f);
	b->services--;
	b->strict_error |= b->o->strict && f->has_errors;
	if (f->modeled && !f->has_errors) {
		f->agency.rendered = 1;
		ctx->agencies = xgrow(ctx->agencies, &b->agencies_cap, ctx->nagencies + 1, sizeof *ctx->agencies);
		ctx->agencies[ctx->nagencies++] = &f->agency;
	}
}

static void sb_begin(void *arg)
{
	struct stream_build *b = arg;
	publish_stream_begin(&b->j->pub, b->o, &b->j->ctx, b->formats);
}

static int sb_service(void *arg, struct cat_file *f, const struct msgq *q)
{
	struct stream_build *b = arg;
	catalogue_attach_file_flags(f, q);
	render_progress(&b->j->ctx, "checking and rendering", ++b->done, b->services);
	b->strict_error |= b->o->strict && f->has_errors;
	/* A service whose agency is not rendered has no page to belong to. */
	if (f->modeled && !f->has_errors && f->service.agency && f->service.agency->rendered && !b->strict_error) {
		f->service.rendered = 1;
		return publish_stream_service(&b->j->pub, f);
	}
	path_list_add(&b->skipped, f->path);
	return 0;
}

static void sb_end(void *arg, struct msg_counts counts, struct msgq *late)
{
	struct stream_build *b = arg;
	struct build_job *j = b->j;
	render_progress(&j->ctx, "checking and rendering", b->services, b->services); /* clears the line */
	j->strict_stop = (b->o->strict && counts.errors > 0) || b->strict_error;
	if (publish_stream_end(&j->pub, b->o, &j->ctx, &j->r.st, !j->strict_stop) != 0 && !j->strict_stop)
		j->failed = 1;
	if (j->strict_stop) /* nothing is published: what failed on the way does not matter */
		msg_free(&b->q);
	j->nfresh = j->pub.nfresh;
	j->nservices = j->pub.next.nservices;
	msg_merge(late, &b->q);
}

/* The stream, unless LOKET_BUILD_WHOLE is set (the tests compare both ways). */
static int streamable(void)
{
	const char *whole = getenv("LOKET_BUILD_WHOLE");
	return whole == NULL || *whole == 0;
}

/* The streaming build; the exit status of its check, or EXIT_SYSTEM. */
static int build_stream(struct build_job *j, const struct options *o, char **paths, size_t npaths, unsigned formats,
                        struct path_list *skipped)
{
	struct stream_build b = {.j = j, .o = o, .formats = formats};
	run_setup(&j->r, o);
	j->ran = 1;
	context_options(&j->r, o, &j->ctx);
	j->ctx.q = &b.q;
	/* Diagnostics on the same terminal are progress enough (and a count would cut them). */
	j->ctx.progress = isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO) && !o->quiet;
	struct stream_sink sink = {&b, sb_input, sb_agency, sb_begin, sb_service, sb_end};
	int status = stream_run(&j->r, o, paths, npaths, stdout, NULL, &sink);
	*skipped = b.skipped;
	msg_free(&b.q);
	return j->failed ? EXIT_SYSTEM : status;
}

void build_status_line(const struct build_job *j, const char *outdir)
{
	char agencies[64];
	snprintf(agencies, sizeof agencies, i18n_ngettext("%zu agency", "%zu agencies", j->ctx.nagencies),
	         j->ctx.nagencies);
	size_t n = j->nservices;
	fprintf(stderr,
	        i18n_ngettext("loket: published %zu service of %s into %s/ (generation %u: %zu rendered, %zu "
	                      "unchanged, %zu from earlier builds)\n",
	                      "loket: published %zu services of %s into %s/ (generation %u: %zu rendered, %zu "
	                      "unchanged, %zu from earlier builds)\n",
	                      n),
	        n, agencies, outdir, j->pub.next.generation, j->pub.rendered, j->pub.reused, n - j->nfresh);
}

void build_job_free(struct build_job *j)
{
	free(j->ctx.services);
	free(j->ctx.agencies);
	if (j->ran) /* first: the previous generation is being removed meanwhile */
		run_free(&j->r);
	if (j->opened)
		publish_close(&j->pub);
	memset(j, 0, sizeof *j);
}

/* Which services were not rendered, and what the output holds of each instead. */
static int path_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void report_skipped(const struct build_job *j, struct path_list *skipped)
{
	if (skipped->n == 0)
		return;
	qsort(skipped->v, skipped->n, sizeof *skipped->v, path_cmp); /* as the stream finds them */
	fprintf(stderr,
	        i18n_ngettext("loket: %zu service not rendered because of errors:\n",
	                      "loket: %zu services not rendered because of errors:\n", skipped->n),
	        skipped->n);
	for (size_t i = 0; i < skipped->n; i++) {
		const char *date = publish_kept_date(&j->pub, skipped->v[i]);
		if (date)
			fprintf(stderr, _("  %s: kept the version published on %s\n"), skipped->v[i], date);
		else
			fprintf(stderr, _("  %s: not published\n"), skipped->v[i]);
	}
}

/* The whole pipeline, then the report: for leaflets and feeds. */
static int build_whole(struct build_job *j, const struct options *o, int argc, char **argv, int first, unsigned formats,
                       struct path_list *skipped)
{
	int rc = build_run(j, o, argc, argv, first, formats);
	struct run *r = &j->r;
	msg_sort(&r->q);
	int status = print_check(&r->q, &r->cat, o, NULL, stdout);
	for (size_t i = 0; i < r->cat.n; i++) {
		const struct cat_file *f = r->cat.files[i];
		if (!f->is_agency && !f->context_only && !(f->modeled && f->service.rendered))
			path_list_add(skipped, f->path);
	}
	return rc != 0 ? EXIT_SYSTEM : status;
}

int cmd_build(int argc, char **argv)
{
	struct options o = {.format = NULL, .diagnostics = NULL, .output = "output"};
	int first = parse_options(argc, argv, &o);
	if (o.diagnostics == NULL) /* not on the command line, nor in loket.yaml */
		o.diagnostics = "text";
	unsigned formats = o.format ? build_parse_formats(o.format) : (1u << render_nbackends) - 1;
	struct build_job j;
	if (build_open(&j, &o, &formats) != 0) {
		build_job_free(&j);
		return EXIT_SYSTEM;
	}
	static char catalogue_dir[] = "catalogue";
	char *default_paths[] = {catalogue_dir};
	struct path_list skipped = {0};
	int status = !streamable()  ? build_whole(&j, &o, argc, argv, first, formats, &skipped)
	             : first < argc ? build_stream(&j, &o, argv + first, (size_t)(argc - first), formats, &skipped)
	                            : build_stream(&j, &o, default_paths, 1, formats, &skipped);
	if (j.strict_stop)
		fprintf(stderr, _("loket: --strict: the input has errors; nothing was published, %s/ is as it was\n"),
		        o.output);
	else
		report_skipped(&j, &skipped);
	path_list_free(&skipped);
	if (!o.quiet && !j.strict_stop && !j.failed)
		build_status_line(&j, o.output);
	build_job_free(&j);
	return status;
}
