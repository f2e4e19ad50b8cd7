/* publish.c: a build published as one transaction. The output folder holds generations
 * (.loket/gen-N) behind one symbolic link, DIR/current, switched with one rename; html,
 * json and leaflets in DIR are links through it. One build at a time holds
 * DIR/.loket/lock. The manifest of each generation says what every service was rendered
 * from, so what did not change is linked from the previous generation, and a service
 * whose description has errors keeps its published version. */
#define _GNU_SOURCE /* renameat2 */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "rules.h"

static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;

/* The service the stream renders on this thread, and its manifest entry's index. */
static _Thread_local const struct service *cur_service;
static _Thread_local size_t cur_index;
static _Thread_local const struct cat_file *cur_file; /* its file */

/* What p->inputs says of a source: asked for, or only the agency of a service that was. */
static char input_mark, context_mark;
#define INPUT   ((void *)&input_mark)
#define CONTEXT ((void *)&context_mark)

static void sys_error(struct msgq *q, const char *what, const char *path)
{
	struct buf b = {0};
	buf_printf(&b, "%s %s: %s", what, path, i18n_strerror(errno));
	render_report(q, b.p); /* the render threads report to the same queue */
	buf_free(&b);
}

/* ---- paths ---- */

/* The path of a source file relative to the real output folder (so a manifest holds the
 * same paths from any working directory), or its absolute path when they share nothing
 * but the root, or the path as given when its folder cannot be resolved. Caller frees. */
static char *source_key(const struct publish *p, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	char *real = realpath(*dir ? dir : "/", NULL);
	free(dir);
	if (real == NULL || p->outreal == NULL) {
		free(real);
		return xstrdup(path);
	}
	struct buf abs = {0};
	buf_printf(&abs, "%s/%s", strcmp(real, "/") ? real : "", slash ? slash + 1 : path);
	free(real);
	/* The longest common folder of abs and outreal. */
	const char *a = abs.p, *o = p->outreal;
	size_t common = 0;
	for (size_t i = 0; a[i] && a[i] == o[i]; i++)
		if (a[i] == '/')
			common = i;
	if (o[strlen(o)] == 0 && !strncmp(a, o, strlen(o)) && a[strlen(o)] == '/')
		common = strlen(o);
	if (common == 0)
		return buf_take(&abs);
	struct buf rel = {0};
	for (const char *s = o + common; *s; s++)
		if (*s == '/')
			buf_adds(&rel, "../");
	buf_adds(&rel, a + common + 1);
	buf_free(&abs);
	return buf_take(&rel);
}

/* A source path of the manifest as a path to open. Caller frees. */
static char *source_path(const struct publish *p, const char *key)
{
	struct buf b = {0};
	if (key[0] == '/')
		buf_adds(&b, key);
	else
		buf_printf(&b, "%s/%s", p->outreal ? p->outreal : p->outdir, key);
	return buf_take(&b);
}

/* The generation number of ".loket/gen-N", or 0. */
static unsigned gen_number(const char *name)
{
	if (strncmp(name, "gen-", 4) != 0 || !name[4] || strspn(name + 4, "0123456789") != strlen(name + 4) ||
	    strlen(name + 4) > 9)
		return 0;
	return (unsigned)strtoul(name + 4, NULL, 10);
}

/* ---- the lock, the published generation, leftovers ---- */

static void remove_leftovers(struct publish *p, unsigned current)
{
	struct path_list gone = {0};
	struct buf dir = {0};
	buf_printf(&dir, "%s/.loket", p->outdir);
	DIR *d = opendir(dir.p);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		unsigned n = gen_number(e->d_name);
		if (n && n != current) {
			struct buf g = {0};
			buf_printf(&g, "%s/%s", dir.p, e->d_name);
			path_list_add(&gone, g.p);
			buf_free(&g);
		}
	}
	if (d)
		closedir(d);
	d = opendir(p->outdir);
	while (d && (e = readdir(d)) != NULL)
		if (!strncmp(e->d_name, ".loket-staging-", 15) || !strncmp(e->d_name, ".loket-tmp-", 11)) {
			struct buf g = {0};
			buf_printf(&g, "%s/%s", p->outdir, e->d_name);
			path_list_add(&gone, g.p);
			buf_free(&g);
		}
	if (d)
		closedir(d);
	for (size_t i = 0; i < gone.n; i++)
		render_remove_tree(gone.v[i]);
	path_list_free(&gone);
	buf_free(&dir);
}

