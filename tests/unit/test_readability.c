/* test_readability.c: syllables, sentences, words and the Flesch-Douma and Flesch scores of
 * compiler/readability.c, on sentences whose values are worked out by hand in the comments;
 * the fields of a service, and positions inside scalars of every style. */
#include "unit.h"

#include "readability.h"

#define SYL(w, lang) readability_syllables((w), strlen(w), (lang))

/* ---- syllables ---- */

static void dutch_syllables(void **state)
{
	(void)state;
	assert_int_equal(SYL("paspoort", RD_NL), 2);         /* pas-poort: a, oo */
	assert_int_equal(SYL("aanvragen", RD_NL), 3);        /* aan-vra-gen: aa, a, e */
	assert_int_equal(SYL("gemeente", RD_NL), 3);         /* ge-meen-te: e, ee, e (the final -e counts) */
	assert_int_equal(SYL("ronde", RD_NL), 2);            /* ron-de: a trailing -e is a syllable in Dutch */
	assert_int_equal(SYL("identiteitskaart", RD_NL), 5); /* i-den-ti-teits-kaart: i, e, i, ei, aa */
	assert_int_equal(SYL("nieuwe", RD_NL), 2);           /* nieu-we: ieu, e */
	assert_int_equal(SYL("mooi", RD_NL), 1);             /* ooi */
	assert_int_equal(SYL("eeuw", RD_NL), 1);             /* eeu */
	assert_int_equal(SYL("huis", RD_NL), 1);             /* ui */
	assert_int_equal(SYL("koe", RD_NL), 1);              /* oe */
	assert_int_equal(SYL("reus", RD_NL), 1);             /* eu */
	assert_int_equal(SYL("vrouw", RD_NL), 1);            /* ou */
	assert_int_equal(SYL("blauw", RD_NL), 1);            /* au */
	assert_int_equal(SYL("klein", RD_NL), 1);            /* ei */
	assert_int_equal(SYL("rijbewijs", RD_NL), 3);        /* rij-be-wijs: i(j), e, i(j) */
	assert_int_equal(SYL("vandaag", RD_NL), 2);          /* van-daag: a, aa */
	assert_int_equal(SYL("materiaal", RD_NL), 4);        /* ma-te-ri-aal: a, e, i|aa (ia is not one sound) */
	assert_int_equal(SYL("ideeën", RD_NL), 3);           /* i-dee-ën: i, ee, ë (a diaeresis starts one) */
	assert_int_equal(SYL("België", RD_NL), 3);           /* Bel-gi-ë: e, i, ë */
	assert_int_equal(SYL("geïnteresseerd", RD_NL), 5);   /* ge-ïn-te-res-seerd: e, ï, e, e, ee */
	assert_int_equal(SYL("beëindigen", RD_NL), 4);       /* be-ëin-di-gen: e, ëi, i, e */
	assert_int_equal(SYL("auto's", RD_NL), 2);           /* au-to's: au, o; 's has no vowel */
	assert_int_equal(SYL("EU-land", RD_NL), 2);          /* EU, land: eu, a */
	assert_int_equal(SYL("BSN", RD_NL), 1);              /* no vowel: at least one */
	assert_int_equal(SYL("84,10", RD_NL), 1);            /* a number is one */
	assert_int_equal(SYL("1.000", RD_NL), 1);
}

