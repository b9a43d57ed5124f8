// What SigV4 verification costs per request. The service targets a signed GET /agent at >= 0.5x
// nginx's static-file speed, so this must stay in the low microseconds.
//   cold:   signing-key cache disabled: key derivation (4 HMACs) on every request
//   cached: the steady state: 1 SHA-256 of the canonical request + 1 HMAC + compare
#include <benchmark/benchmark.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/amz_date.h"
#include "auth/crypto.h"
#include "auth/signer.h"
#include "auth/verifier.h"

namespace {

using namespace sqlacc::auth;

const std::string kAccessKey = "0123456789abcdef0123456789abcdef.mycompany/APIUSER";
const std::string kSecret = "8f1c2b7a9d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddee";

class PinnedClock final : public Clock {
 public:
  std::chrono::system_clock::time_point now() const override {
    return *parse_amz_date("20260528T093000Z");
  }
};

struct Request {
  std::string method, target, body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<HeaderView> views;
  RequestView view() {
    views.clear();
    for (const auto& [n, v] : headers) views.push_back({n, v});
    return {method, target, views, body};
  }
};

SignInput base(std::string method, std::string target, std::string body) {
  SignInput in;
  in.method = std::move(method);
  in.target = std::move(target);
  in.host = "127.0.0.1:8080";
  in.body = std::move(body);
  in.access_key = kAccessKey;
  in.secret = kSecret;
  in.region = "ap-southeast-5";
  in.service = "sqlaccount";
  in.when = PinnedClock{}.now();
  return in;
}

// What `curl --aws-sigv4 "aws:amz:ap-southeast-5:sqlaccount" http://127.0.0.1:8080/agent` sends.
Request curl_get_agent() {
  const SignInput in = base("GET", "/agent", "");
  Request r{in.method, in.target, in.body, {}, {}};
  r.headers.emplace_back("Host", in.host);
  for (auto& h : sign_headers(in)) {
    if (h.first == "Authorization")
      r.headers.insert(r.headers.begin() + 1, h);
    else
      r.headers.push_back(h);
  }
  r.headers.emplace_back("User-Agent", "curl/7.88.1");
  r.headers.emplace_back("Accept", "*/*");
  return r;
}

// What botocore's SigV4Auth sends for a 1 KB JSON POST with a query string.
Request botocore_post_1k() {
  std::string body = "{\"code\":\"300-C0001\",\"companyname\":\"";
  body += std::string(1024 - body.size() - 2, 'x') + "\"}";
  SignInput in = base("POST", "/customer?b=2&a=1", body);
  in.headers = {{"Content-Type", "application/json"}};
  Request r{in.method, in.target, in.body, {}, {}};
  r.headers.emplace_back("Host", in.host);
  r.headers.emplace_back("Content-Type", "application/json");
  for (auto& h : sign_headers(in)) r.headers.push_back(h);
  r.headers.emplace_back("User-Agent", "Boto3/1.26.27 Python/3.11.2 Linux/6.1 Botocore/1.29.27");
  r.headers.emplace_back("Accept-Encoding", "identity");
  r.headers.emplace_back("Content-Length", std::to_string(body.size()));
  return r;
}

Request presigned_get_agent() {
  const SignInput in = base("GET", "/agent", "");
  Request r{in.method, presign_target(in, std::chrono::seconds{300}), "", {}, {}};
  r.headers.emplace_back("Host", in.host);
  r.headers.emplace_back("User-Agent", "curl/7.88.1");
  return r;
}

KeyLookup lookup() {
  return [](std::string_view key) -> std::optional<KeyMaterial> {
    if (key != kAccessKey) return std::nullopt;
    return KeyMaterial{kSecret, 1};
  };
}

void run(benchmark::State& state, Request r, bool cached) {
  PinnedClock clock;
  VerifierConfig config;
  if (!cached) config.signing_key_cache_capacity = 0;
  const Verifier verifier(config, clock, lookup());
  const RequestView view = r.view();
  if (!verifier.verify(view).ok()) {
    state.SkipWithError("request does not verify");
    return;
  }
  for (auto _ : state) {
    Result result = verifier.verify(view);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Verify_CurlGetAgent_Cold(benchmark::State& s) { run(s, curl_get_agent(), false); }
void BM_Verify_CurlGetAgent_Cached(benchmark::State& s) { run(s, curl_get_agent(), true); }
void BM_Verify_BotocorePost1KB_Cold(benchmark::State& s) { run(s, botocore_post_1k(), false); }
void BM_Verify_BotocorePost1KB_Cached(benchmark::State& s) { run(s, botocore_post_1k(), true); }
void BM_Verify_PresignedGetAgent_Cached(benchmark::State& s) {
  run(s, presigned_get_agent(), true);
}
BENCHMARK(BM_Verify_CurlGetAgent_Cold);
BENCHMARK(BM_Verify_CurlGetAgent_Cached);
BENCHMARK(BM_Verify_BotocorePost1KB_Cold);
BENCHMARK(BM_Verify_BotocorePost1KB_Cached);
BENCHMARK(BM_Verify_PresignedGetAgent_Cached);

// Cold via clearing the cache each iteration (includes the re-insert), as the cache is used live.
void BM_Verify_CurlGetAgent_ClearedEachIteration(benchmark::State& state) {
  PinnedClock clock;
  const Verifier verifier(VerifierConfig{}, clock, lookup());
  Request r = curl_get_agent();
  const RequestView view = r.view();
  for (auto _ : state) {
    verifier.clear_signing_key_cache();
    Result result = verifier.verify(view);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_Verify_CurlGetAgent_ClearedEachIteration);

// A forged request to "/agent/*": the worst case, all three canonical URI forms are tried.
void BM_Verify_BadSignatureStarPath_Cached(benchmark::State& state) {
  PinnedClock clock;
  const Verifier verifier(VerifierConfig{}, clock, lookup());
  const SignInput in = base("GET", "/agent/*", "");
  Request r{in.method, in.target, "", {}, {}};
  r.headers.emplace_back("Host", in.host);
  for (auto& h : sign_headers(in)) r.headers.push_back(h);
  r.headers.back().second.back() ^= 1;
  const RequestView view = r.view();
  for (auto _ : state) {
    Result result = verifier.verify(view);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_Verify_BadSignatureStarPath_Cached);

// Building blocks.
void BM_Sha256_1KB(benchmark::State& state) {
  const std::string data(1024, 'x');
  for (auto _ : state) benchmark::DoNotOptimize(sha256(data));
}
BENCHMARK(BM_Sha256_1KB);

void BM_HmacSha256_StringToSign(benchmark::State& state) {
  const Digest key = derive_signing_key(kSecret, "20260528", "ap-southeast-5", "sqlaccount");
  const std::string sts(130, 's');
  for (auto _ : state) benchmark::DoNotOptimize(hmac_sha256(key, sts));
}
BENCHMARK(BM_HmacSha256_StringToSign);

void BM_DeriveSigningKey(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        derive_signing_key(kSecret, "20260528", "ap-southeast-5", "sqlaccount"));
  }
}
BENCHMARK(BM_DeriveSigningKey);

}  // namespace

BENCHMARK_MAIN();
