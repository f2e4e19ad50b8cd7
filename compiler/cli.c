/* cli.c: the options the commands share, printing diagnostics and output. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "json.h"

_Noreturn void usage_error(const char *fmt, const char *arg)
{
	fputs("loket: ", stderr);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
	fprintf(stderr, "\n%s\n", _("Try 'loket --help'."));
	exit(EXIT_USAGE);
}

int want_color(const char *mode)
{
	if (!strcmp(mode, "always"))
		return 1;
	if (!strcmp(mode, "never"))
		return 0;
	if (strcmp(mode, "auto") != 0)
		usage_error(_("--color takes auto, always or never, not '%s'"), mode);
	const char *term = getenv("TERM");
	const char *no_color = getenv("NO_COLOR");
	return isatty(STDOUT_FILENO) && !(no_color && *no_color) && !(term && !strcmp(term, "dumb"));
}

/* --base-url: an absolute http(s) URL without query, fragment, spaces or characters an
 * IRI may not hold (it prefixes canonical links and linked-data ids); trailing slashes are
 * dropped in place. Exits with a usage error otherwise. */
static char *base_url(char *url)
{
	size_t scheme = !strncmp(url, "https://", 8) ? 8 : !strncmp(url, "http://", 7) ? 7 : 0;
	int ok = scheme && url[scheme] != '\0' && url[scheme] != '/';
	for (const unsigned char *p = (const unsigned char *)url; ok && *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("?#<>\"{}|\\^`", *p))
			ok = 0;
	if (!ok)
		usage_error(_("--base-url takes an absolute http:// or https:// URL without ? or #, "
		              "such as https://diensten.voorbeeldstad.nl, not '%s'"),
		            url);
	size_t n = strlen(url);
	while (n > scheme + 1 && url[n - 1] == '/')
		url[--n] = '\0';
	return url;
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
	        {"max-diagnostics", required_argument, NULL, 'M'},
	        {"strict", no_argument, NULL, 'S'},
	        {"replace", no_argument, NULL, 'R'},
	        {"no-wait", no_argument, NULL, 'N'},
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
			o->base_url = base_url(optarg);
			break;
		case 'd':
			if (msg_format_find(optarg) == NULL)
				usage_error(
				        _("--diagnostics takes text, json, sarif, github, junit or gitlab, not '%s'"),
				        optarg);
			o->diagnostics = optarg;
			break;
		case 'P':
			if (strcmp(optarg, "a4") != 0 && strcmp(optarg, "a5") != 0)
				usage_error(_("--paper takes a4 or a5, not '%s'"), optarg);
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
				usage_error(_("-j takes a number of threads from 1 to 256, not '%s'"), optarg);
			o->jobs = (unsigned)n;
			break;
		}
		case 'q':
			o->quiet = 1;
			break;
		case 'M':
			o->max_diagnostics = cli_parse_max_diagnostics(optarg);
			break;
		case 'S':
			o->strict = 1;
			break;
		case 'R':
			o->replace = 1;
			break;
		case 'N':
			o->no_wait = 1;
			break;
		case 's':
			o->schema_dir = optarg;
			break;
		case 'h':
			fputs(_(cli_usage_text), stdout);
			exit(EXIT_CLEAN);
		default:
			usage_error(_("unknown or incomplete option '%s'"), argv[optind - 1]);
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
	struct msg_print_opts po = {isatty(STDERR_FILENO), NULL, NULL, 0};
	msg_print_text(stderr, &q, &po);
	msg_free(&q);
	if (rc != 0) {
		if (o->schema_dir)
			fprintf(stderr, _("loket: the standard in %s cannot be used\n"), o->schema_dir);
		else
			fputs(_("loket: the standard built into loket cannot be used\n"), stderr);
		exit(rc == -2 ? EXIT_SYSTEM : EXIT_INPUT);
	}
}

void print_diagnostics(struct msgq *q, struct catalogue *cat, const struct options *o, FILE *f)
{
	msg_sort(q);
	struct msg_print_opts po = {o->color, cat ? catalogue_source : NULL, cat,
	                            isatty(fileno(f)) ? msg_wrap_width() : 0};
	msg_print_text(f, q, &po);
}

size_t cli_parse_max_diagnostics(const char *arg)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || errno)
		usage_error(_("--max-diagnostics takes a number of diagnostics per file (0: no limit), not '%s'"), arg);
	return n == 0 || n >= SIZE_MAX ? SIZE_MAX : (size_t)n;
}

size_t cli_max_diagnostics(const struct options *o)
{
	return o->max_diagnostics == 0 ? CLI_MAX_DIAGNOSTICS : o->max_diagnostics == SIZE_MAX ? 0 : o->max_diagnostics;
}

/* Print the diagnostics in the format o->diagnostics, to `file` (atomically; the
 * summary line still goes to `out`) or to `out`; returns the exit status. At most
 * --max-diagnostics are shown per file; the summary and the status count them all. */
