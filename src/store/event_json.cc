#include "store/event_json.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "read/json_limits.h"

namespace sitrep::store {
namespace {

void str(std::string& o, std::string_view s) {
  o += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '\n':
        o += "\\n";
        break;
      case '\r':
        o += "\\r";
        break;
      case '\t':
        o += "\\t";
        break;
      case '\b':
        o += "\\b";
        break;
      case '\f':
        o += "\\f";
        break;
      default:
        if (c < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          o += b;
        } else {
          o += static_cast<char>(c);
        }
    }
  }
  o += '"';
}
void str_or_null(std::string& o, const std::string& s) {
  if (s.empty())
    o += "null";
  else
    str(o, s);
}
void i64(std::string& o, int64_t v) {
  char b[24];
  auto r = std::to_chars(b, b + sizeof b, v);
  o.append(b, r.ptr);
}
void opt_i64(std::string& o, const std::optional<int64_t>& v) {
  if (v)
    i64(o, *v);
  else
    o += "null";
}
void dbl(std::string& o, double v) {
  if (!std::isfinite(v)) {
    o += "null";
    return;
  }
  char b[32];
  auto r = std::to_chars(b, b + sizeof b, v);
  std::string_view s(b, static_cast<size_t>(r.ptr - b));
  o += s;
  if (s.find_first_of(".e") == std::string_view::npos) o += ".0";
}
void coord(std::string& o, const std::optional<double>& v) {
  if (v)
    dbl(o, std::round(*v * 1e5) / 1e5);
  else
    o += "null";
}
void date(std::string& o, const std::optional<Date>& d) {
  if (d)
    str(o, d->iso());
  else
    o += "null";
}
void entity_ref(std::string& o, const Document& doc, int e) {
  if (e >= 0 && e < static_cast<int>(doc.entities.size()))
    str(o, doc.entities[e].id);
  else
    o += "null";
}
void party(std::string& o, const Document& doc, const std::optional<Party>& p) {
  if (!p) {
    o += "null";
    return;
  }
  o += "{\"entity\":";
  entity_ref(o, doc, p->entity);
  o += ",\"name\":";
  if (p->inferred)
    o += "null";
  else
    str(o, p->name);
  o += ",\"country\":";
  str_or_null(o, p->country);
  o += ",\"sector\":";
  str_or_null(o, p->sector);
  o += '}';
}
void interval(std::string& o, const std::optional<Interval>& v) {
  if (!v) {
    o += "null";
    return;
  }
  o += "{\"low\":";
  opt_i64(o, v->low);
  o += ",\"high\":";
  opt_i64(o, v->high);
  o += v->approx ? ",\"approx\":true,\"text\":" : ",\"approx\":false,\"text\":";
  str(o, v->text);
  o += '}';
}

void rule(std::string& o, const Document& doc, const Rule& r) {
  std::string_view name = r.name ? r.name : "";
  bool named = name.find(':') != std::string_view::npos;  // "model:events": the key is a detail
  o += "{\"rule\":";
  if (named || r.key.empty()) {
    str(o, name);
  } else {
    std::string full(name);
    full += ':';
    full += r.key;
    str(o, full);
  }
  if (named && !r.key.empty()) {
    o += ",\"detail\":";
    str(o, r.key);
  }
  if (r.start < r.end && r.end <= doc.text.size()) {
    o += ",\"text\":";
    str(o, doc.view(r.start, r.end));
    o += ",\"span\":[";
    i64(o, r.start);
    o += ',';
    i64(o, r.end);
    o += "]}";
  } else {
    o += ",\"text\":null,\"span\":null}";
  }
}

// One field of the explain object: a rule, or a list when several decided it.
void why_field(std::string& o, const Document& doc, const char* field, const Why& w, bool* first) {
  if (w.empty()) return;
  o += *first ? "\"" : ",\"";
  *first = false;
  o += field;
  o += "\":";
  if (w.size() == 1) {
    rule(o, doc, w[0]);
    return;
  }
  o += '[';
  for (size_t i = 0; i < w.size(); ++i) {
    if (i) o += ',';
    rule(o, doc, w[i]);
  }
  o += ']';
}

}  // namespace

bool append_explain_json(const Document& doc, const Event& ev, std::string& o) {
  size_t mark = o.size();
  bool first = true;
  o += '{';
  why_field(o, doc, "type", ev.why_type, &first);
  if (!ev.mode.empty()) why_field(o, doc, "mode", ev.why_mode, &first);
  if (ev.actor) why_field(o, doc, "actor", ev.actor->why, &first);
  if (ev.recipient) why_field(o, doc, "recipient", ev.recipient->why, &first);
  if (ev.place) why_field(o, doc, "place", ev.place->why, &first);
  if (ev.date.start) why_field(o, doc, "date", ev.date.why, &first);
  const Casualties& c = ev.casualties;
  if (c.killed) why_field(o, doc, "killed", c.killed->why, &first);
  if (c.injured) why_field(o, doc, "injured", c.injured->why, &first);
  if (c.missing) why_field(o, doc, "missing", c.missing->why, &first);
  if (c.arrested) why_field(o, doc, "arrested", c.arrested->why, &first);
  if (c.displaced) why_field(o, doc, "displaced", c.displaced->why, &first);
  // Every attribution's rules, in order, as one field (a list when several).
  size_t n = 0;
  const Why* only = nullptr;
  for (const Attribution& a : ev.attribution)
    if (!a.why.empty()) n += a.why.size(), only = &a.why;
  if (only && n == only->size()) {  // one attribution gave every rule
    why_field(o, doc, "attribution", *only, &first);
  } else if (n > 1) {
    o += first ? "\"attribution\":[" : ",\"attribution\":[";
    first = false;
    bool any = false;
    for (const Attribution& a : ev.attribution)
      for (const Rule& r : a.why) {
        if (any) o += ',';
        any = true;
        rule(o, doc, r);
      }
    o += ']';
  }
  why_field(o, doc, "modality", ev.why_modality, &first);
  if (first) {
    o.resize(mark);
    return false;
  }
  o += '}';
  return true;
}

