// sitrep events: query merged events in a store, as a table, JSON Lines, CSV
// (SCHEMA.md's ACLED-like columns and more), ACLED's standard columns or
// GeoJSON. Exports stream every matching row; a cut listing says "N of M".
#include <cstdio>
#include <memory>
#include <sstream>

#include "commands.h"
#include "store/export.h"
#include "store/filters.h"
#include "store/store.h"

namespace sitrep::cli {
namespace {

bool parse_doubles(const std::string& s, size_t n, std::vector<double>* out) {
  std::stringstream ss(s);
  std::string item;
  out->clear();
  while (std::getline(ss, item, ',')) {
    try {
      size_t used = 0;
      double v = std::stod(item, &used);
      if (used != item.size()) return false;
      out->push_back(v);
    } catch (...) {
      return false;
    }
  }
  return out->size() == n;
}

}  // namespace

Command add_events(CLI::App& app) {
  struct Opts {
    std::string db, from, to, type, acled_type, country, actor, near, bbox, text, cursor, format = "table";
    std::string modality = "asserted", background = "exclude", data_dir;
    std::optional<int64_t> min_killed, limit;
    bool create = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("events", "list merged events in a store, filtered");
  cmd->add_option("--db", o->db, "store: a SQLite file path, or postgresql://…")->required();
  cmd->add_flag("--create", o->create,
                "make an empty store when none is there (else a missing store is an error)");
  cmd->add_option("--from", o->from, "events on or after YYYY-MM-DD");
  cmd->add_option("--to", o->to, "events on or before YYYY-MM-DD");
  cmd->add_option("--type", o->type,
                  "PLOVER type (assault, PROTEST, …) or ACLED event type (battles, …), any case");
  cmd->add_option("--acled-type", o->acled_type, "ACLED event type (Battles, Protests, …), any case");
  cmd->add_option("--country", o->country, "the event's country: alpha-3 (NGA) or name (Nigeria)");
  cmd->add_option("--actor", o->actor,
                  "actor, recipient or associated actor: a name or part of one (any case; dictionary aliases "
                  "such as RSF count), an actor code or a country code");
  cmd->add_option("--modality", o->modality, "asserted (default), negated, hypothetical, future or any");
  cmd->add_option(
         "--background", o->background,
         "events told only as background (\"last year's attack\"): exclude (default), include or only")
      ->check(CLI::IsMember({"exclude", "include", "only"}));
  cmd->add_option("--near", o->near, "LAT,LON,KM: within KM kilometres of a point");
  cmd->add_option("--bbox", o->bbox, "W,S,E,N: inside a box (degrees)");
  cmd->add_option("--text", o->text, "words in the reports' text (full-text search)");
  cmd->add_option("--min-killed", o->min_killed, "best killed estimate at least this");
  cmd->add_option(
      "--limit", o->limit,
      "at most this many events, newest first (0 = all; default: 100 for the table, all for exports)");
  cmd->add_option("--after", o->cursor, "start after this cursor (printed when a listing is cut)");
  cmd->add_option("--format,-f", o->format, "table, jsonl, csv, acled (ACLED's columns and codes) or geojson")
      ->check(CLI::IsMember({"table", "jsonl", "csv", "acled", "geojson"}));
  cmd->add_option("--data", o->data_dir, "folder with actors/ and lexicon/ (default: found automatically)");
  return {cmd, [o]() -> int {
            store::EventQuery q;
            auto date = [&](const std::string& s, std::optional<Date>* out, const char* flag) {
              if (s.empty()) return true;
              *out = parse_iso_date(s);
              if (!*out)
                std::fprintf(stderr, "sitrep events: %s: \"%s\" is not a date YYYY-MM-DD\n", flag, s.c_str());
              return out->has_value();
            };
            if (!date(o->from, &q.from, "--from") || !date(o->to, &q.to, "--to")) return 2;
            q.type = o->type;
            q.acled_type = o->acled_type;
            q.country = o->country;
            q.actor = o->actor;
            q.text = o->text;
            q.min_killed = o->min_killed;
            q.modality = o->modality;
            q.background = o->background == "include" ? store::Background::Include
                           : o->background == "only"  ? store::Background::Only
                                                      : store::Background::Exclude;
            const bool table = o->format == "table";
            q.limit = o->limit ? *o->limit : (table ? 100 : 0);
            if (!o->cursor.empty() && !store::parse_cursor(o->cursor, &q)) {
              std::fprintf(stderr, "sitrep events: --after: \"%s\" is not a cursor\n", o->cursor.c_str());
              return 2;
            }
            if (auto err = store::resolve_filters(&q, o->data_dir); !err.empty()) {
              std::fprintf(stderr, "sitrep events: %s\n", err.c_str());
              return 2;
            }
            std::vector<double> v;
            if (!o->near.empty()) {
              if (!parse_doubles(o->near, 3, &v) || v[2] <= 0) {
                std::fprintf(stderr, "sitrep events: --near wants LAT,LON,KM\n");
                return 2;
              }
              q.near_lat = v[0], q.near_lon = v[1], q.near_km = v[2];
            }
            if (!o->bbox.empty()) {
              if (!parse_doubles(o->bbox, 4, &v)) {
                std::fprintf(stderr, "sitrep events: --bbox wants W,S,E,N\n");
                return 2;
              }
              q.west = v[0], q.south = v[1], q.east = v[2], q.north = v[3];
            }
            std::string err;
            auto st = store::Store::open(o->db, &err, o->create);
            if (!st) {
              std::fprintf(stderr, "sitrep events: %s\n", err.c_str());
              return 1;
            }
            store::ExportFormat fmt = o->format == "csv"       ? store::ExportFormat::Csv
                                      : o->format == "acled"   ? store::ExportFormat::Acled
                                      : o->format == "jsonl"   ? store::ExportFormat::Jsonl
                                      : o->format == "geojson" ? store::ExportFormat::Geojson
                                                               : store::ExportFormat::Table;
            store::Exporter ex(fmt);
            auto put = [](const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); };
            put(ex.begin());
            std::optional<Date> last_date;
            std::string last_id;
            bool ok = st->each_event(
                q,
                [&](const store::EventRow& r) {
                  put(ex.row(r));
                  last_date = r.date_start;
                  last_id = r.id;
                  return true;
                },
                &err);
            if (!ok) {
              std::fprintf(stderr, "sitrep events: %s\n", err.c_str());
              return 1;
            }
            put(ex.end());
            // Never a silent cut: say how many matched when a limit stopped the listing.
            int64_t total = ex.rows();
            if (q.limit > 0 && ex.rows() >= q.limit) {
              total = st->count_events(q, &err);
              if (total < 0) {
                std::fprintf(stderr, "sitrep events: %s\n", err.c_str());
                return 1;
              }
              if (q.after) total = -1;  // a later page: the total counts from the start
            }
            if (table) {
              std::string cut = total > ex.rows() ? "  (--limit 0 for all, or --after " +
                                                        store::make_cursor(last_date, last_id) + ")"
                                                  : "";
              std::printf("-- %lld of %s events%s\n", static_cast<long long>(ex.rows()),
                          total < 0 ? "more" : std::to_string(total).c_str(), cut.c_str());
            } else if (total < 0 || total > ex.rows()) {
              std::fprintf(
                  stderr,
                  "sitrep events: wrote %lld of %s matching events (--limit %lld; --after %s continues)\n",
                  static_cast<long long>(ex.rows()), total < 0 ? "more" : std::to_string(total).c_str(),
                  static_cast<long long>(q.limit), store::make_cursor(last_date, last_id).c_str());
            }
            if (ex.not_acled() > 0)
              std::fprintf(
                  stderr,
                  "sitrep events: %lld of %lld events have no ACLED type (meetings, statements…) and are "
                  "not in the ACLED export (--format csv has them)\n",
                  static_cast<long long>(ex.not_acled()), static_cast<long long>(ex.rows()));
            if (fmt == store::ExportFormat::Geojson && ex.unlocated() > 0)
              std::fprintf(
                  stderr,
                  "sitrep events: %lld of %lld events have no coordinates (features with a null geometry)\n",
                  static_cast<long long>(ex.unlocated()), static_cast<long long>(ex.rows()));
            return 0;
          }};
}

}  // namespace sitrep::cli
