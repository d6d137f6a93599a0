"""Pure chart functions: data in, plotly Figure out (explicit template, French separators, no network)."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

TEMPLATE = "plotly_white"
SEPARATORS = ",\u00a0"
PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#a5a5a5"]
SEVERITY_COLOURS = {2: "#c00000", 1: "#e69138", 0: "#6aa84f", None: "#999999"}


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_xaxes(exponentformat="none", separatethousands=True)
    fig.update_yaxes(exponentformat="none", separatethousands=True)
    fig.update_layout(template=TEMPLATE, separators=SEPARATORS, title=title, height=height,
                      margin=dict(l=10, r=10, t=60, b=10), font=dict(size=14), legend=dict(orientation="h", y=-0.15))
    return fig


def bars(table: pd.DataFrame, title: str, unit: str, references: pd.DataFrame | None = None, highlight: str | None = None) -> go.Figure:
    """Horizontal bars of `valeur` by `territoire`, with reference territories as vertical lines."""
    data = table.dropna(subset=["valeur"])
    colours = [PALETTE[1] if t == highlight else PALETTE[0] for t in data["territoire"]]
    fig = go.Figure(go.Bar(x=data["valeur"], y=data["territoire"], orientation="h", marker_color=colours,
                           text=data["affichage"], textposition="auto", customdata=data["année"],
                           hovertemplate="%{y} : %{text} (%{customdata})<extra></extra>"))
    if references is not None:
        for i, r in enumerate(references.dropna(subset=["valeur"]).itertuples()):
            fig.add_vline(x=r.valeur, line_dash="dash", line_color=PALETTE[(i + 2) % len(PALETTE)],
                          annotation_text=f"{r.territoire} ({r.année})", annotation_position="top")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=unit)
    return _layout(fig, title, height=max(320, 40 * len(data) + 120))


def lines(table: pd.DataFrame, title: str, unit: str) -> go.Figure:
    """One line per territory over the years of a long table (territoire, année, valeur)."""
    fig = go.Figure()
    for i, (name, part) in enumerate(table.dropna(subset=["valeur"]).groupby("territoire", sort=False)):
        x = pd.to_numeric(part["année"]) if part["année"].str.fullmatch(r"\d{4}").all() else part["année"]
        fig.add_trace(go.Scatter(x=x, y=part["valeur"], mode="lines+markers", name=name,
                                 line_color=PALETTE[i % len(PALETTE)], text=part["affichage"],
                                 hovertemplate="%{x} : %{text}<extra>" + name + "</extra>"))
    numeric = table["année"].str.fullmatch(r"\d{4}").all()
    fig.update_xaxes(type="linear" if numeric else "category", title="", tickformat="d")
    fig.update_yaxes(title=unit)
    return _layout(fig, title)


def grouped_bars(table: pd.DataFrame, category: str, title: str, unit: str) -> go.Figure:
    """Bars of `valeur` by `category`, one colour per territory (e.g. age structure)."""
    fig = go.Figure()
    for i, (name, part) in enumerate(table.dropna(subset=["valeur"]).groupby("territoire", sort=False)):
        years = ", ".join(sorted(set(part["année"])))
        fig.add_trace(go.Bar(x=part[category], y=part["valeur"], name=f"{name} ({years})", marker_color=PALETTE[i % len(PALETTE)],
                             text=part["affichage"], hovertemplate="%{x} : %{text}<extra>" + name + "</extra>"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=unit)
    return _layout(fig, title)


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
    return _layout(fig, title, height=300 * rows + 80)


def polygon_map(shapes, values: dict[str, float], labels: dict[str, str], title: str, unit: str, highlight: str | None = None,
                classes: int = 5) -> go.Figure:
    """A choropleth drawn as filled polygons on plain axes: no base map, no tiles, nothing fetched.

    `shapes` is a GeoDataFrame with a `code` column; values are binned in equal-count classes.
    """
    known = pd.Series({k: v for k, v in values.items() if v is not None and not pd.isna(v)})
    bins = pd.qcut(known, q=min(classes, known.nunique()), duplicates="drop") if len(known) else pd.Series(dtype=object)
    cats = list(bins.cat.categories) if len(known) else []
    blues = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
    fig = go.Figure()
    lat0 = shapes.geometry.union_all().centroid.y if len(shapes) else 45
    kx = math.cos(math.radians(lat0))
    groups: dict[str, tuple[list, list, str, str]] = {}
    for rec in shapes.itertuples():
        code = rec.code
        if code in bins.index:
            i = cats.index(bins[code])
            key, colour = f"{i}", blues[min(i, len(blues) - 1)]
            name = f"{_fmt_interval(cats[i])}"
        else:
            key, colour, name = "nd", "#eeeeee", "non disponible"
        xs, ys, _, _ = groups.setdefault(key, ([], [], colour, name))
        geoms = getattr(rec.geometry, "geoms", [rec.geometry])
        for poly in geoms:
            x, y = poly.exterior.xy
            xs += [v * kx for v in x] + [None]
            ys += list(y) + [None]
    for key in sorted(groups, key=lambda k: (k == "nd", k)):
        xs, ys, colour, name = groups[key]
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=colour, line=dict(color="#ffffff", width=0.5),
                                 mode="lines", name=name, hoverinfo="skip"))
    if highlight is not None and (shapes["code"] == highlight).any():
        geom = shapes.loc[shapes["code"] == highlight].geometry.iloc[0]
        for poly in getattr(geom, "geoms", [geom]):
            x, y = poly.exterior.xy
            fig.add_trace(go.Scatter(x=[v * kx for v in x], y=list(y), mode="lines", line=dict(color="#c00000", width=3),
                                     name=labels.get(highlight, highlight), hoverinfo="skip"))
    cent = shapes.geometry.representative_point()
    hover = [f"{labels.get(c, c)} : {values.get(c) if values.get(c) is not None else 'nd'}" for c in shapes["code"]]
    fig.add_trace(go.Scatter(x=cent.x * kx, y=cent.y, mode="markers", marker=dict(size=4, opacity=0), text=hover,
                             hovertemplate="%{text}<extra></extra>", showlegend=False))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(legend_title_text=unit)
    return _layout(fig, title, height=600)


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
    fig = go.Figure(go.Sankey(node=dict(label=labels, pad=8, thickness=12), link=dict(source=src, target=dst, value=val),
                              arrangement="snap"))
    return _layout(fig, title, height=max(600, 14 * len(plans)))
