#include "output/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>
#include <type_traits>

#include "read/json_limits.h"
#include "read/reader.h"  // find_bad_utf8

namespace sitrep {

using json = nlohmann::ordered_json;

bool parse_annotate(const std::string& spec, AnnotateLayers* out, std::string* error) {
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item == "tokens")
      out->tokens = true;
    else if (item == "sentences")
      out->sentences = true;
    else if (item == "numbers")
      out->numbers = true;
    else if (item == "times")
      out->times = true;
    else if (item == "all")
      out->tokens = out->sentences = out->numbers = out->times = true;
    else if (!item.empty()) {
      *error = "unknown layer \"" + item + "\" (want tokens, sentences, numbers, times or all)";
      return false;
    }
  }
  return true;
}

namespace {

// A document's extra input fields, as JSON. The reader refuses deep nesting,
// but a Document can come from elsewhere (the Python binding, a store):
// dump() recurses per level, so anything too deep or malformed becomes null.
json parse_extra(const std::string& text) {
  if (find_json_too_deep(text) != std::string::npos) return nullptr;
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

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

json party(const std::optional<Party>& p, const Document& doc);

json explain_rule(const Rule& r, const Document& doc) {
  json o = json::object();
  std::string name = r.name ? r.name : "";
  bool named = name.find(':') != std::string::npos;  // "model:events": the key is a detail
  o["rule"] = named || r.key.empty() ? name : name + ":" + r.key;
  if (named && !r.key.empty()) o["detail"] = r.key;
  if (r.start < r.end && r.end <= doc.text.size()) {
    o["text"] = std::string(doc.view(r.start, r.end));
    o["span"] = json::array({r.start, r.end});
  } else {
    o["text"] = nullptr;
    o["span"] = nullptr;
  }
  return o;
}

json explain_tree(const Event& ev, const Document& doc) {
  json out = json::object();
  auto put = [&](const char* field, const Why& w) {
    if (w.empty()) return;
    if (w.size() == 1) {
      out[field] = explain_rule(w[0], doc);
      return;
    }
    json a = json::array();
    for (const Rule& r : w) a.push_back(explain_rule(r, doc));
    out[field] = std::move(a);
  };
  put("type", ev.why_type);
  if (!ev.mode.empty()) put("mode", ev.why_mode);
  if (ev.actor) put("actor", ev.actor->why);
  if (ev.recipient) put("recipient", ev.recipient->why);
  if (ev.place) put("place", ev.place->why);
  if (ev.date.start) put("date", ev.date.why);
  const Casualties& c = ev.casualties;
  if (c.killed) put("killed", c.killed->why);
  if (c.injured) put("injured", c.injured->why);
  if (c.missing) put("missing", c.missing->why);
  if (c.arrested) put("arrested", c.arrested->why);
  if (c.displaced) put("displaced", c.displaced->why);
  Why attr;
  for (const Attribution& a : ev.attribution) attr.insert(attr.end(), a.why.begin(), a.why.end());
  put("attribution", attr);
  put("modality", ev.why_modality);
  return out;
}

json co_actors(const Event& ev, const Document& doc) {
  json a = json::array();
  for (const Party& p : ev.co_actors) a.push_back(party(p, doc));
  return a;
}

json party(const std::optional<Party>& p, const Document& doc) {
  if (!p) return nullptr;
  json e = p->entity >= 0 && p->entity < static_cast<int>(doc.entities.size())
               ? json(doc.entities[p->entity].id)
               : json(nullptr);
  return {{"entity", e},
          {"name", p->inferred ? json(nullptr) : json(p->name)},
          {"country", str_or_null(p->country)},
          {"sector", str_or_null(p->sector)}};
}

json place(const std::optional<EventPlace>& p, const Document& doc) {
  if (!p) return nullptr;
  json e = p->entity >= 0 && p->entity < static_cast<int>(doc.entities.size())
               ? json(doc.entities[p->entity].id)
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
    json e = x.entity >= 0 && x.entity < static_cast<int>(doc.entities.size())
                 ? json(doc.entities[x.entity].id)
                 : json(nullptr);
    a.push_back(
        {{"name", x.name}, {"entity", e}, {"kind", x.kind.empty() ? "unknown" : x.kind}, {"via", x.via}});
  }
  return a;
}

}  // namespace

