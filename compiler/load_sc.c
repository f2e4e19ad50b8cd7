/* load_sc.c: reading a Samenwerkende Catalogi 4.0 feed (XML) safely: a pre-scan of the
 * bytes refuses what libxml2 2.9.14 would mishandle (DOCTYPE and entities, deep nesting,
 * many attributes, encodings other than UTF-8, control characters, gzip), then libxml2
 * parses from memory without network, DTD loading, entity substitution or XInclude, and
 * the tree is read into plain records (struct sc_product). */
#include "load_sc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "util.h"

struct ld {
	const char *path;
	const char *src; /* the bytes, NUL-terminated */
	size_t len;
	struct msgq *q;
	struct sc_feed *f;
	int failed;
	size_t *lines; /* byte offset of each line's start, made once for positions */
	size_t nlines;
};

/* The line and column (code points, 1-based) of byte offset `at`. */
static struct pos offset_pos(const struct ld *l, size_t at)
{
	struct pos p = {l->path, 1, 1};
	size_t line_start = 0;
	for (size_t i = 0; i < at && i < l->len; i++)
		if (l->src[i] == '\n') {
			p.line++;
			line_start = i + 1;
		}
	p.col = (unsigned)utf8_count(l->src + line_start, at - line_start) + 1;
	return p;
}

/* The position of an element: libxml2 keeps its line; the column is that of "<name"
 * on that line (1 when not found). Lines are found in the table (no quadratic scans). */
static struct pos node_pos(struct ld *l, const xmlNode *n)
{
	struct pos p = {l->path, (unsigned)xmlGetLineNo(n), 1};
	if (l->lines == NULL) {
		size_t cap = 0;
		l->lines = xgrow(NULL, &cap, 1, sizeof *l->lines);
		l->lines[l->nlines++] = 0;
		for (size_t i = 0; i < l->len; i++)
			if (l->src[i] == '\n') {
				l->lines = xgrow(l->lines, &cap, l->nlines + 1, sizeof *l->lines);
				l->lines[l->nlines++] = i + 1;
			}
	}
	if ((long)p.line <= 0 || p.line > l->nlines) {
		p.line = 1;
		return p;
	}
	size_t at = l->lines[p.line - 1];
	size_t end = at;
	while (end < l->len && l->src[end] != '\n')
		end++;
	struct buf tag = {0};
	buf_addc(&tag, '<');
	if (n->ns && n->ns->prefix)
		buf_printf(&tag, "%s:", (const char *)n->ns->prefix);
	buf_adds(&tag, (const char *)n->name);
	for (size_t i = at; i + tag.len <= end; i++)
		if (!memcmp(l->src + i, tag.p, tag.len)) {
			p.col = (unsigned)utf8_count(l->src + at, i - at) + 1;
			break;
		}
	buf_free(&tag);
	return p;
}

static void fail_at(struct ld *l, enum msg_id id, struct pos p, const char *a, const char *b, const char *c)
{
	msg_emit(l->q, id, p, a, b, c);
	l->failed = 1;
}

/* ---- the pre-scan: bytes before libxml2 sees them ---- */

static int starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && !memcmp(s, prefix, k);
}

/* Skip to just after `end` from i; returns len when not found (the parser reports it). */
static size_t skip_past(const char *s, size_t len, size_t i, const char *end)
{
	size_t k = strlen(end);
	for (; i + k <= len; i++)
		if (!memcmp(s + i, end, k))
			return i + k;
	return len;
}

/* Encoding: UTF-8 only, no BOM of another encoding, no invalid byte, no control
 * character (XML 1.0 allows tab, LF and CR only; DEL and C1 controls are refused too). */
