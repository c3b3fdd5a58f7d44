// Non-template parts of objective.hpp: objective names.
#include <beyondlin/activation.hpp>
#include <beyondlin/errors.hpp>
#include <beyondlin/objective.hpp>

#include <algorithm>
#include <cctype>

namespace beyondlin {

ObjectiveSpec parse_objective(const std::string& name, const std::string& field) {
  ObjectiveSpec s;
  if (name == "full") s.kind = ObjectiveKind::full;
  else if (name == "randomized") s.kind = ObjectiveKind::randomized;
  else if (name == "quadratic") {
    s.kind = ObjectiveKind::taylor;
    s.order = 2;
  } else if (name == "ntk") {
    s.kind = ObjectiveKind::taylor;
    s.order = 1;
  } else if (name.rfind("taylor-", 0) == 0 && name.size() > 7 && name.size() <= 9 &&
             std::all_of(name.begin() + 7, name.end(), [](unsigned char c) { return std::isdigit(c); })) {
    s.kind = ObjectiveKind::taylor;
    s.order = std::stoi(name.substr(7));
    if (s.order < 1 || s.order > kMaxActivationOrder - 2)
      throw InputError(field, "Taylor order in \"" + name + "\" must be in 1.." + std::to_string(kMaxActivationOrder - 2));
  } else {
    throw InputError(field, "unknown objective \"" + name + "\" (expected full, randomized, quadratic, ntk or taylor-K)");
  }
  return s;
}

std::string objective_name(const ObjectiveSpec& spec) {
  switch (spec.kind) {
    case ObjectiveKind::full: return "full";
    case ObjectiveKind::randomized: return "randomized";
    case ObjectiveKind::taylor:
      if (spec.order == 1) return "ntk";
      if (spec.order == 2) return "quadratic";
      return "taylor-" + std::to_string(spec.order);
  }
  return "?";
}

}  // namespace beyondlin
