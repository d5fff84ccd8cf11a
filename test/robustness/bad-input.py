#!/usr/bin/env python3
"""Bad-input table test (issue #8): every user-facing program, every option.

Each case runs one command in a fresh, empty temporary directory (its working
directory, where every output path points) and asserts that the program
- exits with status 2 exactly (not 0 or 1, and not killed by a signal),
- says why on stderr, naming the option and what it accepts ("accepted", or
  for the few messages that describe the accepted form instead, that form),
- in a single line (ntp-peer-wire adds a second line pointing to --help),
- and leaves the directory empty: a refused run writes no file.

Usage: bad-input.py SOURCE_DIR BUILD_DIR
Only the standard library; no case opens a socket or runs a simulation when
the program behaves (each fails validation first). Quick: well under 60 s.
"""

import os
import shutil
import subprocess
import sys
import tempfile

SOURCE, BUILD = (os.path.abspath(p) for p in sys.argv[1:3])
MODE = os.path.join(BUILD, "examples", "ntp-peer-mode")
BACKUP = os.path.join(BUILD, "examples", "ntp-peer-backup")
VPN = os.path.join(BUILD, "examples", "ntp-peer-vpn")
PROBES = os.path.join(BUILD, "examples", "ntp-peer-probes")
BENCH = os.path.join(BUILD, "utils", "ntp-peer-bench")
WIRE = os.path.join(BUILD, "utils", "ntp-peer-wire")
SWEEP = os.path.join(SOURCE, "utils", "ntp-peer-sweep")
NTP_PEER = os.path.join(SOURCE, "ntp-peer")

# A case that wrongly passes validation must not run for long.
TIMEOUT_S = 20

# Values that are never a number, whatever the option.
MALFORMED_NUMBERS = ["abc", "1.5.2", "12s", " 5", "0x", "--1"]
NON_FINITE = ["nan", "NaN", "inf", "-inf", "1e400"]

# Inputs the cases read (never written): a directory, a file that is no
# capture, a path whose parent is a file. Outside the checked directory.
INPUTS = tempfile.mkdtemp(prefix="bad-input-inputs-")
NOT_A_CAPTURE = os.path.join(INPUTS, "garbage.pcap")
with open(NOT_A_CAPTURE, "wb") as f:
    f.write(b"this is not a capture file at all")
INPUT_DIR = os.path.join(INPUTS, "a-directory")
os.mkdir(INPUT_DIR)
UNDER_A_FILE = os.path.join(NOT_A_CAPTURE, "x")

# {out} in an argument is replaced by the case's own (empty) directory.
cases = []
BASES = {}


def case(program, args, option, hint=None, label=None):
    """program args must exit 2 naming option and "accepted" (or hint).

    The line printed for the case shows label, or the arguments after the
    program's valid base arguments (see *_BASE below)."""
    args = list(args)
    if label is None:
        base = BASES.get(program, [])
        shown = args[len(base):] if args[:len(base)] == base else args
        label = " ".join(shown).replace("{out}", "OUT")
    cases.append((program, args, option, hint, label))


def real_option_cases(program, name, out_of_range, base=()):
    """Out of range, malformed, non-finite and missing values of a real."""
    for value in out_of_range + MALFORMED_NUMBERS + NON_FINITE + [""]:
        case(program, [*base, f"--{name}={value}"], f"--{name}")
    case(program, [*base, f"--{name}"], f"--{name}", label=f"--{name} (no value)")


def integer_option_cases(program, name, out_of_range, base=()):
    for value in out_of_range + ["1.5", "1e1", "99999999999999999999"] + MALFORMED_NUMBERS + ["nan", ""]:
        case(program, [*base, f"--{name}={value}"], f"--{name}")
    case(program, [*base, f"--{name}"], f"--{name}", label=f"--{name} (no value)")


def flag_option_cases(program, name, base=()):
    for value in ["maybe", "2", "nan", "yes please"]:
        case(program, [*base, f"--{name}={value}"], f"--{name}")


