/* search.c: the portal's search index, built at build time (search.h). Two passes over
 * the documents: the first collects every word and its Snowball stem (the vocabulary a
 * compound word is split against), the second indexes each word's stem and, for a
 * compound, the stems of its parts, with the weight of the field it was found in. */
#include "search.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* Words that say nothing about which service is meant (Dutch and English); the query
 * side drops them too, from the list in the index. */
static const char *const stop_words[] = {
        "a",    "aan",  "als", "an",   "and",  "are", "at",   "bij",    "by",    "dat",  "de",   "die", "dit",
        "do",   "door", "een", "en",   "er",   "for", "from", "geen",   "het",   "hoe",  "how",  "i",   "ik",
        "in",   "is",   "je",  "kan",  "kunt", "me",  "met",  "mijn",   "my",    "naar", "niet", "of",  "om",
        "on",   "ons",  "ook", "op",   "over", "te",  "the",  "to",     "tot",   "u",    "uit",  "uw",  "van",
        "voor", "wat",  "we",  "what", "wie",  "wij", "with", "worden", "wordt", "you",  "your",
};

static int is_stop_word(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof stop_words / sizeof *stop_words; i++)
		if (strlen(stop_words[i]) == n && !memcmp(stop_words[i], w, n))
			return 1;
	return 0;
}

/* ---- words ---- */

/* The ASCII letter a Latin-1 letter (the second byte after 0xC3) folds to, or 0. */
static char fold_latin1(unsigned char c)
{
	static const char map[64] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
	                            "aaaaaaaceeeeiiiidnooooo ouuuuyty";
	char f = map[c & 0x3f];
	return f == ' ' ? 0 : f;
}

void search_words(const char *text, void (*fn)(const char *w, size_t n, void *arg), void *arg)
{
	struct buf w = {0};
	const unsigned char *s = (const unsigned char *)text;
	for (;; s++) {
		unsigned char c = *s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			buf_addc(&w, (char)c);
		} else if (c >= 'A' && c <= 'Z') {
			buf_addc(&w, (char)(c - 'A' + 'a'));
		} else if (c == 0xc3 && s[1] >= 0x80 && s[1] <= 0xbf && fold_latin1(s[1])) {
			buf_addc(&w, fold_latin1(s[1]));
			s++;
		} else if (c >= 0x80) {
			buf_addc(&w, (char)c); /* other scripts stay as they are */
		} else {
			if (w.len)
				fn(w.p, w.len, arg);
			w.len = 0;
			if (c == 0)
				break;
		}
	}
	buf_free(&w);
}

/* ---- stemmers ---- */

static const struct {
	const char *lang, *algorithm;
} algorithms[] = {{"nl", "dutch"},   {"en", "english"}, {"de", "german"}, {"fr", "french"},
                  {"es", "spanish"}, {"tr", "turkish"}, {"ar", "arabic"}, {"pl", NULL}};

struct stemmers {
	struct sb_stemmer *s[sizeof algorithms / sizeof *algorithms];
};

/* The stem of w (n bytes) in a language, into out (emptied first); w itself when the
 * language has no stemmer. */
static void stem(struct stemmers *st, const char *lang, const char *w, size_t n, struct buf *out)
{
	out->len = 0;
	for (size_t i = 0; lang && i < sizeof algorithms / sizeof *algorithms; i++) {
		if (strncmp(algorithms[i].lang, lang, 2) || algorithms[i].algorithm == NULL)
			continue;
		if (st->s[i] == NULL)
			st->s[i] = sb_stemmer_new(algorithms[i].algorithm, "UTF_8");
		if (st->s[i] == NULL)
			break;
		const sb_symbol *r = sb_stemmer_stem(st->s[i], (const sb_symbol *)w, (int)n);
		if (r == NULL)
			break;
		buf_add(out, r, (size_t)sb_stemmer_length(st->s[i]));
		return;
	}
	buf_add(out, w, n);
}

/* ---- the index ---- */

struct posting { /* 8 bytes: there are many */
	uint32_t doc;
	uint32_t score;
};

struct term {
	const char *key;
	struct posting *p;
	size_t n, cap;
};

struct index {
	struct arena arena;
	struct stemmers st;
	struct hmap words;   /* surface word -> its stem (both in the arena) */
	struct hmap stems;   /* every stem (value unused) */
	struct hmap by_stem; /* stem -> its struct term (pass 2) */
	struct term **terms;
	size_t nterms, terms_cap;
	struct buf tmp;
	/* the word being indexed */
	const char *lang;
	size_t doc;
	unsigned weight;
	int pass;
};

static const char *keep(struct index *x, const char *s, size_t n) { return arena_strndup(&x->arena, s, n); }

/* Record surface -> stem; returns the stem (kept). */
static const char *learn(struct index *x, const char *w, size_t n)
{
	const char *known = hmap_get(&x->words, w, n);
	if (known)
		return known;
	stem(&x->st, x->lang, w, n, &x->tmp);
	const char *s = keep(x, x->tmp.p, x->tmp.len);
	hmap_put(&x->stems, s, x->tmp.len, (void *)"");
	const char *k = keep(x, w, n);
	hmap_put(&x->words, k, n, (void *)s);
	return s;
}

