/* catalogue.c: finding the files of a catalogue, loading and validating each, and the
 * checks that need more than one file (agency folders, ids). */
#include "catalogue.h"
#include "i18n.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_DIR_DEPTH = 16 };

char *catalogue_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Paths are kept as given (one slash between components, no trailing slash, no leading
 * "./"), so messages name what the user typed. */
char *catalogue_tidy(const char *path)
{
	/* One slash between components: "a//b.yaml" is the file "a/b.yaml", found once. */
	char *t = xstrdup(path);
	size_t n = 0;
	for (const char *p = path; *p; p++)
		if (*p != '/' || n == 0 || t[n - 1] != '/')
			t[n++] = *p;
	t[n] = '\0';
	while (n > 1 && t[n - 1] == '/')
		t[--n] = '\0';
	size_t skip = 0;
	while (n - skip > 2 && t[skip] == '.' && t[skip + 1] == '/')
		skip += 2;
	memmove(t, t + skip, n - skip + 1);
	return t;
}

/* Add a file (once); id is the file a listing found there, NULL when not known. */
static struct cat_file *add_file(struct catalogue *c, const char *path, int context_only, const struct file_id *id)
{
	char *p = catalogue_tidy(path);
	struct cat_file *old = hmap_get(&c->by_path, p, strlen(p));
	if (old) {
		if (!context_only)
			old->context_only = 0;
		free(p);
		return old;
	}
	struct cat_file *f = xcalloc(1, sizeof *f);
	f->path = p;
	f->dir = catalogue_dir_of(p);
	f->is_agency = !strcmp(base_of(p), "agency.yaml");
	f->context_only = context_only;
	if (id) {
		f->id = *id;
		f->listed = 1;
	}
	c->files = xgrow(c->files, &c->cap, c->n + 1, sizeof *c->files);
	c->files[c->n++] = f;
	hmap_put(&c->by_path, f->path, strlen(f->path), f);
	return f;
}

void catalogue_add_buffer(struct catalogue *c, const char *path, const char *data, size_t len)
{
	struct cat_file *f = add_file(c, path, 0, NULL);
	f->buffer = data;
	f->buffer_len = len;
}

/* A link is reported once, however many services lead to it (path tidied). */
void catalogue_report_link(struct catalogue *c, const char *path, struct msgq *q)
{
	if (hmap_get(&c->links, path, strlen(path)))
		return;
	path_list_add(&c->link_paths, path);
	hmap_put(&c->links, c->link_paths.v[c->link_paths.n - 1], strlen(path), c->link_paths.v[c->link_paths.n - 1]);
	msg_emit(q, MSG_SYS002, ((struct pos){NULL, 0, 0}), path);
}

int catalogue_probe_named(struct catalogue *c, const char *path, struct file_id *id, struct msgq *q)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return -1;
	if (S_ISLNK(st.st_mode)) {
		char *p = catalogue_tidy(path);
		catalogue_report_link(c, p, q);
		free(p);
		return 0;
	}
	*id = (struct file_id){st.st_dev, st.st_ino};
	return S_ISREG(st.st_mode) ? 1 : 2;
}

/* A file named on the command line or beside a service: never through a link. Returns 1
 * when it was added, 0 when it is a link (reported), -1 when lstat fails (errno set). */
static int add_named(struct catalogue *c, const char *path, int context_only, struct msgq *q)
{
	struct file_id id;
	int rc = catalogue_probe_named(c, path, &id, q);
	if (rc > 0) /* not regular (a FIFO, a device): loading refuses it with SYS001, unopened */
		add_file(c, path, context_only, rc == 1 ? &id : NULL);
	return rc > 0 ? 1 : rc;
}

size_t catalogue_walk(const char *dir, unsigned max_depth, struct walk *w, struct msgq *q)
{
	size_t failed = walk_yaml_files(dir, max_depth, w);
	char depth[16];
	snprintf(depth, sizeof depth, "%u", max_depth);
	for (size_t k = w->failed.n - failed; k < w->failed.n; k++) {
		if (w->errnos[k] == WALK_TOO_DEEP)
			msg_emit(q, MSG_SYS001_DEEP, ((struct pos){NULL, 0, 0}), w->failed.v[k], depth);
		else
			msg_emit(q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), w->failed.v[k],
			         strerror(w->errnos[k]));
	}
	return failed;
}

