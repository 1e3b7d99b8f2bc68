FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    CT_VAR_DIR=/var/lib/casetracker

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN useradd --system --home /app casetracker \
    && mkdir -p /var/lib/casetracker \
    && chown casetracker /var/lib/casetracker \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
USER casetracker
EXPOSE 8000
CMD ["gunicorn", "casetracker.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
