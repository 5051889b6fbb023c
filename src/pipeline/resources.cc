#include "pipeline/resources.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace sitrep {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> candidates(const std::string& explicit_dir) {
  std::vector<std::string> c;
  if (!explicit_dir.empty()) c.push_back(explicit_dir);
  if (const char* env = std::getenv("SITREP_DATA"); env && *env) c.push_back(env);
#ifdef SITREP_BUILD_DATA_DIR
  c.push_back(SITREP_BUILD_DATA_DIR);
#endif
#ifdef SITREP_SOURCE_DATA_DIR
  c.push_back(SITREP_SOURCE_DATA_DIR);
#endif
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) c.push_back((exe.parent_path().parent_path() / "share" / "sitrep").string());
  return c;
}

}  // namespace

std::string locate_data_dir(const std::string& explicit_dir) {
  std::error_code ec;
  for (const auto& d : candidates(explicit_dir))
    if (fs::is_directory(d, ec)) return d;
  return "";
}

std::string find_resource(const std::string& explicit_dir, const std::string& name) {
  std::error_code ec;
  for (const auto& d : candidates(explicit_dir)) {
    fs::path p = fs::path(d) / name;
    if (fs::exists(p, ec)) return p.string();
  }
  return "";
}

}  // namespace sitrep
