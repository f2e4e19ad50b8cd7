/* cmd_schema.c: loket schema export and schema validate: the standard for editors and the standards team. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

/* Source lookup over an array of loaded documents, for carets. */
struct docs {
	struct doc *v;
	size_t n;
};

static const char *docs_source(void *ctx, const char *file, size_t *len)
{
	const struct docs *d = ctx;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].path && !strcmp(d->v[i].path, file)) {
			*len = d->v[i].len;
			return d->v[i].src;
		}
	return NULL;
}

/* loket schema validate: any YAML or JSON file against a schema of the standard or a
 * schema file (for the standards team, and for loket's own outputs in the tests). */
static int cmd_schema_validate(int argc, char **argv)
{
	const char *kind = NULL, *version = NULL, *schema_file = NULL, *schema_dir = NULL;
	size_t max_diagnostics = 0;
	int first = 2;
	for (; first < argc && !strncmp(argv[first], "--", 2); first++) {
		if (!strncmp(argv[first], "--kind=", 7))
			kind = argv[first] + 7;
		else if (!strncmp(argv[first], "--standard=", 11))
			version = argv[first] + 11;
		else if (!strncmp(argv[first], "--schema=", 9))
			schema_file = argv[first] + 9;
		else if (!strncmp(argv[first], "--schema-dir=", 13))
			schema_dir = argv[first] + 13;
		else if (!strncmp(argv[first], "--max-diagnostics=", 18))
			max_diagnostics = cli_parse_max_diagnostics(argv[first] + 18);
		else
			usage_error(_("unknown option '%s' of schema validate"), argv[first]);
	}
	if ((kind == NULL) == (schema_file == NULL) || first == argc)
		usage_error("%s", _("usage: loket schema validate (--kind=KIND | --schema=FILE) FILE..."));
	struct standard st;
	struct options o = {0};
	o.schema_dir = schema_dir;
	o.max_diagnostics = max_diagnostics;
	load_standard(&st, NULL, &o);
	if (version == NULL)
		version = st.versions.v[st.versions.n - 1];
	struct msgq q = {0};
	/* The same limits as check (1 MiB, 64 levels; any top level); a schema file may be as
	 * large as a file of the standard. */
	static const struct load_limits data_limits = {LOAD_MAX_BYTES, LOAD_MAX_DEPTH, 1, 0, LOAD_PARSER_ANY};
	static const struct load_limits schema_limits = {8u * 1024 * 1024, LOAD_MAX_DEPTH, 1, 0, LOAD_PARSER_ANY};
	struct docs docs = {xcalloc((size_t)(argc - first + 1), sizeof *docs.v), 0};
	const struct schema *schema = NULL;
	if (schema_file) {
		struct doc *d = xcalloc(1, sizeof *d);
		enum load_result r = load_yaml_file(d, schema_file, &schema_limits, &q);
		if (r != LOAD_OK) {
			print_diagnostics(&q, NULL, &o, stderr);
			load_doc_free(d);
			free(d);
			free(docs.v);
			msg_free(&q);
			standard_free(&st);
			exit(r == LOAD_SYSTEM ? EXIT_SYSTEM : EXIT_INPUT); /* unreadable: 3, as every input */
		}
		const char *id = node_get_str(d->root, "$id");
		struct buf uri = {0};
		buf_printf(&uri, "file:///%s", schema_file);
		char *key = xstrdup(id ? id : uri.p);
		schema_set_add(st.set, d, uri.p);
		if (schema_set_compile(st.set, &q) == 0)
			schema = schema_set_get(st.set, key);
		free(key);
		buf_free(&uri);
	} else {
		schema = standard_schema(&st, version, kind);
		if (schema == NULL)
			usage_error(_("the standard has no schema of kind '%s'"), kind);
	}
	int status = schema ? EXIT_CLEAN : EXIT_INPUT;
	for (int i = first; schema && i < argc; i++) {
		struct doc *d = &docs.v[docs.n++];
		enum load_result r = load_yaml_file(d, argv[i], &data_limits, &q);
		if (r == LOAD_SYSTEM)
			status = EXIT_SYSTEM;
		else if (r == LOAD_OK)
			schema_validate(schema, d->root, &q);
	}
	msg_sort(&q);
	struct msg_print_opts po = {want_color("auto"), docs_source, &docs, 0};
	struct msgq shown;
	msg_cap(&q, cli_max_diagnostics(&o), &shown);
	msg_print_text(stdout, &shown, &po);
	msg_cap_free(&shown);
	struct msg_counts c = msg_count(&q, (size_t)(argc - first));
	msg_print_summary(stdout, c, po.color);
	if (status == EXIT_CLEAN && c.errors)
		status = EXIT_INPUT;
	if (cli_write_stream(stdout, NULL, 0) != EXIT_CLEAN)
		status = EXIT_SYSTEM;
	msg_free(&q);
	for (size_t i = 0; i < docs.n; i++)
		load_doc_free(&docs.v[i]);
	free(docs.v);
	standard_free(&st);
	return status;
}

int cmd_schema(int argc, char **argv)
{
	/* The subcommands of the standards team, one file each (cmd_schema_*.c). */
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} sub[] = {
	        {"lint", cmd_schema_lint},
	        {"diff", cmd_schema_diff},
	        {"impact", cmd_schema_impact},
	        {"doc", cmd_schema_doc},
	};
	for (size_t i = 0; argc >= 2 && i < sizeof sub / sizeof *sub; i++)
		if (!strcmp(argv[1], sub[i].name))
			return sub[i].run(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "validate"))
		return cmd_schema_validate(argc, argv);
	if (argc < 2 || strcmp(argv[1], "export") != 0)
		usage_error("%s",
		            _("usage: loket schema export --json [--kind=KIND] [--standard=VERSION]\n"
		              "       loket schema validate (--kind=KIND | --schema=FILE) FILE...\n"
		              "       loket schema lint [--schema-dir=DIR] [--format=text|json]\n"
		              "       loket schema diff OLD NEW [--format=text|json|markdown] [--allow-breaking]\n"
		              "       loket schema impact --schema-dir=DRAFT [--format=text|json] [PATHS...]\n"
		              "       loket schema doc [--format=markdown|html] [--standard=VERSION] [-o FILE]"));
	const char *kind = "service", *version = NULL, *schema_dir = NULL;
	int json = 0;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strncmp(argv[i], "--kind=", 7))
			kind = argv[i] + 7;
		else if (!strncmp(argv[i], "--standard=", 11))
			version = argv[i] + 11;
		else if (!strncmp(argv[i], "--schema-dir=", 13))
			schema_dir = argv[i] + 13;
		else
			usage_error(_("unknown option '%s' of schema export"), argv[i]);
	}
	if (!json)
		usage_error("%s", _("schema export needs --json (the only export format)"));
	struct standard st;
	struct options o = {0};
	o.schema_dir = schema_dir;
	load_standard(&st, NULL, &o);
	if (version == NULL)
		version = st.versions.v[st.versions.n - 1];
	struct buf b = {0};
	if (standard_export_json(&st, version, kind, &b) != 0) {
		standard_free(&st);
		usage_error(_("no schema for that kind and version ('%s')"), kind);
	}
	int status = cli_write_stream(stdout, b.p, b.len);
	buf_free(&b);
	standard_free(&st);
	return status;
}
