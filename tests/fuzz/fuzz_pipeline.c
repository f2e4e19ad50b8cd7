/* fuzz_pipeline.c: libFuzzer harness for the whole pipeline: a fuzzed service file
 * beside a valid agency.yaml is loaded, validated, modelled, checked by every rule,
 * reported, and rendered by every back-end into a scratch output folder. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogue.h"
#include "render.h"
#include "report.h"
#include "rules.h"
#include "standard.h"
#include "vocab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char agency[] =
        "standard: \"1.0\"\nid: gemeente-fuzz\nname: Gemeente Fuzz\ntype: municipality\nlanguage: nl\n"
        "website: https://www.fuzz.example\ncontact: {phone: \"14 020\"}\n";

static struct standard st;
static struct vocab vocab;
static char root[64];

static void setup(void)
{
	struct msgq q = {0};
	if (standard_load(&st, NULL, &q) != 0 || vocab_load(&vocab, &st, &q) != 0)
		abort();
	msg_free(&q);
	snprintf(root, sizeof root, "/tmp/loket-fuzz-%ld", (long)getpid());
	char dir[128], path[160];
	snprintf(dir, sizeof dir, "%s/gemeente-fuzz", root);
	mkdir(root, 0755);
	mkdir(dir, 0755);
	snprintf(path, sizeof path, "%s/agency.yaml", dir);
	if (write_file_atomic(path, agency, strlen(agency)) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root[0])
		setup();
	char path[160], out[160];
	snprintf(path, sizeof path, "%s/gemeente-fuzz/fuzz.yaml", root);
	snprintf(out, sizeof out, "%s/out", root);
	if (write_file_atomic(path, data, size) != 0)
		abort();
	struct msgq q = {0};
	struct catalogue cat = {0};
	char *paths[] = {root};
	catalogue_collect(&cat, paths, 1, &q);
	catalogue_load(&cat, &st, 1, &q);
	catalogue_check(&cat, &q);
	catalogue_model(&cat);
	size_t n;
	struct service **services = catalogue_services(&cat, &n);
	for (size_t i = 0; i < cat.n; i++)
		if (cat.files[i]->modeled && cat.files[i]->is_agency)
			rules_run_agency(&cat.files[i]->agency, &vocab, &q);
	for (size_t i = 0; i < n; i++) {
		rules_prepare(services[i], &vocab);
		rules_run_service(services[i], &vocab, &q);
	}
	rules_run_catalogue(services, n, &q);
	msg_sort(&q);
	catalogue_attach_flags(&cat, &q);

	struct report rep;
	report_build(&rep, &cat);
	for (int f = 0; f < REPORT__MAX; f++) {
		struct buf b = {0};
		report_write(&rep, (enum report_format)f, &b);
		buf_free(&b);
	}
	report_free(&rep);

	struct render_ctx ctx = {0};
	const struct agency *agencies[1];
	for (size_t i = 0; i < cat.n; i++)
		if (cat.files[i]->is_agency && cat.files[i]->modeled)
			agencies[ctx.nagencies++] = &cat.files[i]->agency;
	ctx.agencies = agencies;
	ctx.services = services;
	ctx.nservices = n;
	ctx.vocab = &vocab;
	ctx.base_url = "https://loket.example";
	strcpy(ctx.date, "2026-11-28");
	ctx.epoch = 1795824000;
	ctx.jobs = 1;
	ctx.q = &q;
	render_remove_tree(out); /* a fresh folder, as a new generation */
	if (mkdir(out, 0755) != 0)
		abort();
	ctx.root = out;
	if (render_run(&ctx, (1u << render_nbackends) - 1) != 0)
		abort(); /* rendering a valid model must not fail */
	free(services);
	catalogue_free(&cat);
	msg_free(&q);
	return 0;
}
