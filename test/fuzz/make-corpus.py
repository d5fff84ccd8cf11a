#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets (test/fuzz/corpus/, committed).

Seeds are valid inputs of every kind the targets take, so that fuzzing
starts deep instead of in the first length check: NTP packets of every mode
and version with each MAC type, crypto-NAKs and extension fields; key files
in both formats; captures in classic pcap (four link types, IPv4 and IPv6)
and pcapng; and datagram sequences for the engine target that run a real
authenticated exchange and the hostile packets around it. Rerun after
changing a target's input format: python3 test/fuzz/make-corpus.py

Files named real-* are kept as captured, not written here: a loopback
capture of chronyd 4.3 and ntp-peer-wire with MD5, SHA256, AES128 and AES256
keys (test/interop/decode-pcap.sh; its pcapng conversion by editcap, its key
file, and four of its NTP payloads as packet seeds), and a capture of the
ns-3 model's point-to-point link with AES-CMAC (ntp-peer-mode --pcap).
"""

import hashlib
import hmac
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH = 3_900_000_000  # NTP seconds, in 2023


def ts(seconds, fraction=0):
    return (seconds << 32) | fraction


def header(mode, version=4, leap=0, stratum=2, poll=6, org=0, rec=0, xmt=None):
    return struct.pack("!BBbbIIIQQQQ", (leap << 6) | (version << 3) | mode, stratum, poll, -20,
                       0x00000100, 0x00000200, 0x0A000001, ts(EPOCH - 20), org, rec,
                       ts(EPOCH, 0x12345678) if xmt is None else xmt)


def mac(packet, key_id, algorithm, key):
    if algorithm == "md5":
        digest = hashlib.md5(key + packet).digest()
    elif algorithm == "sha1":
        digest = hashlib.sha1(key + packet).digest()
    elif algorithm == "sha256":
        digest = hashlib.sha256(key + packet).digest()[:20]
    else:  # hmac-sha256, truncated as NTPv4 senders do
        digest = hmac.new(key, packet, hashlib.sha256).digest()[:20]
    return packet + struct.pack("!I", key_id) + digest


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def packets():
    out = {}
    for mode in range(1, 6):
        for version in (1, 2, 3, 4):
            out[f"mode{mode}-v{version}"] = header(mode, version=version)
    key = bytes(ord("A") + i for i in range(16))
    for key_id, algorithm in ((1, "md5"), (2, "sha1"), (3, "sha256"), (4, "hmac-sha256")):
        out[f"mac-{algorithm}"] = mac(header(1), key_id, algorithm, key)
    out["mac-aes-cmac-shape"] = header(1) + struct.pack("!I", 5) + bytes(16)
    out["crypto-nak"] = header(2) + bytes(4)
    # An extension field (type 0x0104, 16 bytes) before a MAC, as NTPv4 allows.
    extension = struct.pack("!HH", 0x0104, 16) + bytes(12)
    out["extension-mac"] = mac(header(1) + extension, 2, "sha1", key)
    out["kiss-rate"] = header(4, stratum=0)[:12] + b"RATE" + header(4)[16:]
    out["unsynchronized"] = header(2, leap=3, stratum=16)
    return out


def key_files():
    return {
        "chrony": b"# chrony key file\n1 MD5 HEX:0C0E84CF0C0E84CF\n2 SHA1 ASCII:plainkey\n"
                  b"3 SHA256 averyveryverylongasciikey12345\n"
                  b"4 AES128 HEX:000102030405060708090a0b0c0d0e0f\n"
                  b"5 AES256 HEX:" + b"00" * 32 + b"\n",
        "ntpd": b"1 M abcdefgh  # md5, ASCII\n2 MD5 L\";Nw<`.I<f4U0)247\"i\n"
                b"3 SHA1 d885b386ceea93eb92cd7b94b98dc28e3e3113dd\n"
                b"4 AES128CMAC 000102030405060708090a0b0c0d0e0f\n6 sha256 shortasciikey\n",
        "hmac": b"1 HMAC-SHA256 k\n2 SHA256 twentycharacterskey!\n",
        "empty-and-comments": b"\n# nothing but comments\n   \n",
        "bad-line": b"1 MD5\n",
    }


def udp_ipv4(payload, src=0x0A000002, dst=0x0A000001):
    udp = struct.pack("!HHHH", 123, 123, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBHII", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, src, dst)
    return ip + udp


def udp_ipv6(payload):
    udp = struct.pack("!HHHH", 123, 123, 8 + len(payload), 0) + payload
    src = bytes.fromhex("20010db8000000000000000000000002")
    dst = bytes.fromhex("20010db8000000000000000000000001")
    return struct.pack("!IHBB", 0x60000000, len(udp), 17, 64) + src + dst + udp


def ethernet(ip, ethertype=0x0800):
    return bytes(6) + bytes([2, 0, 0, 0, 0, 2]) + struct.pack("!H", ethertype) + ip


def classic_pcap(link_type, frames):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link_type)
    for i, frame in enumerate(frames):
        out += struct.pack("<IIII", 1_700_000_000 + i, 0, len(frame), len(frame)) + frame
    return out


def pcapng(frames):
    def block(kind, body):
        body += bytes(-len(body) % 4)
        length = 12 + len(body)
        return struct.pack("<II", kind, length) + body + struct.pack("<I", length)

    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += block(1, struct.pack("<HHI", 1, 0, 65535))
    for i, frame in enumerate(frames):
        t = (1_700_000_000 + i) * 1_000_000
        out += block(6, struct.pack("<IIIII", 0, t >> 32, t & 0xFFFFFFFF, len(frame), len(frame))
                     + frame)
    return out


def captures():
    p = packets()
    ntp = [p["mode1-v4"], p["mode2-v4"], p["mac-sha1"]]
    return {
        "ethernet-ipv4.pcap": classic_pcap(1, [ethernet(udp_ipv4(x)) for x in ntp]),
        "ethernet-ipv6.pcap": classic_pcap(1, [ethernet(udp_ipv6(x), 0x86DD) for x in ntp]),
        "raw-ip.pcap": classic_pcap(101, [udp_ipv4(x) for x in ntp]),
        "linux-cooked.pcap": classic_pcap(113, [struct.pack("!HHH8sH", 0, 772, 6, bytes(8), 0x0800)
                                                + udp_ipv4(x) for x in ntp]),
        "bsd-loopback.pcap": classic_pcap(0, [struct.pack("<I", 2) + udp_ipv4(x) for x in ntp]),
        "ethernet.pcapng": pcapng([ethernet(udp_ipv4(x)) for x in ntp]),
    }


def engine_sequences():
    """Datagrams for fuzz-engine: control byte, length byte (bit 7: arrives on
    the second interface; bits 0-6: payload length), payload.
    Control: bits 0-1 source (0 peer, 1 stranger, 2 peer's address from
    another port, 3 another stranger), bit 2 patch in the expected origin,
    bit 3 patch in fresh receive and transmit times, bits 4-5 sign with key 5 / 6 /
    untrusted 7, bits 6-7 advance time 0 / 1 / 64 / 1024 s first."""
    def datagram(control, payload):
        return bytes([control, len(payload)]) + payload

    answer = header(2, stratum=2)  # the peer's answer: origin and xmt patched in
    exchange = b"".join(datagram(0x80 | 0x10 | 0x08 | 0x04, answer) for _ in range(12))
    return {
        "authenticated-exchange": exchange,
        "exchange-then-forgeries": exchange
        + datagram(0x0C, header(2))                 # unauthenticated, right origin
        + datagram(0x2C, header(2))                 # key 6 from the peer
        + datagram(0x3C, header(2))                 # untrusted key
        + datagram(0x08, header(2) + bytes(4))      # crypto-NAK
        + datagram(0x1C, header(2, stratum=0)),     # kiss-o'-death, authenticated
        "stranger-mobilizes": datagram(0x29, header(1)) + datagram(0x49, header(1))
        + datagram(0x01, header(1)) + datagram(0x03, header(3)),
        "late-second-answer": exchange + datagram(0x18, header(2)),
        # A stranger mobilizes a passive association with key 6, a forged
        # mode-2 packet claims its address, then a genuine conflict.
        "passive-conflict": datagram(0x29, header(1)) + datagram(0x49, header(2))
        + datagram(0x69, header(2)),
        # The peer's first packet (origin zero, signed), the exchange, then
        # an old signed origin-zero packet: a replay must not rewind.
        "replayed-first-packet": datagram(0x18, header(2)) + exchange
        + datagram(0x10, header(2)),
        "second-interface": exchange + bytes([0x0C, 0x80 | 48]) + header(2),
        "garbage": datagram(0x00, bytes(range(40))) + datagram(0x01, bytes(120)),
    }


def main():
    for name, data in packets().items():
        write("fuzz-packet", name, data)
    for name, data in key_files().items():
        write("fuzz-keyfile", name, data)
    for name, data in captures().items():
        write("fuzz-pcap", name, data)
    for name, data in engine_sequences().items():
        write("fuzz-engine", name, data)


if __name__ == "__main__":
    main()
