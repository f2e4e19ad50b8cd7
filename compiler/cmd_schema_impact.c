/* cmd_schema_impact.c: loket schema impact --schema-dir=DRAFT [PATHS]: the catalogue checked
 * against the current standard and against a draft, reported per agency: how many
 * descriptions would stop being valid, the first new error of each, and how the digital
 * levels would move. The pipeline runs twice; nothing is re-implemented here. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "json.h"

/* What one run says about one file. */
struct fate {
	int errors;               /* error-severity diagnostics about the file */
	int level;                /* enum level, or -1: no level (invalid, or an agency) */
	const struct diag *first; /* the first error, NULL when none */
};

static void collect(const struct run *r, struct fate *f)
{
	struct hmap by_path = {0};
	for (size_t i = 0; i < r->cat.n; i++) {
		const struct cat_file *cf = r->cat.files[i];
		f[i].level = cf->modeled && !cf->is_agency && cf->valid ? (int)cf->service.level : -1;
		hmap_put(&by_path, cf->path, strlen(cf->path), &f[i]);
	}
	for (size_t k = 0; k < r->q.n; k++) { /* sorted: the first error of a file comes first */
		const struct diag *g = &r->q.d[k];
		if (g->sev != SEV_ERROR || g->pos.file == NULL)
			continue;
		struct fate *x = hmap_get(&by_path, g->pos.file, strlen(g->pos.file));
		if (x && x->errors++ == 0)
			x->first = g;
	}
	hmap_free(&by_path);
}

/* Whether the draft's diagnostic g is also in the baseline (same place, code and text). */
static int also_before(const struct msgq *q, const struct diag *g)
{
	for (size_t i = 0; i < q->n; i++) {
		const struct diag *b = &q->d[i];
		if (b->code == g->code && b->pos.line == g->pos.line && b->pos.col == g->pos.col && b->pos.file &&
		    !strcmp(b->pos.file, g->pos.file) && !strcmp(b->text, g->text))
			return 1;
	}
	return 0;
}

/* The first error of the file in the draft run that the baseline did not have. */
static const struct diag *first_new(const struct run *before, const struct run *after, const char *path)
{
	for (size_t i = 0; i < after->q.n; i++) {
		const struct diag *g = &after->q.d[i];
		if (g->sev == SEV_ERROR && g->pos.file && !strcmp(g->pos.file, path) && !also_before(&before->q, g))
			return g;
	}
	return NULL;
}

struct agency_impact {
	const char *dir;
	size_t descriptions, broken;
	size_t before[LEVEL__MAX + 1], after[LEVEL__MAX + 1]; /* the last: no level (invalid) */
};

static const char *level_or_invalid(int l) { return l < 0 || l >= LEVEL__MAX ? "invalid" : model_level_name(l); }

