#!/usr/bin/env python3
"""Hostile traffic on loopback against `ntp-peer-wire passive` with a key file.

Python plays an authenticated symmetric-active peer (SHA1 key 1, computed
here with hashlib) and, around it, every kind of hostile sender: garbage,
oversized datagrams, bad version/mode/stratum, unauthenticated mode 1 from
many sources, spoofed mode 2 for the authenticated association, replays of
old packets, and a flood of 2,000 unauthenticated sources followed by a new
authenticated peer. It asserts what RFC 5905 and ntpd's "enable auth" make
of each, that the process's memory stays bounded, and that the tool's JSON
counters add up to the datagrams sent. A second run repeats the flood with
--allow-unauthenticated (ntpd's "disable auth"), where the flood fills the
passive table and the authenticated peer must still get in.

Usage: hostile-traffic.py PATH/TO/ntp-peer-wire
Loopback only (127.0.4.x, 127.0.5.x, 127.1.x.x; Linux routes all of 127/8
to lo), ports 11141/11142/11143; bounded: about 15 s per run.
"""

import hashlib
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

NTP_EPOCH_OFFSET = 2208988800
KEY_ID = 1
KEY = bytes.fromhex("5f2a9c0e7b31d4486ae0c2b9d17f3365a4e8b0c1")
PASSIVE = ("127.0.4.1", 11141)
PEER = ("127.0.4.2", 11142)
LATE_PEER = ("127.0.4.3", 11143)
FLOOD_SOURCES = 2000
RSS_BOUND_KIB = 32 * 1024  # the flood may cost at most this much memory

failures = []


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message, flush=True)
    if not condition:
        failures.append(message)


def ntp_now():
    t = time.time() + NTP_EPOCH_OFFSET
    seconds = int(t)
    return (seconds << 32) | int((t - seconds) * 2**32)


def header(mode, version=4, stratum=3, poll=0, org=0, rec=0, xmt=None):
    return struct.pack(
        "!BBbbIII QQQQ".replace(" ", ""),
        (0 << 6) | (version << 3) | mode,
        stratum,
        poll,
        -20,
        0,
        0x00010000,
        0x7F000001,
        ntp_now() - (10 << 32),
        org,
        rec,
        ntp_now() if xmt is None else xmt,
    )


def sign(packet, key_id=KEY_ID, key=KEY):
    # NTP's SHA1 MAC: SHA1(key || packet), 20 bytes, after the key id.
    return packet + struct.pack("!I", key_id) + hashlib.sha1(key + packet).digest()


def verifies(datagram):
    if len(datagram) != 48 + 24:
        return False
    key_id = struct.unpack("!I", datagram[48:52])[0]
    return key_id == KEY_ID and hashlib.sha1(KEY + datagram[:48]).digest() == datagram[52:]


def fields(datagram):
    first, stratum = datagram[0], datagram[1]
    org, rec, xmt = struct.unpack("!QQQ", datagram[24:48])
    return {"mode": first & 7, "version": (first >> 3) & 7, "stratum": stratum,
            "org": org, "rec": rec, "xmt": xmt}


class Counter:
    """Every datagram sent to the passive end, to check its counters against."""

    def __init__(self):
        self.sent = 0
        self.oversized = 0

    def send(self, sock, data):
        sock.sendto(data, PASSIVE)
        self.sent += 1
        # Paced (at most about 1,600 datagrams/s) so that the tool's receive
        # buffer does not overflow: what it counts is then exactly what was sent.
        if self.sent % 8 == 0:
            time.sleep(0.005)
        if len(data) > 2048:
            self.oversized += 1


