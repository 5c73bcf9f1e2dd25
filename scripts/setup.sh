#!/usr/bin/env bash
# Installs the Debian 12 packages buurtsim needs (see docs/platform notes in README).
# Idempotent: checks with dpkg-query first and calls apt-get only for what is missing.
# Uses sudo only when not root; fails with a clear message when neither works.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config clang-format clang-tidy
  libboost-program-options-dev libboost-dev libtbb-dev
  libhdf5-dev libhdf5-openmpi-dev hdf5-tools
  libeigen3-dev libgtest-dev libgmock-dev libbenchmark-dev
  libtomlplusplus-dev libopenmpi-dev openmpi-bin librandom123-dev
  python3-h5py python3-numpy python3-pandas python3-matplotlib
  python3-xarray python3-h5netcdf python3-scipy
  r-base-core r-cran-hdf5r
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${#missing[@]} missing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup: error: missing packages (${missing[*]}) and this user is neither root nor has sudo." >&2
  echo "setup: ask an administrator to run: apt-get install ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get update -qq; then
  echo "setup: error: 'apt-get update' failed; check the network and the apt sources." >&2
  exit 1
fi
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  echo "setup: error: 'apt-get install ${missing[*]}' failed (see apt's message above)." >&2
  exit 1
fi
echo "setup: packages installed." >&2
