# BOPS image: gunicorn serving Django (static files through whitenoise), or the
# Celery worker and beat (docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (the council report PDF) needs Pango and HarfBuzz; gettext compiles translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install -e .

# Build-time only: collectstatic needs a key, never used at run time.
RUN if find . -name "*.po" | grep -q .; then \
      SECRET_KEY=build-only python manage.py compilemessages -v 0; fi \
    && SECRET_KEY=build-only python manage.py collectstatic --no-input -v 0

RUN useradd --system --uid 10001 --home-dir /app --no-create-home bops \
    && mkdir -p /data/media && chown bops /data/media
# The stored report PDFs (docker-compose.yml mounts a volume shared by web and worker).
ENV BOPS_MEDIA_ROOT=/data/media
USER bops

EXPOSE 8000
# Workers, preloading and the collector: gunicorn.conf.py (WEB_CONCURRENCY sets the workers).
CMD ["gunicorn", "bops.wsgi"]
