/* vocab.c: the vocabularies of the standard (products, life events, languages, SDG codes)
 * as lookup tables. */
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static void bad(struct msgq *q, const struct node *at, const char *what, int *rc)
{
	msg_emit(q, MSG_SCM004, at->pos, _(what)); /* xgettext: -kbad:3 (tests/po/run.sh) */
	*rc = -1;
}

static const struct node *entries(const struct standard *st, const char *name, const char *key, struct msgq *q, int *rc)
{
	const struct node *doc = standard_vocabulary(st, name);
	if (doc == NULL) {
		struct buf b = {0};
		buf_printf(&b, _("the standard has no vocabularies/%s.yaml"), name);
		msg_emit(q, MSG_SCM004, ((struct pos){"schemas/vocabularies", 0, 0}), b.p);
		buf_free(&b);
		*rc = -1;
		return NULL;
	}
	const struct node *list = node_get(doc, key);
	if (list == NULL || list->kind != NODE_SEQ) {
		struct buf b = {0};
		buf_printf(&b, _("vocabularies/%s.yaml needs '%s': a list"), name, key);
		bad(q, doc, b.p, rc);
		buf_free(&b);
		return NULL;
	}
	return list;
}

static void load_products(struct vocab *v, const struct standard *st, struct msgq *q, int *rc)
{
	const struct node *list = entries(st, "products", "entries", q, rc);
	if (list == NULL)
		return;
	v->products = xcalloc(list->n, sizeof *v->products);
	for (size_t i = 0; i < list->n; i++) {
		const struct node *e = list->kids[i];
		struct product *p = &v->products[v->nproducts];
		p->name = node_get_str(e, "name");
		p->uri = node_get_str(e, "uri");
		if (p->name == NULL || p->uri == NULL) {
			bad(q, e, "a product needs a 'name' and a 'uri'", rc);
			continue;
		}
		const struct node *layers = node_get(e, "layers");
		for (size_t k = 0; layers && layers->kind == NODE_SEQ && k < layers->n; k++) {
			const char *l = layers->kids[k]->str;
			p->layers |= !strcmp(l, "rijk")         ? LAYER_RIJK
			             : !strcmp(l, "provincie")  ? LAYER_PROVINCIE
			             : !strcmp(l, "waterschap") ? LAYER_WATERSCHAP
			             : !strcmp(l, "gemeente")   ? LAYER_GEMEENTE
			                                        : 0;
		}
		const struct node *aud = node_get(e, "audience");
		for (size_t k = 0; aud && aud->kind == NODE_SEQ && k < aud->n; k++) {
			p->citizen |= !strcmp(aud->kids[k]->str, "citizen");
			p->business |= !strcmp(aud->kids[k]->str, "business");
		}
		const struct node *areas = node_get(e, "information_areas");
		p->ninformation_areas = areas && areas->kind == NODE_SEQ ? areas->n : 0;
		p->annex_ii = node_get_str(e, "annex_ii");
		if (hmap_put(&v->by_name, p->name, strlen(p->name), p))
			bad(q, e, "a product name appears twice in the product vocabulary", rc);
		hmap_put(&v->by_uri, p->uri, strlen(p->uri), p);
		v->nproducts++;
	}
}

/* The literal text every match of a pattern starts with, for the index: after a leading
 * \b, letters, digits, spaces and escaped punctuation, lowercased, up to the first other
 * construct (a character made optional by ? * or {} is left out). None (0) when the
 * pattern does not start with \b and a letter or digit, or has an alternation at its top
 * level, or when a character outside ASCII comes first. */
static const char *scan_pattern(const char *p, int want, size_t *bars, size_t nbars, size_t *nbar);

