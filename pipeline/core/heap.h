/* heap.h — how a stage's heap gives memory back (a performance device, bench/results.md). */
#ifndef QTR_HEAP_H
#define QTR_HEAP_H

/* Lets the heap grow in steps of 64 MiB of address space and keep what is freed at its top, so
 * that memory freed and allocated again is not page-faulted in afresh. glibc's defaults give
 * back everything above 128 KiB at once; a stage that frees and regrows big buffers (ingest's
 * year buckets after each spill, cairo's copies of font tables per glyph) then pays a page
 * fault per 4 KiB, about 20 µs each on the virtual machines measured. Pad that is never
 * touched is never resident, but memory kept is not given back: the peak can rise (charts at
 * 10,000 units: 97 -> 109 MB), so a stage calls it where it pays. Under run.sh's
 * glibc.malloc.hugetlb=1 each step is marked for transparent huge pages, so that memory touched
 * for the first time also faults in 2 MiB at a time (the workbook: 8,200 -> under 1,000 faults
 * at 3,000 units x 10 years). A failure only leaves the defaults. */
void qtr_heap_keep(void);

#endif
