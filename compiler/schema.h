/* schema.h: JSON Schema draft 2020-12, compiled once, evaluated over document trees. */
#ifndef LOKET_SCHEMA_H
#define LOKET_SCHEMA_H

#include "load.h"
#include "msg.h"
#include "node.h"

struct schema;
struct schema_set;

struct schema_set *schema_set_new(void);
/* Make the set assert formats (the default) or treat them as annotations only. */
void schema_set_format_assert(struct schema_set *set, int on);
/* Conformance testing only (tests/conformance): ignore unknown keywords, as the JSON
 * Schema specification asks, instead of refusing them with SCM001. loket itself never
 * turns this on: an unknown keyword in the standard is a mistake to report. */
void schema_set_allow_unknown(struct schema_set *set, int on);
/* The standard's synonyms (vocabularies/synonyms.yaml: fields, values, days), consulted
 * before edit distance for "did you mean" hints; the set does not own the node. */
void schema_set_synonyms(struct schema_set *set, const struct node *synonyms);
/* Add a schema document; the set takes ownership of doc. `uri` is its retrieval
 * URI, used as the base when the document has no $id. */
void schema_set_add(struct schema_set *set, struct doc *doc, const char *uri);
/* Compile every document added so far and resolve references. Returns 0 when
 * the set is usable; problems (unsupported keywords, bad patterns, unresolved
 * references) are added to q. */
int schema_set_compile(struct schema_set *set, struct msgq *q);
/* The compiled schema at an absolute URI (with an optional #fragment), or NULL. */
const struct schema *schema_set_get(struct schema_set *set, const char *uri);
/* The root document with this $id (for export), or NULL. */
const struct node *schema_set_document(const struct schema_set *set, const char *uri);
void schema_set_free(struct schema_set *set);

/* Validate inst against s; every problem goes to q with its instance path and
 * position. Returns 1 when valid. q may be NULL to only ask the question. */
int schema_validate(const struct schema *s, const struct node *inst, struct msgq *q);

/* The JSON Schema keyword nearest to an unknown one (at most two edits), or NULL:
 * for "did you mean" ('requird' -> 'required'). */
const char *schema_keyword_nearest(const char *kw);

/* The formats loket asserts, as a readable list. */
extern const char schema_formats[];

/* Resolve a URI reference against a base (RFC 3986, section 5.2). Caller frees. */
char *uri_resolve(const char *base, const char *ref);

#endif
