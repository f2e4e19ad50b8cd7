/* rules.c: the rules of the standard, one function each plus one row in the table.
 * Digital readiness itself is computed in model.c; these rules judge it. */
#include "rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "readability.h"

/* A sentence over the policy's maximum (PLN002), found while measuring. */
struct long_sentence {
	const struct node *text;
	size_t start, end;
	unsigned words;
};

struct rule_ctx {
	struct service *s;
	const struct vocab *v;
	struct msgq *q;
	const struct rules_config *cfg;
	/* Plain language: the texts are measured once, for PLN001 and PLN002 (plain_measure). */
	int measured;
	struct rd_field_stats *fields;
	size_t nfields;
	struct long_sentence *longs;
	size_t nlongs, longs_cap;
	struct rd_source src; /* the service's file, for positions inside texts */
	int src_state;        /* 0: not read yet, 1: usable, -1: not available */
};

/* Emit unless the service waives the message's code. */
static void rule_add(struct rule_ctx *c, enum msg_id id, struct pos pos, const char *const *args)
{
	enum msg_code code = msg_id_code(id);
	for (size_t i = 0; msg_code_is_rule(code) && i < c->s->nwaivers; i++)
		if (c->s->waivers[i].rule && !strcmp(c->s->waivers[i].rule, msg_code_name(code))) {
			c->s->waivers[i].used = 1;
			return;
		}
	msg_add(c->q, id, pos, args);
}
#define rule_emit(c, id, pos, ...) rule_add((c), (id), (pos), (const char *const[]){__VA_ARGS__, NULL})
#define rule_emit0(c, id, pos)     rule_add((c), (id), (pos), (const char *const[]){NULL})

static int presence_justified(const struct service *s)
{
	return s->presence_required && s->presence_justification && s->npresence_steps > 0;
}

/* A digital level in messages: the standard's name, in the chosen language. */
static const char *level_word(enum level l)
{
	static const char *const words[LEVEL__MAX] = {N_("fully-online"), N_("partly-online"), N_("form-download-only"),
	                                              N_("offline")};
	return _(words[l]);
}

/* All gaps as one "a; b; c" list, for messages. */
static char *gap_list(const struct service *s, int skip_presence)
{
	struct buf b = {0};
	for (size_t i = 0; i < s->ngaps; i++) {
		if (skip_presence && s->gaps[i].kind == GAP_PRESENCE)
			continue;
		if (b.len)
			buf_adds(&b, "; ");
		buf_adds(&b, s->gaps[i].text);
	}
	return buf_take(&b);
}

static void dig001_non_digital(struct rule_ctx *c)
{
	if (c->s->level == LEVEL_OFFLINE && !presence_justified(c->s))
		rule_emit0(c, MSG_DIG001, c->s->channels_pos);
}

static void dig002_not_fully_online(struct rule_ctx *c)
{
	enum level l = c->s->level;
	if (l != LEVEL_PARTLY_ONLINE && l != LEVEL_FORM_DOWNLOAD_ONLY)
		return;
	char *gaps = gap_list(c->s, 0);
	rule_emit(c, MSG_DIG002, c->s->channels_pos, level_word(l), gaps);
	free(gaps);
}

static void dig003_sdg_annex_ii(struct rule_ctx *c)
{
	const struct service *s = c->s;
	if (s->annex_ii == NULL || s->level == LEVEL_FULLY_ONLINE)
		return;
	int only_presence = presence_justified(s);
	for (size_t i = 0; only_presence && i < s->ngaps; i++)
		only_presence = s->gaps[i].kind == GAP_PRESENCE;
	if (only_presence)
		return;
	char *gaps = gap_list(s, 0);
	rule_emit(c, MSG_DIG003, s->channels_pos, s->annex_ii, level_word(s->level), gaps);
	free(gaps);
}