static size_t literal_prefix(const char *p, char *out, size_t cap)
{
	size_t nbar;
	if (strncmp(p, "\\b", 2) != 0 || scan_pattern(p, 0, NULL, 0, &nbar) == NULL)
		return 0;
	p += 2;
	size_t n = 0;
	while (*p && n + 1 < cap) {
		char c = p[0];
		size_t len = 1;
		if (c == '\\' && p[1] && strchr(".-/'\\ ", p[1])) {
			c = p[1];
			len = 2;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
		             c == '-' || c == '\'')) {
			break;
		}
		if (n == 0 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9'))
			break;
		const char *next = p + len;
		if (*next == '?' || *next == '*' || *next == '{')
			break;
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		p = next;
		if (*next == '+')
			break;
	}
	out[n] = '\0';
	return n;
}

static uint32_t key3(const char *s);
static unsigned key_bit(uint32_t k);

/* Reads a pattern from p, escapes and classes skipped, groups counted; the offsets of the '|'
 * at depth `want` go to bars. want 0: returns the end, or NULL at a '|' beyond nbars. want 1
 * (p at a '('): returns the ')' that closes it, or NULL (no such ')', or a '|' beyond nbars). */
static const char *scan_pattern(const char *p, int want, size_t *bars, size_t nbars, size_t *nbar)
{
	int depth = 0, in_class = 0;
	*nbar = 0;
	for (const char *q = p; *q; q++) {
		if (*q == '\\' && q[1]) {
			q++;
		} else if (in_class) {
			in_class = *q != ']';
		} else if (*q == '[') {
			in_class = 1;
		} else if (*q == '(') {
			depth++;
		} else if (*q == ')') {
			if (--depth == 0 && want == 1)
				return q;
		} else if (*q == '|' && depth == want) {
			if (*nbar == nbars)
				return NULL;
			bars[(*nbar)++] = (size_t)(q - p);
		}
	}
	return want == 1 ? NULL : p + strlen(p);
}

enum { ALT_MAX = 8 };

/* The literal prefixes of a pattern that starts with a group of alternatives, \b(a|b|c) or
 * \b(?:a|b|c), every match of which starts with one of them: each alternative's literal
 * prefix (literal_prefix of \b and the alternative) into out. Returns their number, or 0 when
 * the pattern has another shape, the group may be left out (? * {), there is an alternation
 * outside it, or an alternative has fewer than three literal characters. */
static size_t alternation_prefixes(const char *p, char out[][24], size_t *lens)
{
	if (strncmp(p, "\\b(", 3) != 0)
		return 0;
	const char *open = p + 2, *body = open + 1;
	if (body[0] == '?') {
		if (body[1] != ':')
			return 0; /* (?i) (?= ...: not a plain group */
		body += 2;
	}
	size_t bars[ALT_MAX], nbar, top;
	const char *close = scan_pattern(open, 1, bars, ALT_MAX - 1, &nbar);
	if (close == NULL || nbar == 0 || close[1] == '?' || close[1] == '*' || close[1] == '{' ||
	    scan_pattern(p, 0, NULL, 0, &top) == NULL) /* an alternation at the top level, outside the group */
		return 0;
	size_t n = 0;
	const char *from = body;
	for (size_t i = 0; i <= nbar; i++) {
		const char *to = i < nbar ? open + bars[i] : close;
		struct buf alt = {0};
		buf_printf(&alt, "\\b%.*s", (int)(to - from), from);
		lens[n] = literal_prefix(alt.p, out[n], sizeof out[n]);
		buf_free(&alt);
		if (lens[n++] < 3)
			return 0;
		from = to + 1;
	}
	return n;
}

/* Index a phrase under a prefix: its key and the bit of that key. */
static void add_key(struct vocab *v, enum rd_lang rl, size_t phrase, const char *prefix, size_t nprefix)
{
	v->plain_keys[rl] = xrealloc(v->plain_keys[rl], (v->nplain_keys[rl] + 1) * sizeof *v->plain_keys[rl]);
	struct plain_key *k = &v->plain_keys[rl][v->nplain_keys[rl]++];
	*k = (struct plain_key){key3(prefix), phrase, {0}, nprefix};
	memcpy(k->prefix, prefix, nprefix);
	unsigned bit = key_bit(k->key);
	v->plain_bits[rl][bit >> 6] |= 1ull << (bit & 63);
}

