#include "geo/spelling.h"

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
  return e.kind == LexKind::City &&
         (std::memcmp(e.feature, "PPLA", 4) == 0 || std::memcmp(e.feature, "PPLC", 4) == 0);
}

std::string index_key(std::string_view a3, std::string_view admin1, std::string_view skeleton) {
  std::string k;
  k.reserve(a3.size() + admin1.size() + skeleton.size() + 2);
  k.append(a3).push_back('\t');
  k.append(admin1).push_back('\t');
  k.append(skeleton);
  return k;
}

// (country, first-order division, skeleton) → the divisions and seats there.
struct Index {
  std::unordered_map<std::string, std::vector<uint32_t>> by_key;
};

std::unique_ptr<Index> build(const Lexicon& lex) {
  auto ix = std::make_unique<Index>();
  for (uint32_t id = 0; id < lex.size(); ++id) {
    const LexEntry& e = lex.entry(id);
    if (e.kind != LexKind::Admin2 && !is_seat(e)) continue;
    if (e.admin1.len == 0) continue;
    std::string sk = name_skeleton(lex.name(id));
    if (sk.empty()) continue;
    ix->by_key[index_key(lex.country(id), lex.str(e.admin1), sk)].push_back(id);
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
  auto it = ix.by_key.find(index_key(a3, admin1, skeleton));
  if (it == ix.by_key.end()) return hit;
  std::string div_name, seat_name;
  bool div_clash = false, seat_clash = false;
  for (uint32_t id : it->second) {
    std::string k = lex::name_key(lex.name(id));
    const bool division = lex.entry(id).kind == LexKind::Admin2;
    int64_t& slot = division ? hit.division : hit.seat;
    std::string& seen = division ? div_name : seat_name;
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

}  // namespace sitrep::geo
