#!/usr/bin/env python3
"""Lists the GPU architectures a CUDA shared library (or a jar holding one, e.g. nd4j-cuda) carries code for.

Usage: bench/fatbin_archs.py FILE.so|FILE.jar ...  ->  one JSON line per library:
{"library", "cubin": ["sm_37", ...], "ptx": [...], "entries_per_arch": N}.
A GPU can run the library if a cubin's architecture has the GPU's major version and a minor version <= the GPU's
(sm_86 runs on 8.6 and 8.9, not on 9.0), or if PTX for an architecture <= the GPU's is present (JIT-compiled on
first load). Reads the fatbinary containers (magic 0xBA55ED50) directly, so no CUDA toolkit is needed.
"""
import collections, json, struct, sys, zipfile

FATBIN_MAGIC = struct.pack("<I", 0xBA55ED50)
KINDS = {1: "ptx", 2: "cubin"}


def archs(data):
    """Counts (kind, sm) entries over every fatbinary container in a library image."""
    found = collections.Counter()
    pos = 0
    while (i := data.find(FATBIN_MAGIC, pos)) >= 0:
        _, _, header, size = struct.unpack_from("<IHHQ", data, i)
        off, end = i + header, i + header + size
        while off + 32 <= end:
            kind, _, entry_header, entry_size = struct.unpack_from("<HHIQ", data, off)
            arch = struct.unpack_from("<I", data, off + 28)[0]
            found[(KINDS.get(kind, str(kind)), arch)] += 1
            off += entry_header + entry_size
        pos = max(end, i + 4)
    return found


def libraries(path):
    if path.endswith(".jar"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if ".so" in name.rsplit("/", 1)[-1]:
                    yield f"{path}!{name}", z.read(name)
    else:
        with open(path, "rb") as f:
            yield path, f.read()


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) > 1 else 2)
    for path in sys.argv[1:]:
        for name, data in libraries(path):
            found = archs(data)
            if not found:
                continue
            by_kind = lambda k: sorted({f"sm_{a}" for (kind, a) in found if kind == k}, key=lambda s: int(s[3:]))
            print(json.dumps({"library": name, "cubin": by_kind("cubin"), "ptx": by_kind("ptx"),
                              "entries_per_arch": max(found.values())}))


if __name__ == "__main__":
    main()