static uint32_t key3(const char *s)
{
	uint32_t k = 0;
	for (int i = 0; i < 3; i++) {
		unsigned char c = (unsigned char)s[i];
		k = k << 8 | (c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	return k;
}

/* The bit of a key in plain_bits (4,096 bits). */
static unsigned key_bit(uint32_t k) { return (k * 2654435761u) >> 20; }

static int key_cmp(const void *a, const void *b)
{
	const struct plain_key *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->phrase < y->phrase ? -1 : x->phrase > y->phrase;
}

/* vocabularies/plain-language.yaml (optional): officialese with its plain alternative. Every
 * pattern is compiled once here. Per language the phrases are indexed by the first three
 * letters of their literal prefix, so that a text is read once: only where a word starts
 * with such a prefix does a pattern run (anchored there); the few patterns without a
 * prefix are searched through the text. */
static void load_plain(struct vocab *v, const struct standard *st, struct msgq *q, int *rc)
{
	const struct node *doc = standard_vocabulary(st, "plain-language");
	if (doc == NULL)
		return;
	const struct node *list = node_get(doc, "entries");
	if (list == NULL || list->kind != NODE_SEQ) {
		bad(q, doc, "vocabularies/plain-language.yaml needs 'entries': a list", rc);
		return;
	}
	v->phrases = xcalloc(list->n ? list->n : 1, sizeof *v->phrases);
	for (size_t i = 0; i < list->n; i++) {
		const struct node *e = list->kids[i];
		const char *pattern = node_get_str(e, "pattern"), *suggestion = node_get_str(e, "suggestion");
		const char *lang = node_get_str(e, "language");
		if (pattern == NULL || suggestion == NULL || lang == NULL) {
			bad(q, e, "a plain-language entry needs 'pattern', 'suggestion' and 'language'", rc);
			continue;
		}
		enum rd_lang rl = !strcmp(lang, "nl") ? RD_NL : !strcmp(lang, "en") ? RD_EN : RD_NONE;
		if (rl == RD_NONE) {
			bad(q, node_get(e, "language"), "the language of a plain-language entry is nl or en", rc);
			continue;
		}
		char err[256];
		struct regex *re = regex_compile(pattern, REGEX_PCRE, err, sizeof err);
		struct buf anchored = {0};
		buf_printf(&anchored, "\\G(?:%s)", pattern);
		struct regex *at = re ? regex_compile(anchored.p, REGEX_PCRE, err, sizeof err) : NULL;
		buf_free(&anchored);
		if (re == NULL || at == NULL) {
			struct buf b = {0};
			buf_printf(&b, _("plain-language: the pattern '%s' is not a valid regular expression: %s"),
			           pattern, err);
			bad(q, node_get(e, "pattern"), b.p, rc);
			buf_free(&b);
			regex_free(re);
			continue;
		}
		struct plain_phrase *p = &v->phrases[v->nphrases];
		*p = (struct plain_phrase){pattern, suggestion, rl, re, at, {0}, 0};
		p->nprefix = literal_prefix(pattern, p->prefix, sizeof p->prefix);
		char alts[ALT_MAX][24];
		size_t alt_lens[ALT_MAX], nalts = p->nprefix >= 3 ? 0 : alternation_prefixes(pattern, alts, alt_lens);
		if (p->nprefix >= 3) {
			add_key(v, rl, v->nphrases, p->prefix, p->nprefix);
		} else if (nalts) { /* a key per alternative: not searched through every text */
			p->nprefix = alt_lens[0];
			memcpy(p->prefix, alts[0], sizeof p->prefix);
			for (size_t k = 0; k < nalts; k++)
				add_key(v, rl, v->nphrases, alts[k], alt_lens[k]);
		} else {
			p->nprefix = 0;
			v->plain_scan[rl] =
			        xrealloc(v->plain_scan[rl], (v->nplain_scan[rl] + 1) * sizeof *v->plain_scan[rl]);
			v->plain_scan[rl][v->nplain_scan[rl]++] = v->nphrases;
		}
		v->nphrases++;
	}
	for (int l = 0; l < RD_NONE; l++)
		if (v->nplain_keys[l])
			qsort(v->plain_keys[l], v->nplain_keys[l], sizeof *v->plain_keys[l], key_cmp);
}

/* A list of {<key>: code, ...} entries into a set keyed by code, the entry as value. */
static void load_codes(struct hmap *set, const struct node *list, const char *key, struct msgq *q, int *rc)
{
	for (size_t i = 0; list && i < list->n; i++) {
		const char *code = node_get_str(list->kids[i], key);
		if (code == NULL) {
			struct buf b = {0};
			buf_printf(&b, _("a vocabulary entry needs '%s'"), key);
			bad(q, list->kids[i], b.p, rc);
			buf_free(&b);
			continue;
		}
		hmap_put(set, code, strlen(code), (void *)list->kids[i]);
	}
}

int vocab_load(struct vocab *v, const struct standard *st, struct msgq *q)
{
	memset(v, 0, sizeof *v);
	int rc = 0;
	load_products(v, st, q, &rc);
	const struct node *events = entries(st, "life-events", "entries", q, &rc);
	load_codes(&v->life_events, events, "id", q, &rc);
	v->life_event_ids = xcalloc(events ? events->n + 1 : 1, sizeof *v->life_event_ids);
	for (size_t i = 0; events && i < events->n; i++)
		if (node_get_str(events->kids[i], "id"))
			v->life_event_ids[v->nlife_events++] = node_get_str(events->kids[i], "id");
	load_codes(&v->languages, entries(st, "languages", "entries", q, &rc), "code", q, &rc);
	load_codes(&v->annex_ii, entries(st, "sdg", "annex_ii", q, &rc), "code", q, &rc);
	load_codes(&v->information_areas, entries(st, "sdg", "information_areas", q, &rc), "code", q, &rc);
	load_plain(v, st, q, &rc);
	if (standard_vocabulary(st, "search-synonyms"))
		v->synonyms = entries(st, "search-synonyms", "entries", q, &rc);
	return rc;
}

_Static_assert((int)UPL_RIJK == (int)LAYER_RIJK && (int)UPL_PROVINCIE == (int)LAYER_PROVINCIE &&
                       (int)UPL_WATERSCHAP == (int)LAYER_WATERSCHAP && (int)UPL_GEMEENTE == (int)LAYER_GEMEENTE,
               "the UPL layer bits are the vocabulary's");

const char *vocab_annex_ii(void *ctx, const char *name, const char *uri)
{
	const struct vocab *v = ctx;
	const struct product *p = name ? hmap_get(&v->by_name, name, strlen(name)) : NULL;
	if (p == NULL && uri)
		p = hmap_get(&v->by_uri, uri, strlen(uri));
	return p ? p->annex_ii : NULL;
}

void vocab_use_upl(struct vocab *v, struct upl *u)
{
	struct product *ps = xcalloc(u->n ? u->n : 1, sizeof *ps);
	for (size_t i = 0; i < u->n; i++) {
		const struct upl_product *up = &u->v[i];
		ps[i] = (struct product){up->name,
		                         up->uri,
		                         up->layers,
		                         up->citizen,
		                         up->business,
		                         up->nsdg,
		                         vocab_annex_ii(v, up->name, up->uri)};
	}
	free(v->products);
	hmap_free(&v->by_name);
	hmap_free(&v->by_uri);
	memset(&v->by_name, 0, sizeof v->by_name);
	memset(&v->by_uri, 0, sizeof v->by_uri);
	v->products = ps;
	v->nproducts = u->n;
	for (size_t i = 0; i < u->n; i++) {
		hmap_put(&v->by_name, ps[i].name, strlen(ps[i].name), &ps[i]);
		hmap_put(&v->by_uri, ps[i].uri, strlen(ps[i].uri), &ps[i]); /* the first product of a URI */
	}
	if (v->upl) {
		upl_free(v->upl);
		free(v->upl);
	}
	v->upl = u;
}

static int prefix_equal(const char *text, const char *prefix, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c) != prefix[i])
			return 0;
	}
	return 1;
}

