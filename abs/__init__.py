"""ABS library: territories, indicators, analysis and plans for a commune's social needs analysis.

Nothing in this package imports Streamlit; pages read from it, format and render.
"""
