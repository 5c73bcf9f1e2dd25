#include "experiments/io/hdf5/h5.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <numeric>

#include "experiments/io/hdf5/own_files.hpp"

namespace buurtsim::h5 {
namespace {

// ---- errors ---------------------------------------------------------------------------

// HDF5 prints its error stack to stderr by default; we turn that off and put the useful part
// into the exception instead. Done once per thread (the error stack is per thread in
// thread-safe builds), before the first call that can fail: every object comes from a File.
void silence_hdf5() {
  thread_local const bool silenced = H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0;
  static_cast<void>(silenced);
}

herr_t collect_error(unsigned /*n*/, const H5E_error2_t* err, void* data) {
  auto& lines = *static_cast<std::vector<std::string>*>(data);
  std::string line = err->desc != nullptr ? err->desc : "";
  char minor[128] = {};
  if (H5Eget_msg(err->min_num, nullptr, minor, sizeof minor) > 0 && minor[0] != '\0') {
    line += line.empty() ? minor : std::string(" (") + minor + ")";
  }
  lines.push_back(line);
  return 0;
}

// A number HDF5 wrote into a message as "<key> = <n>" (its system errno, a write size); -1 if absent.
long long number_after(const std::string& line, const std::string& key) {
  const std::size_t at = line.find(key + " = ");
  if (at == std::string::npos) return -1;
  return std::strtoll(line.c_str() + at + key.size() + 3, nullptr, 10);
}

// The reason for a failure. A system error HDF5 met (its messages carry "errno = N", and a
// failed write "bytes actually written = 18446744073709551615") is said in plain words: a lock
// another process holds, no space, permission. Otherwise the innermost entry of HDF5's error
// stack, the most specific one (e.g. "object 'x' doesn't exist"); the outer ones only repeat
// "unable to ..." up the call chain.
struct Detail {
  std::string text;
  int system_errno = 0;
};
Detail error_detail() {
  std::vector<std::string> lines;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &lines);
  H5Eclear2(H5E_DEFAULT);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    const long long err = number_after(*it, "errno");
    if (err <= 0) continue;
    const int e = static_cast<int>(err);
    if ((e == EAGAIN || e == EWOULDBLOCK) && it->find("lock") != std::string::npos)
      return {"locked by another process: another buurtsim may be writing it", e};
    std::string text = files::write_error_text(e);
    if (const long long size = number_after(*it, "total write size"); size > 0)
      text += " (a write of " + std::to_string(size) + " bytes failed)";
    return {text, e};
  }
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (!it->empty()) return {*it, 0};
  }
  return {"no detail from HDF5", 0};
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  const Detail d = error_detail();
  throw Error(what + " '" + path + "': " + d.text, d.system_errno);
}
[[noreturn]] void fail_plain(const std::string& what, const std::string& path, const std::string& why) {
  throw Error(what + " '" + path + "': " + why);
}

hid_t want_id(hid_t id, const std::string& what, const std::string& path) {
  if (id < 0) fail(what, path);
  return id;
}
void want_ok(herr_t status, const std::string& what, const std::string& path) {
  if (status < 0) fail(what, path);
}
bool want_bool(htri_t status, const std::string& what, const std::string& path) {
  if (status < 0) fail(what, path);
  return status > 0;
}

// ---- small helpers --------------------------------------------------------------------

std::string child_path(const std::string& parent, const std::string& name) {
  return parent == "/" ? "/" + name : parent + "/" + name;
}

