#!/bin/sh
# Builds llama.cpp's `llama-server` into the virtual environment's bin folder, from the llama.cpp
# that the installed llama-cpp-python vendors (its source release, fetched by pip), so the
# server reads the same GGUF files as the app. CPU build; scripts/gpu-check.sh shows a CUDA one.
# Usage: scripts/build-llama-server.sh [VENV]   (about 15 minutes on 2 cores, once)
set -eu
venv=${1:-.venv}
dest="$venv/bin/llama-server"
if [ -x "$dest" ]; then
    exit 0
fi
version=$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('llama-cpp-python'))")
# Kept like pip's wheel cache, so a new virtual environment does not build it again.
cached="${XDG_CACHE_HOME:-$HOME/.cache}/tutor_app/llama-server-$version-$(uname -m)"
if [ -x "$cached" ]; then
    cp "$cached" "$dest"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "Building llama-server from llama-cpp-python $version's llama.cpp (once, about 15 minutes on 2 cores)..."
# pip fetches the source release through the same index settings as every other install.
"$venv/bin/python" -m pip download --quiet --no-deps --no-binary llama-cpp-python -d "$work" "llama-cpp-python==$version"
tar -xzf "$work/llama_cpp_python-$version.tar.gz" -C "$work"
src="$work/llama_cpp_python-$version/vendor/llama.cpp"
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; exit 1; }
cmake --build "$work/build" --target llama-server -j "$(nproc)" >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
mkdir -p "$(dirname "$cached")"
cp "$work/build/bin/llama-server" "$cached"
cp "$cached" "$dest"
echo "llama-server built: $dest"
