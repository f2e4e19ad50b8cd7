/* stream.c: the streaming check. The files are listed first (a compact list, about 50
 * bytes a file), then checked one by one in the order of their paths, on the -j threads
 * within a bounded window: each file is loaded, validated, modeled and checked, its
 * diagnostics written, and everything freed before the window moves on. An agency is
 * loaded when its folder is entered, before its services. The checks across files keep
 * small summaries: the ids and products of the folder being checked, the ids of the
 * agencies. The bytes written are those of the whole pipeline (pipeline.c) followed by
 * print_check, for every format and any -j: tests/stream compares them. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "rules.h"

enum { MAX_DIR_DEPTH = 16, WINDOW_PER_THREAD = 32 };

/* ---- the list of files ---- */

enum ent_kind { ENT_FILE, ENT_OTHER, ENT_FOLDER };

/* A file to check (or, ENT_FOLDER, a folder of services without agency.yaml: CON004). Its
 * path is the prefix (its folder with a slash) and the name. */
struct ent {
	uint32_t prefix;
	uint32_t name; /* offset into names */
	ino_t ino;
	uint16_t dev; /* index into devs: the file systems are few */
	uint8_t kind;
	uint8_t listed; /* ino and dev are the file found when listed */
};

struct prefix {
	char *s;         /* "catalogue/gemeente-x/", or "" */
	long agency;     /* the entry of its agency.yaml, or -1 */
	int has_service; /* an entry other than agency.yaml */
	int has_agency;
};

struct file_list {
	struct ent *v;
	size_t n, cap;
	struct buf names;
	struct prefix *p;
	size_t np, pcap;
	struct hmap by_prefix;  /* prefix string -> index + 1 */
	struct catalogue links; /* only its links: SYS002 once per link */
	dev_t devs[64];         /* the file systems the listed files are on */
	size_t ndevs;
	struct msgq q0; /* what the listing found, without a file */
};

static const char *ent_name(const struct file_list *l, const struct ent *e) { return l->names.p + e->name; }

static uint32_t prefix_index(struct file_list *l, const char *s, size_t n)
{
	void *v = hmap_get(&l->by_prefix, s, n);
	if (v)
		return (uint32_t)((uintptr_t)v - 1);
	l->p = xgrow(l->p, &l->pcap, l->np + 1, sizeof *l->p);
	struct prefix *p = &l->p[l->np];
	memset(p, 0, sizeof *p);
	p->s = xstrndup(s, n);
	p->agency = -1;
	hmap_put(&l->by_prefix, p->s, n, (void *)(uintptr_t)(l->np + 1));
	return (uint32_t)l->np++;
}

static uint16_t dev_index(struct file_list *l, dev_t dev)
{
	size_t i = 0;
	while (i < l->ndevs && l->devs[i] != dev)
		i++;
	if (i == l->ndevs && l->ndevs < sizeof l->devs / sizeof *l->devs)
		l->devs[l->ndevs++] = dev;
	return (uint16_t)i;
}

/* Add the file at path (tidied here). */
static void add_ent(struct file_list *l, const char *path, enum ent_kind kind, const struct file_id *id)
{
	char *t = catalogue_tidy(path);
	const char *slash = strrchr(t, '/');
	size_t plen = slash ? (size_t)(slash - t) + 1 : 0;
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	struct ent *e = &l->v[l->n++];
	memset(e, 0, sizeof *e);
	e->prefix = prefix_index(l, t, plen);
	e->name = (uint32_t)l->names.len;
	buf_add(&l->names, t + plen, strlen(t + plen) + 1);
	e->kind = (uint8_t)kind;
	if (id) {
		e->ino = id->ino;
		e->dev = dev_index(l, id->dev);
		e->listed = e->dev < sizeof l->devs / sizeof *l->devs; /* else: not checked, as a named file */
	}
	free(t);
}

static void on_file(void *ctx, const char *path, const struct file_id *id) { add_ent(ctx, path, ENT_FILE, id); }

