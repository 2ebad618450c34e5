#include "core/external_sort.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <utility>

namespace statectl {

// A record in memory and in a run file: rank, key size, value size, key, value.
constexpr size_t kHeaderSize = sizeof(int64_t) + 2 * sizeof(uint32_t);
constexpr size_t kWriteBuffer = 256 << 10;
constexpr uint64_t kFreeSpaceCheckEvery = 4 << 20;

namespace {

Status SystemError(const std::string& what) {
  return Status::Database(what + ": " + std::strerror(errno));
}

struct Header {
  int64_t rank;
  uint32_t key_size, value_size;
};

void EncodeHeader(char* p, int64_t rank, size_t key_size, size_t value_size) {
  auto key32 = static_cast<uint32_t>(key_size);
  auto value32 = static_cast<uint32_t>(value_size);
  std::memcpy(p, &rank, sizeof rank);
  std::memcpy(p + 8, &key32, sizeof key32);
  std::memcpy(p + 12, &value32, sizeof value32);
}

Header DecodeHeader(const char* p) {
  Header h;
  std::memcpy(&h.rank, p, sizeof h.rank);
  std::memcpy(&h.key_size, p + 8, sizeof h.key_size);
  std::memcpy(&h.value_size, p + 12, sizeof h.value_size);
  return h;
}

bool Less(int64_t a_rank, std::string_view a_key, int64_t b_rank, std::string_view b_key) {
  if (a_rank != b_rank) return a_rank < b_rank;
  return a_key < b_key;  // char_traits<char> compares as unsigned char
}

// The first 8 bytes of key (zero-padded) as a number that orders as they do.
uint64_t KeyPrefix(std::string_view key) {
  unsigned char bytes[8] = {};
  std::memcpy(bytes, key.data(), std::min<size_t>(key.size(), 8));
  uint64_t prefix = 0;
  for (unsigned char b : bytes) prefix = prefix << 8 | b;
  return prefix;
}

}  // namespace

// An unlinked file, written through a buffer, read back with pread.
class TempFile {
 public:
  static Result<std::unique_ptr<TempFile>> Create(const std::string& dir, uint64_t keep_free) {
    int fd = open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
      std::string path = dir + "/statectl-sort.XXXXXX";  // no O_TMPFILE here
      fd = mkostemp(path.data(), O_CLOEXEC);
      if (fd >= 0) unlink(path.c_str());
    }
    if (fd < 0) return SystemError("cannot create a temporary file in '" + dir + "'");
    return std::unique_ptr<TempFile>(new TempFile(fd, dir, keep_free));
  }
  ~TempFile() { close(fd_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_; }
  uint64_t size() const { return written_ + buffer_.size(); }

  Status Append(const char* data, size_t n) {
    if (buffer_.size() + n > kWriteBuffer) STATECTL_RETURN_IF_ERROR(Flush());
    if (n >= kWriteBuffer) return WriteAll(data, n);
    buffer_.insert(buffer_.end(), data, data + n);
    return Status::Ok();
  }

  Status Flush() {
    Status st = WriteAll(buffer_.data(), buffer_.size());
    buffer_.clear();
    return st;
  }

 private:
  TempFile(int fd, std::string dir, uint64_t keep_free)
      : fd_(fd), dir_(std::move(dir)), keep_free_(keep_free) {
    buffer_.reserve(kWriteBuffer);
  }
  Status WriteAll(const char* data, size_t n) {
    if (keep_free_ > 0 && written_ >= next_check_) {  // before the disk is full
      next_check_ = written_ + kFreeSpaceCheckEvery;
      struct statvfs fs;
      if (fstatvfs(fd_, &fs) == 0 &&
          static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < keep_free_ + n) {
        return Status::Database("less than " + std::to_string(keep_free_ >> 20) +
                                " MiB would stay free in '" + dir_ + "'");
      }
    }
    while (n > 0) {
      ssize_t done = write(fd_, data, n);
      if (done < 0 && errno == EINTR) continue;
      if (done < 0) return SystemError("cannot write a temporary file in '" + dir_ + "'");
      data += done;
      n -= static_cast<size_t>(done);
      written_ += static_cast<uint64_t>(done);
    }
    return Status::Ok();
  }

  int fd_;
  std::string dir_;
  uint64_t keep_free_;
  std::vector<char> buffer_;
  uint64_t written_ = 0, next_check_ = 0;
};

// One run being read back: its current record, and a buffer of what follows.
class RunReader {
 public:
  RunReader(const TempFile& file, uint64_t begin, uint64_t end, size_t buffer_size)
      : fd_(file.fd()), pos_(begin), end_(end), buffer_(buffer_size) {}

