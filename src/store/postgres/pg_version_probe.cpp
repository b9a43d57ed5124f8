#include "store/postgres/pg_version_probe.h"

namespace sqlacc::store {

VersionProbe::VersionProbe(Open open, std::chrono::milliseconds wait)
    : open_(std::move(open)), wait_(wait), thread_([this] { run(); }) {}

VersionProbe::~VersionProbe() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wanted_.notify_one();
  thread_.join();
}

std::optional<DataVersion> VersionProbe::read() {
  std::unique_lock lock(mutex_);
  const auto now = Clock::now();
  // Stuck for longer than anyone waits: the server does not answer; do not queue behind it.
  if (reading_ && now - reading_since_ > wait_) return std::nullopt;
  const std::uint64_t ticket = ++asked_;
  wanted_.notify_one();
  if (!answered_.wait_until(lock, now + wait_, [&] { return answered_up_to_ >= ticket; }))
    return std::nullopt;
  return last_;
}

void VersionProbe::run() {
  std::unique_ptr<Connection> conn;
  std::unique_lock lock(mutex_);
  for (;;) {
    wanted_.wait(lock, [this] { return stop_ || asked_ > answered_up_to_; });
    if (stop_) return;
    const std::uint64_t covers = asked_;  // every ticket handed out before the query starts
    reading_ = true;
    reading_since_ = Clock::now();
    lock.unlock();
    std::optional<DataVersion> v;
    try {
      if (!conn || conn->broken()) conn = open_();
      v = conn->data_version();
    } catch (...) {  // the requests answer 503 DatabaseUnavailable (and log it)
      if (conn && conn->broken()) conn.reset();
    }
    lock.lock();
    reading_ = false;
    last_ = v;
    answered_up_to_ = covers;
    answered_.notify_all();
  }
}

}  // namespace sqlacc::store
