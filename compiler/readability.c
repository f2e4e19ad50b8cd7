/* readability.c: plain-language measures of a text: sentences, words, syllables, and the
 * Flesch-Douma (Dutch) and Flesch reading ease (English) scores. Pure functions. */
#include "readability.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum rd_lang readability_lang(const char *tag)
{
	if (tag == NULL)
		return RD_NONE;
	size_t n = strcspn(tag, "-_");
	if (n == 2 && (tag[0] | 0x20) == 'n' && (tag[1] | 0x20) == 'l')
		return RD_NL;
	if (n == 2 && (tag[0] | 0x20) == 'e' && (tag[1] | 0x20) == 'n')
		return RD_EN;
	return RD_NONE;
}

/* ---- characters ---- */

/* One code point at s (n bytes left); an invalid byte reads as itself, length 1. */
static inline size_t next_cp(const char *s, size_t n, uint32_t *cp)
{
	if ((unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	size_t k = utf8_decode((const unsigned char *)s, n, cp);
	if (k == 0) {
		*cp = (unsigned char)s[0];
		k = 1;
	}
	return k;
}

static inline int is_space(uint32_t c)
{
	if (c < 0x80)
		return c == ' ' || c == '\t' || c == '\n' || c == '\r';
	return c == 0xA0 || c == 0x2007 || c == 0x2009 || c == 0x202F || c == 0x200B || c == 0x3000;
}

/* ASCII letters and digits, without a call: most bytes of a text are ASCII. */
static inline int ascii_alpha(unsigned char b) { return (unsigned)((b | 0x20) - 'a') < 26; }
static inline int ascii_alnum(unsigned char b) { return ascii_alpha(b) || (unsigned)(b - '0') < 10; }

/* The vowels a e i o u y as bits of (letter | 0x20) - 'a'. */
#define ASCII_VOWELS (1u << 0 | 1u << 4 | 1u << 8 | 1u << 14 | 1u << 20 | 1u << 24)

static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Letters: ASCII, and every code point from U+00C0 on that is not punctuation or a symbol
 * of the common blocks (general punctuation, currency, arrows, maths, CJK punctuation). */
static inline int is_alpha(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return 0;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE00 && c <= 0xFE6F) ||
	    (c >= 0xFF00 && c <= 0xFF20) || c >= 0x1F000)
		return 0;
	return 1;
}

static inline int is_alnum(uint32_t c) { return is_alpha(c) || is_digit(c); }

static int is_upper(uint32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }

/* A vowel as its base letter (a e i o u y), with whether it carries a diaeresis; 0 otherwise. */
static char vowel_of(uint32_t c, int *diaeresis)
{
	*diaeresis = 0;
	if (c < 0x80) {
		switch (c | 0x20) {
		case 'a':
		case 'e':
		case 'i':
		case 'o':
		case 'u':
		case 'y':
			return (char)(c | 0x20);
		default:
			return 0;
		}
	}
	static const struct {
		uint32_t lo, hi;
		char base;
		uint32_t trema;
	} table[] = {
	        {0xC0, 0xC5, 'a', 0xC4}, {0xE0, 0xE5, 'a', 0xE4}, {0xC8, 0xCB, 'e', 0xCB}, {0xE8, 0xEB, 'e', 0xEB},
	        {0xCC, 0xCF, 'i', 0xCF}, {0xEC, 0xEF, 'i', 0xEF}, {0xD2, 0xD6, 'o', 0xD6}, {0xF2, 0xF6, 'o', 0xF6},
	        {0xD9, 0xDC, 'u', 0xDC}, {0xF9, 0xFC, 'u', 0xFC}, {0xDD, 0xDD, 'y', 0},    {0xFD, 0xFD, 'y', 0},
	        {0xFF, 0xFF, 'y', 0xFF},
	};
	for (size_t i = 0; i < sizeof table / sizeof *table; i++)
		if (c >= table[i].lo && c <= table[i].hi) {
			*diaeresis = c == table[i].trema;
			return table[i].base;
		}
	return 0;
}

/* ---- syllables ---- */

enum { WORD_MAX = 64 }; /* letters looked at; longer words count their first 64 letters */

/* Whether three (two) vowel bases are one nucleus in Dutch: aai ooi oei eeu ieu; aa ee oo uu ie
 * oe eu ui ei ou au ai oi ey uy ay. A switch on the letters packed, not a list of memcmp. */