static void on_other(void *ctx, const char *path) { add_ent(ctx, path, ENT_OTHER, NULL); }

/* A file named on the command line or beside a service: never through a link. Returns 1
 * when added, 0 for a link (reported), -1 when lstat fails (errno set). */
static int add_named(struct file_list *l, const char *path)
{
	struct file_id id;
	int rc = catalogue_probe_named(&l->links, path, &id, &l->q0);
	if (rc > 0)
		add_ent(l, path, rc == 1 ? ENT_FILE : ENT_OTHER, rc == 1 ? &id : NULL);
	return rc > 0 ? 1 : rc;
}

/* The full paths a, b as strcmp orders them, without joining them. */
static int path_cmp(const char *a1, const char *a2, const char *b1, const char *b2)
{
	const unsigned char *x = (const unsigned char *)a1, *y = (const unsigned char *)b1;
	for (;;) {
		if (!*x && a2) {
			x = (const unsigned char *)a2;
			a2 = NULL;
			continue;
		}
		if (!*y && b2) {
			y = (const unsigned char *)b2;
			b2 = NULL;
			continue;
		}
		if (*x != *y || !*x)
			return *x - *y;
		x++, y++;
	}
}

static const struct file_list *sorting; /* qsort has no context argument */

static int ent_cmp(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;
	return path_cmp(sorting->p[a->prefix].s, ent_name(sorting, a), sorting->p[b->prefix].s, ent_name(sorting, b));
}

/* Sort by path and keep each path once. */
static void sort_list(struct file_list *l)
{
	sorting = l;
	size_t i = 1;
	while (i < l->n && ent_cmp(&l->v[i - 1], &l->v[i]) <= 0)
		i++;
	if (i < l->n) /* a folder's walk is sorted already: no copy for qsort then */
		qsort(l->v, l->n, sizeof *l->v, ent_cmp);
	size_t k = 0;
	for (i = 0; i < l->n; i++)
		if (k == 0 || ent_cmp(&l->v[k - 1], &l->v[i]) != 0)
			l->v[k++] = l->v[i];
	l->n = k;
}

/* Every service needs its agency: the agency.yaml beside it, also when only the service
 * was named (lstat: a linked agency.yaml is reported, never read); a folder of services
 * without one is CON004. */
static void add_agencies(struct file_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct prefix *p = &l->p[l->v[i].prefix];
		if (!strcmp(ent_name(l, &l->v[i]), "agency.yaml"))
			p->has_agency = 1;
		else
			p->has_service = 1;
	}
	size_t np = l->np;
	for (size_t k = 0; k < np; k++) {
		if (!l->p[k].has_service || l->p[k].has_agency)
			continue;
		struct buf a = {0};
		buf_printf(&a, "%sagency.yaml", l->p[k].s);
		int added = hmap_get(&l->links.links, a.p, a.len) ? 0 : add_named(l, a.p);
		if (added < 0 && !hmap_get(&l->links.links, a.p, a.len)) {
			/* The folder itself, as the entry its path sorts as. */
			char *dir = catalogue_dir_of(a.p);
			add_ent(l, dir, ENT_FOLDER, NULL);
			free(dir);
		}
		buf_free(&a);
	}
	sort_list(l);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].kind != ENT_FOLDER && !strcmp(ent_name(l, &l->v[i]), "agency.yaml"))
			l->p[l->v[i].prefix].agency = (long)i;
}

static void list_files(struct file_list *l, char *const *paths, size_t npaths)
{
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		/* A folder the user named is walked even when it is a link: they asked for it. */
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct walk w = {.on_file = on_file, .on_other = on_other, .ctx = l};
			catalogue_walk(paths[i], MAX_DIR_DEPTH, &w, &l->q0);
			for (size_t k = 0; k < w.links.n; k++) {
				char *p = catalogue_tidy(w.links.v[k]);
				catalogue_report_link(&l->links, p, &l->q0);
				free(p);
			}
			walk_free(&w);
		} else if (add_named(l, paths[i]) < 0) {
			msg_emit(&l->q0, MSG_SYS001_PATH, ((struct pos){NULL, 0, 0}), paths[i], i18n_strerror(errno));
		}
	}
	sort_list(l);
	add_agencies(l);
}