std::vector<std::string> split_path(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t slash = std::min(name.find('/', start), name.size());
    if (slash > start) parts.push_back(name.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// Memory and file types per element type. The file type is fixed little-endian so a file's
// bytes do not depend on the machine that wrote it.
template <Element T>
hid_t mem_type() {
  if constexpr (std::same_as<T, double>)
    return H5T_NATIVE_DOUBLE;
  else if constexpr (std::same_as<T, float>)
    return H5T_NATIVE_FLOAT;
  else if constexpr (std::same_as<T, std::int32_t>)
    return H5T_NATIVE_INT32;
  else if constexpr (std::same_as<T, std::int64_t>)
    return H5T_NATIVE_INT64;
  else if constexpr (std::same_as<T, std::uint8_t>)
    return H5T_NATIVE_UINT8;
  else if constexpr (std::same_as<T, std::uint32_t>)
    return H5T_NATIVE_UINT32;
  else
    return H5T_NATIVE_UINT64;
}
template <Element T>
hid_t file_type() {
  if constexpr (std::same_as<T, double>)
    return H5T_IEEE_F64LE;
  else if constexpr (std::same_as<T, float>)
    return H5T_IEEE_F32LE;
  else if constexpr (std::same_as<T, std::int32_t>)
    return H5T_STD_I32LE;
  else if constexpr (std::same_as<T, std::int64_t>)
    return H5T_STD_I64LE;
  else if constexpr (std::same_as<T, std::uint8_t>)
    return H5T_STD_U8LE;
  else if constexpr (std::same_as<T, std::uint32_t>)
    return H5T_STD_U32LE;
  else
    return H5T_STD_U64LE;
}

// Variable-length UTF-8 strings: what h5py reads back as str and xarray as a string.
Handle utf8_string_type(const std::string& path) {
  Handle type(want_id(H5Tcopy(H5T_C_S1), "making a string type for", path), H5Tclose);
  want_ok(H5Tset_size(type.get(), H5T_VARIABLE), "making a string type for", path);
  want_ok(H5Tset_cset(type.get(), H5T_CSET_UTF8), "making a string type for", path);
  return type;
}

Handle plist(hid_t cls, const std::string& path) {
  return {want_id(H5Pcreate(cls), "creating a property list for", path), H5Pclose};
}

// No timestamps on created objects: two runs of the same work must give the same values.
Handle group_create_plist(const std::string& path) {
  Handle gcpl = plist(H5P_GROUP_CREATE, path);
  want_ok(H5Pset_obj_track_times(gcpl.get(), false), "turning off time tracking for", path);
  return gcpl;
}

// Chunk shape for a large dataset: whole rows along the last axis, as many leading-axis
// slices as fit in about kChunkTarget elements (a few hundred KiB for doubles).
constexpr hsize_t kCompressAbove = 4096;
constexpr hsize_t kChunkTarget = 32768;

std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& shape) {
  std::vector<hsize_t> chunk = shape;
  hsize_t elements = std::accumulate(shape.begin(), shape.end(), hsize_t{1}, std::multiplies<>());
  for (std::size_t axis = 0; axis + 1 < chunk.size() && elements > kChunkTarget; ++axis) {
    const hsize_t inner = elements / chunk[axis];
    chunk[axis] = std::max<hsize_t>(1, kChunkTarget / inner);
    elements = chunk[axis] * inner;
  }
  if (elements > kChunkTarget) chunk.back() = kChunkTarget;  // one huge last axis: split it
  return chunk;
}

// Attributes are scalars; an existing one is replaced (HDF5 cannot change an attribute's
// type in place).
void write_attr(hid_t obj, const std::string& path, const std::string& name, hid_t ftype, hid_t mtype,
                const void* value) {
  const std::string what = "writing attribute " + name + " of";
  if (want_bool(H5Aexists(obj, name.c_str()), what, path)) {
    want_ok(H5Adelete(obj, name.c_str()), what, path);
  }
  Handle space(want_id(H5Screate(H5S_SCALAR), what, path), H5Sclose);
  Handle attr(want_id(H5Acreate2(obj, name.c_str(), ftype, space.get(), H5P_DEFAULT, H5P_DEFAULT), what, path),
              H5Aclose);
  want_ok(H5Awrite(attr.get(), mtype, value), what, path);
}

// An attribute opened for reading, with its type class checked to be one of `allowed`.
struct AttrReader {
  Handle attr;
  Handle type;
  H5T_class_t cls;
  std::string what;

  AttrReader(hid_t obj, const std::string& path, const std::string& name, std::initializer_list<H5T_class_t> allowed)
      : what("reading attribute " + name + " of") {
    attr = Handle(want_id(H5Aopen(obj, name.c_str(), H5P_DEFAULT), what, path), H5Aclose);
    type = Handle(want_id(H5Aget_type(attr.get()), what, path), H5Tclose);
    cls = H5Tget_class(type.get());
    Handle space(want_id(H5Aget_space(attr.get()), what, path), H5Sclose);
    if (H5Sget_simple_extent_npoints(space.get()) != 1) {
      fail_plain(what, path, "it is not a single value");
    }
    if (std::find(allowed.begin(), allowed.end(), cls) == allowed.end()) {
      fail_plain(what, path, "it has another type than asked for");
    }
  }
  [[nodiscard]] bool is_signed() const { return H5Tget_sign(type.get()) == H5T_SGN_2; }
  void read(hid_t mtype, void* out, const std::string& path) const {
    want_ok(H5Aread(attr.get(), mtype, out), what, path);
  }
};

// Strings of a fixed-length buffer end at the first NUL (null-terminated or null-padded);
// space-padded strings lose their trailing spaces.
std::string trim_fixed(const char* data, std::size_t size, H5T_str_t pad) {
  std::size_t n = 0;
  while (n < size && data[n] != '\0') ++n;
  if (pad == H5T_STR_SPACEPAD) {
    while (n > 0 && data[n - 1] == ' ') --n;
  }
  return {data, n};
}

}  // namespace

