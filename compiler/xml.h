/* xml.h: the only writer of XML bytes (JUnit reports): text and attributes are escaped by construction. */
#ifndef LOKET_XML_H
#define LOKET_XML_H

#include "util.h"

enum { XML_MAX_DEPTH = 32 };

/* A streaming writer into a buffer, indented by two spaces per level. Element and
 * attribute names are loket's own constants; every value and every text passes
 * through xml_escape. An element holds either child elements or text, not both. */
struct xml {
	struct buf *out;
	unsigned depth;
	const char *open[XML_MAX_DEPTH];       /* names of the open elements */
	unsigned char children[XML_MAX_DEPTH]; /* the element at this depth has child elements */
	int in_tag;                            /* a start tag is open: attributes may follow */
};

/* Start a document: the XML declaration (UTF-8). */
void xml_init(struct xml *x, struct buf *out);
void xml_begin(struct xml *x, const char *name);
/* An attribute of the element just begun (before any child or text). */
void xml_attr(struct xml *x, const char *name, const char *value);
void xml_attr_int(struct xml *x, const char *name, long long value);
/* Text content of the current element. */
void xml_text(struct xml *x, const char *s);
/* Close the current element (empty elements as <name/>). */
void xml_end(struct xml *x);

/* Append s (n bytes) escaped for XML 1.0 text (attr = 0) or a double-quoted
 * attribute value (attr = 1): &, <, > and " become references, and so do CR (and
 * in attributes line feed and tab, which attribute normalisation would turn into
 * spaces). What XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF, invalid
 * UTF-8) becomes U+FFFD. */
void xml_escape(struct buf *b, const char *s, size_t n, int attr);

/* Append s with every character XML 1.0 cannot hold (control characters but tab, LF and
 * CR; U+FFFE, U+FFFF; invalid UTF-8) as U+FFFD, and nothing escaped: for text handed to a
 * writer that escapes itself (libxml2's tree API, render_sc.c). */
void xml_chars(struct buf *b, const char *s);

#endif