static void list_free(struct file_list *l)
{
	for (size_t i = 0; i < l->np; i++)
		free(l->p[i].s);
	free(l->p);
	free(l->v);
	buf_free(&l->names);
	hmap_free(&l->by_prefix);
	catalogue_free(&l->links);
	msg_free(&l->q0);
}

/* ---- checking, file by file ---- */

/* A folder being checked: its agency and what its services have shown so far. */
struct folder {
	uint32_t prefix;
	struct cat_file *agency; /* NULL without agency.yaml */
	struct msgq agency_q;    /* the agency's diagnostics, written at its place */
	int preloaded;           /* the agency is the engine's (loaded before the window) */
	struct seen ids, products;
	int refs; /* the stack and the jobs in the window */
};

enum job_kind { JOB_SERVICE, JOB_AGENCY, JOB_FOLDER };

struct job {
	enum job_kind kind;
	size_t ent;
	struct folder *folder;
	struct cat_file *f; /* JOB_SERVICE */
	struct msgq q;
	int done;
	unsigned by; /* the thread that checked it: 0 the writer, else a worker */
};

/* A written file and its diagnostics, for the worker that made them to free: glibc's
 * malloc locks a thread's arena to free into it from another thread, and the writer's
 * frees then stall the worker's allocations. */
struct later {
	struct written {
		struct cat_file *f; /* NULL: the sink took it */
		struct msgq q;
	} * v;
	size_t n, cap;
};

struct engine {
	const struct options *o;
	struct run *r;
	struct file_list l;
	struct rules_config cfg;
	struct msg_writer *w;
	struct msg_counts counts;
	int system;
	struct seen agency_ids;
	struct folder *stack[MAX_DIR_DEPTH + 2];
	size_t depth;
	struct job *ring;
	size_t window, produced, taken, consumed;
	pthread_mutex_t m;
	pthread_cond_t work, done;
	int threads, stop;
	int waiting;       /* the writer waits for the job at consumed */
	struct msgq extra; /* the setup's diagnostics (a policy file), written at their place */
	size_t extra_at;
	const struct cat_file *shown; /* the file whose diagnostics are being written */
	struct msgq shown_nofile[2];  /* what was written of those without a file (listing, sink) */
	size_t nnofile;
	const struct stream_sink *sink;
	int taken_by_sink;     /* the file just written is the sink's now */
	struct later *later;   /* per thread: what the writer wrote of its jobs */
	struct cat_file **pre; /* with a sink: each prefix's agency, loaded before the window */
	struct msgq *pre_q;    /* and its diagnostics until its folder is entered */
};

static char *ent_path(const struct file_list *l, const struct ent *e)
{
	struct buf b = {0};
	buf_printf(&b, "%s%s", l->p[e->prefix].s, ent_name(l, e));
	return buf_take(&b);
}

static struct cat_file *new_file(const struct file_list *l, const struct ent *e)
{
	struct cat_file *f = xcalloc(1, sizeof *f);
	f->path = ent_path(l, e);
	f->dir = catalogue_dir_of(f->path);
	f->is_agency = !strcmp(ent_name(l, e), "agency.yaml");
	f->listed = e->listed;
	if (e->listed)
		f->id = (struct file_id){l->devs[e->dev], e->ino};
	return f;
}

/* A source for positions in texts and for the carets: the file's own text. */
static const char *file_source(void *ctx, const char *file, size_t *len)
{
	const struct cat_file *f = ctx;
	if (f == NULL || f->doc.src == NULL || strcmp(f->path, file) != 0)
		return NULL;
	*len = f->doc.len;
	return f->doc.src;
}