int publish_open(struct publish *p, const char *outdir, int no_wait)
{
	memset(p, 0, sizeof *p);
	p->outdir = outdir;
	p->lock_fd = -1;
	struct buf b = {0};
	buf_printf(&b, "%s/.loket", outdir);
	if ((mkdir(outdir, 0755) != 0 && errno != EEXIST) || (mkdir(b.p, 0755) != 0 && errno != EEXIST)) {
		fprintf(stderr, _("loket: cannot make the output folder %s: %s\n"), b.p, i18n_strerror(errno));
		buf_free(&b);
		return -1;
	}
	struct stat st;
	if (lstat(b.p, &st) != 0 || !S_ISDIR(st.st_mode)) { /* a link planted there is not followed */
		fprintf(stderr, _("loket: %s is not a folder (a symbolic link?); remove it and build again\n"), b.p);
		buf_free(&b);
		return -1;
	}
	buf_adds(&b, "/lock");
	p->lock_fd = open(b.p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (p->lock_fd < 0) {
		fprintf(stderr, _("loket: cannot open the lock %s: %s\n"), b.p, i18n_strerror(errno));
		buf_free(&b);
		return -1;
	}
	if (flock(p->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK) {
			fprintf(stderr, _("loket: cannot lock %s: %s\n"), b.p, i18n_strerror(errno));
			buf_free(&b);
			return -1;
		}
		if (no_wait) {
			fprintf(stderr,
			        _("loket: another build is writing to %s (it holds %s); --no-wait: giving up\n"),
			        outdir, b.p);
			buf_free(&b);
			return -1;
		}
		fprintf(stderr, _("loket: waiting for another build to finish writing to %s (it holds %s)\n"), outdir,
		        b.p);
		int rc;
		while ((rc = flock(p->lock_fd, LOCK_EX)) != 0 && errno == EINTR)
			;
		if (rc != 0) {
			fprintf(stderr, _("loket: cannot lock %s: %s\n"), b.p, i18n_strerror(errno));
			buf_free(&b);
			return -1;
		}
	}
	buf_free(&b);
	p->outreal = realpath(outdir, NULL);
	/* The published generation: DIR/current -> .loket/gen-N. */
	char target[PATH_MAX];
	buf_printf(&b, "%s/current", outdir);
	ssize_t n = readlink(b.p, target, sizeof target - 1);
	buf_free(&b);
	unsigned current = 0;
	if (n > 7 && !strncmp(target, ".loket/", 7)) {
		target[n] = 0;
		current = gen_number(target + 7);
	}
	buf_printf(&b, "%s/.loket/gen-%u", outdir, current);
	if (current && (lstat(b.p, &st) != 0 || !S_ISDIR(st.st_mode)))
		current = 0; /* not a generation of ours: nothing is reused from it */
	buf_free(&b);
	remove_leftovers(p, current);
	if (current) {
		buf_printf(&b, "%s/.loket/gen-%u", outdir, current);
		p->old_gen = buf_take(&b);
		buf_printf(&b, "%s/.loket/manifest.json", p->old_gen);
		int rc = manifest_read(&p->old, b.p);
		if (rc < 0)
			fprintf(stderr,
			        "loket: the manifest %s cannot be read (damaged, or of another version): every "
			        "service is rendered again and none can be kept\n",
			        b.p);
		p->have_old = rc == 0;
		buf_free(&b);
	}
	p->next.generation = (p->have_old && p->old.generation > current ? p->old.generation : current) + 1;
	for (size_t i = 0; p->have_old && i < p->old.nservices; i++) {
		struct manifest_service *s = &p->old.services[i];
		struct buf key = {0};
		buf_printf(&key, "%s/%s", s->agency, s->id);
		char *k = buf_take(&key);
		if (hmap_put(&p->old_services, k, strlen(k), s) != NULL)
			free(k);
		size_t *count = hmap_get(&p->old_per_agency, s->agency, strlen(s->agency));
		if (count == NULL) {
			p->old_counts =
			        xgrow(p->old_counts, &p->old_counts_cap, p->old_ncounts + 1, sizeof *p->old_counts);
			count = (size_t *)(uintptr_t)++p->old_ncounts; /* an index + 1 until the array stops moving */
			hmap_put(&p->old_per_agency, s->agency, strlen(s->agency), count);
		}
		p->old_counts[(uintptr_t)count - 1]++;
		for (size_t f = 0; f < s->files.n; f++)
			hmap_put(&p->old_files, s->files.v[f].path, strlen(s->files.v[f].path), s->files.v[f].hash);
	}
	for (size_t f = 0; p->have_old && f < p->old.files.n; f++)
		hmap_put(&p->old_files, p->old.files.v[f].path, strlen(p->old.files.v[f].path), p->old.files.v[f].hash);
	return 0;
}

/* ---- what the next generation holds ---- */

static int by_agency_and_id(const void *a, const void *b)
{
	const struct service *x = *(const struct service *const *)a, *y = *(const struct service *const *)b;
	int c = strcmp(x->agency->id, y->agency->id);
	return c ? c : strcmp(x->id, y->id);
}

static int agency_by_id(const void *a, const void *b)
{
	const struct agency *x = *(const struct agency *const *)a, *y = *(const struct agency *const *)b;
	return strcmp(x->id, y->id);
}

void publish_sort(struct render_ctx *ctx)
{
	if (ctx->nservices > 1)
		qsort(ctx->services, ctx->nservices, sizeof *ctx->services, by_agency_and_id);
	if (ctx->nagencies > 1)
		qsort(ctx->agencies, ctx->nagencies, sizeof *ctx->agencies, agency_by_id);
}

static char *snapshot_path(const char *gen, const char *agency, const char *id)
{
	struct buf b = {0};
	if (id)
		buf_printf(&b, "%s/.loket/src/%s/%s.yaml", gen, agency, id);
	else
		buf_printf(&b, "%s/.loket/src/%s/agency.yaml", gen, agency);
	return buf_take(&b);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 || errno != ENOENT;
}

/* ---- the plan: what the next generation holds ---- */

/* Published descriptions loaded again (their diagnostics are not this build's). */
static void load_snapshots(struct run *r, const struct options *o, struct path_list *snaps)
{
	struct options so = *o;
	so.werror = 0;
	run_pipeline(r, &so, (int)snaps->n, snaps->v, 0);
	catalogue_attach_flags(&r->cat, &r->q);
}

void publish_input(struct publish *p, const char *path, int context_only)
{
	char *key = source_key(p, path);
	path_list_add(&p->keys, key);
	p->ninputs++;
	hmap_put(&p->inputs, p->keys.v[p->keys.n - 1], strlen(key), context_only ? CONTEXT : INPUT);
	free(key);
}

static void fresh_agency(struct publish *p, const struct agency *a)
{
	hmap_put(&p->fresh_agencies, a->id, strlen(a->id), (void *)a);
}

static void fresh_service(struct publish *p, const struct service *s)
{
	struct buf k = {0};
	buf_printf(&k, "%s/%s", s->agency->id, s->id);
	path_list_add(&p->keys, k.p);
	hmap_put(&p->fresh_services, p->keys.v[p->keys.n - 1], k.len, INPUT);
	buf_free(&k);
}

/* The published agencies that stay without being among the inputs' valid ones: loaded
 * again from their snapshots and added to ctx->agencies (not sorted). */
static void plan_agencies(struct publish *p, const struct options *o, struct render_ctx *ctx)
{
	struct path_list snaps = {0};
	for (size_t i = 0; i < ctx->nagencies; i++)
		fresh_agency(p, ctx->agencies[i]);
	for (size_t i = 0; p->have_old && i < p->old.nagencies; i++) {
		const struct manifest_agency *a = &p->old.agencies[i];
		if (hmap_get(&p->fresh_agencies, a->id, strlen(a->id)))
			continue;
		char *src = source_path(p, a->source);
		int gone = !exists(src) || (o->replace && !hmap_get(&p->inputs, a->source, strlen(a->source)));
		free(src);
		if (!gone) {
			char *snap = snapshot_path(p->old_gen, a->id, NULL);
			path_list_add(&snaps, snap);
			hmap_put(&p->snap_agencies, a->id, strlen(a->id), (void *)a);
			free(snap);
		}
	}
	if (snaps.n) {
		load_snapshots(&p->snap_ag, o, &snaps);
		p->have_snap_ag = 1;
		struct catalogue *c = &p->snap_ag.cat;
		ctx->agencies = xrealloc(ctx->agencies, (ctx->nagencies + c->n + 1) * sizeof *ctx->agencies);
		for (size_t i = 0; i < c->n; i++) {
			struct cat_file *f = c->files[i];
			if (f->is_agency && f->modeled && !f->has_errors && f->agency.id &&
			    hmap_get(&p->snap_agencies, f->agency.id, strlen(f->agency.id)) &&
			    !hmap_get(&p->fresh_agencies, f->agency.id, strlen(f->agency.id))) {
				f->agency.rendered = 1;
				ctx->agencies[ctx->nagencies++] = &f->agency;
				fresh_agency(p, &f->agency);
			}
		}
	}
	path_list_free(&snaps);
}

/* The published services that stay without being rendered from the inputs: kept (their
 * description has errors now: last known good) or carried (not among the inputs), loaded
 * again from their snapshots and added to ctx->services, marked stale where kept. */
static void plan_services(struct publish *p, const struct options *o, struct render_ctx *ctx)
{
	struct path_list snaps = {0};
	for (size_t i = 0; p->have_old && i < p->old.nservices; i++) {
		struct manifest_service *s = &p->old.services[i];
		struct buf k = {0};
		buf_printf(&k, "%s/%s", s->agency, s->id);
		int fresh = hmap_get(&p->fresh_services, k.p, k.len) != NULL;
		buf_free(&k);
		if (fresh)
			continue;
		char *src = source_path(p, s->source);
		int in_inputs = hmap_get(&p->inputs, s->source, strlen(s->source)) == INPUT;
		int gone = !exists(src) || (o->replace && !in_inputs);
		free(src);
		if (gone || !(hmap_get(&p->fresh_agencies, s->agency, strlen(s->agency)) ||
		              hmap_get(&p->snap_agencies, s->agency, strlen(s->agency)))) {
			p->dropped++;
			continue;
		}
		char *snap = snapshot_path(p->old_gen, s->agency, s->id);
		path_list_add(&snaps, snap);
		free(snap);
		if (in_inputs) { /* its description has errors now: last known good */
			p->kept = xgrow(p->kept, &p->kept_cap, p->nkept + 1, sizeof *p->kept);
			p->kept[p->nkept].source = xstrdup(s->source);
			p->kept[p->nkept].date = xstrdup(s->published);
			hmap_put(&p->source_of, p->kept[p->nkept].source, strlen(s->source), p->kept[p->nkept].date);
			p->nkept++;
		}
	}
	size_t nfresh = ctx->nservices;
	if (snaps.n) {
		load_snapshots(&p->snap, o, &snaps);
		p->have_snap = 1;
		struct catalogue *c = &p->snap.cat;
		ctx->services = xrealloc(ctx->services, (ctx->nservices + c->n + 1) * sizeof *ctx->services);
		for (size_t i = 0; i < c->n; i++) {
			struct cat_file *f = c->files[i];
			if (f->is_agency || f->context_only)
				continue;
			struct service *s = &f->service;
			const struct agency *a = f->modeled && s->agency ? hmap_get(&p->fresh_agencies, s->agency->id,
			                                                            strlen(s->agency->id))
			                                                 : NULL;
			if (f->has_errors || a == NULL) {
				fprintf(stderr,
				        "loket: the published version %s no longer passes the standard and cannot be "
				        "kept\n",
				        f->path);
				p->dropped++;
				continue;
			}
			s->agency = a; /* the agency of this build where it has one */
			s->rendered = 1;
			ctx->services[ctx->nservices++] = s;
		}
	}
	/* Kept services are marked stale, with the date of their version. */
	for (size_t i = nfresh; i < ctx->nservices; i++) {
		struct buf k = {0};
		buf_printf(&k, "%s/%s", ctx->services[i]->agency->id, ctx->services[i]->id);
		struct manifest_service *old = hmap_get(&p->old_services, k.p, k.len);
		buf_free(&k);
		if (old && (old->stale || hmap_get(&p->source_of, old->source, strlen(old->source))))
			ctx->services[i]->stale = old->published;
	}
	path_list_free(&snaps);
}

void publish_plan(struct publish *p, const struct run *r, const struct options *o, struct render_ctx *ctx)
{
	p->run = r;
	/* Every file among the inputs, by the key the manifest uses (agency.yaml beside a
	 * service that was named counts as an input of the agency, not of the services). */
	for (size_t i = 0; i < r->cat.n; i++)
		publish_input(p, r->cat.files[i]->path, r->cat.files[i]->context_only);
	plan_agencies(p, o, ctx);
	for (size_t i = 0; i < ctx->nservices; i++)
		fresh_service(p, ctx->services[i]);
	plan_services(p, o, ctx);
	publish_sort(ctx);
}

const char *publish_kept_date(const struct publish *p, const char *path)
{
	char *key = source_key(p, path);
	const char *date = hmap_get(&p->source_of, key, strlen(key));
	free(key);
	return date;
}

/* ---- the inputs' hashes and the next manifest ---- */

/* The bytes of a loaded file of either run. */
static const char *source_bytes(const struct publish *p, const char *path, size_t *len)
{
	const struct cat_file *f = cur_file && !strcmp(cur_file->path, path) ? cur_file : NULL;
	if (f == NULL && p->run)
		f = hmap_get(&p->run->cat.by_path, path, strlen(path));
	if (f == NULL)
		f = hmap_get(&p->agency_files, path, strlen(path));
	if (f == NULL && p->have_snap_ag)
		f = hmap_get(&p->snap_ag.cat.by_path, path, strlen(path));
	if (f == NULL && p->have_snap)
		f = hmap_get(&p->snap.cat.by_path, path, strlen(path));
	*len = f && f->doc.src ? f->doc.len : 0;
	return f && f->doc.src ? f->doc.src : "";
}

static void hash_file(const char *path, size_t max, manifest_hash out)
{
	char *data = NULL;
	size_t len = 0;
	out[0] = 0;
	if (path && read_file(path, max, &data, &len) == 0)
		manifest_hash_bytes(data, len, out);
	free(data);
}

/* The inputs every service shares: loket itself (its code and the built-in standard), a
 * --schema-dir, the policy and product list, the options and the date the pages show. */
static void shared_inputs(struct publish *p, const struct options *o, const struct render_ctx *ctx)
{
	struct manifest *m = &p->next;
	m->date = xstrdup(ctx->date);
	m->loket_version = xstrdup(LOKET_VERSION);
	m->standard = xstrdup(o->schema_dir ? "--schema-dir" : "built-in");
	m->base_url = o->base_url ? xstrdup(o->base_url) : NULL;
	m->paper = xstrdup(ctx->paper_a5 ? "a5" : "a4");
	hash_file("/proc/self/exe", (size_t)1 << 30, m->binary);
	if (o->schema_dir) {
		struct walk w = {0};
		struct buf all = {0};
		walk_yaml_files(o->schema_dir, 16, &w); /* a folder that cannot be read fails the load itself */
		for (size_t i = 0; i < w.files.n; i++) {
			manifest_hash h;
			hash_file(w.files.v[i], (size_t)64 << 20, h);
			buf_printf(&all, "%s %s\n", w.files.v[i], h);
		}
		manifest_hash_bytes(all.p ? all.p : "", all.len, m->schema_dir);
		buf_free(&all);
		walk_free(&w);
	}
	if (o->policy)
		hash_file(o->policy, (size_t)64 << 20, m->policy);
	if (o->products)
		hash_file(o->products, (size_t)256 << 20, m->products);
	struct buf b = {0};
	buf_printf(&b,
	           "manifest %d\nloket %s %s\nschema-dir %s\npolicy %s\nproducts %s\nbase-url %s\npaper %s\ndate %s\n",
	           MANIFEST_VERSION, m->loket_version, m->binary, m->schema_dir, m->policy, m->products,
	           m->base_url ? m->base_url : "", m->paper, m->date);
	manifest_hash_bytes(b.p, b.len, m->options);
	buf_free(&b);
}

/* Whether path is a published description loaded again. */
static int from_snapshot(const struct publish *p, const char *path)
{
	return (p->have_snap && hmap_get(&p->snap.cat.by_path, path, strlen(path))) ||
	       (p->have_snap_ag && hmap_get(&p->snap_ag.cat.by_path, path, strlen(path)));
}

/* The manifest's entry of s; what the lists show of it comes from its render entry. */
static void entry_for(struct publish *p, struct manifest_service *e, const struct service *s,
                      const struct render_entry *re, unsigned formats)
{
	struct buf k = {0};
	buf_printf(&k, "%s/%s", s->agency->id, s->id);
	const struct manifest_service *old = hmap_get(&p->old_services, k.p, k.len);
	buf_free(&k);
	size_t len;
	const char *src = source_bytes(p, s->path, &len);
	manifest_hash_bytes(src, len, e->description);
	src = source_bytes(p, s->agency->path, &len);
	manifest_hash_bytes(src, len, e->agency_file);
	e->agency = xstrdup(s->agency->id);
	e->id = xstrdup(s->id);
	/* A kept or carried service keeps its source; a fresh one names where it was read. */
	int snapshot = from_snapshot(p, s->path);
	e->source = snapshot && old ? xstrdup(old->source) : source_key(p, s->path);
	e->stale = s->stale ? xstrdup(s->stale) : NULL;
	struct buf all = {0};
	buf_printf(&all, "%s\n%s\n%s\n%s\n", p->next.options, e->description, e->agency_file, e->stale ? e->stale : "");
	for (size_t i = 0; i < s->nflags; i++)
		buf_printf(&all, "%s ", s->flags[i]);
	manifest_hash_bytes(all.p, all.len, e->inputs);
	buf_free(&all);
	e->published = xstrdup(old && (snapshot || (!strcmp(old->description, e->description) &&
	                                            !strcmp(old->agency_file, e->agency_file)))
	                               ? old->published
	                               : p->next.date);
	e->formats = formats;
	e->title = xstrdup(re->title);
	e->product = xstrdup(re->product);
	e->level = xstrdup(model_level_name(re->level));
	e->modified = re->modified ? xstrdup(re->modified) : NULL;
	e->citizens = re->citizens;
	e->businesses = re->businesses;
	if (re->life_events.n) {
		e->life_events = xcalloc(re->life_events.n, sizeof *e->life_events);
		for (size_t i = 0; i < re->life_events.n; i++)
			e->life_events[e->nlife_events++] = xstrdup(re->life_events.v[i]);
	}
}

/* ---- reuse during rendering (render_hooks) ---- */

static struct manifest_service *entry_of(struct publish *p, const struct service *s)
{
	if (s == cur_service)
		return &p->next.services[cur_index];
	return hmap_get(&p->entry_of, (const char *)&s, sizeof s);
}

/* Link a file of the previous generation into the next one. Returns 0, or -1. */
static int link_old(const struct publish *p, const char *relpath, const char *to)
{
	struct buf from = {0};
	buf_printf(&from, "%s/%s", p->old_gen, relpath);
	int rc = link(from.p, to);
	if (rc != 0 && errno == EEXIST && unlink(to) == 0)
		rc = link(from.p, to);
	buf_free(&from);
	return rc;
}

/* Link the files of s for the running back-end from the previous generation when its
 * inputs are the same. Returns 1 when it did, 0 when s must be rendered. */
static int reuse_files(struct publish *p, const struct render_ctx *ctx, const struct service *s)
{
	struct manifest_service *e = entry_of(p, s);
	struct buf k = {0};
	buf_printf(&k, "%s/%s", e->agency, e->id);
	const struct manifest_service *old = hmap_get(&p->old_services, k.p, k.len);
	buf_free(&k);
	const char *dir = render_backends[ctx->backend].dir;
	size_t dirlen = strlen(dir), first = e->files.n;
	if (old == NULL || strcmp(old->inputs, e->inputs) != 0 || !(old->formats & (1u << ctx->backend)))
		return 0;
	int any = 0;
	for (size_t i = 0; i < old->files.n; i++) {
		const char *rel = old->files.v[i].path;
		if (strncmp(rel, dir, dirlen) != 0 || rel[dirlen] != '/')
			continue;
		struct buf to = {0};
		buf_printf(&to, "%s/%s", ctx->root, rel);
		int rc = render_make_parents(ctx, to.p) == 0 ? link_old(p, rel, to.p) : -1;
		buf_free(&to);
		if (rc != 0) { /* not there any more: render it after all */
			for (size_t f = first; f < e->files.n; f++)
				free(e->files.v[f].path);
			e->files.n = first;
			return 0;
		}
		manifest_files_add(&e->files, rel, old->files.v[i].hash);
		any = 1;
	}
	return any;
}

static int hook_reuse(void *arg, const struct render_ctx *ctx, const struct service *s)
{
	struct publish *p = arg;
	int rc = reuse_files(p, ctx, s);
	if (rc == 0)
		p->fresh[entry_of(p, s) - p->next.services] = 1; /* rendered in at least one format */
	return rc;
}

/* Record a file of the next generation with its hash; 1 when the published generation
 * has the same bytes at relpath. */
static int record_file(struct publish *p, const struct service *s, const char *relpath, const char *h)
{
	struct manifest_service *e = s ? entry_of(p, s) : NULL;
	pthread_mutex_lock(&files_lock);
	manifest_files_add(e ? &e->files : &p->next.files, relpath, h);
	const char *old = p->old_gen ? hmap_get(&p->old_files, relpath, strlen(relpath)) : NULL;
	pthread_mutex_unlock(&files_lock);
	return old && !strcmp(old, h);
}

static int hook_file(void *arg, const struct render_ctx *ctx, const struct service *s, const char *relpath,
                     const char *path, const void *data, size_t len)
{
	struct publish *p = arg;
	manifest_hash h;
	manifest_hash_bytes(data, len, h);
	(void)ctx;
	/* The same bytes as the published file: link it (no write, the same inode). */
	return record_file(p, s, relpath, h) && link_old(p, relpath, path) == 0;
}

static int hook_written(void *arg, const struct render_ctx *ctx, const struct service *s, const char *relpath,
                        const char *path, const char *hash)
{
	struct publish *p = arg;
	(void)ctx;
	if (!record_file(p, s, relpath, hash))
		return 0;
	/* Share the published file's inode: linked beside it, then renamed over it, so the file
	 * written stays when that fails (it is as good). */
	struct buf from = {0}, tmp = {0};
	buf_printf(&from, "%s/%s", p->old_gen, relpath);
	buf_printf(&tmp, "%s.link", path);
	if (link(from.p, tmp.p) == 0 && rename(tmp.p, path) != 0)
		unlink(tmp.p);
	buf_free(&from);
	buf_free(&tmp);
	return 0;
}

static int hook_group(void *arg, const struct render_ctx *ctx, const char *relpath, size_t from, size_t to)
{
	struct publish *p = arg;
	const char *old_hash = p->old_gen ? hmap_get(&p->old_files, relpath, strlen(relpath)) : NULL;
	if (old_hash == NULL || from >= to)
		return 0;
	/* The same services as before (none added or removed), each with the same inputs. */
	const char *agency = ctx->services[from]->agency->id;
	void *at = hmap_get(&p->old_per_agency, agency, strlen(agency));
	size_t before = at ? p->old_counts[(uintptr_t)at - 1] : 0;
	if (before != to - from)
		return 0;
	for (size_t i = from; i < to; i++) {
		const struct manifest_service *e = entry_of(p, ctx->services[i]);
		struct buf k = {0};
		buf_printf(&k, "%s/%s", e->agency, e->id);
		const struct manifest_service *old = hmap_get(&p->old_services, k.p, k.len);
		buf_free(&k);
		if (old == NULL || strcmp(old->inputs, e->inputs) != 0 || !(old->formats & (1u << ctx->backend)))
			return 0;
	}
	struct buf to_path = {0};
	buf_printf(&to_path, "%s/%s", ctx->root, relpath);
	int rc = render_make_parents(ctx, to_path.p) == 0 && link_old(p, relpath, to_path.p) == 0;
	buf_free(&to_path);
	if (rc) {
		pthread_mutex_lock(&files_lock);
		manifest_files_add(&p->next.files, relpath, old_hash);
		pthread_mutex_unlock(&files_lock);
	}
	return rc;
}

/* ---- the next generation ---- */

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct manifest_file *)a)->path, ((const struct manifest_file *)b)->path);
}