/* ASCII word characters, one load a byte: 1 a letter or digit, 2 '_' (\w without Unicode). */
static const unsigned char word_class[256] = {
        ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
        ['9'] = 1, ['a'] = 1, ['A'] = 1, ['b'] = 1, ['B'] = 1, ['c'] = 1, ['C'] = 1, ['d'] = 1, ['D'] = 1,
        ['e'] = 1, ['E'] = 1, ['f'] = 1, ['F'] = 1, ['g'] = 1, ['G'] = 1, ['h'] = 1, ['H'] = 1, ['i'] = 1,
        ['I'] = 1, ['j'] = 1, ['J'] = 1, ['k'] = 1, ['K'] = 1, ['l'] = 1, ['L'] = 1, ['m'] = 1, ['M'] = 1,
        ['n'] = 1, ['N'] = 1, ['o'] = 1, ['O'] = 1, ['p'] = 1, ['P'] = 1, ['q'] = 1, ['Q'] = 1, ['r'] = 1,
        ['R'] = 1, ['s'] = 1, ['S'] = 1, ['t'] = 1, ['T'] = 1, ['u'] = 1, ['U'] = 1, ['v'] = 1, ['V'] = 1,
        ['w'] = 1, ['W'] = 1, ['x'] = 1, ['X'] = 1, ['y'] = 1, ['Y'] = 1, ['z'] = 1, ['Z'] = 1, ['_'] = 2};