static const char *shown_source(void *ctx, const char *file, size_t *len)
{
	const struct engine *e = ctx;
	return file_source((void *)e->shown, file, len);
}

static void folder_release(struct folder *d)
{
	if (--d->refs > 0)
		return;
	if (d->agency && !d->preloaded)
		cat_file_free(d->agency);
	msg_free(&d->agency_q);
	seen_free(&d->ids);
	seen_free(&d->products);
	free(d);
}

static struct cat_file *load_agency(const struct engine *e, const struct ent *en, struct msgq *q)
{
	struct cat_file *a = new_file(&e->l, en);
	catalogue_load_file(a, &e->r->st, q);
	if (a->loaded)
		catalogue_model_file(a, NULL);
	if (a->modeled || a->partial)
		rules_run_agency(&a->agency, &e->r->vocab, q);
	return a;
}

/* With a sink: every agency loaded and checked before the window, in path order (the
 * order the checks across agencies see them in), and given to the sink. */
static void preload_agencies(struct engine *e)
{
	e->pre = xcalloc(e->l.np + 1, sizeof *e->pre);
	e->pre_q = xcalloc(e->l.np + 1, sizeof *e->pre_q);
	for (size_t i = 0; i < e->l.n; i++) {
		const struct ent *en = &e->l.v[i];
		if (en->kind == ENT_FOLDER || (long)i != e->l.p[en->prefix].agency)
			continue;
		struct msgq *q = &e->pre_q[en->prefix];
		struct cat_file *a = e->pre[en->prefix] = load_agency(e, en, q);
		catalogue_check_agency_file(a, &e->agency_ids, q);
		if (e->o->werror)
			msg_promote_warnings(q);
		if (e->sink->agency)
			e->sink->agency(e->sink->arg, a, q);
	}
}

static void free_preloaded(struct engine *e)
{
	for (size_t k = 0; e->pre && k < e->l.np; k++) {
		if (e->pre[k])
			cat_file_free(e->pre[k]);
		msg_free(&e->pre_q[k]);
	}
	free(e->pre);
	free(e->pre_q);
}

/* Enter the folder of prefix k: leave those that do not hold it, load its agency. */
static struct folder *enter_folder(struct engine *e, uint32_t k)
{
	const char *s = e->l.p[k].s;
	while (e->depth) {
		struct folder *top = e->stack[e->depth - 1];
		const char *t = e->l.p[top->prefix].s;
		if (top->prefix == k)
			return top;
		if (!strncmp(s, t, strlen(t)) && e->depth < sizeof e->stack / sizeof *e->stack)
			break; /* an enclosing folder: its files may follow this folder's */
		e->depth--;
		folder_release(top);
	}
	struct folder *d = xcalloc(1, sizeof *d);
	d->prefix = k;
	d->refs = 1;
	if (e->pre && e->pre[k]) {
		d->agency = e->pre[k];
		d->agency_q = e->pre_q[k]; /* moved */
		memset(&e->pre_q[k], 0, sizeof e->pre_q[k]);
		d->preloaded = 1;
	} else if (e->l.p[k].agency >= 0) {
		d->agency = load_agency(e, &e->l.v[e->l.p[k].agency], &d->agency_q);
	}
	e->stack[e->depth++] = d;
	return d;
}

static void produce(struct engine *e, size_t i)
{
	struct job *j = &e->ring[i % e->window];
	memset(j, 0, sizeof *j);
	j->ent = i;
	const struct ent *en = &e->l.v[i];
	/* Every job goes through a worker, also one without work, which marks it done: a
	 * job marked done here could be written and its slot reused while a worker that
	 * took it still holds it. */
	if (en->kind == ENT_FOLDER) {
		j->kind = JOB_FOLDER;
		return;
	}
	j->folder = enter_folder(e, en->prefix);
	j->folder->refs++;
	if ((long)i == e->l.p[en->prefix].agency) {
		j->kind = JOB_AGENCY; /* loaded when the folder was entered */
		return;
	}
	j->kind = JOB_SERVICE; /* its file is made by the thread that checks it, which frees it */
}

