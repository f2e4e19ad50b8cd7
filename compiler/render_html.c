/* render_html.c: the HTML portal back-end. */
#include "render.h"

int render_html(const struct render_ctx *ctx)
{
	(void)ctx;
	return 0;
}
