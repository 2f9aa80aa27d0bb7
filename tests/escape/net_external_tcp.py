from _attack import *
attempt(lambda: socket.create_connection(("192.0.2.1", 80), timeout=3), "TCP connect to a non-loopback address")