/* What can run on any thread: load, validate, model, the rules of one service. */
static void process(struct engine *e, struct job *j)
{
	if (j->kind != JOB_SERVICE)
		return;
	struct cat_file *f = j->f = new_file(&e->l, &e->l.v[j->ent]);
	const struct cat_file *a = j->folder->agency;
	catalogue_load_file(f, &e->r->st, &j->q);
	if (f->loaded)
		catalogue_model_file(f, a && a->modeled ? (struct agency *)&a->agency : NULL);
	catalogue_extra_fields_file(f, &e->r->st);
	if (f->modeled || f->partial) {
		struct rules_config cfg = e->cfg;
		cfg.source_ctx = f;
		rules_prepare(&f->service, &e->r->vocab);
		rules_run_service_config(&f->service, &cfg, &j->q);
	}
}

static void write_group(struct engine *e, struct msgq *q, const char *file, const struct cat_file *f);

/* Move the setup's diagnostics about `file`, next in their sorted list, to the end of q. */
static void take_extra(struct engine *e, struct msgq *q, const char *file)
{
	while (e->extra_at < e->extra.n && !strcmp(e->extra.d[e->extra_at].pos.file, file)) {
		q->d = xgrow(q->d, &q->cap, q->n + 1, sizeof *q->d);
		q->d[q->n++] = e->extra.d[e->extra_at];
		memset(&e->extra.d[e->extra_at++], 0, sizeof *e->extra.d); /* moved */
	}
}

/* The setup's diagnostics of the files that sort before `file` (NULL: all that are left). */
static void write_extra_before(struct engine *e, const char *file)
{
	while (e->extra_at < e->extra.n) {
		const char *x = e->extra.d[e->extra_at].pos.file;
		if (file && strcmp(x, file) >= 0)
			return;
		struct msgq q = {0};
		take_extra(e, &q, x);
		write_group(e, &q, x, NULL);
	}
}

/* One file's diagnostics: sorted, counted, capped and written; then freed. Those without a
 * file (file NULL) stay, with what was shown of them, until the report ends: SARIF and
 * JUnit place them in their head or at their end. */
static void write_diagnostics(struct engine *e, struct msgq *q, const char *file, const struct cat_file *f)
{
	if (file) {
		write_extra_before(e, file);
		take_extra(e, q, file);
	}
	if (e->o->werror)
		msg_promote_warnings(q);
	msg_sort(q);
	struct msg_counts c = msg_count(q, 0);
	e->counts.errors += c.errors;
	e->counts.warnings += c.warnings;
	e->counts.infos += c.infos;
	for (size_t i = 0; i < q->n; i++)
		e->system |= q->d[i].code == CODE_SYS001;
	struct msgq shown;
	msg_cap(q, cli_max_diagnostics(e->o), &shown);
	e->shown = f;
	msg_writer_file(e->w, file, shown.d, shown.n);
	e->shown = NULL;
	/* Written: the sink may take the file now (and free it on another thread). */
	e->taken_by_sink = f && !f->is_agency && e->sink && e->sink->service &&
	                   e->sink->service(e->sink->arg, (struct cat_file *)f, q);
	if (file == NULL) { /* kept until the report ends, with q */
		e->shown_nofile[e->nnofile++] = shown;
		return;
	}
	msg_cap_free(&shown);
}

static void write_group(struct engine *e, struct msgq *q, const char *file, const struct cat_file *f)
{
	write_diagnostics(e, q, file, f);
	if (file != NULL)
		msg_free(q);
}

static void free_written(struct later *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].f)
			cat_file_free(l->v[i].f);
		msg_free(&l->v[i].q);
	}
	l->n = 0;
}

/* A service written: freed here by the writer when it checked the file, else handed back
 * to the worker that did. */