#define V3(a, b, c) ((unsigned)(a) << 16 | (unsigned)(b) << 8 | (unsigned)(c))
#define V2(a, b)    ((unsigned)(a) << 8 | (unsigned)(b))
static int dutch_tri(const char *v)
{
	switch (V3(v[0], v[1], v[2])) {
	case V3('a', 'a', 'i'):
	case V3('o', 'o', 'i'):
	case V3('o', 'e', 'i'):
	case V3('e', 'e', 'u'):
	case V3('i', 'e', 'u'):
		return 1;
	default:
		return 0;
	}
}

static int dutch_di(const char *v)
{
	switch (V2(v[0], v[1])) {
	case V2('a', 'a'):
	case V2('e', 'e'):
	case V2('o', 'o'):
	case V2('u', 'u'):
	case V2('i', 'e'):
	case V2('o', 'e'):
	case V2('e', 'u'):
	case V2('u', 'i'):
	case V2('e', 'i'):
	case V2('o', 'u'):
	case V2('a', 'u'):
	case V2('a', 'i'):
	case V2('o', 'i'):
	case V2('e', 'y'):
	case V2('u', 'y'):
	case V2('a', 'y'):
		return 1;
	default:
		return 0;
	}
}
#undef V3
#undef V2

/* Vowel nuclei of a run of vowels in Dutch: the diphthongs and double vowels are one;
 * a vowel with a diaeresis starts a new one. */
static unsigned dutch_nuclei(const char *v, const char *trema, size_t n)
{
	unsigned count = 0;
	size_t k = 0;
	while (k < n) {
		size_t take = 1;
		if (k + 3 <= n && !trema[k + 1] && !trema[k + 2] && dutch_tri(v + k))
			take = 3;
		else if (k + 2 <= n && !trema[k + 1] && dutch_di(v + k))
			take = 2;
		count++;
		k += take;
	}
	return count;
}

/* English: a silent final -e, -es or -ed is not a syllable (count > 1). base and lower as in
 * readability_syllables, m letters. */
static unsigned english_ending(const char *base, const char *lower, size_t m, unsigned count)
{
	/* The last run of letters: silent -e, -es, -ed. */
	size_t end = m;
	while (end > 0 && base[end - 1] == 0)
		end--;
	const char *w = lower;
#define CONS(k) (base[k] == 'c')
	if (end >= 3 && w[end - 1] == 'e' && CONS(end - 2) && !(w[end - 2] == 'l' && end >= 3 && CONS(end - 3)))
		count--; /* make, whole; not table */
	else if (end >= 4 && w[end - 2] == 'e' && w[end - 1] == 's' && CONS(end - 3) && !strchr("sxzcg", w[end - 3]) &&
	         !(w[end - 3] == 'h' && strchr("cs", w[end - 4])) && !(w[end - 3] == 'l' && CONS(end - 4)))
		count--; /* makes, homes; not boxes, services, changes, wishes, tables */
	else if (end >= 4 && w[end - 2] == 'e' && w[end - 1] == 'd' && CONS(end - 3) && !strchr("td", w[end - 3]))
		count--; /* used, registered; not needed, wanted */
#undef CONS
	return count;
}

/* The nuclei of a run of rn vowels: one for a single vowel (most runs), without a call. */
#define RUN_NUCLEI(v, t, rn, lang) ((rn) == 1 || (lang) != RD_NL ? 1u : dutch_nuclei((v), (t), (rn)))

/* readability_syllables of a word whose first m (at most WORD_MAX) bytes are ASCII: the same
 * letters, runs and nuclei in one pass, without decoding. Returns 0 (no word has 0
 * syllables) at the first byte that is not ASCII: the caller then decodes. */