  int64_t rank() const { return rank_; }
  std::string_view key() const { return key_; }
  std::string_view value() const { return value_; }

  // Reads the next record; false at the run's end. Invalidates the views.
  Result<bool> Advance() {
    if (pos_ == end_ && begin_ == end_of_data_) return false;
    STATECTL_RETURN_IF_ERROR(Gather(kHeaderSize));
    Header h = DecodeHeader(buffer_.data() + begin_);
    begin_ += kHeaderSize;
    size_t size = size_t{h.key_size} + h.value_size;
    const char* data;
    if (size <= buffer_.size()) {  // usually: view it in the buffer
      STATECTL_RETURN_IF_ERROR(Gather(size));
      data = buffer_.data() + begin_;
      begin_ += size;
      // A rare huge record's copy is not kept for the rest of the merge:
      // with 1024 runs of 100 KB values, that would be 102 MB.
      if (!record_.empty()) std::string().swap(record_);
    } else {
      record_.resize(size);
      STATECTL_RETURN_IF_ERROR(Read(record_.data(), size));
      data = record_.data();
    }
    rank_ = h.rank;
    key_ = std::string_view(data, h.key_size);
    value_ = std::string_view(data + h.key_size, h.value_size);
    return true;
  }

 private:
  // Makes the next n bytes (n <= the buffer's size) lie whole in the buffer
  // from begin_: what is left moves to the front, the rest is read after it.
  // A record is then viewed where it lies, never copied, so a merge's memory
  // is its readers' buffers alone.
  Status Gather(size_t n) {
    size_t have = end_of_data_ - begin_;
    if (have >= n) return Status::Ok();
    std::memmove(buffer_.data(), buffer_.data() + begin_, have);
    begin_ = 0;
    end_of_data_ = have;
    while (end_of_data_ < n) {
      size_t want = static_cast<size_t>(
          std::min<uint64_t>(buffer_.size() - end_of_data_, end_ - pos_));
      if (want == 0) return Status::Database("a temporary sort file ended early");
      ssize_t got = pread(fd_, buffer_.data() + end_of_data_, want, static_cast<off_t>(pos_));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return SystemError("cannot read a temporary sort file");
      if (got == 0) return Status::Database("a temporary sort file ended early");
      pos_ += static_cast<uint64_t>(got);
      end_of_data_ += static_cast<size_t>(got);
    }
    return Status::Ok();
  }

  // Copies the next n bytes out, through the buffer (for a record larger
  // than it).
  Status Read(char* out, size_t n) {
    while (n > 0) {
      if (begin_ == end_of_data_) STATECTL_RETURN_IF_ERROR(Gather(1));
      size_t take = std::min(n, end_of_data_ - begin_);
      std::memcpy(out, buffer_.data() + begin_, take);
      begin_ += take;
      out += take;
      n -= take;
    }
    return Status::Ok();
  }

