from _attack import *
attempt(lambda: read(W + "/app/.env"), "read a .env under an allowed directory")
