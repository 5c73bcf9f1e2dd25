// A small RAII layer over the HDF5 C API (parallel flavour, used by a single writer).
// See docs/decisions/0002-hdf5-writer.md for why it exists and what it promises.
//
// Layout rules it enforces so that every group opens in xarray (engine "h5netcdf"):
//  - a dataset's axes are named dimension scales that already exist in the SAME group
//    (write_dim first, then write); scales are not inherited by sub-groups;
//  - every dataset it writes carries `units` and `long_name`;
//  - objects are created without timestamps, so the same work gives the same values.
// Debian's HDF5 is not a thread-safe build: use one writer thread (and, under MPI, rank 0).
#pragma once

#include <hdf5.h>

#include <concepts>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace buurtsim::h5 {

// Thrown on every failed HDF5 call: "<what> '<object path>': <the reason>", the reason in plain
// words when HDF5 reports a system error (no space, locked by another process, permission), else
// HDF5's most useful line. system_errno(): that system error, 0 if none.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, int system_errno = 0)
      : std::runtime_error(what), system_errno_(system_errno) {}
  [[nodiscard]] int system_errno() const noexcept { return system_errno_; }

 private:
  int system_errno_ = 0;
};

// Call once, first thing in main (before MPI starts and before any other HDF5 call): starts HDF5
// without its clean-up at exit or at MPI_Finalize. A file whose closing failed (a full disk)
// stays in HDF5 1.10's table half-freed, and that clean-up would close it again and crash (HDF5
// issue HDFFV-11052), turning exit status 1 into a segmentation fault. Every file is closed by
// its owner before the program ends, so the clean-up has nothing else to do.
void no_cleanup_at_exit();

// Owns one hid_t (file, group, dataset, dataspace, property list, attribute or type) and
// closes it with the matching H5*close. Move-only.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() noexcept = default;
  Handle(hid_t id, Closer close) noexcept : id_(id), close_(close) {}
  Handle(Handle&& other) noexcept;
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();

  [[nodiscard]] hid_t get() const noexcept { return id_; }
  [[nodiscard]] bool valid() const noexcept { return id_ >= 0; }
  void reset() noexcept;                   // close now (errors ignored: nothing useful to do with them)
  [[nodiscard]] hid_t release() noexcept;  // give up ownership without closing

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

// Element types of numeric datasets.
template <class T>
concept Element = std::same_as<T, double> || std::same_as<T, float> || std::same_as<T, std::int32_t> ||
    std::same_as<T, std::int64_t> || std::same_as<T, std::uint8_t> || std::same_as<T, std::uint32_t> ||
    std::same_as<T, std::uint64_t>;

// Something that carries attributes: a group or a dataset.
class Object {
 public:
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] hid_t id() const noexcept { return handle_.get(); }

  // Scalar attributes; an existing attribute of the same name is replaced.
  // Strings are variable-length UTF-8 (h5py reads them as str, xarray shows a string).
  void set_attr(const std::string& name, const std::string& value);
  void set_attr(const std::string& name, const char* value) { set_attr(name, std::string(value)); }
  void set_attr(const std::string& name, double value);
  void set_attr(const std::string& name, std::int64_t value);
  void set_attr(const std::string& name, std::uint64_t value);
  // Any other integer (int, unsigned, std::size_t ...) goes to the 64-bit overloads.
  template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, std::int64_t> &&
           !std::same_as<I, std::uint64_t>) void set_attr(const std::string& name, I value) {
    if constexpr (std::is_signed_v<I>)
      set_attr(name, static_cast<std::int64_t>(value));
    else
      set_attr(name, static_cast<std::uint64_t>(value));
  }

  [[nodiscard]] bool has_attr(const std::string& name) const;
  [[nodiscard]] std::string get_attr_string(const std::string& name) const;  // any string kind
  [[nodiscard]] double get_attr_double(const std::string& name) const;       // ints convert
  [[nodiscard]] std::int64_t get_attr_int(const std::string& name) const;    // integer attrs only
  [[nodiscard]] std::uint64_t get_attr_uint(const std::string& name) const;  // integer attrs only

 protected:
  Object() = default;
  Object(Handle handle, std::string path) : handle_(std::move(handle)), path_(std::move(path)) {}

 private:
  Handle handle_;
  std::string path_;
};

