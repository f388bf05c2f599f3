#!/usr/bin/env bash
# Runs the device assemblies on the real nanoFramework interpreter (nf-interpreter's Linux build, targets/posix),
# converted to .pe by the real metadata processor. Issue #18; how to use it: build/nanoclr/README.md.
#
#   nanoclr.sh convert   build the device assemblies (Release) and convert each to .pe       -> $NANOCLR_WORK/pe
#   nanoclr.sh run       load every .pe on the interpreter, run the on-device tests, compare with the host run
#   nanoclr.sh app       the whole terminal: the bootstrap adopts a signed bundle of Terminal.App.pe from a RAM drive and
#                        the application checks the demo's 22 cards; its outbox is compared with the host demo's terminal
#   nanoclr.sh measure   run both N times (NANOCLR_RUNS, default 5) and print the RESULT line from the medians
#
# Needs, built outside the repository (never commit them or anything built from upstream):
#   NANOCLR      the interpreter binary (nf-interpreter targets/posix: bin/nanoFramework.nanoCLR.test)
#   MDP          the metadata processor (nanoFramework.Tools.MetadataProcessor.dll, run with `dotnet`)
#   NF_INTERPRETER  the nf-interpreter checkout NANOCLR was built from (read for its native-assembly checksums)
#   NANOCLR_WORK    scratch directory (default /tmp/nanoclr-work)
#   NANOCLR_RUNTIME_NATIVE  optional: the real nanoFramework.Runtime.Native.pe (built from its public source, outside
#                   the repository); app then loads it instead of the stub and the run prints its managed heap
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${NANOCLR_WORK:-/tmp/nanoclr-work}"
CONFIG="${NANOCLR_CONFIGURATION:-Release}"
CORELIB_VERSION=1.17.11
CORELIB="${NUGET_PACKAGES:-$HOME/.nuget/packages}/nanoframework.corelibrary/$CORELIB_VERSION/lib"

# Load order: dependencies first (the interpreter resolves references after loading all of them, but a stable order
# keeps the output comparable). The stubs are the reference stubs under stubs/; nanoFramework.TestFramework is the
# implemented stand-in (Terminal.Tests.Device.Runner/TestFramework), not the stub.
STUBS="System.IO.Streams System.IO.FileSystem System.Threading System.Device.Gpio System.Device.Spi System.Device.I2c
System.Device.Pwm System.Net System.Device.Wifi nanoFramework.Runtime.Native nanoFramework.Hardware.Esp32
nanoFramework.System.Security.Cryptography nanoFramework.Networking.Sntp nanoFramework.M2Mqtt.Core nanoFramework.M2Mqtt
Iot.Device.Card Iot.Device.Mifare Iot.Device.Mfrc522"
OURS="Terminal.Drivers:Terminal.Drivers.DeviceCompile Terminal.Firmware:Terminal.Firmware.DeviceCompile
Terminal.App:Terminal.App.DeviceCompile nanoFramework.TestFramework:nanoFramework.TestFramework.Interpreter
Terminal.Tests.Device:Terminal.Tests.Device.DeviceCompile Terminal.Tests.Device.Runner:Terminal.Tests.Device.Runner.DeviceCompile
Terminal.Posix:Terminal.Posix.DeviceCompile"

die() { echo "nanoclr: $*" >&2; exit 1; }
need() { [ -n "${!1:-}" ] && [ -e "${!1}" ] || die "set $1 (see build/nanoclr/README.md); now '${!1:-}'"; }

# Every PE file convert makes, in load order.
all_pe() {
  echo "$WORK/pe/mscorlib.pe"
  for s in $STUBS; do echo "$WORK/pe/$s.pe"; done
  for o in $OURS; do echo "$WORK/pe/${o%%:*}.pe"; done
}

# The on-device test run: everything but the whole-terminal run's assembly.
pe_list() { all_pe | grep -v '/Terminal.Posix.pe$'; }

