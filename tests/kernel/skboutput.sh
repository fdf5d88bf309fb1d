#!/bin/sh
# skboutput() writes packets to pcap files: a rawtracepoint on
# netif_receive_skb (the skb's data starts at its IP header there) saves
# the UDP datagrams a child sends to 127.0.0.1, whole in one file and with
# their first 20 bytes (the IPv4 header) cut in another.  The files hold a
# pcap header (magic a1b2c3d4 in host order, version 2.4, snaplen 65535,
# link type 101, raw IP) and one record per packet, its lengths right.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip "no kernel BTF"
command -v python3 >/dev/null || skip "no python3"

sonde_run -l 'rawtracepoint:netif_receive_skb'
[ -n "$(output)" ] || skip "no netif_receive_skb raw tracepoint"

cat >"$T/send.py" <<'PY'
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(5):
    s.sendto(b"sonde-skboutput-%d" % i, ("127.0.0.1", 9))
    time.sleep(0.01)
PY

cd "$T" || exit 1
sonde_run -e 'rawtracepoint:netif_receive_skb {
	$skb = (struct sk_buff *)arg0;
	@ret[skboutput("ip.pcap", $skb, $skb->len, 0)] = count();
	skboutput("udp.pcap", $skb, $skb->len, 20);
}' -c "python3 $T/send.py"
expect_status 0
expect_match "skboutput returned 0" "$(output)" '^@ret\[0\]: [0-9]+$'

cat >"$T/check.py" <<'PY'
import struct, sys

def records(path):
    data = open(path, "rb").read()
    magic, major, minor, zone, sigfigs, snaplen, linktype = struct.unpack("=IHHiIII", data[:24])
    print("%s: magic %08x version %d.%d snaplen %d linktype %d" %
          (path, magic, major, minor, snaplen, linktype))
    pos, out = 24, []
    while pos < len(data):
        sec, usec, caplen, origlen = struct.unpack("=IIII", data[pos:pos + 16])
        if usec >= 1000000 or caplen != origlen:
            print("%s: bad record header at %d" % (path, pos))
        out.append((sec, data[pos + 16:pos + 16 + caplen]))
        pos += 16 + caplen
    return out

now = float(sys.argv[1])
ours = []
for sec, pkt in records("ip.pcap"):
    if len(pkt) >= 28 and pkt[0] == 0x45 and pkt[9] == 17 and pkt[28:].startswith(b"sonde-skboutput-"):
        ours.append(pkt[28:].decode())
        if abs(sec - now) > 600:
            print("ip.pcap: time %d is not near now (%d)" % (sec, now))
print("ip.pcap: " + " ".join(sorted(ours)))
udp = [pkt[8:].decode() for sec, pkt in records("udp.pcap")
       if len(pkt) >= 8 and struct.unpack("!H", pkt[2:4])[0] == 9 and pkt[8:].startswith(b"sonde-skboutput-")]
print("udp.pcap: " + " ".join(sorted(udp)))
PY
res=$(python3 "$T/check.py" "$(date +%s)" 2>&1)
want='sonde-skboutput-0 sonde-skboutput-1 sonde-skboutput-2 sonde-skboutput-3 sonde-skboutput-4'
expect_match "ip.pcap header" "$res" '^ip.pcap: magic a1b2c3d4 version 2.4 snaplen 65535 linktype 101$'
expect_match "udp.pcap header" "$res" '^udp.pcap: magic a1b2c3d4 version 2.4 snaplen 65535 linktype 101$'
expect_match "the IP packets sent" "$res" "^ip.pcap: $want\$"
expect_match "the UDP datagrams, IP header cut" "$res" "^udp.pcap: $want\$"
if printf '%s\n' "$res" | grep -q -e 'bad record' -e 'not near now' -e Traceback; then
	fail "records: $res"
fi
finish