void append_event_json(const Document& doc, const Event& ev, std::string& o) {
  o += "{\"id\":";
  str(o, ev.id);
  o += ",\"type\":";
  str(o, ev.type);
  o += ",\"mode\":";
  str_or_null(o, ev.mode);
  o += ",\"cameo\":";
  str_or_null(o, ev.cameo);
  o += ",\"acled\":";
  if (ev.acled_type.empty()) {
    o += "null";
  } else {
    o += "{\"event_type\":";
    str(o, ev.acled_type);
    o += ",\"sub_event_type\":";
    str_or_null(o, ev.acled_sub);
    o += '}';
  }
  o += ",\"actor\":";
  party(o, doc, ev.actor);
  o += ",\"recipient\":";
  party(o, doc, ev.recipient);
  o += ",\"place\":";
  if (!ev.place) {
    o += "null";
  } else {
    const EventPlace& p = *ev.place;
    o += "{\"entity\":";
    entity_ref(o, doc, p.entity);
    o += ",\"name\":";
    str(o, p.name);
    o += ",\"lat\":";
    coord(o, p.lat);
    o += ",\"lon\":";
    coord(o, p.lon);
    o += ",\"country\":";
    str_or_null(o, p.country);
    o += ",\"admin1\":";
    str_or_null(o, p.admin1);
    o += ",\"relation\":";
    str(o, p.relation.empty() ? std::string("in") : p.relation);
    o += ",\"precision\":";
    str(o, p.precision.empty() ? std::string("unknown") : p.precision);
    o += '}';
  }
  o += ",\"date\":{\"start\":";
  date(o, ev.date.start);
  o += ",\"end\":";
  date(o, ev.date.end);
  o += ",\"precision\":";
  str(o, ev.date.precision);
  o += ",\"basis\":";
  str(o, ev.date.basis);
  const Casualties& c = ev.casualties;
  o += "},\"casualties\":{\"killed\":";
  interval(o, c.killed);
  o += ",\"injured\":";
  interval(o, c.injured);
  o += ",\"missing\":";
  interval(o, c.missing);
  o += ",\"arrested\":";
  interval(o, c.arrested);
  o += ",\"displaced\":";
  interval(o, c.displaced);
  o += ",\"victims\":[";
  for (size_t i = 0; i < c.victims.size(); ++i) {
    if (i) o += ',';
    str(o, c.victims[i]);
  }
  o += "]},\"materiel\":[";
  for (size_t i = 0; i < ev.materiel.size(); ++i) {
    const Materiel& m = ev.materiel[i];
    if (i) o += ',';
    o += "{\"what\":";
    str(o, m.what);
    o += ",\"count\":";
    i64(o, m.count);
    o += ",\"fate\":";
    str_or_null(o, m.fate);
    o += '}';
  }
  for (const auto* objs : {&ev.targets, &ev.weapons}) {
    o += objs == &ev.targets ? "],\"targets\":[" : "],\"weapons\":[";
    for (size_t i = 0; i < objs->size(); ++i) {
      const ObjectRef& x = (*objs)[i];
      if (i) o += ',';
      o += "{\"what\":";
      str(o, x.what);
      o += ",\"text\":";
      str(o, x.text);
      o += ",\"start\":";
      i64(o, x.start);
      o += ",\"end\":";
      i64(o, x.end);
      o += '}';
    }
  }
  o += "],\"attribution\":[";
  for (size_t i = 0; i < ev.attribution.size(); ++i) {
    const Attribution& a = ev.attribution[i];
    if (i) o += ',';
    o += "{\"name\":";
    str(o, a.name);
    o += ",\"entity\":";
    entity_ref(o, doc, a.entity);
    o += ",\"kind\":";
    str(o, a.kind.empty() ? std::string("unknown") : a.kind);
    o += ",\"via\":[";
    for (size_t j = 0; j < a.via.size(); ++j) {
      if (j) o += ',';
      str(o, a.via[j]);
    }
    o += "]}";
  }
  o += "],\"claim\":";
  str(o, ev.claim);
  o += ",\"modality\":";
  str(o, ev.modality);
  o += ev.background ? ",\"background\":true,\"evidence\":[" : ",\"background\":false,\"evidence\":[";
  for (size_t i = 0; i < ev.evidence.size(); ++i) {
    if (i) o += ',';
    o += "{\"start\":";
    i64(o, ev.evidence[i].start);
    o += ",\"end\":";
    i64(o, ev.evidence[i].end);
    o += '}';
  }
  o += "],\"confidence\":";
  dbl(o, std::round(ev.confidence * 1000) / 1000);
  if (!ev.co_actors.empty()) {  // only when the text names several actors
    o += ",\"co_actors\":[";
    for (size_t i = 0; i < ev.co_actors.size(); ++i) {
      if (i) o += ',';
      party(o, doc, ev.co_actors[i]);
    }
    o += ']';
  }
  o += '}';
}

nlohmann::json parse_stored_json(std::string_view text) {
  if (!check_json_limits(text, kMaxStoredJsonBytes).empty()) return nullptr;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(nullptr) : j;
}

}  // namespace sitrep::store
