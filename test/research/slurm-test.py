#!/usr/bin/env python3
"""ntp-peer-sweep --backend slurm against a real single-node SLURM (issue #13).

The test starts its own SLURM from Debian's packages, as its own processes,
in a temporary folder: munged (a fresh key, its socket there), slurmctld and
slurmd on this machine (127.0.0.1, two free ports, a minimal slurm.conf with
linuxproc process tracking and no cgroups), and points every SLURM command at
it with SLURM_CONF. Then:
1. the 2 x 2 grid of lan-peers.yaml with 3 seeds runs as a job array: 12
   runs ok, each through its SLURM task (its log names the run), with the
   same results as the same sweep run locally (same seeds, same numbers);
2. one run's result is removed: the same command with --no-wait submits that
   run alone, and the same command again waits for it and collects all 12.
Everything is stopped at the end (jobs cancelled, daemons killed by pid).

Exit 77 (CTest: skipped), with the reason, when the machine cannot run it:
not root (slurmd starts jobs as their user) or SLURM or MUNGE not installed
(./ntp-peer test installs slurmctld, slurmd, slurm-client and munge).
"""

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ENV, SCENARIO, SOURCE, SWEEP, check, finish, rows, run  # noqa: E402

COMMANDS = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scancel"]
GRID = ["--scenario", os.path.join(SOURCE, "scenarios", "lan-peers.yaml"),
        "--param", "nodes.R2.clock.frequency", "--values", "10,40",
        "--param", "nodes.R3.clock.offset", "--values", "-0.08,0.05", "--runs", "3"]


def skip(reason):
    print(f"slurm-test: SKIPPED: {reason}")
    sys.exit(77)


