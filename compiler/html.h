/* html.h: the only writer of HTML bytes: text and attributes are escaped by construction,
 * and only http(s) and mailto/tel URLs ever become links. */
#ifndef LOKET_HTML_H
#define LOKET_HTML_H

#include "util.h"

/* Append text, escaping &, <, >, " and '. */
void html_text(struct buf *b, const char *s);
void html_textn(struct buf *b, const char *s, size_t n);
/* Append fixed markup written by loket itself (never agency text). */
void html_raw(struct buf *b, const char *markup);
/* printf into the markup; every %s argument is escaped as text. */
void html_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether a URL may become a link: https://, http://, mailto: or tel:, after trimming
 * and ignoring case; javascript:, data: and everything else may not. */
int html_url_is_safe(const char *url);

/* Plain text of the standard as HTML: paragraphs split by blank lines (<p>, with lang
 * when lang_attr is given), "- " lines as a bullet list (<ul><li>). NULL writes nothing. */
void html_rich_text(struct buf *b, const char *text, const char *lang_attr);

#endif
