"""The SLURM backend: a sweep's runs as the tasks of job arrays.

The submitting machine plans the sweep and writes each run's command.json;
sbatch submits one job array per (at most) 1000 runs, task i running line i
of a task list (a run folder) through `ntp-peer-sweep --slurm-task LIST`,
which executes the run exactly as the local backend does and writes its
status.json. The submitter then waits for the jobs to leave the queue and
collects the results. The sweep folder must therefore be on a file system
the compute nodes share (as SLURM clusters have).

OUT/.slurm/jobs.json remembers which job ran which runs: a sweep submitted
with --no-wait, or interrupted while waiting, is resumed by the same
command, which waits for the jobs still queued or running and submits only
the runs that have no result and no job any more.
"""

import json
import os
import shutil
import subprocess
import sys
import time

from . import runs
from .cli import UsageError

TOOL = "ntp-peer-sweep"
# SLURM's default MaxArraySize is 1001: task indices 0..1000.
ARRAY_LIMIT = 1000
POLL_S = 1.0


def check_commands():
    missing = [c for c in ("sbatch", "squeue") if shutil.which(c) is None]
    if missing:
        raise UsageError(f"--backend slurm: {' and '.join(missing)} not found (accepted: --backend "
                         "local, or slurm where SLURM's client commands are installed, e.g. "
                         "Debian's slurm-client)")


def jobs_path(out):
    return os.path.join(out, ".slurm", "jobs.json")


def load_jobs(out):
    return runs.read_json(jobs_path(out)) or []


def queued_jobs():
    """Array job ids of this user's jobs still in the queue (pending or running)."""
    done = subprocess.run(["squeue", "-h", "-u", str(os.getuid()), "-o", "%F"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"squeue failed: {runs.first_line(done.stderr)}")
    return set(done.stdout.split())


def pending(out):
    """Whether jobs of this sweep are still queued (something to wait for)."""
    if not load_jobs(out):
        return False
    return bool({j["job"] for j in load_jobs(out)} & queued_jobs())


def submit(out, run_dirs, sbatch_options, throttle):
    """Submits the runs; returns (job id, its run folders) per job array."""
    folder = os.path.join(out, ".slurm")
    os.makedirs(folder, exist_ok=True)
    script = os.path.join(folder, "task.sh")
    entry = os.path.abspath(sys.argv[0])
    with open(script, "w", encoding="utf-8") as f:
        f.write("#!/bin/sh\n# One run of an ntp-peer sweep per array task (written by ntp-peer-sweep).\n"
                f'exec {sys.executable} {entry} --slurm-task "$1"\n')
    os.chmod(script, 0o755)
    ids = []
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for start in range(0, len(run_dirs), ARRAY_LIMIT):
        chunk = run_dirs[start:start + ARRAY_LIMIT]
        tasks = os.path.join(folder, f"tasks-{stamp}-{start // ARRAY_LIMIT}.txt")
        with open(tasks, "w", encoding="utf-8") as f:
            f.write("".join(f"{d}\n" for d in chunk))
        array = f"0-{len(chunk) - 1}" + (f"%{throttle}" if throttle else "")
        argv = ["sbatch", "--parsable", f"--array={array}", "--job-name=ntp-peer-sweep",
                f"--output={folder}/slurm-%A_%a.out", f"--chdir={os.getcwd()}", "--ntasks=1",
                *sbatch_options, script, tasks]
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"sbatch refused the job array: {runs.first_line(done.stderr)}")
        ids.append((done.stdout.strip().split(";")[0], chunk))
        print(f"{TOOL}: submitted {len(chunk)} run{'s' if len(chunk) > 1 else ''} as SLURM job "
              f"array {ids[-1][0]}", file=sys.stderr)
    return ids


def run(out, todo, progress, sbatch_options, throttle, wait):
    """Submits what is to do, waits (unless told not to); True when all ended."""
    jobs = load_jobs(out)
    queued = queued_jobs() if jobs else set()
    # Runs whose job is still queued are waited for, not submitted twice.
    waiting = {d for j in jobs if j["job"] in queued for d in j["dirs"]}
    fresh = [d for d in todo if d not in waiting]
    if waiting & set(todo):
        print(f"{TOOL}: {len(waiting & set(todo))} run(s) still queued or running in SLURM: waiting "
              "for them", file=sys.stderr)
    try:
        for job, dirs in submit(out, fresh, sbatch_options, throttle) if fresh else []:
            jobs.append({"job": job, "dirs": dirs})
    except RuntimeError as error:
        print(f"{TOOL}: {error}", file=sys.stderr)
        sys.exit(1)
    runs.write_json_atomically(jobs_path(out), jobs)
    if not wait:
        print(f"{TOOL}: not waiting (--no-wait): the same command waits for the jobs and collects "
              "the results", file=sys.stderr)
        return False
    ours = {j["job"] for j in jobs}
    left = set(todo)
    while True:
        still = bool(ours & queued_jobs())
        for run_dir in sorted(left):
            status = runs.read_json(os.path.join(run_dir, "status.json"))
            if status:
                left.discard(run_dir)
                progress.done(status["status"])
        if not still:
            break
        time.sleep(POLL_S)
    for run_dir in sorted(left):
        # The task never wrote its result: killed, out of time, node lost.
        logs = os.path.join(out, ".slurm")
        runs.write_json_atomically(os.path.join(run_dir, "status.json"), {
            "status": "failed", "exit_code": None, "argv": None, "wall_s": None,
            "message": f"no result from its SLURM task (see {logs}/slurm-*.out)"})
        progress.done("failed")
    return True


def task(argv):
    """Inside a SLURM array task: run line SLURM_ARRAY_TASK_ID of the list."""
    if len(argv) != 1 or "SLURM_ARRAY_TASK_ID" not in os.environ:
        print(f"{TOOL}: --slurm-task LIST runs inside a SLURM array task (accepted: the job "
              "script that --backend slurm submits)", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        run_dirs = f.read().split("\n")
    run_dir = run_dirs[int(os.environ["SLURM_ARRAY_TASK_ID"])]
    status = runs.execute(run_dir)
    print(json.dumps({"run": run_dir, **{k: status[k] for k in ("status", "exit_code", "message")}}))
    return 0