class ActivePeer:
    """A minimal symmetric-active peer with key 1."""

    def __init__(self, address, counter):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(address)
        self.counter = counter
        self.their_xmt = 0
        self.their_arrival = 0
        self.sent_packets = []  # every packet we sent, for replays
        self.last_xmt = 0

    def close(self):
        self.sock.close()

    def send(self):
        xmt = ntp_now()
        packet = sign(header(1, org=self.their_xmt, rec=self.their_arrival, xmt=xmt))
        self.counter.send(self.sock, packet)
        self.sent_packets.append(packet)
        self.last_xmt = xmt
        return xmt

    def receive(self, timeout):
        """The next datagram from the passive end, or None."""
        self.sock.settimeout(timeout)
        try:
            data, source = self.sock.recvfrom(4096)
        except socket.timeout:
            return None
        arrival = ntp_now()
        if source != PASSIVE:
            return None
        return data, arrival

    def exchange(self, timeout=3.0):
        """One request and the answer to it: True when an authenticated mode-2
        packet echoing our transmit time came back."""
        xmt = self.send()
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.receive(max(0.01, deadline - time.time()))
            if got is None:
                continue
            data, arrival = got
            if len(data) < 48:
                continue
            f = fields(data)
            if verifies(data) and f["xmt"] > self.their_xmt:
                self.their_xmt, self.their_arrival = f["xmt"], arrival
            if f["org"] == xmt:
                return verifies(data) and f["mode"] == 2
        return False


def start_passive(tool, workdir, extra):
    keys = os.path.join(workdir, "keys")
    with open(keys, "w") as f:
        f.write(f"{KEY_ID} SHA1 HEX:{KEY.hex()}\n")
    out = open(os.path.join(workdir, "passive.json"), "w")
    err = open(os.path.join(workdir, "passive.err"), "w")
    process = subprocess.Popen(
        [tool, "passive", "--bind", f"{PASSIVE[0]}:{PASSIVE[1]}", "--key-file", keys,
         "--local-stratum", "2", "--minpoll", "0", "--maxpoll", "0", "--duration", "60",
         "--json", "--verbose"] + extra,
        stdout=out, stderr=err)
    # Wait until it is bound (it says so on stderr with --verbose): a
    # datagram sent before would be lost without a trace.
    deadline = time.time() + 10
    while time.time() < deadline:
        with open(os.path.join(workdir, "passive.err")) as f:
            if "passive on " in f.read():
                return process
        if process.poll() is not None:
            break
        time.sleep(0.05)
    check(False, "the passive end started and bound its socket")
    return process


