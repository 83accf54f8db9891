# One image for the API, the workers and the one-shot migration (docker-compose.yml picks the command).
FROM python:3.11-slim

WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# The CPU build of torch by default (a plain `pip install torch` would pull several GB of CUDA
# libraries); the GPU worker builds with TORCH_INDEX=https://download.pytorch.org/whl/cu126.
ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu
RUN pip install --index-url ${TORCH_INDEX} torch==2.13.0
COPY pyproject.toml README.md ./
COPY services services
COPY api api
COPY worker worker
COPY cli cli
COPY runtime runtime
COPY rnnvis_client rnnvis_client
COPY migrations migrations
RUN pip install ./rnnvis_client . && useradd --create-home rnnvis && mkdir -p /data && chown rnnvis /data
USER rnnvis
EXPOSE 8000
CMD ["uvicorn", "api.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
