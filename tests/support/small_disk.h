// SmallDisk: a small filesystem of its own (a tmpfs of `megabytes`, mounted
// on a fresh directory) that a test can fill to the last byte and free
// again: a real full disk, as a store or a broker meets one (ENOSPC).
// Mounting needs root (CAP_SYS_ADMIN), which CI and the developers'
// machines have; where it is refused, mounted() is false and says why, and
// the test should GTEST_SKIP() with that.
// The destructor unmounts (lazily, so a process still holding files there
// does not keep it) and removes the directory.
#pragma once

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "tests/support/temp_dir.h"

namespace xinbao::testing {

class SmallDisk {
 public:
  explicit SmallDisk(int megabytes) {
    const std::string options = "size=" + std::to_string(megabytes) + "m";
    if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, options.c_str()) ==
        0) {
      mounted_ = true;
    } else {
      why_not_ = std::string("cannot mount a tmpfs (needs root): ") +
                 std::strerror(errno);
    }
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }
  const std::filesystem::path& path() const { return dir_.path(); }
  std::filesystem::path operator/(const std::string& name) const {
    return dir_.path() / name;
  }

  // Writes a filler file until the filesystem has no byte left. Returns
  // how many bytes it wrote.
  uintmax_t Fill() {
    std::ofstream out(path() / "filler", std::ios::binary | std::ios::app);
    const std::vector<char> block(64 * 1024, 'x');
    uintmax_t written = 0;
    while (out.write(block.data(), block.size())) {
      out.flush();
      if (!out) break;
      written += block.size();
    }
    // The last block may have gone in part: fill the rest byte by byte.
    out.clear();
    while (out.put('x') && out.flush()) ++written;
    return written;
  }
  // Removes the filler: the room it took is free again.
  void Free() {
    std::error_code ignored;
    std::filesystem::remove(path() / "filler", ignored);
  }
  // Bytes free now.
  uintmax_t free_bytes() const {
    std::error_code error;
    return std::filesystem::space(path(), error).available;
  }

 private:
  TempDir dir_;
  bool mounted_ = false;
  std::string why_not_;
};

}  // namespace xinbao::testing
