#!/bin/sh
# Regenerates the zstd fixtures of codec/tests/zstd_fixtures.rs with the zstd command line
# tool (made with v1.5.4). The content is the Argo workflow YAML of the shared corpus
# (files in name order, first 160 KiB), 200 KiB of zero bytes (RLE blocks), 2 KiB of
# pseudo-random bytes (raw blocks) and the YAML again (long-distance matches).
# Usage: sh make.sh /path/to/shared/corpus
set -eu
corpus=$1
out=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$corpus" -name '*.yaml' | LC_ALL=C sort | xargs cat 2>/dev/null | head -c 163840 > "$tmp/yaml"
{
  cat "$tmp/yaml"
  head -c 204800 /dev/zero
  python3 -c 'import random,sys; r=random.Random(7); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(2048)))'
  cat "$tmp/yaml"
} > "$tmp/content"
for level in 1 3 9 19; do
  zstd -q -f "-$level" "$tmp/content" -o "$out/level$level.zst"
done
# Streamed (no content size, window descriptor), no checksum, long-distance matching.
zstd -q -19 --long=27 --no-check < "$tmp/content" > "$out/long19-stream.zst"
# Small blocks (more blocks: repeat tables and treeless literals) and two frames.
zstd -q -f -9 --zstd=targetLength=64,windowLog=17 -B16384 "$tmp/content" -o "$tmp/a.zst"
head -c 4096 "$tmp/content" | zstd -q -3 > "$tmp/b.zst"
cat "$tmp/a.zst" "$tmp/b.zst" > "$out/blocks-two-frames.zst"
{ cat "$tmp/content"; head -c 4096 "$tmp/content"; } > "$tmp/two"
python3 - "$tmp/content" "$tmp/two" > "$out/expected.txt" <<'PY'
import sys
def fnv(b):
    h = 0xcbf29ce484222325
    for x in b:
        h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
    return h
for name, path in (("content", sys.argv[1]), ("two", sys.argv[2])):
    data = open(path, "rb").read()
    print(name, len(data), format(fnv(data), "016x"))
PY
