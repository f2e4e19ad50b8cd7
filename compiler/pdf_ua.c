/* pdf_ua.c: what cairo 1.16 cannot write into a tagged PDF (PDF/UA-1), added to the bytes it wrote.
 *
 * cairo 1.16 writes the structure tree, /MarkInfo << /Marked true >>, marked content and
 * link annotations inside Link elements, but no /Lang, no /ViewerPreferences, no XMP
 * metadata, no /Alt on figures, no /Contents on links, no /Tabs on pages, and no marked
 * /Artifact for content outside the structure. Its PDF is regular: one object after
 * another ("N 0 obj\n<< /Type /... \n ... >>\nendobj\n"), dictionaries not compressed, one
 * classic cross-reference table. This module edits those bytes in place (insertions into
 * dictionaries, content streams recompressed with their artifacts marked), appends the
 * XMP stream as a new object and writes the cross-reference table anew: a plain PDF that
 * qpdf --check accepts, not an incremental update (readers would see two revisions). */
#include "pdf_ua.h"

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "xml.h"

void pdf_strings_add(struct pdf_strings *l, const char *s)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(s ? s : "");
}

void pdf_strings_free(struct pdf_strings *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

void pdf_ua_text_string(struct buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)u);
	buf_adds(b, "<FEFF");
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(u + i, n - i, &cp);
		if (k == 0) {
			k = 1;
			cp = 0xfffd;
		}
		i += k;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			buf_printf(b, "%04X%04X", 0xd800 + (unsigned)(cp >> 10), 0xdc00 + (unsigned)(cp & 0x3ff));
		} else
			buf_printf(b, "%04X", (unsigned)cp);
	}
	buf_addc(b, '>');
}

/* ---- Edits of the bytes: at `at`, `del` bytes are replaced by `text`. */

struct edit {
	size_t at, del, seq; /* seq: the order of edits at the same place */
	char *text;
	size_t len;
};

struct edits {
	struct edit *v;
	size_t n, cap;
};

/* Add an edit; text (len bytes) is copied. */
static void edit_add(struct edits *e, size_t at, size_t del, const char *text, size_t len)
{
	e->v = xgrow(e->v, &e->cap, e->n + 1, sizeof *e->v);
	char *copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	e->v[e->n] = (struct edit){at, del, e->n, copy, len};
	e->n++;
}

static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void edits_free(struct edits *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].text);
	free(e->v);
}

/* ---- cairo's objects. */

struct object {
	size_t start, end; /* "N 0 obj" ... after "endobj\n"; end 0: not in the file */
	size_t body;       /* after "N 0 obj\n" */
};

/* The first occurrence of needle in [from, to) of p, or NULL. */
static const char *find(const char *p, size_t from, size_t to, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = from; i + n <= to; i++)
		if (p[i] == needle[0] && !memcmp(p + i, needle, n))
			return p + i;
	return NULL;
}

/* The last occurrence of needle in the first len bytes of p, or NULL. */
static const char *find_last(const char *p, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (!memcmp(p + i, needle, n))
			return p + i;
	return NULL;
}

/* Whether object `o` starts with prefix (right after "N 0 obj\n"). */
static int starts(const struct buf *pdf, const struct object *o, const char *prefix)
{
	size_t n = strlen(prefix);
	return o->end && o->body + n <= o->end && !memcmp(pdf->p + o->body, prefix, n);
}

/* Read cairo's cross-reference table at xref: the objects it lists that are really where
 * it says (cairo 1.16 lists objects for link annotations that it never writes). Returns
 * the number of entries, 0 when the table does not have cairo's form. The caller frees
 * *objs. */