static void dig004_presence(struct rule_ctx *c)
{
	const struct service *s = c->s;
	if (!s->presence_required)
		return;
	if (s->presence_justification == NULL)
		rule_emit0(c, MSG_DIG004_JUSTIFICATION, s->presence_pos);
	if (s->npresence_steps == 0)
		rule_emit0(c, MSG_DIG004_STEPS, s->presence_pos);
}

static void dig005_digital_only(struct rule_ctx *c)
{
	if (c->s->digital_only)
		rule_emit0(c, MSG_DIG005, c->s->channels_pos);
}

static void dig006_eidas(struct rule_ctx *c)
{
	const struct service *s = c->s;
	if (!s->sdg)
		return;
	unsigned idents = 0;
	const struct channel *first = NULL;
	for (size_t i = 0; i < s->nchannels; i++)
		if (model_channel_is_digital(s->channels[i].type) && s->channels[i].ident & ~(1u << ID_NONE)) {
			idents |= s->channels[i].ident;
			if (!first)
				first = &s->channels[i];
		}
	if (first && (idents & (1u << ID_DIGID)) && !(idents & (1u << ID_EIDAS)) && !(idents & (1u << ID_EHERKENNING)))
		rule_emit0(c, MSG_DIG006, first->ident_node ? first->ident_node->pos : first->pos);
}

static void sdg001_information(struct rule_ctx *c)
{
	if (!c->s->sdg)
		return;
	static const struct {
		const char *field, *article;
	} items[] = {{"steps", "(a)"},
	             {"redress", "(e)"},
	             {"costs", "(f)"},
	             {"processing_time", "(g)"},
	             {"no_response", "(h)"}};
	for (size_t i = 0; i < sizeof items / sizeof *items; i++)
		if (!node_get(c->s->root, items[i].field))
			rule_emit(c, MSG_SDG001, c->s->root->pos, items[i].field, items[i].article, items[i].field);
}

static void voc001_product(struct rule_ctx *c)
{
	const struct service *s = c->s;
	if (s->product == NULL || vocab_product(c->v, s->product))
		return;
	const char *near[3];
	size_t n = vocab_nearest_products(c->v, s->product, near, 3);
	if (n == 0) {
		rule_emit(c, MSG_VOC001, s->product_pos, s->product);
		return;
	}
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " : ", ", near[i]);
	rule_emit(c, MSG_VOC001_NEAR, s->product_pos, s->product, b.p);
	buf_free(&b);
}

static void check_languages(struct rule_ctx *c, const struct node *list)
{
	for (size_t i = 0; list && list->kind == NODE_SEQ && i < list->n; i++)
		if (!vocab_has_language(c->v, list->kids[i]->str))
			rule_emit(c, MSG_VOC002_LANGUAGE, list->kids[i]->pos, list->kids[i]->str);
}

static void voc002_vocabularies(struct rule_ctx *c)
{
	const struct node *root = c->s->root;
	const struct node *events = node_get(root, "life_events");
	for (size_t i = 0; events && i < events->n; i++)
		if (!vocab_life_event(c->v, events->kids[i]->str, "nl"))
			rule_emit(c, MSG_VOC002_LIFE_EVENT, events->kids[i]->pos, events->kids[i]->str);
	const struct node *sdg = node_get(root, "sdg");
	const struct node *annex = node_get(sdg, "annex_ii");
	if (annex && !vocab_is_annex_ii(c->v, annex->str))
		rule_emit(c, MSG_VOC002_ANNEX_II, annex->pos, annex->str);
	const struct node *areas = node_get(sdg, "information_areas");
	for (size_t i = 0; areas && i < areas->n; i++)
		if (!vocab_is_information_area(c->v, areas->kids[i]->str) &&
		    !vocab_is_annex_ii(c->v, areas->kids[i]->str))
			rule_emit(c, MSG_VOC002_AREA, areas->kids[i]->pos, areas->kids[i]->str);
	const struct node *lang = node_get(root, "language");
	if (lang && !vocab_has_language(c->v, lang->str))
		rule_emit(c, MSG_VOC002_LANGUAGE, lang->pos, lang->str);
	check_languages(c, node_get(root, "languages"));
	for (size_t i = 0; i < c->s->nchannels; i++)
		check_languages(c, node_get(c->s->channels[i].node, "languages"));
	const struct node *tr = node_get(root, "translations");
	for (size_t i = 0; tr && tr->kind == NODE_MAP && i < tr->n; i++)
		if (!vocab_has_language(c->v, NODE_KEY(tr, i)->str))
			rule_emit(c, MSG_VOC002_LANGUAGE, NODE_KEY(tr, i)->pos, NODE_KEY(tr, i)->str);
}

