/* render_pdf.c: the printed leaflet back-end (stub). */
#include "render.h"
int render_pdf(const struct render_ctx *ctx) { (void)ctx; return 0; }
