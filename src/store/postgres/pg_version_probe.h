#pragma once
// Reads one company's change counter for every signed request without ever letting a request wait
// longer than a set time: libpq's calls block with no client-side time-out, and a frozen or
// unreachable server would otherwise hold each request's thread forever.
//
// One thread per company does the reading, on its own connection. A request asks for a reading
// that started after it asked (so a key revoked before the request is seen) and waits for it up to
// `wait`. Requests that ask while a reading is under way share the next one (single flight: under
// load, one query serves many requests). When a reading has been under way for longer than `wait`
// the server is taken as not answering and later requests do not wait at all until it answers.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "store/connection.h"

namespace sqlacc::store {

class VersionProbe {
 public:
  using Open = std::function<std::unique_ptr<Connection>()>;
  VersionProbe(Open open, std::chrono::milliseconds wait);
  ~VersionProbe();  // may wait for a reading in progress to end (the server answers or fails)
  VersionProbe(const VersionProbe&) = delete;
  VersionProbe& operator=(const VersionProbe&) = delete;

  // A reading begun after this call, or nullopt (failed, or no answer within `wait`).
  std::optional<DataVersion> read();

 private:
  void run();
  using Clock = std::chrono::steady_clock;

  Open open_;
  const std::chrono::milliseconds wait_;
  std::mutex mutex_;
  std::condition_variable wanted_, answered_;
  std::uint64_t asked_ = 0;           // readings asked for (each request's ticket)
  std::uint64_t answered_up_to_ = 0;  // tickets the last finished reading answers
  bool reading_ = false;
  Clock::time_point reading_since_;
  std::optional<DataVersion> last_;  // the last reading's result (nullopt: it failed)
  bool stop_ = false;
  std::thread thread_;  // last: started when everything else is ready
};

}  // namespace sqlacc::store
