/* rules.h: the rules of the standard, one function each plus one row in a table. */
#ifndef LOKET_RULES_H
#define LOKET_RULES_H

#include "model.h"
#include "msg.h"
#include "standard.h"
#include "vocab.h"

/* Derive what the rules and renderers need from the vocabularies (SDG status,
 * Annex II code) and compute the digital level. */
void rules_prepare(struct service *s, const struct vocab *v);
/* What the rules need besides the service: the vocabularies, the thresholds of the policy
 * and the source of the files (positions inside texts). No globals: main.c fills one. */
struct rules_config {
	const struct vocab *vocab;
	double min_readability;    /* plain_language_min_score (PLN001) */
	double max_sentence_words; /* plain_language_max_sentence_words (PLN002) */
	msg_source_fn source;      /* NULL: positions inside texts are estimated from the value */
	void *source_ctx;
};
/* The vocabularies v and the thresholds of the standard st (after any local policy);
 * st NULL: the standard's defaults (60, 20). No source. */
void rules_config_init(struct rules_config *c, const struct vocab *v, const struct standard *st);
/* Run every per-service rule; diagnostics go to q, except those a waiver in the
 * service silences (the waiver is marked used). */
void rules_run_service_config(struct service *s, const struct rules_config *c, struct msgq *q);
/* The same with the default thresholds and no source. */
void rules_run_service(struct service *s, const struct vocab *v, struct msgq *q);
/* Rules on an agency file. */
void rules_run_agency(const struct agency *a, const struct vocab *v, struct msgq *q);
/* CON001 for one service: its product seen before in its agency (seen: the services
 * before it in path order). */
void rules_check_product(const struct service *s, struct seen *seen, struct msgq *q);
/* Rules across the services of the catalogue (CON001); services sorted by path. */
void rules_run_catalogue(struct service *const *services, size_t n, struct msgq *q);

#endif