static void sort_files(struct manifest_files *f)
{
	if (f->n > 1) /* (qsort of NULL is undefined, even for no items) */
		qsort(f->v, f->n, sizeof *f->v, file_cmp);
}

/* The published descriptions, beside the generation: .loket/src/<agency>/<id>.yaml. */
static int write_snapshot(struct publish *p, const struct render_ctx *ctx, const char *path, const char *agency,
                          const char *id)
{
	struct msgq *q = ctx->q;
	char *to = snapshot_path(p->new_gen, agency, id);
	int rc = render_make_parents(ctx, to);
	if (rc == 0 && p->old_gen) { /* the same bytes as published: link */
		char *from = snapshot_path(p->old_gen, agency, id);
		char *data = NULL;
		size_t len = 0, mine;
		const char *src = source_bytes(p, path, &mine);
		if (read_file(from, (size_t)64 << 20, &data, &len) == 0 && len == mine && !memcmp(data, src, len) &&
		    link(from, to) == 0) {
			free(data);
			free(from);
			free(to);
			return 0;
		}
		free(data);
		free(from);
	}
	size_t len;
	const char *src = source_bytes(p, path, &len);
	if (rc == 0)
		rc = write_file_new(to, src, len); /* inside the generation: published with it */
	if (rc != 0)
		sys_error(q, "cannot write", to);
	free(to);
	return rc;
}

