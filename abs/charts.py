"""Pure chart functions: data in, plotly Figure out (explicit template, French separators, no network)."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

SEPARATORS = ",\u00a0"
PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#a5a5a5"]
_GRID = "#e5e9f0"
# An explicit, small template: the figure looks the same in the app and in exported images (importing
# streamlit changes plotly's default template), and it costs a fraction of "plotly_white" to apply.
TEMPLATE = go.layout.Template(layout=dict(
    paper_bgcolor="white", plot_bgcolor="white", colorway=PALETTE,
    font=dict(family="Source Sans Pro, Arial, sans-serif", size=14, color="#262730"),
    xaxis=dict(gridcolor=_GRID, zerolinecolor=_GRID, linecolor=_GRID, automargin=True),
    yaxis=dict(gridcolor=_GRID, zerolinecolor=_GRID, linecolor=_GRID, automargin=True),
))


def _figure(traces: list, title: str, height: int = 420, **layout) -> go.Figure:
    """Build the figure in one pass: plotly validates once instead of on every update_* call."""
    axis = dict(exponentformat="none", separatethousands=True)
    base = dict(template=TEMPLATE, separators=SEPARATORS, title=dict(text=title), height=height,
                margin=dict(l=10, r=10, t=60, b=10), legend=dict(orientation="h", y=-0.15),
                xaxis=dict(axis), yaxis=dict(axis))
    for key in ("xaxis", "yaxis"):
        base[key].update(layout.pop(key, {}))
    base.update(layout)
    return go.Figure(data=traces, layout=base)


def _vline(x: float, label: str, colour: str) -> tuple[dict, dict]:
    shape = dict(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line=dict(dash="dash", color=colour))
    note = dict(x=x, y=1, yref="paper", text=label, showarrow=False, yanchor="bottom")
    return shape, note


def bars(table: pd.DataFrame, title: str, unit: str, references: pd.DataFrame | None = None, highlight: str | None = None) -> go.Figure:
    """Horizontal bars of `valeur` by `territoire`, with reference territories as vertical lines."""
    data = table.dropna(subset=["valeur"])
    colours = [PALETTE[1] if t == highlight else PALETTE[0] for t in data["territoire"]]
    # Bars of different vintages say so on the bar itself: they are not the same year.
    mixed = data["année"].nunique() > 1
    labels = [f"{a} ({y})" if mixed else a for a, y in zip(data["affichage"], data["année"])]
    bar = go.Bar(x=data["valeur"].tolist(), y=data["territoire"].tolist(), orientation="h", marker=dict(color=colours),
                 text=labels, textposition="auto", customdata=data["année"].tolist(),
                 hovertemplate="%{y} : %{text} (%{customdata})<extra></extra>")
    shapes, notes = [], []
    if references is not None:
        for i, r in enumerate(references.dropna(subset=["valeur"]).itertuples()):
            shape, note = _vline(r.valeur, f"{r.territoire} ({r.année})", PALETTE[(i + 2) % len(PALETTE)])
            shapes.append(shape), notes.append(note)
    return _figure([bar], title, height=max(320, 40 * len(data) + 120), shapes=shapes, annotations=notes,
                   yaxis=dict(autorange="reversed"), xaxis=dict(title=dict(text=unit)))


def lines(table: pd.DataFrame, title: str, unit: str) -> go.Figure:
    """One line per territory over the years of a long table (territoire, année, valeur)."""
    traces = []
    data = table.dropna(subset=["valeur"])
    numeric = bool(data["année"].str.fullmatch(r"\d{4}").all())
    for i, (name, part) in enumerate(data.groupby("territoire", sort=False)):
        x = pd.to_numeric(part["année"]).tolist() if numeric else part["année"].tolist()
        traces.append(go.Scatter(x=x, y=part["valeur"].tolist(), mode="lines+markers", name=name,
                                 line=dict(color=PALETTE[i % len(PALETTE)]), text=part["affichage"].tolist(),
                                 hovertemplate="%{x} : %{text}<extra>" + name + "</extra>"))
    return _figure(traces, title, xaxis=dict(type="linear" if numeric else "category", tickformat="d"),
                   yaxis=dict(title=dict(text=unit)))


def grouped_bars(table: pd.DataFrame, category: str, title: str, unit: str) -> go.Figure:
    """Bars of `valeur` by `category`, one colour per territory (e.g. age structure)."""
    traces = []
    for i, (name, part) in enumerate(table.dropna(subset=["valeur"]).groupby("territoire", sort=False)):
        years = ", ".join(sorted(set(part["année"])))
        traces.append(go.Bar(x=part[category].tolist(), y=part["valeur"].tolist(), name=f"{name} ({years})",
                             marker=dict(color=PALETTE[i % len(PALETTE)]), text=part["affichage"].tolist(),
                             hovertemplate="%{x} : %{text}<extra>" + name + "</extra>"))
    return _figure(traces, title, barmode="group", yaxis=dict(title=dict(text=unit)))


def small_multiples(tables: dict[str, pd.DataFrame], title: str, columns: int = 2) -> go.Figure:
    """One small bar chart per indicator (title -> comparison table), sharing territories."""
    from plotly.subplots import make_subplots
    names = list(tables)
    rows = math.ceil(len(names) / columns) or 1
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=names, horizontal_spacing=0.25, vertical_spacing=0.12)
    for k, name in enumerate(names):
        data = tables[name].dropna(subset=["valeur"])
        fig.add_trace(go.Bar(x=data["valeur"], y=data["territoire"], orientation="h", marker_color=PALETTE[0], text=data["affichage"],
                             textposition="auto", showlegend=False, hovertemplate="%{y} : %{text}<extra></extra>"),
                      row=k // columns + 1, col=k % columns + 1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(template=TEMPLATE, separators=SEPARATORS, title=dict(text=title), height=300 * rows + 80,
                      margin=dict(l=10, r=10, t=60, b=10))
    return fig


def polygon_map(outlines, values: dict[str, float | None], title: str, unit: str, highlight: str | None = None,
                classes: int = 5) -> go.Figure:
    """A choropleth drawn as filled polygons on plain axes: no base map, no tiles, nothing fetched.

    `outlines` comes from abs.geo (rings per code); values are binned in classes of equal counts.
    """
    import numpy as np
    known = pd.Series({k: v for k, v in values.items() if v is not None and not pd.isna(v) and k in outlines.rings})
    bins = pd.qcut(known, q=min(classes, known.nunique()), duplicates="drop") if len(known) else pd.Series(dtype=object)
    cats = list(bins.cat.categories) if len(known) else []
    blues = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
    groups: dict[int, list[str]] = {}
    for code in outlines.codes:
        groups.setdefault(cats.index(bins[code]) if code in bins.index else -1, []).append(code)
    traces = []
    for key in sorted(groups, key=lambda k: (k < 0, k)):
        xs = np.concatenate([outlines.rings[c][0] for c in groups[key]])
        ys = np.concatenate([outlines.rings[c][1] for c in groups[key]])
        colour = blues[min(key, len(blues) - 1)] if key >= 0 else "#eeeeee"
        name = _fmt_interval(cats[key]) if key >= 0 else "non disponible"
        traces.append(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=colour, line=dict(color="#ffffff", width=0.5),
                                 mode="lines", name=name, hoverinfo="skip"))
    if highlight in outlines.rings:
        x, y = outlines.rings[highlight]
        traces.append(go.Scatter(x=x, y=y, mode="lines", line=dict(color="#c00000", width=3),
                                 name=outlines.names.get(highlight, highlight), hoverinfo="skip"))
    hover = [f"{outlines.names.get(c, c)} : {_fmt_value(values.get(c))}" for c in outlines.codes]
    traces.append(go.Scatter(x=outlines.label_x, y=outlines.label_y, mode="markers", marker=dict(size=4, opacity=0), text=hover,
                             hovertemplate="%{text}<extra></extra>", showlegend=False))
    return _figure(traces, title, height=600, legend=dict(title=dict(text=unit), orientation="h", y=-0.05),
                   xaxis=dict(visible=False), yaxis=dict(visible=False, scaleanchor="x", scaleratio=1))


def _fmt_value(value) -> str:
    from abs.fmt import number
    return "non disponible" if value is None or pd.isna(value) else number(value, 1)


def _fmt_interval(interval) -> str:
    from abs.fmt import number
    return f"{number(interval.left, 1)} – {number(interval.right, 1)}"


def sankey(issues: list[tuple[str, str]], objectives: list[tuple[str, str]], plans: list[tuple[str, str]],
           links_issue_plan: list[tuple[str, str]], title: str) -> go.Figure:
    """Issues -> operational objectives -> plans, from the reviewed links."""
    labels = [t for _, t in issues] + [t for _, t in objectives] + [t for _, t in plans]
    index = {k: i for i, k in enumerate([f"i:{k}" for k, _ in issues] + [f"o:{k}" for k, _ in objectives] + [f"p:{k}" for k, _ in plans])}
    src, dst, val = [], [], []
    pair_counts: dict[tuple[str, str], int] = {}
    for issue, plan in links_issue_plan:
        op = plan.rsplit(".", 1)[0]
        pair_counts[(issue, op)] = pair_counts.get((issue, op), 0) + 1
    for (issue, op), n in pair_counts.items():
        src.append(index[f"i:{issue}"]), dst.append(index[f"o:{op}"]), val.append(n)
    for issue, plan in links_issue_plan:
        op = plan.rsplit(".", 1)[0]
        src.append(index[f"o:{op}"]), dst.append(index[f"p:{plan}"]), val.append(1)
    sankey_trace = go.Sankey(node=dict(label=labels, pad=8, thickness=12), link=dict(source=src, target=dst, value=val), arrangement="snap")
    return _figure([sankey_trace], title, height=max(600, 14 * len(plans)))
