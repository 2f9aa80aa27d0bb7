from _attack import *
p = W + "/s.sh"; open(p, "w").write("#!/bin/sh\necho ESCAPED via shebang\n"); os.chmod(p, 0o755); attempt(lambda: os.execv(p, [p]), "execute a #! script")