static void english_syllables(void **state)
{
	(void)state;
	assert_int_equal(SYL("the", RD_EN), 1);        /* one vowel group: the final e stays */
	assert_int_equal(SYL("make", RD_EN), 1);       /* a, e: silent final e */
	assert_int_equal(SYL("whole", RD_EN), 1);      /* o, e: silent e after l after a vowel */
	assert_int_equal(SYL("table", RD_EN), 2);      /* a, e: -le after a consonant is a syllable */
	assert_int_equal(SYL("makes", RD_EN), 1);      /* a, e: silent -es */
	assert_int_equal(SYL("boxes", RD_EN), 2);      /* o, e: -es after x is a syllable */
	assert_int_equal(SYL("services", RD_EN), 3);   /* e, i, e: -ces */
	assert_int_equal(SYL("used", RD_EN), 1);       /* u, e: silent -ed */
	assert_int_equal(SYL("needed", RD_EN), 2);     /* ee, e: -ed after d */
	assert_int_equal(SYL("registered", RD_EN), 3); /* e, i, e, e, minus the -ed */
	assert_int_equal(SYL("year", RD_EN), 1);       /* y starting a word is a consonant; ea */
	assert_int_equal(SYL("you", RD_EN), 1);        /* ou */
	assert_int_equal(SYL("every", RD_EN), 3);      /* e, e, y */
	assert_int_equal(SYL("apply", RD_EN), 2);      /* a, y */
	assert_int_equal(SYL("agree", RD_EN), 2);      /* a, ee: the final e belongs to ee */
	assert_int_equal(SYL("today", RD_EN), 2);      /* o, ay */
	assert_int_equal(SYL("passport", RD_EN), 2);   /* a, o */
}

/* ---- sentences and words ---- */

static struct rd_text split(const char *s, enum rd_lang lang)
{
	struct rd_text t = {0};
	readability_split(s, strlen(s), lang, &t);
	return t;
}

static void sentences_and_abbreviations(void **state)
{
	(void)state;
	const char *s = "Neem bijv. uw paspoort mee. Dat is nodig.";
	struct rd_text t = split(s, RD_NL);
	assert_int_equal(t.n, 2); /* bijv. does not end a sentence */
	assert_int_equal(t.v[0].words, 5);
	assert_int_equal(t.v[1].words, 3);
	assert_int_equal(t.v[1].start, (size_t)(strstr(s, "Dat") - s));
	assert_int_equal(t.v[0].end, (size_t)(strstr(s, " Dat") - s));

	s = "Neem o.a. uw paspoort en z.o.z. de foto mee.";
	readability_split(s, strlen(s), RD_NL, &t);
	assert_int_equal(t.n, 1); /* o.a. and z.o.z. followed by a small letter */
	assert_int_equal(t.words, 9);

	/* enz. ends the sentence when a capital follows, not otherwise. */
	s = "Papier, glas enz. U brengt het zelf.";
	readability_split(s, strlen(s), RD_NL, &t);
	assert_int_equal(t.n, 2);
	s = "Papier, glas enz. en meer.";
	readability_split(s, strlen(s), RD_NL, &t);
	assert_int_equal(t.n, 1);

	/* English abbreviations. */
	const char *e = "Bring a document, e.g. a passport, i.e. your own. Then sign it etc. Done.";
	readability_split(e, strlen(e), RD_EN, &t);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.v[0].words, 9); /* Bring a document e.g a passport i.e your own */
	readability_text_free(&t);
}

static void numbers_and_amounts(void **state)
{
	(void)state;
	/* € is not a word; 84,10 and 1.000 are one word each; the dot after 84,10 ends the sentence. */
	const char *s = "U betaalt € 84,10. Dat is 1.000 cent. Open van 08:30 tot 17:00 uur.";
	struct rd_text t = split(s, RD_NL);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.v[0].words, 3); /* U betaalt 84,10 */
	assert_int_equal(t.v[1].words, 4); /* Dat is 1.000 cent */
	assert_int_equal(t.v[2].words, 6); /* Open van 08:30 tot 17:00 uur */
	assert_int_equal(t.words, 13);
	readability_text_free(&t);
}