static void voc003_layer(struct rule_ctx *c)
{
	const struct service *s = c->s;
	const struct product *p = vocab_product(c->v, s->product);
	if (p == NULL || s->agency == NULL || p->layers == 0)
		return;
	static const struct {
		enum agency_type type;
		unsigned layer;
		const char *name;
	} layers[] = {{AG_MUNICIPALITY, LAYER_GEMEENTE, "Gemeente"},
	              {AG_PROVINCE, LAYER_PROVINCIE, "Provincie"},
	              {AG_WATER_AUTHORITY, LAYER_WATERSCHAP, "Waterschap"},
	              {AG_MINISTRY, LAYER_RIJK, "Rijk"},
	              {AG_EXECUTIVE_AGENCY, LAYER_RIJK, "Rijk"}};
	for (size_t i = 0; i < sizeof layers / sizeof *layers; i++) {
		if (layers[i].type != s->agency->type || (p->layers & layers[i].layer))
			continue;
		struct buf named = {0};
		static const char *const names[] = {"Rijk", "Provincie", "Waterschap", "Gemeente"};
		for (int k = 0; k < 4; k++)
			if (p->layers & (1u << k))
				buf_printf(&named, "%s%s", named.len ? ", " : "", names[k]);
		rule_emit(c, MSG_VOC003, s->product_pos, layers[i].name, p->name, named.p);
		buf_free(&named);
	}
}

/* Every url and website in a tree; the OWMS `uri` is an identifier, not a link. */
static void check_urls(struct rule_ctx *c, const struct node *n, unsigned depth)
{
	if (depth > LOAD_MAX_DEPTH)
		return;
	if (n->kind == NODE_SEQ)
		for (size_t i = 0; i < n->n; i++)
			check_urls(c, n->kids[i], depth + 1);
	if (n->kind != NODE_MAP)
		return;
	for (size_t i = 0; i < n->n; i++) {
		const struct node *k = NODE_KEY(n, i), *v = NODE_VAL(n, i);
		if (((k->len == 3 && !memcmp(k->str, "url", 3)) || (k->len == 7 && !memcmp(k->str, "website", 7))) &&
		    v->kind == NODE_STR) {
			if (strncasecmp(v->str, "https://", 8) != 0)
				rule_emit(c, MSG_LNK001, v->pos, v->str);
		} else if (v->kind == NODE_MAP || v->kind == NODE_SEQ) {
			check_urls(c, v, depth + 1);
		}
	}
}

static void lnk001_https(struct rule_ctx *c) { check_urls(c, c->s->root, 0); }

static void con003_translation_language(struct rule_ctx *c)
{
	const struct node *tr = node_get(c->s->root, "translations");
	size_t own = strcspn(c->s->language, "-");
	for (size_t i = 0; tr && tr->kind == NODE_MAP && i < tr->n; i++) {
		const char *key = NODE_KEY(tr, i)->str;
		if (strcspn(key, "-") == own && !strncmp(key, c->s->language, own)) /* nl-NL is Dutch too */
			rule_emit(c, MSG_CON003, NODE_KEY(tr, i)->pos, key);
	}
}

