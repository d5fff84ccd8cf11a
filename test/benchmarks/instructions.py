#!/usr/bin/env python3
"""Instructions per packet of ntp-peer-bench's runs, against the floor.

User CPU time on a shared machine drifts from run to run; the number of
instructions a run executes does not. This runs `ntp-peer-bench --floor`
under Valgrind's callgrind, counting only inside Simulator::Run() (setup is
left out, as the bench leaves it out of its per-packet times), one file per
child process, and prints instructions per packet for each run and their
ratios: to the floor, and for signed runs to the unsigned run with passive
associations (`--auth=compare`).

    test/benchmarks/instructions.py BUILD_DIR --nodes=1000 --hours=4 --auth=compare

Any ntp-peer-bench option may follow BUILD_DIR (--floor and --rounds=1 are
added). --keep=DIR keeps the profiles there, one per run (floor.callgrind,
ntp.callgrind, ntp-hmac-sha256.callgrind, ...), for callgrind_annotate, e.g.
the functions with the most instructions of their own:

    callgrind_annotate --auto=no DIR/ntp.callgrind | head -20

--last-level=MIB also simulates the caches (callgrind --cache-sim=yes: this
machine's 48 KiB first-level data and 32 KiB instruction caches, and a
16-way last level of MIB MiB) and adds the data misses of the last level per
packet: from 10,000 routers on, where a router's state is out of cache when
its next packet comes, these and not the instructions set the time. Set it
explicitly: Valgrind's own detection can read nonsense off a virtual machine.
A tree of 2,000 routers with --last-level=8 stands for 10,000 with 32:

    test/benchmarks/instructions.py BUILD_DIR --nodes=2000 --hours=0.25 --last-level=8

Valgrind runs the simulation some 50 times slower than natively.
Needs valgrind (Debian package valgrind); exits 77 without it.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print("usage: instructions.py BUILD_DIR [ntp-peer-bench options]", file=sys.stderr)
        return 2
    if shutil.which("valgrind") is None:
        print("instructions.py: valgrind is not installed (apt-get install valgrind)",
              file=sys.stderr)
        return 77
    bench = os.path.join(sys.argv[1], "utils", "ntp-peer-bench")
    keep = [a.split("=", 1)[1] for a in sys.argv[2:] if a.startswith("--keep=")]
    if any(not directory for directory in keep) or len(keep) > 1:
        print("instructions.py: --keep=DIR takes one directory", file=sys.stderr)
        return 2
    levels = [a.split("=", 1)[1] for a in sys.argv[2:] if a.startswith("--last-level=")]
    if len(levels) > 1 or (levels and not re.fullmatch(r"[1-9]\d{0,3}", levels[0])):
        print("instructions.py: --last-level=MIB takes one size in MiB (accepted: 1..9999)",
              file=sys.stderr)
        return 2
    cache = []
    if levels:
        cache = ["--cache-sim=yes", "--D1=49152,12,64", "--I1=32768,8,64",
                 f"--LL={int(levels[0]) << 20},16,64"]
    options = [a for a in sys.argv[2:]
               if not a.startswith(("--rounds", "--keep=", "--last-level="))]
    with tempfile.TemporaryDirectory() as work:
        command = ["valgrind", "--tool=callgrind", *cache, "--collect-atstart=no",
                   "--toggle-collect=ns3::Simulator::Run()",
                   f"--callgrind-out-file={work}/cg.%p", bench, *options, "--floor",
                   "--rounds=1"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            return done.returncode
        counts = []
        misses = {}
        for name in os.listdir(work):
            path = os.path.join(work, name)
            with open(path) as profile:
                text = profile.read()
            total = re.search(r"^totals:\s+([\d ]+)$", text, re.M)
            events = re.search(r"^events:\s+(.*)$", text, re.M)
            values = [int(v) for v in total.group(1).split()] if total else [0]
            if events and len(values) > 1:
                named = dict(zip(events.group(1).split(), values))
                misses[path] = named.get("DLmr", 0) + named.get("DLmw", 0)
            counts.append((os.stat(path).st_mtime_ns, values[0], path))
        # The parent counts nothing; its children ran one after another, each
        # writing its profile as it exits (so in the order of the files' times;
        # process ids may wrap): the first variant, the floor, then the other
        # variants (ntp-peer-bench's CompareWithFloor with one round).
        profiles = [(count, path) for written, count, path in sorted(counts) if count > 0]
        runs = [count for count, path in profiles]
        rows = re.findall(r"^(floor \(UDP\)|ntp(?: \S+)?)\s+(\d+)\s+(\d+)\s", done.stdout,
                          re.M)
        if len(rows) != len(runs):
            sys.stderr.write(done.stdout)
            print(f"instructions.py: {len(runs)} profiles for {len(rows)} runs", file=sys.stderr)
            return 1
        order = [rows[1], rows[0], *rows[2:]]  # the table lists the floor first
        if keep:
            os.makedirs(keep[0], exist_ok=True)
            for (name, _, _), (_, path) in zip(order, profiles):
                file = "floor" if name.startswith("floor") else name.replace(" ", "-")
                shutil.copy(path, os.path.join(keep[0], file + ".callgrind"))
    per_packet = {name: count / int(packets) for (name, packets, _), count in zip(order, runs)}
    missed = {name: misses[path] / int(packets)
              for (name, packets, _), (_, path) in zip(order, profiles) if path in misses}
    print(done.stdout.splitlines()[0])
    header = f"{'run':<18} {'packets':>9} {'instructions/packet':>20} {'x floor':>8} {'x unsigned':>11}"
    if levels:
        header += f" {'LL misses/packet':>17} {'x floor':>8}"
        print(f"(caches simulated: last level {levels[0]} MiB, 16-way; data misses)")
    print(header)
    floor = per_packet["floor (UDP)"]
    unsigned = per_packet.get("ntp none+passive")
    for name, packets, _ in rows:
        ratio = "-" if name.startswith("floor") else f"{per_packet[name] / floor:.3f}"
        signed = name not in ("floor (UDP)", "ntp", "ntp none+passive")
        versus = f"{per_packet[name] / unsigned:.3f}" if signed and unsigned else "-"
        line = f"{name:<18} {packets:>9} {per_packet[name]:>20.0f} {ratio:>8} {versus:>11}"
        if levels:
            lastRatio = ("-" if name.startswith("floor")
                         else f"{missed[name] / missed['floor (UDP)']:.3f}")
            line += f" {missed[name]:>17.1f} {lastRatio:>8}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
