#include "output/json_writer.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sitrep {

using json = nlohmann::ordered_json;

bool parse_annotate(const std::string& spec, AnnotateLayers* out, std::string* error) {
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item == "tokens") out->tokens = true;
    else if (item == "sentences") out->sentences = true;
    else if (item == "numbers") out->numbers = true;
    else if (item == "times") out->times = true;
    else if (item == "all") *out = {true, true, true, true};
    else if (!item.empty()) {
      *error = "unknown layer \"" + item + "\" (want tokens, sentences, numbers, times or all)";
      return false;
    }
  }
  return true;
}

namespace {

json opt_str(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json str_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json date_or_null(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }

json number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15) return json(static_cast<int64_t>(v));
  return json(v);
}
json opt_num(const std::optional<double>& v) { return v ? number(*v) : json(nullptr); }
json opt_int(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json opt_coord(const std::optional<double>& v) {
  return v ? json(std::round(*v * 1e5) / 1e5) : json(nullptr);
}

json spans(const std::vector<Span>& v) {
  json a = json::array();
  for (const auto& s : v) a.push_back({{"start", s.start}, {"end", s.end}});
  return a;
}

json interval(const std::optional<Interval>& v) {
  if (!v) return nullptr;
  return {{"low", opt_int(v->low)}, {"high", opt_int(v->high)}, {"approx", v->approx}, {"text", v->text}};
}

json party(const std::optional<Party>& p, const Document& doc) {
  if (!p) return nullptr;
  json e = p->entity >= 0 && p->entity < static_cast<int>(doc.entities.size()) ? json(doc.entities[p->entity].id)
                                                                               : json(nullptr);
  return {{"entity", e}, {"name", p->name}, {"country", str_or_null(p->country)}, {"sector", str_or_null(p->sector)}};
}

json place(const std::optional<EventPlace>& p, const Document& doc) {
  if (!p) return nullptr;
  json e = p->entity >= 0 && p->entity < static_cast<int>(doc.entities.size()) ? json(doc.entities[p->entity].id)
                                                                               : json(nullptr);
  return {{"entity", e},
          {"name", p->name},
          {"lat", opt_coord(p->lat)},
          {"lon", opt_coord(p->lon)},
          {"country", str_or_null(p->country)},
          {"admin1", str_or_null(p->admin1)},
          {"relation", p->relation.empty() ? json("in") : json(p->relation)},
          {"precision", p->precision.empty() ? json("unknown") : json(p->precision)}};
}

json attribution(const std::vector<Attribution>& v, const Document& doc) {
  json a = json::array();
  for (const auto& x : v) {
    json e = x.entity >= 0 && x.entity < static_cast<int>(doc.entities.size()) ? json(doc.entities[x.entity].id)
                                                                               : json(nullptr);
    a.push_back({{"name", x.name}, {"entity", e}, {"kind", x.kind.empty() ? "unknown" : x.kind}, {"via", x.via}});
  }
  return a;
}

}  // namespace