/* Point DIR/name at target with one rename (a folder in the way is exchanged, then removed). */
static int point(struct publish *p, const char *name, const char *target, struct msgq *q)
{
	struct buf link_path = {0}, tmp = {0};
	buf_printf(&link_path, "%s/%s", p->outdir, name);
	buf_printf(&tmp, "%s/.loket-tmp-%s", p->outdir, name);
	char have[PATH_MAX];
	ssize_t n = readlink(link_path.p, have, sizeof have - 1);
	int rc = 0;
	if (n < 0 || (size_t)n != strlen(target) || memcmp(have, target, (size_t)n) != 0) {
		unlink(tmp.p);
		struct stat st;
		rc = symlink(target, tmp.p);
		if (rc == 0 && lstat(link_path.p, &st) == 0 && S_ISDIR(st.st_mode)) {
			/* A folder of an earlier loket: exchange it for the link, then remove it. */
			rc = renameat2(AT_FDCWD, tmp.p, AT_FDCWD, link_path.p, RENAME_EXCHANGE);
			if (rc == 0)
				render_remove_tree(tmp.p);
		} else if (rc == 0) {
			rc = rename(tmp.p, link_path.p);
		}
		if (rc != 0)
			sys_error(q, "cannot publish", link_path.p);
	}
	buf_free(&link_path);
	buf_free(&tmp);
	return rc;
}

