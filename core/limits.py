"""Field limits, shared by the models, the request schemas and the documentation."""

USERNAME_MAX = 64
EMAIL_MAX = 254
PASSWORD_MIN = 8  # NIST 800-63B: at least 8 characters, at least 64 accepted, no composition rules
PASSWORD_MAX = 256
BIO_MAX = 2_000
IMAGE_URL_MAX = 2_048

TITLE_MAX = 255
SLUG_MAX = 300  # room for the slugified title plus a uniqueness suffix
DESCRIPTION_MAX = 1_000
BODY_MAX = 100_000
TAG_MAX = 64
TAGS_PER_ARTICLE_MAX = 20
COMMENT_MAX = 10_000

PAGE_LIMIT_DEFAULT = 20
PAGE_LIMIT_MAX = 100
PAGE_OFFSET_MAX = 2**31 - 1
