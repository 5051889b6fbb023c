// Versioned schema of the store: a list of migrations per backend, applied in
// order inside one transaction each; schema_version holds the last applied.
// The two backends share table and column names; they differ in types and in
// the spatial and full-text indexes (SQLite R*Tree + FTS5, PostgreSQL GIN).
#pragma once

#include "store/db.h"

namespace sitrep::store {

constexpr int kSchemaVersion = 6;

// Creates or upgrades the schema; returns the version now in force. Throws
// DbError when the database is newer than this program.
int migrate(Db& db);

}  // namespace sitrep::store
