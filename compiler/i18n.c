/* i18n.c: the language of loket's words for people: chosen once from --lang or the
 * environment, translated through the GNU gettext catalogue (.mo) compiled into loket. */
#include "i18n.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* build/locale.c: compiler/po/<lang>.po compiled by msgfmt --check and embedded, so
 * loket speaks Dutch from the source tree, when installed, and where no nl_NL locale
 * is generated (the C library's gettext would need one). */
extern const struct embedded_file i18n_catalogues[];

static const char *const lang_names[LANG__MAX] = {"en", "nl"};

/* The chosen catalogue: a validated view of a .mo file (GNU gettext's format: a header,
 * then two tables of (length, offset) for the original and the translated strings,
 * sorted by original). */
static struct {
	enum i18n_lang lang;
	const unsigned char *mo;
	size_t len;
	uint32_t n, orig, trans;
	int swap, sorted;
} cur;

static uint32_t word(size_t off)
{
	uint32_t w;
	memcpy(&w, cur.mo + off, 4);
	if (cur.swap)
		w = (w >> 24) | ((w >> 8) & 0xff00) | ((w << 8) & 0xff0000) | (w << 24);
	return w;
}

/* String i of a table at `table`, or NULL when the entry lies outside the file or lacks
 * its terminating NUL; *n gets its length. */
static const char *entry(uint32_t table, uint32_t i, uint32_t *n)
{
	size_t at = (size_t)table + (size_t)i * 8;
	if (at + 8 > cur.len)
		return NULL;
	uint32_t len = word(at), off = word(at + 4);
	if ((size_t)off + len >= cur.len || cur.mo[(size_t)off + len] != '\0')
		return NULL;
	*n = len;
	return (const char *)cur.mo + off;
}

/* Use the .mo in data (len bytes); 0 when it is a valid catalogue, else -1 (and no catalogue). */
static int use_mo(const char *data, size_t len)
{
	cur.mo = (const unsigned char *)data;
	cur.len = len;
	cur.swap = 0;
	if (len < 28) {
		cur.mo = NULL;
		return -1;
	}
	uint32_t magic = word(0);
	if (magic != 0x950412deu) {
		cur.swap = 1;
		if (word(0) != 0x950412deu) {
			cur.mo = NULL;
			return -1;
		}
	}
	cur.n = word(8);
	cur.orig = word(12);
	cur.trans = word(16);
	cur.sorted = 1;
	const char *prev = NULL;
	for (uint32_t i = 0; i < cur.n; i++) {
		uint32_t a, b;
		const char *o = entry(cur.orig, i, &a), *t = entry(cur.trans, i, &b);
		if (o == NULL || t == NULL) {
			cur.mo = NULL;
			return -1;
		}
		if (prev && strcmp(prev, o) > 0)
			cur.sorted = 0;
		prev = o;
	}
	return 0;
}

int i18n_set(const char *lang)
{
	for (int l = 0; l < LANG__MAX; l++) {
		if (strcmp(lang, lang_names[l]) != 0)
			continue;
		cur.lang = (enum i18n_lang)l;
		cur.mo = NULL;
		char name[16];
		snprintf(name, sizeof name, "%s.mo", lang);
		for (const struct embedded_file *f = i18n_catalogues; f->name; f++)
			if (!strcmp(f->name, name))
				use_mo(f->data, f->len);
		return 0;
	}
	return -1;
}

/* The language a locale name or LANGUAGE entry means: nl, nl_NL.UTF-8, nl_BE@euro... are
 * Dutch; en... English; LANG__MAX for any other (C and POSIX included). */
static enum i18n_lang lang_of(const char *s, size_t n)
{
	for (int l = 0; l < LANG__MAX; l++)
		if (n >= 2 && !strncmp(s, lang_names[l], 2) && (n == 2 || strchr("_.@", s[2])))
			return (enum i18n_lang)l;
	return LANG__MAX;
}

void i18n_from_env(void)
{
	/* LANGUAGE is a list in order of preference: nl:en, de:nl. */
	const char *list = getenv("LANGUAGE");
	for (const char *p = list ? list : ""; *p;) {
		size_t n = strcspn(p, ":");
		enum i18n_lang l = lang_of(p, n);
		if (l != LANG__MAX) {
			i18n_set(lang_names[l]);
			return;
		}
		p += n + (p[n] == ':');
	}
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) {
			enum i18n_lang l = lang_of(v, strlen(v));
			i18n_set(lang_names[l == LANG__MAX ? LANG_EN : l]);
			return;
		}
	}
	i18n_set("en");
}

enum i18n_lang i18n_lang(void) { return cur.lang; }
const char *i18n_lang_name(void) { return lang_names[cur.lang]; }

/* The translated string of msgid (its first part, for a plural entry: the whole
 * NUL-separated translation), or NULL. */
static const char *lookup(const char *msgid, uint32_t *tlen)
{
	if (cur.mo == NULL || msgid == NULL || *msgid == '\0')
		return NULL;
	uint32_t lo = 0, hi = cur.n, n;
	while (lo < hi) {
		uint32_t mid = cur.sorted ? lo + (hi - lo) / 2 : lo;
		int c = strcmp(msgid, entry(cur.orig, mid, &n));
		if (c == 0) {
			const char *t = entry(cur.trans, mid, tlen);
			return *tlen ? t : NULL; /* an empty translation means untranslated */
		}
		if (!cur.sorted)
			lo++;
		else if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *i18n_gettext(const char *msgid)
{
	uint32_t n;
	const char *t = lookup(msgid, &n);
	return t ? t : msgid;
}

const char *i18n_ngettext(const char *one, const char *many, unsigned long count)
{
	uint32_t n;
	const char *t = lookup(one, &n);
	if (t == NULL)
		return count == 1 ? one : many;
	/* Dutch and English: "nplurals=2; plural=(n != 1);". */
	if (count == 1)
		return t;
	size_t first = strlen(t);
	return first < n ? t + first + 1 : t;
}

const char *i18n_strerror(int e)
{
	static const struct {
		int e;
		const char *text; /* as glibc says it */
	} texts[] = {
	        {ENOENT, N_("No such file or directory")},
	        {EACCES, N_("Permission denied")},
	        {ENOTDIR, N_("Not a directory")},
	        {EISDIR, N_("Is a directory")},
	        {ELOOP, N_("Too many levels of symbolic links")},
	        {ENOSPC, N_("No space left on device")},
	        {EROFS, N_("Read-only file system")},
	        {EFBIG, N_("File too large")},
	        {ENAMETOOLONG, N_("File name too long")},
	        {EIO, N_("Input/output error")},
	        {ENOMEM, N_("Cannot allocate memory")},
	};
	if (cur.lang != LANG_EN)
		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
			if (texts[i].e == e)
				return _(texts[i].text);
	return strerror(e);
}