/* ---- TXT001: plain text only (spec: "Text fields") ---- */

static struct pos text_pos(struct rule_ctx *c, const struct node *text, size_t offset);

static int is_alpha(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }

/* An HTML tag at s[i] ('<b>', '</p>', '<br/>', '<a href="x">'): its length, or 0. */
static size_t html_tag(const char *s, size_t i, size_t n)
{
	size_t k = i + 1;
	if (k < n && s[k] == '/')
		k++;
	if (k >= n || !is_alpha(s[k]))
		return 0;
	while (k < n && (is_alpha(s[k]) || (s[k] >= '0' && s[k] <= '9')))
		k++;
	if (k < n && s[k] != '>' && s[k] != ' ' && s[k] != '/')
		return 0;
	for (; k < n && k < i + 200 && s[k] != '\n'; k++)
		if (s[k] == '>')
			return k + 1 - i;
	return 0;
}

/* A character reference at s[i] ('&amp;', '&#39;', '&#x2019;'): its length, or 0. */
static size_t html_entity(const char *s, size_t i, size_t n)
{
	size_t k = i + 1;
	if (k < n && s[k] == '#') {
		k++;
		int hex = k < n && (s[k] == 'x' || s[k] == 'X');
		k += (size_t)hex;
		size_t d = k;
		while (k < n && ((s[k] >= '0' && s[k] <= '9') || (hex && strchr("abcdefABCDEF", s[k]))))
			k++;
		return k > d && k < n && s[k] == ';' ? k + 1 - i : 0;
	}
	size_t a = k;
	while (k < n && k < a + 10 && is_alpha(s[k]))
		k++;
	return k >= a + 2 && k < n && s[k] == ';' ? k + 1 - i : 0;
}

/* Markdown at s[i] beyond the allowed '- ' bullets: its length, or 0. `line_start`: i
 * is the first character of a line after its indentation. */
static size_t markdown(const char *s, size_t i, size_t n, int line_start)
{
	if (line_start) {
		size_t k = i;
		while (k < n && k < i + 6 && s[k] == '#')
			k++;
		if (k > i && k < n && s[k] == ' ')
			return k + 1 - i; /* # heading */
		if ((s[i] == '*' || s[i] == '+') && i + 1 < n && s[i + 1] == ' ')
			return 2; /* a bullet other than '- ' */
	}
	if ((s[i] == '*' || s[i] == '_') && i + 2 < n && s[i + 1] == s[i] && s[i + 2] != ' ') {
		for (size_t k = i + 2; k + 1 < n && s[k] != '\n'; k++)
			if (s[k] == s[i] && s[k + 1] == s[i] && s[k - 1] != ' ')
				return k + 2 - i; /* **bold** or __bold__ */
		return 0;
	}
	if (s[i] == '[') {
		const char *close = memchr(s + i, ']', n - i);
		if (close && (size_t)(close - s) + 1 < n && close[1] == '(' &&
		    memchr(close, ')', n - (size_t)(close - s)))
			return (size_t)((const char *)memchr(close, ')', n - (size_t)(close - s)) - (s + i)) + 1;
		return 0;
	}
	if (s[i] == '`') {
		const char *close = i + 1 < n ? memchr(s + i + 1, '`', n - i - 1) : NULL;
		return close && close > s + i + 1 && !memchr(s + i, '\n', (size_t)(close - (s + i)))
		               ? (size_t)(close - (s + i)) + 1
		               : 0;
	}
	return 0;
}

/* Every HTML tag (not the closing ones: '<b>' is reported, '</b>' not again), character
 * reference or Markdown of one text, at its position; at most 10 a text. */
