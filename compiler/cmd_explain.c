/* cmd_explain.c: loket explain: the long explanation of diagnostic codes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cmd_explain(int argc, char **argv)
{
	if (argc < 2)
		usage_error("%s", "explain needs a code, such as SCH001, or --list");
	if (!strcmp(argv[1], "--list")) {
		for (int c = 0; c < CODE__MAX; c++)
			printf("%s  %-7s  %s\n", msg_code_name(c), msg_sev_name(msg_policy[c]), msg_code_title(c));
		return cli_write_stream(stdout, NULL, 0);
	}
	for (int i = 1; i < argc; i++) {
		enum msg_code c = msg_code_find(argv[i]);
		if (c == CODE__MAX)
			usage_error("unknown code '%s'; 'loket explain --list' lists them", argv[i]);
		printf("%s%s: %s (%s by default)\n\n", i > 1 ? "\n" : "", msg_code_name(c), msg_code_title(c),
		       msg_sev_name(msg_code_default(c)));
		/* Wrap the explanation at 78 columns. */
		const char *t = msg_code_explanation(c);
		size_t col = 0;
		while (*t) {
			size_t w = strcspn(t, " ");
			if (col && col + 1 + w > 78) {
				putchar('\n');
				col = 0;
			} else if (col) {
				putchar(' ');
				col++;
			}
			fwrite(t, 1, w, stdout);
			col += w;
			t += w;
			while (*t == ' ')
				t++;
		}
		putchar('\n');
	}
	return cli_write_stream(stdout, NULL, 0);
}
