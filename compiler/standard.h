/* standard.h: the standard loket checks against: schemas per version, vocabularies and
 * the policy, built in or read from a schema directory. */
#ifndef LOKET_STANDARD_H
#define LOKET_STANDARD_H

#include "load.h"
#include "schema.h"

#define STANDARD_BASE "https://loket.example/standard/"

/* schemas/ as compiled into the binary (build/embedded.c, generated): names relative to schemas/. */
extern const struct embedded_file standard_embedded[];

struct standard {
	struct schema_set *set;
	struct path_list versions; /* known versions, sorted */
	struct path_list schemas;  /* "version/kind" of every schema file */
	struct doc *policy;
	struct doc **vocabularies;
	char **vocabulary_names;
	size_t nvocabularies;
	struct doc *local_policy;
	struct path_list paths; /* the files of --schema-dir, as messages and documents name them */
	struct doc **unusable;  /* files that did not load: kept, their messages name them */
	size_t nunusable;
	/* Thresholds of the policy (plain language). */
	double min_readability;    /* plain_language_min_score */
	double max_sentence_words; /* plain_language_max_sentence_words */
};

/* Load the built-in standard (dir NULL) or the one in dir. Problems go to q.
 * Returns 0 on success, -1 when the standard is unusable, -2 on a system error. */
int standard_load(struct standard *st, const char *dir, struct msgq *q);
/* Apply an agency's local policy on top of the standard's: stricter only; an
 * attempt to loosen is reported (POL001) and ignored. Returns 0, -1 when the file
 * is not a policy, -2 when it cannot be read. */
int standard_local_policy(struct standard *st, const char *path, struct msgq *q);
/* The schema for a kind ("service", "agency") of a version, or NULL. */
const struct schema *standard_schema(const struct standard *st, const char *version, const char *kind);
/* The known versions as "1.0, 1.1"; caller frees. */
char *standard_versions(const struct standard *st);
/* The schema document of a kind and version, as written. */
const struct node *standard_schema_document(const struct standard *st, const char *version, const char *kind);
/* A vocabulary document by name ("products", "life-events", "languages"), or NULL. */
const struct node *standard_vocabulary(const struct standard *st, const char *name);
/* The schema of a kind as one JSON document, with the other schemas of its
 * version bundled under $defs (JSON Schema 2020-12 bundling). Returns -1 when
 * there is no such schema. */
int standard_export_json(const struct standard *st, const char *version, const char *kind, struct buf *out);
/* Resolve a $ref against base in the standard's documents (a JSON pointer fragment is
 * followed); *nbase receives the target document's $id. NULL when it does not resolve. */
const struct node *standard_resolve_ref(const struct standard *st, const char *base, const char *ref,
                                        const char **nbase);
void standard_free(struct standard *st);

#endif