static void check_plain_text(struct rule_ctx *c, const struct node *text, const char *field)
{
	/* The bytes a tag, a reference or Markdown can start with (or a line break). */
	static const unsigned char starts[256] = {
	        ['<'] = 1, ['&'] = 1, ['*'] = 1, ['_'] = 1, ['['] = 1, ['`'] = 1, ['#'] = 1, ['+'] = 1, ['\n'] = 1};
	const char *s = text->str;
	size_t n = text->len;
	int line_start = 1, found_n = 0;
	for (size_t i = 0; i < n && found_n < 10; i++) {
		size_t len = 0;
		enum msg_id id = MSG_TXT001_TAG;
		if (!starts[(unsigned char)s[i]]) { /* most bytes: nothing can start here */
			if (line_start && s[i] == ' ')
				continue; /* the indentation */
			/* Not at a line's start until the next '\n', which is a start byte: skip to one
			 * (strcspn: 16 bytes at a time; a node's text ends in NUL and has none inside). */
			line_start = 0;
			i += strcspn(s + i + 1, "<&*_[`#+\n");
			if (i >= n)
				break;
			continue;
		}
		if (s[i] == '<')
			len = html_tag(s, i, n);
		else if (s[i] == '&')
			len = html_entity(s, i, n), id = MSG_TXT001_ENTITY;
		else
			len = markdown(s, i, n, line_start), id = MSG_TXT001_MARKDOWN;
		if (len && !(id == MSG_TXT001_TAG && s[i + 1] == '/')) {
			char *found = xstrndup(s + i, len < 60 ? len : 60);
			rule_emit(c, id, text_pos(c, text, i), found, field);
			free(found);
			found_n++;
		}
		if (len) {
			i += len - 1;
			line_start = 0;
			continue;
		}
		if (s[i] == '\n')
			line_start = 1;
		else if (s[i] != ' ')
			line_start = 0;
	}
}

/* The text fields: every string under these keys (a list of texts included). */
static int is_text_field(const char *key)
{
	switch (key[0]) { /* the first letter: most keys are not compared at all */
	case 't':
		return !strcmp(key, "title") || !strcmp(key, "text");
	case 's':
		return !strcmp(key, "summary") || !strcmp(key, "steps");
	case 'd':
		return !strcmp(key, "description");
	case 'n':
		return !strcmp(key, "name") || !strcmp(key, "note");
	case 'r':
		return !strcmp(key, "redress") || !strcmp(key, "reason");
	case 'o':
		return !strcmp(key, "outcome");
	case 'l':
		return !strcmp(key, "legal_basis");
	case 'c':
		return !strcmp(key, "conditions");
	default:
		return 0;
	}
}

static void check_texts(struct rule_ctx *c, const struct node *n, const char *field, unsigned depth)
{
	if (depth > LOAD_MAX_DEPTH)
		return;
	if (n->kind == NODE_STR && field && is_text_field(field))
		check_plain_text(c, n, field);
	else if (n->kind == NODE_SEQ)
		for (size_t i = 0; i < n->n; i++)
			check_texts(c, n->kids[i], field, depth + 1);
	else if (n->kind == NODE_MAP)
		for (size_t i = 0; i < n->n; i++)
			check_texts(c, NODE_VAL(n, i), NODE_KEY(n, i)->str, depth + 1);
}

static void txt001_plain_text(struct rule_ctx *c) { check_texts(c, c->s->root, NULL, 0); }

/* Field constraints of the spec that JSON Schema cannot express (fixed severity). */
static void sch013_modified_not_future(struct rule_ctx *c)
{
	const struct node *m = node_get(c->s->root, "modified");
	char today[11];
	util_today(today);
	if (m && m->kind == NODE_STR && strcmp(m->str, today) > 0)
		rule_emit(c, MSG_SCH013, m->pos, m->str, today);
}