class Dataset : public Object {
 public:
  [[nodiscard]] std::vector<hsize_t> shape() const;
  [[nodiscard]] std::vector<std::string> dims() const;  // attached scale per axis ("" if none)
  template <Element T>
  [[nodiscard]] std::vector<T> read() const;  // row-major; HDF5 converts numeric types
  [[nodiscard]] std::vector<std::string> read_strings() const;
  [[nodiscard]] bool is_string() const;  // a string dataset (else numeric)
  [[nodiscard]] bool is_scale() const;   // a dimension scale (a coordinate)
  // Writes row `row` of the first axis (all the other axes) of a dataset made by reserve().
  template <Element T>
  void write_row(hsize_t row, std::span<const T> values);
  // The box of `count` elements per axis starting at `start` (row-major values): written, or read.
  void write_block(std::span<const hsize_t> start, std::span<const hsize_t> count, std::span<const double> values);
  [[nodiscard]] std::vector<double> read_block(std::span<const hsize_t> start, std::span<const hsize_t> count) const;

 private:
  friend class Group;
  using Object::Object;
};

class Group : public Object {
 public:
  // Opens the sub-group, creating it (and any missing parents in "a/b") if absent.
  [[nodiscard]] Group group(const std::string& name);
  [[nodiscard]] bool has(const std::string& name) const;         // link exists ("a/b" allowed)
  [[nodiscard]] Dataset dataset(const std::string& name) const;  // open an existing dataset
  // The names of the member datasets and groups, each in name order.
  [[nodiscard]] std::vector<std::string> datasets() const;
  [[nodiscard]] std::vector<std::string> groups() const;
  // Unlinks the member `name` (a group with all it holds, or a dataset). Its space stays in
  // the file (HDF5 1.10 does not reclaim it; h5repack does). Throws Error if it is absent.
  void remove(const std::string& name);

  // A 1-d dimension scale named `name` in this group (the dataset and the dimension share
  // the name). Create all dims a dataset uses before writing the dataset.
  void write_dim(const std::string& name, std::span<const std::int32_t> values, const std::string& units,
                 const std::string& long_name);
  void write_dim(const std::string& name, std::span<const std::int64_t> values, const std::string& units,
                 const std::string& long_name);
  void write_dim(const std::string& name, std::span<const double> values, const std::string& units,
                 const std::string& long_name);
  // String labels (variable-length UTF-8); units is "" since labels have none.
  void write_dim(const std::string& name, const std::vector<std::string>& labels, const std::string& long_name);

  // A 1-d dataset of strings (variable-length UTF-8) along the existing dimension scale `dim`
  // of this group: text per label, such as a parameter's calibration status (units "").
  Dataset write_strings(const std::string& name, const std::vector<std::string>& values, const std::string& dim,
                        const std::string& long_name);

  // An N-d dataset (row-major data) whose axes are the named dimension scales of this
  // group; the shape is theirs. Throws Error if a dim is missing or sizes disagree.
  // Datasets over about 4096 elements are chunked and compressed (shuffle + deflate 4).
  Dataset write(const std::string& name, std::span<const double> data, const std::vector<std::string>& dims,
                const std::string& units, const std::string& long_name);
  Dataset write(const std::string& name, std::span<const float> data, const std::vector<std::string>& dims,
                const std::string& units, const std::string& long_name);
  Dataset write(const std::string& name, std::span<const std::int32_t> data, const std::vector<std::string>& dims,
                const std::string& units, const std::string& long_name);
  Dataset write(const std::string& name, std::span<const std::int64_t> data, const std::vector<std::string>& dims,
                const std::string& units, const std::string& long_name);
  Dataset write(const std::string& name, std::span<const std::uint8_t> data, const std::vector<std::string>& dims,
                const std::string& units, const std::string& long_name);
  Dataset write(const std::string& name, std::span<const std::uint32_t> data, const std::vector<std::string>& dims,
                const std::string& units, const std::string& long_name);
  Dataset write(const std::string& name, std::span<const std::uint64_t> data, const std::vector<std::string>& dims,
                const std::string& units, const std::string& long_name);

