/* cmd_serve.c: loket serve: publish the catalogue into a private folder as loket build
 * does (incremental, with the manifest), serve its current generation on
 * 127.0.0.1 (http.c), rebuild when a file changes (inotify), and show a service that
 * has errors as a page of its diagnostics. */
#define _GNU_SOURCE /* renameat2 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "html.h"
#include "http.h"
#include "publish.h"
#include "render.h"

/* Quiet time after a change before the rebuild (milliseconds), and folder depth watched. */
enum { SERVE_SETTLE_MS = 100, SERVE_MAX_DEPTH = 16 };

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) { stop_signal = sig; }

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A name that may become a file name of the preview ([A-Za-z0-9._-], no leading dot). */
static int plain_name(const char *s, size_t n)
{
	if (n == 0 || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* The page of a service that has errors, where its page would be (html/AGENCY/ID.html,
 * from the folder and file names): its diagnostics and those of its agency.yaml. */
static void error_page(const char *outdir, const struct run *r, const struct cat_file *f)
{
	const char *slash = strrchr(f->dir, '/');
	const char *folder = slash ? slash + 1 : f->dir;
	const char *base = strrchr(f->path, '/') ? strrchr(f->path, '/') + 1 : f->path;
	const char *dot = strrchr(base, '.');
	size_t stem = dot ? (size_t)(dot - base) : strlen(base);
	if (!plain_name(folder, strlen(folder)) || !plain_name(base, stem))
		return;
	struct buf agency = {0}, dir = {0}, path = {0}, b = {0};
	buf_printf(&agency, "%s/agency.yaml", f->dir);
	buf_printf(&dir, "%s/html/%s", outdir, folder);
	buf_printf(&path, "%s/%.*s.html", dir.p, (int)stem, base);
	html_raw(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	html_printf(&b, "<title>Errors in %s</title>\n</head>\n<body>\n<main>\n", f->path);
	html_printf(&b, "<h1>%s has errors</h1>\n<p>The page is shown again once they are fixed.</p>\n<ol>\n", f->path);
	for (size_t i = 0; i < r->q.n; i++) {
		const struct diag *d = &r->q.d[i];
		if (d->pos.file == NULL ||
		    (strcmp(d->pos.file, f->path) && strcmp(d->pos.file, agency.p) && strcmp(d->pos.file, f->dir)))
			continue;
		char where[32] = "";
		if (d->pos.line)
			snprintf(where, sizeof where, ":%u:%u", d->pos.line, d->pos.col);
		html_printf(&b, "<li><p><code>%s%s</code>: %s: %s [<code>%s</code>]</p>\n", d->pos.file, where,
		            msg_sev_name(d->sev), d->text, msg_code_name(d->code));
		if (d->hint)
			html_printf(&b, "<p>hint: %s</p>\n", d->hint);
		html_raw(&b, "</li>\n");
	}
	html_raw(&b, "</ol>\n</main>\n</body>\n</html>\n");
	mkdir(dir.p, 0755);
	if (write_file_atomic(path.p, b.p, b.len) != 0)
		fprintf(stderr, _("loket serve: cannot write %s: %s\n"), path.p, i18n_strerror(errno));
	buf_free(&agency);
	buf_free(&dir);
	buf_free(&path);
	buf_free(&b);
}

/* The private folder: site/ is published as loket build publishes (generations, the
 * manifest, unchanged services linked), errors/ holds the pages of the services with
 * errors, served before the site's (a kept page stays in the generation, where the next
 * build may link it again, so the error pages never go there). */
struct serve_dirs {
	struct buf site, errors, errors_next;
};

static void serve_dirs_free(struct serve_dirs *d)
{
	buf_free(&d->site);
	buf_free(&d->errors);
	buf_free(&d->errors_next);
}

/* Write the error pages into errors.next, then exchange it with errors in one step. */
static size_t error_pages(const struct serve_dirs *d, const struct run *r)
{
	size_t broken = 0;
	render_remove_tree(d->errors_next.p);
	struct buf html = {0};
	buf_printf(&html, "%s/html", d->errors_next.p);
	if (mkdir(d->errors_next.p, 0755) != 0 || mkdir(html.p, 0755) != 0) {
		fprintf(stderr, _("loket serve: cannot write %s: %s\n"), html.p, i18n_strerror(errno));
		buf_free(&html);
		return 0;
	}
	buf_free(&html);
	for (size_t i = 0; i < r->cat.n; i++) {
		const struct cat_file *f = r->cat.files[i];
		if (!f->is_agency && !f->context_only && !(f->modeled && f->service.rendered)) {
			error_page(d->errors_next.p, r, f);
			broken++;
		}
	}
	if (renameat2(AT_FDCWD, d->errors_next.p, AT_FDCWD, d->errors.p, RENAME_EXCHANGE) != 0 &&
	    (errno != ENOENT || rename(d->errors_next.p, d->errors.p) != 0))
		fprintf(stderr, _("loket serve: cannot write %s: %s\n"), d->errors.p, i18n_strerror(errno));
	render_remove_tree(d->errors_next.p); /* the previous pages */
	return broken;
}

/* Check the inputs and publish them into the site folder (html and json, the inputs are
 * the whole site: --replace), then the pages of the services with errors. Prints the
 * diagnostics and the build's status line on stderr. */
static void build(const struct options *o, int argc, char **argv, int first, const struct serve_dirs *d)
{
	struct build_job j;
	int rc = build_publish(&j, o, argc, argv, first, build_parse_formats("html,json"));
	if (j.ran) {
		size_t broken = rc == 0 ? error_pages(d, &j.r) : 0;
		msg_sort(&j.r.q);
		(void)print_check(&j.r.q, &j.r.cat, o, NULL, stderr);
		if (rc == 0 && !j.strict_stop)
			build_status_line(&j, d->site.p);
		fprintf(stderr,
		        i18n_ngettext("loket serve: built %zu service, %zu with errors shown as such\n",
		                      "loket serve: built %zu services, %zu with errors shown as such\n",
		                      j.ctx.nservices),
		        j.ctx.nservices, broken);
	}
	build_job_free(&j);
}

/* Watch a folder and the folders below it (depth bounded). */
static void watch_tree(int in, const char *dir, unsigned depth)
{
	if (depth > SERVE_MAX_DEPTH || inotify_add_watch(in, dir,
	                                                 IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
	                                                         IN_DELETE | IN_ONLYDIR | IN_DONT_FOLLOW) < 0)
		return;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		struct buf sub = {0};
		buf_printf(&sub, "%s/%s", dir, e->d_name);
		watch_tree(in, sub.p, depth + 1);
		buf_free(&sub);
	}
	if (d)
		closedir(d);
}

int cmd_serve(int argc, char **argv)
{
	/* --port and --bind are serve's own; the rest are check's options. */
	unsigned port = HTTP_DEFAULT_PORT;
	const char *bind = "127.0.0.1";
	char **args = xcalloc((size_t)argc + 1, sizeof *args);
	int n = 0;
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "--port=", 7)) {
			char *end;
			unsigned long p = strtoul(argv[i] + 7, &end, 10);
			if (argv[i][7] == 0 || *end || p > 65535)
				usage_error(_("--port takes a TCP port from 0 (any free port) to 65535, not '%s'"),
				            argv[i] + 7);
			port = (unsigned)p;
		} else if (!strncmp(argv[i], "--bind=", 7)) {
			unsigned char addr[sizeof(struct in6_addr)];
			bind = argv[i] + 7;
			if (inet_pton(AF_INET, bind, addr) != 1 && inet_pton(AF_INET6, bind, addr) != 1)
				usage_error(
				        _("--bind takes an IPv4 or IPv6 address such as 127.0.0.1 or ::1, not '%s'"),
				        bind);
		} else {
			args[n++] = argv[i];
		}
	}
	struct options o = {.format = NULL, .diagnostics = "text", .quiet = 1};
	int first = parse_options(n, args, &o);
	o.replace = 1; /* the watched paths are the whole site */

	const char *tmpdir = getenv("TMPDIR");
	struct buf out = {0};
	buf_printf(&out, "%s/loket-serve-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (mkdtemp(out.p) == NULL) {
		fprintf(stderr, _("loket serve: cannot make a private folder %s: %s\n"), out.p, i18n_strerror(errno));
		return EXIT_SYSTEM;
	}
	struct serve_dirs dirs = {{0}, {0}, {0}};
	buf_printf(&dirs.site, "%s/site", out.p);
	buf_printf(&dirs.errors, "%s/errors", out.p);
	buf_printf(&dirs.errors_next, "%s/errors.next", out.p);
	o.output = dirs.site.p;
	char err[256];
	struct http_config cfg = {bind, port, dirs.site.p, dirs.errors.p};
	struct http_server *http = http_start(&cfg, err, sizeof err);
	if (http == NULL) {
		fprintf(stderr, _("loket serve: %s\n"), err);
		render_remove_tree(out.p);
		serve_dirs_free(&dirs);
		buf_free(&out);
		free(args);
		return EXIT_SYSTEM;
	}
	struct sigaction sa = {0};
	sa.sa_handler = on_signal; /* no SA_RESTART: poll returns at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	static char catalogue_dir[] = "catalogue";
	char *defaults[] = {catalogue_dir};
	char **paths = first < n ? args + first : defaults;
	size_t npaths = first < n ? (size_t)(n - first) : 1;
	for (size_t i = 0; in >= 0 && i < npaths; i++) {
		struct stat st;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			watch_tree(in, paths[i], 0);
		} else { /* a file: its folder (an editor saves by renaming) */
			char *copy = xstrdup(paths[i]), *slash = strrchr(copy, '/');
			if (slash)
				*slash = 0;
			watch_tree(in, slash ? copy : ".", SERVE_MAX_DEPTH);
			free(copy);
		}
	}
	if (in < 0)
		fprintf(stderr, _("loket serve: cannot watch the files (%s): no rebuild on save\n"),
		        i18n_strerror(errno));
	build(&o, n, args, first, &dirs);
	const char *host = strchr(bind, ':') ? "[" : "";
	printf(_("loket serve: http://%s%s%s:%u/ (stop with Ctrl-C)\n"), host, bind, *host ? "]" : "", http_port(http));
	fflush(stdout);

	long long due = -1;
	while (!stop_signal) {
		int wait = due < 0 ? -1 : (int)(due > now_ms() ? due - now_ms() : 0);
		struct pollfd pfd = {in, POLLIN, 0};
		int ready = poll(&pfd, in >= 0 ? 1 : 0, wait);
		if (ready > 0) {
			char ev[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)];
			ssize_t got;
			while ((got = read(in, ev, sizeof ev)) > 0)
				for (char *p = ev; p < ev + got;) {
					const struct inotify_event *e = (const struct inotify_event *)(void *)p;
					/* a folder made later is watched too; the build walks it */
					if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO)))
						watch_tree(in, paths[0], 0);
					if (e->len == 0 || e->name[0] != '.')
						due = now_ms() + SERVE_SETTLE_MS;
					p += sizeof *e + e->len;
				}
		} else if (ready == 0 && due >= 0) {
			due = -1;
			build(&o, n, args, first, &dirs);
			http_notify_reload(http);
		}
	}
	fprintf(stderr, _("loket serve: stopped\n"));
	http_stop(http);
	if (in >= 0)
		close(in);
	render_remove_tree(out.p);
	serve_dirs_free(&dirs);
	buf_free(&out);
	free(args);
	return EXIT_CLEAN;
}
