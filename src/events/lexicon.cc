#include "events/lexicon.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "events/pattern.h"
#include "events/typing.h"
#include "pipeline/resources.h"

namespace sitrep::events {

namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(b, i - b));
      b = i + 1;
    }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string title_case(std::string_view s) {
  std::string o(s);
  bool start = true;
  for (auto& c : o) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    start = c == ' ' || c == '-';
  }
  return o;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Regular inflections of a verb lemma: attack → attacks attacked attacking.
std::vector<std::string> verb_forms(const std::string& v) {
  std::vector<std::string> f{v};
  if (v.empty() || v.find(' ') != std::string::npos) return f;
  char last = v.back();
  if (last == 'e') {
    f.push_back(v + "s");
    f.push_back(v + "d");
    f.push_back(v.substr(0, v.size() - 1) + "ing");
  } else if (last == 'y' && v.size() > 1 && !is_vowel(v[v.size() - 2])) {
    std::string stem = v.substr(0, v.size() - 1);
    f.push_back(stem + "ies");
    f.push_back(stem + "ied");
    f.push_back(v + "ing");
  } else {
    bool sib = last == 's' || last == 'x' || last == 'z' ||
               (v.size() > 1 && v.substr(v.size() - 2) == "sh") ||
               (v.size() > 1 && v.substr(v.size() - 2) == "ch");
    f.push_back(v + (sib ? "es" : "s"));
    // Double a final consonant after one short vowel in short verbs (stab → stabbed).
    bool dbl = v.size() <= 4 && v.size() >= 3 && !is_vowel(last) && last != 'w' && last != 'x' &&
               last != 'y' && is_vowel(v[v.size() - 2]) && !is_vowel(v[v.size() - 3]);
    std::string stem = dbl ? v + last : v;
    f.push_back(stem + "ed");
    f.push_back(stem + "ing");
  }
  return f;
}

std::vector<std::string> noun_forms(const std::string& n) {
  std::vector<std::string> f{n};
  if (n.empty()) return f;
  char last = n.back();
  if (last == 's') return f;
  if (last == 'h' || last == 'x')
    f.push_back(n + "es");
  else if (last == 'y' && n.size() > 1 && !is_vowel(n[n.size() - 2]))
    f.push_back(n.substr(0, n.size() - 1) + "ies");
  else
    f.push_back(n + "s");
  return f;
}

// Calls fn(fields) for each data line of a TSV file; returns false if unreadable.
template <class Fn>
bool for_each_row(const std::string& path, Fn fn) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    for (auto& x : f) x = trim(x);
    fn(f);
  }
  return true;
}

}  // namespace

void PhraseTable::add(std::string_view phrase, int value) {
  auto words = split(phrase, ' ');
  std::vector<std::string> rest;
  std::string first;
  for (auto w : words) {
    if (w.empty()) continue;
    if (first.empty())
      first = std::string(w);
    else
      rest.emplace_back(w);
  }
  if (first.empty()) return;
  auto& v = first_[first];
  for (const auto& e : v)
    if (e.rest == rest) return;  // first entry wins
  v.push_back({std::move(rest), value});
  // Longest first, so match() can stop at the first hit.
  std::stable_sort(v.begin(), v.end(),
                   [](const Entry& a, const Entry& b) { return a.rest.size() > b.rest.size(); });
  ++n_;
}

int PhraseTable::match(const std::vector<std::string_view>& words, size_t i, size_t end, int* value) const {
  if (i >= end || i >= words.size()) return 0;
  auto it = first_.find(words[i]);
  if (it == first_.end()) return 0;
  for (const auto& e : it->second) {
    if (i + 1 + e.rest.size() > end) continue;
    bool ok = true;
    for (size_t k = 0; k < e.rest.size() && ok; ++k) ok = words[i + 1 + k] == e.rest[k];
    if (ok) {
      *value = e.value;
      return static_cast<int>(1 + e.rest.size());
    }
  }
  return 0;
}

namespace {
const std::pair<const char*, Cue> kCueNames[] = {
    {"report", Cue::Report},     {"according", Cue::According},
    {"negation", Cue::Negation}, {"hypothetical", Cue::Hypothetical},
    {"future", Cue::Future},     {"casualty", Cue::Casualty},
    {"tally", Cue::Tally},       {"victim", Cue::Victim},
    {"materiel", Cue::Materiel}, {"fate", Cue::Fate},
    {"source", Cue::Source},     {"relation", Cue::Relation},
    {"sector", Cue::Sector},     {"background", Cue::Background},
    {"selfref", Cue::SelfRef},   {"labour", Cue::Labour},
    {"release", Cue::Release},   {"disaster", Cue::Disaster},
    {"party", Cue::Party},       {"container", Cue::Container},
    {"landmark", Cue::Landmark}, {"target", Cue::Target},
    {"weapon", Cue::Weapon},     {"collective", Cue::Collective},
    {"aspect", Cue::Aspect},     {"person", Cue::Person},
    {"animal", Cue::Animal},     {"death", Cue::Death},
    {"perform", Cue::Perform}};
}  // namespace

const char* cue_name(Cue c) {
  for (const auto& [name, cue] : kCueNames)
    if (cue == c) return name;
  return "cue";
}