static int scan_encoding(struct ld *l)
{
	const unsigned char *u = (const unsigned char *)l->src;
	size_t n = l->len;
	if (n >= 2 && u[0] == 0x1f && u[1] == 0x8b) {
		fail_at(l, MSG_XML001_GZIP, offset_pos(l, 0), NULL, NULL, NULL);
		return -1;
	}
	if (n >= 4 && ((u[0] == 0 && u[1] == 0 && u[2] == 0xfe && u[3] == 0xff) ||
	               (u[0] == 0xff && u[1] == 0xfe && u[2] == 0 && u[3] == 0))) {
		fail_at(l, MSG_XML004_UTF16, offset_pos(l, 0), "UTF-32", NULL, NULL);
		return -1;
	}
	if (n >= 2 && ((u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0 && u[1] == '<') ||
	               (u[0] == '<' && u[1] == 0))) {
		fail_at(l, MSG_XML004_UTF16, offset_pos(l, 0), "UTF-16", NULL, NULL);
		return -1;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp = u[i];
		size_t k = 1;
		if (u[i] >= 0x80) {
			k = utf8_decode(u + i, n - i, &cp);
			if (k == 0) {
				char hex[8];
				snprintf(hex, sizeof hex, "%02X", u[i]);
				fail_at(l, MSG_XML004_UTF8, offset_pos(l, i), hex, NULL, NULL);
				return -1;
			}
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7f && cp <= 0x9f) ||
		    cp == 0xfffe || cp == 0xffff || (cp == 0xfeff && i > 0)) {
			char name[16];
			snprintf(name, sizeof name, "U+%04X", (unsigned)cp);
			fail_at(l, MSG_XML004_CHAR, offset_pos(l, i), name, NULL, NULL);
			return -1;
		}
		i += k;
	}
	return 0;
}

/* The XML declaration, when there is one, must not name another encoding than UTF-8. */
static int scan_declaration(struct ld *l, size_t start)
{
	const char *s = l->src + start;
	size_t n = l->len - start;
	if (!starts(s, n, "<?xml") || n < 6 || !strchr(" \t\r\n", s[5]))
		return 0;
	size_t end = skip_past(s, n, 0, "?>");
	for (size_t i = 5; i + 8 < end; i++)
		if (!memcmp(s + i, "encoding", 8)) {
			size_t j = i + 8;
			while (j < end && strchr(" \t\r\n=", s[j]))
				j++;
			if (j >= end || (s[j] != '"' && s[j] != '\''))
				return 0; /* malformed: the parser reports it */
			char quote = s[j++];
			size_t k = j;
			while (k < end && s[k] != quote)
				k++;
			char *enc = xstrndup(s + j, k - j);
			int ok = !strcasecmp(enc, "UTF-8") || !strcasecmp(enc, "UTF8");
			if (!ok)
				fail_at(l, MSG_XML004_DECLARED, offset_pos(l, start + j), enc, NULL, NULL);
			free(enc);
			return ok ? 0 : -1;
		}
	return 0;
}

/* Markup: no DOCTYPE (nor any other <! declaration), nesting and attributes capped. */
static int scan_markup(struct ld *l, size_t i)
{
	const char *s = l->src;
	size_t n = l->len;
	unsigned depth = 0;
	while (i < n) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		size_t at = i;
		if (starts(s + i, n - i, "<!--")) {
			i = skip_past(s, n, i + 4, "-->");
		} else if (starts(s + i, n - i, "<![CDATA[")) {
			i = skip_past(s, n, i + 9, "]]>");
		} else if (starts(s + i, n - i, "<?")) {
			i = skip_past(s, n, i + 2, "?>");
		} else if (starts(s + i, n - i, "<!")) {
			fail_at(l, MSG_XML002_DOCTYPE, offset_pos(l, at), NULL, NULL, NULL);
			return -1;
		} else if (starts(s + i, n - i, "</")) {
			i = skip_past(s, n, i + 2, ">");
			if (depth)
				depth--;
		} else {
			unsigned attrs = 0;
			char quote = 0;
			for (i++; i < n; i++) {
				if (quote) {
					if (s[i] == quote)
						quote = 0;
				} else if (s[i] == '"' || s[i] == '\'') {
					quote = s[i];
				} else if (s[i] == '=') {
					if (++attrs > SC_MAX_ATTRIBUTES) {
						char lim[16];
						snprintf(lim, sizeof lim, "%d", SC_MAX_ATTRIBUTES);
						fail_at(l, MSG_XML003_ATTRIBUTES, offset_pos(l, at), lim, NULL, NULL);
						return -1;
					}
				} else if (s[i] == '>') {
					break;
				}
			}
			if (i < n && s[i - 1] != '/' && ++depth > SC_MAX_DEPTH) {
				char lim[16];
				snprintf(lim, sizeof lim, "%d", SC_MAX_DEPTH);
				fail_at(l, MSG_XML003_DEPTH, offset_pos(l, at), lim, NULL, NULL);
				return -1;
			}
			i++;
		}
	}
	return 0;
}