static unsigned ascii_syllables(const char *word, size_t m, enum rd_lang lang)
{
	static const char no_trema[WORD_MAX];
	char base[WORD_MAX], lower[WORD_MAX];
	int letters = 0;
	unsigned count = 0;
	size_t run = 0, rn = 0; /* the vowels since byte `run` */
	for (size_t i = 0; i < m; i++) {
		unsigned char b = (unsigned char)word[i];
		if (b >= 0x80)
			return 0;
		unsigned l = (unsigned)((b | 0x20) - 'a');
		char bs = 0, lw = 0;
		if (l < 26) {
			letters = 1;
			lw = (char)(b | 0x20);
			bs = ASCII_VOWELS >> l & 1 ? lw : 'c';
			if (bs == 'y' && lang == RD_EN && (i == 0 || base[i - 1] == 0))
				bs = 'c'; /* y starting a word (or a part after a break) is a consonant */
		}
		base[i] = bs;
		lower[i] = lw;
		if (bs && bs != 'c') {
			if (rn++ == 0)
				run = i;
		} else if (rn) {
			count += RUN_NUCLEI(base + run, no_trema, rn, lang);
			rn = 0;
		}
	}
	if (rn)
		count += RUN_NUCLEI(base + run, no_trema, rn, lang);
	if (!letters)
		return 1; /* a number, or a symbol that was read as a word */
	if (lang == RD_EN && count > 1)
		count = english_ending(base, lower, m, count);
	return count ? count : 1;
}

unsigned readability_syllables(const char *word, size_t n, enum rd_lang lang)
{
	unsigned ascii = ascii_syllables(word, n < WORD_MAX ? n : WORD_MAX, lang); /* nearly every word */
	if (ascii)
		return ascii;
	/* The letters of the word, lowercased to their base; 0 marks a non-letter (a break). */
	char base[WORD_MAX];  /* vowel base, or 'c' for a consonant, or 0 for a break */
	char lower[WORD_MAX]; /* the ASCII letter lowercased, or '?' */
	char trema[WORD_MAX];
	size_t m = 0;
	int letters = 0;
	for (size_t i = 0; i < n && m < WORD_MAX;) {
		uint32_t c;
		i += next_cp(word + i, n - i, &c);
		int tr;
		char v = vowel_of(c, &tr);
		if (v) {
			base[m] = v;
			lower[m] = v;
			letters = 1;
		} else if (is_alpha(c)) {
			base[m] = 'c';
			lower[m] = c < 0x80 ? (char)(c | 0x20) : '?';
			tr = 0;
			letters = 1;
		} else {
			base[m] = 0;
			lower[m] = 0;
			tr = 0;
		}
		trema[m] = (char)tr;
		m++;
	}
	if (!letters)
		return 1; /* a number, or a symbol that was read as a word */
	/* English: y starting a word (or a part after a break) is a consonant (yes, you). */
	if (lang == RD_EN)
		for (size_t i = 0; i < m; i++)
			if (base[i] == 'y' && (i == 0 || base[i - 1] == 0))
				base[i] = 'c';
	unsigned count = 0;
	for (size_t i = 0; i < m;) {
		if (base[i] == 0 || base[i] == 'c') {
			i++;
			continue;
		}
		size_t j = i;
		while (j < m && base[j] && base[j] != 'c')
			j++;
		count += RUN_NUCLEI(base + i, trema + i, j - i, lang);
		i = j;
	}
	if (lang == RD_EN && count > 1)
		count = english_ending(base, lower, m, count);
	return count ? count : 1;
}

/* ---- sentences ---- */

/* Abbreviations (lowercase, without the final dot). `never`: the dot never ends a
 * sentence (a name or a noun with a capital often follows); the others end one when the
 * next word starts with a capital. */
/* Fixed width: no entry is longer than 7 characters (an 8-character one would lose its NUL,
 * and strcmp against a shorter word still stops at the word's NUL), so a longer word skips
 * both lists. */
static const char abbrev_never[][8] = {"bijv",  "bv",     "o.a",   "e.g",   "i.e", "d.w.z", "m.b.t", "t.a.v", "i.p.v",
                                       "n.a.v", "i.v.m",  "m.u.v", "o.b.v", "vgl", "zgn",   "ca",    "nr",    "nrs",
                                       "art",   "tel",    "dhr",   "mevr",  "mw",  "mr",    "mrs",   "ms",    "dr",
                                       "drs",   "ir",     "ing",   "prof",  "st",  "blz",   "pag",   "p",     "pp",
                                       "vs",    "approx", "cf",    "fig",   "viz", "resp"};
static const char abbrev_may[][8] = {"enz",  "etc",  "e.d", "e.a", "z.o.z", "jl",  "a.u.b", "t.z.t",
                                     "incl", "excl", "evt", "max", "min",   "ong", "jr"};

enum abbrev { NOT_ABBREV, ABBREV_NEVER, ABBREV_MAY };

