#include "pipeline/runner.h"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

namespace sitrep {

namespace {

struct Rendered {
  Document doc;
  std::string out;
};
using Item = std::variant<Rendered, ReadError>;

}  // namespace

RunStats run_inputs(const Engine& engine, const Reader& reader, const std::vector<std::string>& inputs,
                    int threads, const std::function<void(Document&)>& sink,
                    const std::function<void(const ReadError&)>& on_error) {
  return run_inputs(
      engine, reader, inputs, threads, [](const Document&) { return std::string(); },
      [&](Document& d, std::string&) { sink(d); }, on_error);
}

RunStats run_inputs(const Engine& engine, const Reader& reader, const std::vector<std::string>& inputs,
                    int threads, const std::function<std::string(const Document&)>& render,
                    const std::function<void(Document&, std::string&)>& sink,
                    const std::function<void(const ReadError&)>& on_error) {
  RunStats stats;
  auto deliver = [&](Item& item) {
    if (auto* r = std::get_if<Rendered>(&item)) {
      ++stats.documents;
      stats.bytes += r->doc.text.size();
      sink(r->doc, r->out);
    } else {
      const auto& e = std::get<ReadError>(item);
      if (e.warning)
        ++stats.warnings;
      else
        ++stats.failed;
      on_error(e);
    }
  };

  if (threads <= 1) {
    for (const auto& in : inputs)
      reader.read(
          in,
          [&](Document&& d) {
            engine.process(d);
            std::string out = render(d);
            Item it = Rendered{std::move(d), std::move(out)};
            deliver(it);
          },
          [&](const ReadError& e) {
            Item it = e;
            deliver(it);
          });
    return stats;
  }

  std::mutex mu;
  std::condition_variable work_cv, space_cv;
  std::deque<std::pair<size_t, Document>> todo;
  std::map<size_t, Item> done;
  size_t next_seq = 0, next_out = 0, in_flight = 0;
  bool closing = false;
  const size_t limit = static_cast<size_t>(threads) * 8;
  bool flushing = false;
  // Wake-ups cost system calls: the reader, once it has filled the window,
  // sleeps until half of it is free, and a worker is woken only when one
  // is idle.
  bool reader_waiting = false;
  int idle_workers = 0;

  // Emits every finished item whose turn has come. Called with `mu` held. Only
  // one thread delivers at a time; the others leave their results in `done`,
  // where the delivering thread finds them before it stops.
  auto flush = [&](std::unique_lock<std::mutex>& lk) {
    if (flushing) return;
    flushing = true;
    while (true) {
      auto it = done.find(next_out);
      if (it == done.end()) break;
      Item item = std::move(it->second);
      done.erase(it);
      ++next_out;
      --in_flight;
      if (reader_waiting && in_flight <= limit / 2) space_cv.notify_one();
      lk.unlock();
      deliver(item);
      lk.lock();
    }
    flushing = false;
  };

  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      std::unique_lock<std::mutex> lk(mu);
      while (true) {
        ++idle_workers;
        work_cv.wait(lk, [&] { return closing || !todo.empty(); });
        --idle_workers;
        if (todo.empty()) return;
        auto [seq, doc] = std::move(todo.front());
        todo.pop_front();
        lk.unlock();
        engine.process(doc);
        std::string out = render(doc);
        lk.lock();
        done.emplace(seq, Rendered{std::move(doc), std::move(out)});
        flush(lk);
      }
    });
  }

  auto admit = [&](Item&& item) {
    std::unique_lock<std::mutex> lk(mu);
    if (in_flight >= limit) {
      reader_waiting = true;
      space_cv.wait(lk, [&] { return in_flight <= limit / 2; });
      reader_waiting = false;
    }
    size_t seq = next_seq++;
    ++in_flight;
    if (auto* r = std::get_if<Rendered>(&item)) {
      todo.emplace_back(seq, std::move(r->doc));
      if (idle_workers > 0) work_cv.notify_one();
    } else {
      done.emplace(seq, std::move(item));
      flush(lk);
    }
  };

  for (const auto& in : inputs)
    reader.read(
        in,
        [&](Document&& d) {
          admit(Item(Rendered{std::move(d), {}}));
        },
        [&](const ReadError& e) { admit(Item(e)); });

  {
    std::unique_lock<std::mutex> lk(mu);
    closing = true;
    work_cv.notify_all();
  }
  for (auto& th : pool) th.join();
  std::unique_lock<std::mutex> lk(mu);
  flush(lk);
  return stats;
}

}  // namespace sitrep