static int ascii_word_char(unsigned char c) { return word_class[c] != 0; }

/* Whether the character before byte p of text is a letter or digit (\b with Unicode
 * properties, as the patterns are compiled). */
static int word_before(const char *text, size_t p)
{
	if (p == 0)
		return 0;
	unsigned char b = (unsigned char)text[p - 1];
	if (b < 0x80)
		return word_class[b] != 0;
	size_t s = p - 1;
	while (s > 0 && p - s < 4 && ((unsigned char)text[s] & 0xC0) == 0x80)
		s--;
	uint32_t cp;
	if (utf8_decode((const unsigned char *)text + s, p - s, &cp) != p - s)
		return 1;
	return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF) &&
	       !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFE00 && cp <= 0xFE6F) && !(cp >= 0xFF00 && cp <= 0xFF20);
}

const struct plain_phrase *vocab_plain_search(const struct vocab *v, enum rd_lang lang, const char *text, size_t n,
                                              size_t offset, size_t *start, size_t *end)
{
	if (lang >= RD_NONE || v->nphrases == 0)
		return NULL;
	/* The phrases without a prefix: the earliest match of any (the first in order on a tie). */
	size_t best = SIZE_MAX, bs = SIZE_MAX, be = 0, s, e;
	for (size_t i = 0; i < v->nplain_scan[lang]; i++) {
		const struct plain_phrase *p = &v->phrases[v->plain_scan[lang][i]];
		if (regex_search_utf8(p->re, text, n, offset, &s, &e) == REGEX_MATCH && s < bs) {
			best = v->plain_scan[lang][i];
			bs = s;
			be = e;
		}
	}
	/* The indexed phrases, at each word start before that. */
	const struct plain_key *keys = v->plain_keys[lang];
	size_t nkeys = v->nplain_keys[lang];
	for (size_t p = offset; nkeys && p + 3 <= n && p <= bs; p++) {
		if (!(word_class[(unsigned char)text[p]] & 1))
			continue;
		int starts = !word_before(text, p);
		/* The rest of this run of ASCII letters, digits and '_' starts no word. */
		size_t q = p + 1;
		while (q < n && ascii_word_char((unsigned char)text[q]))
			q++;
		size_t at = p;
		p = q - 1;
		if (!starts)
			continue;
		uint32_t k = key3(text + at);
		unsigned bit = key_bit(k);
		if (!(v->plain_bits[lang][bit >> 6] >> (bit & 63) & 1))
			continue;
		size_t lo = 0, hi = nkeys;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (keys[mid].key < k)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < nkeys && keys[lo].key == k; lo++) {
			const struct plain_phrase *ph = &v->phrases[keys[lo].phrase];
			if (at == bs && keys[lo].phrase > best)
				break; /* a phrase without a prefix matches here, and comes first */
			if (at + keys[lo].nprefix > n || !prefix_equal(text + at, keys[lo].prefix, keys[lo].nprefix))
				continue;
			if (regex_search_utf8(ph->at, text, n, at, &s, &e) == REGEX_MATCH) {
				*start = at;
				*end = e;
				return ph;
			}
		}
	}
	if (best == SIZE_MAX)
		return NULL;
	*start = bs;
	*end = be;
	return &v->phrases[best];
}

