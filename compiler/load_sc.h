/* load_sc.h: reading a Samenwerkende Catalogi 4.0 feed (XML) safely into plain records. */
#ifndef LOKET_LOAD_SC_H
#define LOKET_LOAD_SC_H

#include "msg.h"
#include "node.h"

/* Documented limits (README, "loket import sc"). */
enum { SC_MAX_BYTES = 8 * 1024 * 1024, SC_MAX_DEPTH = 64, SC_MAX_ATTRIBUTES = 64 };

/* The namespaces of an SC 4.0 feed. */
#define SC_NS_PRODUCT "http://standaarden.overheid.nl/product/terms/"
#define SC_NS_OWMS    "http://standaarden.overheid.nl/owms/terms/"
#define SC_NS_DCTERMS "http://purl.org/dc/terms/"

/* One overheidproduct:scproduct, as text. Every string is trimmed, lives in the feed's
 * arena and is NULL when the feed does not give it. */
struct sc_product {
	struct pos pos; /* the scproduct element */
	const char *identifier, *title, *language, *modified, *abstract;
	const char *authority, *authority_uri, *authority_scheme; /* overheid:authority */
	int citizen, business, has_audience;                      /* dcterms:audience */
	const char *product_id, *online, *request_url, *contact_url;
	const char *product_name, *product_uri; /* the first overheid:uniformeProductnaam */
	const char *body;                       /* productHTML as plain text of the standard: paragraphs, "- " items */
};

struct sc_feed {
	struct sc_product *v;
	size_t n;
	struct arena arena;
};

/* Read the feed at path: no network, no DTD, no entities, no XInclude, a size cap
 * (SC_MAX_BYTES), a nesting cap and an attribute cap checked before libxml2 sees the
 * bytes. Problems go to q, positioned (XML001-XML006; SYS001 when unreadable).
 * Returns 0, -1 when the feed cannot be used, -2 on a system error. Free with
 * load_sc_free whatever the result. */
int load_sc_file(struct sc_feed *f, const char *path, struct msgq *q);
/* The same over len bytes in memory, read during the call only; positions keep `name`. */
int load_sc_mem(struct sc_feed *f, const char *name, const char *data, size_t len, struct msgq *q);
void load_sc_free(struct sc_feed *f);

#endif
