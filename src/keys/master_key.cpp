#include "keys/master_key.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <system_error>

#include "keys/detail.h"
#include "util/problem.h"

namespace sqlacc::keys {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void sys_fail(int err, const std::string& what) {
  throw std::system_error(err, std::generic_category(), what);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

using detail::Wiped;

std::string_view trim_trailing_space(std::string_view s) {
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// nullopt when the file does not exist.
std::optional<MasterKey> read_key_file(const fs::path& file) {
  Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    sys_fail(errno, fmt::format("cannot open master key file {}", file.string()));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) sys_fail(errno, "cannot stat " + file.string());
  if (!S_ISREG(st.st_mode)) {
    throw validation_error({},
                           fmt::format("master key file {} is not a regular file", file.string()));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw forbidden(
        fmt::format("master key file {} has mode {:04o}, which grants group/other access; "
                    "refusing to use it. Fix it with: chmod 600 {}",
                    file.string(), st.st_mode & 07777, file.string()));
  }
  Wiped<160> buf;
  std::size_t used = 0;
  for (;;) {
    ssize_t n = ::read(fd.get(), buf.bytes + used, sizeof buf.bytes - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      sys_fail(errno, "cannot read " + file.string());
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
    if (used == sizeof buf.bytes) break;
  }
  std::string_view text =
      trim_trailing_space(std::string_view(reinterpret_cast<const char*>(buf.bytes), used));
  if (used == sizeof buf.bytes || text.size() != 2 * MasterKey::kSize) {
    throw validation_error(
        {}, fmt::format("master key file {} is malformed: expected 64 hex characters "
                        "(32 bytes)",
                        file.string()));
  }
  return MasterKey::from_hex(text, file.string());
}

void write_all(int fd, const char* data, std::size_t len, const fs::path& file) {
  while (len > 0) {
    ssize_t n = ::write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      sys_fail(errno, "cannot write " + file.string());
    }
    data += n;
    len -= static_cast<std::size_t>(n);
  }
}

void fsync_dir(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());  // best effort: the key file itself is already synced
}

// Writes a new random key file. Returns nullopt if another process created the file first.
std::optional<MasterKey> create_key_file(const fs::path& file) {
  detail::ensure_sodium();
  fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  fs::path tmp = dir / fmt::format(".{}.tmp.{}", file.filename().string(), detail::random_hex(8));

  Wiped<MasterKey::kSize> raw;
  randombytes_buf(raw.bytes, sizeof raw.bytes);
  struct HexBuf {
    char text[2 * MasterKey::kSize + 2] = {};
    ~HexBuf() { sodium_memzero(text, sizeof text); }
  } hex;
  sodium_bin2hex(hex.text, sizeof hex.text, raw.bytes, sizeof raw.bytes);
  hex.text[2 * MasterKey::kSize] = '\n';

  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() < 0) sys_fail(errno, "cannot create " + tmp.string());
    try {
      if (::fchmod(fd.get(), 0600) != 0) sys_fail(errno, "cannot chmod " + tmp.string());
      write_all(fd.get(), hex.text, 2 * MasterKey::kSize + 1, tmp);
      if (::fsync(fd.get()) != 0) sys_fail(errno, "cannot fsync " + tmp.string());
      if (::close(fd.release()) != 0) sys_fail(errno, "cannot close " + tmp.string());
    } catch (...) {
      ::unlink(tmp.c_str());
      throw;
    }
  }
  // link() is an atomic "rename unless the target exists": two processes starting at once cannot
  // overwrite each other's key. Filesystems without hard links fall back to rename().
  if (::link(tmp.c_str(), file.c_str()) != 0) {
    int err = errno;
    if (err == EEXIST) {
      ::unlink(tmp.c_str());
      return std::nullopt;
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
      err = errno;
      ::unlink(tmp.c_str());
      sys_fail(err, "cannot create master key file " + file.string());
    }
  } else {
    ::unlink(tmp.c_str());
  }
  fsync_dir(dir);
  return MasterKey::from_hex(std::string_view(hex.text, 2 * MasterKey::kSize), file.string());
}

}  // namespace

MasterKey::MasterKey(const unsigned char* bytes, std::string origin) : origin_(std::move(origin)) {
  detail::ensure_sodium();
  key_ = static_cast<unsigned char*>(sodium_malloc(kSize));  // guard pages, mlocked
  if (key_ == nullptr) throw std::bad_alloc();
  std::memcpy(key_, bytes, kSize);
  sodium_mprotect_readonly(key_);
}

MasterKey::MasterKey(MasterKey&& other) noexcept
    : key_(other.key_), origin_(std::move(other.origin_)) {
  other.key_ = nullptr;
}

MasterKey& MasterKey::operator=(MasterKey&& other) noexcept {
  if (this != &other) {
    if (key_ != nullptr) sodium_free(key_);
    key_ = other.key_;
    origin_ = std::move(other.origin_);
    other.key_ = nullptr;
  }
  return *this;
}

MasterKey::~MasterKey() {
  if (key_ != nullptr) sodium_free(key_);  // unprotects, zeroes, munlocks, frees
}

MasterKey MasterKey::from_hex(std::string_view hex, std::string origin) {
  detail::ensure_sodium();
  Wiped<kSize> raw;
  if (!detail::from_hex(hex, raw.bytes, kSize)) {
    throw validation_error(
        {}, fmt::format("{}: malformed master key: expected 64 hex characters (32 bytes), "
                        "got {} characters",
                        origin, hex.size()));
  }
  return MasterKey(raw.bytes, std::move(origin));
}

MasterKey MasterKey::generate() {
  detail::ensure_sodium();
  Wiped<kSize> raw;
  randombytes_buf(raw.bytes, kSize);
  return MasterKey(raw.bytes, "generated");
}

MasterKey MasterKey::load_file(const std::filesystem::path& file, bool create) {
  // Two rounds: if another process wins the creation race, read the file it wrote.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (auto key = read_key_file(file)) return std::move(*key);
    if (!create) {
      throw not_found(fmt::format("master key file {} does not exist", file.string()));
    }
    if (auto key = create_key_file(file)) return std::move(*key);
  }
  throw validation_error(
      {}, fmt::format("master key file {} appeared and vanished while loading it", file.string()));
}

MasterKey MasterKey::load(const std::filesystem::path& data_root) {
  if (const char* env = std::getenv(kEnvVar); env != nullptr && *env != '\0') {
    std::string_view value = trim_trailing_space(env);
    return from_hex(value, fmt::format("environment variable {}", kEnvVar));
  }
  std::error_code ec;
  if (!fs::is_directory(data_root, ec)) {
    throw not_found(fmt::format("data directory {} does not exist (run `sqlacc init` first)",
                                data_root.string()));
  }
  return load_file(data_root / kFileName, true);
}

}  // namespace sqlacc::keys
