// sitrep train ner: trains the entity tagger on CoNLL-2003-style data and
// writes the model file (src/entities/ner.h). Deterministic given --seed.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

#include "commands.h"
#include "entities/conll.h"
#include "pipeline/resources.h"

namespace sitrep::cli {

Command add_train_ner(CLI::App& train) {
  struct Opts {
    std::string train_path, dev_path, out, lexicon, cues;
    int epochs = 20;  // the committed model: these defaults, eng.train, eng.testa
    uint64_t seed = 1;
    float prune = 1.0f;
    bool no_case_copies = false, caseless_only = false, no_gazetteer = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = train.add_subcommand("ner", "train the entity tagger (averaged structured perceptron, BILOU)");
  cmd->add_option("--train", o->train_path, "CoNLL file to train on (token first column, IOB tag last)")
      ->required();
  cmd->add_option("--dev", o->dev_path, "CoNLL file that picks the best epoch")->required();
  cmd->add_option("--out", o->out, "model file to write (e.g. data/models/ner.bin)")->required();
  cmd->add_option("--epochs", o->epochs, "passes over the training data (the best on --dev is kept)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--seed", o->seed, "seed of the document shuffle");
  cmd->add_option("--prune", o->prune, "drop features whose largest |weight| is below this");
  cmd->add_flag("--no-case-copies", o->no_case_copies,
                "train on the documents as written only (default: also a lower-cased copy)");
  cmd->add_flag("--caseless-only", o->caseless_only,
                "train only the reading of text without case, for the sibling models/ner.caseless.bin");
  cmd->add_option(
      "--lexicon", o->lexicon,
      "lexicon.bin whose names give the gazetteer features (default: the data folder's; the model "
      "keeps a copy of what it needs)");
  cmd->add_option("--cues", o->cues,
                  "organisation cue words (default: entities/ner_cues.tsv in the data folder)");
  cmd->add_flag("--no-gazetteer", o->no_gazetteer, "train without gazetteer and cue features");
  return {
      cmd, [o]() -> int {
        auto t0 = std::chrono::steady_clock::now();
        ner::ConllData tr, dv;
        std::string err;
        if (!ner::read_conll(o->train_path, &tr, &err) || !ner::read_conll(o->dev_path, &dv, &err)) {
          std::fprintf(stderr, "sitrep train ner: %s\n", err.c_str());
          return 1;
        }
        std::fprintf(stderr,
                     "train: %zu documents, %zu tokens (%zu bad lines); dev: %zu documents, %zu tokens\n",
                     tr.docs.size(), tr.tokens, tr.bad_lines, dv.docs.size(), dv.tokens);
        ner::TrainOptions opt;
        opt.epochs = o->epochs;
        opt.seed = o->seed;
        opt.prune = o->prune;
        opt.case_copies = !o->no_case_copies;
        opt.caseless_only = o->caseless_only;
        if (!o->no_gazetteer) {
          opt.lexicon_path = o->lexicon.empty() ? find_resource("", "lexicon.bin") : o->lexicon;
          opt.cues_path = o->cues.empty() ? find_resource("", "entities/ner_cues.tsv") : o->cues;
          if (opt.lexicon_path.empty() || opt.cues_path.empty()) {
            std::fprintf(
                stderr,
                "sitrep train ner: no lexicon.bin or entities/ner_cues.tsv found (give --lexicon and "
                "--cues, or --no-gazetteer)\n");
            return 1;
          }
        }
        ner::TrainReport rep;
        std::vector<uint8_t> image = ner::train(tr.docs, dv.docs, opt, &rep);
        if (image.empty()) return 1;
        if (rep.gazetteer_keys)
          std::fprintf(stderr, "gazetteer: %zu keys and cue words\n", rep.gazetteer_keys);
        std::ofstream f(o->out, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
        if (!f) {
          std::fprintf(stderr, "sitrep train ner: cannot write %s\n", o->out.c_str());
          return 1;
        }
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (opt.case_copies)
          std::fprintf(stderr, "caseless reading: best epoch %d (lower-cased dev F1 %.4f before pruning)\n",
                       rep.caseless_best_epoch, rep.caseless_dev_f1);
        std::fprintf(
            stderr,
            "best epoch %d (dev F1 %.4f before pruning); %zu features seen, %zu kept; wrote %s (%zu bytes) "
            "in %.1f s\n",
            rep.best_epoch, rep.best_dev_f1, rep.features_seen, rep.features_kept, o->out.c_str(),
            image.size(), secs);
        return 0;
      }};
}

}  // namespace sitrep::cli
