/* heap.c — see heap.h. */
#include "heap.h"

#include <malloc.h>

void qtr_heap_keep(void)
{
    (void)mallopt(M_TOP_PAD, 64 << 20);
}