  int fd_;
  uint64_t pos_, end_;  // what is left of the run in the file
  std::vector<char> buffer_;
  size_t begin_ = 0, end_of_data_ = 0;  // unread bytes in buffer_
  std::string record_;  // a record larger than the buffer
  int64_t rank_ = 0;
  std::string_view key_, value_;
};

namespace {

// For std::*_heap: the reader with the smallest record on top.
bool LaterFirst(const RunReader* a, const RunReader* b) {
  return Less(b->rank(), b->key(), a->rank(), a->key());
}

Status AppendRecord(TempFile& file, const SortRecord& record) {
  char header[kHeaderSize];
  EncodeHeader(header, record.rank, record.key.size(), record.value.size());
  STATECTL_RETURN_IF_ERROR(file.Append(header, kHeaderSize));
  STATECTL_RETURN_IF_ERROR(file.Append(record.key.data(), record.key.size()));
  return file.Append(record.value.data(), record.value.size());
}

}  // namespace

// Merges runs, the smallest record first (a heap of their readers).
class RunMerger {
 public:
  explicit RunMerger(std::vector<std::unique_ptr<RunReader>> readers)
      : readers_(std::move(readers)) {
    for (auto& r : readers_) heap_.push_back(r.get());
    std::make_heap(heap_.begin(), heap_.end(), LaterFirst);
  }

  // As ExternalSort::Next.
  Result<bool> Next(SortRecord* out) {
    if (current_ != nullptr) {  // the caller is done with its record now
      auto more = current_->Advance();
      if (!more) return more.error();
      if (*more) {
        std::push_heap(heap_.begin(), heap_.end(), LaterFirst);
      } else {
        heap_.pop_back();
      }
      current_ = nullptr;
    }
    if (heap_.empty()) return false;
    std::pop_heap(heap_.begin(), heap_.end(), LaterFirst);
    current_ = heap_.back();  // stays at the back, outside the heap, until advanced
    *out = {current_->rank(), current_->key(), current_->value()};
    return true;
  }

 private:
  std::vector<std::unique_ptr<RunReader>> readers_;
  std::vector<RunReader*> heap_;
  RunReader* current_ = nullptr;
};

ExternalSort::ExternalSort(ExternalSortOptions options) : options_(std::move(options)) {
  options_.fan_in = std::max<size_t>(options_.fan_in, 2);
  options_.read_buffer = std::max<size_t>(options_.read_buffer, kHeaderSize);
}

ExternalSort::~ExternalSort() = default;

Status ExternalSort::Add(int64_t rank, std::string_view key, std::string_view value) {
  constexpr size_t kMax = std::numeric_limits<uint32_t>::max();
  if (key.size() > kMax || value.size() > kMax) {
    return Status::Database("a record of over 4 GiB cannot be sorted");
  }
  size_t size = kHeaderSize + key.size() + value.size();
  if (!entries_.empty() && arena_.size() + size > options_.run_bytes) {
    STATECTL_RETURN_IF_ERROR(SpillRun());
  }
  if (arena_.capacity() == 0) arena_.reserve(options_.run_bytes);
  size_t offset = arena_.size();
  arena_.resize(offset + size);
  char* p = arena_.data() + offset;
  EncodeHeader(p, rank, key.size(), value.size());
  std::memcpy(p + kHeaderSize, key.data(), key.size());
  std::memcpy(p + kHeaderSize + key.size(), value.data(), value.size());
  entries_.push_back({rank, KeyPrefix(key), offset, static_cast<uint32_t>(key.size())});
  return Status::Ok();
}

void ExternalSort::SortEntries() {
  const char* base = arena_.data();
  std::sort(entries_.begin(), entries_.end(), [base](const Entry& a, const Entry& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.key_prefix != b.key_prefix) return a.key_prefix < b.key_prefix;
    return std::string_view(base + a.offset + kHeaderSize, a.key_size) <
           std::string_view(base + b.offset + kHeaderSize, b.key_size);
  });
}

