/* catalogue.c: finding the files of a catalogue, loading and validating each, and the
 * checks that need more than one file (agency folders, ids). */
#include "catalogue.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_DIR_DEPTH = 16 };

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Paths are kept as given, without a trailing slash, so messages name what the user typed. */
static char *tidy(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 2 && path[0] == '.' && path[1] == '/') {
		path += 2;
		n -= 2;
	}
	return xstrndup(path, n);
}

static struct cat_file *add_file(struct catalogue *c, const char *path, int context_only)
{
	char *p = tidy(path);
	struct cat_file *old = hmap_get(&c->by_path, p, strlen(p));
	if (old) {
		if (!context_only)
			old->context_only = 0;
		free(p);
		return old;
	}
	struct cat_file *f = xcalloc(1, sizeof *f);
	f->path = p;
	f->dir = dir_of(p);
	f->is_agency = !strcmp(base_of(p), "agency.yaml");
	f->context_only = context_only;
	c->files = xgrow(c->files, &c->cap, c->n + 1, sizeof *c->files);
	c->files[c->n++] = f;
	hmap_put(&c->by_path, f->path, strlen(f->path), f);
	return f;
}

static void report_links(struct path_list *links, struct msgq *q)
{
	for (size_t i = 0; i < links->n; i++)
		msg_emit(q, MSG_SYS002, ((struct pos){NULL, 0, 0}), links->v[i]);
}

size_t catalogue_collect(struct catalogue *c, char *const *paths, size_t npaths, struct msgq *q)
{
	size_t errors = 0;
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			msg_emit(q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), paths[i], strerror(errno));
			errors++;
		} else if (S_ISDIR(st.st_mode)) {
			struct path_list files = {0}, links = {0};
			char *failed = NULL;
			if (list_yaml_files(paths[i], &files, &links, MAX_DIR_DEPTH, &failed) != 0) {
				msg_emit(q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), failed, strerror(errno));
				free(failed);
				errors++;
			}
			for (size_t k = 0; k < files.n; k++)
				add_file(c, files.v[k], 0);
			report_links(&links, q);
			path_list_free(&files);
			path_list_free(&links);
		} else {
			add_file(c, paths[i], 0);
		}
	}
	/* Every service needs its agency: add the agency.yaml beside it for context. */
	size_t n = c->n;
	for (size_t i = 0; i < n; i++) {
		struct cat_file *f = c->files[i];
		if (f->is_agency)
			continue;
		struct buf a = {0};
		buf_printf(&a, "%s/agency.yaml", f->dir);
		struct stat st;
		if (!hmap_get(&c->by_path, a.p, a.len) && stat(a.p, &st) == 0 && S_ISREG(st.st_mode))
			add_file(c, a.p, 1);
		buf_free(&a);
	}
	return errors;
}

int catalogue_validate_doc(const struct standard *st, const struct node *root, int is_agency, struct msgq *q)
{
	const struct node *v = node_get(root, "standard");
	const char *version = st->versions.v[st->versions.n - 1];
	if (v && (v->kind == NODE_STR || node_is_number(v))) { /* otherwise the schema explains the type */
		int known = 0;
		for (size_t i = 0; i < st->versions.n; i++)
			if (!strcmp(st->versions.v[i], v->str))
				known = 1;
		if (!known) {
			char *list = standard_versions(st);
			msg_emit(q, MSG_SCH009, v->pos, v->str, list);
			free(list);
			return 0;
		}
		version = v->str;
	}
	const struct schema *s = standard_schema(st, version, is_agency ? "agency" : "service");
	if (s == NULL) {
		msg_emit(q, MSG_SCM004, root->pos, "the standard has no schema for this kind of file");
		return 0;
	}
	return schema_validate(s, root, q);
}

struct load_job {
	struct catalogue *c;
	const struct standard *st;
	struct msgq *queues; /* one per file: merged in order afterwards */
};

static void load_one(void *ctx, size_t i)
{
	struct load_job *job = ctx;
	struct cat_file *f = job->c->files[i];
	struct msgq *q = &job->queues[i];
	enum load_result r = load_yaml_file(&f->doc, f->path, &load_default_limits, q);
	f->system_error = r == LOAD_SYSTEM;
	f->loaded = r == LOAD_OK;
	if (f->loaded)
		f->valid = catalogue_validate_doc(job->st, f->doc.root, f->is_agency, q);
}

void catalogue_load(struct catalogue *c, const struct standard *st, unsigned jobs, struct msgq *q)
{
	/* Compile what validation needs before the threads share it read-only. */
	for (size_t v = 0; v < st->versions.n; v++) {
		standard_schema(st, st->versions.v[v], "service");
		standard_schema(st, st->versions.v[v], "agency");
	}
	struct load_job job = {c, st, xcalloc(c->n ? c->n : 1, sizeof *job.queues)};
	parallel_for(c->n, jobs, load_one, &job);
	for (size_t i = 0; i < c->n; i++)
		msg_merge(q, &job.queues[i]);
	free(job.queues);
}

static const struct node *id_of(const struct cat_file *f)
{
	if (!f->loaded)
		return NULL;
	const struct node *id = node_get(f->doc.root, "id");
	return id && id->kind == NODE_STR ? id : NULL;
}

static int stem_equals(const char *file, const char *id)
{
	const char *base = base_of(file);
	const char *dot = strrchr(base, '.');
	size_t n = dot ? (size_t)(dot - base) : strlen(base);
	return strlen(id) == n && !strncmp(base, id, n);
}