int cmd_schema_impact(int argc, char **argv)
{
	/* --schema-dir names the draft; the rest are the options of check (the baseline is the
	 * project's standard from loket.yaml, or the built-in one). */
	const char *draft = NULL;
	char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
	int nrest = 0;
	const char *format = "text";
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--schema-dir=", 13))
			draft = argv[i] + 13;
		else if (!strcmp(argv[i], "--schema-dir") && i + 1 < argc)
			draft = argv[++i];
		else
			rest[nrest++] = argv[i];
	}
	if (draft == NULL) {
		free(rest);
		usage_error("%s", _("usage: loket schema impact --schema-dir=DRAFT [--format=text|json] [PATHS...]"));
	}
	struct options o = {0};
	int first = parse_options(nrest, rest, &o);
	if (o.format)
		format = o.format;
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		free(rest);
		usage_error(_("schema impact --format takes text or json, not '%s'"), format);
	}
	o.werror = 0;
	struct options od = o;
	od.schema_dir = draft;
	struct run *before = xcalloc(1, sizeof *before), *after = xcalloc(1, sizeof *after);
	run_pipeline(before, &o, nrest, rest, first);
	run_pipeline(after, &od, nrest, rest, first);
	if (before->cat.n != after->cat.n)
		die("the two runs found different files");
	struct fate *fb = xcalloc(before->cat.n + 1, sizeof *fb), *fa = xcalloc(after->cat.n + 1, sizeof *fa);
	collect(before, fb);
	collect(after, fa);
	/* Per agency folder, in the order of the files (sorted paths). */
	struct agency_impact *ag = xcalloc(before->cat.n + 1, sizeof *ag);
	size_t nag = 0, total_broken = 0, total = 0;
	for (size_t i = 0; i < before->cat.n; i++) {
		const struct cat_file *cf = before->cat.files[i];
		if (cf->context_only || cf->system_error)
			continue;
		struct agency_impact *a = NULL;
		for (size_t k = 0; k < nag; k++)
			if (!strcmp(ag[k].dir, cf->dir))
				a = &ag[k];
		if (a == NULL) {
			a = &ag[nag++];
			a->dir = cf->dir;
		}
		a->descriptions++;
		total++;
		if (fb[i].errors == 0 && fa[i].errors > 0) {
			a->broken++;
			total_broken++;
		}
		if (!cf->is_agency) {
			a->before[fb[i].level < 0 ? LEVEL__MAX : fb[i].level]++;
			a->after[fa[i].level < 0 ? LEVEL__MAX : fa[i].level]++;
		}
	}
	/* The first new error of each description that would stop being valid (NULL: still valid). */
	const struct diag **newerr = xcalloc(before->cat.n + 1, sizeof *newerr);
	for (size_t i = 0; i < before->cat.n; i++) {
		const struct cat_file *cf = before->cat.files[i];
		if (cf->context_only || !(fb[i].errors == 0 && fa[i].errors > 0))
			continue;
		newerr[i] = first_new(before, after, cf->path);
		if (newerr[i] == NULL)
			newerr[i] = fa[i].first;
	}
	struct buf b = {0};
	if (!strcmp(format, "json")) {
		struct json j;
		json_init(&j, &b, 1);
		json_obj_begin(&j);
		json_kv_str(&j, "draft", draft);
		json_kv_int(&j, "descriptions", (long long)total);
		json_kv_int(&j, "would_stop_being_valid", (long long)total_broken);
		json_key(&j, "agencies");
		json_arr_begin(&j);
		for (size_t k = 0; k < nag; k++) {
			json_obj_begin(&j);
			json_kv_str(&j, "folder", ag[k].dir);
			json_kv_int(&j, "descriptions", (long long)ag[k].descriptions);
			json_kv_int(&j, "would_stop_being_valid", (long long)ag[k].broken);
			json_key(&j, "new_errors");
			json_arr_begin(&j);
			for (size_t i = 0; i < before->cat.n; i++) {
				const struct cat_file *cf = before->cat.files[i];
				const struct diag *g = newerr[i];
				if (g == NULL || strcmp(cf->dir, ag[k].dir) != 0)
					continue;
				json_obj_begin(&j);
				json_kv_str(&j, "file", cf->path);
				json_kv_int(&j, "line", g->pos.line);
				json_kv_int(&j, "column", g->pos.col);
				json_kv_str(&j, "code", msg_code_name(g->code));
				json_kv_str(&j, "message", g->text);
				json_obj_end(&j);
			}
			json_arr_end(&j);
			for (int side = 0; side < 2; side++) {
				json_key(&j, side ? "levels_after" : "levels_before");
				json_obj_begin(&j);
				for (int l = 0; l <= LEVEL__MAX; l++)
					json_kv_int(&j, level_or_invalid(l),
					            (long long)(side ? ag[k].after[l] : ag[k].before[l]));
				json_obj_end(&j);
			}
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
		buf_addc(&b, '\n');
	} else {
		buf_printf(&b, _("Impact of the draft %s on %zu descriptions: %zu would stop being valid\n"), draft,
		           total, total_broken);
		for (size_t k = 0; k < nag; k++) {
			buf_printf(&b, _("\n%s: %zu of %zu descriptions would stop being valid\n"), ag[k].dir,
			           ag[k].broken, ag[k].descriptions);
			for (size_t i = 0; i < before->cat.n; i++) {
				const struct cat_file *cf = before->cat.files[i];
				const struct diag *g = newerr[i];
				if (g == NULL || strcmp(cf->dir, ag[k].dir) != 0)
					continue;
				buf_printf(&b, "  %s:%u:%u: %s [%s]\n", cf->path, g->pos.line, g->pos.col, g->text,
				           msg_code_name(g->code));
			}
			buf_adds(&b, _("  digital levels:"));
			int shown = 0;
			for (int l = 0; l <= LEVEL__MAX; l++)
				if (ag[k].before[l] || ag[k].after[l])
					buf_printf(&b, "%s %s %zu -> %zu", shown++ ? "," : "", level_or_invalid(l),
					           ag[k].before[l], ag[k].after[l]);
			buf_addc(&b, '\n');
		}
	}
	int status = emit_output(&o, &b);
	buf_free(&b);
	free(ag);
	free(newerr);
	free(fb);
	free(fa);
	run_free(before);
	run_free(after);
	free(before);
	free(after);
	free(rest);
	if (status != EXIT_CLEAN)
		return status;
	return total_broken ? EXIT_INPUT : EXIT_CLEAN;
}