Status ExternalSort::SpillRun() {
  SortEntries();
  if (files_.empty()) {
    auto file = TempFile::Create(options_.temp_dir, options_.keep_free);
    if (!file) return file.error();
    files_.push_back(std::move(*file));
  }
  TempFile& file = *files_.front();
  uint64_t begin = file.size();
  for (const Entry& e : entries_) {
    Header h = DecodeHeader(arena_.data() + e.offset);
    STATECTL_RETURN_IF_ERROR(file.Append(arena_.data() + e.offset,
                                         kHeaderSize + size_t{h.key_size} + h.value_size));
  }
  STATECTL_RETURN_IF_ERROR(file.Flush());
  runs_.push_back({0, begin, file.size()});
  ++runs_spilled_;
  arena_.clear();
  entries_.clear();
  return Status::Ok();
}

Result<std::unique_ptr<RunMerger>> ExternalSort::MergerOf(const std::vector<Run>& runs) {
  std::vector<std::unique_ptr<RunReader>> readers;
  for (const Run& run : runs) {
    auto reader = std::make_unique<RunReader>(*files_[run.file], run.begin, run.end,
                                              options_.read_buffer);
    auto any = reader->Advance();
    if (!any) return any.error();
    if (*any) readers.push_back(std::move(reader));
  }
  return std::make_unique<RunMerger>(std::move(readers));
}

// Merges runs_ in groups of fan_in into one new file: fan_in times fewer runs.
Status ExternalSort::MergePass() {
  auto made = TempFile::Create(options_.temp_dir, options_.keep_free);
  if (!made) return made.error();
  TempFile& out = **made;
  std::vector<Run> merged;
  for (size_t first = 0; first < runs_.size(); first += options_.fan_in) {
    std::vector<Run> group(runs_.begin() + static_cast<std::ptrdiff_t>(first),
                           runs_.begin() + static_cast<std::ptrdiff_t>(
                                               std::min(first + options_.fan_in, runs_.size())));
    auto merger = MergerOf(group);
    if (!merger) return merger.error();
    uint64_t begin = out.size();
    SortRecord record;
    while (true) {
      auto more = (*merger)->Next(&record);
      if (!more) return more.error();
      if (!*more) break;
      STATECTL_RETURN_IF_ERROR(AppendRecord(out, record));
    }
    STATECTL_RETURN_IF_ERROR(out.Flush());
    merged.push_back({files_.size(), begin, out.size()});
  }
  // The merged runs replace the old ones; closing the old files frees them.
  for (auto& file : files_) file.reset();
  files_.push_back(std::move(*made));
  for (Run& run : merged) run.file = files_.size() - 1;
  runs_ = std::move(merged);
  ++extra_passes_;
  return Status::Ok();
}

Status ExternalSort::Finish() {
  if (runs_.empty()) {  // everything fits in memory: no file at all
    SortEntries();
    return Status::Ok();
  }
  if (!entries_.empty()) STATECTL_RETURN_IF_ERROR(SpillRun());
  std::vector<char>().swap(arena_);  // the merge needs only the readers' memory
  std::vector<Entry>().swap(entries_);
  while (runs_.size() > options_.fan_in) STATECTL_RETURN_IF_ERROR(MergePass());
  auto merger = MergerOf(runs_);
  if (!merger) return merger.error();
  merger_ = std::move(*merger);
  return Status::Ok();
}

Result<bool> ExternalSort::Next(SortRecord* out) {
  if (runs_.empty()) {
    if (next_entry_ == entries_.size()) return false;
    const Entry& e = entries_[next_entry_++];
    const char* p = arena_.data() + e.offset;
    Header h = DecodeHeader(p);
    *out = {h.rank, std::string_view(p + kHeaderSize, h.key_size),
            std::string_view(p + kHeaderSize + h.key_size, h.value_size)};
    return true;
  }
  return merger_->Next(out);
}

std::string DefaultTempDir() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

Result<uint64_t> FreeBytes(const std::string& dir) {
  struct statvfs fs;
  if (statvfs(dir.c_str(), &fs) != 0) {
    return SystemError("cannot look at the temporary directory '" + dir + "'");
  }
  return static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
}

}  // namespace statectl