int print_check(struct msgq *q, struct catalogue *cat, const struct options *o, const char *file, FILE *out)
{
	size_t files = 0;
	for (size_t i = 0; i < cat->n; i++)
		files += cat->files[i]->system_error ? 0 : 1;
	struct msg_counts counts = msg_count(q, files);
	const struct msg_format *fmt = msg_format_find(o->diagnostics);
	int color = o->color && (out == stdout || isatty(fileno(out)));
	if (fmt == NULL)
		die(_("unknown diagnostic format '%s'"), o->diagnostics);
	struct msgq shown;
	msg_cap(q, cli_max_diagnostics(o), &shown);
	int status = EXIT_CLEAN;
	/* Every file checked, also those without problems (a passing test case in junit). */
	const char **names = xcalloc(cat->n ? cat->n : 1, sizeof *names);
	for (size_t i = 0; i < cat->n; i++)
		names[i] = cat->files[i]->path;
	int tty = !file && isatty(fileno(out));
	struct msg_print_opts po = {file ? 0 : color, catalogue_source, cat, tty ? msg_wrap_width() : 0};
	int quiet = o->quiet && !strcmp(fmt->name, "text") && !file; /* -q: the summary only */
	struct msg_report rep = {fmt, &shown, counts, names, cat->n, &po, LOKET_VERSION, LOKET_DOCS_URL, quiet};
	struct buf b = {0};
	msg_report_write(&b, &rep);
	free(names);
	if (file) {
		status = cli_write_output(file, b.p ? b.p : "", b.len);
		if (status == EXIT_CLEAN)
			msg_print_summary(out, counts, color);
	} else if (b.len) {
		status = cli_write_stream(out, b.p, b.len);
	}
	buf_free(&b);
	msg_cap_free(&shown);
	if (status == EXIT_CLEAN)
		status = cli_write_stream(out, NULL, 0);
	if (status != EXIT_CLEAN)
		return status;
	int system = 0;
	for (size_t i = 0; i < q->n; i++)
		system |= q->d[i].code == CODE_SYS001;
	return system ? EXIT_SYSTEM : counts.errors ? EXIT_INPUT : EXIT_CLEAN;
}

/* Write to -o FILE, or to stdout. */
int emit_output(const struct options *o, const struct buf *b)
{
	if (o->output)
		return cli_write_output(o->output, b->p ? b->p : "", b->len);
	return cli_write_stream(stdout, b->p, b->len);
}

/* Set when a write failure was reported, so that the check at exit does not repeat it. */
static int output_failure_reported;

static int write_failed(const char *what, int err)
{
	fprintf(stderr, _("loket: cannot write %s: %s\n"), what, i18n_strerror(err));
	output_failure_reported = 1;
	return EXIT_SYSTEM;
}

int cli_write_stream(FILE *f, const void *data, size_t len)
{
	const char *what = f == stdout ? _("to standard output") : _("to standard error");
	if (len && fwrite(data, 1, len, f) != len)
		return write_failed(what, errno);
	if (fflush(f) != 0)
		return write_failed(what, errno);
	if (ferror(f)) /* an earlier write failed; its errno is gone */
		return write_failed(what, EIO);
	return EXIT_CLEAN;
}

/* Write all of data to fd; returns 0 or -1 with errno set. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int cli_write_output(const char *path, const void *data, size_t len)
{
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or FIFO (also behind a link: -o /dev/stdout) is written into, never
		 * replaced by a file (as root, renaming over /dev/full would replace the device).
		 * O_NONBLOCK: a FIFO without a reader fails at once (ENXIO) instead of hanging.
		 * Anything else (a folder, a socket, a block device) is refused. */
		int fd = -1;
		if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode))
			errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		else
			fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0 || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
		    write_all(fd, data, len) != 0) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			return write_failed(path, e);
		}
		return close(fd) != 0 ? write_failed(path, errno) : EXIT_CLEAN;
	}
	/* A link names the file to write: replace that file and keep the link. */
	char *real = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(path, NULL)) == NULL)
		return write_failed(path, errno);
	int status = write_file_atomic(real ? real : path, data, len) != 0 ? write_failed(path, errno) : EXIT_CLEAN;
	free(real);
	return status;
}

/* At exit: whatever went to stdout must have arrived (a full disk, a closed pipe). */
static void check_stdout_at_exit(void)
{
	int failed = fflush(stdout) != 0;
	int err = errno;
	if (!failed && !ferror(stdout))
		return;
	if (!output_failure_reported)
		fprintf(stderr, _("loket: cannot write to standard output: %s\n"), i18n_strerror(failed ? err : EIO));
	_exit(EXIT_SYSTEM);
}

void cli_init(void)
{
	/* A closed pipe (report | head -1) and the file size limit (ulimit -f) then fail the
	 * write with EPIPE or EFBIG, which is reported with exit status 3, instead of a
	 * silent death by signal (141, 153). */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	atexit(check_stdout_at_exit);
}
