"""The county map drawn as SVG on the server, from the same vendored map file and
the same figures as the dashboard's ECharts map — for the print-out and the PDF
(WeasyPrint runs no JavaScript).

The map file registers an ECharts GeoJSON whose rings are encoded the way
ECharts encodes them (``UTF8Encoding``: zig-zag deltas as characters, scale
1024); ``decode_ring`` is the same arithmetic as ECharts' ``decodeRing``. Every
name put into the SVG is escaped.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

NO_FIGURE = "#e0e0e0"


@lru_cache(maxsize=8)
def geojson(script: str) -> dict:
    """The GeoJSON inside a vendored map script (static path), decoded."""
    text = (Path(settings.BASE_DIR) / "static" / script).read_text(encoding="utf-8")
    start = text.index("registerMap(")
    start = text.index("{", start)
    end = text.rindex("}") + 1
    # The script ends with the map object, then "});}));": cut at the last
    # brace that closes the object itself.
    while True:
        try:
            data = json.loads(text[start:end])
            break
        except json.JSONDecodeError:
            end = text.rindex("}", start, end - 1) + 1
    if data.get("UTF8Encoding"):
        scale = data.get("UTF8Scale", 1024)
        for feature in data["features"]:
            geometry = feature["geometry"]
            offsets = geometry.pop("encodeOffsets")
            if geometry["type"] == "Polygon":
                geometry["coordinates"] = [
                    decode_ring(ring, offsets[i], scale)
                    for i, ring in enumerate(geometry["coordinates"])
                ]
            else:
                geometry["coordinates"] = [
                    [decode_ring(ring, offsets[p][i], scale) for i, ring in enumerate(polygon)]
                    for p, polygon in enumerate(geometry["coordinates"])
                ]
    return data


def decode_ring(encoded: str, offsets: list[int], scale: int) -> list[tuple[float, float]]:
    previous_x, previous_y = offsets
    points = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += previous_x
        y += previous_y
        previous_x, previous_y = x, y
        points.append((x / scale, y / scale))
    return points


def _polygons(feature: dict) -> list[list[list[tuple[float, float]]]]:
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


class _Projection:
    """Longitude and latitude to SVG pixels: equirectangular, scaled by the
    cosine of the middle latitude so the shapes keep their proportions."""

    def __init__(self, features: list[dict], width: float, height: float, margin: float = 8):
        points = [p for f in features for poly in _polygons(f) for ring in poly for p in ring]
        self.min_x = min(p[0] for p in points)
        max_x = max(p[0] for p in points)
        self.max_y = max(p[1] for p in points)
        min_y = min(p[1] for p in points)
        self.k = math.cos(math.radians((self.max_y + min_y) / 2))
        span_x = (max_x - self.min_x) * self.k
        span_y = self.max_y - min_y
        self.scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        self.margin = margin
        self.width = span_x * self.scale + 2 * margin
        self.height = span_y * self.scale + 2 * margin

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = (lon - self.min_x) * self.k * self.scale + self.margin
        y = (self.max_y - lat) * self.scale + self.margin
        return round(x, 1), round(y, 1)


def _colour(region: dict | None, metric: str, ramp: tuple[float, float]) -> str:
    if region is None:
        return NO_FIGURE
    figure = region["values"].get(metric, {})
    if metric == "rating":
        return figure.get("colour") or NO_FIGURE
    value = figure.get("value")
    if value is None:
        return NO_FIGURE
    low, high = ramp
    share = 0.5 if high == low else (value - low) / (high - low)
    # Light to dark blue, as on screen.
    start, end = (0xE3, 0xF2, 0xFD), (0x15, 0x65, 0xC0)
    rgb = [round(a + (b - a) * share) for a, b in zip(start, end, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def county_map_svg(
    map_data: dict, *, script: str, metric: str = "rating", width: int = 460, height: int = 520
) -> SafeString:
    """The map as an <svg> element: each county filled by ``metric``, its name at
    the map's label point, management units as labelled circles, a legend."""
    features = geojson(script)["features"]
    project = _Projection(features, width, height)
    by_shape = {r["shape"]: r for r in map_data["regions"] if not r["point"]}
    values = [
        r["values"].get(metric, {}).get("value")
        for r in map_data["regions"]
        if isinstance(r["values"].get(metric, {}).get("value"), int | float)
    ]
    ramp = (min(values), max(values)) if values else (0.0, 0.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="county-map-svg" '
        'font-family="Noto Sans CJK SC, sans-serif" '
        f'width="{project.width:.0f}" height="{project.height + 28:.0f}" '
        f'viewBox="0 0 {project.width:.0f} {project.height + 28:.0f}" role="img">'
    ]
    labels = []
    for feature in features:
        name = feature["properties"]["name"]
        region = by_shape.get(name)
        path = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (project(*p) for p in ring)) + " Z"
            for polygon in _polygons(feature)
            for ring in polygon
        )
        parts.append(
            f'<path d="{path}" fill="{_colour(region, metric, ramp)}" stroke="#ffffff" '
            f'stroke-width="0.8" data-county="{escape(name)}"/>'
        )
        lon, lat = feature["properties"].get("cp") or _centre(feature)
        x, y = project(lon, lat)
        label = region["label"] if region else name
        labels.append(
            f'<text x="{x}" y="{y}" font-size="9" text-anchor="middle">{escape(label)}</text>'
        )
    for region in map_data["regions"]:
        if region["point"]:
            x, y = project(*region["point"])
            labels.append(
                f'<circle cx="{x}" cy="{y}" r="7" fill="{_colour(region, metric, ramp)}" '
                f'stroke="#424242" stroke-width="1"/>'
                f'<text x="{x + 10}" y="{y + 3}" font-size="9">{escape(region["label"])}</text>'
            )
    parts.extend(labels)
    parts.append(_legend(map_data, metric, ramp, project.height + 8))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def _centre(feature: dict) -> tuple[float, float]:
    ring = _polygons(feature)[0][0]
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def _legend(map_data: dict, metric: str, ramp: tuple[float, float], top: float) -> str:
    items = []
    if metric == "rating":
        items = [(r["colour"], r["label"]) for r in map_data["ratings"]]
    else:
        low, high = ramp
        unit = next((m["unit"] for m in map_data["metrics"] if m["key"] == metric), "")
        items = [("#e3f2fd", f"{low:g}{unit}"), ("#1565c0", f"{high:g}{unit}")]
    out, x = [], 8
    for colour, label in items:
        out.append(
            f'<rect x="{x}" y="{top}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{top + 9}" font-size="9">{escape(label)}</text>'
        )
        x += 24 + 10 * len(label)
    return "".join(out)
