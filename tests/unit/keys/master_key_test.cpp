#include "keys/master_key.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <regex>
#include <thread>
#include <vector>

#include "test_support.h"
#include "util/problem.h"

namespace sqlacc::keys {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::TempDir;

constexpr const char* kHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

class MasterKeyTest : public ::testing::Test {
 protected:
  void SetUp() override { ::unsetenv("SQLACC_MASTER_KEY"); }
  void TearDown() override { ::unsetenv("SQLACC_MASTER_KEY"); }
  TempDir dir;
};

bool same(const MasterKey& a, const MasterKey& b) {
  return std::memcmp(a.data(), b.data(), MasterKey::kSize) == 0;
}

TEST_F(MasterKeyTest, CreatesFileWithMode0600AndReloadsSameBytes) {
  MasterKey k1 = MasterKey::load(dir.path());
  fs::path file = dir.path() / "master.key";
  ASSERT_TRUE(fs::exists(file));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(std::regex_match(read_bytes(file), std::regex("^[0-9a-f]{64}\n$")));
  EXPECT_EQ(k1.origin(), file.string());

  MasterKey k2 = MasterKey::load(dir.path());
  EXPECT_TRUE(same(k1, k2));
  // No temporary file left behind.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(MasterKeyTest, TwoDataDirsGetDifferentKeys) {
  TempDir other;
  EXPECT_FALSE(same(MasterKey::load(dir.path()), MasterKey::load(other.path())));
}

TEST_F(MasterKeyTest, ConcurrentCreatorsAgreeOnOneKey) {
  fs::path file = dir.path() / "master.key";
  std::vector<std::string> seen(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] {
      MasterKey k = MasterKey::load_file(file);
      seen[i].assign(reinterpret_cast<const char*>(k.data()), MasterKey::kSize);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& s : seen) EXPECT_EQ(s, seen[0]);
}

TEST_F(MasterKeyTest, RefusesGroupOrOtherReadableFile) {
  MasterKey::load(dir.path());
  fs::path file = dir.path() / "master.key";
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  try {
    MasterKey::load(dir.path());
    FAIL() << "expected a Problem";
  } catch (const Problem& e) {
    EXPECT_EQ(e.code, problem_code::kForbidden);
    EXPECT_THAT(e.what(), ::testing::HasSubstr("chmod 600 " + file.string()));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("0644"));
  }
  ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
  EXPECT_THROW(MasterKey::load(dir.path()), Problem);
  ASSERT_EQ(::chmod(file.c_str(), 0400), 0);
  EXPECT_NO_THROW(MasterKey::load(dir.path()));
}

TEST_F(MasterKeyTest, MalformedFileIsRejectedAndNotOverwritten) {
  fs::path file = dir.path() / "master.key";
  {
    std::ofstream out(file);
    out << "not a key\n";
  }
  ::chmod(file.c_str(), 0600);
  try {
    MasterKey::load(dir.path());
    FAIL() << "expected a Problem";
  } catch (const Problem& e) {
    EXPECT_EQ(e.code, problem_code::kValidationError);
    EXPECT_THAT(e.what(), ::testing::HasSubstr("malformed"));
  }
  EXPECT_EQ(read_bytes(file), "not a key\n");
}

TEST_F(MasterKeyTest, AcceptsUpperCaseHexWithoutNewline) {
  fs::path file = dir.path() / "master.key";
  {
    std::ofstream out(file);
    out << "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
  }
  ::chmod(file.c_str(), 0600);
  EXPECT_TRUE(same(MasterKey::load(dir.path()), MasterKey::from_hex(kHex)));
}

TEST_F(MasterKeyTest, MissingFileWithoutCreateIsNotFound) {
  try {
    MasterKey::load_file(dir.path() / "master.key", false);
    FAIL();
  } catch (const Problem& e) {
    EXPECT_EQ(e.code, problem_code::kNotFound);
  }
  EXPECT_FALSE(fs::exists(dir.path() / "master.key"));
}

TEST_F(MasterKeyTest, MissingDataDirIsNotFound) {
  try {
    MasterKey::load(dir.path() / "nope");
    FAIL();
  } catch (const Problem& e) {
    EXPECT_EQ(e.code, problem_code::kNotFound);
  }
}

TEST_F(MasterKeyTest, EnvironmentOverridesFile) {
  MasterKey from_file = MasterKey::load(dir.path());
  ::setenv("SQLACC_MASTER_KEY", kHex, 1);
  MasterKey k = MasterKey::load(dir.path());
  EXPECT_TRUE(same(k, MasterKey::from_hex(kHex)));
  EXPECT_FALSE(same(k, from_file));
  EXPECT_EQ(k.origin(), "environment variable SQLACC_MASTER_KEY");
  // The environment alone is enough: no file is needed or created.
  TempDir empty;
  EXPECT_NO_THROW(MasterKey::load(empty.path()));
  EXPECT_FALSE(fs::exists(empty.path() / "master.key"));
}

TEST_F(MasterKeyTest, EmptyEnvironmentMeansUnset) {
  ::setenv("SQLACC_MASTER_KEY", "", 1);
  MasterKey::load(dir.path());
  EXPECT_TRUE(fs::exists(dir.path() / "master.key"));
}

TEST_F(MasterKeyTest, MalformedEnvironmentIsAClearErrorWithoutTheValue) {
  for (const char* bad : {"abc", "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                          "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00"}) {
    ::setenv("SQLACC_MASTER_KEY", bad, 1);
    try {
      MasterKey::load(dir.path());
      FAIL() << bad;
    } catch (const Problem& e) {
      EXPECT_EQ(e.code, problem_code::kValidationError);
      EXPECT_THAT(e.what(), ::testing::HasSubstr("SQLACC_MASTER_KEY"));
      EXPECT_THAT(e.what(), ::testing::HasSubstr("64 hex"));
      EXPECT_THAT(e.what(), ::testing::Not(::testing::HasSubstr(bad)));
    }
  }
  EXPECT_FALSE(fs::exists(dir.path() / "master.key"));  // no silent fallback to the file
}

TEST_F(MasterKeyTest, MoveTransfersOwnership) {
  MasterKey a = MasterKey::from_hex(kHex);
  const unsigned char* p = a.data();
  MasterKey b(std::move(a));
  EXPECT_EQ(b.data(), p);
  EXPECT_EQ(a.data(), nullptr);  // NOLINT(bugprone-use-after-move)
  MasterKey c = MasterKey::generate();
  c = std::move(b);
  EXPECT_EQ(c.data()[31], 0x1f);
}

}  // namespace
}  // namespace sqlacc::keys
