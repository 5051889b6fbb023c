// Events, typing: the ACLED event type and sub-type of an event (and, when the
// model moves it into another kind, its PLOVER type, mode and CAMEO code) from
// a small trained model over hashed sparse features of the event: its trigger
// words and their curated labels, the words of its sentences and around its
// trigger, the report's first 60 words, its parties' sectors and names, its
// casualty figures and victims.
// Input: the event as merge.cc finished it (curated labels filled). Output: the
// same event, re-labelled where the model is sure; where it is unsure, or the
// curated vocabulary gave no ACLED label, the curated labels stay. Invariants:
// features are of lower-cased text (any case reads the same); the same model
// and event give the same labels. Cost: ~250 hashed features per event into an
// open-addressing table of int8 weights; the words of a sentence and of the
// report's opening are summed once per report and thread (keyed by
// Context::serial), so an event probes only its own ~40; no allocation beyond
// per-thread buffers.
// Trained by `sitrep train events` (apps/cli/cmd_train_events.cc) on ACLED
// notes and CASE 2021 snippets; the file is data/models/events.bin.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/passes.h"

namespace sitrep::events::typing {

// The label inventory: ACLED types, and sub-types with their type and the
// PLOVER labels an event moved into them takes ("" = keep the event's own).
struct SubLabel {
  std::string name;
  int parent = 0;  // index into Labels::types
  std::string plover, mode, cameo;
  std::string case_code;  // CASE 2021 task 2 code (training only)
  bool kept =
      false;  // a curated label of this sub-type stays (the model did not beat it on held-out reports)
  // The actor sectors with which the model may give this sub-type to an event
  // no curated trigger labelled (label_untyped): "*" any party, or none at
  // all; a space-separated list; "" never. Column 8 of events_labels.tsv.
  std::string untyped_sectors = "*";
  bool untyped_allows(std::string_view actor_sector) const;
};
struct Labels {
  std::vector<std::string> types;
  std::vector<SubLabel> subs;
  int type_index(std::string_view name) const;  // -1 when unknown; compared case- and blank-insensitively
  int sub_index(std::string_view name) const;
};
// Reads data/models/events_labels.tsv (see its header).
bool read_labels(const std::string& path, Labels* out, std::string* error);

struct Result {
  int type = -1, sub = -1;                // -1 = no decision
  float type_margin = 0, sub_margin = 0;  // best minus second best score
};

class Model {
 public:
  static std::unique_ptr<Model> load(const std::string& path, std::string* error);
  static std::unique_ptr<Model> from_bytes(std::vector<uint8_t> bytes, std::string* error);

  // Per label (types, then sub-types), the summed weights of features.
  using Sums = std::array<int32_t, 64>;
  // Adds the weights of the known features to *acc (exact integers: any
  // grouping of the features gives the same sums).
  void add(std::span<const uint64_t> features, Sums* acc) const;
  // The best type and its best sub-type.
  Result classify(std::span<const uint64_t> features) const;
  Result classify(const Sums& acc) const;
  const Labels& labels() const { return labels_; }
  // The smallest type margin at which the model's label replaces a curated one
  // (chosen by the trainer on held-out reports).
  float threshold() const { return threshold_; }
  // The same for a sub-type within the curated type.
  float sub_threshold() const { return sub_threshold_; }
  // The same for an event with no curated ACLED label (in a report with none).
  float untyped_threshold() const { return untyped_threshold_; }
  size_t features() const { return n_used_; }
  // The type that says "no ACLED event" (-1 when the labels have none).
  int none_type() const { return none_; }

