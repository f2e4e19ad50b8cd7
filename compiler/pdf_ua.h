/* pdf_ua.h: what cairo 1.16 cannot write into a tagged PDF (PDF/UA-1), added to the bytes it wrote. */
#ifndef LOKET_PDF_UA_H
#define LOKET_PDF_UA_H

#include <time.h>

#include "util.h"

/* A list of strings, owned. */
struct pdf_strings {
	char **v;
	size_t n, cap;
};
void pdf_strings_add(struct pdf_strings *l, const char *s);
void pdf_strings_free(struct pdf_strings *l);

/* What the document needs beyond cairo's bytes. The strings are UTF-8. */
struct pdf_ua {
	const char *title, *author, *subject; /* as given to cairo's metadata (the Info dictionary) */
	const char *lang;                     /* a language tag (BCP 47) */
	const char *producer;                 /* the Info dictionary's /Producer, for the XMP */
	time_t epoch;                         /* the dates of the XMP (SOURCE_DATE_EPOCH) */
	struct pdf_strings alt;               /* /Alt of each Figure, in the order they were tagged */
	struct pdf_strings contents;          /* /Contents of each link annotation, in the order of the links */
	struct pdf_strings elem_tag;          /* every structure element, in the order of cairo_tag_begin */
	struct pdf_strings elem_lang;         /* its /Lang, or "" (none: the language of its parent) */
};

/* Rewrite the bytes of a tagged PDF that cairo 1.16 wrote (classic cross-reference table,
 * objects not compressed): the catalogue gets /Lang, /ViewerPreferences <<
 * /DisplayDocTitle true >>, /Metadata (an XMP stream with dc:title, dc:language and
 * pdfuaid:part 1, added as a new object) and /PageMode /UseOutlines when there are
 * bookmarks; each structure element its /Lang (when elem_lang has one; cairo writes them
 * in the order they were begun, which is checked against elem_tag), each Figure its /Alt,
 * each link annotation its /Contents,
 * each page /Tabs /S; content that is neither tagged nor an artifact is marked as an
 * /Artifact (page furniture: rules, frames, the footer); the cross-reference table is
 * written anew (cairo 1.16 lists objects it never writes: they become free). Deterministic:
 * the same bytes and ua give the same result. Returns 0, or -1 (the bytes left as they
 * were) when the bytes do not have the form cairo writes, or its structure elements,
 * figures or links differ from ua's. */
int pdf_ua_finish(struct buf *pdf, const struct pdf_ua *ua);

/* Append s (UTF-8) as a PDF text string: a hex string of UTF-16BE with a byte order mark,
 * so that no byte of it can be read as PDF syntax; invalid UTF-8 becomes U+FFFD. */
void pdf_ua_text_string(struct buf *b, const char *s);

#endif