static int prescan(struct ld *l)
{
	size_t i = 0;
	while (i < l->len && strchr(" \t\r\n", l->src[i]))
		i++;
	if (i == l->len) {
		fail_at(l, MSG_XML001_EMPTY, offset_pos(l, 0), NULL, NULL, NULL);
		return -1;
	}
	if (scan_encoding(l) != 0)
		return -1;
	size_t start = starts(l->src, l->len, "\xef\xbb\xbf") ? 3 : 0;
	if (start == l->len) {
		fail_at(l, MSG_XML001_EMPTY, offset_pos(l, 0), NULL, NULL, NULL);
		return -1;
	}
	if (l->src[start] != '<') {
		char hex[8];
		snprintf(hex, sizeof hex, "%02X", (unsigned char)l->src[start]);
		fail_at(l, MSG_XML001_NOT_XML, offset_pos(l, start), hex, NULL, NULL);
		return -1;
	}
	if (scan_declaration(l, start) != 0)
		return -1;
	return scan_markup(l, start);
}

/* ---- libxml2 ---- */

/* External entities and DTDs are never loaded: every request is refused. */
static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

struct parse_error {
	int seen;
	int line, col;
	char *message;
};

static void on_error(void *ctx, xmlErrorPtr e)
{
	struct parse_error *pe = ctx;
	if (pe->seen || e == NULL || e->level < XML_ERR_ERROR)
		return;
	pe->seen = 1;
	pe->line = e->line;
	pe->col = e->int2;
	const char *m = e->message ? e->message : "not well-formed";
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	pe->message = xstrndup(m, n);
}

static int is(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && !strcmp((const char *)n->ns->href, ns) &&
	       !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *parent, const char *ns, const char *name)
{
	for (const xmlNode *c = parent ? parent->children : NULL; c; c = c->next)
		if (is(c, ns, name))
			return c;
	return NULL;
}

/* The length of a white-space character at s, or 0: space, tab, CR, LF, and the characters
 * YAML would take as line breaks (NEL, U+2028, U+2029), which a description cannot hold. */
static size_t line_break(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (*u && strchr(" \t\r\n", *u))
		return 1;
	if (u[0] == 0xc2 && u[1] == 0x85)
		return 2;
	if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9))
		return 3;
	return 0;
}

/* Text with runs of white space made one space, trimmed; NULL when empty. */
static const char *squeeze(struct ld *l, const char *s)
{
	struct buf b = {0};
	int space = 0;
	for (; s && *s; s++) {
		size_t k = line_break(s);
		if (k) {
			space = b.len > 0;
			s += k - 1;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *s);
	}
	const char *r = b.len ? arena_strndup(&l->f->arena, b.p, b.len) : NULL;
	buf_free(&b);
	return r;
}

static const char *text_of(struct ld *l, const xmlNode *n)
{
	if (n == NULL)
		return NULL;
	xmlChar *t = xmlNodeGetContent(n);
	const char *r = squeeze(l, (const char *)t);
	xmlFree(t);
	return r;
}

static const char *attr_of(struct ld *l, const xmlNode *n, const char *name)
{
	if (n == NULL)
		return NULL;
	xmlChar *t = xmlGetProp(n, (const xmlChar *)name);
	const char *r = squeeze(l, (const char *)t);
	xmlFree(t);
	return r;
}

/* ---- productHTML as the plain text of the standard ---- */

struct text_out {
	struct buf b;
	int space; /* a space is due before the next word */
};

