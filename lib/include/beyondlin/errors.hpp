#pragma once
/// @file errors.hpp
/// The one exception type for bad input. The command-line program maps it to exit status 2 and
/// prints its message, which always names the offending field and value.

#include <stdexcept>
#include <string>

namespace beyondlin {

/// Bad input: an unknown name, a wrong shape, a non-finite number, an out-of-range parameter.
/// `field()` names the option or JSON key; `what()` is a complete one-line message.
class InputError : public std::invalid_argument {
 public:
  InputError(std::string field, const std::string& message)
      : std::invalid_argument(field + ": " + message), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

}  // namespace beyondlin