def unwritable_file_cases(program, name, base=()):
    """Output files that cannot be created: nothing may be written anywhere."""
    for path in ["{out}", "/nonexistent-dir/x.out", UNDER_A_FILE, "{out}/missing/x.out", ""]:
        case(program, [*base, f"--{name}={path}"], f"--{name}")
    case(program, [*base, f"--{name}"], f"--{name}", label=f"--{name} (no value)")


def ns3_global_cases(program, base=()):
    """ns-3's own options keep working, but bad values are ours to refuse."""
    for value in ["abc", "-1", "", "1.5", "99999999999999999999"]:
        case(program, [*base, f"--RngRun={value}"], "--RngRun")
    for value in ["0", "abc", "", "4294944443", "-3"]:
        case(program, [*base, f"--RngSeed={value}"], "--RngSeed")
    case(program, [*base, "--ChecksumEnabled=maybe"], "--ChecksumEnabled")
    case(program, [*base, "--SchedulerType=ns3::NoSuchScheduler"], "--SchedulerType")
    # Attribute defaults: ns-3 aborted on a number it could not read.
    for value in ["abc", "0", "70000", "", "1.5"]:
        case(program, [*base, f"--ns3::NtpService::Port={value}"], "--ns3::NtpService::Port")
    case(program, [*base, "--ns3::NtpService::Discipline=Foo"], "--ns3::NtpService::Discipline")
    case(program, [*base, "--ns3::NtpService::Authenticate=maybe"], "--ns3::NtpService::Authenticate")
    case(program, [*base, "--ns3::NtpService::NoSuchAttribute=1"], "NoSuchAttribute")
    case(program, [*base, "--ns3::NoSuchType::Attribute=1"], "ns3::NoSuchType")
    case(program, [*base, "--PrintAttributes=ns3::NoSuchType"], "--PrintAttributes")
    case(program, [*base, "--noSuchOption=1"], "--noSuchOption")
    case(program, [*base, "--noSuchOption"], "--noSuchOption")
    case(program, [*base, "stray-word"], "stray-word")


# ---------------------------------------------------------------- ntp-peer-mode
# A valid run writing every output into the case's directory: if validation
# ever lets a bad value through, the files it writes fail the case.
MODE_BASE = ["--simTime=600", "--csv={out}/run.csv", "--pcap={out}/run",
             "--loopstats={out}/loop.txt", "--json"]
BASES[MODE] = MODE_BASE
for name, bad in {
    "simTime": ["0", "-1", "0.5", "1e300", "1e10", "315360001"],
    "driftA": ["-501", "501", "1e9"],
    "driftB": ["-501", "501", "-1e9"],
    "offsetB": ["1e12", "-1e12", "1000000001"],
    "delay": ["-0.001", "10.5", "1e10"],
    "asymmetry": ["-21", "21", "0.011"],  # 0.011 > 2 * the default 5 ms delay
    "jitter": ["-0.001", "11", "1e10"],
    "loss": ["-0.1", "1.01", "2"],
    "wander": ["-1", "1.5"],
    "phaseNoise": ["-1", "2"],
    "csvInterval": ["0", "-16", "0.0001", "1e12"],
}.items():
    real_option_cases(MODE, name, bad, MODE_BASE)
for name, bad in {
    "minpoll": ["3", "18", "-1"],
    "maxpoll": ["3", "18", "-1"],
    "ntpVersion": ["0", "5", "-1"],
    "stratumA": ["0", "16", "-1"],
    "precision": ["-33", "1", "-1e3"],
}.items():
    integer_option_cases(MODE, name, bad, MODE_BASE)
case(MODE, [*MODE_BASE, "--minpoll=9", "--maxpoll=8"], "--minpoll")
case(MODE, [*MODE_BASE, "--delay=0", "--asymmetry=0.001"], "--asymmetry")
for name, bad in {"auth": ["rot13", "MD5", "hmac-sha512", ""],
                  "discipline": ["kernal", "Daemon", ""]}.items():
    for value in bad:
        case(MODE, [*MODE_BASE, f"--{name}={value}"], f"--{name}")
    case(MODE, [*MODE_BASE, f"--{name}"], f"--{name}", label=f"--{name} (no value)")