std::string to_json_tree(const Document& doc, const AnnotateLayers& layers, int indent) {
  json d = {{"id", doc.meta.id},
            {"input_id", doc.meta.input_id},
            {"published", date_or_null(doc.meta.published)},
            {"source", opt_str(doc.meta.source)},
            {"title", opt_str(doc.meta.title)},
            {"url", opt_str(doc.meta.url)},
            {"bytes", doc.text.size()}};
  if (!doc.meta.extra_json.empty()) {
    // Extra input fields are kept, under their own key so they never clash.
    d["extra"] = parse_extra(doc.meta.extra_json);
  }
  if (layers.tokens) {
    json a = json::array();
    for (const auto& t : doc.tokens) a.push_back({{"start", t.start}, {"end", t.end}});
    d["tokens"] = std::move(a);
  }
  if (layers.sentences) {
    json a = json::array();
    for (const auto& s : doc.sentences)
      a.push_back({{"start", s.start}, {"end", s.end}, {"headline", s.headline}});
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
    for (const auto& m : e.mentions)
      ms.push_back({{"start", m.start}, {"end", m.end}, {"kind", to_string(m.kind)}});
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
    for (const auto& m : ev.materiel)
      mat.push_back({{"what", m.what}, {"count", m.count}, {"fate", str_or_null(m.fate)}});
    auto objects = [](const std::vector<ObjectRef>& xs) {
      json a = json::array();
      for (const auto& o : xs)
        a.push_back({{"what", o.what}, {"text", o.text}, {"start", o.start}, {"end", o.end}});
      return a;
    };
    json acled = ev.acled_type.empty()
                     ? json(nullptr)
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
                   {"targets", objects(ev.targets)},
                   {"weapons", objects(ev.weapons)},
                   {"attribution", attribution(ev.attribution, doc)},
                   {"claim", ev.claim},
                   {"modality", ev.modality},
                   {"background", ev.background},
                   {"evidence", spans(ev.evidence)},
                   {"confidence", std::round(ev.confidence * 1000) / 1000}});
    if (!ev.co_actors.empty())
      evs.back()["co_actors"] = co_actors(ev, doc);  // only when the text names several actors
    if (layers.explain) evs.back()["explain"] = explain_tree(ev, doc);
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

// ---- the compact writer ----
//
// Writes the same bytes as to_json_tree(…, -1) straight into one string, with
// no tree of nodes. Plain strings are copied and valid UTF-8 ones escaped the
// way nlohmann does; strings with invalid UTF-8 go through nlohmann itself
// (its replacement rules), and doubles through nlohmann's formatter, so the
// shortest round-trip number form cannot drift. A test compares the two writers.

namespace {

class Writer {
 public:
  // Writes into `buffer` from its start. For speed the bytes go through a
  // pointer into the buffer, which only grows (by doubling) and is meant to be
  // reused across records; result() copies out what was written.
  explicit Writer(std::string& buffer) : o_(buffer) {
    if (o_.size() < 4096) o_.resize(4096);
    p_ = o_.data();
    end_ = p_ + o_.size();
  }
  std::string result() const { return std::string(o_.data(), p_); }

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  // The separator and key of the next member (keys are plain ASCII literals).
  Writer& key(std::string_view k) {
    char* p = room(k.size() + 4);
    if (!first_[depth_]) *p++ = ',';
    first_[depth_] = false;
    *p++ = '"';
    p = copy(p, k);
    *p++ = '"';
    *p++ = ':';
    p_ = p;
    return *this;
  }
  Writer& item() {
    sep();
    return *this;
  }

