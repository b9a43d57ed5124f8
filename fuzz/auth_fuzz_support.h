#pragma once
// A fixed clock and key for driving the whole SigV4 verifier from a fuzz target.
#include <chrono>
#include <optional>
#include <string_view>

#include "auth/amz_date.h"
#include "auth/verifier.h"
#include "fuzz_support.h"

namespace sqlacc::auth::fuzz {

inline constexpr std::string_view kAccessKey = "0123456789abcdef0123456789abcdef.mycompany/APIUSER";

class PinnedClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return *parse_amz_date("20260528T093000Z");
  }
};

inline const Verifier& verifier() {
  static const PinnedClock clock;
  static const Verifier v(VerifierConfig{}, clock, [](std::string_view key) {
    std::optional<KeyMaterial> out;
    if (key == kAccessKey) out = KeyMaterial{"8f1c2b7a9d3e4f5061728394a5b6c7d8", 1};
    return out;
  });
  return v;
}

}  // namespace sqlacc::auth::fuzz
