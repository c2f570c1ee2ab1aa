// For sched_getaffinity and CPU_COUNT.
#define _GNU_SOURCE
#include "CEffektSupport.h"

// Any libc header defines __GLIBC__ when the C library is glibc.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sched.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void effekt_keep_freed_memory(int bytes) {
#if defined(__GLIBC__)
  mallopt(M_TRIM_THRESHOLD, bytes);
#else
  (void)bytes;
#endif
}

int effekt_cpu_quota(const char *max_path, const char *quota_path, const char *period_path) {
  long long quota = -1, period = 0;
  FILE *f = max_path ? fopen(max_path, "r") : NULL;
  if (f) {
    // cgroup v2 `cpu.max`: "QUOTA PERIOD", or "max PERIOD" for none.
    char first[32] = {0};
    if (fscanf(f, "%31s %lld", first, &period) == 2 && strcmp(first, "max") != 0) {
      quota = strtoll(first, NULL, 10);
    }
    fclose(f);
  } else {
    // cgroup v1: `cpu.cfs_quota_us` (-1 for none) and `cpu.cfs_period_us`.
    FILE *q = quota_path ? fopen(quota_path, "r") : NULL;
    FILE *p = period_path ? fopen(period_path, "r") : NULL;
    if (q && p && (fscanf(q, "%lld", &quota) != 1 || fscanf(p, "%lld", &period) != 1)) quota = -1;
    if (q) fclose(q);
    if (p) fclose(p);
  }
  if (quota <= 0 || period <= 0) return 0;
  long long cpus = (quota + period - 1) / period;
  return cpus > 1000000 ? 1000000 : (int)cpus;
}

int effekt_available_cpus(void) {
  int count = 0;
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) count = CPU_COUNT(&set);
#endif
  if (count <= 0) {
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    count = online > 0 ? (int)online : 1;
  }
#if defined(__linux__)
  int quota = effekt_cpu_quota(
      "/sys/fs/cgroup/cpu.max", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us");
  if (quota > 0 && quota < count) count = quota;
#endif
  return count;
}
