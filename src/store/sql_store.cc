// The Store over a Db (store/db.h): ingest with cross-document merging,
// queries, counts. Backend differences are confined to a few SQL fragments.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <numbers>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "store/event_json.h"
#include "store/schema.h"
#include "store/store.h"

namespace sitrep::store {
namespace {

std::optional<int64_t> days(const std::optional<Date>& d) {
  return d ? std::optional<int64_t>(d->to_days()) : std::nullopt;
}
std::optional<Date> date_of(const std::optional<int64_t>& v) {
  return v ? std::optional<Date>(Date::from_days(*v)) : std::nullopt;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Splits "a; b" into its parts.
std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t p = s.find("; ", i);
    if (p == std::string::npos) p = s.size();
    if (p > i) out.push_back(s.substr(i, p - i));
    i = p + 2;
  }
  return out;
}

// A short note: the first evidence span's text, whitespace collapsed, cut at
// a UTF-8 boundary.
std::string note_of(const Document& doc, const Event& ev) {
  if (ev.evidence.empty()) return "";
  const Span& s = ev.evidence.front();
  if (s.end > doc.text.size() || s.start >= s.end) return "";
  std::string out;
  bool space = false;
  for (char c : doc.view(s)) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > 300) {
    size_t cut = 300;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "…";
  }
  return out;
}

std::string spans_text(const std::vector<Span>& v) {
  std::string s;
  for (const auto& x : v) {
    if (!s.empty()) s += ';';
    s += std::to_string(x.start) + ":" + std::to_string(x.end);
  }
  return s;
}

std::vector<Span> parse_spans(const std::string& s) {
  std::vector<Span> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t semi = s.find(';', i);
    if (semi == std::string::npos) semi = s.size();
    std::string part = s.substr(i, semi - i);
    size_t colon = part.find(':');
    if (colon != std::string::npos)
      out.push_back({static_cast<uint32_t>(std::stoul(part.substr(0, colon))),
                     static_cast<uint32_t>(std::stoul(part.substr(colon + 1)))});
    i = semi + 1;
  }
  return out;
}

ReportKey key_of(const Document& doc, const Event& ev, const std::string& id) {
  ReportKey k;
  k.id = id;
  k.type = ev.type;
  k.published = doc.meta.published ? doc.meta.published->to_days() : kNoDate;
  if (ev.date.start) {
    k.date_start = ev.date.start->to_days();
    k.date_end = ev.date.end ? ev.date.end->to_days() : k.date_start;
  } else if (doc.meta.published) {
    // The text gave no date: the event happened by the report date.
    k.date_start = doc.meta.published->to_days() - 1;
    k.date_end = doc.meta.published->to_days();
  } else {
    k.date_start = k.date_end = kNoDate;
  }
  if (ev.place) {
    k.lat = ev.place->lat;
    k.lon = ev.place->lon;
    if (!(k.lat && k.lon)) k.lat = k.lon = std::nullopt;
    if (!ev.place->name.empty()) k.place_key = lower_ascii(ev.place->name) + "|" + ev.place->country;
    k.geo_precision = ev.place->precision;
  }
  if (ev.actor) k.actor_country = ev.actor->country;
  if (ev.recipient) k.recipient_country = ev.recipient->country;
  k.asserted = ev.modality == "asserted" || ev.modality.empty();
  return k;
}

bool mergeable_key(const ReportKey& k) { return k.date_start != kNoDate && mergeable(k); }

// Whether two reports have the same key for merging (everything `compatible`
// reads but the report id): then any third report is compatible with both or
// with neither, unless it comes from one of their documents.
bool same_merge_key(const ReportKey& a, const ReportKey& b) {
  return a.type == b.type && a.date_start == b.date_start && a.date_end == b.date_end && a.lat == b.lat &&
         a.lon == b.lon && a.place_key == b.place_key && a.geo_precision == b.geo_precision &&
         a.actor_country == b.actor_country && a.recipient_country == b.recipient_country;
}

// Columns read back to rebuild a ReportKey (prefix "r.").
const char* kKeyCols =
    "r.id, r.type, r.published, r.date_start, r.date_end, r.lat, r.lon, r.place_key, r.geo_precision, "
    "r.actor_country, r.recipient_country";

ReportKey read_key(Stmt& s, int c) {
  ReportKey k;
  k.id = s.str(c);
  k.type = s.str(c + 1);
  k.published = s.is_null(c + 2) ? kNoDate : s.i64(c + 2);
  k.date_start = s.is_null(c + 3) ? kNoDate : s.i64(c + 3);
  k.date_end = s.is_null(c + 4) ? kNoDate : s.i64(c + 4);
  k.lat = s.opt_f64(c + 5);
  k.lon = s.opt_f64(c + 6);
  k.place_key = s.str(c + 7);
  k.geo_precision = s.str(c + 8);
  k.actor_country = s.str(c + 9);
  k.recipient_country = s.str(c + 10);
  k.asserted = true;
  return k;
}

const char* kEventCols =
    "e.id, e.type, e.mode, e.cameo, e.acled_type, e.acled_sub, e.date_start, e.date_end, e.date_precision, "
    "e.actor1, e.actor1_country, e.actor2, e.actor2_country, e.location, e.admin1, e.country, e.lat, e.lon, "
    "e.geo_precision, e.killed_low, e.killed_best, e.killed_high, e.injured_low, e.injured_best, "
    "e.injured_high, "
    "e.sources, e.n_reports, e.first_seen, e.last_seen, e.notes, e.actor1_code, e.actor1_sector, "
    "e.actor2_code, "
    "e.actor2_sector, e.assoc_actor1, e.assoc_actor2, e.modality, e.background, e.claim, e.attribution, "
    "e.url";

const std::string kEventById = std::string("SELECT ") + kEventCols + " FROM events e WHERE e.id = ?1";
const std::string kCandidates =
    std::string("SELECT ") + kKeyCols +
    ", r.event_id FROM reports r WHERE r.mergeable = 1 AND r.type = ?1 AND r.lat_cell IN (?2, ?3, ?4) "
    "AND r.date_start BETWEEN ?5 AND ?6 AND r.event_id IS NOT NULL "
    "UNION ALL SELECT " +
    kKeyCols +
    ", r.event_id FROM reports r WHERE r.mergeable = 1 AND r.type = ?1 AND r.place_key = ?7 "
    "AND r.date_start BETWEEN ?5 AND ?6 AND r.event_id IS NOT NULL";

EventRow read_event(Stmt& s) {
  EventRow r;
  r.id = s.str(0);
  r.type = s.str(1);
  r.mode = s.str(2);
  r.cameo = s.str(3);
  r.acled_type = s.str(4);
  r.acled_sub = s.str(5);
  r.date_start = date_of(s.opt_i64(6));
  r.date_end = date_of(s.opt_i64(7));
  r.date_precision = s.str(8);
  r.actor1 = s.str(9);
  r.actor1_country = s.str(10);
  r.actor2 = s.str(11);
  r.actor2_country = s.str(12);
  r.location = s.str(13);
  r.admin1 = s.str(14);
  r.country = s.str(15);
  r.lat = s.opt_f64(16);
  r.lon = s.opt_f64(17);
  r.geo_precision = s.str(18);
  r.killed_low = s.opt_i64(19);
  r.killed_best = s.opt_i64(20);
  r.killed_high = s.opt_i64(21);
  r.injured_low = s.opt_i64(22);
  r.injured_best = s.opt_i64(23);
  r.injured_high = s.opt_i64(24);
  r.sources = split_list(s.str(25));
  r.reports = s.i64(26);
  r.first_seen = date_of(s.opt_i64(27));
  r.last_seen = date_of(s.opt_i64(28));
  r.notes = s.str(29);
  r.actor1_code = s.str(30);
  r.actor1_sector = s.str(31);
  r.actor2_code = s.str(32);
  r.actor2_sector = s.str(33);
  r.assoc_actor1 = split_list(s.str(34));
  r.assoc_actor2 = split_list(s.str(35));
  if (!s.is_null(36)) r.modality = s.str(36);
  r.background = !s.is_null(37) && s.i64(37) != 0;
  r.claim = s.str(38);
  r.attribution = split_list(s.str(39));
  r.url = s.str(40);
  return r;
}