/* A break: 2 = new paragraph, 1 = new line. */
static void text_break(struct text_out *t, int kind)
{
	t->space = 0;
	if (t->b.len == 0)
		return;
	while (t->b.len && t->b.p[t->b.len - 1] == ' ')
		t->b.len--;
	size_t have = 0;
	while (have < t->b.len && t->b.p[t->b.len - 1 - have] == '\n')
		have++;
	for (; have < (size_t)kind; have++)
		buf_addc(&t->b, '\n');
}

static void text_char(struct text_out *t, const char *s, size_t n)
{
	if (n == 1 && strchr(" \t\r\n", *s)) {
		t->space = 1;
		return;
	}
	if (t->space && t->b.len && t->b.p[t->b.len - 1] != '\n' && t->b.p[t->b.len - 1] != ' ')
		buf_addc(&t->b, ' ');
	t->space = 0;
	buf_add(&t->b, s, n);
}

/* What an HTML tag name means for the text: a paragraph, a list item, a line break. */
static void text_tag(struct text_out *t, const char *name, size_t n, int closing)
{
	char lower[8] = {0};
	if (n == 0 || n >= sizeof lower)
		return;
	for (size_t i = 0; i < n; i++)
		lower[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
	static const char *const blocks[] = {"p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr"};
	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
		if (!strcmp(lower, blocks[i])) {
			text_break(t, 2);
			return;
		}
	if (!strcmp(lower, "li") && !closing) {
		text_break(t, 1);
		buf_adds(&t->b, "- ");
	} else if (!strcmp(lower, "br")) {
		text_break(t, 1);
	}
}

/* Decode an HTML character reference at s (after '&'); returns its length or 0. */
static size_t html_entity(const char *s, size_t n, char out[8], size_t *outn)
{
	static const struct {
		const char *name, *utf8;
	} named[] = {{"amp;", "&"},
	             {"lt;", "<"},
	             {"gt;", ">"},
	             {"quot;", "\""},
	             {"apos;", "'"},
	             {"nbsp;", " "},
	             {"euro;", "\xe2\x82\xac"},
	             {"eacute;", "\xc3\xa9"},
	             {"euml;", "\xc3\xab"},
	             {"iuml;", "\xc3\xaf"},
	             {"ndash;", "\xe2\x80\x93"}};
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (starts(s, n, named[i].name)) {
			*outn = strlen(named[i].utf8);
			memcpy(out, named[i].utf8, *outn);
			return strlen(named[i].name);
		}
	if (n < 3 || s[0] != '#')
		return 0;
	size_t i = 1;
	int hex = s[1] == 'x' || s[1] == 'X';
	i += (size_t)hex;
	unsigned long cp = 0;
	size_t digits = 0;
	for (; i < n && digits < 8; i++, digits++) {
		char c = s[i];
		int v = c >= '0' && c <= '9'          ? c - '0'
		        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
		                                      : -1;
		if (v < 0)
			break;
		cp = cp * (hex ? 16 : 10) + (unsigned long)v;
	}
	if (digits == 0 || i >= n || s[i] != ';')
		return 0;
	/* Characters a description cannot hold become a space. */
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    cp == 0xfeff || cp == 0x2028 || cp == 0x2029 || cp == 0xfffe || cp == 0xffff)
		cp = ' ';
	if (cp < 0x80) {
		out[0] = (char)cp;
		*outn = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		*outn = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		*outn = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		*outn = 4;
	}
	return i + 1;
}

/* Text that may hold HTML markup as characters (the usual way feeds carry productHTML):
 * tags become breaks, references are decoded, everything else is text. One pass. */
