#include "geo/spelling.h"

#include <string.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <tuple>
#include <unordered_map>

#include "lexicon/normalize.h"

namespace sitrep::geo {
namespace {

bool dropped(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'h' || c == 'w';
}

bool is_seat(const LexEntry& e) {
  if (e.kind != LexKind::City) return false;
  const std::string_view f(e.feature, strnlen(e.feature, sizeof e.feature));
  return f == "PPLA" || f == "PPLA2" || f == "PPLA3" || f == "PPLC";
}

uint64_t division_key(std::string_view a3, std::string_view admin1) {
  return lex::key_hash_done(lex::key_hash_more(lex::key_hash_more(lex::kKeyHashStart, a3), admin1));
}

// One second-order division or seat: its skeleton and folded key, taken the
// first time its division is looked up.
struct Item {
  uint32_t id;
  std::string skeleton, key;
};

// The entries of one (country, first-order division) hash.
struct Division {
  std::vector<uint32_t> ids;
  std::once_flag once;
  std::vector<Item> items;  // filled once (call_once), then read-only
};

// (country, first-order division) → its second-order divisions and seats.
// Built without folding a name: skeletons are taken at the first lookup of a
// division, over its few dozen entries, and kept.
struct Index {
  std::unordered_map<uint64_t, std::unique_ptr<Division>> by_division;
  std::unordered_map<uint64_t, uint32_t> seat_by_country;  // country hash → its seat (national_seat)
};

// The seat of government of a country: the town GeoNames marks as such
// (PPLG) when it is a city (100,000 people or more: "Cotonou", "La Paz",
// "The Hague", not a palace), else its capital (PPLC), the most populous
// when several.
int seat_rank(const LexEntry& e) {
  if (e.kind != LexKind::City || std::isnan(e.lat)) return 0;
  const std::string_view f(e.feature, strnlen(e.feature, sizeof e.feature));
  if (f == "PPLG" && e.population >= 100000) return 2;
  return f == "PPLC" ? 1 : 0;
}

std::unique_ptr<Index> build(const Lexicon& lex) {
  auto ix = std::make_unique<Index>();
  for (uint32_t id = 0; id < lex.size(); ++id) {
    const LexEntry& e = lex.entry(id);
    if (const int rank = seat_rank(e); rank > 0) {
      const uint64_t ck = division_key(std::string_view(e.country, strnlen(e.country, 3)), "");
      auto [it, fresh] = ix->seat_by_country.try_emplace(ck, id);
      const LexEntry& held = lex.entry(it->second);
      if (!fresh && (rank > seat_rank(held) || (rank == seat_rank(held) && e.population > held.population)))
        it->second = id;
    }
    if ((e.kind != LexKind::Admin2 && !is_seat(e)) || e.admin1.len == 0) continue;
    std::string_view a3(e.country, strnlen(e.country, 3));
    auto& d = ix->by_division[division_key(a3, lex.str(e.admin1))];
    if (!d) d = std::make_unique<Division>();
    d->ids.push_back(id);
  }
  return ix;
}

const Index& index_for(const Lexicon& lex) {
  // One index per loaded lexicon (its address, entry count and file size).
  using Key = std::tuple<const Lexicon*, uint32_t, size_t>;
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<const void*>()(std::get<0>(k)) ^ (std::get<1>(k) * 1099511628211ull) ^ std::get<2>(k);
    }
  };
  static std::mutex mu;
  static std::unordered_map<Key, std::unique_ptr<Index>, KeyHash> built;
  std::lock_guard<std::mutex> lock(mu);
  auto& slot = built[Key{&lex, lex.size(), lex.file_size()}];
  if (!slot) slot = build(lex);
  return *slot;
}

}  // namespace

std::string name_skeleton(std::string_view name) {
  std::string key = lex::name_key(name);
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c < 'a' || c > 'z' || dropped(c)) continue;
    if (!out.empty() && out.back() == c) continue;
    out.push_back(c);
  }
  return out;
}

SkeletonHit find_by_skeleton(const Lexicon& lex, std::string_view a3, std::string_view admin1,
                             std::string_view skeleton) {
  SkeletonHit hit;
  if (skeleton.empty() || admin1.empty()) return hit;
  const Index& ix = index_for(lex);
  auto it = ix.by_division.find(division_key(a3, admin1));
  if (it == ix.by_division.end()) return hit;
  Division& dv = *it->second;
  std::call_once(dv.once, [&] {
    dv.items.reserve(dv.ids.size());
    for (uint32_t id : dv.ids)
      dv.items.push_back({id, name_skeleton(lex.name(id)), lex::name_key(lex.name(id))});
  });
  std::string_view div_name, seat_name;
  bool div_clash = false, seat_clash = false;
  for (const Item& item : dv.items) {
    // (the same country and division: the hash says so; the strings confirm)
    const uint32_t id = item.id;
    const LexEntry& e = lex.entry(id);
    if (lex.str(e.admin1) != admin1 || std::string_view(e.country, strnlen(e.country, 3)) != a3) continue;
    if (item.skeleton != skeleton) continue;
    std::string_view k = item.key;
    const bool division = e.kind == LexKind::Admin2;
    int64_t& slot = division ? hit.division : hit.seat;
    std::string_view& seen = division ? div_name : seat_name;
    bool& clash = division ? div_clash : seat_clash;
    if (slot < 0) {
      slot = id;
      seen = k;
    } else if (seen != k) {
      clash = true;
    }
  }
  if (div_clash) hit.division = -1;
  if (seat_clash) hit.seat = -1;
  return hit;
}

int64_t division_capital(const Lexicon& lex, std::string_view a3, std::string_view admin1) {
  if (admin1.empty()) return -1;
  const Index& ix = index_for(lex);
  auto it = ix.by_division.find(division_key(a3, admin1));
  if (it == ix.by_division.end()) return -1;
  int64_t best = -1;
  int best_rank = 0;
  for (uint32_t id : it->second->ids) {
    const LexEntry& e = lex.entry(id);
    if (e.kind != LexKind::City || std::isnan(e.lat) || lex.str(e.admin1) != admin1 ||
        std::string_view(e.country, strnlen(e.country, 3)) != a3)
      continue;
    const int rank = division_capital_rank(std::string_view(e.feature, strnlen(e.feature, sizeof e.feature)));
    if (rank == 0) continue;
    if (rank > best_rank ||
        (rank == best_rank && e.population > lex.entry(static_cast<uint32_t>(best)).population))
      best = id, best_rank = rank;
  }
  return best;
}

int64_t national_seat(const Lexicon& lex, std::string_view a3) {
  if (a3.empty()) return -1;
  const Index& ix = index_for(lex);
  auto it = ix.seat_by_country.find(division_key(a3, ""));
  return it == ix.seat_by_country.end() ? -1 : static_cast<int64_t>(it->second);
}

}  // namespace sitrep::geo
