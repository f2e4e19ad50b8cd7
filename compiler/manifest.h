/* manifest.h: the build manifest (DIR/current/.loket/manifest.json): for every published
 * service and agency its source, the hashes of what it was rendered from and the files it
 * produced. The one reader and writer; its schema is schemas/manifest.schema.yaml. */
#ifndef LOKET_MANIFEST_H
#define LOKET_MANIFEST_H

#include <stddef.h>

#include "util.h"

enum { MANIFEST_VERSION = 1 };

/* A SHA-256 as 64 lowercase hex digits ("" when unknown). */
typedef char manifest_hash[65];

/* The SHA-256 of n bytes at p. */
void manifest_hash_bytes(const void *p, size_t n, manifest_hash out);
/* The same over parts: begin, add each part, end (out NULL: abandon). */
struct manifest_hasher {
	void *md; /* an EVP_MD_CTX */
};
void manifest_hash_begin(struct manifest_hasher *h);
void manifest_hash_add(struct manifest_hasher *h, const void *p, size_t n);
void manifest_hash_end(struct manifest_hasher *h, manifest_hash out);

struct manifest_file {
	char *path; /* relative to the generation: html/a/b.html */
	manifest_hash hash;
};

struct manifest_files {
	struct manifest_file *v;
	size_t n, cap;
};

void manifest_files_add(struct manifest_files *f, const char *path, const char *hash);

/* A published service: the key is agency/id. */
struct manifest_service {
	char *agency, *id;
	char *source;    /* its description, relative to the output folder (or absolute) */
	char *published; /* YYYY-MM-DD of the build that first published this version */
	char *stale;     /* kept: the date of the version kept while its source has errors; NULL */
	manifest_hash description, agency_file; /* the bytes of the description and its agency.yaml */
	manifest_hash inputs;                   /* everything it was rendered from, together */
	unsigned formats;                       /* a bit per render_backends index it was rendered in */
	struct manifest_files files;
	/* Its entry in the lists, the JSON catalogue and the linked data: */
	char *title, *product, *level, *modified;
	int citizens, businesses;
	char **life_events;
	size_t nlife_events;
};

struct manifest_agency {
	char *id, *name;
	char *source; /* its agency.yaml, relative to the output folder (or absolute) */
	manifest_hash hash;
};

struct manifest {
	unsigned generation; /* the folder .loket/gen-N it describes */
	char *date;          /* of the build */
	/* The inputs every service shares (readable) and their hash. */
	char *loket_version, *standard, *base_url, *paper;
	manifest_hash binary, schema_dir, policy, products, options;
	unsigned formats; /* a bit per render_backends index */
	struct manifest_agency *agencies;
	size_t nagencies;
	struct manifest_service *services;
	size_t nservices, cap;
	struct manifest_files files; /* files of no single service: lists, catalogues, assets */
};

/* The names of the formats, by bit, and their folders (render_backends' names and dirs):
 * set once by the caller. */
extern const char *const *manifest_format_names;
extern const char *const *manifest_format_dirs;
extern size_t manifest_nformats;

/* Read a manifest into m (zeroed first). Returns 0, 1 when there is none, or -1 when it
 * cannot be used (damaged, or of another manifest_version). */
int manifest_read(struct manifest *m, const char *path);
/* The same from n bytes at s (JSON): 0, or -1 (m freed). */
int manifest_parse(struct manifest *m, const char *s, size_t n);
/* Write m as pretty JSON to path (atomically). Returns 0, or -1 with errno set. */
int manifest_write(const struct manifest *m, const char *path);
struct manifest_service *manifest_add_service(struct manifest *m);
void manifest_service_free(struct manifest_service *s);
void manifest_free(struct manifest *m);

#endif
