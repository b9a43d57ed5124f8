#pragma once
// The Problem (util/problem.h) a piece of code throws, for tests that check its status, code or
// field.
#include <gtest/gtest.h>

#include <functional>

#include "util/problem.h"

namespace sqlacc::test_support {

// Runs fn and returns the Problem it threw; a test failure (and a Problem of status 0) when it
// throws none.
inline Problem thrown_problem(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Problem& p) {
    return p;
  }
  ADD_FAILURE() << "no Problem thrown";
  return Problem(0, "", "");
}

}  // namespace sqlacc::test_support