# The whole-terminal run: the bootstrap side only (mscorlib, stubs, drivers, bootstrap, the posix run) and the image
# assemblies; Terminal.App.pe reaches the interpreter only inside the signed bundle on the drive.
app_pe_list() {
  all_pe | grep -vE '/(Terminal.App|nanoFramework.TestFramework|Terminal.Tests.Device|Terminal.Tests.Device.Runner)\.pe$' \
    | sed "s#^$WORK/pe/nanoFramework.Runtime.Native.pe\$#${NANOCLR_RUNTIME_NATIVE:-$WORK/pe/nanoFramework.Runtime.Native.pe}#"
  for f in "$WORK"/image/Terminal.Posix.Image.Part*.pe; do echo "$f"; done
  echo "$WORK/image/Terminal.Posix.Image.pe"
}

convert() {
  need MDP; need NF_INTERPRETER
  rm -rf "$WORK/dll" "$WORK/pe"; mkdir -p "$WORK/dll" "$WORK/pe"
  echo "convert: building the device assemblies ($CONFIG)"
  for p in Terminal.Tests.Device.Runner/DeviceCompile/Terminal.Tests.Device.Runner.DeviceCompile.csproj \
           Terminal.Tests.Device.Runner/DeviceCompile/nanoFramework.TestFramework.Interpreter.csproj \
           Terminal.Posix/DeviceCompile/Terminal.Posix.DeviceCompile.csproj; do
    dotnet build "$REPO/$p" -c "$CONFIG" -nologo -v:q -m:2 >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; die "device build failed: $p"; }
  done
  cp "$CORELIB/mscorlib.dll" "$WORK/dll/"
  cp "$CORELIB/mscorlib.pe" "$WORK/pe/"   # the NuGet .pe (the processor makes a byte-identical one from the .dll)
  for s in $STUBS; do cp "$REPO/artifacts/device/$s/$s.dll" "$WORK/dll/"; done
  for o in $OURS; do cp "$REPO/artifacts/device/${o#*:}/${o%%:*}.dll" "$WORK/dll/"; done

  local hints=() failed=0 n=0
  for f in "$WORK"/dll/*.dll; do hints+=(-loadHints "$(basename "$f" .dll)" "$f"); done
  for f in $(all_pe); do
    local name; name="$(basename "$f" .pe)"
    [ "$name" = mscorlib ] && continue
    # -verbose must come first: the processor applies options in order.
    if ! dotnet "$MDP" -verbose "${hints[@]}" -parse "$WORK/dll/$name.dll" -compile "$f" false >"$WORK/pe/$name.log" 2>&1 \
       || [ ! -s "$f" ] || grep -q "Exception\|Unable to" "$WORK/pe/$name.log"; then
      echo "convert: FAILED $name" >&2
      # The processor's exception names the type or member it could not handle.
      grep -E "Exception|Unable|at nanoFramework|type|Type" "$WORK/pe/$name.log" | head -20 >&2
      failed=$((failed + 1)); continue
    fi
    n=$((n + 1))
  done
  patch_native_checksums
  for f in $(all_pe); do [ -s "$f" ] && printf '  %-45s %8d bytes\n' "$(basename "$f")" "$(stat -c %s "$f")"; done
  echo "convert: $n assemblies converted, $failed failed (+ mscorlib.pe from nanoFramework.CoreLibrary $CORELIB_VERSION)"
  [ "$failed" -eq 0 ] || exit 1
}

# The stubs declare no native methods, so their .pe carries native checksum 0; the interpreter refuses an assembly
# whose name has a native table with a different checksum. Write the interpreter's own checksum (read from the
# checkout it was built from) and recompute the header CRC. Only stubs are patched: ours have no natives.
patch_native_checksums() {
  python3 - "$NF_INTERPRETER" "$WORK/pe" $STUBS <<'EOF'
import re, struct, sys, pathlib
src, pe_dir, names = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3:]
table = []
for i in range(256):  # CRC-32, polynomial 0x04C11DB7, not reflected, as nanoSupport_CRC32.c
    c = i << 24
    for _ in range(8):
        c = ((c << 1) ^ 0x04C11DB7) if c & 0x80000000 else (c << 1)
    table.append(c & 0xFFFFFFFF)
def crc(data):
    v = 0
    for b in data:
        v = (table[((v >> 24) ^ b) & 0xFF] ^ (v << 8)) & 0xFFFFFFFF
    return v
# The native assemblies the posix build registers (its interop table), then their names and checksums.
registered = set(re.findall(r'&(g_CLR_AssemblyNative_\w+)', (src / "targets/posix/nanoCLR/posix_stubs.cpp").read_text()))
natives = {}
for f in list(src.glob("src/**/*native*.cpp")):
    for m in re.finditer(r'CLR_RT_NativeAssemblyData\s+(g_CLR_AssemblyNative_\w+)\s*=\s*\{\s*"([\w.]+)",\s*(0x[0-9A-Fa-f]+)', f.read_text(errors="ignore")):
        if m.group(1) in registered:
            natives[m.group(2)] = int(m.group(3), 16)
