// CLI parsing without main(): argv vectors through the real CommandLine (every subcommand
// registered), checking the global options, the subcommand taken and its options.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "support/temp_dir.h"

namespace sqlacc::cli {
namespace {

// Restores an environment variable on scope exit, so a test's setenv cannot leak into the next.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class CommandLineTest : public ::testing::Test {
 protected:
  // Parses `sqlacc <args...>`; throws CLI::ParseError like main() sees it.
  void parse(std::initializer_list<const char*> args) {
    std::vector<const char*> argv{"sqlacc"};
    argv.insert(argv.end(), args.begin(), args.end());
    cli.parse(static_cast<int>(argv.size()), argv.data());
  }
  // The name of the subcommand taken, "" when none.
  std::string taken() const {
    const Command* c = cli.selected();
    return c == nullptr ? "" : c->command->get_name();
  }
  std::string option(const char* subcommand, const char* name) const {
    return cli.app.get_subcommand(subcommand)->get_option(name)->as<std::string>();
  }

  // The environment must not choose for the tests (a developer's shell may set these).
  ScopedEnv no_data_env_{"SQLACC_DATA", nullptr};
  ScopedEnv no_db_env_{"SQLACC_DB", nullptr};
  CommandLine cli;
};

TEST_F(CommandLineTest, DefaultsWithoutGlobalOptions) {
  parse({"init"});
  EXPECT_EQ(taken(), "init");
  EXPECT_EQ(cli.global.data, "./data");
  EXPECT_EQ(cli.global.db, "");
  EXPECT_EQ(cli.global.company, "");
}

TEST_F(CommandLineTest, GlobalOptionsBeforeTheSubcommand) {
  parse({"--data", "/tmp/d", "--company", "acme", "--db", "postgres://u@h/db", "init", "--sample"});
  EXPECT_EQ(taken(), "init");
  EXPECT_EQ(cli.global.data, "/tmp/d");
  EXPECT_EQ(cli.global.company, "acme");
  EXPECT_EQ(cli.global.db, "postgres://u@h/db");
  EXPECT_EQ(cli.app.get_subcommand("init")->count("--sample"), 1u);
}

// The paper cut of issue 11: "The following arguments were not expected: --data".
TEST_F(CommandLineTest, GlobalOptionsAfterTheSubcommand) {
  parse({"init", "--data", "/tmp/d", "--sample", "--company", "acme", "--name", "Acme Sdn Bhd"});
  EXPECT_EQ(taken(), "init");
  EXPECT_EQ(cli.global.data, "/tmp/d");
  EXPECT_EQ(cli.global.company, "acme");
  EXPECT_EQ(cli.app.get_subcommand("init")->count("--sample"), 1u);
  EXPECT_EQ(option("init", "--name"), "Acme Sdn Bhd");
}

TEST_F(CommandLineTest, GlobalOptionsMixedBeforeAndAfter) {
  parse({"--company", "acme", "serve", "--listen", "127.0.0.1:0", "--data=/srv/sqlacc", "--quiet"});
  EXPECT_EQ(taken(), "serve");
  EXPECT_EQ(cli.global.company, "acme");
  EXPECT_EQ(cli.global.data, "/srv/sqlacc");
  EXPECT_EQ(option("serve", "--listen"), "127.0.0.1:0");
  EXPECT_EQ(cli.app.get_subcommand("serve")->count("--quiet"), 1u);
}

TEST_F(CommandLineTest, GlobalOptionsAfterANestedSubcommand) {
  parse({"user", "add", "APIUSER", "--data", "/tmp/d", "--name", "API user", "--company", "acme"});
  EXPECT_EQ(taken(), "add");
  EXPECT_EQ(cli.global.data, "/tmp/d");
  EXPECT_EQ(cli.global.company, "acme");
  const CLI::App* add = cli.app.get_subcommand("user")->get_subcommand("add");
  EXPECT_EQ(add->get_option("code")->as<std::string>(), "APIUSER");
  EXPECT_EQ(add->get_option("--name")->as<std::string>(), "API user");

  CommandLine again;
  const char* argv[] = {"sqlacc", "apikey", "generate",      "APIUSER",
                        "--json", "--db",   "postgres://x/y"};
  again.parse(7, argv);
  ASSERT_NE(again.selected(), nullptr);
  EXPECT_EQ(again.selected()->command->get_name(), "generate");
  EXPECT_EQ(again.global.db, "postgres://x/y");
}

TEST_F(CommandLineTest, EnvironmentFillsWhatTheCommandLineLeavesOut) {
  ScopedEnv data("SQLACC_DATA", "/env/data");
  ScopedEnv db("SQLACC_DB", "postgres://env/db");
  parse({"verify"});
  EXPECT_EQ(taken(), "verify");
  EXPECT_EQ(cli.global.data, "/env/data");
  EXPECT_EQ(cli.global.db, "postgres://env/db");
}

TEST_F(CommandLineTest, CommandLineBeatsTheEnvironmentOnEitherSide) {
  ScopedEnv data("SQLACC_DATA", "/env/data");
  parse({"verify", "--data", "/cli/data"});
  EXPECT_EQ(cli.global.data, "/cli/data");

  CommandLine before;
  const char* argv[] = {"sqlacc", "--data", "/cli/before", "verify"};
  before.parse(4, argv);
  EXPECT_EQ(before.global.data, "/cli/before");
}

TEST_F(CommandLineTest, ASubcommandIsRequired) {
  EXPECT_THROW(parse({}), CLI::RequiredError);
  EXPECT_THROW(parse({"--data", "/tmp/d"}), CLI::RequiredError);
  EXPECT_EQ(taken(), "");
}

TEST_F(CommandLineTest, UnknownOptionsAndArgumentsAreRefused) {
  EXPECT_THROW(parse({"init", "--no-such-option"}), CLI::ExtrasError);
  CommandLine other;
  const char* argv[] = {"sqlacc", "init", "stray"};
  EXPECT_THROW(other.parse(3, argv), CLI::ExtrasError);
}

TEST_F(CommandLineTest, AnOptionOfAnotherSubcommandIsRefused) {
  // --listen belongs to serve: falling through to the global options must not make it valid here.
  EXPECT_THROW(parse({"init", "--listen", "127.0.0.1:0"}), CLI::ExtrasError);
}

TEST_F(CommandLineTest, AGlobalOptionWithoutItsValueIsRefused) {
  EXPECT_THROW(parse({"init", "--data"}), CLI::ParseError);
}

TEST_F(CommandLineTest, RequiredArgumentsOfASubcommandStillCount) {
  EXPECT_THROW(parse({"user", "add", "--data", "/tmp/d"}), CLI::RequiredError);
}

TEST_F(CommandLineTest, SubcommandHelpPointsToTheGlobalOptions) {
  EXPECT_THROW(parse({"init", "--help"}), CLI::CallForHelp);
  const std::string help = cli.app.get_subcommand("init")->help();
  EXPECT_NE(help.find("--data"), std::string::npos) << help;
}

// End to end through the selected command: the global option after the subcommand reaches the
// command, which creates the company in that data directory.
TEST_F(CommandLineTest, InitWithDataAfterTheSubcommandCreatesTheCompanyThere) {
  test_support::TempDir dir;
  const std::string data = (dir.path() / "data").string();
  parse({"init", "--data", data.c_str(), "--company", "acme"});
  ASSERT_NE(cli.selected(), nullptr);
  testing::internal::CaptureStdout();
  const int rc = cli.selected()->run();
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  EXPECT_NE(out.find("company 'acme' ready"), std::string::npos) << out;
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(data) / "companies" / "acme.db"))
      << "no SQLite file for company acme in " << data;
}

}  // namespace
}  // namespace sqlacc::cli