static void release_service(struct engine *e, struct job *j, struct cat_file *f)
{
	if (j->by == 0) {
		if (f)
			cat_file_free(f);
		msg_free(&j->q);
		return;
	}
	pthread_mutex_lock(&e->m);
	struct later *l = &e->later[j->by];
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = (struct written){f, j->q};
	pthread_mutex_unlock(&e->m);
	memset(&j->q, 0, sizeof j->q);
}

/* In path order: the checks that need the files before this one, then the writing. */
static void consume(struct engine *e, struct job *j)
{
	const struct ent *en = &e->l.v[j->ent];
	if (j->kind == JOB_FOLDER) {
		char *dir = ent_path(&e->l, en);
		const char *base = strrchr(dir, '/');
		msg_emit(&j->q, MSG_CON004, ((struct pos){dir, 0, 0}), base ? base + 1 : dir);
		write_group(e, &j->q, dir, NULL);
		free(dir);
		return;
	}
	struct folder *d = j->folder;
	struct cat_file *f = j->kind == JOB_AGENCY ? d->agency : j->f;
	struct msgq *q = j->kind == JOB_AGENCY ? &d->agency_q : &j->q;
	if (j->kind == JOB_AGENCY) {
		if (!d->preloaded)
			catalogue_check_agency_file(f, &e->agency_ids, q);
	} else {
		catalogue_check_service_file(f, &d->ids, q);
		if (f->modeled || f->partial)
			rules_check_product(&f->service, &d->products, q);
	}
	e->counts.files += !f->system_error;
	if (j->kind == JOB_SERVICE) {
		write_diagnostics(e, q, f->path, f);
		release_service(e, j, e->taken_by_sink ? NULL : f);
	} else {
		write_group(e, q, f->path, f);
	}
	e->taken_by_sink = 0;
	folder_release(d);
}

struct worker_arg {
	struct engine *e;
	unsigned id;
};

/* Take what the writer handed back to thread id (under the lock); free it after. */
static struct later take_written(struct engine *e, unsigned id)
{
	struct later l = e->later[id];
	e->later[id] = (struct later){0};
	return l;
}

static void *worker(void *arg)
{
	struct engine *e = ((struct worker_arg *)arg)->e;
	unsigned id = ((struct worker_arg *)arg)->id;
	struct later mine = {0};
	pthread_mutex_lock(&e->m);
	for (;;) {
		while (!e->stop && e->taken == e->produced)
			pthread_cond_wait(&e->work, &e->m);
		if (e->taken == e->produced)
			break;
		struct job *j = &e->ring[e->taken++ % e->window];
		j->by = id;
		if (e->later[id].n) {
			free(mine.v);
			mine = take_written(e, id);
		}
		pthread_mutex_unlock(&e->m);
		free_written(&mine);
		process(e, j);
		pthread_mutex_lock(&e->m);
		j->done = 1;
		if (e->waiting && j == &e->ring[e->consumed % e->window]) /* the one the writer waits for */
			pthread_cond_signal(&e->done);
	}
	free(mine.v);
	mine = take_written(e, id);
	pthread_mutex_unlock(&e->m);
	free_written(&mine);
	free(mine.v);
	return NULL;
}

/* The window: the main thread lists, enters folders and writes in order, and checks
 * files too while the one it writes next is not done; jobs - 1 workers check the rest. */
