/* readability.h: plain-language measures of a text: sentences, words, syllables, and the
 * Flesch-Douma (Dutch) and Flesch reading ease (English) scores. Pure functions: no
 * globals, no I/O; the rules (PLN001-PLN003), the JSON output and the report share them. */
#ifndef LOKET_READABILITY_H
#define LOKET_READABILITY_H

#include <stddef.h>

#include "node.h"

/* The languages with a formula; other languages are not scored. */
enum rd_lang { RD_NL, RD_EN, RD_NONE };

/* The language of a BCP 47 tag by its primary subtag: nl, nl-BE -> RD_NL; en, en-GB -> RD_EN. */
enum rd_lang readability_lang(const char *tag);

/* One sentence of a text: byte offsets of its first character (the first token) and one past
 * its last (the last token with its punctuation), its words and syllables. */
struct rd_sentence {
	size_t start, end;
	unsigned words, syllables;
};

/* The sentences of one text. Reusable: readability_split empties it first. */
struct rd_text {
	struct rd_sentence *v;
	size_t n, cap;
	unsigned words, syllables;
};

/* Syllables of one word (n bytes of UTF-8, no spaces): vowel groups, with the Dutch
 * diphthongs and double vowels (aa, ee, oo, uu, ie, oe, eu, ui, ei, ou, au, aai, ooi,
 * oei, eeu, ieu) as one syllable and a diaeresis (ë, ï) starting a new one; for English
 * a silent final -e, -es and -ed are not counted. A word has at least one syllable; a
 * number (digits, with . , : inside) counts as one. */
unsigned readability_syllables(const char *word, size_t n, enum rd_lang lang);

/* Split a text into sentences and words. A sentence ends at . ! ? (not after an
 * abbreviation such as bijv., o.a., e.g., i.e.; after enz., etc., z.o.z. only when the
 * next word starts with a capital), at a blank line, and before a list item (a line
 * starting with "- ", "* ", "• " or "1. "): every item is a sentence of its own.
 * Numbers and amounts (84,10; 1.000; 08:30) are one word. */
void readability_split(const char *text, size_t n, enum rd_lang lang, struct rd_text *out);
void readability_text_free(struct rd_text *t);

/* Flesch-Douma (RD_NL): 206.84 - 0.77 * syllables per 100 words - 0.93 * words per sentence.
 * Flesch reading ease (RD_EN): 206.835 - 1.015 * words per sentence - 84.6 * syllables per word.
 * Higher is easier; not clamped. 0 words: returns 0. */
double readability_score(enum rd_lang lang, unsigned words, unsigned sentences, unsigned syllables);

/* ---- the text fields of a service ---- */

/* The fields that are scored, in this order. */
enum rd_field { RD_SUMMARY, RD_DESCRIPTION, RD_CONDITIONS, RD_STEPS, RD__FIELDS };
const char *readability_field_name(enum rd_field f);

/* The measures of one field in one language: summary and description are one text each;
 * conditions are one text per item; steps a text per title (a sentence of its own) and per
 * step text. */
struct rd_field_stats {
	const char *lang; /* the language tag as written: the service's, or a translation's key */
	enum rd_lang rl;
	enum rd_field field;
	const struct node *node; /* the field's value (for positions) */
	unsigned words, sentences, syllables;
	unsigned longest; /* words in the longest sentence */
	double score;
};

/* Every text (string node) of the scored fields of a service tree: in its own language
 * (`language`, the resolved language of the service) and in every translation in a language
 * with a formula (not one into the service's own language). `field_node` is the field's
 * value; `text` the string: the field itself, an item of conditions, a step's title or text. */
typedef void (*rd_text_fn)(void *ctx, const char *lang, enum rd_lang rl, enum rd_field field,
                           const struct node *field_node, const struct node *text);
void readability_texts(const struct node *root, const char *language, rd_text_fn fn, void *ctx);

/* Called for every text (string node) of a scored field, with its sentences. */
typedef void (*rd_piece_fn)(void *ctx, const struct rd_field_stats *field, const struct node *piece,
                            const struct rd_text *sentences);

/* Measure the fields of readability_texts. Fields without words are left out. Returns an
 * array the caller frees (count in *n); calls fn (when not NULL) for every text. */
struct rd_field_stats *readability_service(const struct node *root, const char *language, rd_piece_fn fn, void *ctx,
                                           size_t *n);

/* The source text of a file, for positions inside its scalars: a table of line starts and a
 * cursor, so that many lookups in increasing order (the sentences and phrases of the texts
 * of a service) take time linear in the file, whatever its shape. */
struct rd_source {
	const char *src;
	size_t len;
	size_t *lines; /* the byte offset where each line starts */
	size_t nlines;
	/* The cursor: byte i of the source is at line:col, value offset v of the text at `at`. */
	const char *value;
	struct pos at;
	char quote;
	int bad;
	size_t v, i;
	unsigned line, col;
	/* The last node started, to reach the next one on the same line without going back. */
	unsigned node_line, node_col;
	size_t node_byte;
};
void readability_source_init(struct rd_source *s, const char *src, size_t len);
void readability_source_free(struct rd_source *s);
/* readability_locate on a source: fastest for increasing offsets within a text. */
int readability_source_locate(struct rd_source *s, struct pos at, const char *value, size_t offset, unsigned *line,
                              unsigned *col);

/* The position in the source of byte `offset` of the scalar `value` whose node starts at
 * `at` (the node's position). Follows the scalar through its style: plain (folded over
 * lines), quoted (opening quote, '' and simple escapes) or block (| and >, on the lines
 * after the indicator). Returns 0 and sets *line, *col (1-based; col in code points), or
 * -1 when the source does not match the value. */
int readability_locate(const char *src, size_t srclen, struct pos at, const char *value, size_t offset, unsigned *line,
                       unsigned *col);
/* The same without the source: an estimate from the value alone (block scalars: the line
 * after the node's plus the newlines before offset; one-line scalars: the column offset). */
void readability_estimate(struct pos at, const char *value, size_t offset, unsigned *line, unsigned *col);

#endif
