#include "auth/canonical.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace sqlacc::auth {
namespace {

TEST(Canonical, SplitTarget) {
  EXPECT_EQ(split_target("/a/b?x=1&y").path, "/a/b");
  EXPECT_EQ(split_target("/a/b?x=1&y").query, "x=1&y");
  EXPECT_EQ(split_target("/a?").query, "");
  EXPECT_EQ(split_target("/a").query, "");
  EXPECT_EQ(split_target("/a?b?c").query, "b?c");
}

TEST(Canonical, NormalizePathLikeBotocore) {
  EXPECT_EQ(normalize_path(""), "/");
  EXPECT_EQ(normalize_path("/"), "/");
  EXPECT_EQ(normalize_path("//"), "/");
  EXPECT_EQ(normalize_path("/./"), "/");
  EXPECT_EQ(normalize_path("/example/.."), "/");
  EXPECT_EQ(normalize_path("/example1/example2/../.."), "/");
  EXPECT_EQ(normalize_path("/../../x"), "/x");
  EXPECT_EQ(normalize_path("//example//"), "/example/");
  EXPECT_EQ(normalize_path("/./example"), "/example");
  EXPECT_EQ(normalize_path("/a/./b/../c/"), "/a/c/");
  EXPECT_EQ(normalize_path("/a/b/."), "/a/b");
  EXPECT_EQ(normalize_path("/agent/*"), "/agent/*");
  EXPECT_EQ(normalize_path("/%2E%2E/x"), "/%2E%2E/x");  // only raw dots are dot segments
}

TEST(Canonical, UriEncode) {
  std::string out;
  uri_encode(out, "-._~azAZ09/ :@%+*", true);
  EXPECT_EQ(out, "-._~azAZ09/%20%3A%40%25%2B%2A");
  out.clear();
  uri_encode(out, "a/b", false);
  EXPECT_EQ(out, "a%2Fb");
  out.clear();
  uri_encode(out, "\xe1\x88\xb4", false);
  EXPECT_EQ(out, "%E1%88%B4");
}

TEST(Canonical, UriDecode) {
  std::string out;
  uri_decode(out, "a%2Fb%7e%7E+c", false);
  EXPECT_EQ(out, "a/b~~+c");
  out.clear();
  uri_decode(out, "a+b", true);
  EXPECT_EQ(out, "a b");
  out.clear();
  uri_decode(out, "%zz%4%", true);  // malformed escapes are kept literally
  EXPECT_EQ(out, "%zz%4%");
}

TEST(Canonical, UriFormsDoubleEncodedIsTheRule) {
  // An incoming %3D is itself encoded: %253D (non-S3 double encoding).
  EXPECT_EQ(canonical_uri("/test/@connections/JBDvjfGEIAMCERw%3D", UriForm::kDoubleEncoded),
            "/test/%40connections/JBDvjfGEIAMCERw%253D");
  EXPECT_EQ(canonical_uri("/test/@connections/JBDvjfGEIAMCERw%3D", UriForm::kSingleEncoded),
            "/test/@connections/JBDvjfGEIAMCERw%3D");
  EXPECT_EQ(canonical_uri("/agent/*", UriForm::kDoubleEncoded), "/agent/%2A");
  EXPECT_EQ(canonical_uri("/agent/*", UriForm::kSingleEncoded), "/agent/*");
  EXPECT_EQ(canonical_uri("/agent/*", UriForm::kStarStripped), "/agent/");
  EXPECT_EQ(canonical_uri("/agent", UriForm::kStarStripped), "");
  EXPECT_EQ(canonical_uri("//v1//acc", UriForm::kAsReceived), "//v1//acc");
  EXPECT_EQ(canonical_uri("/example space/", UriForm::kAsReceived), "/example%20space/");
  EXPECT_EQ(canonical_uri("/$x", UriForm::kDoubleEncoded), "/%24x");
}

std::vector<std::string> candidates(std::string_view path) {
  UriCandidates c;
  canonical_uri_candidates(path, c);
  return {c.uri.begin(), c.uri.begin() + static_cast<std::ptrdiff_t>(c.count)};
}

TEST(Canonical, UriCandidatesAreDistinctAndBounded) {
  EXPECT_EQ(candidates("/agent"), (std::vector<std::string>{"/agent"}));
  EXPECT_EQ(candidates("/agent/*"),
            (std::vector<std::string>{"/agent/%2A", "/agent/*", "/agent/"}));
  EXPECT_EQ(candidates("/v1/a%3Ab"), (std::vector<std::string>{"/v1/a%253Ab", "/v1/a%3Ab"}));
  EXPECT_EQ(candidates("//x"), (std::vector<std::string>{"/x", "//x"}));
  // Never more than three, whatever the path.
  EXPECT_EQ(candidates("//a%3A/*").size(), kMaxUriCandidates);
}

TEST(Canonical, QueryDecodeReencodeAndSort) {
  EXPECT_EQ(canonical_query(""), "");
  EXPECT_EQ(canonical_query("b=2&a=1"), "a=1&b=2");
  // Sorted by key, then by value; after encoding.
  EXPECT_EQ(canonical_query("Param1=value2&Param1=Value1"), "Param1=Value1&Param1=value2");
  EXPECT_EQ(canonical_query("a-b=1&a=2"), "a=2&a-b=1");
  EXPECT_EQ(canonical_query("a%7e=%7E&b=~"), "a~=~&b=~");
  EXPECT_EQ(canonical_query("k=%3b&j=;"), "j=%3B&k=%3B");
  EXPECT_EQ(canonical_query("code=A%2FB"), "code=A%2FB");
  EXPECT_EQ(canonical_query("q=a%20b"), "q=a%20b");
}

TEST(Canonical, QueryFlagsGetAnEmptyValue) {
  EXPECT_EQ(canonical_query("flag"), "flag=");
  EXPECT_EQ(canonical_query("flag="), "flag=");
  EXPECT_EQ(canonical_query("flag&a=1"), "a=1&flag=");
  EXPECT_EQ(canonical_query("a=1&&b=2&"), "a=1&b=2");  // empty parameters are ignored
}

TEST(Canonical, QueryRawPlusIsASpace) {
  // Documented choice (MinIO/RGW): a raw '+' is a space; a literal plus arrives as %2B.
  EXPECT_EQ(canonical_query("r=x+y"), "r=x%20y");
  EXPECT_EQ(canonical_query("r=x%2By"), "r=x%2By");
  EXPECT_EQ(canonical_query("r=x%20y"), "r=x%20y");
}

TEST(Canonical, QueryPresignExcludesSignature) {
  EXPECT_EQ(canonical_query("X-Amz-Signature=abc&b=1", true), "b=1");
  EXPECT_EQ(canonical_query("X-Amz-Signature=abc&b=1", false), "X-Amz-Signature=abc&b=1");
}

// The forms of canonical_query_candidates(), in order, as strings.
std::vector<std::string> query_candidates(std::string_view raw, bool presign = false) {
  QueryScratch scratch;
  QueryCandidates c;
  canonical_query_candidates(raw, presign, scratch, c);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < c.count; ++i) {
    out.push_back(std::string(to_string(c.form[i])) + ":" + c.query[i]);
  }
  return out;
}