/* Whether a piece of a compound is a word of the catalogue (or its stem is). */
static int known(struct index *x, const char *w, size_t n)
{
	if (n < 3)
		return 0;
	if (hmap_get(&x->words, w, n))
		return 1;
	stem(&x->st, x->lang, w, n, &x->tmp);
	return x->tmp.len >= 3 && hmap_get(&x->stems, x->tmp.p, x->tmp.len) != NULL;
}

/* Split w into known words of at least four letters (a Dutch linking s may end a part):
 * the offsets where the parts start go into cut[], their count is returned; 0 when w does
 * not split. The longest known first part whose rest is known or splits again wins
 * (parkeer + vergunning, not par + keer + vergunning). */
static size_t split(struct index *x, const char *w, size_t n, size_t *cut, unsigned depth)
{
	if (depth == 0 || n < 8)
		return 0;
	for (size_t i = n - 4; i >= 4; i--) {
		int left = known(x, w, i) || (i > 4 && w[i - 1] == 's' && known(x, w, i - 1));
		if (!left)
			continue;
		cut[0] = i;
		if (known(x, w + i, n - i))
			return 1;
		size_t more = split(x, w + i, n - i, cut + 1, depth - 1);
		if (more) {
			for (size_t k = 1; k <= more; k++)
				cut[k] += i;
			return more + 1;
		}
	}
	return 0;
}

static void post(struct index *x, const char *stemmed, size_t n, unsigned score)
{
	struct term *t = hmap_get(&x->by_stem, stemmed, n);
	if (t == NULL) {
		t = xcalloc(1, sizeof *t);
		t->key = keep(x, stemmed, n);
		hmap_put(&x->by_stem, t->key, n, t);
		x->terms = xgrow(x->terms, &x->terms_cap, x->nterms + 1, sizeof *x->terms);
		x->terms[x->nterms++] = t;
	}
	if (t->n && t->p[t->n - 1].doc == x->doc) {
		struct posting *p = &t->p[t->n - 1];
		if (score > p->score)
			p->score = score + (p->score % 10 < 5 ? p->score % 10 + 1 : 5);
		else if (p->score % 10 < 5)
			p->score++;
		return;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 4;
		t->p = xrealloc(t->p, t->cap * sizeof *t->p);
	}
	t->p[t->n++] = (struct posting){(uint32_t)x->doc, score};
}

static void on_word(const char *w, size_t n, void *arg)
{
	struct index *x = arg;
	if (is_stop_word(w, n))
		return;
	const char *s = learn(x, w, n);
	if (x->pass == 1)
		return;
	/* A whole word scores ten times its field's weight; a part of a compound six. */
	post(x, s, strlen(s), x->weight * 10);
	size_t cut[4];
	size_t nc = split(x, w, n, cut, 3);
	for (size_t k = 0; k <= nc && nc; k++) {
		size_t from = k ? cut[k - 1] : 0, to = k < nc ? cut[k] : n;
		if (to - from < 3)
			continue;
		stem(&x->st, x->lang, w + from, to - from, &x->tmp);
		if (x->tmp.len >= 3) {
			char *part = xstrdup(x->tmp.p);
			post(x, part, strlen(part), x->weight * 6);
			/* the surface form of the part, so a query can reach it */
			if (!hmap_get(&x->words, w + from, to - from))
				hmap_put(&x->words, keep(x, w + from, to - from), to - from,
				         (void *)keep(x, part, strlen(part)));
			free(part);
		}
	}
}

static int term_cmp(const void *a, const void *b)
{
	return strcmp((*(struct term *const *)a)->key, (*(struct term *const *)b)->key);
}