static void lists_and_paragraphs(void **state)
{
	(void)state;
	/* Every list item is a sentence of its own; a blank line ends a paragraph; a line that
	 * is not an item continues the sentence. */
	const char *s = "U heeft nodig:\n"
	                "- een paspoort\n"
	                "- een foto van\n"
	                "  uw gezicht\n"
	                "\n"
	                "Daarna komt u langs\n"
	                "1. Vul het formulier in.\n"
	                "2) Betaal\n"
	                "\n"
	                "Klaar";
	struct rd_text t = split(s, RD_NL);
	assert_int_equal(t.n, 7);
	assert_int_equal(t.v[0].words, 3); /* U heeft nodig: */
	assert_int_equal(t.v[1].words, 2); /* een paspoort */
	assert_int_equal(t.v[2].words, 5); /* een foto van uw gezicht */
	assert_int_equal(t.v[3].words, 4); /* Daarna komt u langs (no full stop: ended by the item) */
	assert_int_equal(t.v[4].words, 4); /* Vul het formulier in */
	assert_int_equal(t.v[5].words, 1); /* Betaal */
	assert_int_equal(t.v[6].words, 1); /* Klaar */
	assert_int_equal(t.v[1].start, (size_t)(strstr(s, "een paspoort") - s));
	readability_text_free(&t);
}

/* ---- scores ---- */

static void dutch_score(void **state)
{
	(void)state;
	/* "Wij bezorgen de container bij uw huis."
	 *   wij 1, be-zor-gen 3, de 1, con-tai-ner 3, bij 1, uw 1, huis 1: 7 words, 11 syllables, 1 sentence.
	 *   206.84 - 0.77 * (100 * 11 / 7) - 0.93 * 7 = 206.84 - 121.00 - 6.51 = 79.33 */
	const char *s = "Wij bezorgen de container bij uw huis.";
	struct rd_text t = split(s, RD_NL);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.words, 7);
	assert_int_equal(t.syllables, 11);
	assert_float_equal(readability_score(RD_NL, t.words, (unsigned)t.n, t.syllables), 79.33, 0.005);

	/* "U bestelt vandaag. Wij bezorgen hem."
	 *   u 1, be-stelt 2, van-daag 2 | wij 1, be-zor-gen 3, hem 1: 6 words, 10 syllables, 2 sentences.
	 *   206.84 - 0.77 * (100 * 10 / 6) - 0.93 * (6 / 2) = 206.84 - 128.333 - 2.79 = 75.717 */
	s = "U bestelt vandaag. Wij bezorgen hem.";
	readability_split(s, strlen(s), RD_NL, &t);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.words, 6);
	assert_int_equal(t.syllables, 10);
	assert_float_equal(readability_score(RD_NL, t.words, (unsigned)t.n, t.syllables), 75.717, 0.001);

	/* "U heeft de Nederlandse nationaliteit."
	 *   u 1, heeft 1, de 1, Ne-der-land-se 4, na-ti-o-na-li-teit 6: 5 words, 13 syllables.
	 *   206.84 - 0.77 * 260 - 0.93 * 5 = 206.84 - 200.2 - 4.65 = 1.99: long words weigh heavily */
	s = "U heeft de Nederlandse nationaliteit.";
	readability_split(s, strlen(s), RD_NL, &t);
	assert_int_equal(t.syllables, 13);
	assert_float_equal(readability_score(RD_NL, t.words, (unsigned)t.n, t.syllables), 1.99, 0.005);
	readability_text_free(&t);
}

static void english_score(void **state)
{
	(void)state;
	/* "The cat sat on the mat.": 6 words, 6 syllables, 1 sentence.
	 *   206.835 - 1.015 * 6 - 84.6 * 1 = 206.835 - 6.09 - 84.6 = 116.145 */
	struct rd_text t = split("The cat sat on the mat.", RD_EN);
	assert_int_equal(t.words, 6);
	assert_int_equal(t.syllables, 6);
	assert_float_equal(readability_score(RD_EN, t.words, (unsigned)t.n, t.syllables), 116.145, 0.0005);

	/* "You can apply today. We send the passport."
	 *   you 1, can 1, ap-ply 2, to-day 2 | we 1, send 1, the 1, pass-port 2: 8 words, 11 syllables, 2 sentences.
	 *   206.835 - 1.015 * 4 - 84.6 * 11 / 8 = 206.835 - 4.06 - 116.325 = 86.45 */
	const char *s = "You can apply today. We send the passport.";
	readability_split(s, strlen(s), RD_EN, &t);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.words, 8);
	assert_int_equal(t.syllables, 11);
	assert_float_equal(readability_score(RD_EN, t.words, (unsigned)t.n, t.syllables), 86.45, 0.0005);
	assert_float_equal(readability_score(RD_EN, 0, 0, 0), 0, 0);
	readability_text_free(&t);
}