TEST(Canonical, QueryCandidatesWhatClientsSign) {
  using V = std::vector<std::string>;
  // Already canonical (every correct signer): one candidate.
  EXPECT_EQ(query_candidates("limit=2&offset=1"), V{"canonical:limit=2&offset=1"});
  EXPECT_EQ(query_candidates(""), V{"canonical:"});
  // curl 7.88 signs the query unsorted; botocore sorts it, which here is the canonical form.
  EXPECT_EQ(query_candidates("offset=1&limit=2"),
            (V{"canonical:limit=2&offset=1", "as-received:offset=1&limit=2"}));
  // Both sign a raw '*' (the README's wildcard) or '+' as it stands.
  EXPECT_EQ(query_candidates("code=300*"), (V{"canonical:code=300%2A", "as-received:code=300*"}));
  EXPECT_EQ(query_candidates("companyname=ABC+TRADING+SDN+BHD"),
            (V{"canonical:companyname=ABC%20TRADING%20SDN%20BHD",
               "as-received:companyname=ABC+TRADING+SDN+BHD"}));
  // All three differ: curl's bytes, botocore's sorted bytes ("flag" as "flag="), the rule.
  EXPECT_EQ(query_candidates("description=x'(y)!&a=%7e&flag"),
            (V{"canonical:a=~&description=x%27%28y%29%21&flag=",
               "as-received:description=x'(y)!&a=%7e&flag",
               "sorted-as-sent:a=%7e&description=x'(y)!&flag="}));
  // Sorted by raw key, then raw value.
  EXPECT_EQ(query_candidates("b=2&a=%7A&a=*")[2], "sorted-as-sent:a=%7A&a=*&b=2");
}

