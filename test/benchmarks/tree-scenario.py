#!/usr/bin/env python3
"""Writes the scenario file of ntp-peer-bench's topology: N routers in a
binary tree, router 0 on its local clock at stratum 1, router i a symmetric
active peer of its parent (i-1)/2, 1 ms links, frequencies uniform in
+-50 ppm and offsets in +-50 ms (seeded). Used to compare the scenario
runner with the equivalent C++ program (test/benchmarks/scenario-vs-cpp.sh).

Usage: tree-scenario.py N HOURS > tree.yaml
"""
import random
import sys

import yaml


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count, hours = int(sys.argv[1]), float(sys.argv[2])
    rng = random.Random(1)
    nodes, links = {}, []
    for i in range(count):
        interfaces = {}
        lines = ["system-view"]
        if i == 0:
            lines.append("ntp-service refclock-master 1")
        else:
            parent = (i - 1) // 2
            # Link i is 10.x.y.z/30 numbered by the child: parent .1, child .2.
            base = 4 * i
            net = f"10.{base >> 16 & 255}.{base >> 8 & 255}.{base & 255}"
            prefix = net.rsplit(".", 1)[0]
            last = base & 255
            interfaces["GigabitEthernet0/0/0"] = {"ipv4": f"{prefix}.{last + 2}/30"}
            nodes[f"R{parent}"]["interfaces"][f"GigabitEthernet0/1/{i}"] = {
                "ipv4": f"{prefix}.{last + 1}/30"}
            links.append({"ends": [f"R{parent} GigabitEthernet0/1/{i}",
                                   f"R{i} GigabitEthernet0/0/0"], "delay": 0.001})
            lines.append(f"ntp-service unicast-peer {prefix}.{last + 1}")
        lines.append("commit")
        nodes[f"R{i}"] = {
            "clock": {"frequency": round(rng.uniform(-50, 50), 3),
                      "offset": round(rng.uniform(-0.05, 0.05), 4)},
            "interfaces": interfaces,
            "config": "\n".join(lines) + "\n",
        }
    yaml.safe_dump({"name": f"tree-{count}", "duration": hours * 3600, "seed": 1,
                    "nodes": nodes, "links": links}, sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
