from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Synthetic data at regional and national scale, the benchmark, and the
    backup drill's data (management commands only)."""

    name = "scale"
    verbose_name = "Scale"