static void text_html(struct text_out *t, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		if (s[i] == '<') {
			size_t j = i + 1;
			int closing = j < n && s[j] == '/';
			j += (size_t)closing;
			size_t name = j;
			while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
			                 (s[j] >= '0' && s[j] <= '9')))
				j++;
			size_t end = j;
			char quote = 0;
			while (end < n && (quote || s[end] != '>')) {
				if (quote && s[end] == quote)
					quote = 0;
				else if (!quote && (s[end] == '"' || s[end] == '\''))
					quote = s[end];
				end++;
			}
			if (j > name && end < n) {
				text_tag(t, s + name, j - name, closing);
				i = end + 1;
				continue;
			}
			if (starts(s + i, n - i, "<!--")) {
				i = skip_past(s, n, i + 4, "-->");
				continue;
			}
		}
		if (s[i] == '&') {
			char out[8];
			size_t outn = 0, k = html_entity(s + i + 1, n - i - 1, out, &outn);
			if (k) {
				for (size_t c = 0; c < outn; c++)
					text_char(t, out + c, 1);
				i += k + 1;
				continue;
			}
		}
		size_t k = line_break(s + i);
		uint32_t cp;
		if (k) {
			text_char(t, " ", 1);
			i += k;
			continue;
		}
		k = 1;
		if ((unsigned char)s[i] >= 0x80 && (k = utf8_decode((const unsigned char *)s + i, n - i, &cp)) == 0)
			k = 1;
		text_char(t, s + i, k);
		i += k;
	}
}

/* The body: text nodes (HTML as characters) and XHTML elements, walked without recursion. */
static const char *body_text(struct ld *l, const xmlNode *html)
{
	if (html == NULL)
		return NULL;
	struct text_out t = {{0}, 0};
	const xmlNode *n = html->children;
	while (n) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			text_html(&t, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE) {
			text_tag(&t, (const char *)n->name, strlen((const char *)n->name), 0);
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		while (n && n != html && !n->next) {
			n = n->parent;
			if (n && n != html && n->type == XML_ELEMENT_NODE)
				text_tag(&t, (const char *)n->name, strlen((const char *)n->name), 1);
		}
		if (n == NULL || n == html)
			break;
		n = n->next;
	}
	text_break(&t, 1);
	while (t.b.len && t.b.p[t.b.len - 1] == '\n')
		t.b.len--;
	const char *r = t.b.len ? arena_strndup(&l->f->arena, t.b.p, t.b.len) : NULL;
	buf_free(&t.b);
	return r;
}

/* ---- the feed ---- */

static int web_address(const char *s)
{
	return s && (!strncasecmp(s, "https://", 8) || !strncasecmp(s, "http://", 7)) && !strpbrk(s, " \t\r\n<>\"");
}

static void check_url(struct ld *l, const xmlNode *at, const char *what, const char **url)
{
	if (*url && !web_address(*url)) {
		fail_at(l, MSG_XML006_URL, node_pos(l, at), what, *url, NULL);
		*url = NULL;
	}
}

static int is_date(const char *s)
{
	if (s == NULL || strlen(s) < 10)
		return 0;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	return s[10] == '\0' || s[10] == 'T';
}

