#include "auth/authorization.h"

#include <gtest/gtest.h>

namespace sqlacc::auth {
namespace {

constexpr std::string_view kKey = "0123456789abcdef0123456789abcdef.mycompany/APIUSER";

TEST(Credential, ParsedFromTheRight) {
  CredentialView c;
  std::string why;
  const std::string text = std::string(kKey) + "/20260528/ap-southeast-5/sqlaccount/aws4_request";
  ASSERT_TRUE(parse_credential(text, c, &why)) << why;
  EXPECT_EQ(c.access_key, kKey);
  EXPECT_EQ(c.date, "20260528");
  EXPECT_EQ(c.region, "ap-southeast-5");
  EXPECT_EQ(c.service, "sqlaccount");
  // An access key with several '/' still works.
  ASSERT_TRUE(parse_credential("a/b/c/20260528/r/s/aws4_request", c, &why));
  EXPECT_EQ(c.access_key, "a/b/c");
}

TEST(Credential, Rejects) {
  CredentialView c;
  std::string why;
  for (const char* bad : {"", "AKID", "AKID/20260528/r/s", "AKID/20260528/r/s/aws4_requesx",
                          "/20260528/r/s/aws4_request", "AKID/2026052/r/s/aws4_request",
                          "AKID/20261328/r/s/aws4_request", "AKID/20260528//s/aws4_request",
                          "AKID/20260528/r//aws4_request", "AK ID/20260528/r/s/aws4_request",
                          "AKID/20260528/r/s/aws4_request/"}) {
    EXPECT_FALSE(parse_credential(bad, c, &why)) << bad;
    EXPECT_FALSE(why.empty());
  }
  const std::string long_key(300, 'a');
  EXPECT_FALSE(parse_credential(long_key + "/20260528/r/s/aws4_request", c, &why));
}

TEST(AuthorizationHeader, BotocoreAndCurlCopyForms) {
  AuthorizationHeader a;
  Failure f;
  ASSERT_TRUE(parse_authorization_header(
      "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host;x-amz-date, "
      "Signature=abc",
      a, f));
  EXPECT_EQ(a.credential, "AK/20150830/r/s/aws4_request");
  EXPECT_EQ(a.signed_headers, "host;x-amz-date");
  EXPECT_EQ(a.signature, "abc");
  // No spaces after the commas (the product's own "Copy" cURL), any order, extra spaces.
  ASSERT_TRUE(parse_authorization_header(
      "  AWS4-HMAC-SHA256   Signature=abc,Credential=AK/20150830/r/s/aws4_request ,  "
      "SignedHeaders = host;x-amz-date ,",
      a, f));
  EXPECT_EQ(a.signature, "abc");
  EXPECT_EQ(a.signed_headers, "host;x-amz-date");
}

TEST(AuthorizationHeader, Failures) {
  AuthorizationHeader a;
  Failure f;
  EXPECT_FALSE(parse_authorization_header("Bearer abc", a, f));
  EXPECT_EQ(f.code, code::kAuthorizationHeaderMalformed);
  EXPECT_FALSE(parse_authorization_header("AWS4-HMAC-SHA1 Credential=x", a, f));
  EXPECT_EQ(f.code, code::kAuthorizationHeaderMalformed);
  EXPECT_FALSE(parse_authorization_header("AWS4-HMAC-SHA256", a, f));
  EXPECT_EQ(f.code, code::kIncompleteSignature);
  EXPECT_FALSE(parse_authorization_header(
      "AWS4-HMAC-SHA256 Credential=AK/20150830/r/s/aws4_request, SignedHeaders=host", a, f));
  EXPECT_EQ(f.code, code::kIncompleteSignature);
  EXPECT_NE(f.message.find("Signature"), std::string::npos);
  EXPECT_FALSE(parse_authorization_header(
      "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=", a, f));
  EXPECT_EQ(f.code, code::kIncompleteSignature);
  EXPECT_FALSE(parse_authorization_header(
      "AWS4-HMAC-SHA256 Credential=x, Credential=y, SignedHeaders=host, Signature=a", a, f));
  EXPECT_EQ(f.code, code::kAuthorizationHeaderMalformed);
  EXPECT_FALSE(parse_authorization_header(
      "AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=a, Foo=1", a, f));
  EXPECT_EQ(f.code, code::kAuthorizationHeaderMalformed);
  EXPECT_FALSE(parse_authorization_header("AWS4-HMAC-SHA256 Credential", a, f));
  EXPECT_EQ(f.code, code::kAuthorizationHeaderMalformed);
}

TEST(PresignQuery, CollectsAndDecodes) {
  PresignParams p;
  PresignStorage s;
  Failure f;
  ASSERT_TRUE(parse_presign_query(
      "a=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AK%2F20150830%2Fr%2Fs%2Faws4_request"
      "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=ab",
      p, s, f))
      << f.message;
  EXPECT_EQ(*p.credential, "AK/20150830/r/s/aws4_request");
  EXPECT_EQ(*p.signed_headers, "content-type;host");
  EXPECT_FALSE(p.expires.has_value());
  EXPECT_EQ(*p.signature, "ab");
}

TEST(PresignQuery, Failures) {
  PresignParams p;
  PresignStorage s;
  Failure f;
  EXPECT_FALSE(parse_presign_query("X-Amz-Signature=ab", p, s, f));
  EXPECT_EQ(f.code, code::kAuthorizationQueryParametersError);
  EXPECT_NE(f.message.find("X-Amz-Credential"), std::string::npos);
  EXPECT_FALSE(parse_presign_query(
      "X-Amz-Algorithm=A&X-Amz-Credential=c&X-Amz-Date=d&X-Amz-SignedHeaders=host&"
      "X-Amz-Signature=a&X-Amz-Signature=b",
      p, s, f));
  EXPECT_NE(f.message.find("more than once"), std::string::npos);
}

TEST(PresignQuery, Detection) {
  EXPECT_TRUE(has_presign_params("a=1&X-Amz-Signature=x"));
  EXPECT_TRUE(has_presign_params("X-Amz-Credential=x"));
  EXPECT_TRUE(has_presign_params("X%2DAmz-Credential=x"));
  EXPECT_FALSE(has_presign_params("a=X-Amz-Signature"));
  EXPECT_FALSE(has_presign_params("x-amz-signature=1"));
  EXPECT_FALSE(has_presign_params(""));
}

TEST(Signature, Normalize) {
  std::array<char, 64> out{};
  const std::string upper(64, 'A');
  ASSERT_TRUE(normalize_signature(upper, out));
  EXPECT_EQ(std::string(out.data(), 64), std::string(64, 'a'));
  EXPECT_FALSE(normalize_signature(std::string(63, 'a'), out));
  EXPECT_FALSE(normalize_signature(std::string(64, 'g'), out));
}

TEST(Expires, Parse) {
  EXPECT_EQ(parse_expires("3600")->count(), 3600);
  EXPECT_EQ(parse_expires("0")->count(), 0);
  EXPECT_FALSE(parse_expires(""));
  EXPECT_FALSE(parse_expires("-1"));
  EXPECT_FALSE(parse_expires("+1"));
  EXPECT_FALSE(parse_expires("1 "));
  EXPECT_FALSE(parse_expires("12345678901"));
}

TEST(Printable, BoundsAndSanitises) {
  EXPECT_EQ(printable("ab\x01\xff"), "ab??");
  EXPECT_EQ(printable(std::string(100, 'x')), std::string(80, 'x') + "...");
}

}  // namespace
}  // namespace sqlacc::auth