static enum abbrev abbreviation(const char *s, size_t n)
{
	char low[16];
	if (n == 0 || n >= sizeof low)
		return NOT_ABBREV;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			return NOT_ABBREV;
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	low[n] = '\0';
	if (n == 1 && low[0] >= 'a' && low[0] <= 'z')
		return ABBREV_NEVER; /* an initial: J. de Vries */
	/* The first letter first: a word is compared with few of the lists' entries. */
	for (size_t i = 0; n < sizeof *abbrev_never && i < sizeof abbrev_never / sizeof *abbrev_never; i++)
		if (abbrev_never[i][0] == low[0] && !strcmp(low, abbrev_never[i]))
			return ABBREV_NEVER;
	for (size_t i = 0; n < sizeof *abbrev_may && i < sizeof abbrev_may / sizeof *abbrev_may; i++)
		if (abbrev_may[i][0] == low[0] && !strcmp(low, abbrev_may[i]))
			return ABBREV_MAY;
	/* Letters in groups of one or two joined by dots: o.a, t.z.t, a.s */
	size_t group = 0, groups = 1;
	for (size_t i = 0; i < n; i++) {
		if (low[i] == '.') {
			if (group == 0)
				return NOT_ABBREV;
			groups++;
			group = 0;
		} else if (low[i] >= 'a' && low[i] <= 'z' && ++group <= 2) {
			continue;
		} else {
			return NOT_ABBREV;
		}
	}
	return groups >= 2 && group > 0 ? ABBREV_MAY : NOT_ABBREV;
}

struct splitter {
	const char *t;
	enum rd_lang lang;
	struct rd_text *out;
	int open;
	struct rd_sentence cur;
	int pending; /* an abbreviation that may end the sentence, if a capital follows */
};

static void close_sentence(struct splitter *sp)
{
	sp->pending = 0;
	if (!sp->open)
		return;
	struct rd_text *o = sp->out;
	o->v = xgrow(o->v, &o->cap, o->n + 1, sizeof *o->v);
	o->v[o->n++] = sp->cur;
	sp->open = 0;
}

/* The core of a token: from its first to its last letter or digit. */
struct core {
	size_t cs, ce;
	uint32_t first; /* the first letter or digit */
	int found;
};

/* One token: a run of non-space characters [s, e). `known`: its core, when the splitter
 * found it on the way (an ASCII token), else NULL. */
static void token(struct splitter *sp, size_t s, size_t e, const struct core *known)
{
	const char *t = sp->t;
	struct core core = {s, s, 0, 0};
	if (known)
		core = *known;
	for (size_t i = s; !known && i < e;) {
		uint32_t c;
		size_t k = next_cp(t + i, e - i, &c);
		if (is_alnum(c)) {
			if (!core.found) {
				core.cs = i;
				core.first = c;
			}
			core.found = 1;
			core.ce = i + k;
		}
		i += k;
	}
	size_t cs = core.cs, ce = core.ce;
	uint32_t first = core.first;
	int found = core.found;
	if (!found) {
		/* Punctuation alone ("!", "...", "-"): may end the open sentence. */
		for (size_t i = s; i < e; i++)
			if (t[i] == '.' || t[i] == '!' || t[i] == '?') {
				if (sp->open)
					sp->cur.end = e;
				close_sentence(sp);
				break;
			}
		return;
	}
	if (sp->pending) {
		sp->pending = 0;
		if (is_upper(first))
			close_sentence(sp);
	}
	if (!sp->open) {
		sp->open = 1;
		sp->cur = (struct rd_sentence){s, e, 0, 0};
	}
	unsigned syl = readability_syllables(t + cs, ce - cs, sp->lang);
	sp->cur.words++;
	sp->cur.syllables += syl;
	sp->cur.end = e;
	sp->out->words++;
	sp->out->syllables += syl;
	/* What follows the core: . ! ? or an ellipsis end the sentence, except a dot after an abbreviation. */
	int dot = 0, end = 0;
	for (size_t i = ce; i < e; i++) {
		if (t[i] == '!' || t[i] == '?')
			end = 1;
		else if (t[i] == '.')
			dot = 1;
		else if ((unsigned char)t[i] == 0xE2 && i + 2 < e && (unsigned char)t[i + 1] == 0x80 &&
		         (unsigned char)t[i + 2] == 0xA6)
			end = 1; /* … */
	}
	if (end) {
		close_sentence(sp);
	} else if (dot) {
		enum abbrev a = t[ce] == '.' ? abbreviation(t + cs, ce - cs) : NOT_ABBREV;
		/* "...enz." at the very end of the token, or "enz.)": the abbreviation decides. */
		if (a == NOT_ABBREV)
			close_sentence(sp);
		else if (a == ABBREV_MAY)
			sp->pending = 1;
	}
}