static int is_language(const char *s)
{
	size_t n = 0;
	while (s[n] >= 'a' && s[n] <= 'z')
		n++;
	if (n < 2 || n > 3)
		return 0;
	for (s += n; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

static const xmlNode *need(struct ld *l, const xmlNode *parent, const xmlNode *where, const char *ns, const char *name,
                           const char *shown)
{
	const xmlNode *c = child(parent, ns, name);
	if (c == NULL)
		fail_at(l, MSG_XML005_MISSING, node_pos(l, where), shown, NULL, NULL);
	return c;
}

static void read_product(struct ld *l, const xmlNode *el, struct sc_product *p)
{
	memset(p, 0, sizeof *p);
	p->pos = node_pos(l, el);
	const xmlNode *meta = need(l, el, el, SC_NS_PRODUCT, "meta", "overheidproduct:meta");
	const xmlNode *kern = meta ? need(l, meta, meta, SC_NS_PRODUCT, "owmskern", "overheidproduct:owmskern") : NULL;
	if (kern == NULL)
		return;
	const xmlNode *id = need(l, kern, kern, SC_NS_DCTERMS, "identifier", "dcterms:identifier");
	const xmlNode *title = need(l, kern, kern, SC_NS_DCTERMS, "title", "dcterms:title");
	const xmlNode *modified = need(l, kern, kern, SC_NS_DCTERMS, "modified", "dcterms:modified");
	const xmlNode *language = child(kern, SC_NS_DCTERMS, "language");
	p->identifier = text_of(l, id);
	p->title = text_of(l, title);
	if (title && p->title == NULL)
		fail_at(l, MSG_XML005_MISSING, node_pos(l, title), "dcterms:title", NULL, NULL);
	p->modified = text_of(l, modified);
	if (modified && !is_date(p->modified))
		fail_at(l, MSG_XML006_DATE, node_pos(l, modified), "dcterms:modified", p->modified ? p->modified : "",
		        NULL);
	else if (p->modified)
		p->modified = arena_strndup(&l->f->arena, p->modified, 10);
	p->language = text_of(l, language);
	if (p->language && !is_language(p->language)) {
		fail_at(l, MSG_XML006_LANGUAGE, node_pos(l, language), "dcterms:language", p->language, NULL);
		p->language = NULL;
	}
	const xmlNode *auth = child(kern, SC_NS_OWMS, "authority");
	p->authority = text_of(l, auth);
	p->authority_uri = attr_of(l, auth, "resourceIdentifier");
	p->authority_scheme = attr_of(l, auth, "scheme");
	check_url(l, auth, "overheid:authority", &p->authority_uri);

	const xmlNode *mantel = child(meta, SC_NS_PRODUCT, "owmsmantel");
	for (const xmlNode *c = mantel ? mantel->children : NULL; c; c = c->next)
		if (is(c, SC_NS_DCTERMS, "audience")) {
			const char *a = text_of(l, c);
			p->has_audience = 1;
			if (a && !strcmp(a, "particulier"))
				p->citizen = 1;
			else if (a && !strcmp(a, "ondernemer"))
				p->business = 1;
			else
				fail_at(l, MSG_XML005_VALUE, node_pos(l, c), "dcterms:audience", a ? a : "",
				        "particulier, ondernemer");
		}
	p->abstract = text_of(l, child(mantel, SC_NS_DCTERMS, "abstract"));

	const xmlNode *scmeta = child(meta, SC_NS_PRODUCT, "scmeta");
	if (scmeta) {
		p->product_id = text_of(l, child(scmeta, SC_NS_PRODUCT, "productID"));
		const xmlNode *online =
		        need(l, scmeta, scmeta, SC_NS_PRODUCT, "onlineAanvragen", "overheidproduct:onlineAanvragen");
		p->online = text_of(l, online);
		if (online && (p->online == NULL ||
		               (strcmp(p->online, "ja") && strcmp(p->online, "digid") && strcmp(p->online, "nee")))) {
			fail_at(l, MSG_XML005_VALUE, node_pos(l, online), "overheidproduct:onlineAanvragen",
			        p->online ? p->online : "", "ja, digid, nee");
			p->online = NULL;
		}
		const xmlNode *req = child(scmeta, SC_NS_PRODUCT, "aanvraagURL");
		p->request_url = attr_of(l, req, "resourceIdentifier");
		check_url(l, req, "overheidproduct:aanvraagURL", &p->request_url);
		const xmlNode *contact = child(scmeta, SC_NS_PRODUCT, "contactpunt");
		p->contact_url = attr_of(l, contact, "resourceIdentifier");
		check_url(l, contact, "overheidproduct:contactpunt", &p->contact_url);
		const xmlNode *upn = child(scmeta, SC_NS_PRODUCT, "uniformeProductnaam");
		p->product_name = text_of(l, upn);
		p->product_uri = attr_of(l, upn, "resourceIdentifier");
		check_url(l, upn, "overheidproduct:uniformeProductnaam", &p->product_uri);
	}
	const xmlNode *body = need(l, el, el, SC_NS_PRODUCT, "body", "overheidproduct:body");
	p->body = body_text(l, child(body, SC_NS_PRODUCT, "productHTML"));
}

/* XInclude anywhere in the tree is refused (loket never processes it), walked without recursion. */
static int refuse_xinclude(struct ld *l, const xmlNode *root)
{
	const xmlNode *n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE && n->ns &&
		    (!strcmp((const char *)n->ns->href, "http://www.w3.org/2001/XInclude") ||
		     !strcmp((const char *)n->ns->href, "http://www.w3.org/2003/XInclude"))) {
			fail_at(l, MSG_XML002_XINCLUDE, node_pos(l, n), (const char *)n->name, NULL, NULL);
			return -1;
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (n == NULL || n == root)
			break;
		n = n->next;
	}
	return 0;
}

static void read_feed(struct ld *l, xmlDocPtr doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (doc->intSubset || doc->extSubset) {
		fail_at(l, MSG_XML002_DOCTYPE, offset_pos(l, 0), NULL, NULL, NULL);
		return;
	}
	if (root == NULL || refuse_xinclude(l, root) != 0)
		return;
	if (!is(root, SC_NS_PRODUCT, "scproducten")) {
		fail_at(l, MSG_XML005_ROOT, node_pos(l, root), (const char *)root->name,
		        root->ns ? (const char *)root->ns->href : "(none)", NULL);
		return;
	}
	size_t cap = 0;
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!is(c, SC_NS_PRODUCT, "scproduct")) {
			fail_at(l, MSG_XML005_ELEMENT, node_pos(l, c), (const char *)c->name, NULL, NULL);
			continue;
		}
		l->f->v = xgrow(l->f->v, &cap, l->f->n + 1, sizeof *l->f->v);
		read_product(l, c, &l->f->v[l->f->n++]);
	}
	if (l->f->n == 0 && !l->failed)
		fail_at(l, MSG_XML005_NONE, node_pos(l, root), NULL, NULL, NULL);
}

