#pragma once
// The master key: 32 bytes for libsodium crypto_secretbox, under which every API secret is stored.
// Source, in order: the environment variable SQLACC_MASTER_KEY (64 hex chars), else the file
// `<data>/master.key` (64 hex chars; created on first use with mode 0600; refused when its mode
// grants group/other access). The bytes live in sodium_malloc'ed (mlocked, guard-paged, read-only)
// memory and are zeroed when the key is destroyed.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace sqlacc::keys {

class MasterKey {
 public:
  static constexpr std::size_t kSize = 32;  // crypto_secretbox_KEYBYTES
  static constexpr const char* kEnvVar = "SQLACC_MASTER_KEY";
  static constexpr const char* kFileName = "master.key";

  // SQLACC_MASTER_KEY when set and non-empty (malformed -> ValidationError), else
  // load_file(data_root / "master.key", true). Throws NotFound if data_root does not
  // exist.
  static MasterKey load(const std::filesystem::path& data_root);
  // Reads the key file; when it is missing and `create`, writes 32 random bytes as hex to a 0600
  // temporary file and links it into place atomically (a concurrent creator's key wins; both end up
  // with the same key). Throws a Problem: Forbidden when the mode grants group/other access,
  // ValidationError when malformed, NotFound when missing and !create, std::system_error on I/O.
  static MasterKey load_file(const std::filesystem::path& file, bool create = true);
  // 64 hex digits (either case). Throws ValidationError; the message never echoes the input.
  static MasterKey from_hex(std::string_view hex, std::string origin = "hex");
  // A random key that is not persisted (tests, tools).
  static MasterKey generate();

  MasterKey(MasterKey&& other) noexcept;
  MasterKey& operator=(MasterKey&& other) noexcept;
  MasterKey(const MasterKey&) = delete;
  MasterKey& operator=(const MasterKey&) = delete;
  ~MasterKey();

  const unsigned char* data() const { return key_; }  // kSize bytes, read-only
  // Where the key came from, for a startup log line: "environment variable SQLACC_MASTER_KEY" or
  // the file path. Never the key itself.
  const std::string& origin() const { return origin_; }

 private:
  MasterKey(const unsigned char* bytes, std::string origin);
  unsigned char* key_ = nullptr;
  std::string origin_;
};

}  // namespace sqlacc::keys