TEST(Canonical, QueryCandidatesOnlyCanonicalWhenNotAsSent) {
  using V = std::vector<std::string>;
  // Presigned URLs: presigning clients rebuild the query themselves.
  EXPECT_EQ(query_candidates("b=*&a=1", /*presign=*/true), V{"canonical:a=1&b=%2A"});
  // Bytes a URL does not carry raw: a raw space, a control byte (a '\n' would split the canonical
  // request's lines), '#', '"', non-ASCII.
  for (const char* raw : {"b=x y&a=1", "b=x\ny&a=1", "b=x#&a=1", "b=\"x\"&a=1", "b=\xc3\xa9&a=1"}) {
    EXPECT_FALSE(is_query_as_sent(raw)) << raw;
    EXPECT_EQ(query_candidates(raw).size(), 1u) << raw;
  }
  EXPECT_TRUE(is_query_as_sent("a=1&b=/x?y:z@w!$'()*+,;=%zz-._~"));
}

TEST(Canonical, QueryCandidatesBindTheStandardForm) {
  // Every candidate, read back as a query, has the query's own canonical form: a signature over any
  // candidate verifies nothing the standard form would not.
  for (const char* raw :
       {"offset=1&limit=2", "code=300*", "q=a+b&q=a%2Bb", "flag&a=1&&b==c", "a=%7e&a=~&A=1",
        "x=%zz&y=%2", "=&=1&k", "description=x'(y)!&a=%7e&flag"}) {
    QueryScratch scratch;
    QueryCandidates c;
    canonical_query_candidates(raw, false, scratch, c);
    ASSERT_LE(c.count, kMaxQueryCandidates);
    for (std::size_t i = 0; i < c.count; ++i) {
      EXPECT_EQ(canonical_query(c.query[i]), canonical_query(raw)) << raw << " / " << c.query[i];
      for (std::size_t j = 0; j < i; ++j) EXPECT_NE(c.query[i], c.query[j]) << raw;
    }
  }
}

TEST(Canonical, HeaderValueTrimAndCollapse) {
  std::string out;
  append_header_value(out, "  a   b \t c  ");
  EXPECT_EQ(out, "a b c");
  out.clear();
  append_header_value(out, "value1\r\n  value2");
  EXPECT_EQ(out, "value1 value2");
  out.clear();
  append_header_value(out, "\"a   b\"");
  EXPECT_EQ(out, "\"a b\"");
  out.clear();
  append_header_value(out, "   ");
  EXPECT_EQ(out, "");
}

TEST(Canonical, CanonicalHeadersJoinRepeatsInArrivalOrder) {
  const std::vector<HeaderView> headers = {
      {"Host", "h"}, {"X-Dup", "b"}, {"x-dup", " a "}, {"X-DUP", "c, d"}, {"Other", "o"}};
  const std::vector<std::string_view> names = {"host", "x-dup"};
  std::string out;
  EXPECT_EQ(append_canonical_headers(out, headers, names), names.size());
  EXPECT_EQ(out, "host:h\nx-dup:b,a,c, d\n");
  const std::vector<std::string_view> missing = {"host", "content-type"};
  out.clear();
  EXPECT_EQ(append_canonical_headers(out, headers, missing), 1u);
}

TEST(Canonical, ParseSignedHeaders) {
  std::string storage, why;
  std::vector<std::string_view> names;
  ASSERT_TRUE(parse_signed_headers(" Host ; x-amz-date;content-type ", storage, names, &why));
  EXPECT_EQ(names, (std::vector<std::string_view>{"host", "x-amz-date", "content-type"}));
  EXPECT_FALSE(parse_signed_headers("", storage, names, &why));
  EXPECT_FALSE(parse_signed_headers("host;;x", storage, names, &why));
  EXPECT_FALSE(parse_signed_headers("host;host", storage, names, &why));
  EXPECT_NE(why.find("twice"), std::string::npos);
  EXPECT_FALSE(parse_signed_headers("host;a b", storage, names, &why));
  std::string many;
  for (int i = 0; i < 65; ++i) many += "h" + std::to_string(i) + ";";
  many += "host";
  EXPECT_FALSE(parse_signed_headers(many, storage, names, &why));
}

TEST(Canonical, CanonicalRequestAndStringToSign) {
  EXPECT_EQ(canonical_request("GET", "/", "", "host:h\n", "host", "e3"),
            "GET\n/\n\nhost:h\n\nhost\ne3");
  EXPECT_EQ(string_to_sign("20150830T123600Z", "20150830", "us-east-1", "service", "abcd"),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nabcd");
}

}  // namespace
}  // namespace sqlacc::auth