static void languages(void **state)
{
	(void)state;
	assert_int_equal(readability_lang("nl"), RD_NL);
	assert_int_equal(readability_lang("nl-BE"), RD_NL);
	assert_int_equal(readability_lang("en-GB"), RD_EN);
	assert_int_equal(readability_lang("fy"), RD_NONE);
	assert_int_equal(readability_lang("nld"), RD_NONE);
	assert_int_equal(readability_lang(NULL), RD_NONE);
}

/* ---- the fields of a service ---- */

static void service_fields(void **state)
{
	(void)state;
	struct doc d = {0};
	struct msgq q = {0};
	const char *src = "summary: Wij bezorgen de container bij uw huis.\n"
	                  "description: \"U bestelt vandaag. Wij bezorgen hem.\"\n"
	                  "conditions:\n  - U bestelt vandaag.\n  - Wij bezorgen hem.\n"
	                  "steps:\n  - title: Bestel\n    text: U bestelt vandaag.\n"
	                  "translations:\n"
	                  "  en:\n    summary: The cat sat on the mat.\n"
	                  "  fy:\n    summary: Net mjitten, gjin formule.\n"
	                  "  nl-BE:\n    summary: Niet gemeten, dezelfde taal.\n";
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	size_t n;
	struct rd_field_stats *f = readability_service(d.root, "nl", NULL, NULL, &n);
	assert_int_equal(n, 5);
	assert_int_equal(f[0].field, RD_SUMMARY);
	assert_float_equal(f[0].score, 79.33, 0.005);
	assert_int_equal(f[1].field, RD_DESCRIPTION);
	assert_float_equal(f[1].score, 75.717, 0.001);
	/* Conditions: the same two sentences, as two items: the same score. */
	assert_int_equal(f[2].field, RD_CONDITIONS);
	assert_int_equal(f[2].sentences, 2);
	assert_float_equal(f[2].score, 75.717, 0.001);
	/* Steps: the title is a sentence of its own: be-stel 2 | u 1 be-stelt 2 van-daag 2:
	 * 4 words, 7 syllables, 2 sentences: 206.84 - 0.77 * 175 - 0.93 * 2 = 206.84 - 134.75 - 1.86 = 70.23 */
	assert_int_equal(f[3].field, RD_STEPS);
	assert_int_equal(f[3].sentences, 2);
	assert_int_equal(f[3].longest, 3);
	assert_float_equal(f[3].score, 70.23, 0.005);
	assert_string_equal(f[4].lang, "en");
	assert_float_equal(f[4].score, 116.145, 0.0005);
	assert_string_equal(readability_field_name(f[4].field), "summary");
	free(f);
	load_doc_free(&d);
	msg_free(&q);
}

/* ---- positions inside scalars ---- */

static void locate(const char *src, const char *key, const char *word, unsigned line, unsigned col)
{
	struct doc d = {0};
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	const struct node *v = node_get(d.root, key);
	assert_non_null(v);
	const char *at = strstr(v->str, word);
	assert_non_null(at);
	unsigned l = 0, c = 0;
	assert_int_equal(readability_locate(src, strlen(src), v->pos, v->str, (size_t)(at - v->str), &l, &c), 0);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
	load_doc_free(&d);
	msg_free(&q);
}

