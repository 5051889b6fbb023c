// sitrep eval geo --lgl FILE: toponym recognition (P/R/F1 over overlapping
// spans) and resolution (accuracy within 161 km) on the LGL / TR-News XML
// schema. A predicted toponym is a mention of an entity that carries a place
// (PLACE, nationality GROUPs, which carry their country, and organisations
// named after a place, which carry it: SCHEMA.md).
// End to end = gold toponyms with coordinates recognised and resolved within
// 161 km / all gold toponyms with coordinates.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "core/geodesy.h"
#include "read/reader.h"
#include "sitrep/engine.h"

namespace sitrep::cli {
namespace {

struct GoldToponym {
  uint32_t start = 0, end = 0;  // bytes
  std::string phrase;
  bool has_coords = false;
  double lat = 0, lon = 0;
};

struct GoldArticle {
  std::string id, text;
  std::optional<Date> date;
  std::vector<GoldToponym> toponyms;
};

std::string tag(std::string_view s, const std::string& name, size_t from = 0, size_t* at = nullptr) {
  std::string open = "<" + name, close = "</" + name + ">";
  size_t a = s.find(open, from);
  while (a != std::string_view::npos && s[a + open.size()] != '>' && s[a + open.size()] != ' ')
    a = s.find(open, a + 1);
  if (a == std::string_view::npos) return "";
  size_t b = s.find('>', a);
  size_t c = s.find(close, b);
  if (b == std::string_view::npos || c == std::string_view::npos) return "";
  if (at) *at = c + close.size();
  return std::string(s.substr(b + 1, c - b - 1));
}

std::string unescape(std::string s) {
  if (s.rfind("<![CDATA[", 0) == 0 && s.size() >= 12 && s.compare(s.size() - 3, 3, "]]>") == 0)
    return s.substr(9, s.size() - 12);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static const std::pair<const char*, char> kEnt[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool done = false;
      for (auto [e, c] : kEnt)
        if (s.compare(i, std::strlen(e), e) == 0) {
          out += c;
          i += std::strlen(e) - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out += s[i];
  }
  return out;
}

std::string trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Character offsets (code points) → byte offsets.
std::vector<uint32_t> char_to_byte(const std::string& t) {
  std::vector<uint32_t> m;
  for (uint32_t i = 0; i < t.size(); ++i)
    if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) m.push_back(i);
  m.push_back(static_cast<uint32_t>(t.size()));
  return m;
}

bool read_gold(const std::string& path, std::vector<GoldArticle>* out, std::string* err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = path + ": cannot read";
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  size_t pos = 0;
  while (true) {
    size_t a = s.find("<article", pos);
    if (a == std::string::npos) break;
    size_t b = s.find("</article>", a);
    if (b == std::string::npos) break;
    std::string_view art(s.data() + a, b - a);
    pos = b + 10;
    GoldArticle g;
    size_t q = art.find("docid=\"");
    if (q != std::string_view::npos) g.id = std::string(art.substr(q + 7, art.find('"', q + 7) - q - 7));
    g.text = unescape(tag(art, "text"));
    g.date = parse_iso_date(trim(tag(art, "dltime")).substr(0, 10));
    auto map = char_to_byte(g.text);
    size_t tp = 0;
    while (true) {
      size_t next = 0;
      std::string t = tag(art, "toponym", tp, &next);
      if (next == 0 || t.empty()) break;
      tp = next;
      GoldToponym gt;
      gt.phrase = unescape(trim(tag(t, "phrase")));
      size_t cs = std::strtoul(tag(t, "start").c_str(), nullptr, 10),
             ce = std::strtoul(tag(t, "end").c_str(), nullptr, 10);
      if (ce >= map.size() || cs >= ce) continue;
      gt.start = map[cs];
      gt.end = map[ce];
      // Some articles' offsets drift by a few characters: take the nearest
      // occurrence of the phrase.
      if (g.text.compare(gt.start, gt.end - gt.start, gt.phrase) != 0 && !gt.phrase.empty()) {
        size_t from = gt.start > 40 ? gt.start - 40 : 0;
        size_t best = std::string::npos;
        for (size_t f = g.text.find(gt.phrase, from); f != std::string::npos && f < gt.start + 40;
             f = g.text.find(gt.phrase, f + 1))
          if (best == std::string::npos || std::llabs(static_cast<long long>(f) - gt.start) <
                                               std::llabs(static_cast<long long>(best) - gt.start))
            best = f;
        if (best != std::string::npos) {
          gt.start = static_cast<uint32_t>(best);
          gt.end = static_cast<uint32_t>(best + gt.phrase.size());
        }
      }
      std::string gaz = tag(t, "gaztag");
      std::string lat = trim(tag(gaz, "lat")), lon = trim(tag(gaz, "lon"));
      if (!lat.empty() && !lon.empty()) {
        gt.has_coords = true;
        gt.lat = std::atof(lat.c_str());
        gt.lon = std::atof(lon.c_str());
      }
      g.toponyms.push_back(gt);
    }
    out->push_back(std::move(g));
  }
  if (out->empty()) {
    *err = path + ": no <article> elements";
    return false;
  }
  return true;
}

double km(double lat1, double lon1, double lat2, double lon2) {
  return great_circle_km(lat1, lon1, lat2, lon2);
}

}  // namespace

Command add_eval_geo(CLI::App& app) {
  struct Opts {
    std::string lgl, data_dir;
    bool json = false, errors = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.get_subcommand("eval")->add_subcommand(
      "geo", "toponym recognition and resolution (LGL / TR-News XML)");
  cmd->add_option("--lgl", o->lgl, "gold file in the LGL / TR-News XML schema")->required();
  cmd->add_option("--data", o->data_dir, "folder with lexicon.bin");
  cmd->add_flag("--json", o->json, "print the figures as JSON");
  cmd->add_flag("--errors", o->errors, "list missed, spurious and misplaced toponyms on stderr");
  return {
      cmd, [o]() -> int {
        std::vector<GoldArticle> gold;
        std::string err;
        if (!read_gold(o->lgl, &gold, &err)) {
          std::fprintf(stderr, "sitrep eval geo: %s\n", err.c_str());
          return 1;
        }
        Engine engine(EngineOptions{o->data_dir});
        size_t n_gold = 0, n_pred = 0, pred_hit = 0, gold_hit = 0, gold_coords = 0, hit_coords = 0,
               within = 0;
        for (auto& g : gold) {
          Document doc;
          doc.text = g.text;
          doc.meta.input_id = g.id;
          doc.meta.published = g.date;
          split_paragraphs(doc, 0);
          engine.process(doc);
          struct Pred {
            uint32_t start, end;
            const PlaceInfo* place;
            bool hit = false;
          };
          std::vector<Pred> pred;
          for (const auto& en : doc.entities) {
            if (!en.place ||
                (en.type != EntityType::Place && en.type != EntityType::Group && en.type != EntityType::Org))
              continue;
            for (const auto& m : en.mentions)
              if (m.kind == MentionKind::Name) pred.push_back({m.start, m.end, &*en.place});
          }
          n_pred += pred.size();
          for (const auto& gt : g.toponyms) {
            ++n_gold;
            gold_coords += gt.has_coords;
            const Pred* best = nullptr;
            for (auto& p : pred)
              if (p.start < gt.end && gt.start < p.end) {
                p.hit = true;
                if (!best) best = &p;
              }
            if (!best) {
              if (o->errors) {
                uint32_t a = gt.start > 30 ? gt.start - 30 : 0;
                std::string ctx(
                    doc.view(a, std::min<uint32_t>(gt.end + 30, static_cast<uint32_t>(doc.text.size()))));
                for (auto& c : ctx)
                  if (c == '\n') c = ' ';
                std::fprintf(stderr, "MISS %s %s | %s\n", g.id.c_str(), gt.phrase.c_str(), ctx.c_str());
              }
              continue;
            }
            ++gold_hit;
            if (!gt.has_coords) continue;
            ++hit_coords;
            bool ok = best->place->lat && km(gt.lat, gt.lon, *best->place->lat, *best->place->lon) <= 161.0;
            within += ok;
            if (!ok && o->errors)
              std::fprintf(stderr, "FAR  %s %s -> %s %s (%.2f %.2f; gold %.2f %.2f)\n", g.id.c_str(),
                           gt.phrase.c_str(), best->place->name.c_str(), best->place->country.c_str(),
                           best->place->lat.value_or(NAN), best->place->lon.value_or(NAN), gt.lat, gt.lon);
          }
          for (const auto& p : pred) {
            pred_hit += p.hit;
            if (!p.hit && o->errors)
              std::fprintf(stderr, "SPUR %s %s -> %s %s\n", g.id.c_str(),
                           std::string(doc.view(p.start, p.end)).c_str(), p.place->name.c_str(),
                           p.place->country.c_str());
          }
        }
        auto ratio = [](size_t a, size_t b) {
          return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
        };
        double p = ratio(pred_hit, n_pred), r = ratio(gold_hit, n_gold);
        double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
        double acc = ratio(within, hit_coords), e2e = ratio(within, gold_coords);
        if (o->json) {
          nlohmann::ordered_json j;
          j["file"] = o->lgl;
          j["articles"] = gold.size();
          j["gold_toponyms"] = n_gold;
          j["predicted_toponyms"] = n_pred;
          j["recognition"] = {{"precision", p}, {"recall", r}, {"f1", f1}};
          j["resolution"] = {{"accuracy_161km", acc}, {"resolved", hit_coords}};
          j["end_to_end_161km"] = e2e;
          std::printf("%s\n", j.dump(2).c_str());
        } else {
          std::printf("articles %zu, gold toponyms %zu (%zu with coordinates), predicted %zu\n", gold.size(),
                      n_gold, gold_coords, n_pred);
          std::printf("recognition  P %.3f  R %.3f  F1 %.3f\n", p, r, f1);
          std::printf("resolution   accuracy@161km %.3f (%zu of %zu recognised)\n", acc, within, hit_coords);
          std::printf("end to end   %.3f (%zu of %zu gold toponyms with coordinates)\n", e2e, within,
                      gold_coords);
        }
        return 0;
      }};
}

}  // namespace sitrep::cli