HEADER = 124  # sizeof(CLR_RECORD_ASSEMBLY): checksum at 20, header CRC at 8 (computed with itself zeroed)
for name in names:
    if name not in natives:
        continue
    p = pe_dir / (name + ".pe")
    data = bytearray(p.read_bytes())
    old = struct.unpack_from("<I", data, 20)[0]
    struct.pack_into("<I", data, 20, natives[name])
    struct.pack_into("<I", data, 8, 0)
    struct.pack_into("<I", data, 8, crc(bytes(data[:HEADER])))
    p.write_bytes(bytes(data))
    print("convert: %s native checksum 0x%08X -> 0x%08X (the interpreter's; stub bodies still run, not natives)" % (name, old, natives[name]))
EOF
}

# One interpreter run; its output in $1. Fails loudly without the END line (the interpreter exits 0 on an uncaught
# exception and prints nothing), and names each assembly that did not load.
run_once() {
  need NANOCLR
  local out="$1" list="${2:-pe_list}" files=()
  for f in $($list); do [ -s "$f" ] || die "missing $f: run convert first"; files+=("$f"); done
  timeout "${NANOCLR_TIMEOUT:-600}" "$NANOCLR" "${files[@]}" >"$out" 2>&1 || true
  # The interpreter names the assembly in each load failure: a missing reference, a native checksum it refuses.
  if grep -qE 'Link failure|needs assembly|Invalid native checksum|^Error: ' "$out"; then
    grep -E 'Link failure|needs assembly|Invalid native checksum|^Error: ' "$out" >&2
    die "an assembly did not load (interpreter output: $out)"
  fi
  local loaded
  loaded=$(grep -cE '^ *Assembly: ' "$out" || true)
  echo "$loaded"
}

host_run() {
  # The same tests, runner and stand-in on .NET: DeviceTestProjectTests prints the runner's TEST lines.
  dotnet test "$REPO/Terminal.Tests/Terminal.Tests.csproj" --filter "FullyQualifiedName~DeviceTestProjectTests.Portable_on_device_tests_pass_on_the_host" \
    --logger "console;verbosity=detailed" -nologo 2>&1 | grep -E '^\s*(TEST|TIMING) ' | sed 's/^\s*//' | awk '!seen[$0]++' >"$1" || true
}

run() {
  mkdir -p "$WORK/run"
  local out="$WORK/run/nanoclr.out" loaded
  loaded=$(run_once "$out")
  echo "run: $(pe_list | wc -l) assemblies given, $loaded loaded (interpreter output: $out)"
  grep -E '^(TEST|TIMING|END) ' "$out" | sed 's/^/nanoclr: /'
  grep -q '^END tests ' "$out" || { tail -30 "$out" >&2; die "no END line: the run did not finish (see $out)"; }
  host_run "$WORK/run/host.out"
  sed 's/^/host:    /' "$WORK/run/host.out"
  compare "$WORK/run/host.out" "$out"
}

# Each test's verdict on the interpreter against the host's; hardware-only tests run on neither.
compare() {
  python3 - "$1" "$2" <<'EOF'
import sys
def verdicts(path):
    r = {}
    for line in open(path, errors="replace"):
        p = line.strip().split(" ", 3)
        if len(p) >= 3 and p[0] == "TEST":
            r[p[1]] = p[2]
    return r
host, nano = verdicts(sys.argv[1]), verdicts(sys.argv[2])
same = 0
for name in sorted(set(host) | set(nano)):
    h, n = host.get(name, "absent"), nano.get(name, "absent")
    ok = h == n or (h == "absent" and n == "NOT_RUNNABLE")
    same += ok
    print("compare: %-58s host=%-6s nanoclr=%-12s %s" % (name, h, n, "same" if ok else "DIFFERENT"))
differ = len(set(host) | set(nano)) - same
print("compare: %d tests, %d same, %d different" % (same + differ, same, differ))
sys.exit(1 if differ or not host else 0)
EOF
}

