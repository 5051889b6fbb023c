#include "time/timeml.h"

namespace sitrep {
namespace {

std::string attr(std::string_view tag, std::string_view name) {
  size_t p = 0;
  for (;;) {
    p = tag.find(name, p);
    if (p == std::string_view::npos) return "";
    bool ok = p > 0 && tag[p - 1] == ' ' && tag.substr(p + name.size(), 2) == "=\"";
    p += name.size();
    if (ok) break;
  }
  p += 2;
  size_t e = tag.find('"', p);
  if (e == std::string_view::npos) return "";
  return std::string(tag.substr(p, e - p));
}

// Appends the decoded entity at xml[i] ('&') to out; returns bytes consumed.
size_t decode_entity(std::string_view xml, size_t i, std::string* out) {
  static const std::pair<std::string_view, char> kEnt[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  for (const auto& [e, c] : kEnt) {
    if (xml.substr(i, e.size()) == e) {
      out->push_back(c);
      return e.size();
    }
  }
  out->push_back('&');
  return 1;
}

}  // namespace

bool parse_timeml(std::string_view xml, TimeMLDoc* out, std::string* error) {
  *out = TimeMLDoc{};
  // The creation time.
  size_t ct = xml.find("functionInDocument=\"CREATION_TIME\"");
  if (ct != std::string_view::npos) {
    size_t tb = xml.rfind('<', ct);
    size_t te = xml.find('>', ct);
    if (tb != std::string_view::npos && te != std::string_view::npos) {
      std::string v = attr(xml.substr(tb, te - tb), "value");
      if (v.size() >= 10) out->dct = parse_iso_date(std::string_view(v).substr(0, 10));
    }
  }
  size_t b = xml.find("<TEXT>");
  size_t e = xml.find("</TEXT>");
  if (b == std::string_view::npos || e == std::string_view::npos || e < b) {
    *error = "no <TEXT> element";
    return false;
  }
  b += 6;
  std::string& text = out->text;
  text.reserve(e - b);
  std::optional<GoldTimex> open;
  for (size_t i = b; i < e;) {
    char c = xml[i];
    if (c == '<') {
      size_t close = xml.find('>', i);
      if (close == std::string_view::npos || close > e) {
        *error = "unclosed tag at byte " + std::to_string(i);
        return false;
      }
      std::string_view tag = xml.substr(i + 1, close - i - 1);
      if (tag.starts_with("TIMEX3")) {
        GoldTimex g;
        g.start = static_cast<uint32_t>(text.size());
        g.type = attr(tag, "type");
        g.value = attr(tag, "value");
        open = g;
      } else if (tag.starts_with("/TIMEX3") && open) {
        open->end = static_cast<uint32_t>(text.size());
        // Gold spans never start or end with spaces in our scoring.
        while (open->start < open->end && text[open->start] == ' ') ++open->start;
        while (open->end > open->start && text[open->end - 1] == ' ') --open->end;
        if (open->end > open->start) out->gold.push_back(*open);
        open.reset();
      }
      i = close + 1;
    } else if (c == '&') {
      i += decode_entity(xml, i, &text);
    } else {
      text.push_back(c);
      ++i;
    }
  }
  return true;
}

TimexScore score_times(const std::vector<GoldTimex>& gold, const std::vector<TimeExpr>& system,
                       bool with_set) {
  TimexScore sc;
  std::vector<const GoldTimex*> g;
  std::vector<const TimeExpr*> s;
  for (const auto& x : gold)
    if (with_set || x.type != "SET") g.push_back(&x);
  for (const auto& x : system)
    if (with_set || x.type != TimeType::Set) s.push_back(&x);
  sc.all.gold = g.size();
  sc.all.system = s.size();
  for (auto* x : g) ++sc.by_type[x->type].gold;
  for (auto* x : s) ++sc.by_type[to_string(x->type)].system;
  // Both lists are in text order; walk them together, one-to-one.
  std::vector<bool> used(s.size(), false);
  size_t lo = 0;
  for (auto* x : g) {
    while (lo < s.size() && s[lo]->end <= x->start) ++lo;
    for (size_t k = lo; k < s.size() && s[k]->start < x->end; ++k) {
      if (used[k] || s[k]->end <= x->start) continue;
      used[k] = true;
      auto& bt = sc.by_type[x->type];
      auto& st = sc.by_type[to_string(s[k]->type)];
      bool same = s[k]->start == x->start && s[k]->end == x->end;
      ++sc.all.relaxed, ++sc.all.sys_relaxed, ++bt.relaxed, ++st.sys_relaxed;
      if (same) ++sc.all.strict, ++sc.all.sys_strict, ++bt.strict, ++st.sys_strict;
      if (s[k]->value == x->value) ++sc.all.value_ok, ++bt.value_ok;
      break;
    }
  }
  return sc;
}

}  // namespace sitrep