size_t catalogue_collect(struct catalogue *c, char *const *paths, size_t npaths, struct msgq *q)
{
	size_t errors = 0;
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		/* A folder the user named is walked even when it is a link: they asked for it. */
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct walk w = {0};
			errors += catalogue_walk(paths[i], MAX_DIR_DEPTH, &w, q);
			for (size_t k = 0; k < w.files.n; k++)
				add_file(c, w.files.v[k], 0, &w.ids[k]);
			for (size_t k = 0; k < w.others.n; k++) /* loading refuses each with SYS001 */
				add_file(c, w.others.v[k], 0, NULL);
			for (size_t k = 0; k < w.links.n; k++) {
				char *p = catalogue_tidy(w.links.v[k]);
				catalogue_report_link(c, p, q);
				free(p);
			}
			walk_free(&w);
		} else if (add_named(c, paths[i], 0, q) < 0) {
			msg_emit(q, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), paths[i], i18n_strerror(errno));
			errors++;
		}
	}
	/* Every service needs its agency: add the agency.yaml beside it for context (lstat:
	 * a linked agency.yaml is reported, never read). */
	size_t n = c->n;
	for (size_t i = 0; i < n; i++) {
		struct cat_file *f = c->files[i];
		if (f->is_agency)
			continue;
		struct buf a = {0};
		buf_printf(&a, "%s/agency.yaml", f->dir);
		if (!hmap_get(&c->by_path, a.p, a.len))
			(void)add_named(c, a.p, 1, q); /* absent: CON004 says so */
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
		msg_emit(q, MSG_SCM004, root->pos, _("the standard has no schema for this kind of file"));
		return 0;
	}
	return schema_validate(s, root, q);
}

void catalogue_load_file(struct cat_file *f, const struct standard *st, struct msgq *q)
{
	enum load_result r =
	        f->buffer ? load_yaml_mem(&f->doc, f->path, f->buffer, f->buffer_len, &load_default_limits, q)
	                  : load_yaml_listed(&f->doc, f->path, f->listed ? &f->id : NULL, &load_default_limits, q);
	f->system_error = r == LOAD_SYSTEM;
	f->loaded = r == LOAD_OK;
	if (!f->loaded)
		return;
	size_t from = q->n;
	f->valid = catalogue_validate_doc(st, f->doc.root, f->is_agency, q);
	for (size_t k = from; !f->valid && k < q->n; k++)
		if (q->d[k].ptr)
			path_list_add(&f->bad, q->d[k].ptr);
}

void catalogue_prepare(const struct standard *st)
{
	/* Compile what validation needs before the threads share it read-only. */
	for (size_t v = 0; v < st->versions.n; v++) {
		standard_schema(st, st->versions.v[v], "service");
		standard_schema(st, st->versions.v[v], "agency");
		standard_schema_document(st, st->versions.v[v], "service");
	}
}

struct load_job {
	struct catalogue *c;
	const struct standard *st;
	struct msgq *queues; /* one per file: merged in order afterwards */
};

static void load_one(void *ctx, size_t i)
{
	struct load_job *job = ctx;
	catalogue_load_file(job->c->files[i], job->st, &job->queues[i]);
}

