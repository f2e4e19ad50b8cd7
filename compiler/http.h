/* http.h: the preview's HTTP server (libmicrohttpd): files under one folder only, a
 * reload script injected into HTML pages, and server-sent events that tell the browser
 * a new build is in place. The build never sees it. */
#ifndef LOKET_HTTP_H
#define LOKET_HTTP_H

#include <stddef.h>

enum { HTTP_MAX_CONNECTIONS = 64, HTTP_DEFAULT_PORT = 8080 };

struct http_server;

struct http_config {
	const char *bind;    /* an IPv4 or IPv6 address to listen on: 127.0.0.1 unless asked */
	unsigned port;       /* 0: any free port (http_port says which) */
	const char *root;    /* a published output folder: its current generation is served
	                      * (current -> .loket/gen-N); "/" redirects to /html/index.html */
	const char *overlay; /* a folder whose files come first (the error pages), or NULL */
};

/* Start serving on threads of its own. Returns NULL with a reason in err. */
struct http_server *http_start(const struct http_config *c, char *err, size_t errlen);
/* The port it listens on. */
unsigned http_port(const struct http_server *s);
/* A new build is in place: every browser showing a page reloads it. */
void http_notify_reload(struct http_server *s);
/* Close every connection and stop; frees s. */
void http_stop(struct http_server *s);

#endif