def rss_kib(process):
    with open(f"/proc/{process.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def stop_passive(process, workdir):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        check(False, "the passive end stops on SIGTERM within 10 s")
    check(process.returncode == 0, f"the passive end exits with status 0 (got {process.returncode})")
    with open(os.path.join(workdir, "passive.json")) as f:
        text = f.read()
    try:
        return json.loads(text)
    except ValueError:
        check(False, "the passive end printed one JSON object: " + text[:200])
        with open(os.path.join(workdir, "passive.err")) as f:
            sys.stderr.write(f.read()[-3000:])
        return None


def flood(counter, count):
    """Unauthenticated mode-1 packets, one from each of `count` addresses."""
    for i in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((f"127.1.{i // 250}.{i % 250 + 1}", 0))
        counter.send(s, header(1))
        s.close()


def check_accounting(report, counter, strict=True):
    refused = sum(report["refused"].values())
    outcomes = (report["accepted"] + report["stateless_replies"] + report["clients_served"]
                + refused)
    print(f"      sent {counter.sent}: received {report['packets_rx']} (accepted "
          f"{report['accepted']}, stateless {report['stateless_replies']}, clients "
          f"{report['clients_served']}, refused {refused}), oversized "
          f"{report['oversized_dropped']}, dropped by the kernel {report['kernel_dropped']}")
    check(report["packets_rx"] + report["oversized_dropped"] + report["kernel_dropped"]
          == counter.sent, "every datagram sent is counted: received + oversized + kernel "
          "drops == sent")
    if strict:
        check(report["kernel_dropped"] == 0,
              "the paced traffic lost nothing in the receive buffer")
    check(report["packets_rx"] == outcomes,
          "every datagram received ends in one outcome: accepted + stateless + served + refused")


def associations_with(report, address):
    return [a for a in report["associations"]
            if a["remote"].startswith(address + ":") and a["demobilized"] is None]


def run_default(tool, workdir):
    print("== passive end with a key file, authentication required (the default)")
    counter = Counter()
    passive = start_passive(tool, workdir, [])
    peer = ActivePeer(PEER, counter)
    side = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    side.bind(("127.0.4.9", 0))
    rng = random.Random(8)

    check(all(peer.exchange() for _ in range(3)),
          "an authenticated symmetric-active peer gets authenticated mode-2 answers")

    # Garbage: lengths the decoder must refuse (under 48 bytes, or not a
    # multiple of 4 past the header), random content.
    garbage = 300
    for _ in range(garbage):
        length = rng.choice([rng.randrange(0, 48), 48 + 4 * rng.randrange(0, 20) + rng.randrange(1, 4)])
        counter.send(side, bytes(rng.randrange(256) for _ in range(length)))
    oversized = 10
    for _ in range(oversized):
        counter.send(side, bytes(3000))
    # Bad version, mode, stratum: otherwise well-formed headers.
    bad_fields = [header(1, version=v) for v in (0, 5, 6, 7)]
    bad_fields += [header(m) for m in (0, 6, 7)]
    bad_fields += [header(1, stratum=s) for s in (17, 100, 255)]
    for packet in bad_fields:
        counter.send(side, packet)

    # Unauthenticated mode 1 from 50 sources: each answered statelessly,
    # without a MAC, and nothing mobilized.
    stateless_ok = 0
    for i in range(50):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((f"127.0.5.{i + 1}", 0))
        xmt = ntp_now()
        counter.send(s, header(1, xmt=xmt))
        s.settimeout(2)
        try:
            data, _ = s.recvfrom(4096)
            f = fields(data)
            stateless_ok += len(data) == 48 and f["mode"] == 2 and f["org"] == xmt
        except socket.timeout:
            pass
        s.close()
    check(stateless_ok == 50,
          f"50 unauthenticated mode-1 packets: 50 stateless mode-2 answers without a MAC "
          f"(got {stateless_ok})")

    # Spoofed mode 2 for the authenticated association, from its own address:
    # unauthenticated, a wrong MAC, an unknown key id.
    spoofed = [header(2, xmt=ntp_now() + (5 << 32)),
               sign(header(2, xmt=ntp_now() + (6 << 32)), key=b"wrong"),
               sign(header(2, xmt=ntp_now() + (7 << 32)), key_id=99)]
    for packet in spoofed:
        counter.send(peer.sock, packet)
    check(all(peer.exchange() for _ in range(2)),
          "spoofed mode-2 packets leave the authenticated association working")

    # Replays: our first packet (origin zero) and an old one. The passive
    # end must not rewind: everything it sends from now on echoes our
    # latest transmit time, never a replayed one.
    replayed_xmts = {fields(peer.sent_packets[i])["xmt"] for i in (0, 1)}
    latest = peer.last_xmt
    counter.send(peer.sock, peer.sent_packets[0])
    counter.send(peer.sock, peer.sent_packets[1])
    rewound = 0
    deadline = time.time() + 2.5  # at --maxpoll 0 the passive end polls every second
    while time.time() < deadline:
        got = peer.receive(0.2)
        if got is not None:
            f = fields(got[0])
            rewound += f["org"] in replayed_xmts
            check(f["org"] == latest, "after the replays the passive end still echoes our latest "
                  "transmit time")
    check(rewound == 0, "replayed packets do not rewind the on-wire state")
    check(peer.exchange(), "the exchange after the replays is whole")

    # The flood, then a new authenticated peer.
    rss_before = rss_kib(passive)
    flood(counter, FLOOD_SOURCES)
    late = ActivePeer(LATE_PEER, counter)
    late_ok = all(late.exchange() for _ in range(3))
    check(late_ok, "after a flood of 2000 unauthenticated sources a new authenticated peer is "
          "answered")
    rss_after = rss_kib(passive)
    print(f"      RSS {rss_before} KiB before the flood, {rss_after} KiB after")
    check(rss_after - rss_before < RSS_BOUND_KIB, "memory stays bounded through the flood")
    check(peer.exchange(), "the first authenticated peer is still answered")
    for sock in (peer, late):
        sock.close()
    side.close()

    report = stop_passive(passive, workdir)
    if report is None:
        return
    check(report["passive_mobilized"] == 2,
          f"exactly the two authenticated peers mobilized associations "
          f"(got {report['passive_mobilized']})")
    check(len(associations_with(report, PEER[0])) == 1
          and associations_with(report, PEER[0])[0]["key_id"] == KEY_ID,
          "the first peer's association survived, with key 1")
    check(len(associations_with(report, LATE_PEER[0])) == 1,
          "the late peer has its association")
    check(report["passive_demobilized"] == 0, "nothing was demobilized")
    check(report["refused"].get("passive-conflict", 0) == 0, "no passive-passive conflict")
    check(report["refused"].get("malformed", 0) == garbage + len(bad_fields),
          f"garbage and bad version/mode/stratum are refused as malformed "
          f"({report['refused'].get('malformed', 0)} of {garbage + len(bad_fields)})")
    check(report["oversized_dropped"] == oversized, "oversized datagrams are dropped and counted")
    check(report["stateless_replies"] == 50 + FLOOD_SOURCES,
          f"every unauthenticated mode-1 packet was answered statelessly "
          f"({report['stateless_replies']})")
    check_accounting(report, counter)


def run_without_auth(tool, workdir):
    print("== passive end with --allow-unauthenticated (ntpd's 'disable auth')")
    counter = Counter()
    passive = start_passive(tool, workdir, ["--allow-unauthenticated"])
    rss_before = rss_kib(passive)
    flood(counter, FLOOD_SOURCES)
    late = ActivePeer(LATE_PEER, counter)
    check(all(late.exchange() for _ in range(3)),
          "with the table full of unauthenticated entries, an authenticated peer gets in")
    rss_after = rss_kib(passive)
    print(f"      RSS {rss_before} KiB before the flood, {rss_after} KiB with 1000 associations")
    check(rss_after - rss_before < RSS_BOUND_KIB, "memory stays bounded with a full table")
    late.close()
    report = stop_passive(passive, workdir)
    if report is None:
        return
    table_filled = report["kernel_dropped"] < FLOOD_SOURCES - 1000
    check(report["passive_evicted"] >= 1 or not table_filled,
          f"an unauthenticated entry was evicted for it ({report['passive_evicted']})")
    # Here 1,000 associations poll every second while the flood arrives: a
    # datagram the kernel had to drop is counted there, not refused.
    declined = report["refused"].get("policy-declined", 0)
    check(FLOOD_SOURCES - 1000 - report["kernel_dropped"] <= declined <= FLOOD_SOURCES - 1000,
          f"the 1000-entry table refused the rest of the flood ({declined})")
    late_assocs = associations_with(report, LATE_PEER[0])
    check(len(late_assocs) == 1 and late_assocs[0]["key_id"] == KEY_ID,
          "the authenticated peer's association has key 1")
    check_accounting(report, counter, strict=False)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: hostile-traffic.py PATH/TO/ntp-peer-wire\n")
        return 2
    tool = sys.argv[1]
    started = time.time()
    with tempfile.TemporaryDirectory() as workdir:
        run_default(tool, workdir)
        run_without_auth(tool, workdir)
    print(f"{len(failures)} failure(s) in {time.time() - started:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
