// sitrep eval ner: tags a CoNLL file with the model and prints conlleval-style
// exact-span precision, recall and F1 per type and overall.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <tuple>

#include "commands.h"
#include "entities/conll.h"
#include "pipeline/resources.h"
#include "read/reader.h"
#include "sitrep/engine.h"

namespace sitrep::cli {
namespace {

// The whole pipeline's name mentions on a CoNLL document, as token spans
// sorted by first token (a mention that does not cover whole tokens takes the
// tokens it overlaps).
std::vector<ner::NerSpan> pipeline_spans(const Engine& engine, const ner::TrainDoc& d) {
  Document doc;
  std::vector<uint32_t> starts;
  size_t s = 0;
  for (uint32_t i = 0; i < d.tokens.size(); ++i) {
    if (i > 0) doc.text += (s < d.sentence_ends.size() && d.sentence_ends[s] == i) ? '\n' : ' ';
    while (s < d.sentence_ends.size() && d.sentence_ends[s] <= i) ++s;
    starts.push_back(static_cast<uint32_t>(doc.text.size()));
    doc.text += d.tokens[i];
  }
  split_paragraphs(doc, 0);
  engine.process(doc);
  auto tok_of = [&](uint32_t byte) {  // the token holding `byte`
    auto it = std::upper_bound(starts.begin(), starts.end(), byte);
    return static_cast<uint32_t>(it - starts.begin()) - 1;
  };
  std::vector<ner::NerSpan> out;
  for (const auto& en : doc.entities) {
    uint8_t type = en.type == EntityType::Person  ? ner::kPer
                   : en.type == EntityType::Org   ? ner::kOrg
                   : en.type == EntityType::Place ? ner::kLoc
                                                  : ner::kMisc;
    for (const auto& m : en.mentions)
      if (m.kind == MentionKind::Name && m.end > m.start && !starts.empty())
        out.push_back({tok_of(m.start), tok_of(m.end - 1) + 1, type});
  }
  std::sort(out.begin(), out.end(), [](const ner::NerSpan& a, const ner::NerSpan& b) {
    return std::tie(a.begin, a.end, a.type) < std::tie(b.begin, b.end, b.type);
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// One line per span found in one list and not the other: the kind, its type,
// its words and the sentence around it.
void print_errors(const ner::TrainDoc& d, const std::vector<ner::NerSpan>& pred) {
  auto show = [&](const char* what, const ner::NerSpan& sp) {
    auto se = std::upper_bound(d.sentence_ends.begin(), d.sentence_ends.end(), sp.begin);
    uint32_t a = se == d.sentence_ends.begin() ? 0 : *(se - 1);
    uint32_t b = se == d.sentence_ends.end() ? static_cast<uint32_t>(d.tokens.size()) : *se;
    std::string words, sentence;
    for (uint32_t i = sp.begin; i < sp.end; ++i) words += (i > sp.begin ? " " : "") + d.tokens[i];
    for (uint32_t i = a; i < b && i < a + 40; ++i) sentence += (i > a ? " " : "") + d.tokens[i];
    std::fprintf(stderr, "%s %s %s | %s\n", what, ner::type_name(sp.type), words.c_str(), sentence.c_str());
  };
  for (const auto& p : pred)
    if (std::find(d.gold.begin(), d.gold.end(), p) == d.gold.end()) show("SPUR", p);
  for (const auto& g : d.gold)
    if (std::find(pred.begin(), pred.end(), g) == pred.end()) show("MISS", g);
}

}  // namespace

Command add_eval_ner(CLI::App& eval) {
  struct Opts {
    std::string conll, model, data_dir, text_case = "as-is";
    bool json = false, pipeline = false, errors = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = eval.add_subcommand("ner", "score the entity tagger on a CoNLL file (exact spans, per type)");
  cmd->add_option("--conll", o->conll, "CoNLL file (token first column, IOB1/IOB2 tag last)")->required();
  cmd->add_option("--model", o->model, "model file (default: models/ner.bin in the data folder)");
  cmd->add_option("--data", o->data_dir, "data folder to find models/ner.bin in");
  cmd->add_option("--case", o->text_case, "score the text as written (as-is), lower-cased or upper-cased")
      ->check(CLI::IsMember({"as-is", "lower", "upper"}));
  cmd->add_flag("--json", o->json, "print the scores as JSON");
  cmd->add_flag(
      "--pipeline", o->pipeline,
      "score the whole pipeline's entities (PERSON, ORG, PLACE; GROUP as MISC) instead of the tagger "
      "alone: each document's tokens are joined by spaces, one sentence a line");
  cmd->add_flag("--errors", o->errors,
                "list spurious (SPUR) and missed (MISS) spans with their sentence on stderr");
  return {cmd, [o]() -> int {
            std::string path = o->model.empty() ? find_resource(o->data_dir, "models/ner.bin") : o->model;
            if (path.empty()) {
              std::fprintf(stderr, "sitrep eval ner: no models/ner.bin found (give --model)\n");
              return 1;
            }
            std::string err;
            auto t0 = std::chrono::steady_clock::now();
            auto model = ner::Model::load(path, &err);
            double load_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            if (!model) {
              std::fprintf(stderr, "sitrep eval ner: %s\n", err.c_str());
              return 1;
            }
            ner::ConllData data;
            if (!ner::read_conll(o->conll, &data, &err)) {
              std::fprintf(stderr, "sitrep eval ner: %s\n", err.c_str());
              return 1;
            }
            if (o->text_case != "as-is")
              for (auto& d : data.docs) d = ner::change_case(d, o->text_case == "upper");
            ner::Score score;
            auto t1 = std::chrono::steady_clock::now();
            std::unique_ptr<Engine> engine;
            if (o->pipeline) engine = std::make_unique<Engine>(EngineOptions{o->data_dir});
            for (const auto& d : data.docs) {
              std::vector<ner::NerSpan> spans;
              if (engine) {
                spans = pipeline_spans(*engine, d);
              } else {
                std::vector<std::string_view> views(d.tokens.begin(), d.tokens.end());
                spans = model->tag(ner::TagInput{views, d.sentence_ends});
              }
              score.add(d.gold, spans);
              if (o->errors) print_errors(d, spans);
            }
            double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
            if (o->json) {
              nlohmann::ordered_json j;
              j["file"] = o->conll;
              j["case"] = o->text_case;
              j["model"] = path;
              j["tokens"] = data.tokens;
              for (int t = -1; t < ner::kTypes; ++t) {
                size_t g = 0, p = 0;
                for (int k = 0; k < ner::kTypes; ++k)
                  if (t < 0 || k == t) g += score.tp[k] + score.fn[k], p += score.tp[k] + score.fp[k];
                j[t < 0 ? "overall" : ner::type_name(t)] = {{"precision", score.precision(t)},
                                                            {"recall", score.recall(t)},
                                                            {"f1", score.f1(t)},
                                                            {"gold", g},
                                                            {"predicted", p}};
              }
              j["f1_per_org_loc"] = score.f1_mask(7);
              j["load_ms"] = load_ms;
              j["tokens_per_second"] = secs > 0 ? double(data.tokens) / secs : 0.0;
              std::printf("%s\n", j.dump(2).c_str());
              return 0;
            }
            size_t phrases = 0, found = 0, correct = 0;
            for (int k = 0; k < ner::kTypes; ++k)
              phrases += score.tp[k] + score.fn[k], found += score.tp[k] + score.fp[k],
                  correct += score.tp[k];
            std::printf("processed %zu tokens with %zu phrases; found: %zu phrases; correct: %zu.\n",
                        data.tokens, phrases, found, correct);
            std::printf("%17s precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n", "overall",
                        100 * score.precision(-1), 100 * score.recall(-1), 100 * score.f1(-1));
            for (int t = 0; t < ner::kTypes; ++t)
              std::printf("%17s precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %zu\n", ner::type_name(t),
                          100 * score.precision(t), 100 * score.recall(t), 100 * score.f1(t),
                          score.tp[t] + score.fp[t]);
            std::printf("%17s FB1: %6.2f\n", "PER+ORG+LOC", 100 * score.f1_mask(7));
            std::fprintf(stderr, "model %s: %zu bytes, %u features, loaded in %.1f ms; %.2f M tokens/s\n",
                         path.c_str(), model->bytes(), model->features(), load_ms,
                         secs > 0 ? double(data.tokens) / secs / 1e6 : 0.0);
            return 0;
          }};
}

}  // namespace sitrep::cli
