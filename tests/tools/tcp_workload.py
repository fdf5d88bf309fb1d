# TCP on loopback for the network tool tests:
#   python3 tcp_workload.py session   connect, send 5000 bytes, close; prints
#                                     "PID SERVER_PORT CLIENT_PORT"
#   python3 tcp_workload.py refused   connect to a port nobody listens on
#   python3 tcp_workload.py retrans   a SYN the full listen queue drops, so
#                                     the client retransmits it (~1 s)
# A second argument "6" does the same over IPv6, on ::1.
import os, socket, sys, time

FAMILY = socket.AF_INET6 if sys.argv[2:] == ["6"] else socket.AF_INET
LOOPBACK = "::1" if FAMILY == socket.AF_INET6 else "127.0.0.1"

def session():
    lsn = socket.socket(FAMILY)
    lsn.bind((LOOPBACK, 0))
    lsn.listen(1)
    cli = socket.socket(FAMILY)
    cli.connect(lsn.getsockname())
    srv, _ = lsn.accept()
    cli.sendall(b"x" * 5000)
    got = 0
    while got < 5000:
        got += len(srv.recv(8192))
    print(os.getpid(), lsn.getsockname()[1], cli.getsockname()[1], flush=True)
    cli.close()
    srv.close()
    lsn.close()

def refused():
    probe = socket.socket(FAMILY)
    probe.bind((LOOPBACK, 0))
    port = probe.getsockname()[1]
    probe.close()
    s = socket.socket(FAMILY)
    try:
        s.connect((LOOPBACK, port))
    except OSError:
        pass
    print(os.getpid(), port, flush=True)

def retrans():
    lsn = socket.socket(FAMILY)
    lsn.bind((LOOPBACK, 0))
    lsn.listen(0)
    first = socket.socket(FAMILY)
    first.connect(lsn.getsockname())
    second = socket.socket(FAMILY)
    second.setblocking(False)
    try:
        second.connect(lsn.getsockname())
    except BlockingIOError:
        pass
    print(os.getpid(), lsn.getsockname()[1], flush=True)
    time.sleep(1.5)

{"session": session, "refused": refused, "retrans": retrans}[sys.argv[1]]()
