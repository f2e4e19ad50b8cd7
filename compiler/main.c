/* main.c: the command line of loket and its pipeline on one screen:
 * load → validate → (model → rules → render) → print the messages → exit status. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalogue.h"
#include "json.h"
#include "msg.h"
#include "render.h"
#include "report.h"
#include "rules.h"
#include "standard.h"
#include "upl.h"
#include "vocab.h"

#define LOKET_VERSION "0.1.0"

static const char usage_text[] =
        "usage: loket COMMAND [OPTIONS] [PATHS...]\n"
        "\n"
        "Commands:\n"
        "  check [PATHS...]        validate service descriptions against the standard and\n"
        "                          run its rules (PATHS: files or folders; default: catalogue/)\n"
        "  report [PATHS...]       the digital-readiness report: services per digital level\n"
        "                          per agency, what is missing, digital-only services,\n"
        "                          SDG procedures not fully online, waivers\n"
        "  explain CODE...         print the long explanation of a diagnostic code\n"
        "  explain --list          list every code with its default severity\n"
        "  build [PATHS...]        validate, then render every service without errors:\n"
        "                          HTML portal, JSON and linked data, PDF leaflets\n"
        "                          (--format=html,json,pdf; default: all)\n"
        "  schema export --json [--kind=service|agency] [--standard=VERSION]\n"
        "                          print the standard's schema as one JSON document,\n"
        "                          for editors that validate while you type\n"
        "  schema validate (--kind=KIND | --schema=FILE) FILE...\n"
        "                          validate any YAML or JSON file against a schema of the\n"
        "                          standard (service, agency, output) or a schema file\n"
        "  vocab import-upl FILE.csv [-o FILE]\n"
        "                          the UPL (Uniforme Productnamenlijst, CSV) as the YAML\n"
        "                          product vocabulary (schemas/vocabularies/products.yaml)\n"
        "\n"
        "Options of check and report:\n"
        "  --format=FORMAT         check: text, json, sarif, github, junit or gitlab\n"
        "                          (default: text; see \"Diagnostic formats for CI\");\n"
        "                          report: text, json, csv or html (default: text)\n"
        "  -o, --output=FILE       check, report: write to FILE (atomically) instead of\n"
        "                          stdout (check still prints the summary line);\n"
        "                          build: the output folder (default: output)\n"
        "  --base-url=URL          build: canonical links and linked-data ids under URL\n"
        "  --paper=a4|a5           build: the paper size of the leaflets (default: a4)\n"
        "  --diagnostics=FORMAT    build, report: print the diagnostics in FORMAT (the\n"
        "                          formats of check --format); build prints them on\n"
        "                          stdout, report on stdout with -o, else on stderr\n"
        "  --products=FILE.csv     check, build, report: the UPL CSV as the product list,\n"
        "                          instead of the built-in product vocabulary\n"
        "  --policy=FILE           an agency's local policy: may make rules stricter\n"
        "                          (severity up, thresholds tighter), never looser\n"
        "  --color=auto|always|never  colour the text output (default: auto: only on a\n"
        "                          terminal, never when NO_COLOR is set)\n"
        "  -W, --werror            treat warnings as errors (exit status 1)\n"
        "  -q, --quiet             print only the summary line\n"
        "  -j N, --jobs=N          load, validate and render on N threads (default: the\n"
        "                          number of online CPUs); the output is the same for any N\n"
        "  --schema-dir=DIR        use the standard in DIR instead of the built-in one\n"
        "\n"
        "Other options:\n"
        "  -h, --help              print this help\n"
        "  --version               print the version\n"
        "\n"
        "Exit status:\n"
        "  0  no errors (warnings and notes allowed)\n"
        "  1  the input has errors (or warnings, with --werror)\n"
        "  2  usage error: unknown command or option\n"
        "  3  system error: a file or folder could not be read, out of memory\n";

static _Noreturn void usage_error(const char *fmt, const char *arg) __attribute__((format(printf, 1, 0)));
static _Noreturn void usage_error(const char *fmt, const char *arg)
{
	fputs("loket: ", stderr);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
	fputs("\nTry 'loket --help'.\n", stderr);
	exit(EXIT_USAGE);
}

struct options {
	const char *format;      /* as given; each command checks it */
	const char *diagnostics; /* how diagnostics are printed: a name of msg_formats */
	int color, werror, quiet;
	const char *schema_dir, *policy, *output, *base_url, *paper, *products;
	unsigned jobs; /* -j: threads for loading, validating and rendering */
};