std::string to_json(const Document& doc, const AnnotateLayers& layers, int indent) {
  json d = {{"id", doc.meta.id},
            {"input_id", doc.meta.input_id},
            {"published", date_or_null(doc.meta.published)},
            {"source", opt_str(doc.meta.source)},
            {"title", opt_str(doc.meta.title)},
            {"url", opt_str(doc.meta.url)},
            {"bytes", doc.text.size()}};
  if (!doc.meta.extra_json.empty()) {
    // Extra input fields are kept, under their own key so they never clash.
    d["extra"] = json::parse(doc.meta.extra_json, nullptr, false);
  }
  if (layers.tokens) {
    json a = json::array();
    for (const auto& t : doc.tokens) a.push_back({{"start", t.start}, {"end", t.end}});
    d["tokens"] = std::move(a);
  }
  if (layers.sentences) {
    json a = json::array();
    for (const auto& s : doc.sentences) a.push_back({{"start", s.start}, {"end", s.end}, {"headline", s.headline}});
    d["sentences"] = std::move(a);
  }
  if (layers.numbers) {
    json a = json::array();
    for (const auto& q : doc.numbers)
      a.push_back({{"start", q.start},
                   {"end", q.end},
                   {"text", doc.view(q.start, q.end)},
                   {"low", opt_num(q.low)},
                   {"high", opt_num(q.high)},
                   {"approx", q.approx},
                   {"unit", to_string(q.unit)}});
    d["numbers"] = std::move(a);
  }
  if (layers.times) {
    json a = json::array();
    for (const auto& t : doc.times)
      a.push_back({{"start", t.start},
                   {"end", t.end},
                   {"text", doc.view(t.start, t.end)},
                   {"type", to_string(t.type)},
                   {"value", t.value}});
    d["times"] = std::move(a);
  }

  json ents = json::array();
  for (const auto& e : doc.entities) {
    json ms = json::array();
    for (const auto& m : e.mentions) ms.push_back({{"start", m.start}, {"end", m.end}, {"kind", to_string(m.kind)}});
    json actor = nullptr, pl = nullptr;
    if (e.actor)
      actor = {{"code", str_or_null(e.actor->code)},
               {"country", str_or_null(e.actor->country)},
               {"sector", str_or_null(e.actor->sector)},
               {"role", str_or_null(e.actor->role)},
               {"org", str_or_null(e.actor->org)}};
    if (e.place)
      pl = {{"geonames_id", e.place->geonames_id ? json(e.place->geonames_id) : json(nullptr)},
            {"name", e.place->name},
            {"lat", opt_coord(e.place->lat)},
            {"lon", opt_coord(e.place->lon)},
            {"country", str_or_null(e.place->country)},
            {"admin1", str_or_null(e.place->admin1)},
            {"feature", str_or_null(e.place->feature)},
            {"precision", e.place->precision.empty() ? json("unknown") : json(e.place->precision)}};
    ents.push_back({{"id", e.id},
                    {"type", to_string(e.type)},
                    {"name", e.name},
                    {"mentions", std::move(ms)},
                    {"actor", std::move(actor)},
                    {"place", std::move(pl)}});
  }

  json evs = json::array();
  for (const auto& ev : doc.events) {
    const Casualties& c = ev.casualties;
    json mat = json::array();
    for (const auto& m : ev.materiel) mat.push_back({{"what", m.what}, {"count", m.count}, {"fate", str_or_null(m.fate)}});
    json acled = ev.acled_type.empty() ? json(nullptr)
                                       : json{{"event_type", ev.acled_type}, {"sub_event_type", str_or_null(ev.acled_sub)}};
    evs.push_back({{"id", ev.id},
                   {"type", ev.type},
                   {"mode", str_or_null(ev.mode)},
                   {"cameo", str_or_null(ev.cameo)},
                   {"acled", std::move(acled)},
                   {"actor", party(ev.actor, doc)},
                   {"recipient", party(ev.recipient, doc)},
                   {"place", place(ev.place, doc)},
                   {"date",
                    {{"start", date_or_null(ev.date.start)},
                     {"end", date_or_null(ev.date.end)},
                     {"precision", ev.date.precision},
                     {"basis", ev.date.basis}}},
                   {"casualties",
                    {{"killed", interval(c.killed)},
                     {"injured", interval(c.injured)},
                     {"missing", interval(c.missing)},
                     {"arrested", interval(c.arrested)},
                     {"displaced", interval(c.displaced)},
                     {"victims", c.victims}}},
                   {"materiel", std::move(mat)},
                   {"attribution", attribution(ev.attribution, doc)},
                   {"claim", ev.claim},
                   {"modality", ev.modality},
                   {"background", ev.background},
                   {"evidence", spans(ev.evidence)},
                   {"confidence", std::round(ev.confidence * 1000) / 1000}});
  }

  json tals = json::array();
  for (const auto& t : doc.tallies) {
    tals.push_back({{"metric", t.metric},
                    {"group", str_or_null(t.group)},
                    {"country", str_or_null(t.country)},
                    {"place", place(t.place, doc)},
                    {"low", opt_int(t.low)},
                    {"high", opt_int(t.high)},
                    {"as_of", date_or_null(t.as_of)},
                    {"since", date_or_null(t.since)},
                    {"attribution", attribution(t.attribution, doc)},
                    {"evidence", spans(t.evidence)}});
  }

  json out = {{"schema", 1},
              {"document", std::move(d)},
              {"entities", std::move(ents)},
              {"events", std::move(evs)},
              {"tallies", std::move(tals)}};
  return out.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace sitrep