static void sch014_opening_hours(struct rule_ctx *c)
{
	for (size_t i = 0; i < c->s->nchannels; i++) {
		const struct node *hours = node_get(c->s->channels[i].node, "opening_hours");
		for (size_t k = 0; hours && hours->kind == NODE_SEQ && k < hours->n; k++) {
			const char *from = node_get_str(hours->kids[k], "from"),
			           *to = node_get_str(hours->kids[k], "to");
			if (from && to && strcmp(from, to) >= 0) /* "HH:MM" sorts as text */
				rule_emit(c, MSG_SCH014, node_get(hours->kids[k], "from")->pos, from, to);
		}
	}
}

/* ---- plain language: the summary, description, conditions and steps, in the service's
 * language and in every translation with a formula (nl: Flesch-Douma, en: Flesch) ---- */

/* The position of byte `offset` of a text: exact from the source, else estimated. */
static struct pos text_pos(struct rule_ctx *c, const struct node *text, size_t offset)
{
	struct pos p = text->pos;
	if (c->src_state == 0) {
		size_t len = 0;
		const char *src = c->cfg->source ? c->cfg->source(c->cfg->source_ctx, text->pos.file, &len) : NULL;
		c->src_state = src ? 1 : -1;
		if (src)
			readability_source_init(&c->src, src, len);
	}
	if (c->src_state < 0 || readability_source_locate(&c->src, text->pos, text->str, offset, &p.line, &p.col) != 0)
		readability_estimate(text->pos, text->str, offset, &p.line, &p.col);
	return p;
}

/* Scores are shown and judged with one decimal, as in the JSON output. */
static double round1(double x) { return floor(x * 10.0 + 0.5) / 10.0; }

/* Keep the sentences over the maximum of each text while measuring. */
static void keep_long(void *ctx, const struct rd_field_stats *f, const struct node *text, const struct rd_text *t)
{
	struct rule_ctx *c = ctx;
	(void)f;
	for (size_t i = 0; i < t->n; i++)
		if ((double)t->v[i].words > c->cfg->max_sentence_words) {
			c->longs = xgrow(c->longs, &c->longs_cap, c->nlongs + 1, sizeof *c->longs);
			c->longs[c->nlongs++] = (struct long_sentence){text, t->v[i].start, t->v[i].end, t->v[i].words};
		}
}

/* Measure the texts of the service once: the fields (PLN001) and the long sentences (PLN002). */
static void plain_measure(struct rule_ctx *c)
{
	if (!c->measured)
		c->fields = readability_service(c->s->root, c->s->language, keep_long, c, &c->nfields);
	c->measured = 1;
}

static void pln001_readability(struct rule_ctx *c)
{
	plain_measure(c);
	const struct rd_field_stats *f = c->fields;
	for (size_t i = 0; i < c->nfields; i++) {
		if (round1(f[i].score) >= c->cfg->min_readability)
			continue;
		/* A score judges the whole field: not one that failed validation in part. */
		const char *name = readability_field_name(f[i].field);
		if (!model_field_valid(c->s, node_get(c->s->root, name) == f[i].node ? name : "translations"))
			continue;
		char score[32] = "", min[32] = "", wps[32] = "", spw[32] = "";
		if (msg_texts_wanted(MSG_PLN001)) { /* four snprintf a field: not for counts alone */
			snprintf(score, sizeof score, "%.1f", round1(f[i].score));
			snprintf(min, sizeof min, "%g", c->cfg->min_readability);
			snprintf(wps, sizeof wps, "%.1f", (double)f[i].words / (double)f[i].sentences);
			snprintf(spw, sizeof spw, "%.2f", (double)f[i].syllables / (double)f[i].words);
		}
		rule_emit(c, MSG_PLN001, f[i].node->pos, readability_field_name(f[i].field), f[i].lang,
		          f[i].rl == RD_NL ? "Flesch-Douma" : "Flesch reading ease", score, min, wps, spw);
	}
}

