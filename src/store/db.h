// A thin SQL connection interface the store logic is written against, so the
// same ingest, merge and query code runs on SQLite and on PostgreSQL.
// SQL text uses ?1 ?2 … placeholders (PostgreSQL's backend rewrites them to
// $1 $2 …). Statements are prepared once per connection and cached by key.
// Errors throw DbError; the Store catches them and returns them as data.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sitrep::store {

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class Backend { Sqlite, Postgres };

class Stmt {
 public:
  virtual ~Stmt() = default;
  // Binding starts a fresh execution: values persist until the next reset().
  virtual void bind(int i, int64_t v) = 0;
  virtual void bind(int i, double v) = 0;
  virtual void bind(int i, std::string_view v) = 0;
  virtual void bind_null(int i) = 0;
  // Text the caller keeps alive and unchanged until the statement has run
  // (no copy on backends that can avoid one).
  virtual void bind_ref(int i, std::string_view v) { bind(i, v); }
  void bind(int i, int v) { bind(i, static_cast<int64_t>(v)); }
  void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind(int i, const char* v) { bind(i, std::string_view(v)); }
  template <class T>
  void bind(int i, const std::optional<T>& v) {
    if (v)
      bind(i, *v);
    else
      bind_null(i);
  }
  // Text bound as NULL when empty.
  void bind_text_or_null(int i, std::string_view v) {
    if (v.empty())
      bind_null(i);
    else
      bind(i, v);
  }
  // Runs the statement (first call) and moves to the next row; false at the end.
  virtual bool next() = 0;
  // Runs a statement that returns no rows (or ignores them).
  void run() {
    while (next()) {
    }
    reset();
  }
  virtual bool is_null(int col) = 0;
  virtual int64_t i64(int col) = 0;
  virtual double f64(int col) = 0;
  virtual std::string str(int col) = 0;  // "" for NULL
  std::optional<int64_t> opt_i64(int col) {
    return is_null(col) ? std::nullopt : std::optional<int64_t>(i64(col));
  }
  std::optional<double> opt_f64(int col) {
    return is_null(col) ? std::nullopt : std::optional<double>(f64(col));
  }
  // Clears bindings and results so the statement can run again.
  virtual void reset() = 0;
};

class Db {
 public:
  virtual ~Db() = default;
  virtual Backend backend() const = 0;
  virtual void exec(const std::string& sql) = 0;  // one or more statements, no parameters
  // A prepared statement, cached by the address of its SQL text (a string
  // literal or a static string), reset and ready to bind.
  virtual Stmt& stmt(const char* sql) = 0;
  // A one-off statement (dynamic SQL such as a filtered query).
  virtual std::unique_ptr<Stmt> query(const std::string& sql) = 0;
  // SQLite only (other backends use RETURNING): rows changed by the last
  // statement, and the rowid of the last row it inserted.
  virtual int64_t changes() { throw DbError("changes() is SQLite's"); }
  virtual int64_t last_insert_id() { throw DbError("last_insert_id() is SQLite's"); }
  virtual void set_last_insert_id(int64_t) { throw DbError("set_last_insert_id() is SQLite's"); }
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // Serialises writers across processes for the rest of the transaction
  // (PostgreSQL advisory lock; SQLite's write lock already does it).
  virtual void lock_writers() = 0;
  // For serving reads: the connection refuses writes (SQLite query_only,
  // PostgreSQL read-only transactions) and a statement running longer than
  // `timeout_ms` is interrupted with an error.
  virtual void limit_reads(int timeout_ms) = 0;
};

std::unique_ptr<Db> open_sqlite(const std::string& path);
std::unique_ptr<Db> open_postgres(const std::string& url);

}  // namespace sitrep::store
