# The reader parses JSON Lines records with simdjson (Debian 12: libsimdjson-dev
# 3.0), falling back to nlohmann for unusual records and for error messages.
find_package(simdjson REQUIRED)
target_link_libraries(sitrep_core PUBLIC simdjson::simdjson)