/* The previous generation, no longer published, removed on a thread of its own
 * (publish_close waits for it, so it is gone when the lock is released). */
static void *remove_old(void *path)
{
	render_remove_tree(path);
	return NULL;
}

/* Start the next generation: its folder, the inputs every service shares, the hooks
 * through which unchanged files are reused. Returns 0, or -1 after reporting. */
static int begin_generation(struct publish *p, const struct options *o, struct render_ctx *ctx, unsigned formats)
{
	shared_inputs(p, o, ctx);
	p->next.formats = formats;
	struct buf b = {0};
	buf_printf(&b, "%s/.loket/gen-%u", p->outdir, p->next.generation);
	p->new_gen = buf_take(&b);
	render_remove_tree(p->new_gen);
	if (mkdir(p->new_gen, 0755) != 0) {
		sys_error(ctx->q, "cannot make the generation folder", p->new_gen);
		return -1;
	}
	ctx->root = p->new_gen;
	p->hooks = (struct render_hooks){hook_reuse, hook_file, hook_group, hook_written};
	ctx->hooks = &p->hooks;
	ctx->hooks_arg = p;
	p->dirs = (struct render_dirs){.lock = PTHREAD_MUTEX_INITIALIZER};
	ctx->dirs = &p->dirs;
	return 0;
}

/* The manifest's entries of the agencies of ctx. */
static void agency_entries(struct publish *p, const struct render_ctx *ctx)
{
	p->next.agencies = xcalloc(ctx->nagencies ? ctx->nagencies : 1, sizeof *p->next.agencies);
	for (size_t i = 0; i < ctx->nagencies; i++) {
		const struct agency *a = ctx->agencies[i];
		struct manifest_agency *m = &p->next.agencies[p->next.nagencies++];
		size_t len;
		const char *src = source_bytes(p, a->path, &len);
		m->id = xstrdup(a->id);
		m->name = xstrdup(a->name ? a->name : a->id);
		const struct manifest_agency *old = NULL;
		for (size_t k = 0; from_snapshot(p, a->path) && p->have_old && k < p->old.nagencies; k++)
			if (!strcmp(p->old.agencies[k].id, a->id))
				old = &p->old.agencies[k];
		m->source = old ? xstrdup(old->source) : source_key(p, a->path);
		manifest_hash_bytes(src, len, m->hash);
	}
}

