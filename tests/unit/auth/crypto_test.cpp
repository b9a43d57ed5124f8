#include "auth/crypto.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace sqlacc::auth {
namespace {

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(Crypto, Sha256KnownValues) {
  EXPECT_EQ(hex_string(sha256("")), kEmptySha256Hex);
  EXPECT_EQ(hex_string(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(view(sha256_hex("")), kEmptySha256Hex);
  EXPECT_EQ(view(sha256_hex("abc")), hex_string(sha256("abc")));
  EXPECT_EQ(hex_string(sha256({"a", "", "bc"})), hex_string(sha256("abc")));
}

TEST(Crypto, HmacRfc4231) {
  // RFC 4231 test case 2 (short key) and 6 (key longer than the block: hashed first).
  EXPECT_EQ(hex_string(hmac_sha256(bytes("Jefe"), "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  const std::string long_key(131, '\xaa');
  EXPECT_EQ(hex_string(hmac_sha256(bytes(long_key),
                                   "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(Crypto, HmacMatchesOpenSslForManyLengths) {
  std::mt19937 rng(42);
  for (std::size_t key_len : {0u, 1u, 32u, 63u, 64u, 65u, 68u, 200u}) {
    for (std::size_t msg_len : {0u, 1u, 55u, 64u, 300u, 1024u}) {
      std::string key(key_len, '\0'), msg(msg_len, '\0');
      for (char& c : key) c = static_cast<char>(rng());
      for (char& c : msg) c = static_cast<char>(rng());
      unsigned char out[32];
      unsigned int len = 0;
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), out, &len);
      const Digest ours = hmac_sha256(bytes(key), msg);
      EXPECT_EQ(0, std::memcmp(ours.data(), out, 32)) << key_len << "/" << msg_len;
    }
  }
}

TEST(Crypto, DeriveSigningKeyAwsDocumentationExample) {
  // The worked example of the AWS General Reference ("Examples of how to derive a signing key").
  EXPECT_EQ(hex_string(derive_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215",
                                          "us-east-1", "iam")),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(Crypto, SecureClear) {
  std::array<std::uint8_t, 8> buf{1, 2, 3, 4, 5, 6, 7, 8};
  secure_clear(buf.data(), buf.size());
  for (auto b : buf) EXPECT_EQ(b, 0);
}

}  // namespace
}  // namespace sqlacc::auth