std::shared_ptr<const EventLexicon> load_event_lexicon(const std::string& dir) {
  auto lex = std::make_shared<EventLexicon>();
  namespace fs = std::filesystem;
  auto path = [&](const char* f) { return (fs::path(dir) / f).string(); };

  bool ok = for_each_row(path("triggers.tsv"), [&](const std::vector<std::string_view>& f) {
    if (f.size() < 7) {
      lex->errors.push_back("triggers.tsv: a row with fewer than 7 columns");
      return;
    }
    TriggerDef d;
    std::string_view pos = f[1];
    d.type = std::string(f[2]);
    d.mode = f[3] == "-" ? "" : std::string(f[3]);
    d.cameo = std::string(f[4]);
    if (f[5] != "-") {
      auto slash = f[5].find(" / ");
      d.acled_type = std::string(trim(f[5].substr(0, slash)));
      if (slash != std::string_view::npos) d.acled_sub = std::string(trim(f[5].substr(slash + 3)));
    }
    for (auto fl : split(f[6], ',')) {
      if (fl == "weak")
        d.flags |= kWeak;
      else if (fl == "result")
        d.flags |= kResult;
      else if (fl == "casualty")
        d.flags |= kCasualty;
      else if (fl == "speech")
        d.flags |= kSpeech;
      else if (fl == "planted")
        d.flags |= kPlanted;
      else if (fl == "assumed")
        d.flags |= kAssumed;
    }
    d.noun = pos == "n";
    d.form = std::string(trim(f[0].substr(0, f[0].find('|'))));
    int idx = static_cast<int>(lex->triggers.size());
    lex->triggers.push_back(d);
    for (auto form : split(f[0], '|')) {
      std::string w(trim(form));
      if (w.empty()) continue;
      std::vector<std::string> forms{w};
      if (pos == "v" && w.find(' ') == std::string::npos)
        forms = verb_forms(w);
      else if (pos == "n")
        forms = noun_forms(w);
      for (const auto& x : forms) lex->trigger_phrases.add(x, idx);
    }
  });
  if (!ok) lex->errors.push_back("cannot read " + path("triggers.tsv"));

  ok = for_each_row(path("cues.tsv"), [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2) return;
    for (const auto& [name, cue] : kCueNames)
      if (f[0] == name) {
        int v = static_cast<int>(lex->cue_values.size());
        lex->cue_values.emplace_back(f.size() > 2 ? f[2] : "");
        lex->cues[static_cast<int>(cue)].add(f[1], v);
        return;
      }
    lex->errors.push_back("cues.tsv: unknown class " + std::string(f[0]));
  });
  if (!ok) lex->errors.push_back("cannot read " + path("cues.tsv"));

  ok = for_each_row(path("groups.tsv"), [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return;
    int idx = static_cast<int>(lex->groups.size());
    auto names = split(f[0], '|');
    lex->groups.push_back({title_case(names[0]), std::string(f[1]), std::string(f[2])});
    for (auto n : names) lex->group_phrases.add(n, idx);
  });
  if (!ok) lex->errors.push_back("cannot read " + path("groups.tsv"));
  ok = for_each_row(path("outlets.tsv"), [&](const std::vector<std::string_view>& f) {
    for (auto n : split(f[0], '|'))
      if (!trim(n).empty()) lex->outlet_phrases.add(trim(n), 1);
  });
  if (!ok) lex->errors.push_back("cannot read " + path("outlets.tsv"));
  ok = for_each_row(path("outlet_homes.tsv"), [&](const std::vector<std::string_view>& f) {
    if (f.size() < 2 || trim(f[0]).empty() || trim(f[0]) == "name") return;
    lex->outlet_home_phrases.add(trim(f[0]), static_cast<int>(lex->outlet_homes.size()));
    lex->outlet_homes.emplace_back(trim(f[1]));
  });
  if (!ok) lex->errors.push_back("cannot read " + path("outlet_homes.tsv"));
  load_context_words(fs::path(dir).parent_path().string(), *lex);
  auto mark = [&](const PhraseTable& t, int bit) {
    t.for_each_first_word([&](const std::string& w) { lex->first_word_mask[w] |= 1u << bit; });
  };
  for (int c = 0; c < static_cast<int>(Cue::kCount); ++c) mark(lex->cues[c], c);
  mark(lex->trigger_phrases, EventLexicon::kMaskTrigger);
  mark(lex->country_phrases, EventLexicon::kMaskCountry);
  mark(lex->group_phrases, EventLexicon::kMaskGroup);
  lex->index_masks();
  lex->index_triggers();
  lex->patterns = load_patterns(dir, *lex, lex->errors);
  // The event typing model beside the vocabularies (DATA/models/events.bin); none: curated labels only.
  std::string model = (std::filesystem::path(dir).parent_path() / "models" / "events.bin").string(), err;
  if (std::filesystem::exists(model)) {
    if (auto m = typing::Model::load(model, &err))
      lex->typer = std::move(m);
    else
      lex->errors.push_back(err);
  }
  return lex;
}

std::shared_ptr<const EventLexicon> load_event_lexicon_from_data(const std::string& data_dir) {
  std::string p = find_resource(data_dir, "events/triggers.tsv");
  if (p.empty()) {
    auto lex = std::make_shared<EventLexicon>();
    lex->errors.push_back("data/events/triggers.tsv not found");
    return lex;
  }
  return load_event_lexicon(std::filesystem::path(p).parent_path().string());
}

}  // namespace sitrep::events
