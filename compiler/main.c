/* main.c: the command line of loket: --help, --version, and dispatch to the commands
 * (one file each, cmd_*.c; the pipeline they share is pipeline.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char cli_usage_text[] = "usage: loket COMMAND [OPTIONS] [PATHS...]\n"
                              "\n"
                              "Commands:\n"
                              "  check [PATHS...]        validate service descriptions against the standard and\n"
                              "                          run its rules (PATHS: files or folders; default: catalogue/)\n"
                              "  report [PATHS...]       the digital-readiness report: services per digital level\n"
                              "                          per agency, what is missing, digital-only services,\n"
                              "                          SDG procedures not fully online, waivers\n"
                              "  explain CODE...         print the long explanation of a diagnostic code\n"
                              "  explain --list          list every code with its default severity\n"
                              "  build [PATHS...]        validate, then render every service without errors:\n"
                              "                          HTML portal, JSON and linked data, PDF leaflets\n"
                              "                          (--format=html,json,pdf; default: all)\n"
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
                              "\n"
                              "Options of check and report:\n"
                              "  --format=FORMAT         check: text, json, sarif, github, junit or gitlab\n"
                              "                          (default: text; see \"Diagnostic formats for CI\");\n"
                              "                          report: text, json, csv or html (default: text)\n"
                              "  -o, --output=FILE       check, report: write to FILE (atomically) instead of\n"
                              "                          stdout (check still prints the summary line);\n"
                              "                          build: the output folder (default: output)\n"
                              "  --base-url=URL          build: canonical links and linked-data ids under URL\n"
                              "  --paper=a4|a5           build: the paper size of the leaflets (default: a4)\n"
                              "  --diagnostics=FORMAT    build, report: print the diagnostics in FORMAT (the\n"
                              "                          formats of check --format); build prints them on\n"
                              "                          stdout, report on stdout with -o, else on stderr\n"
                              "  --products=FILE.csv     check, build, report: the UPL CSV as the product list,\n"
                              "                          instead of the built-in product vocabulary\n"
                              "  --policy=FILE           an agency's local policy: may make rules stricter\n"
                              "                          (severity up, thresholds tighter), never looser\n"
                              "  --color=auto|always|never  colour the text output (default: auto: only on a\n"
                              "                          terminal, never when NO_COLOR is set)\n"
                              "  -W, --werror            treat warnings as errors (exit status 1)\n"
                              "  -q, --quiet             print only the summary line\n"
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
                              "  -h, --help              print this help\n"
                              "  --version               print the version\n"
                              "\n"
                              "Exit status:\n"
                              "  0  no errors (warnings and notes allowed)\n"
                              "  1  the input has errors (or warnings, with --werror)\n"
                              "  2  usage error: unknown command or option\n"
                              "  3  system error: a file or folder could not be read, out of memory\n";

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
        {"check", cmd_check},   {"build", cmd_build}, {"report", cmd_report},   {"explain", cmd_explain},
        {"schema", cmd_schema}, {"vocab", cmd_vocab}, {"migrate", cmd_migrate},
};

int main(int argc, char **argv)
{
	if (argc < 2)
		usage_error("%s", "no command given");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(cli_usage_text, stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("loket %s\n", LOKET_VERSION);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	usage_error("unknown command '%s'", cmd);
}
