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
	char *dir;          /* the agency folder */
	int is_agency;      /* named agency.yaml */
	int context_only;   /* not asked for: the agency of a service that was */
	struct file_id id;  /* the file found when the folder was listed (when listed) */
	int listed;         /* id is set: loading refuses any other file at this path */
	const char *buffer; /* an editor's unsaved text that stands for the file (not owned), or NULL */
	size_t buffer_len;
	struct doc doc;
	int loaded;           /* doc.root is usable */
	int valid;            /* and it follows the schema */
	int system_error;     /* could not be read */
	int modeled;          /* agency or service below is built from a valid file */
	int partial;          /* or built from the parts of an invalid file that validated (rules only) */
	struct path_list bad; /* JSON pointers of the values that failed validation */
	int has_errors;       /* an error-severity diagnostic names this file (set by catalogue_attach_flags) */
	struct agency agency;
	struct service service;
};

struct catalogue {
	struct cat_file **files;
	size_t n, cap;
	struct hmap by_path;
	struct hmap links;           /* symbolic links reported (SYS002), by path */
	struct path_list link_paths; /* the keys of links */
};

/* Collect the files named by paths (files, or folders walked recursively) and
 * the agency.yaml beside every service. Problems go to q. Returns the number of
 * system errors (unreadable paths). */
size_t catalogue_collect(struct catalogue *c, char *const *paths, size_t npaths, struct msgq *q);
/* Add a file whose text is in memory (an editor's unsaved buffer, not copied: it must
 * outlive catalogue_load); loading reads the buffer instead of the file. Call before
 * catalogue_collect, which adds the agency.yaml beside it from disk. */
void catalogue_add_buffer(struct catalogue *c, const char *path, const char *data, size_t len);
/* Walk dir (walk_yaml_files) and report each folder or entry that could not be read as
 * SYS001 (the walk goes on past it); returns their number. Links and other files are
 * left in w for the caller. */
size_t catalogue_walk(const char *dir, unsigned max_depth, struct walk *w, struct msgq *q);
/* Load every file and validate it against the standard, on `jobs` threads. The
 * diagnostics are the same whatever the number of threads (once sorted). */
void catalogue_load(struct catalogue *c, const struct standard *st, unsigned jobs, struct msgq *q);
/* CON002 (ids and names) and CON004 (agency.yaml present). */
void catalogue_check(struct catalogue *c, struct msgq *q);
/* Build the typed model of every valid file; services are linked to their agency.
 * Error recovery: an invalid file whose top level is a mapping is modeled too, from
 * the parts that validated (the values that failed are cut out of its tree, and the
 * top-level fields they belong to are listed in service.invalid), for the rules only. */
void catalogue_model(struct catalogue *c);
/* For every modeled service: its standard version and the fields the model does not
 * know, with where the schema of its version places them (x-section, x-label). */
void catalogue_extra_fields(struct catalogue *c, const struct standard *st);
/* The services of valid files, sorted by path (an array the caller frees): what is
 * rendered and reported. */
struct service **catalogue_services(const struct catalogue *c, size_t *n);
/* The same with the partly valid services too: what the rules check. */
struct service **catalogue_checked_services(const struct catalogue *c, size_t *n);
/* Record on each service the codes of the diagnostics about its file (at most 16). */
void catalogue_attach_flags(struct catalogue *c, const struct msgq *q);
/* The same for one file, from q (diagnostics about other files are passed over). */
void catalogue_attach_file_flags(struct cat_file *f, const struct msgq *q);
/* The source of a loaded file, for the caret display (a msg_source_fn). */
const char *catalogue_source(void *ctx, const char *file, size_t *len);
size_t catalogue_system_errors(const struct catalogue *c);
void catalogue_free(struct catalogue *c);

/* The same steps for one file, for the streaming check (stream.c). */
/* Compile what validation and the extra fields need, before threads share it. */
void catalogue_prepare(const struct standard *st);
/* Load one file and validate it (f->loaded, valid, system_error, bad). */
void catalogue_load_file(struct cat_file *f, const struct standard *st, struct msgq *q);
/* Model one file (agency: the agency linked to a service, or NULL). */
void catalogue_model_file(struct cat_file *f, struct agency *agency);
void catalogue_extra_fields_file(struct cat_file *f, const struct standard *st);
void cat_file_free(struct cat_file *f);
/* A path as messages name it: without trailing slashes or a leading "./". Caller frees. */
char *catalogue_tidy(const char *path);
/* The folder of a path ("." for none). Caller frees. */
char *catalogue_dir_of(const char *path);
/* What is at a path named on the command line or beside a service, never through a link:
 * 1 a regular file (*id set), 2 something else (loading refuses it), 0 a link (reported in
 * c->links and q), -1 lstat failed (errno set). */
int catalogue_probe_named(struct catalogue *c, const char *path, struct file_id *id, struct msgq *q);
/* SYS002 for a symbolic link (path tidied), once however often it is met (c->links). */
void catalogue_report_link(struct catalogue *c, const char *path, struct msgq *q);
/* CON002: an agency's id and its folder; an id used by another agency (agency_ids). */
void catalogue_check_agency_file(const struct cat_file *f, struct seen *agency_ids, struct msgq *q);
/* CON002: a service's id and its file name; an id used twice in a folder (service_ids). */
void catalogue_check_service_file(const struct cat_file *f, struct seen *service_ids, struct msgq *q);

/* Validate one loaded document against the standard's schema for its version
 * and kind. Returns 1 when valid. */
int catalogue_validate_doc(const struct standard *st, const struct node *root, int is_agency, struct msgq *q);

#endif