uint64_t fnv(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  h ^= 0xff;
  h *= 0x100000001b3ull;
  return h;
}

// A report as an event's aggregation reads it.
struct R {
  std::string id, source, type, mode, cameo, acled_type, acled_sub, date_precision;
  std::string actor1, actor1_country, actor2, actor2_country, location, admin1, country, geo_precision, notes;
  std::optional<int64_t> published, date_start, date_end, kl, kh, il, ih;
  std::optional<double> lat, lon;
  int64_t n_attrib = 1;
  std::string actor1_code, actor1_sector, actor2_code, actor2_sector, co_actors, attribution, claim;
  std::string modality = "asserted", url, doc_id;
  bool background = false;
};

// An entity's actor code ("" when none).
std::string code_of(const Document& d, const std::optional<Party>& p) {
  if (!p || p->entity < 0 || static_cast<size_t>(p->entity) >= d.entities.size()) return "";
  const auto& e = d.entities[static_cast<size_t>(p->entity)];
  return e.actor ? e.actor->code : "";
}

// "; "-joined names of an event's other coordinated actors.
std::string co_actors_of(const Event& ev) {
  std::string s;
  for (const auto& p : ev.co_actors) {
    if (p.name.empty()) continue;
    if (!s.empty()) s += "; ";
    s += p.name;
  }
  return s;
}

std::string attribution_of(const Event& ev) {
  std::string s;
  for (const auto& a : ev.attribution) {
    if (a.name.empty()) continue;
    if (!s.empty()) s += "; ";
    s += a.name;
  }
  return s;
}

// How specific a place is: smaller is finer (an event keeps its finest place).
int place_rank(const std::string& precision) {
  static const char* kOrder[] = {"exact", "town", "district", "admin1", "country"};
  for (int i = 0; i < 5; ++i)
    if (precision == kOrder[i]) return i;
  return 5;
}

// A document's text reduced to its letters and digits (ASCII lower-cased),
// hashed: copies of one story that differ in whitespace, punctuation or case
// hash the same.
std::string text_hash(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t n = 0;
  for (unsigned char c : text) {
    if (c < 0x80 && !std::isalnum(c)) continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    h ^= c;
    h *= 0x100000001b3ull;
    ++n;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx:%zu", static_cast<unsigned long long>(h), n);
  return buf;
}

// The same values add_report writes, as recompute would read them back.
R row_of(const Document& d, const Event& ev, const ReportKey& k, std::string notes) {
  R r;
  r.id = k.id;
  r.source = d.meta.source.value_or("");
  r.type = ev.type;
  r.mode = ev.mode;
  r.cameo = ev.cameo;
  r.acled_type = ev.acled_type;
  r.acled_sub = ev.acled_sub;
  r.date_precision = ev.date.precision;
  if (ev.actor) r.actor1 = ev.actor->name, r.actor1_country = ev.actor->country;
  if (ev.recipient) r.actor2 = ev.recipient->name, r.actor2_country = ev.recipient->country;
  if (ev.place) {
    r.location = ev.place->name;
    r.admin1 = ev.place->admin1;
    r.country = ev.place->country;
    r.geo_precision = ev.place->precision;
  }
  r.notes = std::move(notes);
  r.published = days(d.meta.published);
  if (k.date_start != kNoDate) r.date_start = k.date_start, r.date_end = k.date_end;
  const auto& c = ev.casualties;
  if (c.killed) r.kl = c.killed->low, r.kh = c.killed->high;
  if (c.injured) r.il = c.injured->low, r.ih = c.injured->high;
  r.lat = k.lat;
  r.lon = k.lon;
  r.n_attrib = static_cast<int64_t>(std::max<size_t>(1, ev.attribution.size()));
  r.actor1_code = code_of(d, ev.actor);
  r.actor2_code = code_of(d, ev.recipient);
  if (ev.actor) r.actor1_sector = ev.actor->sector;
  if (ev.recipient) r.actor2_sector = ev.recipient->sector;
  r.co_actors = co_actors_of(ev);
  r.attribution = attribution_of(ev);
  r.claim = ev.claim;
  r.modality = ev.modality.empty() ? "asserted" : ev.modality;
  r.background = ev.background;
  r.url = d.meta.url.value_or("");
  r.doc_id = d.meta.id;
  return r;
}

// One row of recompute's reports SELECT (its columns in order) as R.
R report_of_row(Stmt& s) {
  R r;
  r.id = s.str(0);
  r.source = s.str(1);
  r.type = s.str(2);
  r.mode = s.str(3);
  r.cameo = s.str(4);
  r.acled_type = s.str(5);
  r.acled_sub = s.str(6);
  r.date_precision = s.str(7);
  r.actor1 = s.str(8);
  r.actor1_country = s.str(9);
  r.actor2 = s.str(10);
  r.actor2_country = s.str(11);
  r.location = s.str(12);
  r.admin1 = s.str(13);
  r.country = s.str(14);
  r.geo_precision = s.str(15);
  r.notes = s.str(16);
  r.published = s.opt_i64(17);
  r.date_start = s.opt_i64(18);
  r.date_end = s.opt_i64(19);
  r.kl = s.opt_i64(20);
  r.kh = s.opt_i64(21);
  r.il = s.opt_i64(22);
  r.ih = s.opt_i64(23);
  r.lat = s.opt_f64(24);
  r.lon = s.opt_f64(25);
  r.n_attrib = s.i64(26);
  r.actor1_code = s.str(27);
  r.actor1_sector = s.str(28);
  r.actor2_code = s.str(29);
  r.actor2_sector = s.str(30);
  r.co_actors = s.str(31);
  r.attribution = s.str(32);
  r.claim = s.str(33);
  r.modality = s.is_null(34) ? "asserted" : s.str(34);
  r.background = !s.is_null(35) && s.i64(35) != 0;
  r.url = s.str(36);
  r.doc_id = s.str(37);
  return r;
}

// An event's row as its reports (in anchor order) give it.
struct EventFields {
  const R* rep = nullptr;  // type, date, actors: first report with coordinates, else the anchor
  const R* at = nullptr;   // place: the finest any report gives
  std::string actor1, actor1_country, actor1_code, actor1_sector;
  std::string actor2, actor2_country, actor2_code, actor2_sector;
  std::string assoc1, assoc2, attrib, claims;  // "; "-joined
  std::string modality;
  bool background = true;
  std::set<std::string> sources;
  std::optional<int64_t> first, last;  // first and last seen
  LowBestHigh killed, injured;
};

// The representative, place, actors, associated actors, attributions,
// claims, modality and background of an event from its reports (not empty).
EventFields merge_reports(const std::vector<R>& rs) {
  EventFields f;
  // Representative for type, place, date and actors: the first report in
  // anchor order that has coordinates, else the anchor.
  f.rep = &rs.front();
  for (const auto& r : rs)
    if (r.lat && r.lon) {
      f.rep = &r;
      break;
    }
  // Place: the finest one the reports give (first in anchor order among equals).
  f.at = f.rep;
  for (const auto& r : rs)
    if (r.lat && r.lon && place_rank(r.geo_precision) < place_rank(f.at->geo_precision)) f.at = &r;
  // Every actor, attribution and claim of the reports is kept: the
  // representative's actors first, the others as associated actors.
  const R* a1 = f.rep;
  const R* a2 = f.rep;
  for (const auto& r : rs) {
    if (a1->actor1.empty() && !r.actor1.empty()) a1 = &r;
    if (a2->actor2.empty() && !r.actor2.empty()) a2 = &r;
  }
  f.actor1 = a1->actor1, f.actor1_country = a1->actor1_country, f.actor1_code = a1->actor1_code,
  f.actor1_sector = a1->actor1_sector;
  f.actor2 = a2->actor2, f.actor2_country = a2->actor2_country, f.actor2_code = a2->actor2_code,
  f.actor2_sector = a2->actor2_sector;
  std::vector<std::string> assoc1, assoc2, attrib, claims;
  auto add_unique = [](std::vector<std::string>& v, const std::string& x, const std::string& main) {
    if (x.empty() || lower_ascii(x) == lower_ascii(main)) return;
    for (const auto& y : v)
      if (lower_ascii(y) == lower_ascii(x)) return;
    v.push_back(x);
  };
  f.modality = f.rep->modality;
  for (const auto& r : rs) {
    add_unique(assoc1, r.actor1, f.actor1);
    for (const auto& c : split_list(r.co_actors)) add_unique(assoc1, c, f.actor1);
    add_unique(assoc2, r.actor2, f.actor2);
    for (const auto& a : split_list(r.attribution)) add_unique(attrib, a, "");
    add_unique(claims, r.claim, "");
    if (!r.background) f.background = false;
    if (r.modality == "asserted") f.modality = "asserted";
  }
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : "; ") + x;
    return out;
  };
  f.assoc1 = joined(assoc1);
  f.assoc2 = joined(assoc2);
  f.attrib = joined(attrib);
  f.claims = joined(claims);
  return f;
}

