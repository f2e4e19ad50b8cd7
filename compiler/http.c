/* http.c: the preview's HTTP server on libmicrohttpd: GET and HEAD of files of the
 * generation published in one folder, or of an overlay folder (names allowlisted, never
 * through a link), 404 for anything else, a connection limit, and live reload by
 * server-sent events. */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

enum { HTTP_MAX_FILE = 64 * 1024 * 1024, HTTP_PING_SECONDS = 15 };

struct http_server {
	struct MHD_Daemon *d;
	char *root, *overlay;
	unsigned port;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned long generation; /* builds so far */
	int stopping;
};

static const char reload_script[] =
        "new EventSource('/_loket/events').onmessage = function () { location.reload(); };\n";
static const char reload_tag[] = "<script src=\"/_loket/reload.js\"></script>";

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type, void *data, size_t len,
                             enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, data, mode);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result not_found(struct MHD_Connection *c)
{
	static char text[] = "404: not a file of this build\n";
	return reply(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", text, sizeof text - 1, MHD_RESPMEM_PERSISTENT);
}

static const char *content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	        {".html", "text/html; charset=utf-8"},
	        {".css", "text/css; charset=utf-8"},
	        {".js", "text/javascript; charset=utf-8"},
	        {".json", "application/json"},
	        {".jsonld", "application/ld+json"},
	        {".svg", "image/svg+xml"},
	        {".png", "image/png"},
	        {".pdf", "application/pdf"},
	        {".xml", "application/xml"},
	        {".txt", "text/plain; charset=utf-8"},
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (str_ends_with(path, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* Open rel below the folder dir (closed here) one component at a time, never through a
 * link; only names of [A-Za-z0-9._-] that do not start with a dot (so no "..", no hidden
 * file). Returns a descriptor of a regular file, or -1. */
static int open_below(int dir, const char *rel)
{
	while (dir >= 0) {
		size_t n = strcspn(rel, "/");
		char name[256];
		int fd = -1;
		int ok = n > 0 && n < sizeof name && rel[0] != '.';
		for (size_t i = 0; ok && i < n; i++) {
			char ch = rel[i];
			ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			     ch == '.' || ch == '_' || ch == '-';
		}
		if (ok) {
			memcpy(name, rel, n);
			name[n] = 0;
			fd = openat(dir, name,
			            O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (rel[n] ? O_DIRECTORY : 0));
		}
		close(dir);
		if (fd < 0 || rel[n] == 0) {
			struct stat st;
			if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > HTTP_MAX_FILE)) {
				close(fd);
				fd = -1;
			}
			return fd;
		}
		dir = fd;
		rel += n + 1;
	}
	return -1;
}

/* The generation published in root: root/current is a link to exactly ".loket/gen-N",
 * opened without following any link. Returns a folder descriptor, or -1. */
static int open_generation(const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	char target[32];
	ssize_t n = fd >= 0 ? readlinkat(fd, "current", target, sizeof target - 1) : -1;
	if (n < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	target[n] = 0;
	size_t digits = strspn(target + 11, "0123456789");
	int gen = -1;
	if (n > 11 && n <= 20 && !strncmp(target, ".loket/gen-", 11) && 11 + digits == (size_t)n) {
		int dot = openat(fd, ".loket", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (dot >= 0) {
			gen = openat(dot, target + 7, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
			close(dot);
		}
	}
	close(fd);
	return gen;
}

/* rel in the overlay folder, else in the published generation. A rebuild removes the
 * generation it replaces, so a request that loses that race looks again. */
static int open_file(const struct http_server *s, const char *rel)
{
	int fd = -1;
	for (int tries = 0; fd < 0 && tries < 3; tries++) {
		if (s->overlay) {
			int dir = open(s->overlay, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
			fd = dir >= 0 ? open_below(dir, rel) : -1;
		}
		if (fd < 0) {
			int dir = open_generation(s->root);
			fd = dir >= 0 ? open_below(dir, rel) : -1;
		}
	}
	return fd;
}

static enum MHD_Result serve_file(struct http_server *s, struct MHD_Connection *c, const char *url)
{
	struct buf rel = {0};
	buf_adds(&rel, url + 1);
	if (rel.len == 0 || rel.p[rel.len - 1] == '/')
		buf_adds(&rel, "index.html");
	int fd = open_file(s, rel.p);
	if (fd < 0) {
		buf_free(&rel);
		return not_found(c);
	}
	struct buf b = {0};
	char chunk[65536];
	ssize_t got;
	while ((got = read(fd, chunk, sizeof chunk)) > 0 || (got < 0 && errno == EINTR))
		if (got > 0)
			buf_add(&b, chunk, (size_t)got);
	close(fd);
	const char *type = content_type(rel.p);
	if (got < 0) {
		buf_free(&b);
		buf_free(&rel);
		return not_found(c);
	}
	if (str_ends_with(rel.p, ".html")) { /* the preview reloads itself after each build */
		const char *end = b.p ? strstr(b.p, "</body>") : NULL;
		size_t at = end ? (size_t)(end - b.p) : b.len;
		struct buf page = {0};
		buf_add(&page, b.p ? b.p : "", at);
		buf_adds(&page, reload_tag);
		buf_add(&page, b.p ? b.p + at : "", b.len - at);
		buf_free(&b);
		b = page;
	}
	buf_free(&rel);
	size_t len = b.len;
	char *data = b.p ? buf_take(&b) : xstrdup("");
	return reply(c, MHD_HTTP_OK, type, data, len, MHD_RESPMEM_MUST_FREE);
}

/* ---- server-sent events ---- */

struct sse {
	struct http_server *s;
	unsigned long seen;
};

static ssize_t sse_next(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct sse *e = cls;
	struct http_server *s = e->s;
	pthread_mutex_lock(&s->lock);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += HTTP_PING_SECONDS;
	int timed_out = 0;
	while (!s->stopping && s->generation == e->seen && !timed_out)
		timed_out = pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT;
	int stopping = s->stopping, changed = s->generation != e->seen;
	e->seen = s->generation;
	pthread_mutex_unlock(&s->lock);
	if (stopping)
		return MHD_CONTENT_READER_END_OF_STREAM;
	/* a comment keeps the connection alive and finds browsers that left */
	const char *msg = changed ? "data: reload\n\n" : ": ping\n\n";
	size_t n = strlen(msg);
	if (n > max)
		return 0;
	memcpy(out, msg, n);
	return (ssize_t)n;
}

static void sse_free(void *cls) { free(cls); }

static enum MHD_Result events(struct http_server *s, struct MHD_Connection *c)
{
	struct sse *e = xcalloc(1, sizeof *e);
	e->s = s;
	pthread_mutex_lock(&s->lock);
	e->seen = s->generation;
	pthread_mutex_unlock(&s->lock);
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256, sse_next, e, sse_free);
	if (r == NULL) {
		free(e);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **state)
{
	(void)version;
	(void)upload;
	struct http_server *s = cls;
	if (*state == NULL) { /* the first call: headers only */
		*state = s;
		return MHD_YES;
	}
	if (*upload_size) /* a body: not ours to read */
		*upload_size = 0;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		static char text[] = "405: only GET and HEAD\n";
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", text, sizeof text - 1,
		             MHD_RESPMEM_PERSISTENT);
	}
	if (url[0] != '/')
		return not_found(c);
	if (!strcmp(url, "/")) {
		struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		if (r == NULL)
			return MHD_NO;
		MHD_add_response_header(r, "Location", "/html/index.html");
		enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_FOUND, r);
		MHD_destroy_response(r);
		return ok;
	}
	if (!strcmp(url, "/_loket/events"))
		return events(s, c);
	if (!strcmp(url, "/_loket/reload.js"))
		return reply(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", (void *)reload_script,
		             sizeof reload_script - 1, MHD_RESPMEM_PERSISTENT);
	return serve_file(s, c, url);
}

struct http_server *http_start(const struct http_config *cfg, char *err, size_t errlen)
{
	struct sockaddr_in v4 = {0};
	struct sockaddr_in6 v6 = {0};
	const struct sockaddr *addr;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
	if (cfg->port > 65535) {
		snprintf(err, errlen, "the port %u is not a TCP port (0-65535)", cfg->port);
		return NULL;
	}
	if (inet_pton(AF_INET, cfg->bind, &v4.sin_addr) == 1) {
		v4.sin_family = AF_INET;
		v4.sin_port = htons((uint16_t)cfg->port);
		addr = (const struct sockaddr *)&v4;
	} else if (inet_pton(AF_INET6, cfg->bind, &v6.sin6_addr) == 1) {
		v6.sin6_family = AF_INET6;
		v6.sin6_port = htons((uint16_t)cfg->port);
		addr = (const struct sockaddr *)&v6;
		flags |= MHD_USE_IPv6;
	} else {
		snprintf(err, errlen, "'%s' is not an IPv4 or IPv6 address", cfg->bind);
		return NULL;
	}
	struct http_server *s = xcalloc(1, sizeof *s);
	s->root = xstrdup(cfg->root);
	s->overlay = cfg->overlay ? xstrdup(cfg->overlay) : NULL;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->changed, NULL);
	s->d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, addr,
	                        MHD_OPTION_CONNECTION_LIMIT, (unsigned)HTTP_MAX_CONNECTIONS,
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(4 * HTTP_PING_SECONDS), MHD_OPTION_END);
	if (s->d == NULL) {
		snprintf(err, errlen, "cannot listen on %s port %u: %s", cfg->bind, cfg->port,
		         errno ? strerror(errno) : "refused");
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->changed);
		free(s->root);
		free(s->overlay);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->port;
	return s;
}

unsigned http_port(const struct http_server *s) { return s->port; }

void http_notify_reload(struct http_server *s)
{
	pthread_mutex_lock(&s->lock);
	s->generation++;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
}

void http_stop(struct http_server *s)
{
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	MHD_stop_daemon(s->d);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->changed);
	free(s->root);
	free(s->overlay);
	free(s);
}