static int want_color(const char *mode)
{
	if (!strcmp(mode, "always"))
		return 1;
	if (!strcmp(mode, "never"))
		return 0;
	if (strcmp(mode, "auto") != 0)
		usage_error("--color takes auto, always or never, not '%s'", mode);
	const char *term = getenv("TERM");
	const char *no_color = getenv("NO_COLOR");
	return isatty(STDOUT_FILENO) && !(no_color && *no_color) && !(term && !strcmp(term, "dumb"));
}

/* Parse the options shared by the commands; returns the index of the first path. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	        {"format", required_argument, NULL, 'f'},
	        {"color", required_argument, NULL, 'c'},
	        {"werror", no_argument, NULL, 'W'},
	        {"quiet", no_argument, NULL, 'q'},
	        {"schema-dir", required_argument, NULL, 's'},
	        {"help", no_argument, NULL, 'h'},
	        {"policy", required_argument, NULL, 'p'},
	        {"output", required_argument, NULL, 'o'},
	        {"base-url", required_argument, NULL, 'b'},
	        {"paper", required_argument, NULL, 'P'},
	        {"diagnostics", required_argument, NULL, 'd'},
	        {"jobs", required_argument, NULL, 'j'},
	        {"products", required_argument, NULL, 'U'},
	        {NULL, 0, NULL, 0},
	};
	const char *color = "auto";
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "Wqho:j:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o->format = optarg;
			break;
		case 'p':
			o->policy = optarg;
			break;
		case 'U':
			o->products = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'b':
			o->base_url = optarg;
			break;
		case 'd':
			if (msg_format_find(optarg) == NULL)
				usage_error("--diagnostics takes text, json, sarif, github, junit or gitlab, not '%s'",
				            optarg);
			o->diagnostics = optarg;
			break;
		case 'P':
			if (strcmp(optarg, "a4") != 0 && strcmp(optarg, "a5") != 0)
				usage_error("--paper takes a4 or a5, not '%s'", optarg);
			o->paper = optarg;
			break;
		case 'c':
			color = optarg;
			break;
		case 'W':
			o->werror = 1;
			break;
		case 'j': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || n == 0 || n > 256)
				usage_error("-j takes a number of threads from 1 to 256, not '%s'", optarg);
			o->jobs = (unsigned)n;
			break;
		}
		case 'q':
			o->quiet = 1;
			break;
		case 's':
			o->schema_dir = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_CLEAN);
		default:
			usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	o->color = want_color(color);
	if (o->jobs == 0)
		o->jobs = online_cpus();
	return optind;
}

/* Load the standard and its vocabularies, or exit: without them nothing can be checked. */
static void load_standard(struct standard *st, struct vocab *v, const struct options *o)
{
	struct msgq q = {0};
	int rc = standard_load(st, o->schema_dir, &q);
	if (rc == 0 && v)
		rc = vocab_load(v, st, &q);
	msg_sort(&q);
	struct msg_print_opts po = {isatty(STDERR_FILENO), NULL, NULL};
	msg_print_text(stderr, &q, &po);
	msg_free(&q);
	if (rc != 0) {
		fprintf(stderr, "loket: the standard in %s cannot be used\n",
		        o->schema_dir ? o->schema_dir : "the binary");
		exit(rc == -2 ? EXIT_SYSTEM : EXIT_INPUT);
	}
}