/* The first words of a sentence, on one line, for the message. */
static char *sentence_start(const char *text, size_t start, size_t end)
{
	struct buf b = {0};
	unsigned words = 0;
	int space = 0;
	for (size_t i = start; i < end && words < 8; i++) {
		char ch = text[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			space = 1;
			continue;
		}
		if (space) {
			if (++words == 8)
				break;
			buf_addc(&b, ' ');
			space = 0;
		}
		buf_addc(&b, ch);
	}
	if (words == 8)
		buf_adds(&b, " ...");
	return buf_take(&b);
}

static void pln002_long_sentence(struct rule_ctx *c)
{
	plain_measure(c);
	for (size_t i = 0; i < c->nlongs; i++) {
		const struct long_sentence *l = &c->longs[i];
		char words[16], max[32];
		snprintf(words, sizeof words, "%u", l->words);
		snprintf(max, sizeof max, "%g", c->cfg->max_sentence_words);
		char *start = sentence_start(l->text->str, l->start, l->end);
		rule_emit(c, MSG_PLN002, text_pos(c, l->text, l->start), words, max, start);
		free(start);
	}
}

static void officialese(void *ctx, const char *lang, enum rd_lang rl, enum rd_field field,
                        const struct node *field_node, const struct node *text)
{
	struct rule_ctx *c = ctx;
	(void)lang, (void)field, (void)field_node;
	size_t offset = 0, start, end;
	const struct plain_phrase *p;
	while (offset <= text->len &&
	       (p = vocab_plain_search(c->v, rl, text->str, text->len, offset, &start, &end)) != NULL) {
		char *found = xstrndup(text->str + start, end - start);
		rule_emit(c, MSG_PLN003, text_pos(c, text, start), found, p->suggestion);
		free(found);
		offset = end > start ? end : start + 1;
		while (offset < text->len && ((unsigned char)text->str[offset] & 0xC0) == 0x80)
			offset++;
	}
}

static void pln003_officialese(struct rule_ctx *c)
{
	if (c->v->nphrases)
		readability_texts(c->s->root, c->s->language, officialese, c);
}

/* The rule table: a new rule is a function above and a row here. `needs` lists the
 * top-level fields whose values the rule judges as a whole (their absence included):
 * in a file where one of them failed validation the rule is skipped, so that a schema
 * error has no follow-on errors. Rules that judge each value on its own (a URL, a text)
 * need nothing: they run on whatever validated. CONTRIBUTING.md has this table. */
#define DIGITAL "channels evidence costs physical_presence"
static const struct rule {
	enum msg_code code;
	void (*fn)(struct rule_ctx *);
	const char *needs; /* space-separated top-level fields */
} rules[] = {
        {CODE_DIG001, dig001_non_digital, DIGITAL},
        {CODE_DIG002, dig002_not_fully_online, DIGITAL},
        {CODE_DIG003, dig003_sdg_annex_ii, DIGITAL " product sdg"},
        {CODE_DIG004, dig004_presence, "physical_presence"},
        {CODE_DIG005, dig005_digital_only, "channels"},
        {CODE_DIG006, dig006_eidas, "channels product sdg"},
        {CODE_SDG001, sdg001_information, "product sdg steps redress costs processing_time no_response"},
        {CODE_VOC001, voc001_product, "product"},
        {CODE_VOC002, voc002_vocabularies, ""},
        {CODE_VOC003, voc003_layer, "product"},
        {CODE_LNK001, lnk001_https, ""},
        {CODE_TXT001, txt001_plain_text, ""},
        {CODE_CON003, con003_translation_language, "language"},
        {CODE_SCH013, sch013_modified_not_future, ""},
        {CODE_SCH014, sch014_opening_hours, ""},
        {CODE_PLN001, pln001_readability, "language"},
        {CODE_PLN002, pln002_long_sentence, "language"},
        {CODE_PLN003, pln003_officialese, "language"},
};

