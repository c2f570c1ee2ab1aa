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

/// The number of processors this process may use, at least 1: on Linux
/// those its CPU affinity allows (as `nproc` reports), at most its cgroup's
/// CPU quota rounded up (`docker run --cpus 1.5` gives 2); elsewhere the
/// processors online.
int effekt_available_cpus(void);

/// The CPU quota of a cgroup in whole processors, rounded up, or 0 for no
/// quota or no such files: from `max_path` (cgroup v2 `cpu.max`, "QUOTA
/// PERIOD" or "max PERIOD") when it can be opened, else from `quota_path`
/// and `period_path` (cgroup v1 `cpu.cfs_quota_us`, -1 for none, and
/// `cpu.cfs_period_us`).
int effekt_cpu_quota(const char *max_path, const char *quota_path, const char *period_path);

#endif
