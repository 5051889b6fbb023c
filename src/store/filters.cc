#include "store/filters.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <unordered_map>

#include "pipeline/resources.h"
#include "store/export.h"

namespace sitrep::store {
namespace {

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t p = s.find(sep, i);
    if (p == std::string::npos) p = s.size();
    out.push_back(s.substr(i, p - i));
    i = p + 1;
  }
  return out;
}

// Lower-cased name or alias → every name and alias of the actors that go by it.
struct ActorNames {
  std::unordered_map<std::string, std::vector<std::string>> by_name;
  std::unordered_map<std::string, std::string> country_alias;  // lower-cased alias → alpha-3
};

const ActorNames& actor_names(const std::string& data_dir) {
  static std::mutex mu;
  static std::unordered_map<std::string, ActorNames> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(data_dir);
  if (it != cache.end()) return it->second;
  ActorNames& a = cache[data_dir];
  // The hand-curated dictionary only: the big converted ones would make
  // short aliases ambiguous.
  std::ifstream f(find_resource(data_dir, "actors/curated.tsv"));
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("id\t", 0) == 0) continue;
    auto cols = split(line, '\t');
    if (cols.size() < 4) continue;
    std::vector<std::string> names = {cols[2]};
    for (const auto& al : split(cols[3], '|'))
      if (!al.empty()) names.push_back(al);
    for (const auto& n : names) {
      auto& v = a.by_name[lower(n)];
      for (const auto& m : names)
        if (std::find(v.begin(), v.end(), m) == v.end()) v.push_back(m);
    }
  }
  std::ifstream c(find_resource(data_dir, "lexicon/country_aliases.tsv"));
  while (std::getline(c, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("alias\t", 0) == 0) continue;
    auto cols = split(line, '\t');
    if (cols.size() >= 2) a.country_alias.emplace(lower(cols[0]), cols[1]);
  }
  return a;
}

std::string listing(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

const std::vector<std::string>& plover_types() {
  static const std::vector<std::string> v = {
      "AGREE",  "CONSULT", "SUPPORT",  "CONCEDE", "COOPERATE", "AID",      "RETREAT", "REQUEST",
      "ACCUSE", "REJECT",  "THREATEN", "PROTEST", "SANCTION",  "MOBILIZE", "COERCE",  "ASSAULT"};
  return v;
}

const std::vector<std::string>& acled_types() {
  static const std::vector<std::string> v = {
      "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
      "Riots",   "Strategic developments"};
  return v;
}

std::string resolve_filters(EventQuery* q, const std::string& data_dir) {
  auto acled_of = [](const std::string& s) -> std::string {
    for (const auto& t : acled_types())
      if (lower(t) == lower(trim(s))) return t;
    return "";
  };
  if (!q->type.empty()) {
    std::string t = lower(trim(q->type)), found;
    for (const auto& p : plover_types())
      if (lower(p) == t) found = p;
    if (!found.empty()) {
      q->type = found;
    } else if (auto a = acled_of(q->type); !a.empty()) {
      q->type.clear();
      q->acled_type = a;
    } else {
      return "unknown event type \"" + q->type + "\": PLOVER types are " + listing(plover_types()) +
             "; ACLED event types are " + listing(acled_types());
    }
  }
  if (!q->acled_type.empty()) {
    auto a = acled_of(q->acled_type);
    if (a.empty())
      return "unknown ACLED event type \"" + q->acled_type + "\": one of " + listing(acled_types());
    q->acled_type = a;
  }
  const ActorNames& names = actor_names(data_dir);
  if (!q->country.empty()) {
    std::string c = trim(q->country);
    if (const CountryInfo* info = find_country(c)) {
      q->country = info->alpha3;
    } else if (auto it = names.country_alias.find(lower(c)); it != names.country_alias.end()) {
      q->country = it->second;
    } else {
      return "unknown country \"" + q->country +
             "\": give an ISO 3166-1 alpha-3 code (NGA) or a country name (Nigeria)";
    }
  }
  if (q->modality == "any" || q->modality == "all") q->modality.clear();
  static const std::vector<std::string> kModalities = {"asserted", "negated", "hypothetical", "future"};
  if (!q->modality.empty() &&
      std::find(kModalities.begin(), kModalities.end(), q->modality) == kModalities.end())
    return "unknown modality \"" + q->modality + "\": any, " + listing(kModalities);
  if (!q->actor.empty()) {
    q->actor = trim(q->actor);
    if (auto it = names.by_name.find(lower(q->actor)); it != names.by_name.end())
      for (const auto& n : it->second)
        if (lower(n) != lower(q->actor)) q->actor_names.push_back(n);
  }
  return "";
}

}  // namespace sitrep::store
