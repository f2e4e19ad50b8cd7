/* cli.c: the options the commands share, printing diagnostics and output. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"

_Noreturn void usage_error(const char *fmt, const char *arg)
{
	fputs("loket: ", stderr);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
	fputs("\nTry 'loket --help'.\n", stderr);
	exit(EXIT_USAGE);
}

int want_color(const char *mode)
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
int parse_options(int argc, char **argv, struct options *o)
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
	        {"config", required_argument, NULL, 'C'},
	        {NULL, 0, NULL, 0},
	};
	const char *color = NULL, *config = NULL;
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
		case 'C':
			config = optarg;
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
			fputs(cli_usage_text, stdout);
			exit(EXIT_CLEAN);
		default:
			usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	config_apply(o, config, &color); /* loket.yaml: what the command line left unset */
	o->color = want_color(color ? color : "auto");
	if (o->jobs == 0)
		o->jobs = online_cpus();
	return optind;
}

/* Load the standard and its vocabularies, or exit: without them nothing can be checked. */
void load_standard(struct standard *st, struct vocab *v, const struct options *o)
{
	struct msgq q = {0};
	int rc = standard_load(st, o->schema_dir, &q);
	if (rc == 0)
		config_check_standard(o, st);
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

void print_diagnostics(struct msgq *q, struct catalogue *cat, const struct options *o, FILE *f)
{
	msg_sort(q);
	struct msg_print_opts po = {o->color, cat ? catalogue_source : NULL, cat};
	msg_print_text(f, q, &po);
}

/* Print the diagnostics in the format o->diagnostics, to `file` (atomically; the
 * summary line still goes to `out`) or to `out`; returns the exit status. */
int print_check(struct msgq *q, struct catalogue *cat, const struct options *o, const char *file, FILE *out)
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
		struct msg_report rep = {q, counts, names, cat->n, &po, LOKET_VERSION, LOKET_DOCS_URL};
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

/* Write to -o FILE atomically, or to stdout. */
int emit_output(const struct options *o, const struct buf *b)
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