# A weak algorithm the routers refuse: the scenario's answer, still exit 2.
case(MODE, [*MODE_BASE, "--auth=md5"], "--auth")
for name in ["weakAlgorithms", "keyMismatch", "passiveSourceInterface", "peerSourceAddress",
             "ipv6", "passiveAnyMode", "json", "dryRun"]:
    flag_option_cases(MODE, name, MODE_BASE)
for name in ["csv", "loopstats"]:
    unwritable_file_cases(MODE, name, [a for a in MODE_BASE if not a.startswith(f"--{name}=")])
for prefix in ["/nonexistent-dir/run", UNDER_A_FILE + "/run", "{out}/missing/run", ""]:
    case(MODE, [*[a for a in MODE_BASE if not a.startswith("--pcap=")], f"--pcap={prefix}"],
         "--pcap")
# D6: ns-3 took --version=N as "print ns-3's version" and exited 0.
case(MODE, [*MODE_BASE, "--version=4"], "--version", hint="--ntpVersion")
ns3_global_cases(MODE, MODE_BASE)

# -------------------------------------------------------------- ntp-peer-backup
BACKUP_BASE = ["--simTime=600", "--json"]
BASES[BACKUP] = BACKUP_BASE
real_option_cases(BACKUP, "simTime", ["0", "-1", "1e300", "315360001"], BACKUP_BASE)
real_option_cases(BACKUP, "failTime", ["-1", "1e300", "315360001"], BACKUP_BASE)
flag_option_cases(BACKUP, "json", BACKUP_BASE)
case(BACKUP, [*BACKUP_BASE, "--version=4"], "--version")
ns3_global_cases(BACKUP, BACKUP_BASE)

# ------------------------------------------------------------------ ntp-peer-vpn
VPN_BASE = ["--simTime=600", "--json", "--pcap={out}/vpn"]
BASES[VPN] = VPN_BASE
real_option_cases(VPN, "simTime", ["0", "-1", "1e300", "315360001"], VPN_BASE)
for value in ["wrong", "Wrong-VPN", "none,no-vpn", ""]:
    case(VPN, [*VPN_BASE, f"--mismatch={value}"], "--mismatch")
case(VPN, [*VPN_BASE, "--mismatch"], "--mismatch", label="--mismatch (no value)")
for name in ["ipv6", "json"]:
    flag_option_cases(VPN, name, VPN_BASE)
for prefix in ["/nonexistent-dir/vpn", UNDER_A_FILE + "/vpn", ""]:
    case(VPN, [*[a for a in VPN_BASE if not a.startswith("--pcap=")], f"--pcap={prefix}"],
         "--pcap")
case(VPN, [*VPN_BASE, "--version=4"], "--version")
ns3_global_cases(VPN, VPN_BASE)

# ---------------------------------------------------------------- ntp-peer-bench
BENCH_BASE = ["--nodes=2", "--hours=0.01"]
BASES[BENCH] = BENCH_BASE
integer_option_cases(BENCH, "nodes", ["1", "0", "-5", "1000001"], BENCH_BASE)
integer_option_cases(BENCH, "rounds", ["0", "-1", "51"], BENCH_BASE)
for value in ["ring", "Tree", ""]:
    case(BENCH, [*BENCH_BASE, f"--topology={value}"], "--topology")
for value in ["md5", "sha1", "HMAC-SHA256", ""]:
    case(BENCH, [*BENCH_BASE, f"--auth={value}"], "--auth")
flag_option_cases(BENCH, "floor", BENCH_BASE)
# The comparison table needs the floor runs.
case(BENCH, [*BENCH_BASE, "--auth=compare"], "--auth=compare", hint="--floor")
real_option_cases(BENCH, "hours", ["0", "-1", "87601", "1e300"], BENCH_BASE)
real_option_cases(BENCH, "drift", ["-1", "501"], BENCH_BASE)
real_option_cases(BENCH, "sampleEvery", ["-1", "86401", "1e300"], BENCH_BASE)
ns3_global_cases(BENCH, BENCH_BASE)

