#include "auth/signer.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "test_support.h"

namespace sqlacc::auth::test {
namespace {

const std::string kAccessKey = "0123456789abcdef0123456789abcdef.mycompany/APIUSER";
const std::string kSecret = "8f1c2b7a9d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccddee";

SignInput input(std::string method, std::string target, std::string body = {}) {
  SignInput in;
  in.method = std::move(method);
  in.target = std::move(target);
  in.host = "api.example.test:8080";
  in.body = std::move(body);
  in.access_key = kAccessKey;
  in.secret = kSecret;
  in.region = "ap-southeast-5";
  in.service = "sqlaccount";
  in.when = at("20260528T093000Z");
  return in;
}

std::string header(const std::vector<std::pair<std::string, std::string>>& headers,
                   std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return {};
}

// Expected values produced with Debian bookworm's python3-botocore 1.29.27 (SigV4Auth /
// SigV4QueryAuth, datetime pinned to 2026-05-28 09:30:00 UTC) for the same inputs.
TEST(Signer, MatchesBotocorePostWithJsonAndQuery) {
  SignInput in = input("POST", "/customer/300-A%2FB?b=2&a=1", "{\"code\":\"C1\"}");
  in.headers = {{"Content-Type", "application/json"}};
  const auto out = sign_headers(in);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].first, "X-Amz-Date");
  EXPECT_EQ(out[0].second, "20260528T093000Z");
  EXPECT_EQ(out[1].first, "Authorization");
  EXPECT_EQ(out[1].second,
            "AWS4-HMAC-SHA256 Credential=" + kAccessKey +
                "/20260528/ap-southeast-5/sqlaccount/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-date, "
                "Signature=cb69c5c68d55223ec277a6c2ad1c390936023f401656f3937018e460af6a481c");
}

TEST(Signer, MatchesBotocoreStarPath) {
  const auto out = sign_headers(input("GET", "/agent/*?code=A%2FB"));
  EXPECT_EQ(header(out, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=" + kAccessKey +
                "/20260528/ap-southeast-5/sqlaccount/aws4_request, SignedHeaders=host;x-amz-date, "
                "Signature=8d663e0d016957a2ef8719d00269ab8c1ebc588f0bab2f4dfcdc92d9c5c8b391");
}

TEST(Signer, MatchesBotocorePresign) {
  EXPECT_EQ(presign_target(input("GET", "/agent?b=2&a=1"), std::chrono::seconds{300}),
            "/agent?b=2&a=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "0123456789abcdef0123456789abcdef.mycompany%2FAPIUSER%2F20260528%2Fap-southeast-5%"
            "2Fsqlaccount%2Faws4_request&X-Amz-Date=20260528T093000Z&X-Amz-Expires=300&"
            "X-Amz-SignedHeaders=host&"
            "X-Amz-Signature=5ebfa33b41a333274a4939109f808a1af3625c49f069ad754645cb25dd0f845f");
}

TEST(Signer, SignedHeadersSortedAndFiltered) {
  SignInput in = input("GET", "/agent");
  in.headers = {{"X-Zeta", "z"},          {"User-Agent", "ua"},
                {"Accept", "*/*"},        {"Expect", "100-continue"},
                {"Authorization", "old"}, {"X-Amz-Date", "19990101T000000Z"}};
  const auto out = sign_headers(in);
  const std::string auth = header(out, "Authorization");
  EXPECT_NE(auth.find("SignedHeaders=accept;host;x-amz-date;x-zeta,"), std::string::npos) << auth;
  EXPECT_EQ(header(out, "X-Amz-Date"), "20260528T093000Z");
}

TEST(Signer, HostHeaderOverridesAndIsRequired) {
  SignInput a = input("GET", "/agent");
  SignInput b = input("GET", "/agent");
  b.host.clear();
  b.headers = {{"Host", "api.example.test:8080"}};
  EXPECT_EQ(header(sign_headers(a), "Authorization"), header(sign_headers(b), "Authorization"));
  b.headers.clear();
  EXPECT_THROW(sign_headers(b), std::invalid_argument);
  // The port is part of the signed host.
  SignInput c = input("GET", "/agent");
  c.host = "api.example.test";
  EXPECT_NE(header(sign_headers(a), "Authorization"), header(sign_headers(c), "Authorization"));
}

TEST(Signer, ContentSha256WhenAsked) {
  SignInput in = input("POST", "/customer", "{}");
  in.add_content_sha256 = true;
  const auto out = sign_headers(in);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].first, "x-amz-content-sha256");
  EXPECT_EQ(out[1].second, "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  EXPECT_NE(out[2].second.find("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"),
            std::string::npos);
}

TEST(Signer, PresignExpiresBounds) {
  EXPECT_THROW(presign_target(input("GET", "/agent"), std::chrono::seconds{0}),
               std::invalid_argument);
  EXPECT_THROW(presign_target(input("GET", "/agent"), std::chrono::seconds{604801}),
               std::invalid_argument);
  EXPECT_NO_THROW(presign_target(input("GET", "/agent"), std::chrono::seconds{604800}));
}

}  // namespace
}  // namespace sqlacc::auth::test
