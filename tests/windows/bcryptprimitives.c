/* Debian 12's Wine 8 has no bcryptprimitives.dll, whose ProcessPrng Rust's
   standard library imports for random numbers; without it no Rust program
   starts under that Wine. RtlGenRandom (SystemFunction036 in advapi32) gives
   the same bytes. Installed into the test prefix's system32 only: this is a gap
   in Wine, not something the product ships (Windows 10 and later have it). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length > 0) {
    ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