# csc from the SDK that runs this script, for the image assemblies (generated per run, so not projects).
csc() {
  local sdk; sdk="$(dotnet --list-sdks | tail -1 | sed -E 's/^([^ ]+) \[(.*)\]$/\2\/\1/')"
  dotnet "$sdk/Roslyn/bincore/csc.dll" -nologo -noconfig -nostdlib -langversion:10 -deterministic -optimize+ -warnaserror+ "$@"
}

# The image of one whole-terminal run: the host writes it (with the host demo terminal's events for it), csc compiles
# it against the real mscorlib and Terminal.Posix, the metadata processor converts it.
app_image() {
  need MDP
  [ -s "$WORK/pe/Terminal.App.pe" ] && [ -s "$WORK/pe/Terminal.Posix.pe" ] || die "run convert first"
  rm -rf "$WORK/image"; mkdir -p "$WORK/image"
  local heap=()
  [ -n "${NANOCLR_RUNTIME_NATIVE:-}" ] && { need NANOCLR_RUNTIME_NATIVE; heap=(--heap); }
  dotnet run --project "$REPO/Terminal.Tools" -c "$CONFIG" -- dev nanoclr-image --app-pe "$WORK/pe/Terminal.App.pe" --out "$WORK/image/src" "${heap[@]}" \
    | sed 's/^/app: /'
  local refs=(-r:"$WORK/dll/mscorlib.dll" -r:"$WORK/dll/Terminal.Posix.dll") parts=() f name
  for f in "$WORK"/image/src/Part*.cs; do
    name="Terminal.Posix.Image.$(basename "$f" .cs)"
    csc -target:library "${refs[@]}" -out:"$WORK/image/$name.dll" "$f" >"$WORK/image/$name.csc.log" || { cat "$WORK/image/$name.csc.log"; die "csc failed: $name"; }
    parts+=(-r:"$WORK/image/$name.dll")
  done
  csc -target:exe -main:Terminal.Posix.Image.Program "${refs[@]}" "${parts[@]}" -out:"$WORK/image/Terminal.Posix.Image.dll" \
    "$WORK/image/src/Program.cs" >"$WORK/image/main.csc.log" || { cat "$WORK/image/main.csc.log"; die "csc failed: Terminal.Posix.Image"; }
  local hints=()
  for f in "$WORK"/dll/*.dll "$WORK"/image/*.dll; do hints+=(-loadHints "$(basename "$f" .dll)" "$f"); done
  for f in "$WORK"/image/*.dll; do
    name="$(basename "$f" .dll)"
    dotnet "$MDP" -verbose "${hints[@]}" -parse "$f" -compile "$WORK/image/$name.pe" false >"$WORK/image/$name.mdp.log" 2>&1 \
      && [ -s "$WORK/image/$name.pe" ] && ! grep -q "Exception\|Unable to" "$WORK/image/$name.mdp.log" \
      || { grep -E "Exception|Unable" "$WORK/image/$name.mdp.log" | head -5 >&2; die "the metadata processor refused $name"; }
    printf '  %-45s %8d bytes\n' "$name.pe" "$(stat -c %s "$WORK/image/$name.pe")"
  done
}

# One whole-terminal run on the interpreter, checked against the host demo's terminal; its APP line in $1.out.
app_once() {
  local out="$1" loaded
  loaded=$(run_once "$out" app_pe_list)
  grep -E '^(LOG (update|boot|list|clock)|LOADER|FAIL|END)' "$out" | sed 's/^/nanoclr: /' >&2
  # Terminal.App.pe is not among the files given: it must have come out of the verified bundle, after the run began.
  awk '/^BEGIN app/ { begun = 1 } begun && /^ *Assembly: Terminal.App / { loaded = 1 } END { exit !loaded }' "$out" \
    || die "Terminal.App was not loaded from the bundle (interpreter output: $out)"

  dotnet run --no-build --project "$REPO/Terminal.Tools" -c "$CONFIG" -- dev nanoclr-check --expected "$WORK/image/src/expected.txt" --log "$out" \
    >"$out.check" || { cat "$out.check" >&2; die "the run differs from the host demo's terminal (interpreter output: $out)"; }
  echo "$(grep '^APP ' "$out.check") loaded=$loaded"
}

app() {
  app_image
  mkdir -p "$WORK/app"
  echo "app: $(app_pe_list | wc -l) assemblies given (Terminal.App.pe only inside the bundle)"
  app_once "$WORK/app/nanoclr.out"
}

measure() {
  local runs="${NANOCLR_RUNS:-5}" i loaded=0
  mkdir -p "$WORK/measure"
  for i in $(seq 1 "$runs"); do
    loaded=$(run_once "$WORK/measure/run$i.out")
    grep -q '^END tests ' "$WORK/measure/run$i.out" || die "run $i: no END line (see $WORK/measure/run$i.out)"
    grep -E '^(TIMING|END) ' "$WORK/measure/run$i.out" | sed "s/^/run $i: /"
  done
  app_image
  for i in $(seq 1 "$runs"); do
    app_once "$WORK/measure/app$i.out" >"$WORK/measure/app$i.line"
    sed "s/^/app $i: /" "$WORK/measure/app$i.line"
  done
  python3 - "$WORK"/measure/run*.out "$WORK"/measure/app*.line "$WORK"/measure/app*.out <<'EOF'
import re, sys, statistics
files = [f for f in sys.argv[1:] if f.rsplit("/", 1)[-1].startswith("run") and f.endswith(".out")]
apps = [dict(kv.split("=", 1) for kv in open(f).read().split()[1:]) for f in sys.argv[1:] if f.endswith(".line")]
# loaded: the device assemblies the interpreter loaded in the tests' runs and the whole terminal's (Terminal.App
# through Assembly.Load), each counted once; the per-run image assemblies (generated data) are not counted.
names = set()
for f in sys.argv[1:]:
    if f.endswith(".out"):
        names |= {m.group(1) for m in re.finditer(r"^\s+Assembly: (\S+) ", open(f, errors="replace").read(), re.M)}
names = {n for n in names if not n.startswith("Terminal.Posix.Image")}
vals, passed, failed = {}, [], []
for f in files:
    for line in open(f, errors="replace"):
        p = line.split()
        if p[:1] == ["TIMING"]:
            for kv in p[1:]:
                k, _, v = kv.partition("=")
                try: vals.setdefault(k, []).append(float(v))
                except ValueError: pass
        if p[:2] == ["END", "tests"]:
            d = dict(kv.split("=") for kv in p[2:])
            passed.append(int(d["passed"])); failed.append(int(d["failed"]))
med = lambda k: statistics.median(vals[k])
fields = ["nanoclr", "loaded=%d" % len(names), "device_tests_passed=%d" % min(passed), "device_tests_failed=%d" % max(failed),
          "demo_cards=%d" % min(int(a["demo_cards"]) for a in apps), "verdicts_equal=%d" % min(int(a["verdicts_equal"]) for a in apps),
          "tap_compute_ms=%.1f" % (statistics.median(int(a["tap_compute_us"]) for a in apps) / 1000.0)]
def show(v):
    return ("%d" % v) if v == int(v) else ("%.1f" % v)
# The issue's order first (tier2_ms is TimingTests' ed25519_ms), then the rest.
for k in ("ed25519_ms", "list_lookup_us", "field_mult_us", "il_per_s", "key_expand_ms", "display_render_ms"):
    if k in vals:
        fields.append("%s=%s" % ("tier2_ms" if k == "ed25519_ms" else k, show(med(k))))
fields.append("tap_verdict_ms=%.1f" % (statistics.median(int(a["tap_verdict_us"]) for a in apps) / 1000.0))
if all(int(a["heap_samples"]) > 0 for a in apps):
    for k in ("heap_bootstrap_bytes", "heap_boot_bytes", "heap_high_water_bytes"):
        fields.append("%s=%d" % (k, statistics.median(int(a[k]) for a in apps)))
print("RESULT " + " ".join(fields) + " runs=%d app_runs=%d" % (len(files), len(apps)))
EOF
}

case "${1:-}" in
  convert) convert ;;
  run) run ;;
  app) app ;;
  measure) measure ;;
  *) echo "usage: nanoclr.sh convert|run|app|measure   (see build/nanoclr/README.md)" >&2; exit 2 ;;
esac
