"""The load test: gunicorn on loopback, locust headless, a checker for lost writes."""