// A filtered query's WHERE clause (" AND …" terms) and its parameters.
struct Where {
  std::string sql;
  std::vector<std::variant<int64_t, double, std::string>> params;
  bool spatial = false;
  template <class T>
  std::string p(T v) {
    params.emplace_back(v);
    return "?" + std::to_string(params.size());
  }
  std::unique_ptr<Stmt> bound(Db& db, const std::string& text) const {
    auto st = db.query(text);
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      std::visit([&](const auto& v) { st->bind(idx, v); }, params[i]);
    }
    return st;
  }
};

// "%text%" for LIKE … ESCAPE '\', the text lower-cased and its wildcards escaped.
std::string like_pattern(const std::string& s) {
  std::string out = "%";
  for (char c : lower_ascii(s)) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

std::string upper_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

class SqlStore : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Db> db) : db_(std::move(db)), sqlite_(db_->backend() == Backend::Sqlite) {
    migrate(*db_);
  }

  AddResult add(std::span<const Document> docs) override {
    AddResult res;
    try {
      db_->begin();
      db_->lock_writers();
      dirty_.clear();
      fresh_.clear();
      anchors_.clear();
      std::unordered_set<std::string> seen;
      for (const auto& d : docs) {
        if (!seen.insert(d.meta.id).second) {
          ++res.skipped;
          continue;
        }
        size_t reports = 0;
        if (!add_document(d, &reports)) {
          ++res.skipped;  // already stored
          continue;
        }
        res.reports += reports;
        ++res.added;
      }
      for (const auto& id : dirty_) recompute(id);
      db_->commit();
    } catch (const std::exception& e) {
      db_->rollback();
      known_sources_.clear();
      anchors_.clear();
      res = AddResult{};
      res.error = e.what();
    }
    return res;
  }

  std::vector<EventRow> events(const EventQuery& q, std::string* error) override {
    std::vector<EventRow> out;
    if (!each_event(
            q,
            [&](const EventRow& r) {
              out.push_back(r);
              return true;
            },
            error))
      out.clear();
    return out;
  }

  bool each_event(const EventQuery& q, const std::function<bool(const EventRow&)>& fn,
                  std::string* error) override {
    try {
      Where w = where(q, true);
      bool near = q.near_lat && q.near_lon && q.near_km;
      std::string sql = std::string("SELECT ") + kEventCols + " FROM events e WHERE 1=1" + w.sql;
      const char* date_start = w.spatial ? "+e.date_start" : "e.date_start";
      // Undated events come last on both backends (SQLite sorts NULL lowest).
      sql +=
          std::string(" ORDER BY ") + date_start + " DESC" + (sqlite_ ? "" : " NULLS LAST") + ", e.id DESC";
      if (q.limit > 0 && !near) sql += " LIMIT " + w.p(q.limit);
      auto st = w.bound(*db_, sql);
      int64_t n = 0;
      while (st->next()) {
        EventRow r = read_event(*st);
        if (near && (!r.lat || !r.lon || distance_km(*q.near_lat, *q.near_lon, *r.lat, *r.lon) > *q.near_km))
          continue;
        if (!fn(r)) break;
        if (q.limit > 0 && ++n >= q.limit) break;
      }
      return true;
    } catch (const std::exception& e) {
      if (error) *error = e.what();
      return false;
    }
  }

  int64_t count_events(const EventQuery& q_in, std::string* error) override {
    try {
      EventQuery q = q_in;
      q.after.reset();
      q.limit = 0;
      Where w = where(q, false);
      if (q.near_lat && q.near_lon && q.near_km) {
        auto st = w.bound(*db_, "SELECT e.lat, e.lon FROM events e WHERE 1=1" + w.sql);
        int64_t n = 0;
        while (st->next())
          if (!st->is_null(0) && !st->is_null(1) &&
              distance_km(*q.near_lat, *q.near_lon, st->f64(0), st->f64(1)) <= *q.near_km)
            ++n;
        return n;
      }
      auto st = w.bound(*db_, "SELECT count(*) FROM events e WHERE 1=1" + w.sql);
      return st->next() ? st->i64(0) : 0;
    } catch (const std::exception& e) {
      if (error) *error = e.what();
      return -1;
    }
  }

  // The filters of q as SQL over events e (ordered: with the cursor when ordered).
  Where where(const EventQuery& q, bool ordered) {
    Where w;
    auto p = [&](auto v) { return w.p(v); };
    std::string& sql = w.sql;
    // A spatial filter is the selective one: keep the planner on the
    // spatial index (unary + hides the date columns from the date indexes).
    const bool spatial = (q.near_lat && q.near_lon && q.near_km) || (q.west && q.south && q.east && q.north);
    w.spatial = spatial;
    const char* date_start = spatial ? "+e.date_start" : "e.date_start";
    if (q.from)
      sql += std::string(" AND ") + (spatial ? "+e.date_end" : "e.date_end") + " >= " + p(q.from->to_days());
    if (q.to) sql += std::string(" AND ") + date_start + " <= " + p(q.to->to_days());
    if (!q.type.empty()) sql += " AND e.type = " + p(q.type);
    if (!q.acled_type.empty()) sql += " AND e.acled_type = " + p(q.acled_type);
    if (!q.country.empty()) sql += " AND e.country = " + p(q.country);
    if (!q.modality.empty()) sql += " AND coalesce(e.modality, 'asserted') = " + p(q.modality);
    if (q.background == Background::Exclude)
      sql += " AND coalesce(e.background, 0) = 0";
    else if (q.background == Background::Only)
      sql += " AND e.background = 1";
    if (!q.actor.empty() || !q.actor_names.empty()) {
      // Any of the names as a part of an actor's, associated actor's name
      // (any case); the query as an actor code or a country code.
      std::vector<std::string> names = q.actor_names;
      if (!q.actor.empty()) names.insert(names.begin(), q.actor);
      std::string any;
      for (const auto& nm : names) {
        std::string pat = p(like_pattern(nm));
        for (const char* col : {"e.actor1", "e.actor2", "e.assoc_actor1", "e.assoc_actor2"})
          any += std::string(any.empty() ? "" : " OR ") + "lower(" + col + ") LIKE " + pat + " ESCAPE '\\'";
      }
      if (!q.actor.empty()) {
        std::string code = p(upper_ascii(q.actor));
        any += " OR e.actor1_code = " + code + " OR e.actor2_code = " + code +
               " OR e.actor1_country = " + code + " OR e.actor2_country = " + code;
      }
      sql += " AND (" + any + ")";
    }
    std::optional<double> west = q.west, south = q.south, east = q.east, north = q.north;
    bool near = q.near_lat && q.near_lon && q.near_km;
    if (near) {
      double dlat = *q.near_km / 111.0;
      double dlon = *q.near_km / (111.0 * std::max(0.01, std::cos(*q.near_lat * std::numbers::pi / 180)));
      south = std::max(*q.near_lat - dlat, south.value_or(-90.0));
      north = std::min(*q.near_lat + dlat, north.value_or(90.0));
      west = std::max(*q.near_lon - dlon, west.value_or(-180.0));
      east = std::min(*q.near_lon + dlon, east.value_or(180.0));
    }
    if (west && south && east && north) {
      // The R*Tree holds 32-bit floats rounded outwards: overlap there, then
      // the exact test on the event's own coordinates.
      if (sqlite_)
        sql += " AND e.n IN (SELECT n FROM event_geo WHERE max_lat >= " + p(*south) +
               " AND min_lat <= " + p(*north) + " AND max_lon >= " + p(*west) +
               " AND min_lon <= " + p(*east) + ")";
      sql += " AND e.lat BETWEEN " + p(*south) + " AND " + p(*north) + " AND e.lon BETWEEN " + p(*west) +
             " AND " + p(*east);
    }
    if (!q.text.empty()) {
      if (sqlite_) {
        // Each word quoted: user text never becomes FTS5 syntax.
        std::string fts, word;
        auto flush = [&] {
          if (word.empty()) return;
          if (!fts.empty()) fts += ' ';
          fts += '"' + word + '"';
          word.clear();
        };
        // Split at ASCII punctuation too, so each quoted string is one
        // token (the index keeps no positions for phrases).
        for (char c : q.text) {
          unsigned char u = static_cast<unsigned char>(c);
          if (u < 0x80 && !std::isalnum(u))
            flush();
          else
            word += c;
        }
        flush();
        sql +=
            " AND e.id IN (SELECT r.event_id FROM docs_fts f JOIN documents d ON d.n = f.rowid "
            "JOIN reports r ON r.doc_id = coalesce(d.copy_of, d.id) WHERE docs_fts MATCH " +
            p(fts) + ")";
      } else {
        sql +=
            " AND e.id IN (SELECT r.event_id FROM documents d JOIN reports r ON r.doc_id = "
            "coalesce(d.copy_of, d.id) "
            "WHERE to_tsvector('simple', coalesce(d.title, '') "
            "|| ' ' || d.text) @@ plainto_tsquery('simple', " +
            p(q.text) + "))";
      }
    }
    if (q.min_killed) sql += " AND e.killed_best >= " + p(*q.min_killed);
    if (ordered && q.after) {
      const auto& [d, id] = *q.after;
      if (d)
        sql += std::string(" AND (") + date_start + " < " + p(*d) + " OR (" + date_start + " = " + p(*d) +
               " AND e.id < " + p(id) + ") OR e.date_start IS NULL)";
      else
        sql += " AND e.date_start IS NULL AND e.id < " + p(id);
    }
    return w;
  }

  std::optional<EventDetail> event(const std::string& id_in, std::string* error) override {
    try {
      std::string id = id_in;
      {
        auto& a = db_->stmt("SELECT event_id FROM event_aliases WHERE old_id = ?1");
        a.bind(1, id);
        if (a.next()) id = a.str(0);
        a.reset();
      }
      auto& s = db_->stmt(kEventById.c_str());
      s.bind(1, id);
      if (!s.next()) {
        s.reset();
        return std::nullopt;
      }
      EventDetail d;
      d.event = read_event(s);
      s.reset();
      auto& r = db_->stmt(
          "SELECT r.id, r.doc_id, d.source, d.title, d.url, d.published, r.modality, r.claim, "
          "r.json, r.evidence, d.text, r.why FROM reports r "
          "JOIN documents d ON d.id = r.doc_id WHERE r.event_id = ?1 "
          "ORDER BY r.published, r.id");
      r.bind(1, id);
      while (r.next()) {
        ReportRow row;
        row.id = r.str(0);
        row.document_id = r.str(1);
        row.source = r.str(2);
        row.title = r.str(3);
        row.url = r.str(4);
        row.published = date_of(r.opt_i64(5));
        row.modality = r.str(6);
        row.claim = r.str(7);
        row.json = r.str(8);
        if (!r.is_null(11)) row.why = r.str(11);
        std::string text = r.str(10);
        for (const auto& sp : parse_spans(r.str(9)))
          if (sp.start < sp.end && sp.end <= text.size())
            row.evidence.push_back(text.substr(sp.start, sp.size()));
        d.reports.push_back(std::move(row));
      }
      r.reset();
      return d;
    } catch (const std::exception& e) {
      if (error) *error = e.what();
      return std::nullopt;
    }
  }

  std::vector<TallySeries> tallies(const TallyQuery& q, std::string* error) override {
    std::vector<TallySeries> out;
    try {
      std::string sql =
          "SELECT metric, grp, place_name, country, source, as_of, since, low, high, doc_id FROM tallies "
          "WHERE 1=1";
      if (!q.metric.empty()) sql += " AND metric = ?1";
      if (!q.group.empty()) sql += std::string(" AND lower(grp) = ") + (q.metric.empty() ? "?1" : "?2");
      sql += " ORDER BY metric, grp, place_name, source, as_of, doc_id";
      auto st = db_->query(sql);
      int i = 1;
      if (!q.metric.empty()) st->bind(i++, q.metric);
      if (!q.group.empty()) st->bind(i++, lower_ascii(q.group));
      while (st->next()) {
        std::string metric = st->str(0), group = st->str(1), place = st->str(2), source = st->str(4);
        if (out.empty() || out.back().metric != metric || out.back().group != group ||
            out.back().place != place || out.back().source != source)
          out.push_back({metric, group, place, st->str(3), source, {}});
        out.back().points.push_back(
            {date_of(st->opt_i64(5)), date_of(st->opt_i64(6)), st->opt_i64(7), st->opt_i64(8), st->str(9)});
      }
    } catch (const std::exception& e) {
      if (error) *error = e.what();
      out.clear();
    }
    return out;
  }

  StoreCounts counts() override {
    StoreCounts c;
    auto count = [&](const char* table) {
      auto q = db_->query(std::string("SELECT count(*) FROM ") + table);
      return q->next() ? q->i64(0) : 0;
    };
    c.documents = count("documents");
    c.entities = count("entities");
    c.mentions = count("mentions");
    c.reports = count("reports");
    c.events = count("events");
    c.links = count("event_reports");
    c.tallies = count("tallies");
    c.sources = count("sources");
    uint64_t h = 0xcbf29ce484222325ull;
    // Backends print doubles differently (SQLite 15 significant digits,
    // PostgreSQL the shortest exact form): digest a decimal value as %.9g.
    auto canonical_number = [](const std::string& v) {
      if (v.find_first_of(".eE") == std::string::npos) return v;
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (end == v.c_str() || *end != '\0') return v;
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.9g", d);
      return std::string(buf);
    };
    auto digest = [&](const std::string& sql, int cols) {
      auto q = db_->query(sql);
      while (q->next())
        for (int i = 0; i < cols; ++i)
          h = fnv(h, q->is_null(i) ? std::string("\x01NULL") : canonical_number(q->str(i)));
    };
    digest("SELECT id, input_id, published, source, title, url, text FROM documents ORDER BY id", 7);
    digest("SELECT doc_id, idx, eid, name, country, lat, lon FROM entities ORDER BY doc_id, idx", 7);
    digest(
        "SELECT id, doc_id, type, date_start, killed_low, killed_high, modality, json FROM reports ORDER BY "
        "id",
        8);
    digest("SELECT report_id, event_id FROM event_reports ORDER BY report_id", 2);
    digest(
        "SELECT id, anchor, type, date_start, date_end, location, lat, lon, killed_low, killed_best, "
        "killed_high, "
        "injured_low, injured_best, injured_high, sources, n_reports, first_seen, last_seen FROM events "
        "ORDER BY id",
        18);
    digest(
        "SELECT doc_id, ord, metric, grp, place_name, source, as_of, low, high FROM tallies ORDER BY doc_id, "
        "ord",
        9);
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    c.digest = buf;
    return c;
  }

  void limit_reads(int timeout_ms) override { db_->limit_reads(timeout_ms); }
  int schema_version() override {
    auto q = db_->query("SELECT max(version) FROM schema_version");
    return q->next() ? static_cast<int>(q->i64(0)) : 0;
  }

 private:
  // Writes a document and everything in it; false when it was already stored.
  bool add_document(const Document& d, size_t* reports) {
    // A copy of a stored story (same text up to case, spacing and
    // punctuation; another id or outlet) is kept as a document and a source
    // of the original's events, not as reports of its own.
    const std::string hash = text_hash(d.text);
    std::string original;
    {
      auto& h = db_->stmt("SELECT id, copy_of FROM documents WHERE text_hash = ?1 LIMIT 1");
      h.bind(1, hash);
      if (h.next()) original = h.is_null(1) ? h.str(0) : h.str(1);
      h.reset();
    }
    // SQLite: no RETURNING, which costs several times the insert itself in a
    // database that holds an FTS5 table; the row count and rowid say the same.
    auto& ins =
        db_->stmt(sqlite_ ? "INSERT INTO documents (id, input_id, published, source, title, url, text, "
                            "text_hash, copy_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                            "ON CONFLICT (id) DO NOTHING"
                          : "INSERT INTO documents (id, input_id, published, source, title, url, text, "
                            "text_hash, copy_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                            "ON CONFLICT (id) DO NOTHING RETURNING n");
    ins.bind(1, d.meta.id);
    ins.bind(2, d.meta.input_id);
    ins.bind(3, days(d.meta.published));
    ins.bind(4, d.meta.source);
    ins.bind(5, d.meta.title);
    ins.bind(6, d.meta.url);
    ins.bind_ref(7, d.text);
    ins.bind(8, hash);
    ins.bind_text_or_null(9, original);
    int64_t n = 0;
    if (sqlite_) {
      ins.run();
      if (db_->changes() == 0) return false;
      n = db_->last_insert_id();
    } else {
      if (!ins.next()) return false;
      n = ins.i64(0);
      ins.reset();
    }
    if (sqlite_) {
      auto& f = db_->stmt("INSERT INTO docs_fts (rowid, title, text) VALUES (?1, ?2, ?3)");
      f.bind(1, n);
      f.bind(2, d.meta.title.value_or(""));
      f.bind_ref(3, d.text);
      f.run();
    }
    std::string source = d.meta.source.value_or("");
    if (!source.empty() && known_sources_.insert(source).second) {
      auto& s = db_->stmt("INSERT INTO sources (name) VALUES (?1) ON CONFLICT (name) DO NOTHING");
      s.bind(1, source);
      s.run();
    }
    if (!original.empty()) {
      // The original's events gain this source and date.
      auto& ev =
          db_->stmt("SELECT DISTINCT event_id FROM reports WHERE doc_id = ?1 AND event_id IS NOT NULL");
      ev.bind(1, original);
      while (ev.next()) dirty_.insert(ev.str(0));
      ev.reset();
      *reports = 0;
      return true;
    }
    add_entities(d);
    add_tallies(d, source);
    *reports = d.events.size();
    if (d.events.empty()) return true;
    std::string ev_json, why;
    for (size_t i = 0; i < d.events.size(); ++i) {
      ev_json.clear();
      why.clear();
      append_event_json(d, d.events[i], ev_json);
      append_explain_json(d, d.events[i], why);
      add_report(d, i, ev_json, why);
    }
    return true;
  }

  void add_entities(const Document& d) {
    for (size_t i = 0; i < d.entities.size(); ++i) {
      const Entity& e = d.entities[i];
      auto& s = db_->stmt(
          "INSERT INTO entities (doc_id, idx, eid, type, name, actor_code, country, sector, role, "
          "org, geonames_id, place_name, lat, lon, place_country, admin1, feature, precision) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
      s.bind(1, d.meta.id);
      s.bind(2, static_cast<int64_t>(i));
      s.bind(3, e.id);
      s.bind(4, to_string(e.type));
      s.bind(5, e.name);
      if (e.actor) {
        s.bind_text_or_null(6, e.actor->code);
        s.bind_text_or_null(7, e.actor->country);
        s.bind_text_or_null(8, e.actor->sector);
        s.bind_text_or_null(9, e.actor->role);
        s.bind_text_or_null(10, e.actor->org);
      } else {
        for (int c = 6; c <= 10; ++c) s.bind_null(c);
      }
      if (e.place) {
        if (e.place->geonames_id)
          s.bind(11, e.place->geonames_id);
        else
          s.bind_null(11);
        s.bind(12, e.place->name);
        s.bind(13, e.place->lat);
        s.bind(14, e.place->lon);
        s.bind_text_or_null(15, e.place->country);
        s.bind_text_or_null(16, e.place->admin1);
        s.bind_text_or_null(17, e.place->feature);
        s.bind_text_or_null(18, e.place->precision);
      } else {
        for (int c = 11; c <= 18; ++c) s.bind_null(c);
      }
      s.run();
      for (const auto& m : e.mentions) {
        auto& ms = db_->stmt(
            "INSERT INTO mentions (doc_id, entity_idx, start_byte, end_byte, kind) "
            "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
        ms.bind(1, d.meta.id);
        ms.bind(2, static_cast<int64_t>(i));
        ms.bind(3, static_cast<int64_t>(m.start));
        ms.bind(4, static_cast<int64_t>(m.end));
        ms.bind(5, to_string(m.kind));
        ms.run();
      }
    }
  }

  void add_tallies(const Document& d, const std::string& doc_source) {
    for (size_t i = 0; i < d.tallies.size(); ++i) {
      const Tally& t = d.tallies[i];
      // The attributing source: who gave the figure, else the publication.
      std::string source = !t.attribution.empty() && !t.attribution.front().name.empty()
                               ? t.attribution.front().name
                               : doc_source;
      auto& s = db_->stmt(
          "INSERT INTO tallies (doc_id, ord, metric, grp, country, place_name, lat, lon, "
          "place_country, source, as_of, since, low, high, evidence) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
      s.bind(1, d.meta.id);
      s.bind(2, static_cast<int64_t>(i));
      s.bind(3, t.metric);
      s.bind(4, t.group);
      s.bind_text_or_null(5, t.country);
      s.bind(6, t.place ? t.place->name : std::string());
      if (t.place) {
        s.bind(7, t.place->lat);
        s.bind(8, t.place->lon);
        s.bind_text_or_null(9, t.place->country);
      } else {
        for (int c = 7; c <= 9; ++c) s.bind_null(c);
      }
      s.bind(10, source);
      s.bind(11, days(t.as_of ? t.as_of : d.meta.published));
      s.bind(12, days(t.since));
      s.bind(13, t.low);
      s.bind(14, t.high);
      s.bind(15, spans_text(t.evidence));
      s.run();
    }
  }

  // why: the report's rule records as JSON text ("" = none, stored as NULL).
  void add_report(const Document& d, size_t i, const std::string& ev_json, const std::string& why) {
    const Event& ev = d.events[i];
    std::string id = !ev.id.empty() ? ev.id : d.meta.id + "#" + std::to_string(i + 1);
    ReportKey k = key_of(d, ev, id);
    bool merge = mergeable_key(k);
    // Linked before it is written, so the report row carries its event.
    bool fresh = false, twin = false;
    std::string event_id;
    // Every report belongs to an event; negated, hypothetical and future
    // ones never merge (mergeable() wants asserted) and keep their modality.
    event_id = link(k, merge, &fresh, &twin);
    auto& s = db_->stmt(
        "INSERT INTO reports (id, doc_id, ord, published, source, type, mode, cameo, acled_type, acled_sub, "
        "actor_name, actor_country, actor_sector, recipient_name, recipient_country, recipient_sector, "
        "place_name, place_country, admin1, lat, lon, geo_precision, place_key, lat_cell, date_start, "
        "date_end, "
        "date_precision, date_basis, killed_low, killed_high, injured_low, injured_high, claim, modality, "
        "background, confidence, n_attrib, mergeable, evidence, notes, json, event_id, actor_code, "
        "recipient_code, "
        "co_actors, attribution, why) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, "
        "?26, ?27, "
        "?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47) "
        "ON CONFLICT (id) DO UPDATE SET event_id = coalesce(excluded.event_id, reports.event_id)");
    s.bind(1, id);
    s.bind(2, d.meta.id);
    s.bind(3, static_cast<int64_t>(i));
    s.bind(4, days(d.meta.published));
    s.bind(5, d.meta.source);
    s.bind(6, ev.type);
    s.bind_text_or_null(7, ev.mode);
    s.bind_text_or_null(8, ev.cameo);
    s.bind_text_or_null(9, ev.acled_type);
    s.bind_text_or_null(10, ev.acled_sub);
    auto party = [&](int c, const std::optional<Party>& p) {
      if (p) {
        s.bind(c, p->name);
        s.bind_text_or_null(c + 1, p->country);
        s.bind_text_or_null(c + 2, p->sector);
      } else {
        for (int j = 0; j < 3; ++j) s.bind_null(c + j);
      }
    };
    party(11, ev.actor);
    party(14, ev.recipient);
    if (ev.place) {
      s.bind(17, ev.place->name);
      s.bind_text_or_null(18, ev.place->country);
      s.bind_text_or_null(19, ev.place->admin1);
      s.bind(20, k.lat);
      s.bind(21, k.lon);
      s.bind_text_or_null(22, ev.place->precision);
    } else {
      for (int c = 17; c <= 22; ++c) s.bind_null(c);
    }
    s.bind_text_or_null(23, k.place_key);
    if (k.lat)
      s.bind(24, lat_cell(*k.lat));
    else
      s.bind_null(24);
    if (k.date_start != kNoDate) {
      s.bind(25, k.date_start);
      s.bind(26, k.date_end);
    } else {
      s.bind_null(25);
      s.bind_null(26);
    }
    s.bind(27, ev.date.precision);
    s.bind(28, ev.date.basis);
    const auto& c = ev.casualties;
    s.bind(29, c.killed ? c.killed->low : std::nullopt);
    s.bind(30, c.killed ? c.killed->high : std::nullopt);
    s.bind(31, c.injured ? c.injured->low : std::nullopt);
    s.bind(32, c.injured ? c.injured->high : std::nullopt);
    s.bind(33, ev.claim);
    s.bind(34, ev.modality.empty() ? std::string("asserted") : ev.modality);
    s.bind(35, static_cast<int64_t>(ev.background ? 1 : 0));
    s.bind(36, ev.confidence);
    s.bind(37, static_cast<int64_t>(std::max<size_t>(1, ev.attribution.size())));
    // mergeable: 0 = never merges; 1 = a merge candidate; 2 = mergeable, but a
    // report of its event from another document has the same merge key and
    // stands for it in the candidate search (any later report compatible with
    // one is compatible with the other), so a front of thousands of like
    // reports costs each new report a look at a few rows, not at all of them.
    s.bind(38, static_cast<int64_t>(!merge ? 0 : twin ? 2 : 1));
    s.bind(39, spans_text(ev.evidence));
    std::string notes = note_of(d, ev);
    s.bind_ref(40, notes);
    s.bind_ref(41, ev_json);
    s.bind_text_or_null(42, event_id);
    s.bind_text_or_null(43, code_of(d, ev.actor));
    s.bind_text_or_null(44, code_of(d, ev.recipient));
    s.bind_text_or_null(45, co_actors_of(ev));
    s.bind_text_or_null(46, attribution_of(ev));
    if (why.empty())
      s.bind_null(47);
    else
      s.bind_ref(47, why);
    s.run();
    if (fresh) fresh_[event_id] = row_of(d, ev, k, std::move(notes));
  }

  // Puts a new asserted report into its event: the union of the events of
  // every stored report compatible with it. The merged event's id is that of
  // the earliest report (anchor order) of the union; ids that disappear
  // become aliases.
  // Returns the event the report belongs to (written with the report by the
  // caller); *fresh when the report starts a new event of its own; *twin when
  // a candidate of another document has the same merge key (it joins the
  // same event, so it can stand for this report in later candidate searches).
  std::string link(const ReportKey& k, bool merge, bool* fresh, bool* twin) {
    std::set<std::string> events;
    if (merge) {
      std::string_view doc(k.id);
      doc = doc.substr(0, doc.find('#'));
      auto consider = [&](Stmt& st) {
        while (st.next()) {
          ReportKey c = read_key(st, 0);
          if (c.id != k.id && compatible(k, c)) {
            events.insert(st.str(11));
            if (!*twin && std::string_view(c.id).substr(0, c.id.find('#')) != doc && same_merge_key(k, c))
              *twin = true;
          }
        }
        st.reset();
      };
      const int64_t lo = k.date_start - 2 - 7, hi = k.date_end + 2;
      // One statement: reports in the neighbouring latitude cells, and
      // reports with the same place name (those may lack coordinates).
      auto& a = db_->stmt(kCandidates.c_str());
      a.bind(1, k.type);
      if (k.lat && k.lon) {
        int64_t cell = lat_cell(*k.lat);
        a.bind(2, cell - 1);
        a.bind(3, cell);
        a.bind(4, cell + 1);
      } else {
        for (int c = 2; c <= 4; ++c) a.bind_null(c);
      }
      a.bind(5, lo);
      a.bind(6, hi);
      a.bind(7, k.place_key);  // "" matches no stored key (stored as NULL)
      consider(a);
    }
    // The anchor of the union. Each event's anchor is looked up once per
    // batch (sorting a large event's reports for every new report was
    // quadratic), then kept in anchors_ as events grow and merge.
    std::string anchor = k.id;
    int64_t anchor_pub = k.published;
    for (const auto& e : events) {
      auto known = anchors_.find(e);
      if (known == anchors_.end()) {
        auto& s = db_->stmt(
            "SELECT r.id, r.published FROM reports r "
            "WHERE r.event_id = ?1 ORDER BY coalesce(r.published, 9999999), r.id LIMIT 1");
        s.bind(1, e);
        std::pair<int64_t, std::string> a{kNoDate, ""};
        if (s.next()) a = {s.is_null(1) ? kNoDate : s.i64(1), s.str(0)};
        s.reset();
        known = anchors_.emplace(e, std::move(a)).first;
      }
      if (known->second.second.empty()) continue;
      ReportKey a, b;
      a.id = known->second.second;
      a.published = known->second.first;
      b.id = anchor;
      b.published = anchor_pub;
      if (anchor_before(a, b)) {
        anchor = a.id;
        anchor_pub = a.published;
      }
    }
    std::string target = event_id_for(anchor);
    for (const auto& e : events) anchors_.erase(e);
    anchors_[target] = {anchor_pub, anchor};
    for (const auto& e : events) {
      if (e == target) continue;
      auto& mv = db_->stmt("UPDATE reports SET event_id = ?1 WHERE event_id = ?2");
      mv.bind(1, target);
      mv.bind(2, e);
      mv.run();
      auto& fa = db_->stmt("UPDATE event_aliases SET event_id = ?1 WHERE event_id = ?2");
      fa.bind(1, target);
      fa.bind(2, e);
      fa.run();
      auto& al = db_->stmt(
          "INSERT INTO event_aliases (old_id, event_id) VALUES (?1, ?2) "
          "ON CONFLICT (old_id) DO UPDATE SET event_id = excluded.event_id");
      al.bind(1, e);
      al.bind(2, target);
      al.run();
      delete_event(e);
      dirty_.erase(e);
    }
    if (!events.empty()) {
      auto& un = db_->stmt("DELETE FROM event_aliases WHERE old_id = ?1");
      un.bind(1, target);
      un.run();
    }
    dirty_.insert(target);
    for (const auto& e : events) fresh_.erase(e);
    *fresh = events.empty();
    return target;
  }

  void delete_event(const std::string& id) {
    auto& d = db_->stmt("DELETE FROM events WHERE id = ?1 RETURNING n");
    d.bind(1, id);
    std::optional<int64_t> n;
    if (d.next()) n = d.i64(0);
    d.reset();
    if (n && sqlite_) {
      auto& g = db_->stmt("DELETE FROM event_geo WHERE n = ?1");
      g.bind(1, *n);
      g.run();
    }
  }

  // Recomputes an event's row from its reports.
  void recompute(const std::string& id) {
    std::vector<R> rs = load_reports(id);
    if (rs.empty()) {
      delete_event(id);
      return;
    }
    EventFields f = merge_reports(rs);
    tally_reports(rs, f);
    Stmt& up = bind_event_upsert(id, rs, f);
    if (!sqlite_) {
      up.run();
      return;
    }
    // The spatial index is keyed by the event's rowid: the new rowid when the
    // upsert inserted (the last-insert id was zeroed before it), else looked up.
    db_->set_last_insert_id(0);
    up.run();
    index_event_place(id, *f.at, db_->last_insert_id());
  }

  // An event's reports in anchor order: the one new report kept in memory
  // for a fresh single-report event, else read back from the reports table.
  std::vector<R> load_reports(const std::string& id) {
    std::vector<R> rs;
    if (auto f = fresh_.find(id); f != fresh_.end()) {
      rs.push_back(std::move(f->second));
      fresh_.erase(f);
      return rs;
    }
    auto& s = db_->stmt(
        "SELECT r.id, r.source, r.type, r.mode, r.cameo, r.acled_type, r.acled_sub, r.date_precision, "
        "r.actor_name, "
        "r.actor_country, r.recipient_name, r.recipient_country, r.place_name, r.admin1, r.place_country, "
        "r.geo_precision, r.notes, r.published, r.date_start, r.date_end, r.killed_low, r.killed_high, "
        "r.injured_low, r.injured_high, r.lat, r.lon, r.n_attrib, r.actor_code, r.actor_sector, "
        "r.recipient_code, "
        "r.recipient_sector, r.co_actors, r.attribution, r.claim, r.modality, r.background, d.url, r.doc_id "
        "FROM reports r JOIN documents d ON d.id = r.doc_id WHERE r.event_id = ?1 "
        "ORDER BY coalesce(r.published, 9999999), r.id");
    s.bind(1, id);
    while (s.next()) rs.push_back(report_of_row(s));
    s.reset();
    return rs;
  }

  // Adds to f what the reports' documents and their copies (the same story
  // from other outlets) say: sources, first and last seen, casualty figures.
  void tally_reports(const std::vector<R>& rs, EventFields& f) {
    std::set<std::string> doc_ids;
    for (const auto& r : rs) doc_ids.insert(r.doc_id);
    for (const auto& did : doc_ids) {
      auto& c = db_->stmt("SELECT source, published FROM documents WHERE copy_of = ?1");
      c.bind(1, did);
      while (c.next()) {
        if (!c.is_null(0) && !c.str(0).empty()) f.sources.insert(c.str(0));
        if (!c.is_null(1)) {
          int64_t p = c.i64(1);
          if (!f.first || p < *f.first) f.first = p;
          if (!f.last || p > *f.last) f.last = p;
        }
      }
      c.reset();
    }
    std::vector<Figure> killed, injured;
    for (const auto& r : rs) {
      if (!r.source.empty()) f.sources.insert(r.source);
      if (r.published) {
        if (!f.first || *r.published < *f.first) f.first = r.published;
        if (!f.last || *r.published > *f.last) f.last = r.published;
      }
      int64_t pub = r.published.value_or(-kNoDate);  // unknown: oldest
      if (r.kl || r.kh) killed.push_back({r.kl, r.kh, pub, r.id, static_cast<int>(r.n_attrib)});
      if (r.il || r.ih) injured.push_back({r.il, r.ih, pub, r.id, static_cast<int>(r.n_attrib)});
    }
    f.killed = combine(killed);
    f.injured = combine(injured);
  }

  // The events upsert with every column of the event bound (not yet run).
  Stmt& bind_event_upsert(const std::string& id, const std::vector<R>& rs, const EventFields& f) {
    auto& up = db_->stmt(
        "INSERT INTO events (id, anchor, type, mode, cameo, acled_type, acled_sub, date_start, date_end, "
        "date_precision, actor1, actor1_country, actor2, actor2_country, location, admin1, country, lat, "
        "lon, "
        "geo_precision, killed_low, killed_best, killed_high, injured_low, injured_best, injured_high, "
        "sources, "
        "n_reports, n_sources, first_seen, last_seen, notes, actor1_code, actor1_sector, actor2_code, "
        "actor2_sector, "
        "assoc_actor1, assoc_actor2, modality, background, claim, attribution, url) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, "
        "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, "
        "?27, ?28, "
        "?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43) "
        "ON CONFLICT (id) DO UPDATE SET anchor = excluded.anchor, type = excluded.type, mode = "
        "excluded.mode, "
        "cameo = excluded.cameo, acled_type = excluded.acled_type, acled_sub = excluded.acled_sub, "
        "date_start = excluded.date_start, date_end = excluded.date_end, date_precision = "
        "excluded.date_precision, "
        "actor1 = excluded.actor1, actor1_country = excluded.actor1_country, actor2 = excluded.actor2, "
        "actor2_country = excluded.actor2_country, location = excluded.location, admin1 = excluded.admin1, "
        "country = excluded.country, lat = excluded.lat, lon = excluded.lon, geo_precision = "
        "excluded.geo_precision, "
        "killed_low = excluded.killed_low, killed_best = excluded.killed_best, killed_high = "
        "excluded.killed_high, "
        "injured_low = excluded.injured_low, injured_best = excluded.injured_best, "
        "injured_high = excluded.injured_high, sources = excluded.sources, n_reports = excluded.n_reports, "
        "n_sources = excluded.n_sources, first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
        "notes = excluded.notes, actor1_code = excluded.actor1_code, actor1_sector = excluded.actor1_sector, "
        "actor2_code = excluded.actor2_code, actor2_sector = excluded.actor2_sector, "
        "assoc_actor1 = excluded.assoc_actor1, assoc_actor2 = excluded.assoc_actor2, modality = "
        "excluded.modality, "
        "background = excluded.background, claim = excluded.claim, attribution = excluded.attribution, "
        "url = excluded.url");
    const R& rep = *f.rep;
    const R& at = *f.at;
    std::string src;
    for (const auto& x : f.sources) {
      if (!src.empty()) src += "; ";
      src += x;
    }
    up.bind(1, id);
    up.bind(2, rs.front().id);
    up.bind(3, rep.type);
    up.bind_text_or_null(4, rep.mode);
    up.bind_text_or_null(5, rep.cameo);
    up.bind_text_or_null(6, rep.acled_type);
    up.bind_text_or_null(7, rep.acled_sub);
    up.bind(8, rep.date_start);
    up.bind(9, rep.date_end);
    up.bind_text_or_null(10, rep.date_precision);
    up.bind_text_or_null(11, f.actor1);
    up.bind_text_or_null(12, f.actor1_country);
    up.bind_text_or_null(13, f.actor2);
    up.bind_text_or_null(14, f.actor2_country);
    up.bind_text_or_null(15, at.location);
    up.bind_text_or_null(16, at.admin1);
    up.bind_text_or_null(17, at.country);
    up.bind(18, at.lat);
    up.bind(19, at.lon);
    up.bind_text_or_null(20, at.geo_precision);
    up.bind(21, f.killed.low);
    up.bind(22, f.killed.best);
    up.bind(23, f.killed.high);
    up.bind(24, f.injured.low);
    up.bind(25, f.injured.best);
    up.bind(26, f.injured.high);
    up.bind(27, src);
    up.bind(28, static_cast<int64_t>(rs.size()));
    up.bind(29, static_cast<int64_t>(f.sources.size()));
    up.bind(30, f.first);
    up.bind(31, f.last);
    up.bind_text_or_null(32, rep.notes);
    up.bind_text_or_null(33, f.actor1_code);
    up.bind_text_or_null(34, f.actor1_sector);
    up.bind_text_or_null(35, f.actor2_code);
    up.bind_text_or_null(36, f.actor2_sector);
    up.bind_text_or_null(37, f.assoc1);
    up.bind_text_or_null(38, f.assoc2);
    up.bind(39, f.modality);
    up.bind(40, static_cast<int64_t>(f.background ? 1 : 0));
    up.bind_text_or_null(41, f.claims);
    up.bind_text_or_null(42, f.attrib);
    up.bind_text_or_null(43, rs.front().url);
    return up;
  }

  // Puts the event's point into the SQLite spatial index (or takes it out
  // when the event has no coordinates). n: the rowid the upsert inserted, 0
  // when it updated an existing row.
  void index_event_place(const std::string& id, const R& at, int64_t n) {
    const bool inserted = n != 0;
    if (!inserted) {
      auto& q = db_->stmt("SELECT n FROM events WHERE id = ?1");
      q.bind(1, id);
      if (!q.next()) throw DbError("event " + id + " vanished after its upsert");
      n = q.i64(0);
      q.reset();
    }
    if (!(at.lat && at.lon)) {
      auto& g = db_->stmt("DELETE FROM event_geo WHERE n = ?1");
      g.bind(1, n);
      g.run();
    } else {
      auto& gi =
          db_->stmt(inserted ? "INSERT INTO event_geo (n, min_lat, max_lat, min_lon, max_lon) "
                               "VALUES (?1, ?2, ?2, ?3, ?3)"
                             : "INSERT OR REPLACE INTO event_geo (n, min_lat, max_lat, min_lon, max_lon) "
                               "VALUES (?1, ?2, ?2, ?3, ?3)");
      gi.bind(1, n);
      gi.bind(2, *at.lat);
      gi.bind(3, *at.lon);
      gi.run();
    }
  }

  std::unique_ptr<Db> db_;
  bool sqlite_;
  std::set<std::string> dirty_;
  std::map<std::string, R> fresh_;  // events of one new report, this batch
  // Each touched event's anchor report (published, id), this batch (the
  // writer lock is held, so no one else moves reports meanwhile).
  std::unordered_map<std::string, std::pair<int64_t, std::string>> anchors_;
  std::unordered_set<std::string> known_sources_;  // written by this connection (cleared on rollback)
};

}  // namespace

std::string make_cursor(const std::optional<Date>& date_start, const std::string& id) {
  return (date_start ? std::to_string(date_start->to_days()) : std::string("-")) + "~" + id;
}

bool parse_cursor(const std::string& s, EventQuery* q) {
  size_t t = s.find('~');
  if (t == std::string::npos || t == 0 || t + 1 >= s.size()) return false;
  std::string d = s.substr(0, t), id = s.substr(t + 1);
  if (d == "-") {
    q->after.emplace(std::nullopt, id);
    return true;
  }
  int64_t days = 0;
  bool neg = d[0] == '-';
  if (neg && d.size() == 1) return false;
  for (size_t i = neg ? 1 : 0; i < d.size(); ++i) {
    if (d[i] < '0' || d[i] > '9' || days > 100000000) return false;
    days = days * 10 + (d[i] - '0');
  }
  q->after.emplace(neg ? -days : days, id);
  return true;
}

std::unique_ptr<Store> Store::open(const std::string& url, std::string* error, bool create) {
  try {
    std::unique_ptr<Db> db;
    const bool pg = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
    if (!pg && !create && url != ":memory:" && url.rfind("file:", 0) != 0) {
      std::error_code ec;
      if (!std::filesystem::exists(url, ec)) {
        if (error)
          *error = "no store at " + url + " (sitrep ingest --db " + url +
                   " makes one; --create opens a new empty one)";
        return nullptr;
      }
    }
    if (pg)
      db = open_postgres(url);
    else
      db = open_sqlite(url);
    if (!create) {
      // An existing file that is not a store is not silently turned into one.
      bool is_store = false;
      try {
        auto q = db->query("SELECT max(version) FROM schema_version");
        is_store = q->next() && !q->is_null(0);
      } catch (const DbError&) {
      }
      if (!is_store) {
        if (error) *error = url + " is not a sitrep store (no schema_version; --create makes it one)";
        return nullptr;
      }
    }
    return std::make_unique<SqlStore>(std::move(db));
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return nullptr;
  }
}

}  // namespace sitrep::store