static int slot_cmp(const void *a, const void *b)
{
	const struct hmap_slot *x = *(const struct hmap_slot *const *)a, *y = *(const struct hmap_slot *const *)b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);
	return c ? c : (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

/* The slots of a map in key order (caller frees). */
static struct hmap_slot **sorted_slots(const struct hmap *m, size_t *n)
{
	struct hmap_slot **v = xcalloc(m->count + 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			v[(*n)++] = &m->slots[i];
	qsort(v, *n, sizeof *v, slot_cmp);
	return v;
}

static void join_words(const char *w, size_t n, void *arg)
{
	struct buf *b = arg;
	if (b->len)
		buf_addc(b, ' ');
	buf_add(b, w, n);
}

static void write_synonyms(struct json *j, struct index *x, const struct node *entries)
{
	struct hmap seen = {0};
	struct buf key = {0}, val = {0};
	json_key(j, "syn");
	json_obj_begin(j);
	for (size_t i = 0; entries && i < entries->n; i++) {
		const char *term = node_get_str(entries->kids[i], "term");
		const struct node *syns = node_get(entries->kids[i], "synonyms");
		if (term == NULL || syns == NULL)
			continue;
		val.len = 0;
		search_words(term, join_words, &val);
		for (size_t k = 0; k < syns->n; k++) {
			if (syns->kids[k]->kind != NODE_STR)
				continue;
			key.len = 0;
			search_words(syns->kids[k]->str, join_words, &key);
			if (key.len == 0 || val.len == 0 || hmap_get(&seen, key.p, key.len))
				continue;
			hmap_put(&seen, keep(x, key.p, key.len), key.len, (void *)"");
			json_key(j, key.p);
			json_strn(j, val.p, val.len);
		}
	}
	json_obj_end(j);
	buf_free(&key);
	buf_free(&val);
	hmap_free(&seen);
}

/* The text of a field: its own, or read from the source into b (NULL: none). */
static const char *field_text(const struct search_field *f, const struct search_source *src, struct buf *b)
{
	if (f->text || f->len == 0 || src == NULL)
		return f->text;
	b->len = 0;
	if (src->read(src->arg, f->off, f->len, b) != 0)
		return NULL;
	buf_addc(b, 0);
	return b->p;
}

void search_index_write(struct buf *out, const struct search_doc *docs, size_t n, const struct node *synonyms,
                        const struct search_source *src)
{
	struct index x = {0};
	struct buf text = {0};
	for (x.pass = 1; x.pass <= 2; x.pass++)
		for (size_t d = 0; d < n; d++) {
			x.doc = d;
			for (size_t f = 0; f < docs[d].nfields; f++) {
				const char *t = field_text(&docs[d].fields[f], src, &text);
				if (t == NULL)
					continue;
				x.lang = docs[d].fields[f].lang ? docs[d].fields[f].lang : docs[d].lang;
				x.weight = docs[d].fields[f].weight;
				search_words(t, on_word, &x);
			}
		}
	buf_free(&text);
	if (x.nterms) /* qsort must not get NULL, even for 0 items */
		qsort(x.terms, x.nterms, sizeof *x.terms, term_cmp);
	struct json j;
	json_init(&j, out, 0);
	buf_adds(out, "window.LOKET_SEARCH=");
	json_obj_begin(&j);
	/* Agencies once each; a document names its agency by number. */
	struct hmap agency_no = {0};
	size_t nagencies = 0;
	json_key(&j, "agencies");
	json_arr_begin(&j);
	for (size_t d = 0; d < n; d++) {
		const char *a = docs[d].agency ? docs[d].agency : "";
		if (hmap_get(&agency_no, a, strlen(a)) == NULL) {
			hmap_put(&agency_no, a, strlen(a), (void *)(uintptr_t)++nagencies);
			json_str(&j, a);
		}
	}
	json_arr_end(&j);
	/* A document: [url, title, agency number, language]. */
	json_key(&j, "docs");
	json_arr_begin(&j);
	for (size_t d = 0; d < n; d++) {
		const char *a = docs[d].agency ? docs[d].agency : "";
		json_arr_begin(&j);
		json_str(&j, docs[d].url);
		json_str(&j, docs[d].title);
		json_int(&j, (long long)(uintptr_t)hmap_get(&agency_no, a, strlen(a)) - 1);
		json_str(&j, docs[d].lang);
		json_arr_end(&j);
	}
	json_arr_end(&j);
	hmap_free(&agency_no);
	/* A term's postings: pairs of (document number minus the one before, score). */
	json_key(&j, "terms");
	json_obj_begin(&j);
	for (size_t i = 0; i < x.nterms; i++) {
		json_key(&j, x.terms[i]->key);
		json_arr_begin(&j);
		for (size_t k = 0, prev = 0; k < x.terms[i]->n; prev = x.terms[i]->p[k++].doc) {
			json_int(&j, (long long)(x.terms[i]->p[k].doc - prev));
			json_int(&j, x.terms[i]->p[k].score);
		}
		json_arr_end(&j);
	}
	json_obj_end(&j);
	/* Surface words whose stem differs: the query side looks words up here first. */
	json_key(&j, "words");
	json_obj_begin(&j);
	size_t nw;
	struct hmap_slot **w = sorted_slots(&x.words, &nw);
	for (size_t i = 0; i < nw; i++) {
		const char *s = w[i]->value;
		if (strlen(s) == w[i]->keylen && !memcmp(s, w[i]->key, w[i]->keylen))
			continue;
		char *k = xstrndup(w[i]->key, w[i]->keylen);
		json_key(&j, k);
		json_str(&j, s);
		free(k);
	}
	free(w);
	json_obj_end(&j);
	json_key(&j, "stop");
	json_arr_begin(&j);
	for (size_t i = 0; i < sizeof stop_words / sizeof *stop_words; i++)
		json_str(&j, stop_words[i]);
	json_arr_end(&j);
	write_synonyms(&j, &x, synonyms);
	json_obj_end(&j);
	buf_adds(out, ";\n");
	for (size_t i = 0; i < x.nterms; i++) {
		free(x.terms[i]->p);
		free(x.terms[i]);
	}
	free(x.terms);
	for (size_t i = 0; i < sizeof x.st.s / sizeof *x.st.s; i++)
		if (x.st.s[i])
			sb_stemmer_delete(x.st.s[i]);
	hmap_free(&x.words);
	hmap_free(&x.stems);
	hmap_free(&x.by_stem);
	buf_free(&x.tmp);
	arena_free(&x.arena);
}