  void null() { put("null"); }
  void boolean(bool b) { put(b ? std::string_view("true") : std::string_view("false")); }
  template <class T>
  void integer(T v) {
    char* p = room(24);
    p_ = std::to_chars(p, p + 24, v).ptr;
  }
  void real(double v) {
    if (!std::isfinite(v)) return null();
    // nlohmann's own double formatter (what dump() calls), without building a json.
    char* p = room(64);
    p_ = nlohmann::detail::to_chars(p, p + 64, v);
  }
  void str(std::string_view s) {
    const char* what = nullptr;
    if (plain_ascii(s)) {
      char* p = room(s.size() + 2);
      *p++ = '"';
      p = copy(p, s);
      *p++ = '"';
      p_ = p;
    } else if (find_bad_utf8(s, &what) == std::string_view::npos) {
      escaped(s);
    } else {
      // Invalid UTF-8 (or a NUL byte): nlohmann's replacement rules.
      put(json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
  void raw(std::string_view s) { put(s); }

  void str_or_null(const std::string& s) { s.empty() ? null() : str(s); }
  void opt_str(const std::optional<std::string>& s) { s ? str(*s) : null(); }
  void date_or_null(const std::optional<Date>& d) { d ? str(d->iso()) : null(); }
  void number(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9e15)
      integer(static_cast<int64_t>(v));
    else
      real(v);
  }
  void opt_num(const std::optional<double>& v) { v ? number(*v) : null(); }
  void opt_int(const std::optional<int64_t>& v) { v ? integer(*v) : null(); }
  void opt_coord(const std::optional<double>& v) { v ? real(std::round(*v * 1e5) / 1e5) : null(); }
  void strings(const std::vector<std::string>& v) {
    begin_array();
    for (const auto& x : v) item().str(x);
    end_array();
  }

 private:
  // Room for k more bytes at the write position.
  char* room(size_t k) {
    if (static_cast<size_t>(end_ - p_) < k) [[unlikely]]
      grow(k);
    return p_;
  }
  void grow(size_t k) {
    size_t used = static_cast<size_t>(p_ - o_.data());
    o_.resize(std::max(o_.size() * 2, used + k + 4096));
    p_ = o_.data() + used;
    end_ = o_.data() + o_.size();
  }
  // True when s is printable ASCII without '"' or '\\' (copied as is). Eight
  // bytes at a time: "any byte < n" is (w - n*ones) & ~w & high, exact for n <= 0x80.
  static bool plain_ascii(std::string_view s) {
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    auto any_below = [](uint64_t w, uint64_t n) { return ((w - n * kOnes) & ~w & kHigh) != 0; };
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if ((w & kHigh) || any_below(w, 0x20) || any_below(w ^ ('"' * kOnes), 1) ||
          any_below(w ^ ('\\' * kOnes), 1))
        return false;
    }
    for (; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
    }
    return true;
  }
  static char* copy(char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
  void put(std::string_view s) { p_ = copy(room(s.size()), s); }
  void put(char c) {
    *room(1) = c;
    ++p_;
  }
  // A valid UTF-8 string with characters to escape, escaped as nlohmann does
  // with ensure_ascii off: the short forms, \u00XX for other control bytes,
  // everything else (DEL and non-ASCII included) as is.
  void escaped(std::string_view s) {
    put('"');
    for (unsigned char c : s) {
      switch (c) {
        case '"':
          put("\\\"");
          break;
        case '\\':
          put("\\\\");
          break;
        case '\b':
          put("\\b");
          break;
        case '\f':
          put("\\f");
          break;
        case '\n':
          put("\\n");
          break;
        case '\r':
          put("\\r");
          break;
        case '\t':
          put("\\t");
          break;
        default:
          if (c < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
            put(std::string_view(u, 6));
          } else {
            put(static_cast<char>(c));
          }
      }
    }
    put('"');
  }
  void sep() {
    if (!first_[depth_]) put(',');
    first_[depth_] = false;
  }
  void open(char c) {
    put(c);
    first_[++depth_] = true;  // the record nests a handful of levels, far below kMaxDepth
  }
  void close(char c) {
    put(c);
    --depth_;
  }

  static constexpr int kMaxDepth = 32;
  std::string& o_;                  // the buffer: o_.size() is its capacity, not what was written
  char* p_;                         // write position in o_
  char* end_;                       // o_'s end
  bool first_[kMaxDepth] = {true};  // per open container: no member written yet
  int depth_ = 0;
};

void write_spans(Writer& w, const std::vector<Span>& v) {
  w.begin_array();
  for (const auto& s : v) {
    w.item().begin_object();
    w.key("start").integer(s.start);
    w.key("end").integer(s.end);
    w.end_object();
  }
  w.end_array();
}

void write_interval(Writer& w, const std::optional<Interval>& v) {
  if (!v) return w.null();
  w.begin_object();
  w.key("low").opt_int(v->low);
  w.key("high").opt_int(v->high);
  w.key("approx").boolean(v->approx);
  w.key("text").str(v->text);
  w.end_object();
}

void write_entity_ref(Writer& w, int entity, const Document& doc) {
  if (entity >= 0 && entity < static_cast<int>(doc.entities.size()))
    w.str(doc.entities[entity].id);
  else
    w.null();
}

void write_party(Writer& w, const std::optional<Party>& p, const Document& doc) {
  if (!p) return w.null();
  w.begin_object();
  write_entity_ref(w.key("entity"), p->entity, doc);
  if (p->inferred)
    w.key("name").null();
  else
    w.key("name").str(p->name);
  w.key("country").str_or_null(p->country);
  w.key("sector").str_or_null(p->sector);
  w.end_object();
}

void write_place(Writer& w, const std::optional<EventPlace>& p, const Document& doc) {
  if (!p) return w.null();
  w.begin_object();
  write_entity_ref(w.key("entity"), p->entity, doc);
  w.key("name").str(p->name);
  w.key("lat").opt_coord(p->lat);
  w.key("lon").opt_coord(p->lon);
  w.key("country").str_or_null(p->country);
  w.key("admin1").str_or_null(p->admin1);
  w.key("relation").str(p->relation.empty() ? std::string_view("in") : std::string_view(p->relation));
  w.key("precision").str(p->precision.empty() ? std::string_view("unknown") : std::string_view(p->precision));
  w.end_object();
}

void write_attribution(Writer& w, const std::vector<Attribution>& v, const Document& doc) {
  w.begin_array();
  for (const auto& x : v) {
    w.item().begin_object();
    w.key("name").str(x.name);
    write_entity_ref(w.key("entity"), x.entity, doc);
    w.key("kind").str(x.kind.empty() ? std::string_view("unknown") : std::string_view(x.kind));
    w.key("via").strings(x.via);
    w.end_object();
  }
  w.end_array();
}

// The annotation layers asked for: tokens, sentences, numbers, times.
void write_layers(Writer& w, const Document& doc, const AnnotateLayers& layers) {
  if (layers.tokens) {
    w.key("tokens").begin_array();
    for (const auto& t : doc.tokens) {
      w.item().begin_object();
      w.key("start").integer(t.start);
      w.key("end").integer(t.end);
      w.end_object();
    }
    w.end_array();
  }
  if (layers.sentences) {
    w.key("sentences").begin_array();
    for (const auto& s : doc.sentences) {
      w.item().begin_object();
      w.key("start").integer(s.start);
      w.key("end").integer(s.end);
      w.key("headline").boolean(s.headline);
      w.end_object();
    }
    w.end_array();
  }
  if (layers.numbers) {
    w.key("numbers").begin_array();
    for (const auto& q : doc.numbers) {
      w.item().begin_object();
      w.key("start").integer(q.start);
      w.key("end").integer(q.end);
      w.key("text").str(doc.view(q.start, q.end));
      w.key("low").opt_num(q.low);
      w.key("high").opt_num(q.high);
      w.key("approx").boolean(q.approx);
      w.key("unit").str(to_string(q.unit));
      w.end_object();
    }
    w.end_array();
  }
  if (layers.times) {
    w.key("times").begin_array();
    for (const auto& t : doc.times) {
      w.item().begin_object();
      w.key("start").integer(t.start);
      w.key("end").integer(t.end);
      w.key("text").str(doc.view(t.start, t.end));
      w.key("type").str(to_string(t.type));
      w.key("value").str(t.value);
      w.end_object();
    }
    w.end_array();
  }
}

// The "document" object: metadata, then the annotation layers asked for.
void write_document(Writer& w, const Document& doc, const AnnotateLayers& layers) {
  w.begin_object();
  w.key("id").str(doc.meta.id);
  w.key("input_id").str(doc.meta.input_id);
  w.key("published").date_or_null(doc.meta.published);
  w.key("source").opt_str(doc.meta.source);
  w.key("title").opt_str(doc.meta.title);
  w.key("url").opt_str(doc.meta.url);
  w.key("bytes").integer(doc.text.size());
  if (!doc.meta.extra_json.empty())
    w.key("extra").raw(parse_extra(doc.meta.extra_json).dump(-1, ' ', false, json::error_handler_t::replace));
  write_layers(w, doc, layers);
  w.end_object();
}

// An entity's actor record, or null.
void write_actor(Writer& w, const std::optional<ActorInfo>& a) {
  if (!a) return w.null();
  w.begin_object();
  w.key("code").str_or_null(a->code);
  w.key("country").str_or_null(a->country);
  w.key("sector").str_or_null(a->sector);
  w.key("role").str_or_null(a->role);
  w.key("org").str_or_null(a->org);
  w.end_object();
}

// An entity's resolved place, or null.
void write_entity_place(Writer& w, const std::optional<PlaceInfo>& p) {
  if (!p) return w.null();
  w.begin_object();
  if (p->geonames_id)
    w.key("geonames_id").integer(p->geonames_id);
  else
    w.key("geonames_id").null();
  w.key("name").str(p->name);
  w.key("lat").opt_coord(p->lat);
  w.key("lon").opt_coord(p->lon);
  w.key("country").str_or_null(p->country);
  w.key("admin1").str_or_null(p->admin1);
  w.key("feature").str_or_null(p->feature);
  w.key("precision").str(p->precision.empty() ? std::string_view("unknown") : std::string_view(p->precision));
  w.end_object();
}

// One entity: id, type, name, mentions, actor and place.
void write_entity(Writer& w, const Entity& e) {
  w.begin_object();
  w.key("id").str(e.id);
  w.key("type").str(to_string(e.type));
  w.key("name").str(e.name);
  w.key("mentions").begin_array();
  for (const auto& m : e.mentions) {
    w.item().begin_object();
    w.key("start").integer(m.start);
    w.key("end").integer(m.end);
    w.key("kind").str(to_string(m.kind));
    w.end_object();
  }
  w.end_array();
  write_actor(w.key("actor"), e.actor);
  write_entity_place(w.key("place"), e.place);
  w.end_object();
}

// An event's casualty intervals and victims.
void write_casualties(Writer& w, const Casualties& c) {
  w.begin_object();
  write_interval(w.key("killed"), c.killed);
  write_interval(w.key("injured"), c.injured);
  write_interval(w.key("missing"), c.missing);
  write_interval(w.key("arrested"), c.arrested);
  write_interval(w.key("displaced"), c.displaced);
  w.key("victims").strings(c.victims);
  w.end_object();
}

// An event's materiel, targets and weapons.
void write_objects(Writer& w, const Event& ev) {
  w.key("materiel").begin_array();
  for (const auto& m : ev.materiel) {
    w.item().begin_object();
    w.key("what").str(m.what);
    w.key("count").integer(m.count);
    w.key("fate").str_or_null(m.fate);
    w.end_object();
  }
  w.end_array();
  for (const auto* objs : {&ev.targets, &ev.weapons}) {
    w.key(objs == &ev.targets ? "targets" : "weapons").begin_array();
    for (const auto& o : *objs) {
      w.item().begin_object();
      w.key("what").str(o.what);
      w.key("text").str(o.text);
      w.key("start").integer(o.start);
      w.key("end").integer(o.end);
      w.end_object();
    }
    w.end_array();
  }
}

// One event, with its explanation when asked for.
void write_event(Writer& w, const Event& ev, const Document& doc, const AnnotateLayers& layers) {
  w.begin_object();
  w.key("id").str(ev.id);
  w.key("type").str(ev.type);
  w.key("mode").str_or_null(ev.mode);
  w.key("cameo").str_or_null(ev.cameo);
  w.key("acled");
  if (ev.acled_type.empty()) {
    w.null();
  } else {
    w.begin_object();
    w.key("event_type").str(ev.acled_type);
    w.key("sub_event_type").str_or_null(ev.acled_sub);
    w.end_object();
  }
  write_party(w.key("actor"), ev.actor, doc);
  write_party(w.key("recipient"), ev.recipient, doc);
  write_place(w.key("place"), ev.place, doc);
  w.key("date").begin_object();
  w.key("start").date_or_null(ev.date.start);
  w.key("end").date_or_null(ev.date.end);
  w.key("precision").str(ev.date.precision);
  w.key("basis").str(ev.date.basis);
  w.end_object();
  write_casualties(w.key("casualties"), ev.casualties);
  write_objects(w, ev);
  write_attribution(w.key("attribution"), ev.attribution, doc);
  w.key("claim").str(ev.claim);
  w.key("modality").str(ev.modality);
  w.key("background").boolean(ev.background);
  write_spans(w.key("evidence"), ev.evidence);
  w.key("confidence").real(std::round(ev.confidence * 1000) / 1000);
  if (!ev.co_actors.empty()) {  // only when the text names several actors
    w.key("co_actors").begin_array();
    for (const Party& p : ev.co_actors) write_party(w.item(), p, doc);
    w.end_array();
  }
  if (layers.explain) w.key("explain").raw(explain_json(ev, doc));
  w.end_object();
}

// One cumulative tally.
void write_tally(Writer& w, const Tally& t, const Document& doc) {
  w.begin_object();
  w.key("metric").str(t.metric);
  w.key("group").str_or_null(t.group);
  w.key("country").str_or_null(t.country);
  write_place(w.key("place"), t.place, doc);
  w.key("low").opt_int(t.low);
  w.key("high").opt_int(t.high);
  w.key("as_of").date_or_null(t.as_of);
  w.key("since").date_or_null(t.since);
  write_attribution(w.key("attribution"), t.attribution, doc);
  write_spans(w.key("evidence"), t.evidence);
  w.end_object();
}

std::string to_json_compact(const Document& doc, const AnnotateLayers& layers) {
  thread_local std::string buffer;  // grown once per thread, not per record
  Writer w(buffer);
  w.begin_object();
  w.key("schema").integer(1);
  write_document(w.key("document"), doc, layers);
  w.key("entities").begin_array();
  for (const auto& e : doc.entities) write_entity(w.item(), e);
  w.end_array();
  w.key("events").begin_array();
  for (const auto& ev : doc.events) write_event(w.item(), ev, doc, layers);
  w.end_array();
  w.key("tallies").begin_array();
  for (const auto& t : doc.tallies) write_tally(w.item(), t, doc);
  w.end_array();
  w.end_object();
  return w.result();
}

}  // namespace

std::string explain_json(const Event& ev, const Document& doc) {
  return explain_tree(ev, doc).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string to_json(const Document& doc, const AnnotateLayers& layers, int indent) {
  if (indent < 0) return to_json_compact(doc, layers);
  return to_json_tree(doc, layers, indent);
}

}  // namespace sitrep
