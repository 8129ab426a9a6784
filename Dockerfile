# One image for every process of the service; docker-compose.yml picks the command.
FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY mengke ./mengke
COPY matcher ./matcher
COPY storage ./storage
COPY producers ./producers
COPY consumers ./consumers
COPY bot ./bot
RUN pip install --no-cache-dir .

RUN useradd --create-home mengke
USER mengke
ENTRYPOINT ["mengke"]
