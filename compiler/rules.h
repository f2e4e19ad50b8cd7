/* rules.h: the rules of the standard, one function each plus one row in a table. */
#ifndef LOKET_RULES_H
#define LOKET_RULES_H

#include "model.h"
#include "msg.h"
#include "vocab.h"

/* Derive what the rules and renderers need from the vocabularies (SDG status,
 * Annex II code) and compute the digital level. */
void rules_prepare(struct service *s, const struct vocab *v);
/* Run every per-service rule; diagnostics go to q, except those a waiver in the
 * service silences (the waiver is marked used). */
void rules_run_service(struct service *s, const struct vocab *v, struct msgq *q);
/* Rules on an agency file. */
void rules_run_agency(const struct agency *a, const struct vocab *v, struct msgq *q);
/* Rules across the services of the catalogue (CON001); services sorted by path. */
void rules_run_catalogue(struct service *const *services, size_t n, struct msgq *q);

#endif