static void print_diagnostics(struct msgq *q, struct catalogue *cat, const struct options *o, FILE *f)
{
	msg_sort(q);
	struct msg_print_opts po = {o->color, cat ? catalogue_source : NULL, cat};
	msg_print_text(f, q, &po);
}

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
		if (cat->files[i]->modeled && cat->files[i]->is_agency)
			rules_run_agency(&cat->files[i]->agency, v, q);
	struct rules_job job = {&cfg, v, NULL, NULL};
	size_t n;
	job.services = catalogue_services(cat, &n);
	job.queues = xcalloc(n ? n : 1, sizeof *job.queues);
	parallel_for(n, jobs, rules_one, &job); /* per service: independent, one queue each */
	for (size_t i = 0; i < n; i++)
		msg_merge(q, &job.queues[i]);
	free(job.queues);
	rules_run_catalogue(job.services, n, q);
	free(job.services);
}

/* Print the diagnostics in the format o->diagnostics, to `file` (atomically; the
 * summary line still goes to `out`) or to `out`; returns the exit status. */
static int print_check(struct msgq *q, struct catalogue *cat, const struct options *o, const char *file, FILE *out)
{
	size_t files = 0;
	for (size_t i = 0; i < cat->n; i++)
		files += cat->files[i]->system_error ? 0 : 1;
	struct msg_counts counts = msg_count(q, files);
	const struct msg_format *fmt = msg_format_find(o->diagnostics);
	int color = o->color && (out == stdout || isatty(fileno(out)));
	if (fmt == NULL)
		die("unknown diagnostic format '%s'", o->diagnostics);
	if (!strcmp(fmt->name, "text") && !file) {
		struct msg_print_opts po = {color, catalogue_source, cat};
		if (!o->quiet)
			msg_print_text(out, q, &po);
		msg_print_summary(out, counts, color);
	} else {
		/* Every file checked, also those without problems (a passing test case in junit). */
		const char **names = xcalloc(cat->n ? cat->n : 1, sizeof *names);
		for (size_t i = 0; i < cat->n; i++)
			names[i] = cat->files[i]->path;
		struct msg_print_opts po = {file ? 0 : color, catalogue_source, cat};
		struct msg_report rep = {q, counts, names, cat->n, &po, LOKET_VERSION};
		struct buf b = {0};
		fmt->write(&b, &rep);
		free(names);
		if (file) {
			if (write_file_atomic(file, b.p ? b.p : "", b.len) != 0) {
				fprintf(stderr, "loket: cannot write %s: %s\n", file, strerror(errno));
				buf_free(&b);
				return EXIT_SYSTEM;
			}
			msg_print_summary(out, counts, color);
		} else if (b.len) {
			fwrite(b.p, 1, b.len, out);
		}
		buf_free(&b);
	}
	if (fflush(out) != 0)
		die("cannot write the report");
	int system = 0;
	for (size_t i = 0; i < q->n; i++)
		system |= q->d[i].code == CODE_SYS001;
	return system ? EXIT_SYSTEM : counts.errors ? EXIT_INPUT : EXIT_CLEAN;
}

/* Everything a command needs after the pipeline ran. */
struct run {
	struct standard st;
	struct vocab vocab;
	struct msgq q;
	struct catalogue cat;
};

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
		fprintf(stderr, "loket: the product list %s cannot be used\n", o->products);
		exit(rc == -2 ? EXIT_SYSTEM : EXIT_USAGE);
	}
	vocab_use_upl(v, u);
}

/* The pipeline: load → validate → model → rules. Diagnostics collect in r->q. */
static void run_pipeline(struct run *r, const struct options *o, int argc, char **argv, int first)
{
	static char catalogue_dir[] = "catalogue";
	char *default_paths[] = {catalogue_dir};
	char **paths = first < argc ? argv + first : default_paths;
	size_t npaths = first < argc ? (size_t)(argc - first) : 1;

	memset(r, 0, sizeof *r);
	load_standard(&r->st, &r->vocab, o);
	if (o->policy && standard_local_policy(&r->st, o->policy, &r->q) != 0) {
		print_diagnostics(&r->q, NULL, o, stderr);
		fprintf(stderr, "loket: the policy %s cannot be used\n", o->policy);
		exit(EXIT_USAGE);
	}
	if (o->products)
		use_products(&r->vocab, o);
	catalogue_collect(&r->cat, paths, npaths, &r->q);      /* find the files */
	catalogue_load(&r->cat, &r->st, o->jobs, &r->q);       /* load and validate each, in parallel */
	catalogue_check(&r->cat, &r->q);                       /* checks across files */
	catalogue_model(&r->cat);                              /* the typed model of each valid file */
	run_rules(&r->cat, &r->vocab, &r->st, o->jobs, &r->q); /* digital readiness and the other rules */
	if (o->werror)
		msg_promote_warnings(&r->q);
	msg_sort(&r->q);
}

