// libFuzzer: the reader on arbitrary bytes as a file (gzip or plain), through
// Reader::read as the CLI reads inputs: truncated or corrupt compressed data
// must give an error naming the input, never a crash or a silent short read.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "read/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static int fd = memfd_create("fuzz_gzip", 0);
  if (fd < 0) std::abort();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) std::abort();
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  sitrep::Reader reader(sitrep::ReaderOptions{sitrep::Date{2024, 1, 1}, 1 << 16});
  reader.read(
      path,
      [](sitrep::Document&& d) {
        const char* what;
        if (sitrep::find_bad_utf8(d.text, &what) != std::string::npos) std::abort();
      },
      [&](const sitrep::ReadError& e) {
        if (e.input != path || e.message.empty()) std::abort();  // every error names the input and a reason
      });
  return 0;
}
