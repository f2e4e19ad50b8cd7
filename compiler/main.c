/* main.c: the command line of loket: --help, --version, and dispatch to the commands
 * (one file each, cmd_*.c; the pipeline they share is pipeline.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "version.h"

const char cli_usage_text[] =
        N_("usage: loket COMMAND [OPTIONS] [PATHS...]\n"
           "\n"
           "Commands:\n"
           "  check [PATHS...]        validate service descriptions against the standard and\n"
           "                          run its rules (PATHS: files or folders; default: catalogue/)\n"
           "  report [PATHS...]       the digital-readiness report: services per digital level\n"
           "                          per agency, what is missing, digital-only services,\n"
           "                          SDG procedures not fully online, waivers\n"
           "  explain CODE...         print the long explanation of a diagnostic code\n"
           "  explain --list [--policy=FILE]\n"
           "                          list every code with its severity (fixed, or by the\n"
           "                          standard's policy and a local policy)\n"
           "  build [PATHS...]        validate, then render every service without errors:\n"
           "                          HTML portal, JSON and linked data, tagged PDF leaflets,\n"
           "                          Samenwerkende Catalogi 4.0 feeds (sc/<agency>.xml)\n"
           "                          (--format=html,json,pdf,sc; default: all); each\n"
           "                          service is rendered as it is checked (leaflets and\n"
           "                          feeds an agency at a time): memory stays flat\n"
           "  schema export --json [--kind=KIND] [--standard=VERSION]\n"
           "                          print the standard's schema (KIND: service, agency,\n"
           "                          output, output-service, common) as one JSON document,\n"
           "                          clean for ajv's strict mode (x-hint as description),\n"
           "                          for editors that validate while you type\n"
           "  schema validate (--kind=KIND | --schema=FILE) FILE...\n"
           "                          validate any YAML or JSON file against a schema of the\n"
           "                          standard (service, agency, output) or a schema file\n"
           "  schema lint [--schema-dir=DIR] [--format=text|json]\n"
           "                          check the standard itself: descriptions in English\n"
           "                          and Dutch, patterns, duplicate values, $refs, unused\n"
           "                          $defs, examples, misspelt keywords\n"
           "  schema diff OLD NEW [--format=text|json|markdown] [--allow-breaking]\n"
           "                          every change between two standards (folders, or a\n"
           "                          version loket carries), breaking or compatible, with\n"
           "                          its JSON pointer and rule; exit 1 when one breaks\n"
           "  schema impact --schema-dir=DRAFT [--format=text|json] [PATHS...]\n"
           "                          the catalogue against the current standard and a\n"
           "                          draft: per agency, what would stop being valid and\n"
           "                          how the digital levels move; exit 1 when one breaks\n"
           "  schema doc [--format=markdown|html] [-o FILE]\n"
           "                          the standard's reference, generated from the schema\n"
           "  migrate --to=VERSION [--dry-run] [PATHS...]\n"
           "                          rewrite descriptions to a newer version where the\n"
           "                          change is mechanical (schemas/VERSION/migration.yaml),\n"
           "                          keeping comments and formatting; --dry-run prints a\n"
           "                          unified diff instead\n"
           "  vocab import-upl FILE.csv [-o FILE]\n"
           "                          the UPL (Uniforme Productnamenlijst, CSV) as the YAML\n"
           "                          product vocabulary (schemas/vocabularies/products.yaml)\n"
           "  lsp                     a language server (LSP 3.17 over stdin/stdout) for\n"
           "                          editors: check's diagnostics as you type, hover,\n"
           "                          completion, quick fixes, outline (see the README,\n"
           "                          \"While you write\"); exit status 0 after shutdown\n"
           "  serve [PATHS...] [--port=N] [--bind=ADDR]\n"
           "                          a live preview: build into a private folder, serve it\n"
           "                          on http://127.0.0.1:8080/ (--port=0: any free port;\n"
           "                          --bind: another address), rebuild on every save; a\n"
           "                          service with errors shows its diagnostics\n"
           "  import sc FEED.xml -o catalogue/AGENCY/ [--force] [-q]\n"
           "                          a Samenwerkende Catalogi 4.0 feed as service descriptions:\n"
           "                          one file per product (and agency.yaml when absent); what\n"
           "                          SC cannot carry is left empty for you to write, and\n"
           "                          check reports it as missing; --force overwrites files\n"
           "\n"
           "Options of check and report:\n"
           "  --format=FORMAT         check: text, json, sarif, github, junit or gitlab\n"
           "                          (default: text; see \"Diagnostic formats for CI\");\n"
           "                          report: text, json, csv or html (default: text)\n"
           "  -o, --output=FILE       check, report: write to FILE (atomically) instead of\n"
           "                          stdout (check still prints the summary line);\n"
           "                          build: the output folder (default: output)\n"
           "  --base-url=URL          build: canonical links, linked-data ids, sitemap.xml and\n"
           "                          robots.txt under URL\n"
           "                          (without it, ids under each agency's website)\n"
           "  --paper=a4|a5           build: the paper size of the leaflets (default: a4)\n"
           "  --diagnostics=FORMAT    build, report: print the diagnostics in FORMAT (the\n"
           "                          formats of check --format); build prints them on\n"
           "                          stdout, report on stdout with -o, else on stderr\n"
           "  --products=FILE.csv     check, build, report: the UPL CSV as the product list,\n"
           "                          instead of the built-in product vocabulary\n"
           "  --policy=FILE           an agency's local policy: may make rules stricter\n"
           "                          (severity up, thresholds tighter), never looser\n"
           "  --color=auto|always|never  colour the text output (default: auto: only on a\n"
           "                          terminal, never when NO_COLOR is set); on a terminal\n"
           "                          long messages wrap at 100 columns (or COLUMNS)\n"
           "  -W, --werror            treat warnings as errors (exit status 1)\n"
           "  -q, --quiet             print only the summary line\n"
           "  --max-diagnostics=N     show at most N diagnostics per file (default: 50;\n"
           "                          0: all), then one line saying how many more; the\n"
           "                          summary line and the exit status count them all\n"
           "  --strict                build: any error and nothing in the output changes\n"
           "                          (for CI); without it a service with errors keeps its\n"
           "                          last published version\n"
           "  --replace               build: the PATHS and --format are the whole site\n"
           "                          (without it, a build of some files, folders or\n"
           "                          formats keeps the others)\n"
           "  --no-wait               build: exit 3 at once when another build holds the\n"
           "                          output folder's lock, instead of waiting\n"
           "  -j N, --jobs=N          load, validate and render on N threads (default: the\n"
           "                          number of online CPUs); the output is the same for any N\n"
           "  --schema-dir=DIR        use the standard in DIR instead of the built-in one\n"
           "  --config=FILE           the project file (default: the nearest loket.yaml in\n"
           "                          the current folder or above; --config=none: none); it\n"
           "                          pins schema-dir, standard, policy, products,\n"
           "                          diagnostics, color, base-url, paper, werror, quiet,\n"
           "                          jobs; the command line wins\n"
           "\n"
           "Other options:\n"
           "  --lang=nl|en            the language of messages, explanations and this help\n"
           "                          (default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG,\n"
           "                          else English); codes and machine fields stay the same\n"
           "  -h, --help              print this help\n"
           "  --version               print the version and the versions of the standard\n"
           "\n"
           "Exit status:\n"
           "  0  no errors (warnings and notes allowed)\n"
           "  1  the input has errors (or warnings, with --werror)\n"
           "  2  usage error: unknown command or option\n"
           "  3  system error: a file or folder could not be read, a write failed (a full\n"
           "     disk, a closed pipe, the file size limit), out of memory (build: also the\n"
           "     output folder is locked and --no-wait was given)\n"
           "\n"
           "Trust: loket never follows a symbolic link inside a catalogue (SYS002) and reads\n"
           "only regular files (a FIFO or device is SYS001, never waited for); -o FILE\n"
           "replaces a regular file atomically and never replaces a device or FIFO.\n"
           "YAML in the block style descriptions use is read by loket's own parser, the\n"
           "rest and every error by libyaml, with the same result; LOKET_YAML=libyaml in\n"
           "the environment reads every file with libyaml.\n");

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
        {"check", cmd_check},   {"build", cmd_build},     {"report", cmd_report}, {"explain", cmd_explain},
        {"schema", cmd_schema}, {"vocab", cmd_vocab},     {"import", cmd_import}, {"lsp", cmd_lsp},
        {"serve", cmd_serve},   {"migrate", cmd_migrate},
};

/* --lang=nl|en (or --lang nl) anywhere before "--": chosen here, for every command, and
 * taken out of argv; without it the environment decides. Returns the new argc. */
