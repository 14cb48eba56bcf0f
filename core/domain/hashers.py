"""Password hashing parameters.

Django's Argon2 defaults (100 MiB, 8 lanes) cost ~0.3 s of CPU and 100 MiB per login here. OWASP's
recommended Argon2id setting (19 MiB, 2 passes, 1 lane) keeps a strong work factor at a cost that
lets a two-core worker serve logins without queueing.
"""

from django.contrib.auth import hashers


class Argon2PasswordHasher(hashers.Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
