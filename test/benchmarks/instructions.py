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
    options = [a for a in sys.argv[2:] if not a.startswith(("--rounds", "--keep="))]
    with tempfile.TemporaryDirectory() as work:
        command = ["valgrind", "--tool=callgrind", "--collect-atstart=no",
                   "--toggle-collect=ns3::Simulator::Run()",
                   f"--callgrind-out-file={work}/cg.%p", bench, *options, "--floor",
                   "--rounds=1"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stdout + done.stderr)
            return done.returncode
        counts = []
        for name in os.listdir(work):
            path = os.path.join(work, name)
            with open(path) as profile:
                total = re.search(r"^totals:\s+(\d+)", profile.read(), re.M)
            counts.append((os.stat(path).st_mtime_ns, int(total.group(1)) if total else 0,
                           path))
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
    print(done.stdout.splitlines()[0])
    print(f"{'run':<18} {'packets':>9} {'instructions/packet':>20} {'x floor':>8} {'x unsigned':>11}")
    floor = per_packet["floor (UDP)"]
    unsigned = per_packet.get("ntp none+passive")
    for name, packets, _ in rows:
        ratio = "-" if name.startswith("floor") else f"{per_packet[name] / floor:.3f}"
        signed = name not in ("floor (UDP)", "ntp", "ntp none+passive")
        versus = f"{per_packet[name] / unsigned:.3f}" if signed and unsigned else "-"
        print(f"{name:<18} {packets:>9} {per_packet[name]:>20.0f} {ratio:>8} {versus:>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