// ---- Handle -----------------------------------------------------------------------------

Handle::Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = H5I_INVALID_HID; }
Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    close_ = other.close_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}
Handle::~Handle() { reset(); }
void Handle::reset() noexcept {
  if (id_ >= 0 && close_ != nullptr) {
    close_(id_);
    H5Eclear2(H5E_DEFAULT);  // e.g. an object already closed by a strong file close
  }
  id_ = H5I_INVALID_HID;
}
hid_t Handle::release() noexcept {
  const hid_t id = id_;
  id_ = H5I_INVALID_HID;
  return id;
}

// ---- Object: attributes -----------------------------------------------------------------

void Object::set_attr(const std::string& name, const std::string& value) {
  const Handle type = utf8_string_type(path_);
  const char* text = value.c_str();
  write_attr(id(), path_, name, type.get(), type.get(), &text);
}
void Object::set_attr(const std::string& name, double value) {
  write_attr(id(), path_, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}
void Object::set_attr(const std::string& name, std::int64_t value) {
  write_attr(id(), path_, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}
void Object::set_attr(const std::string& name, std::uint64_t value) {
  write_attr(id(), path_, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

bool Object::has_attr(const std::string& name) const {
  return want_bool(H5Aexists(id(), name.c_str()), "looking for attribute " + name + " of", path_);
}

std::string Object::get_attr_string(const std::string& name) const {
  const AttrReader a(id(), path_, name, {H5T_STRING});
  if (want_bool(H5Tis_variable_str(a.type.get()), a.what, path_)) {
    char* text = nullptr;
    a.read(a.type.get(), &text, path_);
    std::string out = text != nullptr ? text : "";
    H5free_memory(text);
    return out;
  }
  std::vector<char> buf(H5Tget_size(a.type.get()));
  a.read(a.type.get(), buf.data(), path_);
  return trim_fixed(buf.data(), buf.size(), H5Tget_strpad(a.type.get()));
}

double Object::get_attr_double(const std::string& name) const {
  const AttrReader a(id(), path_, name, {H5T_FLOAT, H5T_INTEGER});
  double value = 0;
  a.read(H5T_NATIVE_DOUBLE, &value, path_);
  return value;
}

std::int64_t Object::get_attr_int(const std::string& name) const {
  const AttrReader a(id(), path_, name, {H5T_INTEGER});
  if (!a.is_signed()) {  // HDF5 would clamp silently; say so instead
    std::uint64_t u = 0;
    a.read(H5T_NATIVE_UINT64, &u, path_);
    if (u > static_cast<std::uint64_t>(INT64_MAX)) fail_plain(a.what, path_, "too large for int64");
    return static_cast<std::int64_t>(u);
  }
  std::int64_t value = 0;
  a.read(H5T_NATIVE_INT64, &value, path_);
  return value;
}

std::uint64_t Object::get_attr_uint(const std::string& name) const {
  const AttrReader a(id(), path_, name, {H5T_INTEGER});
  if (a.is_signed()) {
    std::int64_t s = 0;
    a.read(H5T_NATIVE_INT64, &s, path_);
    if (s < 0) fail_plain(a.what, path_, "negative value read as unsigned");
    return static_cast<std::uint64_t>(s);
  }
  std::uint64_t value = 0;
  a.read(H5T_NATIVE_UINT64, &value, path_);
  return value;
}

// ---- Dataset: reading -------------------------------------------------------------------

std::vector<hsize_t> Dataset::shape() const {
  Handle space(want_id(H5Dget_space(id()), "reading the shape of", path()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail("reading the shape of", path());
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0) {
    fail("reading the shape of", path());
  }
  return dims;
}

namespace {
// A dataset's shape is the file's claim (a damaged or made-up file can claim any): checked
// before allocating for it. No buurtsim file comes near this (a large sweep holds a few
// million values per dataset).
constexpr hssize_t kMostValuesRead = hssize_t{1} << 28;
void refuse_huge(const std::string& what, const std::string& path, hssize_t n) {
  if (n > kMostValuesRead)
    fail_plain(what, path,
               "it claims " + std::to_string(n) + " values, more than buurtsim reads from one dataset (" +
                   std::to_string(kMostValuesRead) + "); the file is damaged or not one of buurtsim's");
}

herr_t scale_name(hid_t /*dataset*/, unsigned /*axis*/, hid_t scale, void* data) {
  char name[1024] = {};
  if (H5Iget_name(scale, name, sizeof name) < 0) return -1;
  const std::string full = name;
  *static_cast<std::string*>(data) = full.substr(full.rfind('/') + 1);
  return 1;  // the first scale names the axis (as h5py and h5netcdf do)
}
}  // namespace

std::vector<std::string> Dataset::dims() const {
  const std::size_t rank = shape().size();
  std::vector<std::string> names(rank);
  for (std::size_t axis = 0; axis < rank; ++axis) {
    const auto idx = static_cast<unsigned>(axis);
    const int n = H5DSget_num_scales(id(), idx);
    if (n < 0) fail("reading dimension scales of", path());
    if (n > 0 && H5DSiterate_scales(id(), idx, nullptr, scale_name, &names[axis]) < 0) {
      fail("reading dimension scales of", path());
    }
  }
  return names;
}

template <Element T>
std::vector<T> Dataset::read() const {
  Handle space(want_id(H5Dget_space(id()), "reading", path()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0) fail("reading", path());
  refuse_huge("reading", path(), n);
  std::vector<T> out(static_cast<std::size_t>(n));
  if (n > 0) {
    want_ok(H5Dread(id(), mem_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "reading", path());
  }
  return out;
}
template std::vector<double> Dataset::read<double>() const;
template std::vector<float> Dataset::read<float>() const;
template std::vector<std::int32_t> Dataset::read<std::int32_t>() const;
template std::vector<std::int64_t> Dataset::read<std::int64_t>() const;
template std::vector<std::uint8_t> Dataset::read<std::uint8_t>() const;
template std::vector<std::uint32_t> Dataset::read<std::uint32_t>() const;
template std::vector<std::uint64_t> Dataset::read<std::uint64_t>() const;

std::vector<std::string> Dataset::read_strings() const {
  const std::string what = "reading strings from";
  Handle type(want_id(H5Dget_type(id()), what, path()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING) fail_plain(what, path(), "not a string dataset");
  Handle space(want_id(H5Dget_space(id()), what, path()), H5Sclose);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0) fail(what, path());
  refuse_huge(what, path(), count);
  const auto n = static_cast<std::size_t>(count);
  std::vector<std::string> out;
  out.reserve(n);
  if (n == 0) return out;
  if (want_bool(H5Tis_variable_str(type.get()), what, path())) {
    std::vector<char*> texts(n, nullptr);
    want_ok(H5Dread(id(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), what, path());
    for (const char* t : texts) out.emplace_back(t != nullptr ? t : "");
      // 1.10.8 declares H5Treclaim but its library does not export it.
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(type.get(), space.get(), H5P_DEFAULT, texts.data());
#else
    H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, texts.data());
#endif
    return out;
  }
  const std::size_t size = H5Tget_size(type.get());
  std::vector<char> buf(n * size);
  want_ok(H5Dread(id(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), what, path());
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(trim_fixed(buf.data() + i * size, size, H5Tget_strpad(type.get())));
  }
  return out;
}

// ---- Group --------------------------------------------------------------------------------

Group Group::group(const std::string& name) {
  Group current(Handle(want_id(H5Gopen2(id(), ".", H5P_DEFAULT), "opening group", path()), H5Gclose), path());
  for (const std::string& part : split_path(name)) {
    const std::string p = child_path(current.path(), part);
    hid_t g = H5I_INVALID_HID;
    if (want_bool(H5Lexists(current.id(), part.c_str(), H5P_DEFAULT), "looking for", p)) {
      g = want_id(H5Gopen2(current.id(), part.c_str(), H5P_DEFAULT), "opening group", p);
    } else {
      const Handle gcpl = group_create_plist(p);
      g = want_id(H5Gcreate2(current.id(), part.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), "creating group", p);
    }
    current = Group(Handle(g, H5Gclose), p);
  }
  return current;
}

bool Group::has(const std::string& name) const {
  std::string prefix;
  for (const std::string& part : split_path(name)) {
    if (!prefix.empty()) {  // only a group can hold the next part ("w/x" with w a dataset)
      H5O_info_t info;
      want_ok(H5Oget_info_by_name2(id(), prefix.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT), "looking for",
              child_path(path(), prefix));
      if (info.type != H5O_TYPE_GROUP) return false;
    }
    prefix += prefix.empty() ? part : "/" + part;
    if (!want_bool(H5Lexists(id(), prefix.c_str(), H5P_DEFAULT), "looking for", child_path(path(), prefix))) {
      return false;
    }
  }
  return !prefix.empty();
}

void Group::remove(const std::string& name) {
  want_ok(H5Ldelete(id(), name.c_str(), H5P_DEFAULT), "removing", child_path(path(), name));
}

namespace {
struct Members {
  std::vector<std::string> datasets, groups;
};
herr_t collect_member(hid_t group, const char* name, const H5L_info_t*, void* data) {
  H5O_info_t info;
  if (H5Oget_info_by_name2(group, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return -1;
  auto* m = static_cast<Members*>(data);
  if (info.type == H5O_TYPE_DATASET) m->datasets.emplace_back(name);
  if (info.type == H5O_TYPE_GROUP) m->groups.emplace_back(name);
  return 0;
}
Members members_of(const Group& g) {
  Members m;
  hsize_t idx = 0;
  want_ok(H5Literate(g.id(), H5_INDEX_NAME, H5_ITER_INC, &idx, collect_member, &m), "listing", g.path());
  return m;
}
}  // namespace

std::vector<std::string> Group::datasets() const { return members_of(*this).datasets; }
std::vector<std::string> Group::groups() const { return members_of(*this).groups; }

bool Dataset::is_string() const {
  Handle type(want_id(H5Dget_type(id()), "reading the type of", path()), H5Tclose);
  return H5Tget_class(type.get()) == H5T_STRING;
}

bool Dataset::is_scale() const { return H5DSis_scale(id()) > 0; }

Dataset Group::dataset(const std::string& name) const {
  const std::string p = child_path(path(), name);
  if (!has(name)) fail_plain("opening dataset", p, "no such dataset");
  return {Handle(want_id(H5Dopen2(id(), name.c_str(), H5P_DEFAULT), "opening dataset", p), H5Dclose), p};
}

Dataset Group::create(const std::string& name, hid_t ftype, hid_t mtype, const void* data,
                      const std::vector<hsize_t>& shape, const void* fill, const Blocks* blocks) {
  const std::string p = child_path(path(), name);
  const std::string what = "creating dataset";
  const hsize_t elements = std::accumulate(shape.begin(), shape.end(), hsize_t{1}, std::multiplies<>());
  Handle space(want_id(shape.empty() ? H5Screate(H5S_SCALAR)
                                     : H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                       what, p),
               H5Sclose);
  Handle dcpl = plist(H5P_DATASET_CREATE, p);
  want_ok(H5Pset_obj_track_times(dcpl.get(), false), what, p);
  if (fill) want_ok(H5Pset_fill_value(dcpl.get(), mtype, fill), what, p);
  Handle dapl = plist(H5P_DATASET_ACCESS, p);
  if (!shape.empty() && (elements > kCompressAbove || (fill && !blocks && elements > 0))) {
    std::vector<hsize_t> chunk;
    if (blocks) {
      chunk = chunk_shape(blocks->block);
      for (std::size_t axis = 0; axis < chunk.size(); ++axis)
        chunk[axis] = std::clamp<hsize_t>(chunk[axis], 1, shape[axis]);
      const hsize_t chunk_bytes =
          H5Tget_size(mtype) * std::accumulate(chunk.begin(), chunk.end(), hsize_t{1}, std::multiplies<>());
      // w0 stays HDF5's default: with 1.0 (evict fully read chunks first), HDF5 1.10.8 kept every
      // chunk read in part and never freed it (measured: 76 MB over 9,600 chunks of 8 KiB).
      want_ok(H5Pset_chunk_cache(dapl.get(), H5D_CHUNK_CACHE_NSLOTS_DEFAULT, blocks->cached_chunks * chunk_bytes,
                                 H5D_CHUNK_CACHE_W0_DEFAULT),
              what, p);
    } else {
      chunk = chunk_shape(shape);
      // Written row by row: at most 64 rows per chunk, so a row's write touches little.
      if (fill) chunk[0] = std::min<hsize_t>(chunk[0], 64);
    }
    want_ok(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), what, p);
    want_ok(H5Pset_shuffle(dcpl.get()), what, p);
    want_ok(H5Pset_deflate(dcpl.get(), 4), what, p);
  }
  Dataset ds(
      Handle(want_id(H5Dcreate2(id(), name.c_str(), ftype, space.get(), H5P_DEFAULT, dcpl.get(), dapl.get()), what, p),
             H5Dclose),
      p);
  if (elements > 0 && data) {
    want_ok(H5Dwrite(ds.id(), mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "writing", p);
  }
  return ds;
}

template <Element T>
void Group::write_dim_numeric(const std::string& name, std::span<const T> values, const std::string& units,
                              const std::string& long_name) {
  Dataset ds = create(name, file_type<T>(), mem_type<T>(), values.data(), {values.size()});
  want_ok(H5DSset_scale(ds.id(), name.c_str()), "making a dimension scale of", ds.path());
  ds.set_attr("units", units);
  ds.set_attr("long_name", long_name);
}

void Group::write_dim(const std::string& name, std::span<const std::int32_t> values, const std::string& units,
                      const std::string& long_name) {
  write_dim_numeric(name, values, units, long_name);
}
void Group::write_dim(const std::string& name, std::span<const std::int64_t> values, const std::string& units,
                      const std::string& long_name) {
  write_dim_numeric(name, values, units, long_name);
}
void Group::write_dim(const std::string& name, std::span<const double> values, const std::string& units,
                      const std::string& long_name) {
  write_dim_numeric(name, values, units, long_name);
}
void Group::write_dim(const std::string& name, const std::vector<std::string>& labels, const std::string& long_name) {
  std::vector<const char*> texts;
  texts.reserve(labels.size());
  for (const std::string& label : labels) texts.push_back(label.c_str());
  const Handle type = utf8_string_type(child_path(path(), name));
  Dataset ds = create(name, type.get(), type.get(), texts.data(), {labels.size()});
  want_ok(H5DSset_scale(ds.id(), name.c_str()), "making a dimension scale of", ds.path());
  ds.set_attr("units", "");  // labels have no unit
  ds.set_attr("long_name", long_name);
}

Dataset Group::write_strings(const std::string& name, const std::vector<std::string>& values, const std::string& dim,
                             const std::string& long_name) {
  const std::string p = child_path(path(), name);
  if (dim.find('/') != std::string::npos || !has(dim)) {
    fail_plain("writing dataset", p, "dimension '" + dim + "' does not exist in group '" + path() + "'");
  }
  Dataset scale = dataset(dim);
  const std::vector<hsize_t> s = scale.shape();
  if (s.size() != 1 || s[0] != values.size()) {
    fail_plain(
        "writing dataset", p,
        "has " + std::to_string(values.size()) + " strings but dimension '" + dim + "' is not 1-d of that length");
  }
  std::vector<const char*> texts;
  texts.reserve(values.size());
  for (const std::string& v : values) texts.push_back(v.c_str());
  const Handle type = utf8_string_type(p);
  Dataset ds = create(name, type.get(), type.get(), texts.data(), {values.size()});
  want_ok(H5DSattach_scale(ds.id(), scale.id(), 0), "attaching dimension " + dim + " to", p);
  ds.set_attr("units", "");
  ds.set_attr("long_name", long_name);
  return ds;
}

template <Element T>
Dataset Group::write_numeric(const std::string& name, std::span<const T> data, const std::vector<std::string>& dims,
                             const std::string& units, const std::string& long_name, const T* fill,
                             const Blocks* blocks) {
  const std::string p = child_path(path(), name);
  const std::string what = "writing dataset";
  // The shape comes from the dimension scales of this group, in the order given.
  std::vector<Dataset> scales;
  std::vector<hsize_t> shape;
  std::string described;
  for (const std::string& dim : dims) {
    if (std::count(dims.begin(), dims.end(), dim) > 1) {
      fail_plain(what, p, "dimension '" + dim + "' is named twice");
    }
    if (dim.find('/') != std::string::npos || !has(dim)) {
      fail_plain(what, p,
                 "dimension '" + dim + "' does not exist in group '" + path() + "' (write_dim it there first)");
    }
    Dataset scale = dataset(dim);
    const std::vector<hsize_t> s = scale.shape();
    if (!want_bool(H5DSis_scale(scale.id()), what, p) || s.size() != 1) {
      fail_plain(what, p, "'" + scale.path() + "' is not a 1-d dimension scale");
    }
    shape.push_back(s[0]);
    described += (described.empty() ? "" : ", ") + dim + "=" + std::to_string(s[0]);
    scales.push_back(std::move(scale));
  }
  // h5netcdf takes a 0-d dataset named like a dimension of an enclosing group for that
  // dimension's coordinate and then cannot open the group.
  for (std::string up = path(); shape.empty() && up != "/";) {
    up = up.substr(0, std::max<std::size_t>(up.rfind('/'), 1));
    const std::string other = child_path(up, name);
    if (!want_bool(H5Lexists(id(), other.c_str(), H5P_DEFAULT), what, p)) continue;
    const Handle obj(want_id(H5Oopen(id(), other.c_str(), H5P_DEFAULT), what, p), H5Oclose);
    if (H5Iget_type(obj.get()) == H5I_DATASET && want_bool(H5DSis_scale(obj.get()), what, p)) {
      fail_plain(
          what, p,
          "a 0-d dataset cannot share its name with dimension '" + other + "' (xarray could not open the group)");
    }
  }
  const hsize_t elements = std::accumulate(shape.begin(), shape.end(), hsize_t{1}, std::multiplies<>());
  if (!fill && data.size() != elements) {
    fail_plain(what, p,
               "data has " + std::to_string(data.size()) + " values but (" + described + ") needs " +
                   std::to_string(elements));
  }
  if (blocks && blocks->block.size() != shape.size()) fail_plain(what, p, "a block needs one size per dimension");
  Dataset ds = create(name, file_type<T>(), mem_type<T>(), fill ? nullptr : data.data(), shape, fill, blocks);
  for (std::size_t axis = 0; axis < scales.size(); ++axis) {
    want_ok(H5DSattach_scale(ds.id(), scales[axis].id(), static_cast<unsigned>(axis)),
            "attaching dimension " + dims[axis] + " to", p);
  }
  ds.set_attr("units", units);
  ds.set_attr("long_name", long_name);
  return ds;
}

#define BUURTSIM_H5_WRITE(T)                                                                                   \
  Dataset Group::write(const std::string& name, std::span<const T> data, const std::vector<std::string>& dims, \
                       const std::string& units, const std::string& long_name) {                               \
    return write_numeric(name, data, dims, units, long_name);                                                  \
  }
BUURTSIM_H5_WRITE(double)
BUURTSIM_H5_WRITE(float)
BUURTSIM_H5_WRITE(std::int32_t)
BUURTSIM_H5_WRITE(std::int64_t)
BUURTSIM_H5_WRITE(std::uint8_t)
BUURTSIM_H5_WRITE(std::uint32_t)
BUURTSIM_H5_WRITE(std::uint64_t)
#undef BUURTSIM_H5_WRITE

Dataset Group::reserve(const std::string& name, double fill, const std::vector<std::string>& dims,
                       const std::string& units, const std::string& long_name) {
  return write_numeric<double>(name, {}, dims, units, long_name, &fill);
}

Dataset Group::reserve(const std::string& name, std::uint8_t fill, const std::vector<std::string>& dims,
                       const std::string& units, const std::string& long_name) {
  return write_numeric<std::uint8_t>(name, {}, dims, units, long_name, &fill);
}

Dataset Group::reserve_blocks(const std::string& name, double fill, const std::vector<std::string>& dims,
                              const std::vector<hsize_t>& block, std::size_t cached_chunks, const std::string& units,
                              const std::string& long_name) {
  const Blocks blocks{block, cached_chunks};
  return write_numeric<double>(name, {}, dims, units, long_name, &fill, &blocks);
}

namespace {
// The file's selection of the box (start, count) of `ds`, checked against its shape.
Handle box_space(const Dataset& ds, std::span<const hsize_t> start, std::span<const hsize_t> count,
                 const std::string& what) {
  const std::vector<hsize_t> dims = ds.shape();
  if (start.size() != dims.size() || count.size() != dims.size()) {
    fail_plain(what, ds.path(), "a box needs one start and one count per dimension");
  }
  for (std::size_t axis = 0; axis < dims.size(); ++axis) {
    if (start[axis] > dims[axis] || count[axis] > dims[axis] - start[axis]) {
      fail_plain(what, ds.path(), "the box is outside dimension " + std::to_string(axis));
    }
  }
  Handle space(want_id(H5Dget_space(ds.id()), what, ds.path()), H5Sclose);
  want_ok(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), what,
          ds.path());
  return space;
}

hsize_t box_elements(std::span<const hsize_t> count) {
  return std::accumulate(count.begin(), count.end(), hsize_t{1}, std::multiplies<>());
}
}  // namespace

void Dataset::write_block(std::span<const hsize_t> start, std::span<const hsize_t> count,
                          std::span<const double> values) {
  const std::string what = "writing a block of";
  const Handle file_space = box_space(*this, start, count, what);
  if (values.size() != box_elements(count)) {
    fail_plain(
        what, path(),
        "the block has " + std::to_string(box_elements(count)) + " values, got " + std::to_string(values.size()));
  }
  if (values.empty()) return;
  Handle mem_space(want_id(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), what, path()),
                   H5Sclose);
  want_ok(H5Dwrite(id(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), H5P_DEFAULT, values.data()), what,
          path());
}

std::vector<double> Dataset::read_block(std::span<const hsize_t> start, std::span<const hsize_t> count) const {
  const std::string what = "reading a block of";
  const Handle file_space = box_space(*this, start, count, what);
  std::vector<double> out(box_elements(count));
  if (out.empty()) return out;
  Handle mem_space(want_id(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), what, path()),
                   H5Sclose);
  want_ok(H5Dread(id(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), H5P_DEFAULT, out.data()), what, path());
  return out;
}

template <Element T>
void Dataset::write_row(hsize_t row, std::span<const T> values) {
  const std::string what = "writing a row of";
  std::vector<hsize_t> dims = shape();
  if (dims.empty() || row >= dims[0]) {
    fail_plain(what, path(), "row " + std::to_string(row) + " is outside the first axis");
  }
  const hsize_t inner = std::accumulate(dims.begin() + 1, dims.end(), hsize_t{1}, std::multiplies<>());
  if (values.size() != inner) {
    fail_plain(what, path(), "a row has " + std::to_string(inner) + " values, got " + std::to_string(values.size()));
  }
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = row;
  count[0] = 1;
  Handle file_space(want_id(H5Dget_space(id()), what, path()), H5Sclose);
  want_ok(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), what,
          path());
  Handle mem_space(want_id(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), what, path()),
                   H5Sclose);
  want_ok(H5Dwrite(id(), mem_type<T>(), mem_space.get(), file_space.get(), H5P_DEFAULT, values.data()), what, path());
}
template void Dataset::write_row<double>(hsize_t, std::span<const double>);
template void Dataset::write_row<std::uint8_t>(hsize_t, std::span<const std::uint8_t>);

// ---- File ---------------------------------------------------------------------------------

namespace {
Handle file_access_plist(const std::string& path, bool in_memory) {
  Handle fapl = plist(H5P_FILE_ACCESS, path);
  // Closing the file closes every object still open in it, so after close() the file is
  // really closed on disk (AtomicOutput renames it next).
  want_ok(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "setting up access to", path);
  if (in_memory) {
    want_ok(H5Pset_fapl_core(fapl.get(), std::size_t{1} << 20, false), "setting up an in-memory file", path);
  }
  return fapl;
}

Handle create_file(const std::string& path, bool in_memory, unsigned flags = H5F_ACC_TRUNC) {
  silence_hdf5();
  Handle fcpl = plist(H5P_FILE_CREATE, path);
  // The file creation list is a group creation list too: no timestamps on the root group.
  want_ok(H5Pset_obj_track_times(fcpl.get(), false), "turning off time tracking for", path);
  const Handle fapl = file_access_plist(path, in_memory);
  return {want_id(H5Fcreate(path.c_str(), flags, fcpl.get(), fapl.get()), "creating file", path), H5Fclose};
}

Handle open_file(const std::string& path, unsigned flags) {
  silence_hdf5();
  const Handle fapl = file_access_plist(path, false);
  return {want_id(H5Fopen(path.c_str(), flags, fapl.get()), "opening file", path), H5Fclose};
}
}  // namespace

File File::create(const std::string& path) { return {create_file(path, false), path}; }
File File::create_new(const std::string& path) { return {create_file(path, false, H5F_ACC_EXCL), path}; }
File File::create_in_memory(const std::string& name) { return {create_file(name, true), name}; }
File File::open_read(const std::string& path) { return {open_file(path, H5F_ACC_RDONLY), path}; }
File File::open_rw(const std::string& path) { return {open_file(path, H5F_ACC_RDWR), path}; }

Group File::root() const {
  return {Handle(want_id(H5Gopen2(handle_.get(), "/", H5P_DEFAULT), "opening the root group of", path_), H5Gclose),
          "/"};
}

void File::flush() { want_ok(H5Fflush(handle_.get(), H5F_SCOPE_GLOBAL), "flushing file", path_); }

void no_cleanup_at_exit() {
  H5dont_atexit();  // no exit handler
  H5open();         // initialised before MPI_Init, HDF5 registers no clean-up with MPI_Finalize
}

void File::close() {
  if (!handle_.valid()) return;
  want_ok(H5Fclose(handle_.release()), "closing file", path_);
}

}  // namespace buurtsim::h5
