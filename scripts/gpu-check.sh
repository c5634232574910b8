#!/bin/bash
# Builds llama-cpp-python with CUDA, then runs `tutor bench` and `tutor eval` on the tiny
# random-weight model and prints the figures. Unattended, offline, within about 10 minutes.
#
#   scripts/gpu-check.sh                  # uses .venv/bin/python, or python3
#   PYTHON=/path/to/python scripts/gpu-check.sh
#
# Offline means the build needs llama-cpp-python's source here: LLAMA_CPP_SOURCE (an sdist
# .tar.gz or an unpacked checkout with vendor/llama.cpp), or its sdist in WHEELHOUSE (default
# ./wheelhouse; fetch it once with internet: pip download --no-binary :all: --no-deps
# llama-cpp-python==0.3.36 -d wheelhouse). The Python environment must already hold tutor_app's
# other dependencies and scikit-build-core (install both once, with internet). A build that
# already offloads to the GPU is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
WHEELHOUSE=${WHEELHOUSE:-wheelhouse}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1

step() { printf '\n== %s (%ss so far)\n' "$1" "$SECONDS"; }

step "GPU"
if ! command -v nvidia-smi >/dev/null; then
    echo "gpu-check: nvidia-smi is missing, so there is no NVIDIA driver on this machine." >&2
    exit 2
fi
nvidia-smi --query-gpu=name,memory.total,driver_version,compute_cap --format=csv,noheader
export PATH="$PATH:/usr/local/cuda/bin"
if ! command -v nvcc >/dev/null; then
    echo "gpu-check: nvcc (the CUDA toolkit) is missing; install it to build llama.cpp with CUDA." >&2
    exit 2
fi
nvcc --version | tail -n 1

step "build llama-cpp-python with CUDA"
if "$PYTHON" -c "import llama_cpp, sys; sys.exit(0 if llama_cpp.llama_supports_gpu_offload() else 1)" 2>/dev/null; then
    echo "llama-cpp-python already offloads to the GPU; not rebuilt."
else
    SOURCE=${LLAMA_CPP_SOURCE:-}
    if [ -z "$SOURCE" ]; then
        SOURCE=$(ls "$WHEELHOUSE"/llama_cpp_python-*.tar.gz 2>/dev/null | tail -n 1 || true)
    fi
    # Only the GPU in this machine, and every core: a build for all CUDA architectures takes far longer.
    export CMAKE_ARGS="-DGGML_CUDA=on -DCMAKE_CUDA_ARCHITECTURES=native -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF"
    export CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) FORCE_CMAKE=1
    if [ -z "$SOURCE" ]; then
        echo "gpu-check: no llama-cpp-python source: set LLAMA_CPP_SOURCE or put its sdist in $WHEELHOUSE/." >&2
        exit 2
    fi
    # Offline there is no isolated build environment to download, so the build tools must be here.
    "$PYTHON" -c "import scikit_build_core" 2>/dev/null || {
        echo "gpu-check: the build needs scikit-build-core in this Python (pip install scikit-build-core, with internet, once)." >&2
        exit 2
    }
    timeout 480 "$PYTHON" -m pip install --no-index --no-deps --no-build-isolation --force-reinstall \
        --no-cache-dir "$SOURCE"
    "$PYTHON" -c "import llama_cpp, sys; sys.exit(0 if llama_cpp.llama_supports_gpu_offload() else 1)" || {
        echo "gpu-check: the new build cannot offload to the GPU." >&2
        exit 1
    }
fi

step "tiny model"
{ read -r TUTOR_MODEL; read -r TUTOR_MMPROJ; } < <("$PYTHON" -c '
import sys
from pathlib import Path
from tutor_app.model.tiny import make_tiny_model
print(*make_tiny_model(Path(sys.argv[1])), sep="\n")
' "$WORK/model")
echo "$TUTOR_MODEL"
echo "$TUTOR_MMPROJ"
export TUTOR_MODEL TUTOR_MMPROJ TUTOR_DATA_DIR="$WORK/data" TUTOR_CONFIG="$WORK/config.toml" \
    TUTOR_BACKEND=local TUTOR_N_GPU_LAYERS=-1

step "tutor bench (GPU)"
timeout 120 "$PYTHON" -m tutor_app.cli bench --budget 60

step "tutor bench (CPU only, for the ratio)"
TUTOR_N_GPU_LAYERS=0 TUTOR_DATA_DIR="$WORK/data-cpu" timeout 120 "$PYTHON" -m tutor_app.cli bench --budget 30

step "tutor eval on the sample problems (tiny model: expect wrong answers; this checks the pipeline)"
timeout 240 "$PYTHON" -m tutor_app.cli eval --max-tokens 64 --out "$WORK/eval"

step "done"
echo "gpu-check finished in ${SECONDS}s"