static void run_window(struct engine *e, unsigned jobs)
{
	size_t total = e->l.n;
	if (jobs <= 1 || total < 2) {
		e->window = 1;
		e->ring = xcalloc(1, sizeof *e->ring);
		for (size_t i = 0; i < total; i++) {
			produce(e, i);
			process(e, &e->ring[0]);
			consume(e, &e->ring[0]);
		}
		free(e->ring);
		return;
	}
	e->window = (size_t)jobs * WINDOW_PER_THREAD;
	e->ring = xcalloc(e->window, sizeof *e->ring);
	pthread_mutex_init(&e->m, NULL);
	pthread_cond_init(&e->work, NULL);
	pthread_cond_init(&e->done, NULL);
	pthread_t *t = xcalloc(jobs, sizeof *t);
	struct worker_arg *args = xcalloc(jobs, sizeof *args);
	e->later = xcalloc(jobs, sizeof *e->later);
	unsigned started = 0;
	for (; started < jobs - 1; started++) { /* and the writer: jobs threads */
		args[started] = (struct worker_arg){e, started + 1};
		if (pthread_create(&t[started], NULL, worker, &args[started]) != 0)
			break;
	}
	if (started == 0)
		die(_("cannot start a thread: %s"), i18n_strerror(errno));
	/* Few wake-ups: the window is refilled when half of it is written, and a worker wakes
	 * the writer only for the job it waits for. */
	pthread_mutex_lock(&e->m);
	while (e->consumed < total) {
		if (e->produced < total && e->produced - e->consumed <= e->window / 2) {
			size_t from = e->produced,
			       to = e->consumed + e->window < total ? e->consumed + e->window : total;
			pthread_mutex_unlock(&e->m);
			for (size_t i = from; i < to; i++)
				produce(e, i); /* may load an agency: outside the lock */
			pthread_mutex_lock(&e->m);
			e->produced = to;
			pthread_cond_broadcast(&e->work);
		}
		struct job *j = &e->ring[e->consumed % e->window];
		while (!j->done) {
			if (e->taken < e->produced) { /* the writer works too while it waits */
				struct job *mine = &e->ring[e->taken++ % e->window];
				pthread_mutex_unlock(&e->m);
				process(e, mine);
				pthread_mutex_lock(&e->m);
				mine->done = 1;
				continue;
			}
			e->waiting = 1;
			pthread_cond_wait(&e->done, &e->m);
		}
		e->waiting = 0;
		pthread_mutex_unlock(&e->m);
		consume(e, j);
		pthread_mutex_lock(&e->m);
		e->consumed++;
	}
	pthread_mutex_unlock(&e->m);
	pthread_mutex_lock(&e->m);
	e->stop = 1;
	pthread_cond_broadcast(&e->work);
	pthread_mutex_unlock(&e->m);
	for (unsigned i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	for (unsigned i = 0; i < jobs; i++) { /* a worker that could not start left nothing */
		free_written(&e->later[i]);
		free(e->later[i].v);
	}
	free(e->later);
	e->later = NULL;
	free(args);
	free(t);
	free(e->ring);
	pthread_mutex_destroy(&e->m);
	pthread_cond_destroy(&e->work);
	pthread_cond_destroy(&e->done);
}

/* ---- where the report goes ---- */

static int sink_file(void *ctx, const char *p, size_t n) { return fwrite(p, 1, n, ctx) == n ? 0 : -1; }

/* -o FILE gets the whole report at once (cli_write_output: atomically, or into a device):
 * it is written to a temporary file first and mapped, not held in memory. */
static int write_spooled_output(const char *file, FILE *tmp)
{
	if (fflush(tmp) != 0 || ferror(tmp)) {
		fprintf(stderr, _("loket: cannot write %s: %s\n"), file, i18n_strerror(errno));
		return EXIT_SYSTEM;
	}
	off_t size = lseek(fileno(tmp), 0, SEEK_END);
	if (size <= 0)
		return cli_write_output(file, "", 0);
	void *p = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fileno(tmp), 0);
	if (p == MAP_FAILED)
		die(_("cannot read the temporary report: %s"), i18n_strerror(errno));
	int status = cli_write_output(file, p, (size_t)size);
	munmap(p, (size_t)size);
	return status;
}

/* With a sink: the files listed, then the agencies, before the window. */
static void sink_begin(struct engine *e)
{
	for (size_t i = 0; e->sink->input && i < e->l.n; i++)
		if (e->l.v[i].kind != ENT_FOLDER) {
			char *path = ent_path(&e->l, &e->l.v[i]);
			e->sink->input(e->sink->arg, path);
			free(path);
		}
	preload_agencies(e);
	if (e->sink->begin)
		e->sink->begin(e->sink->arg);
}