# ----------------------------------------------------------------- ntp-peer-wire
# Only what fails at parse time (and decode's file checks): no case may start
# a session. The peer address and --bind are valid so that the option under
# test is what is refused.
case(WIRE, [], "command")
case(WIRE, ["serve"], "serve")
for command, base in [("peer", ["peer", "127.0.0.1"]), ("passive", ["passive", "--bind", "127.0.0.1:1"])]:
    for option, values in {
        "--minpoll": ["-1", "18", "abc", "1.5", ""],
        "--maxpoll": ["-1", "18", "nan", ""],
        "--duration": ["-1", "1e9", "abc", "nan", "inf", ""],
        "--stop-after-sync": ["-1", "1e9", "nan", ""],
        "--seed": ["-1", "abc", "99999999999999999999", ""],
        "--stepout": ["-1", "86401", "inf", ""],
        "--drift": ["-501", "501", "nan", ""],
        "--initial-offset": ["1e7", "-1e7", "inf", "abc", ""],
        "--unreach": ["0", "1001", "abc", ""],
        "--local-stratum": ["0", "16", "abc", ""],
        "--corrupt-mac": ["up", "TX", ""],
        "--key-format": ["pem", ""],
    }.items():
        for value in values:
            case(WIRE, [*base, f"{option}={value}"], option)
    case(WIRE, [*base, "--key-file="], "--key-file", hint="file name")
    for flag in ["--json", "--verbose", "--allow-unauthenticated"]:
        case(WIRE, [*base, f"{flag}=yes"], flag, hint="takes no value")
    case(WIRE, [*base, "--minpoll"], "--minpoll", hint="needs a value")
    case(WIRE, [*base, "--bogus"], "--bogus")
    case(WIRE, [*base, "--minpoll=8", "--maxpoll=7"], "--minpoll", hint="--maxpoll")
