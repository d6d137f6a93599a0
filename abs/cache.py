"""Forget every cached load, after the data files changed (perimeters edited, new snapshot)."""
from __future__ import annotations


def clear_all() -> None:
    """Clear the caches of the study, snapshot, registry, engine, analysis and catalogue."""
    from abs import analysis, engine, fragility, geo, plans, registry, snapshot, territory, versions
    geo._outlines.cache_clear()
    versions._diff.cache_clear()
    fragility._cached.cache_clear()
    territory._load_study.cache_clear()
    snapshot._load.cache_clear()
    registry._load.cache_clear()
    engine._default_engine.cache_clear()
    analysis._cached.cache_clear()
    plans._load.cache_clear()
