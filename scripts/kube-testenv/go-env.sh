# Sourced by build.sh, build-helm.sh and gen-gomod.sh: the Go toolchain as these builds use it —
# the machine's own Go (never a downloaded toolchain), modules resolved from go.mod, static binaries.
export PATH="$PATH:/usr/local/go/bin"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GOFLAGS="${GOFLAGS:--mod=mod}"
export CGO_ENABLED="${CGO_ENABLED:-0}"
