// sitrep events: query merged events in a store, as a table, JSON Lines, CSV
// (SCHEMA.md's ACLED-like columns) or GeoJSON.
#include <cstdio>
#include <memory>
#include <sstream>

#include "commands.h"
#include "store/export.h"
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
    std::string db, from, to, type, country, actor, near, bbox, text, format = "table";
    std::optional<int64_t> min_killed;
    int64_t limit = 100;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("events", "list merged events in a store, filtered");
  cmd->add_option("--db", o->db, "store: a SQLite file path, or postgresql://…")->required();
  cmd->add_option("--from", o->from, "events on or after YYYY-MM-DD");
  cmd->add_option("--to", o->to, "events on or before YYYY-MM-DD");
  cmd->add_option("--type", o->type, "PLOVER type (ASSAULT, PROTEST, …)");
  cmd->add_option("--country", o->country, "ISO 3166-1 alpha-3 of the event's place");
  cmd->add_option("--actor", o->actor, "actor or recipient: part of its name, or its country code");
  cmd->add_option("--near", o->near, "LAT,LON,KM: within KM kilometres of a point");
  cmd->add_option("--bbox", o->bbox, "W,S,E,N: inside a box (degrees)");
  cmd->add_option("--text", o->text, "words in the reports' text (full-text search)");
  cmd->add_option("--min-killed", o->min_killed, "best killed estimate at least this");
  cmd->add_option("--limit", o->limit, "at most this many events, newest first (0 = all)");
  cmd->add_option("--format,-f", o->format, "table, jsonl, csv or geojson")
      ->check(CLI::IsMember({"table", "jsonl", "csv", "geojson"}));
  return {cmd, [o]() -> int {
    store::EventQuery q;
    auto date = [&](const std::string& s, std::optional<Date>* out, const char* flag) {
      if (s.empty()) return true;
      *out = parse_iso_date(s);
      if (!*out) std::fprintf(stderr, "sitrep events: %s: \"%s\" is not a date YYYY-MM-DD\n", flag, s.c_str());
      return out->has_value();
    };
    if (!date(o->from, &q.from, "--from") || !date(o->to, &q.to, "--to")) return 2;
    q.type = o->type;
    q.country = o->country;
    q.actor = o->actor;
    q.text = o->text;
    q.min_killed = o->min_killed;
    q.limit = o->limit;
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
    auto st = store::Store::open(o->db, &err);
    if (!st) {
      std::fprintf(stderr, "sitrep events: %s\n", err.c_str());
      return 1;
    }
    auto rows = st->events(q, &err);
    if (!err.empty()) {
      std::fprintf(stderr, "sitrep events: %s\n", err.c_str());
      return 1;
    }
    std::string out = o->format == "csv"       ? store::to_csv(rows)
                      : o->format == "jsonl"   ? store::to_jsonl(rows)
                      : o->format == "geojson" ? store::to_geojson(rows)
                                               : store::to_table(rows);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  }};
}

}  // namespace sitrep::cli
