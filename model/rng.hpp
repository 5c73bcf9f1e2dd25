#pragma once
// Counter-based random streams (Philox4x32-10, Random123).
//
// Every draw is a pure function of (seed, replicate, stream, week, agent, k): no generator
// state is carried between draws, so results do not depend on how work is split over threads
// or MPI ranks, and replicate r of one scenario sees exactly the draws of replicate r of any
// other scenario for every stream it shares (common random numbers).
//
// Key   = the 64-bit seed.
// Counter = {agent, week + kWeekOffset, stream id, replicate (16 bits) | block (16 bits)}.
// One Philox call yields four 32-bit words; `block` numbers successive calls for the same
// (stream, week, agent), so one decision can take up to 2^16 * 4 words.
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <string_view>

namespace buurtsim {

// A stream is named; its id is the 32-bit FNV-1a hash of the name. Names are listed once in
// model/streams.hpp, and a test checks that no two hash alike.
constexpr std::uint32_t stream_id(std::string_view name) {
  std::uint32_t h = 2166136261u;
  for (char c : name) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 16777619u;
  }
  return h;
}

struct StreamKey {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
};

// Draws for one (stream, week, agent): a short-lived, stack-only object.
// REQUIRES: replicate < 2^16, week + kWeekOffset >= 0.
class Draws {
 public:
  static constexpr std::int64_t kWeekOffset = 1 << 20;

  Draws(StreamKey key, std::uint32_t stream, std::int64_t week, std::uint32_t agent)
      : key_{{static_cast<std::uint32_t>(key.seed), static_cast<std::uint32_t>(key.seed >> 32)}},
        ctr_{{agent, static_cast<std::uint32_t>(week + kWeekOffset), stream, (key.replicate & 0xFFFFu) << 16}} {}

  // Next 32 random bits.
  std::uint32_t bits() {
    if (used_ == 4) refill();
    return out_[used_++];
  }
  // Uniform on [0, 1) with 53 random bits.
  double uniform() {
    const std::uint64_t hi = bits() >> 5;  // 27 bits
    const std::uint64_t lo = bits() >> 6;  // 26 bits
    return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
  }
  // Uniform on [0, 1) with 32 random bits: one word, for decisions (Bernoulli trials).
  double uniform32() { return static_cast<double>(bits()) * 0x1.0p-32; }
  // True with probability p (resolution 2^-32; exact for p = 0 and p = 1).
  bool bernoulli(double p) { return uniform32() < p; }
  // Uniform integer in [0, n), unbiased (Lemire's method with rejection).
  std::uint32_t below(std::uint32_t n) {
    std::uint64_t m = static_cast<std::uint64_t>(bits()) * n;
    auto low = static_cast<std::uint32_t>(m);
    if (low < n) {
      const std::uint32_t threshold = (0u - n) % n;
      while (low < threshold) {
        m = static_cast<std::uint64_t>(bits()) * n;
        low = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32);
  }
  // Standard normal (Box-Muller; uses two uniforms, returns one value).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Poisson by inversion; for the small means used in the model (REQUIRES: mean < 50).
  std::uint32_t poisson(double mean) {
    if (mean <= 0.0) return 0;
    const double u = uniform();
    double p = std::exp(-mean), cdf = p;
    std::uint32_t k = 0;
    while (u >= cdf && k < 1000) {
      ++k;
      p *= mean / k;
      cdf += p;
      if (p < 1e-300) break;
    }
    return k;
  }

 private:
  using Philox = r123::Philox4x32;
  void refill() {
    out_ = Philox()(ctr_, key_);
    ctr_[3] = (ctr_[3] & 0xFFFF0000u) | ((ctr_[3] + 1u) & 0xFFFFu);
    used_ = 0;
  }
  Philox::key_type key_;
  Philox::ctr_type ctr_;
  Philox::ctr_type out_{};
  std::size_t used_ = 4;
};

}  // namespace buurtsim
