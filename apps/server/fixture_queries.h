// EventQueries over a JSON file already in the API's shapes:
// {"events": [event with report_list], "documents": [document with spans],
//  "tallies": [series]}. For tests and demos (`sitrep serve --fixture FILE`):
// it filters by scanning, so it suits hundreds of events, not millions.
// Thread-safe: reads share a lock, ingest (which only stores the documents'
// text and entity spans; no events) takes it exclusively.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>

#include "server/queries.h"

namespace sitrep::server {

class FixtureQueries : public EventQueries {
 public:
  // Parses the fixture; returns nullptr and sets `error` when it is not valid.
  static std::unique_ptr<FixtureQueries> from_json(const std::string& text, std::string* error);
  static std::unique_ptr<FixtureQueries> from_file(const std::string& path, std::string* error);

  Answer list_events(const EventFilter& f, const Page& page) override;
  Answer get_event(const std::string& id) override;
  Answer get_document(const std::string& id) override;
  Answer tallies(const std::string& metric, const std::string& group) override;
  Answer stats() override;
  Answer ingest(std::vector<Document>& docs) override;

 private:
  bool matches(const Json& e, const EventFilter& f) const;
  std::shared_mutex mu_;
  Json events_ = Json::array();      // newest first, then id descending (as the store)
  Json documents_ = Json::object();  // by id
  Json tallies_ = Json::array();
};

}  // namespace sitrep::server