static int service_entry_cmp(const void *a, const void *b)
{
	const struct manifest_service *x = a, *y = b;
	int c = strcmp(x->agency, y->agency);
	return c ? c : strcmp(x->id, y->id);
}

/* Switch DIR/current and the format links to the new generation; the previous one is
 * removed on a thread. Returns 0, or -1 after reporting (nothing switched). */
static int switch_generation(struct publish *p, struct render_ctx *ctx, unsigned formats)
{
	struct buf b = {0};
	buf_printf(&b, ".loket/gen-%u", p->next.generation);
	int rc = point(p, "current", b.p, ctx->q);
	buf_free(&b);
	if (rc != 0)
		return -1;
	for (size_t i = 0; i < render_nbackends; i++) {
		buf_printf(&b, "current/%s", render_backends[i].dir);
		if (formats & (1u << i)) {
			point(p, render_backends[i].dir, b.p, ctx->q);
		} else { /* not in this generation: a link of ours to it goes */
			char have[PATH_MAX];
			struct buf l = {0};
			buf_printf(&l, "%s/%s", p->outdir, render_backends[i].dir);
			ssize_t n = readlink(l.p, have, sizeof have - 1);
			if (n >= 0 && (size_t)n == b.len && !memcmp(have, b.p, b.len))
				unlink(l.p);
			buf_free(&l);
		}
		buf_free(&b);
	}
	if (p->old_gen) /* while the diagnostics are printed and the models freed */
		p->removing = pthread_create(&p->remover, NULL, remove_old, p->old_gen) == 0;
	if (p->old_gen && !p->removing)
		render_remove_tree(p->old_gen);
	return 0;
}

/* After the services: the agencies' snapshots, the manifest, the switch. rc: how the
 * rendering went; on failure the published generation stays as it is. */
static int finish_generation(struct publish *p, struct render_ctx *ctx, unsigned formats, int rc)
{
	for (size_t i = 0; i < p->next.nservices; i++)
		p->rendered += p->fresh[i];
	p->reused = p->next.nservices - p->rendered;
	for (size_t i = 0; rc == 0 && i < ctx->nagencies; i++)
		rc = write_snapshot(p, ctx, ctx->agencies[i]->path, ctx->agencies[i]->id, NULL);
	ctx->hooks = NULL;
	ctx->dirs = NULL;
	render_dirs_free(&p->dirs);
	render_release(ctx);
	agency_entries(p, ctx);
	if (p->next.nservices > 1)
		qsort(p->next.services, p->next.nservices, sizeof *p->next.services, service_entry_cmp);
	for (size_t i = 0; i < p->next.nservices; i++)
		sort_files(&p->next.services[i].files);
	sort_files(&p->next.files);
	if (rc == 0) {
		struct buf b = {0};
		buf_printf(&b, "%s/.loket", p->new_gen);
		if (mkdir(b.p, 0755) != 0 && errno != EEXIST) /* no snapshot made it: nothing rendered */
			rc = -1;
		buf_adds(&b, "/manifest.json");
		if (rc != 0 || (rc = manifest_write(&p->next, b.p)) != 0)
			sys_error(ctx->q, "cannot write", b.p);
		buf_free(&b);
	}
	if (rc == 0)
		rc = switch_generation(p, ctx, formats);
	if (rc != 0) /* the published generation stays as it is */
		render_remove_tree(p->new_gen);
	return rc != 0 ? -1 : 0;
}

int publish_build(struct publish *p, const struct options *o, struct render_ctx *ctx, unsigned formats)
{
	if (begin_generation(p, o, ctx, formats) != 0)
		return -1;
	/* What the aggregate files need of each service, then its manifest entry from that. */
	if (render_prepare(ctx, formats) != 0) {
		render_release(ctx);
		render_dirs_free(&p->dirs);
		render_remove_tree(p->new_gen);
		return -1;
	}
	/* One entry per service, in ctx->services' order. */
	p->fresh = xcalloc(ctx->nservices ? ctx->nservices : 1, 1);
	p->next.services = xcalloc(ctx->nservices ? ctx->nservices : 1, sizeof *p->next.services);
	p->next.cap = ctx->nservices ? ctx->nservices : 1;
	for (size_t i = 0; i < ctx->nservices; i++) {
		struct manifest_service *e = manifest_add_service(&p->next);
		entry_for(p, e, ctx->services[i], &ctx->entries[i], formats);
		hmap_put(&p->entry_of, (const char *)&ctx->services[i], sizeof ctx->services[i], e);
	}
	/* Render into the new generation, reusing what did not change. */
	int rc = render_run(ctx, formats);
	for (size_t i = 0; rc == 0 && i < ctx->nservices; i++)
		rc = write_snapshot(p, ctx, ctx->services[i]->path, ctx->services[i]->agency->id, ctx->services[i]->id);
	return finish_generation(p, ctx, formats, rc);
}

/* ---- the streaming build: agencies first, then service by service ---- */

void publish_stream_agency(struct publish *p, const struct cat_file *f)
{
	hmap_put(&p->agency_files, f->path, strlen(f->path), (void *)f);
}

/* Render s (a fresh service, or one kept from the published generation) into slot i of the
 * generation: its entry for the aggregate files, its manifest entry, its files in every
 * format, its snapshot. Any thread: ctx is this thread's copy. */
static int publish_one(struct publish *p, struct render_ctx *ctx, const struct service *s, size_t i)
{
	struct render_entry *re = &p->entries[i];
	if (render_entry_build(ctx, s, re) != 0)
		return -1;
	entry_for(p, &p->next.services[i], s, re, p->next.formats);
	cur_service = s;
	cur_index = i;
	int rc = render_service(ctx, s, re);
	if (rc == 0)
		rc = write_snapshot(p, ctx, s->path, s->agency->id, s->id);
	cur_service = NULL;
	return rc;
}

/* The next slot of the generation (manifest entry, render entry, fresh mark); on the
 * writer only: while the render threads run, the arrays have room (publish_stream_begin). */
static size_t claim_slot(struct publish *p)
{
	size_t i = p->next.nservices;
	if (i >= p->next.cap || i >= p->entries_cap || i >= p->fresh_cap) { /* never while they run */
		manifest_add_service(&p->next);
		p->next.nservices--;
		p->entries = xgrow(p->entries, &p->entries_cap, i + 1, sizeof *p->entries);
		p->fresh = xgrow(p->fresh, &p->fresh_cap, i + 1, 1);
	}
	memset(&p->next.services[i], 0, sizeof p->next.services[i]);
	memset(&p->entries[i], 0, sizeof p->entries[i]);
	p->fresh[i] = 0;
	p->next.nservices = i + 1;
	return i;
}

static unsigned whole_formats(unsigned formats);

enum { QUEUE_PER_THREAD = 4 };

