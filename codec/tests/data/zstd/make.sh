#!/bin/sh
# Regenerates the zstd fixtures of codec/tests/zstd_fixtures.rs with the zstd command line
# tool (made with v1.5.4). The content is the Argo workflow YAML of the shared corpus
# (files in name order, first 160 KiB), 400 KiB of zero bytes (RLE blocks), 2 KiB of
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
  head -c 409600 /dev/zero
  python3 -c 'import random,sys; r=random.Random(7); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(2048)))'
  cat "$tmp/yaml"
} > "$tmp/content"
for level in 1 3 9 19; do
  zstd -q -f "-$level" "$tmp/content" -o "$out/level$level.zst"
done
# Streamed (no content size, window descriptor), no checksum, long-distance matching.
zstd -q -19 --long=27 --no-check < "$tmp/content" > "$out/long19-stream.zst"
# Small blocks (more blocks: repeat tables) and five frames: 4 KiB of YAML, 300
# pseudo-random bytes (a raw block), 250 bytes of YAML (1-stream Huffman literals) and
# the first 64 KiB of YAML then three copies with every 300th byte changed, at level 1
# (a few hundred literals in the second block: treeless literals).
zstd -q -f -9 --zstd=targetLength=64,windowLog=17 -B16384 "$tmp/content" -o "$tmp/a.zst"
head -c 4096 "$tmp/content" | zstd -q -3 > "$tmp/b.zst"
python3 -c 'import random,sys; r=random.Random(8); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(300)))' > "$tmp/random"
zstd -q -3 < "$tmp/random" > "$tmp/c.zst"
head -c 250 "$tmp/content" | zstd -q -19 > "$tmp/d.zst"
head -c 65536 "$tmp/content" > "$tmp/64k"
python3 - "$tmp/64k" > "$tmp/edits" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
out = bytearray(d)
for k in range(1, 4):
    v = bytearray(d)
    for i in range(k, len(v), 300):
        v[i] = (v[i] + 17 * k) & 255
    out += v
sys.stdout.buffer.write(out)
PY
zstd -q -1 < "$tmp/edits" > "$tmp/e.zst"
cat "$tmp/a.zst" "$tmp/b.zst" "$tmp/c.zst" "$tmp/d.zst" "$tmp/e.zst" > "$out/blocks-frames.zst"
{ cat "$tmp/content"; head -c 4096 "$tmp/content"; cat "$tmp/random"; head -c 250 "$tmp/content"
  cat "$tmp/edits"; } > "$tmp/frames"
python3 - "$tmp/content" "$tmp/frames" > "$out/expected.txt" <<'PY'
import sys
def fnv(b):
    h = 0xcbf29ce484222325
    for x in b:
        h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
    return h
for name, path in (("content", sys.argv[1]), ("frames", sys.argv[2])):
    data = open(path, "rb").read()
    print(name, len(data), format(fnv(data), "016x"))
PY
