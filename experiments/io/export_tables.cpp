#include "experiments/io/export_tables.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "experiments/io/hdf5/h5.hpp"
#include "experiments/io/hdf5/own_files.hpp"
#include "experiments/io/hdf5/probe_untrusted.hpp"
#include "experiments/io/text_file.hpp"

namespace buurtsim::io {
namespace {

// The run series' dimensions: its table is series.csv and its variables are outcomes.
const std::vector<std::string> kSeriesDims = {"scenario", "replicate", "neighbourhood", "week"};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The shortest text that reads back to the same double; empty for NaN.
std::string number(double v) {
  if (std::isnan(v)) return "";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string table_name(const std::string& group, const std::vector<std::string>& dims, bool text) {
  if (group == "/" && dims == kSeriesDims && !text) return "series.csv";
  std::string name = group == "/" ? "root" : group.substr(1);
  for (char& c : name)
    if (c == '/') c = '_';
  if (!dims.empty()) name += "_by";
  for (const auto& d : dims) name += "_" + d;
  return name + (text ? "_text" : "") + ".csv";
}

h5::Group open_group(const h5::File& file, const std::string& group) {
  h5::Group root = file.root();
  if (group == "/") return root;
  return root.group(group.substr(1));
}

void plan_group(const h5::File& file, const std::string& group, std::vector<ExportTable>& out) {
  const h5::Group g = open_group(file, group);
  std::map<std::pair<std::vector<std::string>, bool>, std::vector<std::string>> by_shape;
  for (const std::string& name : g.datasets()) {
    const h5::Dataset ds = g.dataset(name);
    if (ds.is_scale()) continue;
    std::vector<std::string> dims = ds.dims();
    for (std::size_t i = 0; i < dims.size(); ++i)
      if (dims[i].empty()) dims[i] = "dim_" + std::to_string(i);
    by_shape[{dims, ds.is_string()}].push_back(name);
  }
  for (auto& [shape, names] : by_shape)
    out.push_back({table_name(group, shape.first, shape.second), group, shape.first, names, shape.second});
  for (const std::string& sub : g.groups()) plan_group(file, (group == "/" ? "" : group) + "/" + sub, out);
}

// The labels of a coordinate: its scale's values as text, or 0..n-1 without a scale.
std::vector<std::string> coordinate(const h5::Group& g, const std::string& dim, std::size_t n) {
  std::vector<std::string> labels;
  if (g.has(dim) && g.dataset(dim).is_scale()) {
    const h5::Dataset ds = g.dataset(dim);
    if (ds.is_string()) return ds.read_strings();
    for (const double v : ds.read<double>()) labels.push_back(number(v));
    return labels;
  }
  for (std::size_t i = 0; i < n; ++i) labels.push_back(std::to_string(i));
  return labels;
}

void write_table(const h5::File& file, const ExportTable& t, std::ostream& o) {
  const h5::Group g = open_group(file, t.group);
  const std::string variable = t.file == "series.csv" ? "outcome" : "variable";
  for (const auto& d : t.dims) o << csv_field(d) << ",";
  o << variable << ",value\n";
  for (const std::string& name : t.names) {
    const h5::Dataset ds = g.dataset(name);
    const std::vector<hsize_t> shape = ds.shape();
    std::vector<std::vector<std::string>> coords;
    for (std::size_t i = 0; i < shape.size(); ++i) coords.push_back(coordinate(g, t.dims[i], shape[i]));
    std::vector<std::string> values;
    if (t.text) {
      for (const auto& s : ds.read_strings()) values.push_back(csv_field(s));
    } else {
      for (const double v : ds.read<double>()) values.push_back(number(v));
    }
    std::vector<std::size_t> index(shape.size(), 0);
    const std::string field = csv_field(name);
    for (const std::string& value : values) {
      for (std::size_t i = 0; i < index.size(); ++i)
        o << csv_field(index[i] < coords[i].size() ? coords[i][index[i]] : std::to_string(index[i])) << ",";
      o << field << "," << value << "\n";
      for (std::size_t i = index.size(); i-- > 0;) {  // the last axis fastest (row-major)
        if (++index[i] < shape[i]) break;
        index[i] = 0;
      }
    }
  }
}

void write_variables(const h5::File& file, const std::vector<ExportTable>& tables, std::ostream& o) {
  o << "table,group,variable,units,long_name\n";
  for (const ExportTable& t : tables) {
    const h5::Group g = open_group(file, t.group);
    for (const std::string& name : t.names) {
      const h5::Dataset ds = g.dataset(name);
      const auto attr = [&](const char* a) { return ds.has_attr(a) ? ds.get_attr_string(a) : std::string(); };
      o << csv_field(t.file) << "," << csv_field(t.group) << "," << csv_field(name) << "," << csv_field(attr("units"))
        << "," << csv_field(attr("long_name")) << "\n";
    }
  }
}

template <class Write>
void write_file(const std::filesystem::path& target, Write write) {
  std::ostringstream o;
  write(o);
  write_text_whole(target, o.str());
}

std::vector<ExportTable> plan_unprobed(const std::string& path) {
  const h5::File file = h5::File::open_read(path);
  std::vector<ExportTable> tables;
  plan_group(file, "/", tables);
  return tables;
}

}  // namespace

std::vector<ExportTable> plan_export(const std::string& path) {
  // A file that crashes HDF5 crashes a child, never this process: the child plans and reads
  // every table as write_export will, into a stream that keeps nothing.
  h5::probe_untrusted(path, [&] {
    const std::vector<ExportTable> tables = plan_unprobed(path);
    const h5::File file = h5::File::open_read(path);
    std::ostream nowhere(nullptr);
    for (const ExportTable& t : tables) write_table(file, t, nowhere);
    write_variables(file, tables, nowhere);
  });
  return plan_unprobed(path);
}

std::vector<std::string> export_files(const std::vector<ExportTable>& tables) {
  std::vector<std::string> files;
  for (const ExportTable& t : tables) files.push_back(t.file);
  files.emplace_back("variables.csv");
  return files;
}

void write_export(const std::string& path, const std::vector<ExportTable>& tables, const std::filesystem::path& dir) {
  const h5::File file = h5::File::open_read(path);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted ||
      ec == std::errc::read_only_file_system)  // nothing was written: bad input
    throw files::Refused("cannot create the folder " + dir.string() + ": " + ec.message() +
                         " (check the permissions of its parent folder)");
  if (ec) throw std::runtime_error("cannot create the folder " + dir.string() + ": " + ec.message());
  for (const ExportTable& t : tables) write_file(dir / t.file, [&](std::ostream& o) { write_table(file, t, o); });
  write_file(dir / "variables.csv", [&](std::ostream& o) { write_variables(file, tables, o); });
}

}  // namespace buurtsim::io
