# rnnviz in a container: one Streamlit process per replica (see docs/deploy.md for several behind a balancer).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 \
    # one intra-op torch thread per request: sessions run in parallel threads and would only contend
    RNNVIZ_TORCH_THREADS=1
WORKDIR /app
COPY requirements.txt ./
COPY scripts/install_requirements.py ./scripts/
# torch first, on its own: the CPU wheel requirements.txt names. --cpu-only: if download.pytorch.org cannot be
# reached this step fails, instead of falling back to PyPI's torch, which on x86_64 is the CUDA build (2.9 GB).
RUN python scripts/install_requirements.py --cpu-only --part torch
RUN python scripts/install_requirements.py --part rest
COPY app.py ./
COPY pages ./pages
COPY rnnviz ./rnnviz
COPY assets ./assets
COPY static ./static
COPY .streamlit ./.streamlit

EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health')"
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", \
     "--server.headless=true"]