def find(command):
    return shutil.which(command) or shutil.which(command, path="/usr/sbin:/sbin")


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class Slurm:
    """munged, slurmctld and slurmd in a folder of their own."""

    def __init__(self, folder):
        self.folder = folder
        self.processes = []
        self.env = dict(ENV, SLURM_CONF=os.path.join(folder, "slurm.conf"))

    def start(self, name, argv):
        log = open(os.path.join(self.folder, f"{name}.out"), "wb")
        self.processes.append((name, subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                                      stdin=subprocess.DEVNULL, env=self.env)))

    def up(self):
        d = self.folder
        for sub in ("state", "spool"):
            os.makedirs(os.path.join(d, sub))
        key = os.path.join(d, "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(128))
        os.chmod(key, 0o600)
        socket_path = os.path.join(d, "munge.sock")
        self.start("munged", [find("munged"), "--foreground", "--force", f"--key-file={key}",
                              f"--socket={socket_path}", f"--pid-file={d}/munged.pid",
                              f"--log-file={d}/munged.log", f"--seed-file={d}/munged.seed"])
        self.wait_for(lambda: os.path.exists(socket_path), "munged's socket", 10)
        host = socket.gethostname().split(".")[0]
        controller_port, node_port = free_ports(2)
        with open(os.path.join(d, "slurm.conf"), "w", encoding="utf-8") as f:
            f.write(f"""# A single-node SLURM for the ntp-peer sweep test (test/research/slurm-test.py)
ClusterName=ntppeertest
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={controller_port}
SlurmdPort={node_port}
AuthType=auth/munge
AuthInfo=socket={socket_path}
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/slurmctld.log
SlurmdLogFile={d}/slurmd.log
PlugStackConfig={d}/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName={host} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=ntppeertest Nodes={host} Default=YES MaxTime=INFINITE State=UP
""")
        open(os.path.join(d, "plugstack.conf"), "w", encoding="utf-8").close()
        conf = os.path.join(d, "slurm.conf")
        self.start("slurmctld", [find("slurmctld"), "-D", "-f", conf])
        self.start("slurmd", [find("slurmd"), "-D", "-f", conf])

        def idle():
            done = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True,
                                  env=self.env, check=False)
            return done.stdout.strip() == "idle"
        self.wait_for(idle, "the node to be idle (sinfo)", 60)

    def wait_for(self, condition, what, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            for name, process in self.processes:
                if process.poll() is not None:
                    self.fail(f"{name} exited with status {process.returncode}")
            time.sleep(0.2)
        self.fail(f"no {what} after {seconds} s")

    def fail(self, why):
        for name in ("munged.out", "slurmctld.out", "slurmd.out", "slurmctld.log", "slurmd.log"):
            path = os.path.join(self.folder, name)
            if os.path.exists(path):
                print(f"--- {name} (last lines)")
                print("".join(open(path, encoding="utf-8", errors="replace").readlines()[-15:]))
        raise RuntimeError(f"SLURM did not start: {why}")

    def down(self):
        subprocess.run(["scancel", "--user", str(os.getuid())], env=self.env,
                       capture_output=True, check=False)
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def same_results(a, b):
    """The metric columns of two runs.csv, run by run."""
    skip_columns = {"wall_s", "dir"}
    key = lambda r: (r["nodes.R2.clock.frequency"], r["nodes.R3.clock.offset"], r["run"])  # noqa: E731
    a, b = sorted(a, key=key), sorted(b, key=key)
    return len(a) == len(b) and all({k: v for k, v in x.items() if k not in skip_columns}
                                    == {k: v for k, v in y.items() if k not in skip_columns}
                                    for x, y in zip(a, b))


def main():
    if os.geteuid() != 0:
        skip("not root: slurmd must run as root to start jobs as their user")
    missing = [c for c in COMMANDS if find(c) is None]
    if missing:
        skip(f"{', '.join(missing)} not installed (Debian: slurmctld slurmd slurm-client munge, "
             "which ./ntp-peer test installs)")
    if not os.access(SCENARIO, os.X_OK):
        print(f"slurm-test: {SCENARIO} is missing: build first")
        return 1
    work = tempfile.mkdtemp(prefix="slurm-test-")
    os.chmod(work, 0o755)
    slurm = Slurm(work)
    try:
        started = time.monotonic()
        slurm.up()
        print(f"SLURM up in {time.monotonic() - started:.1f} s ({work})")
        local = os.path.join(work, "local")
        status, _, err = run([SWEEP, *GRID, "--out", local, "--no-plot"])
        check(status == 0, f"the local sweep runs ({err[-300:]!r})")

        out = os.path.join(work, "slurm")
        argv = [SWEEP, *GRID, "--out", out, "--backend", "slurm"]
        started = time.monotonic()
        status, _, err = run(argv, env=slurm.env, timeout=180)
        print(f"SLURM sweep: 12 runs in {time.monotonic() - started:.1f} s")
        check(status == 0 and "submitted 12 runs as SLURM job array" in err,
              f"slurm: 12 runs submitted as one job array, exit 0 ({status}, {err[-400:]!r})")
        found = rows(os.path.join(out, "runs.csv"))
        check(len(found) == 12 and all(r["status"] == "ok" for r in found), "slurm: 12 runs ok")
        logs = sorted(glob.glob(os.path.join(out, ".slurm", "slurm-*_*.out")))
        ran = set()
        for log in logs:
            for line in open(log, encoding="utf-8"):
                if line.startswith("{"):
                    ran.add(json.loads(line)["run"])
        check(len(logs) == 12 and len(ran) == 12,
              f"slurm: each run went through its own array task ({len(logs)} task logs)")
        check(same_results(found, rows(os.path.join(local, "runs.csv"))),
              "slurm: the results equal the local sweep's, run by run")
        check(os.path.isfile(os.path.join(out, "summary.csv"))
              and os.path.getsize(os.path.join(out, "summary.png")) > 8000,
              "slurm: summary.csv and the plot")

        # Resume: a run's result is lost.
        lost = os.path.join(out, found[4]["dir"])
        shutil.rmtree(lost)
        status, _, err = run(argv + ["--no-wait"], env=slurm.env)
        check(status == 0 and "resuming: 11 of 12 runs already done" in err
              and "submitted 1 run as SLURM job array" in err and "not waiting" in err,
              f"resume: --no-wait submits the lost run alone and returns ({err[-400:]!r})")
        status, _, err = run(argv, env=slurm.env, timeout=120)
        jobs = json.load(open(os.path.join(out, ".slurm", "jobs.json"), encoding="utf-8"))
        check(status == 0 and "submitted" not in err and len(jobs) == 2
              and jobs[1]["dirs"] == [lost],
              f"resume: the same command submits nothing more and collects it ({err[-400:]!r})")
        again = rows(os.path.join(out, "runs.csv"))
        check(len(again) == 12 and all(r["status"] == "ok" for r in again)
              and os.path.isfile(os.path.join(lost, "status.json"))
              and same_results(again, found), "resume: all 12 runs ok again, same results")
    except RuntimeError as error:
        check(False, str(error))
    finally:
        slurm.down()
        shutil.rmtree(work, ignore_errors=True)
    return finish("slurm-test")


if __name__ == "__main__":
    sys.exit(main())