/* A list marker at the start of a line: "- ", "* ", "• ", "– ", "1. ", "1) ". Returns its
 * length with the spaces after it, or 0. */
static size_t list_marker(const char *s, size_t n)
{
	size_t k = 0;
	if (n >= 1 && (s[0] == '-' || s[0] == '*'))
		k = 1;
	else if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	         ((unsigned char)s[2] == 0xA2 || (unsigned char)s[2] == 0x93))
		k = 3; /* • or – */
	else {
		while (k < n && k < 3 && is_digit((unsigned char)s[k]))
			k++;
		if (k == 0 || k >= n || (s[k] != '.' && s[k] != ')'))
			return 0;
		k++;
	}
	if (k >= n || (s[k] != ' ' && s[k] != '\t'))
		return 0;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	return k;
}

void readability_split(const char *text, size_t n, enum rd_lang lang, struct rd_text *out)
{
	out->n = 0;
	out->words = out->syllables = 0;
	struct splitter sp = {text, lang, out, 0, {0, 0, 0, 0}, 0};
	size_t ls = 0;
	while (ls < n) {
		const char *nl = memchr(text + ls, '\n', n - ls);
		size_t le = nl ? (size_t)(nl - text) : n;
		size_t p = ls;
		while (p < le && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r'))
			p++;
		if (p == le) {
			close_sentence(&sp); /* a blank line ends a paragraph */
		} else {
			size_t m = list_marker(text + p, le - p);
			if (m) {
				close_sentence(&sp); /* every list item is a sentence of its own */
				p += m;
			}
			while (p < le) {
				uint32_t c;
				size_t k = next_cp(text + p, le - p, &c);
				if (is_space(c)) {
					p += k;
					continue;
				}
				size_t s = p;
				struct core core = {s, s, 0, 0};
				int ascii = 1;
				while (p < le) {
					unsigned char b = (unsigned char)text[p];
					if (b < 0x80) { /* ASCII: a space ends the token ('\n' ended the line) */
						if (b == ' ' || b == '\t' || b == '\r')
							break;
						if (ascii_alnum(b)) { /* the core on the way */
							if (!core.found) {
								core.cs = p;
								core.first = b;
								core.found = 1;
							}
							core.ce = p + 1;
						}
						p++;
						continue;
					}
					ascii = 0;
					k = next_cp(text + p, le - p, &c);
					if (is_space(c))
						break;
					p += k;
				}
				token(&sp, s, p, ascii ? &core : NULL);
			}
		}
		ls = le + 1;
	}
	close_sentence(&sp);
}

void readability_text_free(struct rd_text *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

double readability_score(enum rd_lang lang, unsigned words, unsigned sentences, unsigned syllables)
{
	if (words == 0 || sentences == 0)
		return 0;
	double wps = (double)words / (double)sentences, spw = (double)syllables / (double)words;
	if (lang == RD_EN)
		return 206.835 - 1.015 * wps - 84.6 * spw;
	return 206.84 - 0.77 * (100.0 * spw) - 0.93 * wps;
}

/* ---- the fields of a service ---- */

static const char *const field_names[RD__FIELDS] = {"summary", "description", "conditions", "steps"};

const char *readability_field_name(enum rd_field f) { return f < RD__FIELDS ? field_names[f] : "?"; }

/* Every text of the scored fields, in order: the service's language first, then each
 * translation (not one into the service's own language: CON003 reports that). */
static void texts_of_language(const struct node *map, const char *lang, rd_text_fn fn, void *ctx)
{
	enum rd_lang rl = readability_lang(lang);
	if (rl == RD_NONE || map == NULL || map->kind != NODE_MAP)
		return;
	for (int f = 0; f < RD__FIELDS; f++) {
		const struct node *v = node_get(map, field_names[f]);
		if (v == NULL)
			continue;
		if (f == RD_SUMMARY || f == RD_DESCRIPTION) {
			if (v->kind == NODE_STR)
				fn(ctx, lang, rl, (enum rd_field)f, v, v);
			continue;
		}
		for (size_t i = 0; v->kind == NODE_SEQ && i < v->n; i++) {
			const struct node *item = v->kids[i];
			const struct node *parts[2] = {item, NULL};
			if (f == RD_STEPS) {
				parts[0] = node_get(item, "title");
				parts[1] = node_get(item, "text");
			}
			for (int k = 0; k < 2; k++)
				if (parts[k] && parts[k]->kind == NODE_STR)
					fn(ctx, lang, rl, (enum rd_field)f, v, parts[k]);
		}
	}
}

void readability_texts(const struct node *root, const char *language, rd_text_fn fn, void *ctx)
{
	texts_of_language(root, language, fn, ctx);
	const struct node *tr = node_get(root, "translations");
	size_t own = language ? strcspn(language, "-") : 0;
	for (size_t i = 0; tr && tr->kind == NODE_MAP && i < tr->n; i++) {
		const char *key = NODE_KEY(tr, i)->str;
		if (language && strcspn(key, "-") == own && !strncmp(key, language, own))
			continue;
		texts_of_language(NODE_VAL(tr, i), key, fn, ctx);
	}
}

struct measure {
	struct rd_field_stats *v;
	size_t n, cap;
	struct rd_text t;
	rd_piece_fn fn;
	void *ctx;
};

static void finish(struct measure *m)
{
	if (m->n == 0)
		return;
	struct rd_field_stats *f = &m->v[m->n - 1];
	if (f->words == 0)
		m->n--; /* a field without words is left out */
	else
		f->score = readability_score(f->rl, f->words, f->sentences, f->syllables);
}

static void measure_text(void *ctx, const char *lang, enum rd_lang rl, enum rd_field field,
                         const struct node *field_node, const struct node *text)
{
	struct measure *m = ctx;
	struct rd_field_stats *f = m->n ? &m->v[m->n - 1] : NULL;
	if (f == NULL || f->node != field_node) {
		finish(m);
		m->v = xgrow(m->v, &m->cap, m->n + 1, sizeof *m->v);
		f = &m->v[m->n++];
		*f = (struct rd_field_stats){lang, rl, field, field_node, 0, 0, 0, 0, 0};
	}
	readability_split(text->str, text->len, rl, &m->t);
	f->words += m->t.words;
	f->syllables += m->t.syllables;
	f->sentences += (unsigned)m->t.n;
	for (size_t i = 0; i < m->t.n; i++)
		if (m->t.v[i].words > f->longest)
			f->longest = m->t.v[i].words;
	if (m->fn)
		m->fn(m->ctx, f, text, &m->t);
}

struct rd_field_stats *readability_service(const struct node *root, const char *language, rd_piece_fn fn, void *ctx,
                                           size_t *n)
{
	struct measure m = {NULL, 0, 0, {0}, fn, ctx};
	readability_texts(root, language, measure_text, &m);
	finish(&m);
	readability_text_free(&m.t);
	*n = m.n;
	return m.v;
}

/* ---- positions inside a scalar ---- */

static int src_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void readability_source_init(struct rd_source *s, const char *src, size_t len)
{
	memset(s, 0, sizeof *s);
	s->src = src;
	s->len = len;
	size_t cap = 0;
	for (size_t b = 0;;) {
		s->lines = xgrow(s->lines, &cap, s->nlines + 1, sizeof *s->lines);
		s->lines[s->nlines++] = b;
		const char *nl = b < len ? memchr(src + b, '\n', len - b) : NULL;
		if (nl == NULL)
			break;
		b = (size_t)(nl - src) + 1;
	}
}

void readability_source_free(struct rd_source *s)
{
	free(s->lines);
	memset(s, 0, sizeof *s);
}

/* Move the cursor to byte `to`, counting lines and columns (code points). */
static void advance(struct rd_source *s, size_t to)
{
	for (; s->i < to && s->i < s->len; s->i++) {
		unsigned char b = (unsigned char)s->src[s->i];
		if (b == '\n') {
			s->line++;
			s->col = 1;
		} else if ((b & 0xC0) != 0x80) {
			s->col++;
		}
	}
}

/* Put the cursor on the first character of a scalar's text. */
static int start_text(struct rd_source *s, struct pos at, const char *value)
{
	s->value = value;
	s->at = at;
	s->v = 0;
	s->quote = 0;
	s->bad = 1;
	if (at.line == 0 || at.col == 0 || at.line > s->nlines)
		return -1;
	/* The node's first byte: from the previous node when it is earlier on the same line
	 * (many items of one long line stay linear), else from the start of its line. */
	if (s->node_line == at.line && s->node_col <= at.col && s->node_col) {
		s->i = s->node_byte;
		s->col = s->node_col;
	} else {
		s->i = s->lines[at.line - 1];
		s->col = 1;
	}
	s->line = at.line;
	while (s->col < at.col) {
		if (s->i >= s->len || s->src[s->i] == '\n')
			return -1;
		advance(s, s->i + 1);
		while (s->i < s->len && ((unsigned char)s->src[s->i] & 0xC0) == 0x80)
			s->i++;
	}
	if (s->i >= s->len)
		return -1;
	s->node_line = at.line;
	s->node_col = at.col;
	s->node_byte = s->i;
	char c = s->src[s->i];
	if (c == '|' || c == '>') {
		const char *nl = memchr(s->src + s->i, '\n', s->len - s->i); /* the header: indicators, a comment */
		if (nl == NULL)
			return -1;
		advance(s, (size_t)(nl - s->src) + 1);
	} else if (c == '"' || c == '\'') {
		s->quote = c;
		advance(s, s->i + 1);
	}
	s->bad = 0;
	return 0;
}

int readability_source_locate(struct rd_source *s, struct pos at, const char *value, size_t offset, unsigned *line,
                              unsigned *col)
{
	if (s->src == NULL || value == NULL)
		return -1;
	if (s->value != value || s->at.line != at.line || s->at.col != at.col || offset < s->v)
		start_text(s, at, value);
	if (s->bad)
		return -1;
	/* Walk the value and the source together; white space may differ (folding, indentation). */
	const char *src = s->src;
	while (s->v < offset) {
		if (src_space(value[s->v])) {
			s->v++;
			continue;
		}
		while (s->i < s->len && src_space(src[s->i]))
			advance(s, s->i + 1);
		if (s->i >= s->len)
			goto bad;
		if (s->quote == '\'' && src[s->i] == '\'' && s->i + 1 < s->len && src[s->i + 1] == '\'' &&
		    value[s->v] == '\'') {
			advance(s, s->i + 2);
			s->v++;
			continue;
		}
		if (s->quote == '"' && src[s->i] == '\\') {
			if (s->i + 1 < s->len &&
			    (src[s->i + 1] == '"' || src[s->i + 1] == '\\' || src[s->i + 1] == '/') &&
			    value[s->v] == src[s->i + 1]) {
				advance(s, s->i + 2);
				s->v++;
				continue;
			}
			goto bad; /* other escapes: give up rather than guess */
		}
		if (src[s->i] != value[s->v])
			goto bad;
		advance(s, s->i + 1);
		s->v++;
	}
	while (s->i < s->len && src_space(src[s->i]))
		advance(s, s->i + 1);
	*line = s->line;
	*col = s->col;
	return 0;
bad:
	s->bad = 1;
	return -1;
}

int readability_locate(const char *src, size_t srclen, struct pos at, const char *value, size_t offset, unsigned *line,
                       unsigned *col)
{
	if (src == NULL)
		return -1;
	struct rd_source s;
	readability_source_init(&s, src, srclen);
	int rc = readability_source_locate(&s, at, value, offset, line, col);
	readability_source_free(&s);
	return rc;
}

void readability_estimate(struct pos at, const char *value, size_t offset, unsigned *line, unsigned *col)
{
	const char *nl = memchr(value, '\n', strlen(value));
	if (nl == NULL) {
		*line = at.line;
		*col = at.col + (unsigned)utf8_count(value, offset);
		return;
	}
	unsigned newlines = 0;
	size_t line_start = 0;
	for (size_t k = 0; k < offset; k++)
		if (value[k] == '\n') {
			newlines++;
			line_start = k + 1;
		}
	*line = at.line + 1 + newlines; /* a block scalar: its text starts on the line after the indicator */
	*col = 1 + (unsigned)utf8_count(value + line_start, offset - line_start);
}