static void size_error(const char *path, size_t len, struct msgq *q)
{
	char got[32], lim[32];
	snprintf(got, sizeof got, "%zu", len);
	snprintf(lim, sizeof lim, "%d", SC_MAX_BYTES);
	msg_emit(q, MSG_XML003_SIZE, ((struct pos){path, 1, 1}), got, lim);
}

int load_sc_file(struct sc_feed *f, const char *path, struct msgq *q)
{
	memset(f, 0, sizeof *f);
	char *src = NULL;
	size_t len = 0;
	int rc = read_file(path, SC_MAX_BYTES, &src, &len);
	if (rc == -2) {
		size_error(path, len, q);
		return -1;
	}
	if (rc != 0) {
		msg_emit(q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), path, strerror(errno));
		return -2;
	}
	rc = load_sc_mem(f, path, src, len, q);
	free(src);
	return rc;
}

int load_sc_mem(struct sc_feed *f, const char *path, const char *src, size_t len, struct msgq *q)
{
	memset(f, 0, sizeof *f);
	if (len > SC_MAX_BYTES) {
		size_error(path, len, q);
		return -1;
	}
	struct ld l = {path, src, len, q, f, 0, NULL, 0};
	if (prescan(&l) != 0)
		return -1;
	xmlInitParser();
	xmlExternalEntityLoader old_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(refuse_entity);
	struct parse_error pe = {0, 0, 0, NULL};
	xmlSetStructuredErrorFunc(&pe, on_error);
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		die("out of memory");
	/* Never XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE. */
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, src, (int)len, NULL, "UTF-8",
	                                  XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetExternalEntityLoader(old_loader);
	if (pe.seen || doc == NULL || !ctxt->wellFormed) {
		struct pos p = {path, pe.line > 0 ? (unsigned)pe.line : 1, pe.col > 0 ? (unsigned)pe.col : 1};
		/* libxml2 counts columns in bytes; loket counts characters. */
		if (pe.line > 0 && pe.col > 0) {
			size_t at = 0;
			for (int line = 1; line < pe.line && at < len; at++)
				if (src[at] == '\n')
					line++;
			size_t end = at;
			while (end < len && end - at < (size_t)pe.col - 1 && src[end] != '\n')
				end++;
			p.col = (unsigned)utf8_count(src + at, end - at) + 1;
		}
		msg_emit(q, MSG_XML001, p, pe.message ? pe.message : "not well-formed");
		l.failed = 1;
	} else {
		read_feed(&l, doc);
	}
	free(pe.message);
	free(l.lines);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return l.failed ? -1 : 0;
}

void load_sc_free(struct sc_feed *f)
{
	free(f->v);
	arena_free(&f->arena);
	memset(f, 0, sizeof *f);
}
