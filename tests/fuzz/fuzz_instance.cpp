// libFuzzer target for the instance file reader (DESIGN.md §3; lib/include/beyondlin/io.hpp).
//
// Each input is the content of an instance file. It is read exactly as `beyondlin eval --instance
// FILE` reads it: read_instance<T>(path) (read_file, nlohmann's JSON parser, instance_from_json,
// validate), in double and in 50 digits (scalar_mp50, whose decimal strings go through Boost's
// cpp_bin_float parser). The path is an anonymous in-memory file (memfd_create), so no file is
// written anywhere.
//
// Accepted outcomes:
//   - success: the instance is valid (validate() passed); it must then survive a round trip
//     instance_to_json -> instance_from_json with the same names, shapes and values (exact for
//     both types: double is written as the shortest round-trip JSON number, mp50 with
//     max_digits10 digits), and the two precisions must agree on the names and shapes when both
//     accept the file;
//   - beyondlin::InputError (the documented bad-input error, exit 2 in the CLI) whose field is
//     non-empty and whose message starts with "<field>: ".
// Anything else fails the run: another exception type (the CLI would report it as an internal error,
// exit 3, or crash), an abort, a sanitizer report (ASan, UBSan with -fno-sanitize-recover), a
// libFuzzer timeout or memory limit.
//
// Build and run: scripts/fuzz.sh [SECONDS] (tests/fuzz/CMakeLists.txt, clang with
// -fsanitize=fuzzer,address,undefined).

#include <beyondlin/errors.hpp>
#include <beyondlin/instance.hpp>
#include <beyondlin/io.hpp>
#include <beyondlin/scalar.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <typeinfo>

namespace {

using namespace beyondlin;

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_instance: %s: %s\n", what, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

/// The in-memory file the reader opens: a memfd reached through /proc/self/fd/N.
struct MemFile {
  int fd = -1;
  std::string path;
  MemFile() {
    fd = ::memfd_create("fuzz_instance", MFD_CLOEXEC);
    if (fd < 0) fail("setup", "memfd_create failed");
    path = "/proc/self/fd/" + std::to_string(fd);
  }
  void assign(const std::uint8_t* data, std::size_t size) {
    if (::ftruncate(fd, 0) != 0) fail("setup", "ftruncate failed");
    std::size_t done = 0;
    while (done < size) {
      const ssize_t k = ::pwrite(fd, data + done, size - done, static_cast<off_t>(done));
      if (k <= 0) fail("setup", "pwrite failed");
      done += static_cast<std::size_t>(k);
    }
  }
};

template <class M> bool same_values(const M& a, const M& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j)
      if (!(a(i, j) == b(i, j))) return false;
  return true;
}

template <class T> bool same_instance(const Instance<T>& a, const Instance<T>& b) {
  return a.activation == b.activation && a.loss == b.loss && a.init == b.init && same_values(a.a, b.a) &&
         same_values(a.W0, b.W0) && same_values(a.W, b.W) && same_values(a.X, b.X) && same_values(a.y, b.y) &&
         same_values(a.W_star, b.W_star);
}

template <class A, class B> bool same_shape(const Instance<A>& a, const Instance<B>& b) {
  return a.activation == b.activation && a.loss == b.loss && a.init == b.init && a.m() == b.m() && a.d() == b.d() &&
         a.n() == b.n() && a.W_star.rows() == b.W_star.rows() && a.W_star.cols() == b.W_star.cols();
}

/// Read the file in precision T; nullopt on a well-formed InputError, abort on anything else.
template <class T> std::optional<Instance<T>> read_as(const std::string& path) {
  const char* type = scalar_name<T>();
  try {
    Instance<T> inst = read_instance<T>(path);
    // A valid instance must survive its own serialization exactly.
    Instance<T> back;
    try {
      back = instance_from_json<T>(instance_to_json(inst));
    } catch (const std::exception& e) {
      fail("round trip rejected its own output", std::string(type) + ": " + e.what());
    }
    if (!same_instance(inst, back)) fail("round trip changed the instance", type);
    return inst;
  } catch (const InputError& e) {
    const std::string what = e.what();
    if (e.field().empty() || what.compare(0, e.field().size() + 2, e.field() + ": ") != 0)
      fail("InputError without its field", std::string(type) + ": field \"" + e.field() + "\", message \"" + what + "\"");
    return std::nullopt;
  } catch (const std::exception& e) {
    fail("unexpected exception", std::string(type) + ": " + typeid(e).name() + ": " + e.what());
  } catch (...) {
    fail("unexpected exception", std::string(type) + ": not a std::exception");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static MemFile file;
  file.assign(data, size);
  const auto d = read_as<scalar_double>(file.path);
  const auto q = read_as<scalar_mp50>(file.path);
  if (d && q && !same_shape(*d, *q)) fail("double and 50 digits disagree", "names or shapes differ");
  return 0;
}