void catalogue_load(struct catalogue *c, const struct standard *st, unsigned jobs, struct msgq *q)
{
	catalogue_prepare(st);
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

void catalogue_check_agency_file(const struct cat_file *f, struct seen *agency_ids, struct msgq *q)
{
	const struct node *id = id_of(f);
	if (id == NULL)
		return;
	const char *folder = base_of(f->dir);
	if (strcmp(folder, id->str) != 0 && strcmp(f->dir, ".") != 0)
		msg_emit(q, MSG_CON002_FOLDER, id->pos, folder, id->str);
	const char *other = seen_put(agency_ids, id->str, f->path);
	if (other)
		msg_emit(q, MSG_CON002_AGENCY_DUP, id->pos, id->str, other);
}

void catalogue_check_service_file(const struct cat_file *f, struct seen *service_ids, struct msgq *q)
{
	const struct node *id = id_of(f);
	if (id == NULL)
		return;
	if (!stem_equals(f->path, id->str)) {
		struct buf want = {0};
		buf_printf(&want, "%s.yaml", id->str);
		msg_emit(q, MSG_CON002_FILE, id->pos, base_of(f->path), id->str, want.p);
		buf_free(&want);
	}
	if (!strcmp(id->str, "index")) /* html/<agency>/index.html is the agency's page */
		msg_emit(q, MSG_CON002_RESERVED, id->pos, id->str);
	struct buf key = {0};
	buf_printf(&key, "%s/%s", f->dir, id->str);
	const char *other = seen_put(service_ids, key.p, f->path);
	if (other)
		msg_emit(q, MSG_CON002_DUP, id->pos, id->str, other);
	buf_free(&key);
}

void catalogue_check(struct catalogue *c, struct msgq *q)
{
	struct hmap agency_dirs = {0}, reported_dirs = {0};
	struct seen service_ids = {0}, agency_ids = {0};
	for (size_t i = 0; i < c->n; i++)
		if (c->files[i]->is_agency)
			hmap_put(&agency_dirs, c->files[i]->dir, strlen(c->files[i]->dir), c->files[i]);
	for (size_t i = 0; i < c->n; i++) {
		struct cat_file *f = c->files[i];
		if (f->is_agency) {
			catalogue_check_agency_file(f, &agency_ids, q);
			continue;
		}
		struct buf agency = {0}; /* a linked agency.yaml is reported as SYS002, not as missing */
		buf_printf(&agency, "%s/agency.yaml", f->dir);
		if (!hmap_get(&agency_dirs, f->dir, strlen(f->dir)) && !hmap_get(&c->links, agency.p, agency.len) &&
		    !hmap_put(&reported_dirs, f->dir, strlen(f->dir), f))
			msg_emit(q, MSG_CON004, ((struct pos){f->dir, 0, 0}), base_of(f->dir));
		buf_free(&agency);
		catalogue_check_service_file(f, &service_ids, q);
	}
	seen_free(&service_ids);
	seen_free(&agency_ids);
	hmap_free(&agency_dirs);
	hmap_free(&reported_dirs);
}

/* Cut the values that failed validation out of an invalid file's tree and list the
 * top-level fields they belong to. Returns 0 when nothing can be trusted (a problem
 * with the whole file, or no problem with a place). */
/* The node at bad pointer p in root, and its parent: the first step through `top` (the top
 * level's values by key, for a large top level) so that thousands of bad fields cost no
 * scan each. */
static struct node *find_bad(struct node *root, const struct hmap *top, const char *p, struct node **parent)
{
	size_t n = strcspn(p + 1, "/");
	if (top == NULL || memchr(p + 1, '~', n)) /* an escaped token: node_at unescapes */
		return node_at(root, p, parent);
	struct node *v = hmap_get(top, p + 1, n);
	*parent = root;
	if (v == NULL || p[1 + n] == '\0')
		return v;
	return node_at(v, p + 1 + n, parent);
}

/* Take every node in `gone` (a set of node pointers) out of parent, in one pass. */
static void remove_marked(struct node *parent, const struct hmap *gone)
{
	size_t step = parent->kind == NODE_MAP ? 2 : 1, kept = 0;
	for (size_t i = 0; i < parent->n; i++) {
		const struct node *child = parent->kids[i * step + step - 1];
		if (hmap_get(gone, (const char *)&child, sizeof child))
			continue;
		memmove(&parent->kids[kept * step], &parent->kids[i * step], step * sizeof *parent->kids);
		kept++;
	}
	parent->n = (uint32_t)kept;
}

/* Error recovery: take the fields that failed validation out of the tree, so that the model
 * and the rules see the parts that passed. Linear in the number of bad fields (a file can
 * have a hundred thousand): the top level is looked up by key, the removed nodes are a set
 * and each parent is compacted once. */
static int prune(struct cat_file *f, struct path_list *invalid)
{
	if (f->valid || !f->loaded || f->doc.root->kind != NODE_MAP || f->bad.n == 0)
		return 0;
	struct node *root = f->doc.root;
	for (size_t i = 0; i < f->bad.n; i++)
		if (*f->bad.v[i] != '/')
			return 0; /* the top level itself */
	struct hmap top = {0}, tops = {0}, gone = {0}, parents = {0};
	if (root->n > 16)
		for (size_t i = 0; i < root->n; i++)
			hmap_put(&top, NODE_KEY(root, i)->str, NODE_KEY(root, i)->len, NODE_VAL(root, i));
	/* Find every node first: taking one out of a list moves the indices after it. */
	struct node **found = xcalloc(f->bad.n, sizeof *found), **from = xcalloc(f->bad.n, sizeof *from);
	struct node **distinct = xcalloc(f->bad.n, sizeof *distinct); /* each parent once */
	size_t ndistinct = 0;
	for (size_t i = 0; i < f->bad.n; i++) {
		const char *p = f->bad.v[i];
		size_t n = strcspn(p + 1, "/");
		if (hmap_put(&tops, p + 1, n, (void *)p) == NULL) {
			char *name = xstrndup(p + 1, n);
			path_list_add(invalid, name);
			free(name);
		}
		found[i] = find_bad(root, root->n > 16 ? &top : NULL, p, &from[i]);
		if (found[i] && from[i]) {
			hmap_put(&gone, (const char *)&found[i], sizeof found[i], found[i]);
			if (hmap_put(&parents, (const char *)&from[i], sizeof from[i], from[i]) == NULL)
				distinct[ndistinct++] = from[i];
		}
	}
	for (size_t i = 0; i < ndistinct; i++)
		remove_marked(distinct[i], &gone);
	free(distinct);
	hmap_free(&top);
	hmap_free(&tops);
	hmap_free(&gone);
	hmap_free(&parents);
	free(found);
	free(from);
	return 1;
}

void catalogue_model_file(struct cat_file *f, struct agency *agency)
{
	struct path_list invalid = {0};
	if (f->is_agency && f->valid) {
		model_agency(&f->agency, f->doc.root, f->path, f->dir);
		f->modeled = 1;
	} else if (f->is_agency && prune(f, &invalid)) {
		model_agency(&f->agency, f->doc.root, f->path, f->dir);
		f->partial = 1;
	} else if (!f->is_agency && (f->valid || prune(f, &invalid))) {
		model_service(&f->service, f->doc.root, f->path, agency);
		f->service.invalid = invalid;
		f->modeled = f->valid;
		f->partial = !f->valid;
		return;
	}
	path_list_free(&invalid);
}

void catalogue_model(struct catalogue *c)
{
	struct hmap agencies = {0};
	for (size_t i = 0; i < c->n; i++) {
		struct cat_file *f = c->files[i];
		if (!f->is_agency)
			continue;
		catalogue_model_file(f, NULL);
		if (f->modeled)
			hmap_put(&agencies, f->dir, strlen(f->dir), &f->agency);
	}
	for (size_t i = 0; i < c->n; i++)
		if (!c->files[i]->is_agency)
			catalogue_model_file(c->files[i],
			                     hmap_get(&agencies, c->files[i]->dir, strlen(c->files[i]->dir)));
	hmap_free(&agencies);
}

void catalogue_extra_fields_file(struct cat_file *f, const struct standard *st)
{
	if (f->is_agency || !f->modeled)
		return;
	const char *version = node_get_str(f->doc.root, "standard");
	const struct node *schema = version ? standard_schema_document(st, version, "service") : NULL;
	model_extra_fields(&f->service, node_get(schema, "properties"));
}

void catalogue_extra_fields(struct catalogue *c, const struct standard *st)
{
	for (size_t i = 0; i < c->n; i++)
		catalogue_extra_fields_file(c->files[i], st);
}

static int service_cmp(const void *a, const void *b)
{
	return strcmp((*(struct service *const *)a)->path, (*(struct service *const *)b)->path);
}

static struct service **services(const struct catalogue *c, size_t *n, int partial_too)
{
	struct service **v = xcalloc(c->n ? c->n : 1, sizeof *v);
	*n = 0;
	for (size_t i = 0; i < c->n; i++)
		if (!c->files[i]->is_agency && (c->files[i]->modeled || (partial_too && c->files[i]->partial)))
			v[(*n)++] = &c->files[i]->service;
	qsort(v, *n, sizeof *v, service_cmp);
	return v;
}

struct service **catalogue_services(const struct catalogue *c, size_t *n) { return services(c, n, 0); }

struct service **catalogue_checked_services(const struct catalogue *c, size_t *n) { return services(c, n, 1); }

/* What diagnostic d says about f, a file it names: errors keep f from being rendered;
 * the codes of a service's diagnostics become its flags (the pages show some). */
static void attach_one(struct cat_file *f, const struct diag *d)
{
	if (d->sev == SEV_ERROR)
		f->has_errors = 1;
	if (f->is_agency || !f->modeled)
		return;
	struct service *s = &f->service;
	const char *code = msg_code_name(d->code);
	int seen = 0;
	for (size_t k = 0; k < s->nflags; k++)
		seen |= !strcmp(s->flags[k], code);
	if (!seen && s->nflags < sizeof s->flags / sizeof *s->flags)
		s->flags[s->nflags++] = code;
}

void catalogue_attach_flags(struct catalogue *c, const struct msgq *q)
{
	for (size_t i = 0; i < q->n; i++) {
		const struct diag *d = &q->d[i];
		struct cat_file *f = d->pos.file ? hmap_get(&c->by_path, d->pos.file, strlen(d->pos.file)) : NULL;
		if (f)
			attach_one(f, d);
	}
}

void catalogue_attach_file_flags(struct cat_file *f, const struct msgq *q)
{
	for (size_t i = 0; i < q->n; i++)
		if (q->d[i].pos.file && !strcmp(q->d[i].pos.file, f->path))
			attach_one(f, &q->d[i]);
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

void cat_file_free(struct cat_file *f)
{
	if ((f->modeled || f->partial) && !f->is_agency)
		model_service_free(&f->service);
	path_list_free(&f->bad);
	load_doc_free(&f->doc);
	free(f->path);
	free(f->dir);
	free(f);
}

void catalogue_free(struct catalogue *c)
{
	for (size_t i = 0; i < c->n; i++)
		cat_file_free(c->files[i]);
	free(c->files);
	hmap_free(&c->by_path);
	hmap_free(&c->links);
	path_list_free(&c->link_paths);
	memset(c, 0, sizeof *c);
}