static void run_free(struct run *r)
{
	msg_free(&r->q);
	catalogue_free(&r->cat);
	vocab_free(&r->vocab);
	standard_free(&r->st);
}

static int cmd_check(int argc, char **argv)
{
	struct options o = {.format = "text", .diagnostics = "text"};
	int first = parse_options(argc, argv, &o);
	if (msg_format_find(o.format) == NULL)
		usage_error("check --format takes text, json, sarif, github, junit or gitlab, not '%s'", o.format);
	o.diagnostics = o.format;
	struct run r;
	run_pipeline(&r, &o, argc, argv, first);
	int status = print_check(&r.q, &r.cat, &o, o.output, stdout);
	run_free(&r);
	return status;
}

/* Write to -o FILE atomically, or to stdout. */
static int emit_output(const struct options *o, const struct buf *b)
{
	if (o->output) {
		if (write_file_atomic(o->output, b->p, b->len) != 0) {
			fprintf(stderr, "loket: cannot write %s: %s\n", o->output, strerror(errno));
			return EXIT_SYSTEM;
		}
		return EXIT_CLEAN;
	}
	if (fwrite(b->p, 1, b->len, stdout) != b->len || fflush(stdout) != 0)
		return EXIT_SYSTEM;
	return EXIT_CLEAN;
}

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

static int cmd_build(int argc, char **argv)
{
	struct options o = {.format = NULL, .diagnostics = "text", .output = "output"};
	int first = parse_options(argc, argv, &o);
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

static int cmd_report(int argc, char **argv)
{
	struct options o = {.format = "text", .diagnostics = NULL};
	int first = parse_options(argc, argv, &o);
	enum report_format f = report_format_find(o.format);
	if (f == REPORT__MAX)
		usage_error("report --format takes text, json, csv or html, not '%s'", o.format);
	struct run r;
	run_pipeline(&r, &o, argc, argv, first);
	struct report rep;
	report_build(&rep, &r.cat);
	struct buf b = {0};
	report_write(&rep, f, &b);
	int status = emit_output(&o, &b);
	/* The diagnostics stay out of the report: only with --diagnostics, on stdout when
	 * the report went to a file, else on stderr. Without it, the files that could not
	 * be counted are named. */
	if (o.diagnostics) {
		int st = print_check(&r.q, &r.cat, &o, NULL, o.output ? stdout : stderr);
		status = status != EXIT_CLEAN ? status : st == EXIT_SYSTEM ? st : EXIT_CLEAN;
	} else if (!o.quiet && rep.total.invalid)
		fprintf(stderr,
		        "loket: %zu file%s could not be read or do not follow the schema, and are not counted; "
		        "'loket check' shows why\n",
		        rep.total.invalid, rep.total.invalid == 1 ? "" : "s");
	for (size_t i = 0; i < r.q.n; i++)
		if (r.q.d[i].code == CODE_SYS001)
			status = EXIT_SYSTEM;
	buf_free(&b);
	report_free(&rep);
	run_free(&r);
	return status;
}

static int cmd_explain(int argc, char **argv)
{
	if (argc < 2)
		usage_error("%s", "explain needs a code, such as SCH001, or --list");
	if (!strcmp(argv[1], "--list")) {
		for (int c = 0; c < CODE__MAX; c++)
			printf("%s  %-7s  %s\n", msg_code_name(c), msg_sev_name(msg_policy[c]), msg_code_title(c));
		return EXIT_CLEAN;
	}
	for (int i = 1; i < argc; i++) {
		enum msg_code c = msg_code_find(argv[i]);
		if (c == CODE__MAX)
			usage_error("unknown code '%s'; 'loket explain --list' lists them", argv[i]);
		printf("%s%s: %s (%s by default)\n\n", i > 1 ? "\n" : "", msg_code_name(c), msg_code_title(c),
		       msg_sev_name(msg_code_default(c)));
		/* Wrap the explanation at 78 columns. */
		const char *t = msg_code_explanation(c);
		size_t col = 0;
		while (*t) {
			size_t w = strcspn(t, " ");
			if (col && col + 1 + w > 78) {
				putchar('\n');
				col = 0;
			} else if (col) {
				putchar(' ');
				col++;
			}
			fwrite(t, 1, w, stdout);
			col += w;
			t += w;
			while (*t == ' ')
				t++;
		}
		putchar('\n');
	}
	return EXIT_CLEAN;
}

/* Source lookup over an array of loaded documents, for carets. */
struct docs {
	struct doc *v;
	size_t n;
};

static const char *docs_source(void *ctx, const char *file, size_t *len)
{
	const struct docs *d = ctx;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].path && !strcmp(d->v[i].path, file)) {
			*len = d->v[i].len;
			return d->v[i].src;
		}
	return NULL;
}

