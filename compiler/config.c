/* config.c: loket.yaml, the project file at the root of an agency's repository: found by
 * walking up from the current folder (or --config=FILE), it pins the standard, the policy,
 * the product list and default options, so that CI, editors and people use the same
 * settings. Options on the command line win; an unknown key is an error with its line. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

/* The project file stays loaded for the whole run: options point into it. */
static struct doc config_doc;
static struct path_list config_strings; /* paths resolved against the file's folder */

enum cfg_kind { CFG_PATH, CFG_TEXT, CFG_BOOL, CFG_JOBS };

static const struct {
	const char *key;
	enum cfg_kind kind;
	const char *want; /* for the message: what the value must be (N_: translated where used) */
} keys[] = {
        {"schema-dir", CFG_PATH, N_("a folder, relative to loket.yaml")},
        {"standard", CFG_TEXT, N_("a version of the standard in quotes, such as \"1.0\"")},
        {"policy", CFG_PATH, N_("a policy file, relative to loket.yaml")},
        {"products", CFG_PATH, N_("a UPL CSV file, relative to loket.yaml")},
        {"diagnostics", CFG_TEXT, N_("a diagnostic format: text, json, sarif, github, junit or gitlab")},
        {"color", CFG_TEXT, N_("auto, always or never")},
        {"base-url", CFG_TEXT, N_("a URL")},
        {"paper", CFG_TEXT, N_("a4 or a5")},
        {"werror", CFG_BOOL, N_("true or false")},
        {"quiet", CFG_BOOL, N_("true or false")},
        {"jobs", CFG_JOBS, N_("a number of threads from 1 to 256")},
};

/* The nearest loket.yaml from the current folder up to the root, or NULL. Caller frees. */
static char *find_upwards(void)
{
	char dir[PATH_MAX];
	if (getcwd(dir, sizeof dir) == NULL)
		return NULL;
	for (;;) {
		struct buf b = {0};
		buf_printf(&b, "%s%sloket.yaml", dir, strcmp(dir, "/") ? "/" : "");
		if (access(b.p, F_OK) == 0)
			return buf_take(&b);
		buf_free(&b);
		char *slash = strrchr(dir, '/');
		if (slash == NULL || slash == dir) {
			if (strcmp(dir, "/") == 0)
				return NULL;
			strcpy(dir, "/");
		} else {
			*slash = '\0';
		}
	}
}

/* value, relative to the folder of the project file (absolute paths as they are). */
static const char *resolve(const char *file, const char *value)
{
	if (value[0] == '/')
		return value;
	const char *slash = strrchr(file, '/');
	if (slash == NULL)
		return value;
	struct buf b = {0};
	buf_printf(&b, "%.*s/%s", (int)(slash - file), file, value);
	path_list_add(&config_strings, b.p);
	buf_free(&b);
	return config_strings.v[config_strings.n - 1];
}

static void fail(struct msgq *q)
{
	struct options o = {0};
	o.color = isatty(STDERR_FILENO);
	print_diagnostics(q, NULL, &o, stderr);
	msg_free(q);
	fprintf(stderr, _("loket: the project file %s cannot be used\n"), config_doc.path ? config_doc.path : "");
	exit(EXIT_USAGE);
}

void config_apply(struct options *o, const char *path, const char **color)
{
	char *found = NULL;
	if (path && !strcmp(path, "none"))
		return;
	if (path == NULL && (path = found = find_upwards()) == NULL)
		return;
	struct msgq q = {0};
	enum load_result r = load_yaml_file(&config_doc, path, &load_default_limits, &q);
	free(found);
	if (r == LOAD_SYSTEM) {
		print_diagnostics(&q, NULL, o, stderr);
		msg_free(&q);
		exit(EXIT_SYSTEM);
	}
	if (r != LOAD_OK)
		fail(&q);
	const struct node *root = config_doc.root;
	const char *file = config_doc.path;
	for (size_t i = 0; i < root->n; i++) {
		const struct node *k = NODE_KEY(root, i), *v = NODE_VAL(root, i);
		size_t which = sizeof keys / sizeof *keys, best = 3;
		const char *near = NULL;
		for (size_t x = 0; x < sizeof keys / sizeof *keys; x++) {
			if (!strcmp(keys[x].key, k->str))
				which = x;
			size_t dist = edit_distance(k->str, keys[x].key, best);
			if (dist < best) {
				best = dist;
				near = keys[x].key;
			}
		}
		if (which == sizeof keys / sizeof *keys) {
			if (near)
				msg_emit(&q, MSG_CFG001_KEY_NEAR, k->pos, k->str, near);
			else
				msg_emit(&q, MSG_CFG001_KEY, k->pos, k->str);
			continue;
		}
		const char *key = keys[which].key;
		int ok = keys[which].kind == CFG_BOOL   ? v->kind == NODE_BOOL
		         : keys[which].kind == CFG_JOBS ? v->kind == NODE_INT && v->num >= 1 && v->num <= 256
		                                        : v->kind == NODE_STR && v->len > 0;
		if (!ok) {
			msg_emit(&q, MSG_CFG001_VALUE, v->pos, key, _(keys[which].want));
			continue;
		}
		/* The command line wins: only what it left unset is taken from the file. */
		if (!strcmp(key, "schema-dir") && !o->schema_dir)
			o->schema_dir = resolve(file, v->str);
		else if (!strcmp(key, "policy") && !o->policy)
			o->policy = resolve(file, v->str);
		else if (!strcmp(key, "products") && !o->products)
			o->products = resolve(file, v->str);
		else if (!strcmp(key, "standard"))
			o->standard = v->str;
		else if (!strcmp(key, "diagnostics") && !o->diagnostics) {
			if (msg_format_find(v->str) == NULL)
				msg_emit(&q, MSG_CFG001_VALUE, v->pos, key, _(keys[which].want));
			o->diagnostics = v->str;
		} else if (!strcmp(key, "color") && color && !*color) {
			if (strcmp(v->str, "auto") && strcmp(v->str, "always") && strcmp(v->str, "never"))
				msg_emit(&q, MSG_CFG001_VALUE, v->pos, key, _(keys[which].want));
			*color = v->str;
		} else if (!strcmp(key, "base-url") && !o->base_url)
			o->base_url = v->str;
		else if (!strcmp(key, "paper") && !o->paper) {
			if (strcmp(v->str, "a4") && strcmp(v->str, "a5"))
				msg_emit(&q, MSG_CFG001_VALUE, v->pos, key, _(keys[which].want));
			o->paper = v->str;
		} else if (!strcmp(key, "werror"))
			o->werror |= v->boolean;
		else if (!strcmp(key, "quiet"))
			o->quiet |= v->boolean;
		else if (!strcmp(key, "jobs") && !o->jobs)
			o->jobs = (unsigned)v->num;
	}
	if (q.n)
		fail(&q);
	o->config = config_doc.path;
}

void config_check_standard(const struct options *o, const struct standard *st)
{
	if (o->standard == NULL)
		return;
	for (size_t i = 0; i < st->versions.n; i++)
		if (!strcmp(st->versions.v[i], o->standard))
			return;
	struct msgq q = {0};
	const struct node *v = node_get(config_doc.root, "standard");
	char *known = standard_versions(st);
	struct pos at = {o->config, 0, 0};
	msg_emit(&q, MSG_CFG001_STANDARD, v ? v->pos : at, o->standard, known);
	free(known);
	fail(&q);
}
