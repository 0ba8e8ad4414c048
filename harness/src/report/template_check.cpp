// check_template: Mustache syntax (by kainjow) and every tag name against the view model.
#include <kainjow/mustache.hpp>

#include "view_model_internal.hpp"

namespace bg {
namespace {

using nlohmann::json;

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> split_dots(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = name.find('.', start);
    parts.push_back(name.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

// A scope on the lookup stack: the object a section pushed, or nullptr (a value with no keys).
using Scope = const json*;

// Resolve `name` like kainjow's context::get: innermost scope first, dotted paths walked whole.
const json* resolve(const std::vector<Scope>& scopes, const std::string& name) {
  const auto parts = split_dots(name);
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    const json* node = *it;
    for (const auto& part : parts) {
      if (node == nullptr || !node->is_object()) {
        node = nullptr;
        break;
      }
      auto found = node->find(part);
      node = found == node->end() ? nullptr : &*found;
    }
    if (node != nullptr) return node;
  }
  return nullptr;
}

// The scope a section over `value` pushes: a list's (first) element, an object itself.
Scope scope_of(const json* value) {
  if (value->is_array()) return value->empty() ? nullptr : &value->front();
  if (value->is_object()) return value;
  return nullptr;
}

std::size_t line_of(const std::string& text, std::size_t position) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < position && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

}  // namespace

void check_template(const std::string& text, const std::string& origin, const json& schema) {
  const kainjow::mustache::mustache parsed{text};
  if (!parsed.is_valid()) {
    throw Error(ExitCode::input_error,
                origin + ": template syntax error: " + parsed.error_message());
  }
  // The template is valid Mustache: walk its tags the way kainjow's parser finds them.
  std::string open = "{{", close = "}}";
  std::vector<Scope> scopes{&schema};
  const auto fail = [&](std::size_t position, const std::string& what) {
    throw Error(ExitCode::input_error,
                origin + ":" + std::to_string(line_of(text, position)) + ": " + what);
  };
  std::size_t pos = 0;
  while ((pos = text.find(open, pos)) != std::string::npos) {
    const std::size_t tag_start = pos;
    std::size_t contents = pos + open.size();
    const bool triple = open == "{{" && contents < text.size() && text[contents] == '{';
    const std::string& end = triple ? std::string("}}}") : close;
    if (triple) ++contents;
    const std::size_t tag_end = text.find(end, contents);
    if (tag_end == std::string::npos) fail(tag_start, "unclosed tag");
    const std::string body = trim(std::string_view(text).substr(contents, tag_end - contents));
    pos = tag_end + end.size();
    if (!triple && !body.empty() && body.front() == '=') {
      const std::string inner = trim(std::string_view(body).substr(1, body.size() - 2));
      const auto space = inner.find(' ');
      open = inner.substr(0, space);
      close = trim(std::string_view(inner).substr(space));
      continue;
    }
    char kind = 'v';
    std::string name = body;
    if (!triple && !body.empty() &&
        std::string_view("#^/>&!").find(body.front()) != std::string_view::npos) {
      kind = body.front();
      name = trim(std::string_view(body).substr(1));
    }
    switch (kind) {
      case '!':
        break;
      case '>':
        fail(tag_start, "partial '" + name + "' is not supported (reports use one template)");
        break;
      case '/':
        if (scopes.size() > 1) scopes.pop_back();
        break;
      default: {
        if (name == ".") {
          if (kind == '#' || kind == '^') scopes.push_back(nullptr);
          break;
        }
        const json* value = resolve(scopes, name);
        if (value == nullptr) {
          fail(tag_start, std::string(kind == '#' || kind == '^' ? "section" : "variable") + " '" +
                              name + "' is not defined by the report view model" +
                              " (see templates/README.md)");
        }
        if ((kind == 'v' || kind == '&') && !value->is_string()) {
          fail(tag_start,
               "variable '" + name + "' is a " + (value->is_boolean() ? "flag" : "list or object") +
                   ", not text: use it as a section {{#" + name + "}}…{{/" + name + "}}");
        }
        if (kind == '#') scopes.push_back(scope_of(value));
        if (kind == '^') scopes.push_back(value->is_object() ? value : nullptr);
      }
    }
  }
}

}  // namespace bg