/* loket schema validate: any YAML or JSON file against a schema of the standard or a
 * schema file (for the standards team, and for loket's own outputs in the tests). */
static int cmd_schema_validate(int argc, char **argv)
{
	const char *kind = NULL, *version = NULL, *schema_file = NULL, *schema_dir = NULL;
	int first = 2;
	for (; first < argc && !strncmp(argv[first], "--", 2); first++) {
		if (!strncmp(argv[first], "--kind=", 7))
			kind = argv[first] + 7;
		else if (!strncmp(argv[first], "--standard=", 11))
			version = argv[first] + 11;
		else if (!strncmp(argv[first], "--schema=", 9))
			schema_file = argv[first] + 9;
		else if (!strncmp(argv[first], "--schema-dir=", 13))
			schema_dir = argv[first] + 13;
		else
			usage_error("unknown option '%s' of schema validate", argv[first]);
	}
	if ((kind == NULL) == (schema_file == NULL) || first == argc)
		usage_error("%s", "usage: loket schema validate (--kind=KIND | --schema=FILE) FILE...");
	struct standard st;
	struct options o = {0};
	o.schema_dir = schema_dir;
	load_standard(&st, NULL, &o);
	if (version == NULL)
		version = st.versions.v[st.versions.n - 1];
	struct msgq q = {0};
	static const struct load_limits data_limits = {512u * 1024 * 1024, 128, 1, 0};
	struct docs docs = {xcalloc((size_t)(argc - first + 1), sizeof *docs.v), 0};
	const struct schema *schema = NULL;
	if (schema_file) {
		struct doc *d = xcalloc(1, sizeof *d);
		if (load_yaml_file(d, schema_file, &data_limits, &q) != LOAD_OK) {
			print_diagnostics(&q, NULL, &o, stderr);
			exit(EXIT_INPUT);
		}
		const char *id = node_get_str(d->root, "$id");
		struct buf uri = {0};
		buf_printf(&uri, "file:///%s", schema_file);
		char *key = xstrdup(id ? id : uri.p);
		schema_set_add(st.set, d, uri.p);
		if (schema_set_compile(st.set, &q) == 0)
			schema = schema_set_get(st.set, key);
		free(key);
		buf_free(&uri);
	} else {
		schema = standard_schema(&st, version, kind);
		if (schema == NULL)
			usage_error("the standard has no schema of kind '%s'", kind);
	}
	int status = schema ? EXIT_CLEAN : EXIT_INPUT;
	for (int i = first; schema && i < argc; i++) {
		struct doc *d = &docs.v[docs.n++];
		enum load_result r = load_yaml_file(d, argv[i], &data_limits, &q);
		if (r == LOAD_SYSTEM)
			status = EXIT_SYSTEM;
		else if (r == LOAD_OK)
			schema_validate(schema, d->root, &q);
	}
	msg_sort(&q);
	struct msg_print_opts po = {want_color("auto"), docs_source, &docs};
	msg_print_text(stdout, &q, &po);
	struct msg_counts c = msg_count(&q, (size_t)(argc - first));
	msg_print_summary(stdout, c, po.color);
	if (status == EXIT_CLEAN && c.errors)
		status = EXIT_INPUT;
	msg_free(&q);
	for (size_t i = 0; i < docs.n; i++)
		load_doc_free(&docs.v[i]);
	free(docs.v);
	standard_free(&st);
	return status;
}

