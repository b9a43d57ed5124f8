#include "bizobject/print_templates.h"

#include <cctype>

#include "util/text.h"

namespace sqlacc::bizobject {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// What may follow a built-in name's number: parenthesised groups ("(SST 1)", "(Simple)") and
// dash-led parts ("- Half Page", "-Aging", "- Receipt-TM-U220"), in any order, spaces between.
// Nothing else: "(SST 2) HMAC-SHA256" is a name of the company's own, not a built-in one.
bool valid_suffix(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
    } else if (s[i] == '(') {
      const std::size_t close = s.find(')', i);
      if (close == std::string_view::npos) return false;
      const std::string_view inner = s.substr(i + 1, close - i - 1);
      if (inner.find('(') != std::string_view::npos || text::trim(inner).empty()) return false;
      i = close + 1;
    } else if (s[i] == '-') {
      const std::size_t next = s.find_first_of("()", i + 1);
      const std::string_view part =
          s.substr(i + 1, next == std::string_view::npos ? std::string_view::npos : next - i - 1);
      if (text::trim(part).empty()) return false;
      i = next == std::string_view::npos ? s.size() : next;
    } else {
      return false;
    }
  }
  return true;
}

// Whether the keyed name `key` is "<stem> <n><suffix>" of the keyed `stem`.
bool stem_takes(std::string_view stem, std::string_view key) {
  if (key.size() <= stem.size() || key.substr(0, stem.size()) != stem) return false;
  std::string_view rest = key.substr(stem.size());
  if (rest.front() == ' ') rest.remove_prefix(1);
  std::size_t digits = 0;
  while (digits < rest.size() && is_digit(rest[digits])) ++digits;
  return digits > 0 && valid_suffix(rest.substr(digits));
}

// Whether `word` (lower case) is a whole word of `key`.
bool has_word(std::string_view key, std::string_view word) {
  for (std::size_t at = key.find(word); at != std::string_view::npos; at = key.find(word, at + 1)) {
    const bool left = at == 0 || !is_alpha(key[at - 1]);
    const bool right = at + word.size() == key.size() || !is_alpha(key[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}

}  // namespace

std::string normalize_template_name(std::string_view name) {
  name = text::trim(name);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
    name = text::trim(name.substr(1, name.size() - 2));
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (!is_space(c))
      out += c;
    else if (out.empty() || out.back() != ' ')
      out += ' ';
  }
  return out;
}

std::string template_key(std::string_view name) {
  return text::to_lower(normalize_template_name(name));
}

PrintVariant print_variant(std::string_view name) {
  const std::string key = template_key(name);
  return {.simple = key.find("(simple)") != std::string::npos, .half_page = has_word(key, "half")};
}

std::optional<std::string> template_stem(std::string_view name) {
  const std::string n = normalize_template_name(name);
  for (std::size_t p = 1; p < n.size(); ++p) {
    if (!is_digit(n[p]) || is_digit(n[p - 1]) || !(n[p - 1] == ' ' || is_alpha(n[p - 1]))) continue;
    std::size_t end = p;
    while (end < n.size() && is_digit(n[end])) ++end;
    const std::string_view stem = text::trim(std::string_view(n).substr(0, p));
    bool letters = false;
    for (char c : stem) letters = letters || is_alpha(c);
    if (letters && valid_suffix(std::string_view(n).substr(end))) return std::string(stem);
  }
  return std::nullopt;
}

std::optional<TemplateChoice> find_builtin_template(const ObjectSpec& spec, std::string_view name) {
  const std::span<const PrintTemplate> listed = spec.print_templates;
  if (listed.empty()) return std::nullopt;
  const std::string key = template_key(name);
  if (key.empty()) return TemplateChoice{&listed.front(), print_variant(listed.front().name)};
  for (const PrintTemplate& t : listed)
    if (template_key(t.name) == key) return TemplateChoice{&t, print_variant(key)};
  for (const PrintTemplate& t : listed)
    if (auto stem = template_stem(t.name); stem && stem_takes(text::to_lower(*stem), key))
      return TemplateChoice{&t, print_variant(key)};
  return std::nullopt;
}

std::vector<std::string> builtin_template_names(const ObjectSpec& spec) {
  std::vector<std::string> names;
  for (const PrintTemplate& t : spec.print_templates) {
    const auto stem = template_stem(t.name);
    std::string shown = stem ? *stem + " <n>" : normalize_template_name(t.name);
    bool seen = false;
    for (const std::string& n : names) seen = seen || text::iequals(n, shown);
    if (!seen) names.push_back(std::move(shown));
  }
  return names;
}

}  // namespace sqlacc::bizobject
