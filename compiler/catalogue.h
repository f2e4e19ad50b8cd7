/* catalogue.h: finding the files of a catalogue, loading and validating each, and the
 * checks that need more than one file (agency folders, ids). */
#ifndef LOKET_CATALOGUE_H
#define LOKET_CATALOGUE_H

#include "load.h"
#include "model.h"
#include "msg.h"
#include "standard.h"

struct cat_file {
	char *path;
	char *dir;        /* the agency folder */
	int is_agency;    /* named agency.yaml */
	int context_only; /* not asked for: the agency of a service that was */
	struct doc doc;
	int loaded;       /* doc.root is usable */
	int valid;        /* and it follows the schema */
	int system_error; /* could not be read */
	int modeled;      /* agency or service below is built */
	int has_errors;   /* an error-severity diagnostic names this file (set by catalogue_attach_flags) */
	struct agency agency;
	struct service service;
};

struct catalogue {
	struct cat_file **files;
	size_t n, cap;
	struct hmap by_path;
};

/* Collect the files named by paths (files, or folders walked recursively) and
 * the agency.yaml beside every service. Problems go to q. Returns the number of
 * system errors (unreadable paths). */
size_t catalogue_collect(struct catalogue *c, char *const *paths, size_t npaths, struct msgq *q);
/* Load every file and validate it against the standard, on `jobs` threads. The
 * diagnostics are the same whatever the number of threads (once sorted). */
void catalogue_load(struct catalogue *c, const struct standard *st, unsigned jobs, struct msgq *q);
/* CON002 (ids and names) and CON004 (agency.yaml present). */
void catalogue_check(struct catalogue *c, struct msgq *q);
/* Build the typed model of every valid file; services are linked to their agency. */
void catalogue_model(struct catalogue *c);
/* For every modeled service: its standard version and the fields the model does not
 * know, with where the schema of its version places them (x-section, x-label). */
void catalogue_extra_fields(struct catalogue *c, const struct standard *st);
/* The modeled services, sorted by path (an array the caller frees). */
struct service **catalogue_services(const struct catalogue *c, size_t *n);
/* Record on each service the codes of the diagnostics about its file (at most 16). */
void catalogue_attach_flags(struct catalogue *c, const struct msgq *q);
/* The source of a loaded file, for the caret display (a msg_source_fn). */
const char *catalogue_source(void *ctx, const char *file, size_t *len);
size_t catalogue_system_errors(const struct catalogue *c);
void catalogue_free(struct catalogue *c);

/* Validate one loaded document against the standard's schema for its version
 * and kind. Returns 1 when valid. */
int catalogue_validate_doc(const struct standard *st, const struct node *root, int is_agency, struct msgq *q);

#endif
