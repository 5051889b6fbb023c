# The store's PostgreSQL backend links libpqxx (Debian 12: 6.4) and libpq.
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx libpq)
target_link_libraries(sitrep_core PUBLIC PkgConfig::PQXX)
