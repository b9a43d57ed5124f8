#include "auth/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace sqlacc::auth {
namespace {

// Measured on this project's target (OpenSSL 3.0, x86-64 with SHA-NI), per HMAC of ~160 bytes:
//   HMAC() one-shot / EVP_Q_mac         ~2300 ns  (they fetch the algorithm from the provider each
//   call) EVP_MAC with a reused EVP_MAC_CTX     ~900 ns HMAC built on a reused EVP_MD_CTX     ~500
//   ns  (prefetched EVP_MD, RFC 2104 done by hand)
// so SHA-256 uses one prefetched EVP_MD and a per-thread EVP_MD_CTX, and HMAC is RFC 2104 on top of
// it.
struct MdDeleter {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};

const EVP_MD* sha256_md() {
  static const std::unique_ptr<EVP_MD, MdDeleter> md{EVP_MD_fetch(nullptr, "SHA256", nullptr)};
  if (!md) throw std::runtime_error("OpenSSL: SHA256 is not available");
  return md.get();
}

// One digest context per thread, reused: EVP_DigestInit_ex2 on an existing context does not
// allocate.
struct ThreadCtx {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~ThreadCtx() { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX* thread_ctx() {
  thread_local ThreadCtx holder;
  if (holder.ctx == nullptr) throw std::runtime_error("OpenSSL: EVP_MD_CTX_new failed");
  return holder.ctx;
}

void fail(const char* what) {
  throw std::runtime_error(std::string("OpenSSL: ") + what + " failed");
}

void digest_begin(EVP_MD_CTX* ctx) {
  if (EVP_DigestInit_ex2(ctx, sha256_md(), nullptr) != 1) fail("EVP_DigestInit_ex2");
}
void digest_update(EVP_MD_CTX* ctx, const void* data, std::size_t size) {
  if (size != 0 && EVP_DigestUpdate(ctx, data, size) != 1) fail("EVP_DigestUpdate");
}
void digest_end(EVP_MD_CTX* ctx, Digest& out) {
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, out.data(), &len) != 1 || len != out.size())
    fail("EVP_DigestFinal_ex");
}

constexpr std::size_t kBlock = 64;  // SHA-256 block size, the HMAC pad length

}  // namespace

Digest sha256(std::string_view data) {
  EVP_MD_CTX* ctx = thread_ctx();
  Digest out;
  digest_begin(ctx);
  digest_update(ctx, data.data(), data.size());
  digest_end(ctx, out);
  return out;
}

Digest sha256(std::initializer_list<std::string_view> parts) {
  EVP_MD_CTX* ctx = thread_ctx();
  Digest out;
  digest_begin(ctx);
  for (const std::string_view part : parts) digest_update(ctx, part.data(), part.size());
  digest_end(ctx, out);
  return out;
}

Digest hmac_sha256(std::span<const std::uint8_t> key, std::string_view data) {
  // RFC 2104: H((K ^ opad) || H((K ^ ipad) || m)), K zero-padded to the block size, or hashed first
  // when longer than a block (as "AWS4" + a 64-char secret is).
  std::uint8_t pad[kBlock] = {};
  if (key.size() > kBlock) {
    Digest hashed = sha256({reinterpret_cast<const char*>(key.data()), key.size()});
    std::memcpy(pad, hashed.data(), hashed.size());
    secure_clear(hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(pad, key.data(), key.size());
  }
  for (auto& b : pad) b ^= 0x36;
  EVP_MD_CTX* ctx = thread_ctx();
  Digest inner;
  digest_begin(ctx);
  digest_update(ctx, pad, kBlock);
  digest_update(ctx, data.data(), data.size());
  digest_end(ctx, inner);
  for (auto& b : pad) b ^= 0x36 ^ 0x5c;
  Digest out;
  digest_begin(ctx);
  digest_update(ctx, pad, kBlock);
  digest_update(ctx, inner.data(), inner.size());
  digest_end(ctx, out);
  secure_clear(pad, sizeof pad);
  return out;
}

HexDigest to_hex(const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  HexDigest out;
  for (std::size_t i = 0; i < digest.size(); ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return out;
}

std::string hex_string(const Digest& digest) {
  const HexDigest hex = to_hex(digest);
  return std::string(hex.data(), hex.size());
}

HexDigest sha256_hex(std::string_view data) {
  if (data.empty()) {
    HexDigest out;
    std::memcpy(out.data(), kEmptySha256Hex.data(), out.size());
    return out;
  }
  return to_hex(sha256(data));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secure_clear(void* data, std::size_t size) {
  if (size != 0) OPENSSL_cleanse(data, size);
}

Digest derive_signing_key(std::string_view secret, std::string_view date8, std::string_view region,
                          std::string_view service) {
  // "AWS4" + secret in a local buffer that is wiped afterwards; secrets here are 64 chars, longer
  // ones (other deployments, tests) take the heap path and are wiped the same way.
  std::string k_secret;
  k_secret.reserve(4 + secret.size());
  k_secret.append("AWS4").append(secret);
  const auto* raw = reinterpret_cast<const std::uint8_t*>(k_secret.data());
  Digest k = hmac_sha256({raw, k_secret.size()}, date8);
  secure_clear(k_secret.data(), k_secret.size());
  Digest next = hmac_sha256(k, region);
  k = hmac_sha256(next, service);
  next = hmac_sha256(k, "aws4_request");
  secure_clear(k.data(), k.size());
  return next;
}

}  // namespace sqlacc::auth
