/* fcsync.c — Pango's font matching done on the thread that asks for it, not on two new threads
 * for every font (a performance device: bench/gains.md; `make PLAIN=fcthreads` builds without
 * it, for bench/devices.md).
 *
 * Pango 1.50 (pangofc-fontmap.c, pango_fc_patterns_new) starts two threads for every font
 * description it meets — "[pango] FcFontSetMatch" and "[pango] FcFontSetSort", fontconfig's
 * best match and its sorted fallbacks — and waits for their results when it needs them. The
 * stage meets a new description for every size and weight it draws, in each of its two
 * processes: 112 threads at 12 units, each a clone, a stack, a malloc arena of its own and an
 * exit, on a machine whose two cores the stage's processes already keep busy. Pango's calls of
 * g_thread_new come here first (the executable's definition is exported: Makefile,
 * CHARTS_LDFLAGS): those two run their function at once on the calling thread, which stores the
 * result and signals under the pattern's own mutex as the thread would have, and give Pango a
 * reference to the calling thread to release; every other thread is GLib's, as asked. The same
 * fontconfig calls on the same patterns: the outputs are the same bytes.
 */
#include <dlfcn.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#ifndef QTR_PLAIN_FCTHREADS
GThread *g_thread_new(const gchar *name, GThreadFunc func, gpointer data);

GThread *g_thread_new(const gchar *name, GThreadFunc func, gpointer data)
{
    static const char pango_fc[] = "[pango] FcFontSet"; /* ...Match, ...Sort */
    if (name && strncmp(name, pango_fc, sizeof pango_fc - 1) == 0) {
        func(data);
        return g_thread_ref(g_thread_self());
    }
    static GThread *(*glib_new)(const gchar *, GThreadFunc, gpointer);
    if (!glib_new) {
        void *sym = dlsym(RTLD_NEXT, "g_thread_new");
        memcpy(&glib_new, &sym, sizeof sym); /* a data pointer to a function pointer */
        if (!glib_new)
            abort();
    }
    return glib_new(name, func, data);
}
#endif
