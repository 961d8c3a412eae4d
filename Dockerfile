# rnnviz in a container: one Streamlit process per replica (see docs/deploy.md for several behind a balancer).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 \
    # one intra-op torch thread per request: sessions run in parallel threads and would only contend
    RNNVIZ_TORCH_THREADS=1
WORKDIR /app
COPY requirements.txt .
# The CPU wheel of torch: the default index would pull CUDA builds of several GB.
RUN pip install --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt
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