 private:
  Model() = default;
  Labels labels_;
  uint32_t n_slots_ = 0, k_ = 0;
  int none_ = -1;
  size_t n_used_ = 0;
  float scale_ = 1, threshold_ = 0, sub_threshold_ = 0, untyped_threshold_ = 1e30f;
  std::vector<uint32_t> fps_;
  static constexpr size_t kRow = std::tuple_size_v<Sums>;  // a slot's weights, k_ of them used
  std::vector<int8_t> w_;                                  // n_slots_ × kRow: types, then subs, then zeros
};

// The event's features (hashes), appended to *out. `group` lists the indices
// into `cands` of the candidates merged into the event.
void event_features(const Context& ctx, const std::vector<Cand>& cands, std::span<const size_t> group,
                    const Event& e, std::vector<uint64_t>* out);

// merge.cc's assignment point: re-labels a finished event with the lexicon's
// model (if any), or records its features when a Capture is active. For a real
// event without a curated ACLED label it returns the model's reading (type -1
// otherwise), for label_untyped.
Result label_event(const Context& ctx, const std::vector<Cand>& cands, std::span<const size_t> group,
                   Event& e);
// A report none of whose events has an ACLED label: its real events (indices
// into evs, with label_event's readings) the model reads as political violence
// or protest, surely enough, take the model's labels (their PLOVER labels stay).
void label_untyped(const EventLexicon& lex, std::vector<Event>& evs,
                   std::span<const std::pair<size_t, Result>> pending);

// Training hook: while one is alive on a thread, label_event records each
// event's features and curated labels there and applies no model.
struct Captured {
  uint32_t start = 0;  // first evidence offset
  std::string type, acled_type, acled_sub;
  std::vector<uint64_t> features;
};
class Capture {
 public:
  Capture();
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;
  std::vector<Captured> events;
};

// Training: one example per labelled event. A mask bit per acceptable label
// (an old ACLED "Riots/Protests" accepts two types); 0 = not labelled.
struct Example {
  std::vector<uint64_t> features;
  uint32_t type_mask = 0, sub_mask = 0;
  int rule_type = -1, rule_sub = -1;  // the curated labels (-1 none), to pick the threshold
  bool held_out = false;              // left out of everything with final_on_train_part (the inner fifth)
};
struct TrainOptions {
  int epochs = 12;
  uint64_t seed = 1;
  // Perceptrons averaged, each trained in another example order (seeds seed, seed + 1, …):
  // one order's luck moves held-out accuracy by a point or more, their mean less.
  int bags = 1;
  size_t max_features = 6000;
  double tolerance = 0;  // out-of-fold accuracy given up for a surer threshold
  // Let the model label real events the curated vocabulary gave no ACLED label
  // (in reports with none). Every analyst-coded report is an ACLED event, so
  // the held-out part rewards it; on general news it would label business
  // deals as agreements (no negatives to learn from), so each sub-type names
  // the actor sectors it may be given with (SubLabel::untyped_sectors). The
  // committed model is trained with it on.
  bool untyped = false;
  // Folds of the cross-validation that picks the epoch count and thresholds.
  int folds = 5;
  int min_held = 5;  // out-of-fold events a curated sub-type needs before the model may override it
  bool verbose = true;
  // Measuring: the written model is the one trained without the held-out
  // reports (not retrained on all), so scorers can be run on those reports.
  bool final_on_train_part = false;
};
struct TrainReport {
  int best_epoch = 0;
  double held_type_rule = 0, held_type_model = 0, held_type_combined = 0;
  double held_sub_rule = 0, held_sub_model = 0, held_sub_combined = 0;
  float threshold = 0, sub_threshold = 0, untyped_threshold = 1e30f;
  size_t held_out = 0, features_seen = 0, features_kept = 0;
  // With final_on_train_part: the final model (its float weights, before the heaviest
  // features are kept and rounded) and thresholds on the held-out reports.
  size_t inner = 0;
  double inner_type_model = 0, inner_sub_model = 0, inner_type_combined = 0, inner_sub_combined = 0;
};
// Picks the epoch count and thresholds by cross-validation over the training
// pool (all examples, or with final_on_train_part those not held out), then
// trains on the whole pool. Deterministic given seed. The held_* figures of the
// report are out-of-fold; inner_* measure the final model on the held-out
// examples (final_on_train_part only).
std::vector<uint8_t> train(const std::vector<Example>& examples, const Labels& labels,
                           const TrainOptions& options, TrainReport* report);

}  // namespace sitrep::events::typing
