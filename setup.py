"""Packaging glue that pyproject.toml cannot express: the top-level ``migrations/`` and
``locales/`` directories are shipped inside the installed package (as ``bot/migrations``
and ``bot/locales``), so a plain ``pip install .`` runs from any directory. The source tree
keeps its layout; bot/db.py and bot/i18n.py look inside the package first."""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["bot", "bot.*"], exclude=["*.__pycache__"]),
        "bot.migrations",
        "bot.migrations.versions",
        "bot.locales",
    ],
    package_dir={
        "bot.migrations": "migrations",
        "bot.migrations.versions": "migrations/versions",
        "bot.locales": "locales",
    },
)
# package data: pyproject.toml [tool.setuptools.package-data] (it takes precedence)