static int cmd_schema(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "validate"))
		return cmd_schema_validate(argc, argv);
	if (argc < 2 || strcmp(argv[1], "export") != 0)
		usage_error("%s", "usage: loket schema export --json [--kind=service|agency] [--standard=VERSION]\n"
		                  "       loket schema validate (--kind=KIND | --schema=FILE) FILE...");
	const char *kind = "service", *version = NULL, *schema_dir = NULL;
	int json = 0;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strncmp(argv[i], "--kind=", 7))
			kind = argv[i] + 7;
		else if (!strncmp(argv[i], "--standard=", 11))
			version = argv[i] + 11;
		else if (!strncmp(argv[i], "--schema-dir=", 13))
			schema_dir = argv[i] + 13;
		else
			usage_error("unknown option '%s' of schema export", argv[i]);
	}
	if (!json)
		usage_error("%s", "schema export needs --json (the only export format)");
	struct standard st;
	struct options o = {0};
	o.schema_dir = schema_dir;
	load_standard(&st, NULL, &o);
	if (version == NULL)
		version = st.versions.v[st.versions.n - 1];
	struct buf b = {0};
	if (standard_export_json(&st, version, kind, &b) != 0) {
		standard_free(&st);
		usage_error("no schema for that kind and version ('%s')", kind);
	}
	fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
	standard_free(&st);
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_SYSTEM;
}

/* loket vocab import-upl FILE.csv [-o FILE]: the UPL as the YAML product vocabulary;
 * Annex II codes come from the built-in vocabulary (the UPL has no such column). */
static int cmd_vocab(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "import-upl") != 0)
		usage_error("%s", "usage: loket vocab import-upl FILE.csv [-o FILE] [--schema-dir=DIR]");
	struct options o = {.format = "text", .diagnostics = "text"};
	int first = parse_options(argc - 1, argv + 1, &o) + 1;
	if (first != argc - 1)
		usage_error("%s", "vocab import-upl takes one CSV file");
	const char *path = argv[first];
	struct standard st;
	struct vocab v;
	load_standard(&st, &v, &o);
	struct msgq q = {0};
	struct upl u;
	int rc = upl_read_file(&u, path, &q);
	print_diagnostics(&q, NULL, &o, stderr);
	msg_free(&q);
	int status = rc == -2 ? EXIT_SYSTEM : EXIT_INPUT;
	if (rc == 0) {
		struct buf b = {0};
		upl_write_yaml(&u, path, vocab_annex_ii, &v, &b);
		status = emit_output(&o, &b);
		buf_free(&b);
		if (status == EXIT_CLEAN && o.output && !o.quiet)
			fprintf(stderr, "loket: %zu product%s from %zu row%s written to %s\n", u.n, u.n == 1 ? "" : "s",
			        u.rows, u.rows == 1 ? "" : "s", o.output);
	}
	upl_free(&u);
	vocab_free(&v);
	standard_free(&st);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage_error("%s", "no command given");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("loket %s\n", LOKET_VERSION);
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(cmd, "build"))
		return cmd_build(argc - 1, argv + 1);
	if (!strcmp(cmd, "report"))
		return cmd_report(argc - 1, argv + 1);
	if (!strcmp(cmd, "explain"))
		return cmd_explain(argc - 1, argv + 1);
	if (!strcmp(cmd, "schema"))
		return cmd_schema(argc - 1, argv + 1);
	if (!strcmp(cmd, "vocab"))
		return cmd_vocab(argc - 1, argv + 1);
	usage_error("unknown command '%s'", cmd);
}
