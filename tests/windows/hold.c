/* Holds a file open the way Excel holds an open workbook: no sharing, so any
   other program that opens it meets a sharing violation. Prints "held" once it
   has the file, and lets go when its standard input closes. */
#include <stdio.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv) {
  if (argc != 2) return 2;
  HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
  if (h == INVALID_HANDLE_VALUE) {
    fprintf(stderr, "hold: cannot open the file (error %lu)\n", GetLastError());
    return 1;
  }
  printf("held\n");
  fflush(stdout);
  char buf[64];
  while (fread(buf, 1, sizeof buf, stdin) > 0) {
  }
  CloseHandle(h);
  return 0;
}
