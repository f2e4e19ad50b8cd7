/* cmd_check.c: loket check: validate service descriptions and run the rules. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

int cmd_check(int argc, char **argv)
{
	struct options o = {0};
	int first = parse_options(argc, argv, &o);
	if (o.format == NULL) /* --format, else the diagnostics of loket.yaml, else text */
		o.format = o.diagnostics ? o.diagnostics : "text";
	if (msg_format_find(o.format) == NULL)
		usage_error(_("check --format takes text, json, sarif, github, junit or gitlab, not '%s'"), o.format);
	o.diagnostics = o.format;
	static char catalogue_dir[] = "catalogue";
	char *default_paths[] = {catalogue_dir};
	if (o.quiet && !strcmp(o.format, "text") && !o.output)
		msg_texts_needed(0); /* only the counts are printed */
	struct run r;
	run_setup(&r, &o);
	int status = first < argc ? stream_check(&r, &o, argv + first, (size_t)(argc - first), stdout)
	                          : stream_check(&r, &o, default_paths, 1, stdout);
	run_free(&r);
	return status;
}
