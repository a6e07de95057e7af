# Slim image: applies migrations on start, then runs the bot. Data (SQLite file and the
# generated encryption keys when none are configured) lives on the /app/data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 10001 bot
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY locales ./locales
COPY migrations ./migrations
RUN pip install -e . && mkdir -p /app/data && chown bot:bot /app/data

USER bot
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import sys; sys.exit(0)"
CMD ["python", "-m", "bot"]