int stream_check(struct run *r, const struct options *o, char *const *paths, size_t npaths, FILE *out)
{
	return stream_run(r, o, paths, npaths, out, o->output, NULL);
}

int stream_run(struct run *r, const struct options *o, char *const *paths, size_t npaths, FILE *out, const char *report,
               const struct stream_sink *sink)
{
	struct engine *e = xcalloc(1, sizeof *e);
	e->o = o;
	e->r = r;
	e->sink = sink;
	list_files(&e->l, paths, npaths);
	catalogue_prepare(&r->st);
	rules_config_init(&e->cfg, &r->vocab, &r->st);
	e->cfg.source = file_source;

	/* The setup's diagnostics: those without a file come first with the listing's. */
	msg_sort(&r->q);
	for (size_t i = 0; i < r->q.n; i++) {
		struct msgq *to = r->q.d[i].pos.file ? &e->extra : &e->l.q0;
		to->d = xgrow(to->d, &to->cap, to->n + 1, sizeof *to->d);
		to->d[to->n++] = r->q.d[i];
	}
	free(r->q.d);
	memset(&r->q, 0, sizeof r->q);

	const struct msg_format *fmt = msg_format_find(o->diagnostics);
	if (fmt == NULL)
		die(_("unknown diagnostic format '%s'"), o->diagnostics);
	const char *file = report;
	int color = o->color && (out == stdout || isatty(fileno(out)));
	int tty = !file && isatty(fileno(out));
	struct msg_print_opts po = {file ? 0 : color, shown_source, e, tty ? msg_wrap_width() : 0};
	FILE *tmp = file ? tmpfile() : NULL;
	if (file && tmp == NULL)
		die(_("cannot make a temporary file: %s"), i18n_strerror(errno));
	int quiet = o->quiet && !strcmp(fmt->name, "text") && !file; /* -q: the summary only */
	struct msg_writer_opts wo = {sink_file, file ? (void *)tmp : out, &po, LOKET_VERSION, LOKET_DOCS_URL, quiet};
	e->w = msg_writer_new(fmt, &wo);

	write_group(e, &e->l.q0, NULL, NULL); /* what the listing found without a file sorts first */
	if (sink)
		sink_begin(e);

	run_window(e, o->jobs);
	while (e->depth)
		folder_release(e->stack[--e->depth]);
	write_extra_before(e, NULL);
	struct msgq late = {0};
	if (sink && sink->end) {
		sink->end(sink->arg, e->counts, &late);
		if (late.n)
			write_group(e, &late, NULL, NULL);
	}
	free_preloaded(e);

	int failed = msg_writer_end(e->w, e->counts) != 0;
	int err = errno;
	int status = EXIT_CLEAN;
	for (size_t i = 0; i < e->nnofile; i++)
		msg_cap_free(&e->shown_nofile[i]);
	msg_free(&late);
	if (failed && file) { /* the temporary file (a full /tmp); stdout is reported below */
		fprintf(stderr, _("loket: cannot write %s: %s\n"), file, i18n_strerror(err));
		status = EXIT_SYSTEM;
	}
	if (file) {
		status = status == EXIT_CLEAN ? write_spooled_output(file, tmp) : status;
		fclose(tmp);
		if (status == EXIT_CLEAN)
			msg_print_summary(out, e->counts, color);
	}
	if (status == EXIT_CLEAN)
		status = cli_write_stream(out, NULL, 0); /* also says why a write to out failed */
	if (status == EXIT_CLEAN && failed)
		status = EXIT_SYSTEM;
	int system = e->system;
	struct msg_counts counts = e->counts;
	seen_free(&e->agency_ids);
	msg_free(&e->extra);
	list_free(&e->l);
	free(e);
	if (status != EXIT_CLEAN)
		return status;
	return system ? EXIT_SYSTEM : counts.errors ? EXIT_INPUT : EXIT_CLEAN;
}
