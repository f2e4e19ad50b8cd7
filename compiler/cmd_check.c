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
	struct run r;
	run_pipeline(&r, &o, argc, argv, first);
	int status = print_check(&r.q, &r.cat, &o, o.output, stdout);
	run_free(&r);
	return status;
}
