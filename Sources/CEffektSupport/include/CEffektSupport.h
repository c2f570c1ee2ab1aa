#ifndef C_EFFEKT_SUPPORT_H
#define C_EFFEKT_SUPPORT_H

/// Asks the C library's allocator to keep memory the program frees for
/// reuse instead of handing it back to the system at once (glibc trims the
/// top of the heap as soon as 128 KB there are free). A sweep runs many
/// small simulations one after another, each allocating and freeing its
/// statistics; without this the next point pays page faults to touch the
/// same memory again. Keeps at most `bytes`. Does nothing where the C
/// library has no such setting.
void effekt_keep_freed_memory(int bytes);

/// The number of processors this process may run on (its CPU affinity on
/// Linux, as `nproc` reports; the processors online elsewhere), at least 1.
int effekt_available_cpus(void);

#endif
