// Non-template parts of io.hpp: the result "context" block, atomic file output, file input
// (DESIGN.md §2-§3).

#include <beyondlin/errors.hpp>
#include <beyondlin/io.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BEYONDLIN_VERSION
#define BEYONDLIN_VERSION "unknown"
#endif

namespace beyondlin {

/// {"version", "command", "seed", "precision", "date", "host"}: version is BEYONDLIN_VERSION (the
/// CMake project version), date the current UTC time as "YYYY-MM-DDTHH:MM:SSZ", host the
/// gethostname() result ("unknown" if it fails).
json result_context(const std::string& command, std::uint64_t seed, const std::string& precision) {
  json c = json::object();
  c["version"] = BEYONDLIN_VERSION;
  c["command"] = command;
  c["seed"] = seed;
  c["precision"] = precision;
  char date[32] = "unknown";
  const std::time_t now = std::time(nullptr);
  std::tm tm_utc{};
  if (gmtime_r(&now, &tm_utc)) std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm_utc);
  c["date"] = date;
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') std::snprintf(host, sizeof host, "unknown");
  c["host"] = host;
  return c;
}

bool write_all(int fd, const std::string& text) {
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t k = ::write(fd, p, left);
    if (k < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += k;
    left -= static_cast<std::size_t>(k);
  }
  return true;
}

/// Creates `path.tmp.<pid>` exclusively (mode 0644 before umask), writes, fsyncs, closes and
/// renames it over `path`. On any failure the temporary file is removed and `path` is untouched.
void write_file_atomic(const std::string& path, const std::string& text) {
  if (path.empty()) throw InputError("o", "empty output path");
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw InputError("o", "cannot write \"" + path + "\": is a directory");
  const std::string tmp = path + ".tmp." + std::to_string(static_cast<long>(::getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw InputError("o", "cannot write \"" + path + "\": " + std::strerror(errno));
  const bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  const int err = errno;
  if (::close(fd) != 0 || !ok) {
    const int e = ok ? errno : err;
    ::unlink(tmp.c_str());
    throw InputError("o", "cannot write \"" + path + "\": " + std::strerror(e));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    throw InputError("o", "cannot write \"" + path + "\": " + std::strerror(e));
  }
}

/// Reads the whole file in binary mode. Fails (naming `field` and the path) when the path does not
/// exist, is a directory, or cannot be opened or read.
std::string read_file(const std::string& path, const std::string& field) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0)
    throw InputError(field, "cannot read \"" + path + "\": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw InputError(field, "cannot read \"" + path + "\": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(field, "cannot read \"" + path + "\": " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw InputError(field, "cannot read \"" + path + "\": read error");
  return buf.str();
}

}  // namespace beyondlin
