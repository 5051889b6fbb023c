# `sitrep serve`: the HTTP layer (apps/server/) as a library linked into the CLI
# and the tests. cpp-httplib is Debian's (header + shared library, pkg-config
# cpp-httplib). The page (apps/server/web/) and its npm libraries (leaflet,
# uplot, world-atlas from node_modules/) are embedded into a generated .cc.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

set(SITREP_WEB_DIR ${PROJECT_SOURCE_DIR}/apps/server/web)
set(SITREP_NODE_DIR ${PROJECT_SOURCE_DIR}/node_modules)
set(SITREP_WEB_FILES
  "/index.html=${SITREP_WEB_DIR}/index.html"
  "/app.css=${SITREP_WEB_DIR}/app.css"
  "/app.js=${SITREP_WEB_DIR}/app.js"
  "/topo.js=${SITREP_WEB_DIR}/topo.js"
  "/vendor/leaflet.js=${SITREP_NODE_DIR}/leaflet/dist/leaflet.js"
  "/vendor/leaflet.css=${SITREP_NODE_DIR}/leaflet/dist/leaflet.css"
  "/vendor/uPlot.js=${SITREP_NODE_DIR}/uplot/dist/uPlot.iife.min.js"
  "/vendor/uPlot.css=${SITREP_NODE_DIR}/uplot/dist/uPlot.min.css"
  "/vendor/countries-110m.json=${SITREP_NODE_DIR}/world-atlas/countries-110m.json"
  "/vendor/countries-10m.json=${SITREP_NODE_DIR}/world-atlas/countries-10m.json")
set(SITREP_WEB_DEPS "")
foreach(pair ${SITREP_WEB_FILES})
  string(REGEX REPLACE "^[^=]*=" "" f "${pair}")
  if(EXISTS "${f}")
    list(APPEND SITREP_WEB_DEPS "${f}")
  endif()
endforeach()
set(SITREP_ASSETS_CC ${PROJECT_BINARY_DIR}/generated/web_assets.cc)
add_custom_command(
  OUTPUT ${SITREP_ASSETS_CC}
  COMMAND ${CMAKE_COMMAND} "-DOUT=${SITREP_ASSETS_CC}" "-DFILES=${SITREP_WEB_FILES}"
          -P ${PROJECT_SOURCE_DIR}/apps/server/embed.cmake
  DEPENDS ${SITREP_WEB_DEPS} ${PROJECT_SOURCE_DIR}/apps/server/embed.cmake
  COMMENT "Embedding the web page (apps/server/web + node_modules)"
  VERBATIM)

file(GLOB SITREP_SERVER_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/apps/server/*.cc)
list(FILTER SITREP_SERVER_SOURCES EXCLUDE REGEX "_test\\.cc$")
add_library(sitrep_server STATIC ${SITREP_SERVER_SOURCES} ${SITREP_ASSETS_CC})
target_include_directories(sitrep_server PUBLIC ${PROJECT_SOURCE_DIR}/apps)
target_link_libraries(sitrep_server PUBLIC sitrep_core PkgConfig::HTTPLIB Threads::Threads)

# The CLI and test targets are defined after the fragments are included.
cmake_language(DEFER CALL target_link_libraries sitrep PRIVATE sitrep_server)
if(SITREP_BUILD_TESTS)
  file(GLOB SITREP_SERVER_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/apps/server/*_test.cc)
  cmake_language(DEFER CALL target_sources sitrep_tests PRIVATE ${SITREP_SERVER_TESTS})
  cmake_language(DEFER CALL target_link_libraries sitrep_tests PRIVATE sitrep_server)
endif()