static void positions(void **state)
{
	(void)state;
	/* A plain one-line scalar: the column offset (in code points: é is one). */
	locate("a: Één zin. Twee zin.\n", "a", "Twee", 1, 13);
	/* Quoted: after the opening quote; a doubled quote is one character of the value. */
	locate("a: 'Dat''s één. Twee.'\n", "a", "Twee", 1, 17);
	locate("a: \"Een \\\"x\\\". Twee.\"\n", "a", "Twee", 1, 16);
	/* A plain scalar folded over lines. */
	locate("a: Een zin die\n  doorloopt. Twee.\n", "a", "Twee", 2, 14);
	/* Literal and folded block scalars: the lines after the indicator, past the indentation. */
	locate("a: |\n  Een.\n\n    Twee.\n", "a", "Twee", 4, 5);
	locate("b: x\na: >-\n  Een zin\n  die doorloopt. Twee.\n", "a", "Twee", 4, 18);
	/* Without the source: the estimate. */
	unsigned l, c;
	readability_estimate((struct pos){"f", 3, 14}, "Een.\nTwee.", 5, &l, &c);
	assert_int_equal(l, 5); /* the line after the indicator, plus one newline */
	assert_int_equal(c, 1);
	readability_estimate((struct pos){"f", 3, 10}, "Een. Twee.", 5, &l, &c);
	assert_int_equal(l, 3);
	assert_int_equal(c, 15);
	/* A source that does not match the value. */
	assert_int_equal(readability_locate("a: x\n", 5, (struct pos){"f", 1, 4}, "y z", 2, &l, &c), -1);
}

/* One source, many lookups: texts of a flow list on one line, offsets in order, a jump back. */
static void source_cursor(void **state)
{
	(void)state;
	const char *src = "a: [Een twee., Drie vier vijf.]\nb: |\n  Zes zeven.\n  Acht.\n";
	struct doc d = {0};
	struct msgq q = {0};
	assert_int_equal(unit_load(&d, src, &q), LOAD_OK);
	const struct node *a = node_get(d.root, "a"), *b = node_get(d.root, "b");
	struct rd_source s;
	readability_source_init(&s, src, strlen(src));
	assert_int_equal(s.nlines, 5);
	unsigned l, c;
	/* "Een twee." at 1:5; "Drie vier vijf." at 1:16; in it "vier" at 1:21 and "vijf" at 1:26. */
	assert_int_equal(readability_source_locate(&s, a->kids[0]->pos, a->kids[0]->str, 4, &l, &c), 0);
	assert_int_equal(l, 1);
	assert_int_equal(c, 9);
	assert_int_equal(readability_source_locate(&s, a->kids[1]->pos, a->kids[1]->str, 5, &l, &c), 0);
	assert_int_equal(c, 21);
	assert_int_equal(readability_source_locate(&s, a->kids[1]->pos, a->kids[1]->str, 10, &l, &c), 0);
	assert_int_equal(c, 26);
	/* The block: "Acht." on line 4, then back to the first item, then back into the block. */
	assert_int_equal(readability_source_locate(&s, b->pos, b->str, strlen("Zes zeven.\n"), &l, &c), 0);
	assert_int_equal(l, 4);
	assert_int_equal(c, 3);
	assert_int_equal(readability_source_locate(&s, a->kids[0]->pos, a->kids[0]->str, 0, &l, &c), 0);
	assert_int_equal(l, 1);
	assert_int_equal(c, 5);
	assert_int_equal(readability_source_locate(&s, b->pos, b->str, 4, &l, &c), 0);
	assert_int_equal(l, 3);
	assert_int_equal(c, 7);
	readability_source_free(&s);
	load_doc_free(&d);
	msg_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(dutch_syllables),
	        cmocka_unit_test(english_syllables),
	        cmocka_unit_test(sentences_and_abbreviations),
	        cmocka_unit_test(numbers_and_amounts),
	        cmocka_unit_test(lists_and_paragraphs),
	        cmocka_unit_test(dutch_score),
	        cmocka_unit_test(english_score),
	        cmocka_unit_test(languages),
	        cmocka_unit_test(service_fields),
	        cmocka_unit_test(positions),
	        cmocka_unit_test(source_cursor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