void catalogue_check(struct catalogue *c, struct msgq *q)
{
	struct hmap service_ids = {0}, agency_ids = {0}, agency_dirs = {0}, reported_dirs = {0};
	struct path_list keys = {0};
	for (size_t i = 0; i < c->n; i++)
		if (c->files[i]->is_agency)
			hmap_put(&agency_dirs, c->files[i]->dir, strlen(c->files[i]->dir), c->files[i]);
	for (size_t i = 0; i < c->n; i++) {
		struct cat_file *f = c->files[i];
		const struct node *id = id_of(f);
		if (f->is_agency) {
			const char *folder = base_of(f->dir);
			if (id && strcmp(folder, id->str) != 0 && strcmp(f->dir, ".") != 0)
				msg_emit(q, MSG_CON002_FOLDER, id->pos, folder, id->str);
			if (id) {
				struct cat_file *other = hmap_put(&agency_ids, id->str, id->len, f);
				if (other)
					msg_emit(q, MSG_CON002_AGENCY_DUP, id->pos, id->str, other->path);
			}
			continue;
		}
		if (!hmap_get(&agency_dirs, f->dir, strlen(f->dir)) &&
		    !hmap_put(&reported_dirs, f->dir, strlen(f->dir), f))
			msg_emit(q, MSG_CON004, ((struct pos){f->dir, 0, 0}), base_of(f->dir));
		if (id == NULL)
			continue;
		if (!stem_equals(f->path, id->str)) {
			struct buf want = {0};
			buf_printf(&want, "%s.yaml", id->str);
			msg_emit(q, MSG_CON002_FILE, id->pos, base_of(f->path), id->str, want.p);
			buf_free(&want);
		}
		struct buf key = {0};
		buf_printf(&key, "%s/%s", f->dir, id->str);
		path_list_add(&keys, key.p); /* the map keeps pointers into this list */
		struct cat_file *other = hmap_put(&service_ids, keys.v[keys.n - 1], key.len, f);
		if (other)
			msg_emit(q, MSG_CON002_DUP, id->pos, id->str, other->path);
		buf_free(&key);
	}
	hmap_free(&service_ids);
	hmap_free(&agency_ids);
	hmap_free(&agency_dirs);
	hmap_free(&reported_dirs);
	path_list_free(&keys);
}

void catalogue_model(struct catalogue *c)
{
	struct hmap agencies = {0};
	for (size_t i = 0; i < c->n; i++) {
		struct cat_file *f = c->files[i];
		if (f->is_agency && f->valid) {
			model_agency(&f->agency, f->doc.root, f->path, f->dir);
			f->modeled = 1;
			hmap_put(&agencies, f->dir, strlen(f->dir), &f->agency);
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		struct cat_file *f = c->files[i];
		if (!f->is_agency && f->valid) {
			model_service(&f->service, f->doc.root, f->path, hmap_get(&agencies, f->dir, strlen(f->dir)));
			f->modeled = 1;
		}
	}
	hmap_free(&agencies);
}

void catalogue_extra_fields(struct catalogue *c, const struct standard *st)
{
	for (size_t i = 0; i < c->n; i++) {
		struct cat_file *f = c->files[i];
		if (f->is_agency || !f->modeled)
			continue;
		const char *version = node_get_str(f->doc.root, "standard");
		const struct node *schema = version ? standard_schema_document(st, version, "service") : NULL;
		model_extra_fields(&f->service, node_get(schema, "properties"));
	}
}

static int service_cmp(const void *a, const void *b)
{
	return strcmp((*(struct service *const *)a)->path, (*(struct service *const *)b)->path);
}

struct service **catalogue_services(const struct catalogue *c, size_t *n)
{
	struct service **v = xcalloc(c->n, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < c->n; i++)
		if (!c->files[i]->is_agency && c->files[i]->modeled)
			v[(*n)++] = &c->files[i]->service;
	qsort(v, *n, sizeof *v, service_cmp);
	return v;
}

void catalogue_attach_flags(struct catalogue *c, const struct msgq *q)
{
	for (size_t i = 0; i < q->n; i++) {
		const struct diag *d = &q->d[i];
		if (d->pos.file == NULL)
			continue;
		struct cat_file *f = hmap_get(&c->by_path, d->pos.file, strlen(d->pos.file));
		if (f && d->sev == SEV_ERROR)
			f->has_errors = 1;
		if (f == NULL || f->is_agency || !f->modeled)
			continue;
		struct service *s = &f->service;
		const char *code = msg_code_name(d->code);
		int seen = 0;
		for (size_t k = 0; k < s->nflags; k++)
			seen |= !strcmp(s->flags[k], code);
		if (!seen && s->nflags < sizeof s->flags / sizeof *s->flags)
			s->flags[s->nflags++] = code;
	}
}

const char *catalogue_source(void *ctx, const char *file, size_t *len)
{
	struct catalogue *c = ctx;
	struct cat_file *f = hmap_get(&c->by_path, file, strlen(file));
	if (f == NULL || f->doc.src == NULL)
		return NULL;
	*len = f->doc.len;
	return f->doc.src;
}

size_t catalogue_system_errors(const struct catalogue *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		n += (size_t)c->files[i]->system_error;
	return n;
}

void catalogue_free(struct catalogue *c)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->files[i]->modeled && !c->files[i]->is_agency)
			model_service_free(&c->files[i]->service);
		load_doc_free(&c->files[i]->doc);
		free(c->files[i]->path);
		free(c->files[i]->dir);
		free(c->files[i]);
	}
	free(c->files);
	hmap_free(&c->by_path);
	memset(c, 0, sizeof *c);
}