struct render_job {
	struct cat_file *f;
	size_t slot;
};

/* The render threads take the services the writer hands over, in any order. */
struct render_pool {
	struct publish *p;
	const struct render_ctx *ctx;
	pthread_mutex_t m;
	pthread_cond_t work, room;
	struct render_job *ring;
	size_t size, head, tail; /* jobs [head, tail) wait */
	int stop;
	pthread_t *threads;
	unsigned nthreads;
};

static void *render_thread(void *arg)
{
	struct render_pool *rp = arg;
	struct render_ctx ctx = *rp->ctx; /* its own back-end index and language */
	pthread_mutex_lock(&rp->m);
	for (;;) {
		while (!rp->stop && rp->head == rp->tail)
			pthread_cond_wait(&rp->work, &rp->m);
		if (rp->head == rp->tail)
			break;
		struct render_job j = rp->ring[rp->head++ % rp->size];
		pthread_cond_signal(&rp->room);
		pthread_mutex_unlock(&rp->m);
		if (!atomic_load(&rp->p->failed)) {
			cur_file = j.f;
			if (publish_one(rp->p, &ctx, &j.f->service, j.slot) != 0)
				atomic_store(&rp->p->failed, 1);
			cur_file = NULL;
		}
		cat_file_free(j.f);
		pthread_mutex_lock(&rp->m);
	}
	pthread_mutex_unlock(&rp->m);
	return NULL;
}

static void pool_start(struct publish *p, const struct render_ctx *ctx)
{
	struct render_pool *rp = p->pool = xcalloc(1, sizeof *rp);
	rp->p = p;
	rp->ctx = ctx;
	pthread_mutex_init(&rp->m, NULL);
	pthread_cond_init(&rp->work, NULL);
	pthread_cond_init(&rp->room, NULL);
	unsigned n = ctx->jobs ? ctx->jobs : 1;
	rp->size = (size_t)n * QUEUE_PER_THREAD;
	rp->ring = xcalloc(rp->size, sizeof *rp->ring);
	rp->threads = xcalloc(n, sizeof *rp->threads);
	while (rp->nthreads < n && pthread_create(&rp->threads[rp->nthreads], NULL, render_thread, rp) == 0)
		rp->nthreads++;
	if (rp->nthreads == 0)
		die(_("cannot start a thread: %s"), i18n_strerror(errno));
}

/* Wait for the services handed over, stop the threads. */
static void pool_stop(struct publish *p)
{
	struct render_pool *rp = p->pool;
	if (rp == NULL)
		return;
	pthread_mutex_lock(&rp->m);
	rp->stop = 1;
	pthread_cond_broadcast(&rp->work);
	pthread_mutex_unlock(&rp->m);
	for (unsigned i = 0; i < rp->nthreads; i++)
		pthread_join(rp->threads[i], NULL);
	pthread_mutex_destroy(&rp->m);
	pthread_cond_destroy(&rp->work);
	pthread_cond_destroy(&rp->room);
	free(rp->ring);
	free(rp->threads);
	free(rp);
	p->pool = NULL;
}

int publish_stream_begin(struct publish *p, const struct options *o, struct render_ctx *ctx, unsigned formats)
{
	plan_agencies(p, o, ctx);
	publish_sort(ctx);
	if (begin_generation(p, o, ctx, formats) != 0 || render_open(ctx, formats) != 0) {
		atomic_store(&p->failed, 1);
		return -1;
	}
	/* Room for every input and every published service: no array moves while the render
	 * threads write into it. */
	size_t room = p->ninputs + (p->have_old ? p->old.nservices : 0) + 1;
	p->next.services = xcalloc(room, sizeof *p->next.services);
	p->next.cap = room;
	p->entries = xcalloc(room, sizeof *p->entries);
	p->entries_cap = room;
	p->fresh = xcalloc(room, 1);
	p->fresh_cap = room;
	pool_start(p, ctx);
	return 0;
}

int publish_stream_service(struct publish *p, struct cat_file *f)
{
	if (atomic_load(&p->failed) || p->pool == NULL)
		return 0;
	fresh_service(p, &f->service);
	struct render_pool *rp = p->pool;
	size_t slot = claim_slot(p);
	if (whole_formats(p->next.formats)) { /* its file is read again for the leaflets and feeds */
		p->again = xgrow(p->again, &p->again_cap, p->nagain + 1, sizeof *p->again);
		p->again[p->nagain++] = (struct again){xstrdup(f->path), f->id, f->listed, slot};
	}
	pthread_mutex_lock(&rp->m);
	while (rp->tail - rp->head == rp->size)
		pthread_cond_wait(&rp->room, &rp->m);
	rp->ring[rp->tail++ % rp->size] = (struct render_job){f, slot};
	pthread_cond_signal(&rp->work);
	pthread_mutex_unlock(&rp->m);
	return 1;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct render_entry *x = a, *y = b;
	int c = strcmp(x->agency->id, y->agency->id);
	return c ? c : strcmp(x->id, y->id);
}

/* ---- leaflets and feeds in the stream: a few agencies at a time ---- */

/* The back-ends in formats that need all services of an agency at once (pdf, sc). */
static unsigned whole_formats(unsigned formats)
{
	unsigned whole = 0;
	for (size_t i = 0; i < render_nbackends; i++)
		if ((formats >> i & 1u) && render_backends[i].render)
			whole |= 1u << i;
	return whole;
}

/* A service of an agency's group: a fresh one is read again (again), a kept one is in
 * memory (kept); slot: its manifest entry. */
struct member {
	const char *agency, *id;
	size_t slot;
	const struct again *again;
	const struct service *kept;
};

static int member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c = strcmp(x->agency, y->agency);
	return c ? c : strcmp(x->id, y->id);
}

/* The model of a fresh service again, from its file: the same bytes as when it was checked
 * (the manifest's hash), or -1 after reporting. */
static struct cat_file *load_again(struct publish *p, const struct render_ctx *ctx, const struct standard *st,
                                   const struct member *m, const struct agency *a)
{
	struct cat_file *f = xcalloc(1, sizeof *f);
	f->path = xstrdup(m->again->path);
	f->dir = catalogue_dir_of(f->path);
	f->listed = m->again->listed;
	f->id = m->again->id;
	struct msgq q = {0}; /* said when it was checked */
	catalogue_load_file(f, st, &q);
	msg_free(&q);
	if (f->loaded)
		catalogue_model_file(f, (struct agency *)a);
	catalogue_extra_fields_file(f, st); /* fields newer than this loket, shown too */
	if (f->modeled)                     /* what the rules add to the model (the digital level's steps) */
		rules_prepare(&f->service, ctx->vocab);
	manifest_hash h = "";
	if (f->loaded)
		manifest_hash_bytes(f->doc.src, f->doc.len, h);
	if (!f->modeled || strcmp(h, p->next.services[m->slot].description) != 0) {
		struct buf b = {0};
		buf_printf(&b, "%s changed while the build ran: its leaflet and feed cannot be made", f->path);
		render_report(ctx->q, b.p);
		buf_free(&b);
		cat_file_free(f);
		return NULL;
	}
	f->service.rendered = 1;
	return f;
}

