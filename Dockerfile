# The bot as an installed package (pip install ., not -e): dependencies from the hashed
# lock file first (a cached layer), then the package itself; the source tree is not kept.
# Data (the SQLite file, if used) lives on the /app/data volume. Encryption keys come from
# the environment (ENCRYPTION_KEYS, BLIND_INDEX_KEY) or a mounted KEYS_FILE: see README.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEBHOOK_LISTEN=0.0.0.0:8080 \
    HEALTH_LISTEN=0.0.0.0:8081

RUN useradd --create-home --uid 10001 bot
COPY requirements.lock /tmp/build/requirements.lock
RUN pip install --require-hashes --no-deps -r /tmp/build/requirements.lock
COPY pyproject.toml setup.py README.md /tmp/build/
COPY bot /tmp/build/bot
COPY locales /tmp/build/locales
COPY migrations /tmp/build/migrations
RUN pip install --no-deps /tmp/build \
    && rm -rf /tmp/build \
    && mkdir -p /app/data && chown bot:bot /app/data

WORKDIR /app
USER bot
VOLUME ["/app/data"]
# 8080: the webhook (put a TLS reverse proxy in front); 8081: /livez, /readyz, /metrics.
EXPOSE 8080 8081
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot", "healthcheck"]
# SIGTERM: stop taking updates, finish those in progress and the messages in flight (10 s).
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot"]
