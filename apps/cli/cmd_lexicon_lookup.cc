// sitrep lexicon lookup NAME: the lexicon's candidates for a name (kind,
// country, coordinates, population, feature, actor roles valid on --date).
#include <climits>
#include <cmath>
#include <cstdio>
#include <memory>

#include "commands.h"
#include "lexicon/lexicon.h"
#include "lexicon/normalize.h"
#include "pipeline/resources.h"

namespace sitrep::cli {

Command add_lexicon_lookup(CLI::App& app) {
  struct Opts {
    std::vector<std::string> names;
    std::string date, lexicon, data_dir;
  };
  auto o = std::make_shared<Opts>();
  auto* parent = app.get_subcommand("lexicon");
  auto* cmd = parent->add_subcommand("lookup", "show the lexicon's candidates for a name");
  cmd->add_option("NAME", o->names, "names to look up")->required();
  cmd->add_option("--date", o->date, "show actor roles valid on this date (YYYY-MM-DD)");
  cmd->add_option("--lexicon", o->lexicon, "lexicon file (default: found like the engine finds it)");
  cmd->add_option("--data", o->data_dir, "folder with lexicon.bin");
  return {cmd, [o]() -> int {
            std::optional<Date> date;
            if (!o->date.empty()) {
              date = parse_iso_date(o->date);
              if (!date) {
                std::fprintf(stderr, "sitrep lexicon lookup: --date: \"%s\" is not YYYY-MM-DD\n",
                             o->date.c_str());
                return 2;
              }
            }
            std::string path = o->lexicon.empty() ? find_resource(o->data_dir, "lexicon.bin") : o->lexicon;
            if (path.empty()) {
              std::fprintf(stderr,
                           "sitrep lexicon lookup: no lexicon.bin found (run `sitrep lexicon build`)\n");
              return 1;
            }
            std::string err;
            auto lex = Lexicon::open(path, &err);
            if (!lex) {
              std::fprintf(stderr, "sitrep lexicon lookup: %s\n", err.c_str());
              return 1;
            }
            auto day = [](int32_t d, const char* open) {
              if (d == INT32_MIN || d == INT32_MAX) return std::string(open);
              return Date::from_days(d).iso();
            };
            int found = 0;
            for (const auto& name : o->names) {
              std::string key = lex::name_key(name);
              const LexSlot* s = lex->find_key(key);
              std::printf("%s  (key \"%s\")%s\n", name.c_str(), key.c_str(),
                          s && (s->flags & kKeyCommon) ? "  [common word]" : "");
              if (!s || s->post_count == 0) {
                std::printf("  no entries\n");
                continue;
              }
              ++found;
              for (uint32_t k = 0; k < s->post_count; ++k) {
                uint32_t p = lex->postings(*s)[k];
                uint32_t id = p & kPostIdMask;
                const LexEntry& e = lex->entry(id);
                std::printf("  %-8s %-30.*s %-3s", to_string(e.kind), static_cast<int>(e.name.len),
                            lex->str(e.name).data(), lex->country(id).c_str());
                if (!std::isnan(e.lat)) std::printf(" %8.3f %9.3f", e.lat, e.lon);
                if (e.population) std::printf(" pop %llu", static_cast<unsigned long long>(e.population));
                if (!lex->feature(id).empty()) std::printf(" %s", lex->feature(id).c_str());
                if (e.admin1.len)
                  std::printf(" [%.*s]", static_cast<int>(e.admin1.len), lex->str(e.admin1).data());
                if (e.geonames_id) std::printf(" geonames:%lld", static_cast<long long>(e.geonames_id));
                if (p & kPostAltName) std::printf(" (alternate name)");
                if (e.kind == LexKind::Demonym)
                  std::printf(" group \"%.*s\"", static_cast<int>(e.extra.len), lex->str(e.extra).data());
                std::printf("\n");
                if (e.kind == LexKind::Actor) {
                  uint32_t n = 0;
                  const LexRole* r = lex->roles(id, &n);
                  const LexRole* on = lex->role_on(id, date);
                  for (uint32_t i = 0; i < n; ++i) {
                    if (date && &r[i] != on) continue;
                    std::printf("      %s %-8.*s %-3.*s %-3.*s %.*s%s%.*s  %s..%s\n", &r[i] == on ? "*" : " ",
                                static_cast<int>(r[i].code.len), lex->str(r[i].code).data(),
                                static_cast<int>(r[i].country.len), lex->str(r[i].country).data(),
                                static_cast<int>(r[i].sector.len), lex->str(r[i].sector).data(),
                                static_cast<int>(r[i].role.len), lex->str(r[i].role).data(),
                                r[i].org.len ? ", " : "", static_cast<int>(r[i].org.len),
                                lex->str(r[i].org).data(), day(r[i].start_days, "").c_str(),
                                day(r[i].end_days, "").c_str());
                  }
                }
              }
            }
            return found > 0 ? 0 : 1;
          }};
}

}  // namespace sitrep::cli
