from _attack import *
attempt(lambda: socket.create_connection(("127.0.0.1", int(os.environ["ATTACK_PORT"])), timeout=3), "connect to a service on the host loopback")
