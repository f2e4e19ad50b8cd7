/* yaml_write.c: the only writer of YAML text: quoted scalars, plain scalars where they read
 * back as the same text, literal blocks for texts of several lines. */
#include "yaml_write.h"

#include <string.h>

void yamlw_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7F) {
			buf_printf(b, "\\x%02X", *p);
		} else if (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			buf_adds(b, p[2] == 0xA8 ? "\\L" : "\\P");
			p += 2;
		} else if (*p == 0xC2 && p[1] == 0x85) {
			buf_adds(b, "\\N");
			p++;
		} else if (*p == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
			buf_adds(b, "\\uFEFF");
			p += 2;
		} else {
			buf_addc(b, (char)*p);
		}
	}
	buf_addc(b, '"');
}

/* 1 when s, written plain, is read back by YAML 1.2 (core schema) as the same text. */
static int plain_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (!((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z') || u[0] >= 0xc0))
		return 0;
	size_t n = strlen(s);
	if (s[n - 1] == ' ')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i];
		if (c < 0x20 || c == 0x7f || strchr(":#\"'[]{},&*!|>%@`\\", c))
			return 0;
		if ((c == 0xc2 && u[i + 1] == 0x85) ||
		    (c == 0xe2 && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9)) ||
		    (c == 0xef && u[i + 1] == 0xbb && u[i + 2] == 0xbf))
			return 0;
	}
	static const char *const words[] = {"true", "false", "null", "True", "False", "Null", "TRUE", "FALSE", "NULL"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcmp(s, words[i]))
			return 0;
	return 1;
}

void yamlw_scalar(struct buf *b, const char *s)
{
	if (plain_ok(s))
		buf_adds(b, s);
	else
		yamlw_quoted(b, s);
}

void yamlw_text(struct buf *b, const char *s, unsigned indent)
{
	/* A literal block keeps every character of every line: it needs lines that do not
	 * start with a space or tab (the indentation would change), no control characters
	 * and no characters YAML takes as line breaks. */
	int block = strchr(s, '\n') != NULL && s[0] != '\n';
	for (const char *line = s; block && *line;) {
		size_t n = strcspn(line, "\n");
		if (n && (line[0] == ' ' || line[0] == '\t' || line[n - 1] == ' '))
			block = 0;
		for (size_t i = 0; block && i < n; i++) {
			unsigned char c = (unsigned char)line[i];
			if ((c < 0x20 && c != '\t') || c == 0x7f || (c == 0xc2 && (unsigned char)line[i + 1] == 0x85) ||
			    (c == 0xe2 && (unsigned char)line[i + 1] == 0x80 &&
			     ((unsigned char)line[i + 2] == 0xa8 || (unsigned char)line[i + 2] == 0xa9)) ||
			    (c == 0xef && (unsigned char)line[i + 1] == 0xbb))
				block = 0;
		}
		line += n + (line[n] == '\n');
	}
	if (!block) {
		yamlw_scalar(b, s);
		return;
	}
	size_t len = strlen(s);
	buf_adds(b, len && s[len - 1] == '\n' ? "|" : "|-");
	for (const char *line = s; *line;) {
		size_t n = strcspn(line, "\n");
		buf_addc(b, '\n');
		if (n)
			for (unsigned i = 0; i < indent; i++)
				buf_addc(b, ' ');
		buf_add(b, line, n);
		line += n + (line[n] == '\n');
	}
}