static size_t read_xref(const struct buf *pdf, size_t xref, struct object **objs)
{
	const char *p = pdf->p + xref + 5; /* after "xref\n" */
	unsigned long first, count;
	int used;
	if (sscanf(p, "%lu %lu\n%n", &first, &count, &used) != 2 || first != 0 || count == 0 || count > 1000000)
		return 0;
	p += used;
	if ((size_t)(p - pdf->p) + count * 20 > pdf->len)
		return 0;
	struct object *o = xcalloc(count, sizeof *o);
	for (unsigned long i = 0; i < count; i++) {
		const char *e = p + 20 * i;
		char digits[32];
		unsigned long off;
		if (e[10] != ' ' || e[16] != ' ' || e[19] != '\n' || sscanf(e, "%10lu", &off) != 1) {
			free(o);
			return 0;
		}
		int n = snprintf(digits, sizeof digits, "%lu 0 obj\n", i);
		if (e[17] != 'n' || off + (size_t)n > xref || memcmp(pdf->p + off, digits, (size_t)n))
			continue;
		const char *end = find(pdf->p, off, xref, "\nendobj\n");
		if (end == NULL)
			continue;
		o[i] = (struct object){off, (size_t)(end - pdf->p) + 8, off + (size_t)n};
	}
	*objs = o;
	return count;
}

/* ---- Content streams: what is drawn outside marked content becomes an /Artifact. */

/* Skip white space and comments from i; returns the next index. */
static size_t skip_space(const unsigned char *s, size_t n, size_t i)
{
	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t' || s[i] == '\f' || !s[i]))
			i++;
		if (i < n && s[i] == '%') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
			continue;
		}
		return i;
	}
}

static int is_delim(unsigned char c) { return strchr("()<>[]{}/% \n\r\t\f", c) != NULL || c == 0; }

/* The end of the token at i (a string, hex string, dictionary or array delimiter, name,
 * number or operator). */
static size_t token_end(const unsigned char *s, size_t n, size_t i)
{
	if (s[i] == '(') {
		int depth = 0;
		for (; i < n; i++) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '(')
				depth++;
			else if (s[i] == ')' && --depth == 0)
				return i + 1;
		}
		return n;
	}
	if (s[i] == '<' && i + 1 < n && s[i + 1] == '<')
		return i + 2;
	if (s[i] == '>' && i + 1 < n && s[i + 1] == '>')
		return i + 2;
	if (s[i] == '<') {
		while (i < n && s[i] != '>')
			i++;
		return i < n ? i + 1 : n;
	}
	if (strchr("[]{}", s[i]))
		return i + 1;
	if (s[i] == '/')
		i++;
	while (i < n && !is_delim(s[i]))
		i++;
	return i;
}

/* Whether the operator (len bytes) is one of ops. */
static int op_in(const unsigned char *op, size_t len, const char *const *ops, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(ops[i]) == len && !memcmp(op, ops[i], len))
			return 1;
	return 0;
}

/* Mark every painting operator outside marked content as an artifact: "/Artifact BMC",
 * the operator with its operands (and the path it paints, from its first "m" or "re"),
 * "EMC". The sequence stays inside the text object or q/Q it is in, and never inside a
 * path object. Appends the new stream to out. Returns 0, or -1 when the stream holds an
 * inline image (whose data is not tokens; cairo draws none here). */
