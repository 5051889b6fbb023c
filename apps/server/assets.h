// The page's static files, embedded into the binary at build time
// (apps/server/embed.cmake writes a generated .cc with one byte array per file),
// so `sitrep serve` needs nothing beside the executable.
#pragma once

#include <cstddef>
#include <string_view>

namespace sitrep::server {

struct Asset {
  const char* path;  // URL path: "/index.html", "/vendor/leaflet.js" …
  const char* mime;
  const unsigned char* data;
  size_t size;
};

// The asset served at `path`, or nullptr.
const Asset* find_asset(std::string_view path);
// Every embedded asset (for tests and the startup log).
const Asset* assets_begin();
const Asset* assets_end();

}  // namespace sitrep::server
