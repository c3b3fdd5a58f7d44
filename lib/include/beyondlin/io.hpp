#pragma once
/// @file io.hpp
/// Instance and result JSON (DESIGN.md §3) and atomic file output.
///
/// Instance JSON: {"schema": "beyondlin.instance/1", "activation", "loss", "init", "a": [m],
/// "W0": [m][d], "W": [m][d], "X": [n][d], "y": [n]}. Numbers are JSON numbers or decimal strings
/// (strings are parsed at the full precision of T). Unknown keys are ignored; a missing or
/// malformed key is an InputError naming the key (and, for arrays, the index).

#include <beyondlin/instance.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace beyondlin {

using json = nlohmann::ordered_json;

/// Parse an instance from JSON text. Throws InputError("<key>", ...) on any problem; validates
/// the result with validate(Instance).
template <class T> Instance<T> instance_from_json(const json& j);

/// Read and parse an instance file. Throws InputError("instance", ...) when the file cannot be
/// read or is not JSON.
template <class T> Instance<T> read_instance(const std::string& path);

/// Serialize. Doubles are written as JSON numbers (round-trip exact); other scalar types as
/// decimal strings with decimal_digits<T>() significant digits.
template <class T> json instance_to_json(const Instance<T>& inst);

/// A JSON value for a scalar: a number for double, a decimal string with `digits` significant
/// digits otherwise. A non-finite value is written as the string "nan"/"inf"/"-inf".
template <class T> json scalar_to_json(const T& x, int digits = decimal_digits<T>());

/// Parse a scalar from a JSON number or decimal string; throws InputError(field, ...).
template <class T> T scalar_from_json(const json& j, const std::string& field);

/// The "context" block of every result (DESIGN.md §3): version, command, seed, precision, date
/// (UTC, ISO 8601), host.
json result_context(const std::string& command, std::uint64_t seed, const std::string& precision);

/// Write all of `text` to the open file descriptor fd with write(2), retrying after short writes and
/// EINTR (with O_APPEND each single write lands at the end of the file as a whole). False on any other
/// error, with errno set.
bool write_all(int fd, const std::string& text);

/// Write text to `path` atomically: write `path.tmp.<pid>`, flush, rename. Throws InputError("o", ...)
/// when the directory is not writable. Nothing is left at `path` on failure.
void write_file_atomic(const std::string& path, const std::string& text);

/// Read a whole file; throws InputError(field, ...) naming the path when it cannot be read.
std::string read_file(const std::string& path, const std::string& field);

}  // namespace beyondlin