const struct product *vocab_product(const struct vocab *v, const char *s)
{
	if (s == NULL)
		return NULL;
	const struct product *p = hmap_get(&v->by_name, s, strlen(s));
	return p ? p : hmap_get(&v->by_uri, s, strlen(s));
}

size_t vocab_nearest_products(const struct vocab *v, const char *s, const char **out, size_t n)
{
	/* One pass over the list, each name compared once (edit_distance gives up early when the
	 * lengths differ by more than the cap); the best n kept in order of distance, then of the
	 * list. Once n are found the cap shrinks to the worst kept. Names longer than any product
	 * name get no suggestion. */
	size_t len = strlen(s), cap = len / 3 + 1, found = 0, dist[8];
	if (cap > 4)
		cap = 4;
	if (n > sizeof dist / sizeof *dist)
		n = sizeof dist / sizeof *dist;
	if (len > 256 || n == 0)
		return 0;
	for (size_t i = 0; i < v->nproducts; i++) {
		size_t d = edit_distance(s, v->products[i].name, cap);
		if (d > cap || (found == n && d >= dist[n - 1]))
			continue;
		size_t k = found < n ? found++ : n - 1;
		while (k > 0 && dist[k - 1] > d) {
			dist[k] = dist[k - 1];
			out[k] = out[k - 1];
			k--;
		}
		dist[k] = d;
		out[k] = v->products[i].name;
		if (found == n && dist[n - 1] < cap)
			cap = dist[n - 1];
	}
	return found;
}

const char *vocab_life_event(const struct vocab *v, const char *id, const char *lang)
{
	const struct node *e = hmap_get(&v->life_events, id, strlen(id));
	if (e == NULL)
		return NULL;
	const struct node *label = node_get(e, "label");
	const char *s = node_get_str(label, lang);
	return s ? s : node_get_str(label, "nl") ? node_get_str(label, "nl") : id;
}

int vocab_has_language(const struct vocab *v, const char *code)
{
	/* A BCP 47 tag is known when its primary language subtag is: nl-BE counts as nl. */
	size_t n = strcspn(code, "-");
	return hmap_get(&v->languages, code, n) != NULL;
}

int vocab_is_annex_ii(const struct vocab *v, const char *code)
{
	return hmap_get(&v->annex_ii, code, strlen(code)) != NULL;
}

int vocab_is_information_area(const struct vocab *v, const char *code)
{
	return hmap_get(&v->information_areas, code, strlen(code)) != NULL;
}

void vocab_free(struct vocab *v)
{
	free(v->products);
	free(v->life_event_ids);
	hmap_free(&v->by_name);
	hmap_free(&v->by_uri);
	hmap_free(&v->life_events);
	hmap_free(&v->languages);
	hmap_free(&v->annex_ii);
	hmap_free(&v->information_areas);
	if (v->upl) {
		upl_free(v->upl);
		free(v->upl);
	}
	for (size_t i = 0; i < v->nphrases; i++) {
		regex_free(v->phrases[i].re);
		regex_free(v->phrases[i].at);
	}
	free(v->phrases);
	for (int l = 0; l < RD_NONE; l++) {
		free(v->plain_keys[l]);
		free(v->plain_scan[l]);
	}
	memset(v, 0, sizeof *v);
}
