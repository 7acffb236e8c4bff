# The portal's image: web, worker and beat are the same image with another command
# (compose.yaml: deploy/bin/web, deploy/bin/worker, deploy/bin/beat).
# Base pinned by version (Python 3.11, Debian 12 "bookworm"): no registry was reachable to
# read its digest when this was written; pin it with `@sha256:...` once pulled
# (`docker buildx imagetools inspect python:3.11.14-slim-bookworm`).
FROM python:3.11.14-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# A system user without a login; its home is the code.
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal

WORKDIR /app

# Dependencies first (their layer is kept while only the code changes), every file checked
# against the hashes of requirements.lock (`make lock` regenerates it).
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .

# French catalogue compiled (polib, no gettext needed) and static files collected at build.
# collectstatic loads the settings, which refuse to start without a real SECRET_KEY: a
# throw-away key for this one command, never used to sign anything (the containers get
# theirs from the environment file).
RUN python scripts/compile_messages.py \
    && SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
       STATIC_ROOT=/app/static-collected \
       python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /var/lib/portal/media /var/lib/portal/private \
    && chown -R 10001:10001 /var/lib/portal

# PRIVATE_MEDIA_ROOT is a folder's path, not a secret (hadolint flags the word PRIVATE).
# hadolint ignore=DL3064
ENV STATIC_ROOT=/app/static-collected \
    MEDIA_ROOT=/var/lib/portal/media \
    PRIVATE_MEDIA_ROOT=/var/lib/portal/private \
    BEAT_SCHEDULE_FILE=/var/lib/portal/celerybeat-schedule \
    PORTAL_BIND=0.0.0.0:8000

USER 10001:10001
EXPOSE 8000
VOLUME ["/var/lib/portal"]
CMD ["deploy/bin/web"]