static int take_lang(int argc, char **argv)
{
	const char *lang = NULL;
	int out = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!strncmp(argv[i], "--lang=", 7)) {
			lang = argv[i] + 7;
		} else if (!strcmp(argv[i], "--lang")) {
			if (i + 1 == argc)
				usage_error("%s", _("--lang takes nl or en"));
			lang = argv[++i];
		} else {
			argv[out++] = argv[i];
		}
	}
	argv[out] = NULL;
	if (lang && i18n_set(lang) != 0) {
		i18n_from_env();
		usage_error(_("--lang takes nl or en, not '%s'"), lang);
	}
	if (!lang)
		i18n_from_env();
	return out;
}

/* loket's version (and, built in a git checkout, the commit: `git describe`, which the
 * Makefile writes to build/version.h; a release tarball has none) and the versions of the
 * standard compiled into it (schemas/VERSION/; the embedded files are sorted by name). */
static void print_version(void)
{
	if (LOKET_COMMIT[0])
		printf("loket %s (%s)\n", LOKET_VERSION, LOKET_COMMIT);
	else
		printf("loket %s\n", LOKET_VERSION);
	fputs(_("standard versions:"), stdout);
	int n = 0;
	for (const struct embedded_file *f = standard_embedded; f->name; f++) {
		const char *slash = strchr(f->name, '/');
		if (slash && !strcmp(slash, "/service.schema.yaml"))
			printf("%s%.*s", n++ ? ", " : " ", (int)(slash - f->name), f->name);
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	cli_init();
	argc = take_lang(argc, argv);
	if (argc < 2)
		usage_error("%s", _("no command given"));
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(_(cli_usage_text), stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		print_version();
		return EXIT_CLEAN;
	}
	const char *near = NULL;
	size_t best = 3; /* "did you mean": at most two edits away */
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
		size_t d = edit_distance(cmd, commands[i].name, best);
		if (d < best) {
			best = d;
			near = commands[i].name;
		}
	}
	if (near) {
		fprintf(stderr, _("loket: unknown command '%s'; did you mean '%s'?\n"), cmd, near);
		fprintf(stderr, "%s\n", _("Try 'loket --help'."));
		return EXIT_USAGE;
	}
	usage_error(_("unknown command '%s'"), cmd);
}
