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

/* The render context of r: the services and agencies without errors (marked rendered),
 * sorted as the back-ends want them, and the options. The caller frees ctx->services and
 * ctx->agencies. */
static void build_context(struct run *r, const struct options *o, struct render_ctx *ctx)
{
	/* Services (and agencies) with errors are not rendered from their description. */
	catalogue_attach_flags(&r->cat, &r->q);
	memset(ctx, 0, sizeof *ctx);
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
	ctx->vocab = &r->vocab;
	ctx->base_url = o->base_url ? o->base_url : "";
	util_today(ctx->date);
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	ctx->epoch = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	ctx->paper_a5 = o->paper && !strcmp(o->paper, "a5");
	ctx->progress = isatty(STDERR_FILENO) && !o->quiet;
	ctx->jobs = o->jobs;
	ctx->q = &r->q;
}

int build_publish(struct build_job *j, const struct options *o, int argc, char **argv, int first, unsigned formats)
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
		formats |= j->pub.old.formats;
	run_pipeline(&j->r, o, argc, argv, first);
	j->ran = 1;
	build_context(&j->r, o, &j->ctx);
	j->nfresh = j->ctx.nservices;
	/* --strict: any error and the published output stays exactly as it is. */
	j->strict_stop = o->strict && msg_count(&j->r.q, 0).errors > 0;
	if (j->strict_stop)
		return 0;
	publish_plan(&j->pub, &j->r, o, &j->ctx); /* last known good, and the services not among the inputs */
	return publish_build(&j->pub, o, &j->ctx, formats) != 0 ? -2 : 0;
}

void build_status_line(const struct build_job *j, const char *outdir)
{
	char agencies[64];
	snprintf(agencies, sizeof agencies, i18n_ngettext("%zu agency", "%zu agencies", j->ctx.nagencies),
	         j->ctx.nagencies);
	fprintf(stderr,
	        i18n_ngettext("loket: published %zu service of %s into %s/ (generation %u: %zu rendered, %zu "
	                      "unchanged, %zu from earlier builds)\n",
	                      "loket: published %zu services of %s into %s/ (generation %u: %zu rendered, %zu "
	                      "unchanged, %zu from earlier builds)\n",
	                      j->ctx.nservices),
	        j->ctx.nservices, agencies, outdir, j->pub.next.generation, j->pub.rendered, j->pub.reused,
	        j->ctx.nservices - j->nfresh);
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

int cmd_build(int argc, char **argv)
{
	struct options o = {.format = NULL, .diagnostics = NULL, .output = "output"};
	int first = parse_options(argc, argv, &o);
	if (o.diagnostics == NULL) /* not on the command line, nor in loket.yaml */
		o.diagnostics = "text";
	unsigned formats = o.format ? build_parse_formats(o.format) : (1u << render_nbackends) - 1;
	struct build_job j;
	int rc = build_publish(&j, &o, argc, argv, first, formats);
	if (rc == -1) {
		build_job_free(&j);
		return EXIT_SYSTEM;
	}
	struct run *r = &j.r;
	msg_sort(&r->q);
	int status = print_check(&r->q, &r->cat, &o, NULL, stdout);
	size_t skipped = 0;
	for (size_t i = 0; i < r->cat.n; i++) {
		const struct cat_file *f = r->cat.files[i];
		skipped += !f->is_agency && !f->context_only && !(f->modeled && f->service.rendered);
	}
	if (j.strict_stop) {
		fprintf(stderr, _("loket: --strict: the input has errors; nothing was published, %s/ is as it was\n"),
		        o.output);
	} else if (skipped) {
		fprintf(stderr,
		        i18n_ngettext("loket: %zu service not rendered because of errors:\n",
		                      "loket: %zu services not rendered because of errors:\n", skipped),
		        skipped);
		for (size_t i = 0; i < r->cat.n; i++) {
			const struct cat_file *f = r->cat.files[i];
			if (f->is_agency || f->context_only || (f->modeled && f->service.rendered))
				continue;
			const char *date = publish_kept_date(&j.pub, f->path);
			if (date)
				fprintf(stderr, _("  %s: kept the version published on %s\n"), f->path, date);
			else
				fprintf(stderr, _("  %s: not published\n"), f->path);
		}
	}
	if (rc != 0)
		status = EXIT_SYSTEM;
	else if (!o.quiet && !j.strict_stop)
		build_status_line(&j, o.output);
	build_job_free(&j);
	return status;
}
