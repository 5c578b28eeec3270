/* lsan_cairo_pdf.c — linked only into the sanitizer build (make SAN=1) of the programs that draw
 * with cairo, with -Wl,--wrap=cairo_surface_finish: LeakSanitizer does not track what cairo
 * allocates while it finishes a PDF surface.
 *
 * Why: cairo 1.16 (Debian 12) leaks 768 bytes per embedded CFF font subset (OpenType CID fonts
 * such as Noto Sans CJK) when a PDF surface is finished; TrueType fonts do not leak. LeakSanitizer
 * records stacks with its fast unwinder, which stops in libcairo (built without frame pointers),
 * so a suppression could only name the whole library — and that hid the project's own cairo and
 * pango leaks. This is the same exception as tests/valgrind.supp's "cairo-pdf-finish" entry,
 * which valgrind can state by function. A surface or layout the project fails to free is still
 * reported: it is allocated when it is created, not while a PDF is finished.
 */
#include <cairo.h>
#include <sanitizer/lsan_interface.h>

void __real_cairo_surface_finish(cairo_surface_t *surface);
void __wrap_cairo_surface_finish(cairo_surface_t *surface);

void __wrap_cairo_surface_finish(cairo_surface_t *surface)
{
    int pdf = cairo_surface_get_type(surface) == CAIRO_SURFACE_TYPE_PDF;
    if (pdf)
        __lsan_disable();
    __real_cairo_surface_finish(surface);
    if (pdf)
        __lsan_enable();
}
