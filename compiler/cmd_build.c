/* cmd_build.c: loket build: validate, then render every service without errors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "render.h"

/* The back-ends named in "html,json", as bits of render_backends. */
static unsigned parse_formats(const char *list)
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
			usage_error("unknown output format '%s'", name);
		}
		bits |= 1u << i;
		list += n + (list[n] == ',');
	}
	return bits;
}

static int agency_cmp(const void *a, const void *b)
{
	const struct agency *x = *(const struct agency *const *)a, *y = *(const struct agency *const *)b;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

int cmd_build(int argc, char **argv)
{
	struct options o = {.format = NULL, .diagnostics = NULL, .output = "output"};
	int first = parse_options(argc, argv, &o);
	if (o.diagnostics == NULL) /* not on the command line, nor in loket.yaml */
		o.diagnostics = "text";
	unsigned formats = o.format ? parse_formats(o.format) : (1u << render_nbackends) - 1;
	struct run r;
	run_pipeline(&r, &o, argc, argv, first);

	/* Services (and agencies) with errors are not rendered; they are listed. */
	catalogue_attach_flags(&r.cat, &r.q);
	struct render_ctx ctx = {0};
	ctx.agencies = xcalloc(r.cat.n ? r.cat.n : 1, sizeof *ctx.agencies);
	for (size_t i = 0; i < r.cat.n; i++) {
		struct cat_file *f = r.cat.files[i];
		if (f->is_agency && f->modeled && !f->has_errors) {
			f->agency.rendered = 1;
			ctx.agencies[ctx.nagencies++] = &f->agency;
		}
	}
	size_t nall;
	struct service **all = catalogue_services(&r.cat, &nall);
	ctx.services = xcalloc(nall ? nall : 1, sizeof *ctx.services);
	for (size_t i = 0; i < nall; i++) {
		struct cat_file *f = hmap_get(&r.cat.by_path, all[i]->path, strlen(all[i]->path));
		/* A service whose agency is not rendered has no page to belong to. */
		if (!f->has_errors && all[i]->agency && all[i]->agency->rendered) {
			all[i]->rendered = 1;
			ctx.services[ctx.nservices++] = all[i];
		}
	}
	free(all);
	qsort(ctx.agencies, ctx.nagencies, sizeof *ctx.agencies, agency_cmp);
	ctx.vocab = &r.vocab;
	ctx.base_url = o.base_url ? o.base_url : "";
	util_today(ctx.date);
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	ctx.epoch = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	ctx.paper_a5 = o.paper && !strcmp(o.paper, "a5");
	ctx.progress = isatty(STDERR_FILENO) && !o.quiet;
	ctx.jobs = o.jobs;
	ctx.q = &r.q;

	size_t skipped = 0;
	for (size_t i = 0; i < r.cat.n; i++) {
		const struct cat_file *f = r.cat.files[i];
		skipped += !f->is_agency && !f->context_only && !(f->modeled && f->service.rendered);
	}
	int rc = render_build(o.output, formats, &ctx);
	msg_sort(&r.q);
	int status = print_check(&r.q, &r.cat, &o, NULL, stdout);
	if (skipped) {
		fprintf(stderr, "loket: %zu service%s not rendered because of errors:\n", skipped,
		        skipped == 1 ? "" : "s");
		for (size_t i = 0; i < r.cat.n; i++) {
			const struct cat_file *f = r.cat.files[i];
			if (!f->is_agency && !f->context_only && !(f->modeled && f->service.rendered))
				fprintf(stderr, "  %s\n", f->path);
		}
	}
	if (rc != 0)
		status = EXIT_SYSTEM;
	else if (!o.quiet)
		fprintf(stderr, "loket: built %zu service%s of %zu agenc%s into %s/\n", ctx.nservices,
		        ctx.nservices == 1 ? "" : "s", ctx.nagencies, ctx.nagencies == 1 ? "y" : "ies", o.output);
	free(ctx.services);
	free(ctx.agencies);
	run_free(&r);
	return status;
}
