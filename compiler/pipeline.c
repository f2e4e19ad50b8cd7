/* pipeline.c: the pipeline on one screen: load → validate → model → rules. The
 * commands then render, report or print what it found. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "rules.h"
#include "upl.h"

struct rules_job {
	const struct rules_config *cfg;
	const struct vocab *v;
	struct service **services;
	struct msgq *queues;
};

static void rules_one(void *ctx, size_t i)
{
	struct rules_job *job = ctx;
	rules_prepare(job->services[i], job->v);
	rules_run_service_config(job->services[i], job->cfg, &job->queues[i]);
}

static void run_rules(struct catalogue *cat, const struct vocab *v, const struct standard *st, unsigned jobs,
                      struct msgq *q)
{
	struct rules_config cfg; /* thresholds of the policy, the files' text for positions in texts */
	rules_config_init(&cfg, v, st);
	cfg.source = catalogue_source;
	cfg.source_ctx = cat;
	for (size_t i = 0; i < cat->n; i++)
		if ((cat->files[i]->modeled || cat->files[i]->partial) && cat->files[i]->is_agency)
			rules_run_agency(&cat->files[i]->agency, v, q);
	struct rules_job job = {&cfg, v, NULL, NULL};
	size_t n;
	job.services = catalogue_checked_services(cat, &n); /* partly valid files too */
	job.queues = xcalloc(n ? n : 1, sizeof *job.queues);
	parallel_for(n, jobs, rules_one, &job); /* per service: independent, one queue each */
	for (size_t i = 0; i < n; i++)
		msg_merge(q, &job.queues[i]);
	free(job.queues);
	rules_run_catalogue(job.services, n, q);
	free(job.services);
}

/* --products FILE.csv: the UPL replaces the built-in product vocabulary, or exit. */
static void use_products(struct vocab *v, const struct options *o)
{
	struct msgq q = {0};
	struct upl *u = xcalloc(1, sizeof *u);
	int rc = upl_read_file(u, o->products, &q);
	print_diagnostics(&q, NULL, o, stderr);
	msg_free(&q);
	if (rc != 0) {
		upl_free(u);
		free(u);
		fprintf(stderr, _("loket: the product list %s cannot be used\n"), o->products);
		exit(rc == -2 ? EXIT_SYSTEM : EXIT_USAGE);
	}
	vocab_use_upl(v, u);
}

/* What every run needs first: the standard, its vocabularies, the policy and the
 * product list of the options (or exit). */
void run_setup(struct run *r, const struct options *o)
{
	memset(r, 0, sizeof *r);
	load_standard(&r->st, &r->vocab, o);
	int rc;
	if (o->policy && (rc = standard_local_policy(&r->st, o->policy, &r->q)) != 0) {
		print_diagnostics(&r->q, NULL, o, stderr);
		fprintf(stderr, _("loket: the policy %s cannot be used\n"), o->policy);
		exit(rc == -2 ? EXIT_SYSTEM : EXIT_USAGE); /* unreadable: 3, as every input; not a policy: 2 */
	}
	if (o->products)
		use_products(&r->vocab, o);
}

/* The stages after the files are collected. */
static void run_stages(struct run *r, const struct options *o)
{
	catalogue_load(&r->cat, &r->st, o->jobs, &r->q);       /* load and validate each, in parallel */
	catalogue_check(&r->cat, &r->q);                       /* checks across files */
	catalogue_model(&r->cat);                              /* the typed model of what validated */
	catalogue_extra_fields(&r->cat, &r->st);               /* fields newer than this loket, kept */
	run_rules(&r->cat, &r->vocab, &r->st, o->jobs, &r->q); /* digital readiness and the other rules */
	if (o->werror)
		msg_promote_warnings(&r->q);
	msg_sort(&r->q);
}

/* The pipeline: load → validate → model → rules. Diagnostics collect in r->q. */
void run_pipeline(struct run *r, const struct options *o, int argc, char **argv, int first)
{
	static char catalogue_dir[] = "catalogue";
	char *default_paths[] = {catalogue_dir};
	char **paths = first < argc ? argv + first : default_paths;
	size_t npaths = first < argc ? (size_t)(argc - first) : 1;

	run_setup(r, o);
	catalogue_collect(&r->cat, paths, npaths, &r->q); /* find the files */
	run_stages(r, o);
}

void run_pipeline_buffer(struct run *r, const struct options *o, const struct run_buffer *b, size_t n)
{
	run_free_files(r);
	for (size_t i = 0; i < n; i++) /* each buffer stands for its file */
		catalogue_add_buffer(&r->cat, b[i].path, b[i].data, b[i].len);
	catalogue_collect(&r->cat, NULL, 0, &r->q); /* the agency.yaml not given, from disk */
	run_stages(r, o);
}

void run_free_files(struct run *r)
{
	msg_free(&r->q);
	catalogue_free(&r->cat);
}

void run_free(struct run *r)
{
	run_free_files(r);
	vocab_free(&r->vocab);
	standard_free(&r->st);
}