/* The whole-agency back-ends for the n services of a few agencies (m sorted by agency). */
static int render_group(struct publish *p, const struct render_ctx *ctx, const struct standard *st,
                        const struct member *m, size_t n, unsigned whole)
{
	struct service **v = xcalloc(n, sizeof *v);
	struct cat_file **files = xcalloc(n, sizeof *files);
	const struct agency **agencies = xcalloc(n, sizeof *agencies);
	size_t nagencies = 0, nv = 0;
	const struct agency *a = NULL;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (i == 0 || strcmp(m[i].agency, m[i - 1].agency) != 0) {
			a = hmap_get(&p->fresh_agencies, m[i].agency, strlen(m[i].agency));
			if (a)
				agencies[nagencies++] = a;
		}
		if (a == NULL) /* (every service rendered has its agency rendered) */
			continue;
		if (m[i].kept) {
			v[nv] = (struct service *)m[i].kept;
		} else if ((files[i] = load_again(p, ctx, st, &m[i], a)) != NULL) {
			v[nv] = &files[i]->service;
		} else {
			rc = -1;
			break;
		}
		hmap_put(&p->entry_of, (const char *)&v[nv], sizeof v[nv], &p->next.services[m[i].slot]);
		nv++;
	}
	struct render_ctx sub = *ctx; /* these agencies alone */
	sub.services = v;
	sub.nservices = nv;
	sub.agencies = agencies;
	sub.nagencies = nagencies;
	for (size_t b = 0; b < render_nbackends && rc == 0 && nv; b++)
		if (whole >> b & 1u) {
			sub.backend = b;
			rc = render_backends[b].render(&sub);
		}
	hmap_free(&p->entry_of);
	for (size_t i = 0; i < n; i++)
		if (files[i])
			cat_file_free(files[i]);
	free(files);
	free(agencies);
	free(v);
	return rc;
}

enum { GROUP_SERVICES = 2048 }; /* at most this many models at once, unless one agency has more */

/* Leaflets and feeds: a few agencies at a time (as many as there are threads, so that their
 * booklets are made side by side), their fresh services read again rather than every model
 * kept through the stream. */
static int render_agencies(struct publish *p, const struct render_ctx *ctx, const struct standard *st,
                           const size_t *kept_slots)
{
	unsigned whole = whole_formats(p->next.formats);
	size_t n = p->nagain + ctx->nservices;
	if (!whole || n == 0)
		return 0;
	struct member *m = xcalloc(n, sizeof *m);
	for (size_t i = 0; i < p->nagain; i++) {
		const struct manifest_service *e = &p->next.services[p->again[i].slot];
		m[i] = (struct member){e->agency, e->id, p->again[i].slot, &p->again[i], NULL};
	}
	for (size_t i = 0; i < ctx->nservices; i++) {
		const struct service *s = ctx->services[i];
		m[p->nagain + i] = (struct member){s->agency->id, s->id, kept_slots[i], NULL, s};
	}
	qsort(m, n, sizeof *m, member_cmp);
	unsigned jobs = ctx->jobs ? ctx->jobs : 1;
	int rc = 0;
	for (size_t from = 0, to; rc == 0 && from < n; from = to) {
		/* Whole agencies, up to jobs of them and GROUP_SERVICES services (at least one). */
		to = from;
		for (unsigned k = 0; to < n && k < jobs && (k == 0 || to - from < GROUP_SERVICES); k++) {
			size_t end = to + 1;
			while (end < n && !strcmp(m[end].agency, m[to].agency))
				end++;
			if (k > 0 && end - from > GROUP_SERVICES)
				break;
			to = end;
		}
		rc = render_group(p, ctx, st, m + from, to - from, whole);
	}
	free(m);
	return rc;
}

int publish_stream_end(struct publish *p, const struct options *o, struct render_ctx *ctx, const struct standard *st,
                       int publish)
{
	pool_stop(p);
	int rc = atomic_load(&p->failed) ? -1 : 0;
	if (rc == 0 && publish) {
		p->nfresh = p->next.nservices;
		plan_services(p, o, ctx); /* the published services that stay */
		size_t *kept_slots = xcalloc(ctx->nservices + 1, sizeof *kept_slots);
		for (size_t i = 0; rc == 0 && i < ctx->nservices; i++)
			rc = publish_one(p, ctx, ctx->services[i], kept_slots[i] = claim_slot(p));
		if (rc == 0)
			rc = render_agencies(p, ctx, st, kept_slots);
		free(kept_slots);
		/* The aggregate files list the services as ctx->services would be sorted. */
		if (rc == 0 && p->next.nservices > 1)
			qsort(p->entries, p->next.nservices, sizeof *p->entries, entry_cmp);
		if (rc == 0)
			rc = render_aggregates(ctx, p->entries, p->next.nservices);
	}
	for (size_t i = 0; i < p->next.nservices; i++)
		render_entry_free(&p->entries[i]);
	if (rc == 0 && publish)
		return finish_generation(p, ctx, p->next.formats, 0);
	if (p->new_gen) { /* nothing is published: the generation goes */
		ctx->dirs = NULL;
		render_dirs_free(&p->dirs);
		render_release(ctx);
		render_remove_tree(p->new_gen);
	}
	return rc;
}

void publish_close(struct publish *p)
{
	if (p->removing)
		pthread_join(p->remover, NULL);
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	manifest_free(&p->old);
	manifest_free(&p->next);
	free(p->fresh);
	free(p->entries);
	if (p->have_snap)
		run_free(&p->snap);
	if (p->have_snap_ag)
		run_free(&p->snap_ag);
	hmap_free(&p->inputs);
	hmap_free(&p->fresh_agencies);
	hmap_free(&p->fresh_services);
	hmap_free(&p->snap_agencies);
	hmap_free(&p->agency_files);
	hmap_free(&p->old_per_agency);
	free(p->old_counts);
	for (size_t i = 0; i < p->nagain; i++)
		free(p->again[i].path);
	free(p->again);
	path_list_free(&p->keys);
	for (size_t i = 0; i < p->old_services.cap; i++)
		if (p->old_services.slots && p->old_services.slots[i].key)
			free((char *)p->old_services.slots[i].key);
	hmap_free(&p->old_services);
	hmap_free(&p->old_files);
	hmap_free(&p->entry_of);
	hmap_free(&p->source_of);
	for (size_t i = 0; i < p->nkept; i++) {
		free(p->kept[i].source);
		free(p->kept[i].date);
	}
	free(p->kept);
	free(p->outreal);
	free(p->old_gen);
	free(p->new_gen);
}