static int mark_artifacts(const unsigned char *s, size_t n, struct buf *out)
{
	static const char *const path_ops[] = {"m", "l", "c", "v", "y", "h", "re", "W", "W*"};
	static const char *const path_ends[] = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"};
	static const char *const other_paints[] = {"Tj", "TJ", "'", "\"", "sh", "Do"};
	int depth = 0;              /* open marked-content sequences */
	size_t operands = SIZE_MAX; /* where the operands of the next operator start */
	size_t path = SIZE_MAX;     /* where the open path object starts */
	size_t copied = 0, dict = 0, arr = 0;
	for (size_t i = skip_space(s, n, 0); i < n; i = skip_space(s, n, i)) {
		size_t e = token_end(s, n, i);
		if (e == i)
			e = i + 1;
		if (operands == SIZE_MAX)
			operands = i;
		if (s[i] == '<' && e == i + 2)
			dict++;
		else if (s[i] == '>' && e == i + 2 && dict)
			dict--;
		else if (s[i] == '[')
			arr++;
		else if (s[i] == ']' && arr)
			arr--;
		else if (!dict && !arr && !is_delim(s[i]) && !(s[i] >= '0' && s[i] <= '9') && s[i] != '-' &&
		         s[i] != '+' && s[i] != '.' &&
		         !((e - i == 4 && !memcmp(s + i, "true", 4)) || (e - i == 5 && !memcmp(s + i, "false", 5)) ||
		           (e - i == 4 && !memcmp(s + i, "null", 4)))) {
			/* An operator. */
			const unsigned char *op = s + i;
			size_t len = e - i, start = path != SIZE_MAX ? path : operands;
			int end_path = op_in(op, len, path_ends, sizeof path_ends / sizeof *path_ends);
			if (len == 2 && !memcmp(op, "BI", 2))
				return -1;
			if (len == 3 && (!memcmp(op, "BDC", 3) || !memcmp(op, "BMC", 3)))
				depth++;
			else if (len == 3 && !memcmp(op, "EMC", 3) && depth > 0)
				depth--;
			else if (op_in(op, len, path_ops, sizeof path_ops / sizeof *path_ops)) {
				if (path == SIZE_MAX)
					path = operands;
			} else if (depth == 0 &&
			           ((end_path && !(len == 1 && op[0] == 'n')) ||
			            op_in(op, len, other_paints, sizeof other_paints / sizeof *other_paints))) {
				buf_add(out, s + copied, start - copied);
				buf_adds(out, "/Artifact BMC\n");
				buf_add(out, s + start, e - start);
				buf_adds(out, "\nEMC");
				copied = e;
			}
			if (end_path)
				path = SIZE_MAX;
			operands = SIZE_MAX;
		}
		i = e;
	}
	buf_add(out, s + copied, n - copied);
	return 0;
}