  // A dataset over the named dims whose elements are `fill` until written row by row
  // (Dataset::write_row): results stored as they finish, never all held in memory.
  // Chunked (and compressed) along the first axis.
  Dataset reserve(const std::string& name, double fill, const std::vector<std::string>& dims, const std::string& units,
                  const std::string& long_name);
  Dataset reserve(const std::string& name, std::uint8_t fill, const std::vector<std::string>& dims,
                  const std::string& units, const std::string& long_name);
  // The same, written box by box (Dataset::write_block): chunked within `block` (elements per
  // axis), so that a writer whose boxes are `block` fills whole chunks and none is compressed
  // twice; contiguous when small. The returned handle caches `cached_chunks` chunks (HDF5's
  // default is 1 MiB per dataset, whatever the chunks).
  Dataset reserve_blocks(const std::string& name, double fill, const std::vector<std::string>& dims,
                         const std::vector<hsize_t>& block, std::size_t cached_chunks, const std::string& units,
                         const std::string& long_name);

  // Reading shortcuts (open the dataset by name).
  template <Element T>
  [[nodiscard]] std::vector<T> read(const std::string& name) const {
    return dataset(name).read<T>();
  }
  [[nodiscard]] std::vector<std::string> read_strings(const std::string& name) const {
    return dataset(name).read_strings();
  }
  [[nodiscard]] std::vector<hsize_t> shape(const std::string& name) const { return dataset(name).shape(); }
  [[nodiscard]] std::vector<std::string> dims_of(const std::string& name) const { return dataset(name).dims(); }

 private:
  friend class File;
  using Object::Object;
  // Creates a dataset of the given shape (rank 0: a scalar) and writes all of it.
  // `data` null: nothing written; `fill` non-null: the fill value (and chunked: by `block` when
  // given, else in rows).
  struct Blocks {
    std::vector<hsize_t> block;
    std::size_t cached_chunks;
  };
  Dataset create(const std::string& name, hid_t ftype, hid_t mtype, const void* data, const std::vector<hsize_t>& shape,
                 const void* fill = nullptr, const Blocks* blocks = nullptr);
  template <Element T>
  Dataset write_numeric(const std::string& name, std::span<const T> data, const std::vector<std::string>& dims,
                        const std::string& units, const std::string& long_name, const T* fill = nullptr,
                        const Blocks* blocks = nullptr);
  template <Element T>
  void write_dim_numeric(const std::string& name, std::span<const T> values, const std::string& units,
                         const std::string& long_name);
};

class File {
 public:
  [[nodiscard]] static File create(const std::string& path);  // truncates
  // Creates a file where none is (O_EXCL: never follows a link or truncates what is there).
  [[nodiscard]] static File create_new(const std::string& path);
  [[nodiscard]] static File open_read(const std::string& path);
  [[nodiscard]] static File open_rw(const std::string& path);
  [[nodiscard]] static File create_in_memory(const std::string& name);  // core driver, no file

  File(File&&) noexcept = default;
  File& operator=(File&&) noexcept = default;
  ~File() = default;  // closes (and so flushes); errors ignored — call close() to see them

  [[nodiscard]] Group root() const;
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] bool is_open() const noexcept { return handle_.valid(); }
  void flush();
  // Closes the file and every object still open in it (their handles become dead).
  void close();

 private:
  File(Handle handle, std::string path) : handle_(std::move(handle)), path_(std::move(path)) {}
  Handle handle_;
  std::string path_;
};

}  // namespace buurtsim::h5
