// PostgreSQL backend of the store's SQL interface (libpqxx 6.4). Statements
// are prepared server-side once per connection; ?N placeholders become $N.
// Transactions are explicit BEGIN/COMMIT on a nontransaction so the store
// controls batching exactly as with SQLite.
#include <pqxx/pqxx>
#include <unordered_map>
#include <vector>

#include "store/db.h"

namespace sitrep::store {
namespace {

std::string to_dollar(const std::string& sql) {
  std::string out;
  out.reserve(sql.size());
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (!quoted && c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9')
      out += '$';
    else
      out += c;
  }
  return out;
}

class PgStmt : public Stmt {
 public:
  PgStmt(pqxx::nontransaction& tx, std::string name, std::string sql, bool prepared)
      : tx_(tx), name_(std::move(name)), sql_(std::move(sql)), prepared_(prepared) {}
  void bind(int i, int64_t v) override { set(i, std::to_string(v)); }
  void bind(int i, double v) override {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    set(i, buf);
  }
  void bind(int i, std::string_view v) override { set(i, std::string(v)); }
  void bind_null(int i) override { set(i, std::nullopt); }
  bool next() override {
    if (!ran_) {
      std::vector<const char*> ptrs;
      ptrs.reserve(params_.size());
      for (const auto& p : params_) ptrs.push_back(p ? p->c_str() : nullptr);
      try {
        if (prepared_)
          res_ = tx_.exec_prepared(name_, pqxx::prepare::make_dynamic_params(ptrs));
        else
          res_ = tx_.exec_params(sql_, pqxx::prepare::make_dynamic_params(ptrs));
      } catch (const std::exception& e) {
        ran_ = true;
        row_ = 0;
        res_ = pqxx::result();
        throw DbError(std::string("postgresql: ") + e.what());
      }
      ran_ = true;
      row_ = 0;
    } else {
      ++row_;
    }
    return row_ < res_.size();
  }
  bool is_null(int c) override { return res_[row_][c].is_null(); }
  int64_t i64(int c) override { return is_null(c) ? 0 : res_[row_][c].as<long long>(); }
  double f64(int c) override { return is_null(c) ? 0 : res_[row_][c].as<double>(); }
  std::string str(int c) override { return is_null(c) ? std::string() : std::string(res_[row_][c].c_str()); }
  void reset() override {
    params_.clear();
    res_ = pqxx::result();
    ran_ = false;
    row_ = 0;
  }

 private:
  void set(int i, std::optional<std::string> v) {
    if (static_cast<int>(params_.size()) < i) params_.resize(i);
    params_[i - 1] = std::move(v);
  }
  pqxx::nontransaction& tx_;
  std::string name_, sql_;
  bool prepared_;
  std::vector<std::optional<std::string>> params_;
  pqxx::result res_;
  bool ran_ = false;
  pqxx::result::size_type row_ = 0;
};

class PgDb : public Db {
 public:
  explicit PgDb(const std::string& url) {
    try {
      conn_ = std::make_unique<pqxx::connection>(url);
      tx_ = std::make_unique<pqxx::nontransaction>(*conn_);
      tx_->exec("SET client_min_messages TO WARNING");
    } catch (const std::exception& e) {
      throw DbError(std::string("cannot connect to PostgreSQL: ") + e.what());
    }
  }
  ~PgDb() override {
    stmts_.clear();
    try {
      if (in_tx_) tx_->exec("ROLLBACK");
    } catch (...) {
    }
  }
  Backend backend() const override { return Backend::Postgres; }
  void exec(const std::string& sql) override {
    try {
      tx_->exec(sql);
    } catch (const std::exception& e) {
      throw DbError(std::string("postgresql: ") + e.what());
    }
  }
  Stmt& stmt(const char* sql) override {
    auto it = stmts_.find(sql);
    if (it == stmts_.end()) {
      std::string name = "s" + std::to_string(stmts_.size());
      try {
        conn_->prepare(name, to_dollar(std::string(sql)));
      } catch (const std::exception& e) {
        throw DbError(std::string("postgresql prepare: ") + e.what());
      }
      it = stmts_.emplace(sql, std::make_unique<PgStmt>(*tx_, name, "", true)).first;
    } else {
      it->second->reset();
    }
    return *it->second;
  }
  std::unique_ptr<Stmt> query(const std::string& sql) override {
    return std::make_unique<PgStmt>(*tx_, "", to_dollar(sql), false);
  }
  void begin() override {
    exec("BEGIN");
    in_tx_ = true;
  }
  void commit() override {
    exec("COMMIT");
    in_tx_ = false;
  }
  void rollback() override {
    if (!in_tx_) return;
    in_tx_ = false;
    try {
      tx_->exec("ROLLBACK");
    } catch (...) {
    }
  }
  void lock_writers() override { exec("SELECT pg_advisory_xact_lock(7301160501)"); }
  void limit_reads(int timeout_ms) override {
    exec("SET default_transaction_read_only = on; SET statement_timeout = " + std::to_string(timeout_ms));
  }

 private:
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::nontransaction> tx_;
  std::unordered_map<const char*, std::unique_ptr<PgStmt>> stmts_;
  bool in_tx_ = false;
};

}  // namespace

std::unique_ptr<Db> open_postgres(const std::string& url) { return std::make_unique<PgDb>(url); }

}  // namespace sitrep::store
