/* cmd_build.c: loket build: validate, then render every service without errors. */
#define _GNU_SOURCE /* renameat2 */
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

int run_build(struct run *r, const struct options *o, const char *outdir, unsigned formats, size_t *nservices,
              size_t *nagencies)
{
	/* A private folder (loket serve): rendered next to it, then exchanged with it in one
	 * step, so a reader sees the old complete tree or the new one. */
	struct render_ctx ctx;
	build_context(r, o, &ctx);
	publish_sort(&ctx);
	struct buf next = {0};
	buf_printf(&next, "%s.next", outdir);
	render_remove_tree(next.p);
	int rc = mkdir(next.p, 0755);
	if (rc != 0)
		msg_emit(&r->q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), next.p, i18n_strerror(errno));
	ctx.root = next.p;
	if (rc == 0)
		rc = render_run(&ctx, formats);
	if (rc == 0 && renameat2(AT_FDCWD, next.p, AT_FDCWD, outdir, RENAME_EXCHANGE) != 0 &&
	    (errno != ENOENT || rename(next.p, outdir) != 0)) {
		msg_emit(&r->q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), outdir, i18n_strerror(errno));
		rc = -1;
	}
	render_remove_tree(next.p); /* the previous tree, or what a failed build left */
	buf_free(&next);
	*nservices = ctx.nservices;
	*nagencies = ctx.nagencies;
	free(ctx.services);
	free(ctx.agencies);
	return rc;
}

int cmd_build(int argc, char **argv)
{
	struct options o = {.format = NULL, .diagnostics = NULL, .output = "output"};
	int first = parse_options(argc, argv, &o);
	if (o.diagnostics == NULL) /* not on the command line, nor in loket.yaml */
		o.diagnostics = "text";
	unsigned formats = o.format ? build_parse_formats(o.format) : (1u << render_nbackends) - 1;
	static const char *names[8], *dirs[8];
	for (size_t i = 0; i < render_nbackends; i++) {
		names[i] = render_backends[i].name;
		dirs[i] = render_backends[i].dir;
	}
	manifest_format_names = names;
	manifest_format_dirs = dirs;
	manifest_nformats = render_nbackends;
	/* One build at a time writes to the output folder. */
	struct publish pub;
	if (publish_open(&pub, o.output, o.no_wait) != 0) {
		publish_close(&pub);
		return EXIT_SYSTEM;
	}
	/* A generation holds its formats together: the published ones stay (linked where
	 * nothing changed) unless --replace makes --format the whole output. */
	if (pub.have_old && !o.replace)
		formats |= pub.old.formats;
	struct run r;
	run_pipeline(&r, &o, argc, argv, first);

	struct render_ctx ctx;
	build_context(&r, &o, &ctx);
	size_t nfresh = ctx.nservices;

	/* --strict: any error and the published output stays exactly as it is. */
	int strict_stop = o.strict && msg_count(&r.q, 0).errors > 0;
	int rc = 0;
	if (!strict_stop) {
		publish_plan(&pub, &r, &o, &ctx); /* last known good, and the services not among the inputs */
		rc = publish_build(&pub, &o, &ctx, formats);
	}
	msg_sort(&r.q);
	int status = print_check(&r.q, &r.cat, &o, NULL, stdout);
	size_t skipped = 0;
	for (size_t i = 0; i < r.cat.n; i++) {
		const struct cat_file *f = r.cat.files[i];
		skipped += !f->is_agency && !f->context_only && !(f->modeled && f->service.rendered);
	}
	if (strict_stop) {
		fprintf(stderr, _("loket: --strict: the input has errors; nothing was published, %s/ is as it was\n"),
		        o.output);
	} else if (skipped) {
		fprintf(stderr,
		        i18n_ngettext("loket: %zu service not rendered because of errors:\n",
		                      "loket: %zu services not rendered because of errors:\n", skipped),
		        skipped);
		for (size_t i = 0; i < r.cat.n; i++) {
			const struct cat_file *f = r.cat.files[i];
			if (f->is_agency || f->context_only || (f->modeled && f->service.rendered))
				continue;
			const char *date = publish_kept_date(&pub, f->path);
			if (date)
				fprintf(stderr, _("  %s: kept the version published on %s\n"), f->path, date);
			else
				fprintf(stderr, _("  %s: not published\n"), f->path);
		}
	}
	if (rc != 0)
		status = EXIT_SYSTEM;
	else if (!o.quiet && !strict_stop) {
		char agencies[64];
		snprintf(agencies, sizeof agencies, i18n_ngettext("%zu agency", "%zu agencies", ctx.nagencies),
		         ctx.nagencies);
		fprintf(stderr,
		        i18n_ngettext("loket: published %zu service of %s into %s/ (generation %u: %zu rendered, %zu "
		                      "unchanged, %zu from earlier builds)\n",
		                      "loket: published %zu services of %s into %s/ (generation %u: %zu rendered, %zu "
		                      "unchanged, %zu from earlier builds)\n",
		                      ctx.nservices),
		        ctx.nservices, agencies, o.output, pub.next.generation, pub.rendered, pub.reused,
		        ctx.nservices - nfresh);
	}
	free(ctx.services);
	free(ctx.agencies);
	publish_close(&pub);
	run_free(&r);
	return status;
}