/* Whether every field of a space-separated list validated in the service's file. */
static int fields_valid(const struct service *s, const char *needs)
{
	while (*needs) {
		size_t n = strcspn(needs, " ");
		for (size_t i = 0; i < s->invalid.n; i++)
			if (strlen(s->invalid.v[i]) == n && !strncmp(s->invalid.v[i], needs, n))
				return 0;
		needs += n;
		needs += strspn(needs, " ");
	}
	return 1;
}

void rules_prepare(struct service *s, const struct vocab *v)
{
	const struct product *p = vocab_product(v, s->product);
	s->annex_ii = s->sdg_annex_ii ? s->sdg_annex_ii : p ? p->annex_ii : NULL;
	s->sdg = node_get(s->root, "sdg") != NULL || (p && (p->annex_ii || p->ninformation_areas));
	model_digital_level(s);
}

void rules_config_init(struct rules_config *c, const struct vocab *v, const struct standard *st)
{
	memset(c, 0, sizeof *c);
	c->vocab = v;
	c->min_readability = st ? st->min_readability : 60;
	c->max_sentence_words = st ? st->max_sentence_words : 20;
}

void rules_run_service(struct service *s, const struct vocab *v, struct msgq *q)
{
	struct rules_config cfg;
	rules_config_init(&cfg, v, NULL);
	rules_run_service_config(s, &cfg, q);
}

void rules_run_service_config(struct service *s, const struct rules_config *cfg, struct msgq *q)
{
	struct rule_ctx c = {.s = s, .v = cfg->vocab, .q = q, .cfg = cfg};
	for (size_t i = 0; i < s->nwaivers; i++) {
		if (s->waivers[i].rule == NULL) /* it failed validation: reported there */
			continue;
		enum msg_code code = msg_code_find(s->waivers[i].rule);
		if (code == CODE__MAX || !msg_code_is_rule(code))
			msg_emit(q, MSG_CON005, s->waivers[i].pos, s->waivers[i].rule);
	}
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
		if (msg_policy[rules[i].code] != SEV_OFF && fields_valid(s, rules[i].needs))
			rules[i].fn(&c);
	if (c.measured && s->readability == NULL) { /* the outputs show the same numbers */
		s->readability = c.fields;
		s->nreadability = c.nfields;
	} else {
		free(c.fields);
	}
	free(c.longs);
	if (c.src_state > 0)
		readability_source_free(&c.src);
}

void rules_run_agency(const struct agency *a, const struct vocab *v, struct msgq *q)
{
	struct service pseudo = {0}; /* agency files have no waivers */
	pseudo.root = a->root;
	struct rule_ctx c = {.s = &pseudo, .v = v, .q = q};
	if (msg_policy[CODE_LNK001] != SEV_OFF)
		check_urls(&c, a->root, 0);
	const struct node *lang = node_get(a->root, "language");
	if (lang && lang->kind == NODE_STR && !vocab_has_language(v, lang->str) && msg_policy[CODE_VOC002] != SEV_OFF)
		rule_emit(&c, MSG_VOC002_LANGUAGE, lang->pos, lang->str);
}

void rules_check_product(const struct service *s, struct seen *seen, struct msgq *q)
{
	if (msg_policy[CODE_CON001] == SEV_OFF || s->product == NULL || s->agency == NULL ||
	    !model_field_valid(s, "product"))
		return;
	struct buf key = {0};
	buf_printf(&key, "%s\n%s", s->agency->dir, s->product);
	const char *first = seen_put(seen, key.p, s->path);
	buf_free(&key);
	if (first) {
		struct rule_ctx c = {.s = (struct service *)s, .q = q};
		rule_emit(&c, MSG_CON001, s->product_pos, s->product, first);
	}
}

void rules_run_catalogue(struct service *const *services, size_t n, struct msgq *q)
{
	/* CON001: per agency folder, a product seen before. One hash map: linear. */
	struct seen seen = {0};
	for (size_t i = 0; i < n; i++)
		rules_check_product(services[i], &seen, q);
	seen_free(&seen);
}
