/* html.c: the only writer of HTML bytes: text and attributes are escaped by construction,
 * and only http(s) and mailto/tel URLs ever become links. */
#include "html.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void html_textn(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_add(b, s + start, i - start);
		buf_adds(b, rep);
		start = i + 1;
	}
	buf_add(b, s + start, n - start);
}

void html_text(struct buf *b, const char *s) { html_textn(b, s, strlen(s)); }

void html_raw(struct buf *b, const char *markup) { buf_adds(b, markup); }

void html_printf(struct buf *b, const char *fmt, ...)
{
	/* Walk the format: literal parts are loket's own markup; each %s is escaped. */
	va_list ap;
	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (p[0] != '%') {
			buf_addc(b, *p);
			continue;
		}
		p++;
		switch (*p) {
		case 's':
			html_text(b, va_arg(ap, const char *));
			break;
		case 'd':
			buf_printf(b, "%d", va_arg(ap, int));
			break;
		case 'z':
			if (p[1] == 'u')
				p++;
			buf_printf(b, "%zu", va_arg(ap, size_t));
			break;
		case 'f':
			buf_printf(b, "%.1f", va_arg(ap, double));
			break;
		case '%':
			buf_addc(b, '%');
			break;
		default:
			die("html_printf: unsupported conversion %%%c", *p);
		}
	}
	va_end(ap);
}

int html_url_is_safe(const char *url)
{
	while (*url && isspace((unsigned char)*url))
		url++;
	static const char *const schemes[] = {"https://", "http://", "mailto:", "tel:"};
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
		if (!strncasecmp(url, schemes[i], strlen(schemes[i])))
			return strpbrk(url, "\t\n\r") == NULL;
	return 0;
}

void html_rich_text(struct buf *b, const char *text, const char *lang_attr)
{
	if (text == NULL)
		return;
	const char *s = text;
	int in_list = 0, in_para = 0;
	while (*s) {
		size_t n = strcspn(s, "\n");
		const char *line = s;
		s += n + (s[n] == '\n');
		while (n && (*line == ' ')) {
			line++;
			n--;
		}
		if (n == 0) {
			if (in_para)
				html_raw(b, "</p>");
			if (in_list)
				html_raw(b, "</ul>");
			in_para = in_list = 0;
			continue;
		}
		if (n >= 2 && line[0] == '-' && line[1] == ' ') {
			if (in_para)
				html_raw(b, "</p>");
			in_para = 0;
			if (!in_list)
				html_raw(b, "<ul>");
			in_list = 1;
			html_raw(b, "<li>");
			html_textn(b, line + 2, n - 2);
			html_raw(b, "</li>");
			continue;
		}
		if (in_list)
			html_raw(b, "</ul>");
		in_list = 0;
		if (!in_para) {
			if (lang_attr)
				html_printf(b, "<p lang=\"%s\">", lang_attr);
			else
				html_raw(b, "<p>");
		} else {
			html_raw(b, " ");
		}
		in_para = 1;
		html_textn(b, line, n);
	}
	if (in_para)
		html_raw(b, "</p>");
	if (in_list)
		html_raw(b, "</ul>");
}