/* Inflate n bytes of a FlateDecode stream into out. Returns 0, or -1. */
static int inflate_all(const unsigned char *in, size_t n, struct buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	int rc;
	do {
		unsigned char chunk[16384];
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			break;
		buf_add(out, chunk, sizeof chunk - z.avail_out);
	} while (rc != Z_STREAM_END);
	inflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

/* Deflate n bytes into out (zlib's default level: the same bytes for the same input). */
static int deflate_all(const unsigned char *in, size_t n, struct buf *out)
{
	uLongf len = compressBound((uLong)n);
	unsigned char *z = xmalloc(len);
	int rc = compress2(z, &len, in, (uLong)n, Z_DEFAULT_COMPRESSION);
	if (rc == Z_OK)
		buf_add(out, z, len);
	free(z);
	return rc == Z_OK ? 0 : -1;
}

/* Object `o` is a page's content stream ("<< /Length L 0 R\n   /Filter /FlateDecode\n>>\n
 * stream\n...endstream"): mark its artifacts, with edits of its data and of its length
 * object. Returns 0, or -1 when it does not have that form. */
static int edit_content(const struct buf *pdf, const struct object *objs, size_t nobjs, const struct object *o,
                        struct edits *e)
{
	unsigned long len_obj;
	int used = 0;
	if (sscanf(pdf->p + o->body, "<< /Length %lu 0 R\n   /Filter /FlateDecode\n>>\nstream\n%n", &len_obj, &used) !=
	            1 ||
	    used == 0 || len_obj >= nobjs || !objs[len_obj].end)
		return -1;
	size_t data = o->body + (size_t)used;
	const char *end = find_last(pdf->p + data, o->end - data, "endstream");
	unsigned long len;
	const struct object *lo = &objs[len_obj];
	if (end == NULL || sscanf(pdf->p + lo->body, " %lu", &len) != 1 || data + len > (size_t)(end - pdf->p))
		return -1;
	struct buf plain = {0}, marked = {0}, z = {0};
	int rc = -1;
	if (inflate_all((const unsigned char *)pdf->p + data, len, &plain) == 0 &&
	    mark_artifacts((const unsigned char *)plain.p, plain.len, &marked) == 0 &&
	    deflate_all((const unsigned char *)marked.p, marked.len, &z) == 0) {
		edit_add(e, data, len, z.p, z.len);
		char digits[32];
		int n = snprintf(digits, sizeof digits, "   %zu\n", z.len);
		const char *num_end = strchr(pdf->p + lo->body, '\n');
		edit_add(e, lo->body, (size_t)(num_end - (pdf->p + lo->body)) + 1, digits, (size_t)n);
		rc = 0;
	}
	buf_free(&plain);
	buf_free(&marked);
	buf_free(&z);
	return rc;
}

/* ---- XMP. */

/* Append an element with text: <name>text</name>. */
static void xmp_text(struct buf *b, const char *indent, const char *name, const char *text)
{
	buf_printf(b, "%s<%s>", indent, name);
	xml_escape(b, text, strlen(text), 0);
	buf_printf(b, "</%s>\n", name);
}

/* An rdf:Alt with one x-default entry, or an rdf:Seq / rdf:Bag with one item. */
static void xmp_list(struct buf *b, const char *name, const char *kind, const char *text)
{
	buf_printf(b, "      <%s>\n        <rdf:%s>\n", name, kind);
	buf_adds(b, !strcmp(kind, "Alt") ? "          <rdf:li xml:lang=\"x-default\">" : "          <rdf:li>");
	xml_escape(b, text, strlen(text), 0);
	buf_adds(b, "</rdf:li>\n");
	buf_printf(b, "        </rdf:%s>\n      </%s>\n", kind, name);
}

/* The XMP packet of the document (uncompressed, so that tools can read it). */
static void xmp_packet(struct buf *b, const struct pdf_ua *ua)
{
	char date[32];
	struct tm tm;
	time_t t = ua->epoch;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_adds(b, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	            "  <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	            "    <rdf:Description rdf:about=\"\"\n"
	            "        xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	            "        xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	            "        xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	            "        xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
	            "      <dc:format>application/pdf</dc:format>\n");
	xmp_list(b, "dc:title", "Alt", ua->title ? ua->title : "");
	if (ua->author && *ua->author)
		xmp_list(b, "dc:creator", "Seq", ua->author);
	if (ua->subject && *ua->subject)
		xmp_list(b, "dc:description", "Alt", ua->subject);
	xmp_list(b, "dc:language", "Bag", ua->lang ? ua->lang : "");
	xmp_text(b, "      ", "pdf:Producer", ua->producer ? ua->producer : "");
	xmp_text(b, "      ", "xmp:CreatorTool", "loket");
	xmp_text(b, "      ", "xmp:CreateDate", date);
	xmp_text(b, "      ", "xmp:ModifyDate", date);
	xmp_text(b, "      ", "xmp:MetadataDate", date);
	buf_adds(b, "      <pdfuaid:part>1</pdfuaid:part>\n"
	            "    </rdf:Description>\n"
	            "  </rdf:RDF>\n"
	            "</x:xmpmeta>\n"
	            "<?xpacket end=\"w\"?>");
}

/* Whether lang is a plain language tag (letters, digits, hyphens; at most 35). */
static int plain_tag(const char *lang)
{
	return lang && *lang && strlen(lang) <= 35 &&
	       strspn(lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == strlen(lang);
}

/* ---- The whole document. */

/* Collect the edits of every object; the XMP's object number is `xmp`. Returns 0, or -1. */
static int collect_edits(const struct buf *pdf, const struct object *objs, size_t nobjs, unsigned long root, size_t xmp,
                         const struct pdf_ua *ua, struct edits *e)
{
	size_t nfig = 0, nlink = 0, nelem = 0;
	struct buf t = {0};
	int rc = 0;
	for (size_t i = 0; i < nobjs && rc == 0; i++) {
		const struct object *o = &objs[i];
		t.len = 0;
		if (!o->end)
			continue;
		if (starts(pdf, o, "<< /Type /Page %")) {
			const char *eol = strchr(pdf->p + o->body, '\n');
			buf_adds(&t, "   /Tabs /S\n");
			edit_add(e, (size_t)(eol - pdf->p) + 1, 0, t.p, t.len);
			/* Its content stream: "/Contents N 0 R". */
			const char *c = find(pdf->p, o->body, o->end, "   /Contents ");
			unsigned long cn;
			if (c == NULL || sscanf(c + 13, "%lu 0 R", &cn) != 1 || cn >= nobjs || !objs[cn].end ||
			    edit_content(pdf, objs, nobjs, &objs[cn], e) != 0)
				rc = -1;
		}
		if (starts(pdf, o, "<< /Type /StructElem\n   /S /")) {
			/* The next element begun: the same type, and its language. */
			size_t at = o->body + strlen("<< /Type /StructElem\n   /S /");
			const char *eol = memchr(pdf->p + at, '\n', o->end - at);
			if (nelem >= ua->elem_tag.n || eol == NULL ||
			    strlen(ua->elem_tag.v[nelem]) != (size_t)(eol - (pdf->p + at)) ||
			    memcmp(ua->elem_tag.v[nelem], pdf->p + at, (size_t)(eol - (pdf->p + at)))) {
				rc = -1;
				break;
			}
			const char *lang = ua->elem_lang.n > nelem ? ua->elem_lang.v[nelem] : "";
			nelem++;
			if (plain_tag(lang)) {
				t.len = 0;
				buf_printf(&t, "   /Lang (%s)\n", lang);
				edit_add(e, (size_t)(eol - pdf->p) + 1, 0, t.p, t.len);
			}
		}
		t.len = 0;
		if (starts(pdf, o, "<< /Type /StructElem\n   /S /Figure\n")) {
			if (nfig >= ua->alt.n) {
				rc = -1;
				break;
			}
			buf_adds(&t, "   /Alt ");
			pdf_ua_text_string(&t, ua->alt.v[nfig++]);
			buf_adds(&t, "\n");
			edit_add(e, o->body + strlen("<< /Type /StructElem\n   /S /Figure\n"), 0, t.p, t.len);
		} else if (starts(pdf, o, "<< /Type /Annot\n   /Subtype /Link\n")) {
			if (nlink >= ua->contents.n) {
				rc = -1;
				break;
			}
			buf_adds(&t, "   /Contents ");
			pdf_ua_text_string(&t, ua->contents.v[nlink++]);
			buf_adds(&t, "\n");
			edit_add(e, o->body + strlen("<< /Type /Annot\n   /Subtype /Link\n"), 0, t.p, t.len);
		} else if (i == root && starts(pdf, o, "<< /Type /Catalog\n")) {
			const char *end = find_last(pdf->p + o->body, o->end - o->body, ">>\nendobj\n");
			if (end == NULL || find(pdf->p, o->body, o->end, "/Lang") ||
			    find(pdf->p, o->body, o->end, "/Metadata")) {
				rc = -1;
				break;
			}
			if (plain_tag(ua->lang))
				buf_printf(&t, "   /Lang (%s)\n", ua->lang);
			buf_printf(&t, "   /ViewerPreferences << /DisplayDocTitle true >>\n   /Metadata %zu 0 R\n",
			           xmp);
			if (find(pdf->p, o->body, o->end, "/Outlines "))
				buf_adds(&t, "   /PageMode /UseOutlines\n");
			edit_add(e, (size_t)(end - pdf->p), 0, t.p, t.len);
		}
	}
	buf_free(&t);
	if (rc == 0 && (nfig != ua->alt.n || nlink != ua->contents.n || nelem != ua->elem_tag.n))
		rc = -1;
	return rc;
}

int pdf_ua_finish(struct buf *pdf, const struct pdf_ua *ua)
{
	const char *sx = find_last(pdf->p, pdf->len, "\nstartxref\n");
	unsigned long xref, root = 0, info = 0;
	if (sx == NULL || sscanf(sx + 11, "%lu", &xref) != 1 || xref + 5 > pdf->len ||
	    strncmp(pdf->p + xref, "xref\n", 5))
		return -1;
	const char *trailer = find(pdf->p, xref, pdf->len, "\ntrailer\n");
	const char *r = trailer ? find(pdf->p, (size_t)(trailer - pdf->p), pdf->len, "/Root ") : NULL;
	const char *inf = trailer ? find(pdf->p, (size_t)(trailer - pdf->p), pdf->len, "/Info ") : NULL;
	if (r == NULL || inf == NULL || sscanf(r + 6, "%lu", &root) != 1 || sscanf(inf + 6, "%lu", &info) != 1)
		return -1;
	struct object *objs = NULL;
	size_t nobjs = read_xref(pdf, xref, &objs);
	if (nobjs == 0 || root >= nobjs || info >= nobjs || !objs[root].end || !objs[info].end) {
		free(objs);
		return -1;
	}
	struct edits e = {0};
	size_t xmp = nobjs; /* the new object */
	if (collect_edits(pdf, objs, nobjs, root, xmp, ua, &e) != 0) {
		edits_free(&e);
		free(objs);
		return -1;
	}
	qsort(e.v, e.n, sizeof *e.v, edit_cmp);

	/* The bytes up to the table, edited; each object's new offset. */
	struct buf out = {0};
	size_t *moved = xcalloc(nobjs + 1, sizeof *moved), from = 0, k = 0;
	size_t *order = xcalloc(nobjs, sizeof *order); /* objects in the order of their offsets */
	for (size_t i = 0; i < nobjs; i++)
		order[i] = i;
	for (size_t i = 1; i < nobjs; i++) /* insertion sort: cairo writes them nearly in order */
		for (size_t j = i; j > 0 && objs[order[j - 1]].start > objs[order[j]].start; j--) {
			size_t tmp = order[j];
			order[j] = order[j - 1];
			order[j - 1] = tmp;
		}
	size_t next_obj = 0;
	for (;;) {
		size_t at = k < e.n ? e.v[k].at : xref;
		while (next_obj < nobjs && objs[order[next_obj]].start < at) {
			const struct object *o = &objs[order[next_obj]];
			if (o->end)
				moved[order[next_obj]] = out.len + (o->start - from);
			next_obj++;
		}
		buf_add(&out, pdf->p + from, at - from);
		if (k == e.n)
			break;
		buf_add(&out, e.v[k].text, e.v[k].len);
		from = at + e.v[k].del;
		k++;
	}
	free(order);
	/* The XMP stream. */
	struct buf x = {0};
	xmp_packet(&x, ua);
	moved[xmp] = out.len;
	buf_printf(&out, "%zu 0 obj\n<< /Type /Metadata\n   /Subtype /XML\n   /Length %zu\n>>\nstream\n", xmp, x.len);
	buf_add(&out, x.p, x.len);
	buf_adds(&out, "\nendstream\nendobj\n");
	buf_free(&x);
	/* The table: free entries chained from entry 0. */
	size_t table = out.len;
	buf_printf(&out, "xref\n0 %zu\n", nobjs + 1);
	size_t next_free = 0;
	size_t *free_next = xcalloc(nobjs + 1, sizeof *free_next);
	for (size_t i = nobjs + 1; i-- > 0;)
		if (i == 0 || (i < nobjs && !objs[i].end)) {
			free_next[i] = next_free;
			next_free = i;
		}
	for (size_t i = 0; i <= nobjs; i++) {
		if (i > 0 && (i == xmp || objs[i].end))
			buf_printf(&out, "%010zu 00000 n \n", moved[i]);
		else
			buf_printf(&out, "%010zu %05d f \n", free_next[i], i ? 0 : 65535);
	}
	buf_printf(&out, "trailer\n<< /Size %zu\n   /Root %lu 0 R\n   /Info %lu 0 R\n>>\nstartxref\n%zu\n%%%%EOF\n",
	           nobjs + 1, root, info, table);
	free(free_next);
	free(moved);
	free(objs);
	edits_free(&e);
	buf_free(pdf);
	*pdf = out;
	return 0;
}
