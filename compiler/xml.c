/* xml.c: the only writer of XML bytes (JUnit reports): text and attributes are escaped by construction. */
#include "xml.h"

#include <stdio.h>
#include <string.h>

void xml_escape(struct buf *b, const char *s, size_t n, int attr)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = u[i];
		const char *rep = NULL;
		size_t k = 1;
		if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;"; /* so that "]]>" never appears in text */
		else if (c == '"' && attr)
			rep = "&quot;";
		else if (c == '\r')
			rep = "&#13;";
		else if (c == '\n' && attr)
			rep = "&#10;";
		else if (c == '\t' && attr)
			rep = "&#9;";
		else if (c < 0x20 && c != '\n' && c != '\t')
			rep = "\xef\xbf\xbd"; /* U+FFFD: XML 1.0 cannot hold C0 controls, not even as references */
		else if (c >= 0x80) {
			uint32_t cp;
			k = utf8_decode(u + i, n - i, &cp);
			if (k == 0) {
				k = 1;
				rep = "\xef\xbf\xbd";
			} else if (cp == 0xfffe || cp == 0xffff) {
				rep = "\xef\xbf\xbd";
			}
		}
		if (rep) {
			buf_add(b, s + start, i - start);
			buf_adds(b, rep);
			start = i + k;
		}
		i += k;
	}
	buf_add(b, s + start, n - start);
}

void xml_init(struct xml *x, struct buf *out)
{
	memset(x, 0, sizeof *x);
	x->out = out;
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

static void indent(struct xml *x)
{
	for (unsigned i = 0; i < x->depth; i++)
		buf_add(x->out, "  ", 2);
}

/* End an open start tag; children = 1 when an element follows (a line break). */
static void close_start_tag(struct xml *x, int children)
{
	if (x->in_tag) {
		buf_addc(x->out, '>');
		x->in_tag = 0;
	}
	if (children && x->depth > 0 && !x->children[x->depth - 1]) {
		x->children[x->depth - 1] = 1;
		buf_addc(x->out, '\n');
	}
}

void xml_begin(struct xml *x, const char *name)
{
	close_start_tag(x, 1);
	if (x->depth >= XML_MAX_DEPTH)
		die("XML output nested too deeply");
	indent(x);
	buf_addc(x->out, '<');
	buf_adds(x->out, name);
	x->open[x->depth] = name;
	x->children[x->depth] = 0;
	x->depth++;
	x->in_tag = 1;
}

void xml_attr(struct xml *x, const char *name, const char *value)
{
	if (!x->in_tag)
		die("XML attribute '%s' after the start tag", name);
	buf_addc(x->out, ' ');
	buf_adds(x->out, name);
	buf_add(x->out, "=\"", 2);
	xml_escape(x->out, value, strlen(value), 1);
	buf_addc(x->out, '"');
}

void xml_attr_int(struct xml *x, const char *name, long long value)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%lld", value);
	xml_attr(x, name, tmp);
}

void xml_text(struct xml *x, const char *s)
{
	close_start_tag(x, 0);
	xml_escape(x->out, s, strlen(s), 0);
}

void xml_end(struct xml *x)
{
	if (x->depth == 0)
		die("XML element closed twice");
	x->depth--;
	if (x->in_tag) {
		buf_add(x->out, "/>\n", 3);
		x->in_tag = 0;
		return;
	}
	if (x->children[x->depth])
		indent(x);
	buf_add(x->out, "</", 2);
	buf_adds(x->out, x->open[x->depth]);
	buf_add(x->out, ">\n", 2);
}

void xml_chars(struct buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp = u[i];
		size_t k = u[i] < 0x80 ? 1 : utf8_decode(u + i, n - i, &cp);
		if (k > 0 && (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r') && cp != 0xfffe && cp != 0xffff)
			buf_add(b, s + i, k);
		else
			buf_adds(b, "\xef\xbf\xbd");
		i += k ? k : 1;
	}
}