for value in ["999.1.1.1", "[::1", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:abc", ""]:
    case(WIRE, ["peer", "127.0.0.1", f"--bind={value}"], "--bind")
    case(WIRE, ["passive", f"--bind={value}"], "--bind")
for value in ["0", "65536", "abc", "-1", ""]:
    case(WIRE, ["peer", "127.0.0.1", f"--port={value}"], "--port")
for value in ["0", "-1", "4294967296", "abc", ""]:
    case(WIRE, ["peer", "127.0.0.1", f"--key-id={value}"], "--key-id")
for value in ["0", "5", "abc", ""]:
    case(WIRE, ["peer", "127.0.0.1", f"--version={value}"], "--version")
case(WIRE, ["peer", "127.0.0.1", "--key-id=1"], "--key-id", hint="--key-file")
case(WIRE, ["peer"], "ADDRESS", hint="IPv4 or IPv6 literal")
case(WIRE, ["peer", "ntp.example"], "ntp.example", hint="IPv4 or IPv6 literal")
case(WIRE, ["passive"], "--bind", hint="ADDR[:PORT]")
case(WIRE, ["passive", "--bind", "127.0.0.1:1", "--key-id=1"], "--key-id")
# decode: D7 (a directory crashed it) and the files it reads.
for path in [INPUT_DIR, "/nonexistent-dir/x.pcap", UNDER_A_FILE, NOT_A_CAPTURE]:
    case(WIRE, ["decode", "--pcap", path], "--pcap")
for path in ["", INPUT_DIR, "/nonexistent-dir/keys", UNDER_A_FILE]:
    case(WIRE, ["decode", f"--key-file={path}", "--hex", "00"], "--key-file",
         hint="file name" if path == "" else None)
for value in ["0", "65536", "abc", ""]:
    case(WIRE, ["decode", "--hex", "00", f"--port={value}"], "--port")
case(WIRE, ["decode", "--hex", "00", "--key-format=pem"], "--key-format")
case(WIRE, ["decode", "--hex", "xyz"], "--hex")
case(WIRE, ["decode", "--hex="], "--hex", hint="--pcap FILE or --hex HEX")
case(WIRE, ["decode"], "--pcap", hint="--pcap FILE or --hex HEX")
case(WIRE, ["decode", "--hex", "00", "--pcap", NOT_A_CAPTURE], "--pcap",
     hint="--pcap FILE or --hex HEX")
case(WIRE, ["decode", "--hex", "00", "stray"], "stray", hint="takes no positional argument")
case(WIRE, ["decode", "--hex", "00", "--json=1"], "--json", hint="takes no value")

# ---------------------------------------------------------------- ntp-peer-sweep
SWEEP_OUT = "--out={out}/sweep"
for args, option in [
    (["--param"], "--param"),
    (["--param", "noSuchOption", "--values", "1"], "--param"),
    (["--param", "csv", "--values", "x"], "--param"),
    (["--values", "1"], "--param"),
    (["--param", "jitter"], "--values"),
    (["--param", "jitter", "--values"], "--values"),
    (["--param", "jitter", "--values", "0,,1"], "--values"),
    (["--param", "jitter", "--values", "abc"], "--jitter"),
    (["--param", "jitter", "--values", "nan"], "--jitter"),
    (["--param", "jitter", "--values", "-1"], "--jitter"),
    (["--param", "simTime", "--values", "1e300"], "--simTime"),
    (["--param", "jitter", "--values", "0", "--runs", "0"], "--runs"),
    (["--param", "jitter", "--values", "0", "--runs", "abc"], "--runs"),
    (["--param", "jitter", "--values", "0", "--runs", "1001"], "--runs"),
    (["--param", "jitter", "--values", "0", "--runs"], "--runs"),
    (["--param", "jitter", "--values", "0", "--jobs", "0"], "--jobs"),
    (["--param", "jitter", "--values", "0", "--jobs", "-1"], "--jobs"),
    (["--param", "jitter", "--values", "0", "--jobs", "257"], "--jobs"),
    (["--param", "jitter", "--values", "0", "--", "--simTime=abc"], "--simTime"),
    (["--param", "jitter", "--values", "0", "--", "--version=4"], "--version"),
    (["--bogus"], "--bogus"),
]:
    case(SWEEP, [*args, SWEEP_OUT], option)
for out in ["--out=/nonexistent-dir/sweep", f"--out={UNDER_A_FILE}", f"--out={NOT_A_CAPTURE}", "--out"]:
    case(SWEEP, ["--param", "jitter", "--values", "0", out], "--out")
# Issue #13: grids, scenario files, backends, metrics.
LAN = os.path.join(SOURCE, "scenarios", "lan-peers.yaml")
for args, option in [
    (["--param", "jitter", "--values", "0", "--param", "delay"], "--values"),
    (["--param", "jitter", "--values", "0", "--values", "1"], "--values"),
    (["--param", "jitter", "--values", "0", "--param", "jitter", "--values", "1"], "--param"),
    (["--param", "jitter", "--values", "0,0"], "--values"),
    (["--param", "RngRun", "--values", "1"], "--param"),
    (["--param", "jitter", "--values", "0", "--backend", "cloud"], "--backend"),
    (["--param", "jitter", "--values", "0", "--metric", "noSuchMetric"], "--metric"),
    (["--param", "jitter", "--values", "0", "--timeout", "0"], "--timeout"),
    (["--param", "jitter", "--values", "0", "--slurm-option=--partition=x"], "--slurm-option"),
    (["--param", "jitter", "--values", "0", "--", "--RngRun=3"], "--RngRun"),
    (["--param", "jitter", "--values", "0", "--", "--jitter=1"], "--jitter"),
    (["--param", "jitter", "--values", "0", "--program", "noSuchProgram"], "--program"),
    (["--param", "jitter", "--values", "0", "--program", "x", "--scenario", LAN], "--scenario"),
    (["--scenario", "/nonexistent.yaml", "--param", "duration", "--values", "60"], "--scenario"),
    (["--scenario", LAN, "--param", "nodes.R9.clock.frequency", "--values", "1"], "--set"),
    (["--scenario", LAN, "--param", "duration", "--values", "-5,abc"], "--set"),
    (["--scenario", LAN, "--param", "duration", "--values", "60", "--", "--seed=4"], "--seed"),
    (["--scenario", LAN, "--param", "a=b", "--values", "1"], "--param"),
]:
    case(SWEEP, [*args, SWEEP_OUT], option)

# ---------------------------------------------------------------------- ntp-peer
case(NTP_PEER, ["frobnicate"], "frobnicate")
# --------------------------------------------------------------- ntp-peer-probes
# ntp-peer-mode's options (the same table) and --prefix; a refused run
# writes none of PREFIX.plt, .dat, .sh, .txt.
PROBES_BASE = ["--simTime=600", "--json", "--prefix={out}/b"]
BASES[PROBES] = PROBES_BASE
real_option_cases(PROBES, "simTime", ["0", "-1", "1e300", "315360001"], PROBES_BASE)
real_option_cases(PROBES, "driftB", ["-501", "501"], PROBES_BASE)
integer_option_cases(PROBES, "minpoll", ["3", "18"], PROBES_BASE)
for prefix in ["/nonexistent-dir/b", UNDER_A_FILE + "/b", "{out}/missing/b", ""]:
    case(PROBES, [*PROBES_BASE[:-1], f"--prefix={prefix}"], "--prefix")
flag_option_cases(PROBES, "json", PROBES_BASE)
case(PROBES, [*PROBES_BASE, "--auth=md5"], "--auth")
ns3_global_cases(PROBES, PROBES_BASE)
case(NTP_PEER, ["--bogus"], "--bogus")
for seconds in ["abc", "0", "-5", "1.5", "86401", "99999999999999999999", ""]:
    case(NTP_PEER, ["fuzz", seconds], "fuzz time")
case(NTP_PEER, ["fuzz", "10", "20"], "fuzz takes one argument")


def run_case(program, args, option, hint, label):
    out = tempfile.mkdtemp(prefix="bad-input-")
    try:
        argv = [program] + [a.replace("{out}", out) for a in args]
        env = dict(os.environ, NTP_PEER_BUILD_DIR=BUILD)
        name = f"{os.path.basename(program)} {label}".strip()
        try:
            done = subprocess.run(argv, cwd=out, env=env, stdin=subprocess.DEVNULL,
                                  capture_output=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return name, [f"still running after {TIMEOUT_S} s (validation let it start)"]
        problems = []
        stderr = done.stderr.decode(errors="replace")
        if done.returncode < 0:
            problems.append(f"killed by signal {-done.returncode}")
        elif done.returncode != 2:
            problems.append(f"exit status {done.returncode}, expected 2")
        if option not in stderr:
            problems.append(f"stderr does not name {option}")
        if "accepted" not in stderr and (hint is None or hint not in stderr):
            problems.append("stderr does not say what is accepted"
                            + (f" (nor '{hint}')" if hint else ""))
        lines = [line for line in stderr.splitlines() if line.strip()]
        allowed = 2 if program == WIRE else 1
        if not 1 <= len(lines) <= allowed:
            problems.append(f"{len(lines)} lines on stderr, expected 1")
        left = sorted(os.listdir(out))
        if left:
            problems.append(f"wrote {', '.join(left)}")
        if problems:
            problems.append("stderr: " + stderr.strip().replace("\n", " | ")[:300])
        return name, problems
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main():
    for program in [MODE, BACKUP, PROBES, BENCH, WIRE, SWEEP, NTP_PEER]:
        if not os.access(program, os.X_OK):
            print(f"bad-input: {program} is missing: build first")
            return 1
    for program, base in BASES.items():
        print(f"{os.path.basename(program)} cases also pass: {' '.join(base)}")
    failed = 0
    try:
        for number, (program, args, option, hint, label) in enumerate(cases, 1):
            name, problems = run_case(program, args, option, hint, label)
            verdict = "ok  " if not problems else "FAIL"
            print(f"{verdict} {number:3d} {name}" + ("" if not problems else ": " + "; ".join(problems)))
            failed += bool(problems)
    finally:
        shutil.rmtree(INPUTS, ignore_errors=True)
    print(f"bad-input: {len(cases)} cases, {len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
